// Trends panel (see trends_panel.h).
#include "ui/trends_panel.h"

#include "ops/history/history_query.h"
#include "ui/twin_format.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace tv::ui {

namespace {

constexpr double kMinSpanSeconds = 1.0;
constexpr double kMaxSpanSeconds = 366.0 * 86400.0;
constexpr float kAxisWidth = 52.0f; // room for "-1.25e+03"-style labels
constexpr float kNarrowMargin = 12.0f;
constexpr float kTopMargin = 18.0f; // unit labels above the axes
constexpr float kBottomMargin = 20.0f;
constexpr int kMaxPickerRows = 100;

uint64_t toUs(double seconds) { return seconds <= 0.0 ? 0 : static_cast<uint64_t>(std::llround(seconds * 1e6)); }
double toSeconds(uint64_t us) { return static_cast<double>(us) * 1e-6; }

std::string formatNumber(double v) {
    if (!std::isfinite(v)) { return "no reading"; }
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

std::string withUnit(const std::string& number, const std::string& unit) {
    return unit.empty() || number == "no reading" ? number : number + " " + unit;
}

std::string formatTick(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

bool isNumeric(const twin::LiveProperty& p) {
    return p.state.value.type == net::ValueType::Number || p.state.value.type == net::ValueType::Bool;
}

// A value range that grows with add() and maps values to pixels.
struct Range {
    double lo = INFINITY;
    double hi = -INFINITY;
    void add(double v) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    bool valid() const { return lo <= hi; }
    // Padded for drawing: 5% each side; a flat series gets a unit-wide band around its value.
    Range padded() const {
        if (!valid()) { return Range{0.0, 1.0}; }
        if (hi - lo <= std::abs(hi) * 1e-9) {
            const double d = std::max(1.0, std::abs(lo) * 0.05);
            return Range{lo - d, hi + d};
        }
        const double d = (hi - lo) * 0.05;
        return Range{lo - d, hi + d};
    }
};

// Everything a frame knows about one pinned series.
struct SeriesFrame {
    ops::HistorySource source;
    int axis = 0;   // 0 left, 1 right (two units); normalised series use their own `norm` range
    Range observed; // finite values drawn in the window
    Range norm;     // normalisation range (declared, else observed)
    bool declared = false;
};

const TrendRange* findRange(std::span<const TrendRange> ranges, const TrendKey& key) {
    for (const TrendRange& r : ranges) {
        if (r.key == key) { return &r; }
    }
    return nullptr;
}

std::string resolveUnit(const TrendKey& key, const TrendsPanelInput& input) {
    auto fromEntity = [&](const twin::LiveEntity& e) -> std::optional<std::string> {
        if (e.id != key.entity) { return std::nullopt; }
        const twin::LiveProperty* p = e.findProperty(key.property);
        return p == nullptr ? std::nullopt : std::optional<std::string>(p->unit);
    };
    for (const twin::LiveEntity& e : input.entities) {
        if (auto u = fromEntity(e)) { return *u; }
    }
    if (input.runtime != nullptr) {
        if (const twin::LiveEntity* e = input.runtime->findEntity(key.entity)) {
            if (auto u = fromEntity(*e)) { return *u; }
        }
    }
    for (const ops::HistoryStore* store : {input.live, input.archive}) {
        if (store != nullptr) {
            if (const ops::HistorySeries* s = store->find(key.view())) { return s->unit.display(); }
        }
    }
    return {};
}

void drawToolbar(TrendsPanelState& state, const TrendsPanelInput& input) {
    for (TrendSpan s : {TrendSpan::OneMinute, TrendSpan::TenMinutes, TrendSpan::OneHour, TrendSpan::All}) {
        if (ImGui::RadioButton(trendSpanName(s), state.followLive && state.span == s)) {
            state.span = s;
            state.followLive = true;
        }
        ImGui::SameLine();
    }
    ImGui::BeginDisabled(state.followLive);
    if (ImGui::Button("Live")) { state.followLive = true; }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        ImGui::SetTooltip("Follow live (or double-click the chart)");
    }
    ImGui::SameLine();
    if (ImGui::Button("Add...")) { ImGui::OpenPopup("add-property"); }
    ImGui::SameLine();
    if (ImGui::Button("History...")) { ImGui::OpenPopup("load-history"); }

    if (ImGui::BeginPopup("add-property")) {
        if (ImGui::IsWindowAppearing()) { ImGui::SetKeyboardFocusHere(); }
        ImGui::SetNextItemWidth(280.0f);
        ImGui::InputTextWithHint("##search", "search entity.property", &state.search);
        int shown = 0;
        std::string label;
        auto offer = [&](const twin::LiveEntity& e) {
            for (const twin::LiveProperty& p : e.properties) {
                if (shown >= kMaxPickerRows || !isNumeric(p)) { continue; }
                label.assign(e.id).append(".").append(p.name);
                if (!containsNoCase(label, state.search)) { continue; }
                ++shown;
                TrendKey key{e.id, p.name};
                const bool pinned = state.isPinned(key);
                if (!p.unit.empty()) { label.append("  [").append(p.unit).append("]"); }
                if (ImGui::Selectable(label.c_str(), false, pinned ? ImGuiSelectableFlags_Disabled : 0)) {
                    state.pin(key, p.unit);
                    ImGui::CloseCurrentPopup();
                }
            }
        };
        for (const twin::LiveEntity& e : input.entities) { offer(e); }
        if (input.runtime != nullptr) { input.runtime->forEachEntity(offer); }
        if (shown == 0) {
            ImGui::TextDisabled("No numeric property matches.");
        } else if (shown >= kMaxPickerRows) {
            ImGui::TextDisabled("More match: refine the search.");
        }
        ImGui::EndPopup();
    }

    if (ImGui::BeginPopup("load-history")) {
        ImGui::TextUnformatted("Load older history from a feed recording:");
        ImGui::SetNextItemWidth(320.0f);
        const bool enter = ImGui::InputTextWithHint("##recording", "path/to/recording.tvrec", &state.recordingPath,
                                                    ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        ImGui::BeginDisabled(input.load.running || state.recordingPath.empty());
        if (ImGui::Button("Load") || (enter && !state.recordingPath.empty() && !input.load.running)) {
            state.loadRecordingRequest = state.recordingPath;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndDisabled();
        ImGui::EndPopup();
    }

    if (input.load.running) {
        ImGui::ProgressBar(static_cast<float>(std::clamp(input.load.fraction, 0.0, 1.0)), ImVec2(-1.0f, 0.0f),
                           input.load.status.empty() ? "Loading history..." : input.load.status.c_str());
    } else if (!input.load.error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, severityColour(net::AlarmSeverity::Critical));
        ImGui::TextWrapped("%s", input.load.error.c_str());
        ImGui::PopStyleColor();
    } else if (!input.load.status.empty()) {
        ImGui::TextDisabled("%s", input.load.status.c_str());
    }
}

// The window [t0, t1] for this frame.
void updateWindow(TrendsPanelState& state, const TrendsPanelInput& input, const std::vector<SeriesFrame>& frames) {
    const double right = input.momentSeconds.value_or(input.nowSeconds);
    if (!state.followLive && state.t1 > state.t0) { return; }
    state.followLive = true;
    double span = trendSpanSeconds(state.span);
    if (span <= 0.0) { // All: from the oldest pinned sample
        uint64_t earliest = UINT64_MAX;
        for (const SeriesFrame& f : frames) {
            if (!f.source.empty()) { earliest = std::min(earliest, f.source.earliestUs()); }
        }
        span = earliest == UINT64_MAX ? 60.0 : std::max(60.0, right - toSeconds(earliest));
    }
    state.t0 = right - span;
    state.t1 = right;
}

void handleMouse(TrendsPanelState& state, const ImVec2& plotMin, const ImVec2& plotMax, bool hovered, bool active) {
    const ImGuiIO& io = ImGui::GetIO();
    const double span = state.t1 - state.t0;
    const float width = plotMax.x - plotMin.x;
    if (width <= 1.0f || span <= 0.0) { return; }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        state.followLive = true;
        return;
    }
    if (hovered && io.MouseWheel != 0.0f) {
        // Zoom around the time under the cursor: it stays under the cursor.
        const double f = std::clamp(static_cast<double>((io.MousePos.x - plotMin.x) / width), 0.0, 1.0);
        const double tc = state.t0 + f * span;
        const double newSpan =
            std::clamp(span * std::pow(0.8, static_cast<double>(io.MouseWheel)), kMinSpanSeconds, kMaxSpanSeconds);
        state.t0 = tc - f * newSpan;
        state.t1 = state.t0 + newSpan;
        state.followLive = false;
    }
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f) && io.MouseDelta.x != 0.0f) {
        const double dt = -static_cast<double>(io.MouseDelta.x / width) * span;
        state.t0 += dt;
        state.t1 += dt;
        state.followLive = false;
    }
}

// Fills the series' pixel columns for [t0, t1] and steps the value in force across columns without samples (up to
// `holdUntilUs`), so sparse data draws as steps rather than dots.
void fillColumns(std::span<ops::HistoryColumn> cols, const ops::HistorySource& src, uint64_t t0Us, uint64_t t1Us,
                 uint64_t holdUntilUs, std::vector<ops::HistoryColumn>& scratch) {
    ops::historyColumns(src, t0Us, t1Us, cols, scratch);
    std::optional<double> hold;
    if (t0Us > 0) {
        if (auto s = ops::historyValueAt(src, t0Us - 1)) { hold = s->value; }
    }
    const double width = static_cast<double>(t1Us - t0Us) / static_cast<double>(cols.size());
    for (size_t c = 0; c < cols.size(); ++c) {
        ops::HistoryColumn& col = cols[c];
        if (col.count > 0) {
            hold = col.last;
            continue;
        }
        const auto start = t0Us + static_cast<uint64_t>(width * static_cast<double>(c));
        if (hold && start < holdUntilUs) {
            const bool finite = std::isfinite(*hold);
            col = ops::HistoryColumn{*hold, *hold, *hold, *hold, 0, finite ? 1u : 0u};
        }
    }
}

// Converts ring columns to chart columns in a value space where [lo, hi] is the axis (for normalised series the
// caller passes the series' own range and the chart maps [lo, hi] to the full height).
void toChart(std::span<const ops::HistoryColumn> cols, std::vector<ChartColumn>& out) {
    out.resize(cols.size());
    for (size_t c = 0; c < cols.size(); ++c) {
        const ops::HistoryColumn& h = cols[c];
        ChartColumn& o = out[c];
        o.valid = h.finite != 0 && (h.count > 0 || std::isfinite(h.first));
        if (!o.valid) { continue; }
        o.min = h.min;
        o.max = h.max;
        o.first = std::isfinite(h.first) ? h.first : h.min;
        o.last = std::isfinite(h.last) ? h.last : h.max;
    }
}

void drawText(ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& text) {
    dl->AddText(pos, colour, text.c_str(), text.c_str() + text.size());
}

} // namespace

const char* trendSpanName(TrendSpan span) {
    switch (span) {
    case TrendSpan::OneMinute: return "1 min";
    case TrendSpan::TenMinutes: return "10 min";
    case TrendSpan::OneHour: return "1 h";
    case TrendSpan::All: return "All";
    }
    return "?";
}

double trendSpanSeconds(TrendSpan span) {
    switch (span) {
    case TrendSpan::OneMinute: return 60.0;
    case TrendSpan::TenMinutes: return 600.0;
    case TrendSpan::OneHour: return 3600.0;
    case TrendSpan::All: return 0.0;
    }
    return 600.0;
}

ImU32 trendPaletteColour(size_t i) {
    // Okabe-Ito: distinguishable with the common colour-vision deficiencies, readable on the dark theme.
    static constexpr std::array<ImU32, 8> kPalette = {IM_COL32(86, 180, 233, 255),  IM_COL32(230, 159, 0, 255),
                                                      IM_COL32(0, 158, 115, 255),   IM_COL32(240, 228, 66, 255),
                                                      IM_COL32(204, 121, 167, 255), IM_COL32(213, 94, 0, 255),
                                                      IM_COL32(0, 114, 178, 255),   IM_COL32(200, 200, 200, 255)};
    return kPalette[i % kPalette.size()];
}

bool TrendsPanelState::isPinned(const TrendKey& key) const {
    return std::any_of(series.begin(), series.end(), [&](const TrendSeries& s) { return s.key == key; });
}

bool TrendsPanelState::pin(const TrendKey& key, std::string unit) {
    if (isPinned(key)) { return false; }
    size_t colour = 0;
    for (size_t i = 0; i < 64; ++i) { // the first palette colour no pinned series uses
        const bool used = std::any_of(series.begin(), series.end(),
                                      [&](const TrendSeries& s) { return s.colour == trendPaletteColour(i); });
        if (!used) {
            colour = i;
            break;
        }
    }
    series.push_back(TrendSeries{key, trendPaletteColour(colour), std::move(unit)});
    return true;
}

bool TrendsPanelState::unpin(const TrendKey& key) {
    auto it = std::find_if(series.begin(), series.end(), [&](const TrendSeries& s) { return s.key == key; });
    if (it == series.end()) { return false; }
    series.erase(it);
    return true;
}

void drawTrendsContents(TrendsPanelState& state, const TrendsPanelInput& input, std::vector<UiAction>& actions) {
    (void)actions; // the panel's requests come back in its state (loadRecordingRequest)
    ImGui::PushID("trends");
    drawToolbar(state, input);

    // Per-series sources and units.
    std::vector<SeriesFrame> frames(state.series.size());
    std::vector<std::string> units; // distinct, in pin order
    for (size_t i = 0; i < state.series.size(); ++i) {
        TrendSeries& s = state.series[i];
        if (s.unit.empty()) { s.unit = resolveUnit(s.key, input); }
        frames[i].source.live = input.live != nullptr ? input.live->ring(s.key.view()) : nullptr;
        frames[i].source.archive = input.archive != nullptr ? input.archive->ring(s.key.view()) : nullptr;
        if (std::find(units.begin(), units.end(), s.unit) == units.end()) { units.push_back(s.unit); }
    }
    const bool normalised = units.size() > 2;
    updateWindow(state, input, frames);

    // Layout: the chart takes what the legend leaves.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float rowHeight = ImGui::GetFrameHeightWithSpacing();
    const float legendHeight = rowHeight * static_cast<float>(std::max<size_t>(1, state.series.size()));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(std::max(200.0f, avail.x), std::max(120.0f, avail.y - legendHeight - style.ItemSpacing.y));
    ImGui::InvisibleButton("##chart", size, ImGuiButtonFlags_MouseButtonLeft);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const ImVec2 rectMin = ImGui::GetItemRectMin();
    const ImVec2 rectMax = ImGui::GetItemRectMax();
    const bool rightAxis = units.size() == 2;
    const ImVec2 plotMin(rectMin.x + kAxisWidth, rectMin.y + kTopMargin);
    const ImVec2 plotMax(rectMax.x - (rightAxis ? kAxisWidth : kNarrowMargin), rectMax.y - kBottomMargin);
    handleMouse(state, plotMin, plotMax, hovered, active);
    updateWindow(state, input, frames); // a double-click may have returned to follow mode

    const uint64_t t0Us = toUs(state.t0);
    const uint64_t t1Us = std::max(toUs(state.t1), t0Us + 1);
    const uint64_t nowUs = toUs(input.momentSeconds.value_or(input.nowSeconds));
    const auto columns = static_cast<size_t>(std::max(1.0f, plotMax.x - plotMin.x));
    state.columns.resize(columns * state.series.size());

    // Query every series once (decimated), collecting the axis ranges.
    std::array<Range, 2> axes;
    for (size_t i = 0; i < state.series.size(); ++i) {
        SeriesFrame& f = frames[i];
        const TrendSeries& s = state.series[i];
        std::span<ops::HistoryColumn> cols(state.columns.data() + i * columns, columns);
        const bool hasLive = f.source.live != nullptr && !f.source.live->empty();
        fillColumns(cols, f.source, t0Us, t1Us, hasLive ? nowUs : f.source.latestUs() + 1, state.scratch);
        for (const ops::HistoryColumn& c : cols) {
            if (c.finite != 0) {
                f.observed.add(c.min);
                f.observed.add(c.max);
            }
        }
        f.axis = rightAxis && s.unit == units[1] ? 1 : 0;
        if (normalised) {
            if (const TrendRange* r = findRange(input.ranges, s.key); r != nullptr && r->max > r->min) {
                f.norm = Range{r->min, r->max};
                f.declared = true;
            } else {
                f.norm = f.observed.padded();
            }
        } else {
            axes[f.axis].add(f.observed.lo);
            axes[f.axis].add(f.observed.hi);
        }
    }
    for (const TrendThreshold& t : input.thresholds) { // thresholds stay in view
        for (size_t i = 0; i < state.series.size(); ++i) {
            if (!normalised && state.series[i].key == t.key) { axes[frames[i].axis].add(t.value); }
        }
    }
    axes[0] = normalised ? Range{0.0, 1.0} : axes[0].padded();
    axes[1] = axes[1].padded();
    // The value range a series is drawn against (normalised: its own range fills the height).
    auto seriesRange = [&](size_t i) { return normalised ? frames[i].norm : axes[frames[i].axis]; };
    auto yOf = [&](double v, const Range& r) {
        const double t = std::clamp((v - r.lo) / (r.hi - r.lo), 0.0, 1.0);
        return plotMax.y - static_cast<float>(t) * (plotMax.y - plotMin.y);
    };

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 textColour = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 dimColour = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 gridColour = ImGui::GetColorU32(ImGuiCol_Border);
    dl->AddRectFilled(plotMin, plotMax, ImGui::GetColorU32(ImGuiCol_FrameBg));
    const float lineHeight = ImGui::GetTextLineHeight();

    // Time axis.
    const double span = state.t1 - state.t0;
    const int maxTimeTicks = std::max(2, static_cast<int>((plotMax.x - plotMin.x) / 90.0f));
    const std::vector<double> tticks = timeTicks(state.t0, state.t1, maxTimeTicks);
    const bool millis = tticks.size() >= 2 && tticks[1] - tticks[0] < 1.0;
    for (double t : tticks) {
        const float x = plotMin.x + static_cast<float>((t - state.t0) / span) * (plotMax.x - plotMin.x);
        dl->AddLine(ImVec2(x, plotMin.y), ImVec2(x, plotMax.y), gridColour);
        const std::string label = formatTimeOfDay(t, millis);
        const float w = ImGui::CalcTextSize(label.c_str()).x;
        drawText(dl, ImVec2(std::clamp(x - w * 0.5f, rectMin.x, rectMax.x - w), plotMax.y + 2.0f), dimColour, label);
    }

    // Value axes: left (and right with two units), unit names above them.
    const int maxValueTicks = std::max(2, static_cast<int>((plotMax.y - plotMin.y) / 36.0f));
    for (int a = 0; a < (rightAxis ? 2 : 1); ++a) {
        for (double v : niceTicks(axes[a].lo, axes[a].hi, maxValueTicks)) {
            const float y = yOf(v, axes[a]);
            if (a == 0) { dl->AddLine(ImVec2(plotMin.x, y), ImVec2(plotMax.x, y), gridColour); }
            const std::string label = normalised ? formatTick(v * 100.0) + "%" : formatTick(v);
            const float w = ImGui::CalcTextSize(label.c_str()).x;
            const float x = a == 0 ? plotMin.x - w - 4.0f : plotMax.x + 4.0f;
            drawText(dl, ImVec2(x, y - lineHeight * 0.5f), dimColour, label);
        }
        std::string unitLabel = normalised ? "% of range" : units.empty() ? "" : units[static_cast<size_t>(a)];
        if (!unitLabel.empty()) {
            const float w = ImGui::CalcTextSize(unitLabel.c_str()).x;
            const float x = a == 0 ? rectMin.x : rectMax.x - w;
            drawText(dl, ImVec2(x, rectMin.y), textColour, unitLabel);
        }
    }

    dl->PushClipRect(plotMin, plotMax, true);
    // Thresholds: dashed, in severity colours, labelled at the right end.
    for (const TrendThreshold& t : input.thresholds) {
        for (size_t i = 0; i < state.series.size(); ++i) {
            if (state.series[i].key != t.key) { continue; }
            const float y = yOf(t.value, seriesRange(i));
            const ImU32 colour = severityColour(t.severity);
            drawDashedLine(dl, ImVec2(plotMin.x, y), ImVec2(plotMax.x, y), colour, 1.0f);
            const std::string label = t.label + " " + withUnit(formatNumber(t.value), state.series[i].unit);
            const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
            const float ly = y - ts.y - 1.0f < plotMin.y ? y + 1.0f : y - ts.y - 1.0f;
            drawText(dl, ImVec2(plotMax.x - ts.x - 4.0f, ly), colour, label);
        }
    }
    // Series: pixel columns only.
    for (size_t i = 0; i < state.series.size(); ++i) {
        std::span<const ops::HistoryColumn> cols(state.columns.data() + i * columns, columns);
        toChart(cols, state.chart);
        const Range r = seriesRange(i);
        drawColumnSeries(dl, plotMin, plotMax, state.chart, r.lo, r.hi, state.series[i].colour, 1.5f);
    }
    // The timeline's moment.
    if (input.momentSeconds && *input.momentSeconds >= state.t0 && *input.momentSeconds <= state.t1) {
        const float x =
            plotMin.x + static_cast<float>((*input.momentSeconds - state.t0) / span) * (plotMax.x - plotMin.x);
        const ImU32 colour = IM_COL32(255, 170, 60, 255);
        dl->AddLine(ImVec2(x, plotMin.y), ImVec2(x, plotMax.y), colour, 2.0f);
        drawText(dl, ImVec2(x + 3.0f, plotMin.y), colour, "moment");
    }
    dl->PopClipRect();
    dl->AddRect(plotMin, plotMax, gridColour);

    // Hover: cursor line and every series' value in force.
    const ImGuiIO& io = ImGui::GetIO();
    state.hoverTime.reset();
    if (hovered && io.MousePos.x >= plotMin.x && io.MousePos.x <= plotMax.x) {
        const double t = state.t0 + static_cast<double>((io.MousePos.x - plotMin.x) / (plotMax.x - plotMin.x)) * span;
        state.hoverTime = t;
        dl->AddLine(ImVec2(io.MousePos.x, plotMin.y), ImVec2(io.MousePos.x, plotMax.y), textColour);
        ImGui::BeginTooltip();
        ImGui::Text("%s UTC", formatTimeOfDay(t, true).c_str());
        for (size_t i = 0; i < state.series.size(); ++i) {
            const TrendSeries& s = state.series[i];
            const auto sample = ops::historyValueAt(frames[i].source, toUs(t));
            const std::string value = sample ? withUnit(formatNumber(sample->value), s.unit) : "no data";
            ImGui::PushStyleColor(ImGuiCol_Text, s.colour);
            ImGui::Text("%s.%s  %s", s.key.entity.c_str(), s.key.property.c_str(), value.c_str());
            ImGui::PopStyleColor();
        }
        if (state.series.empty()) { ImGui::TextDisabled("No series pinned."); }
        ImGui::EndTooltip();
    }

    // Legend: colour, name, unit / normalisation, value at the cursor (else the right edge), remove.
    std::optional<size_t> remove;
    if (state.series.empty()) { ImGui::TextDisabled("Pin a property with Add... or the inspector's trend button."); }
    const uint64_t readAt = state.hoverTime ? toUs(*state.hoverTime) : toUs(state.t1);
    for (size_t i = 0; i < state.series.size(); ++i) {
        const TrendSeries& s = state.series[i];
        const std::string label = s.key.label();
        ImGui::PushID(label.c_str());
        ImGui::ColorButton("##colour", ImGui::ColorConvertU32ToFloat4(s.colour),
                           ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoPicker,
                           ImVec2(lineHeight, lineHeight));
        ImGui::SameLine();
        ImGui::TextUnformatted(label.c_str());
        ImGui::SameLine();
        if (normalised) {
            const Range& r = frames[i].norm;
            ImGui::TextDisabled("normalised %s..%s%s%s (%s)", formatTick(r.lo).c_str(), formatTick(r.hi).c_str(),
                                s.unit.empty() ? "" : " ", s.unit.c_str(),
                                frames[i].declared ? "declared" : "observed");
        } else {
            ImGui::TextDisabled("[%s]", s.unit.empty() ? "-" : s.unit.c_str());
        }
        ImGui::SameLine();
        const auto sample = ops::historyValueAt(frames[i].source, readAt);
        ImGui::TextUnformatted(sample ? withUnit(formatNumber(sample->value), s.unit).c_str() : "no data");
        ImGui::SameLine();
        if (ImGui::SmallButton("x")) { remove = i; }
        if (ImGui::IsItemHovered()) { ImGui::SetTooltip("Remove from the chart"); }
        ImGui::PopID();
    }
    if (remove) { state.series.erase(state.series.begin() + static_cast<std::ptrdiff_t>(*remove)); }
    ImGui::PopID();
}

void drawTrendsPanel(TrendsPanelState& state, bool* open, const TrendsPanelInput& input,
                     std::vector<UiAction>& actions) {
    if (open != nullptr && !*open) { return; }
    if (ImGui::Begin("Trends", open, ImGuiWindowFlags_NoScrollWithMouse)) { drawTrendsContents(state, input, actions); }
    ImGui::End();
}

} // namespace tv::ui
