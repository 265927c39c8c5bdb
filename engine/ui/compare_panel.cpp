#include "ui/compare_panel.h"

#include "ui/twin_format.h"

#include "core/log.h"
#include "core/utc_time.h"
#include "ui/timeline_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <string_view>

namespace tv::ui {
namespace {

constexpr int64_t kNudgeUs = 60'000'000;      // the -1 min / +1 min buttons
constexpr size_t kAlarmIdsShown = 8;          // per alarm list; the rest is "and N more"
constexpr float kLegendHeight = 14.0f;        // the difference colour bar
constexpr float kLegendMaxWidth = 420.0f;     // wider is no easier to read
constexpr float kMinStrength = 0.35f;         // a small change still reads as blue / red, never as white ("same")
constexpr const char* kDeltaHeader = "B - A"; // the default font has no Greek glyphs: no "Δ"

// ImGui draws with sRGB-encoded vertex colours; the ramp is linear RGB (for the 3D view's tints), so the swatches
// are encoded to look like the tints the renderer writes to its sRGB target.
float linearToSrgb(float c) {
    c = std::clamp(c, 0.0f, 1.0f);
    return c <= 0.0031308f ? c * 12.92f : 1.055f * std::pow(c, 1.0f / 2.4f) - 0.055f;
}

ImU32 rampColour(double score) {
    const vec3 c = ops::divergingColour(score);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(linearToSrgb(c.r), linearToSrgb(c.g), linearToSrgb(c.b), 1.0f));
}

uint64_t clampToRange(const ops::TimelineRange& r, int64_t us) {
    if (r.empty()) return uint64_t(std::max<int64_t>(us, 0));
    return uint64_t(std::clamp<int64_t>(us, int64_t(r.earliestUs), int64_t(r.latestUs)));
}

// Where a side that just became a moment starts: the timeline's moment, else 1 min before now (in the range).
uint64_t defaultMoment(const CompareView& view) {
    if (view.momentUs) return *view.momentUs;
    return clampToRange(view.range, int64_t(view.nowUs) - kNudgeUs);
}

// Every whitespace-separated word of the filter occurs in the entity or the property ("pump speed").
bool passesFilter(const ops::CompareRow& row, std::string_view filter) {
    size_t at = 0;
    while (at < filter.size()) {
        while (at < filter.size() && std::isspace(static_cast<unsigned char>(filter[at]))) ++at;
        size_t end = at;
        while (end < filter.size() && !std::isspace(static_cast<unsigned char>(filter[end]))) ++end;
        if (end > at) {
            const std::string_view word = filter.substr(at, end - at);
            if (!containsNoCase(row.entity, word) && !containsNoCase(row.property, word)) return false;
        }
        at = end;
    }
    return true;
}

// Rebuilds the table's row list only when the comparison, the filter or "only changed" changed.
void refreshRows(ComparePanelState& state, const CompareView& view) {
    const ops::Comparison* c = view.comparison;
    const std::string_view filter = state.filter;
    const size_t count = c ? c->rows.size() : 0;
    if (state.rowsFor == c && state.rowsSerial == view.computedSerial && state.rowsCount == count &&
        state.rowsFilter == filter && state.rowsOnlyChanged == state.onlyChanged)
        return;
    state.rowsFor = c;
    state.rowsSerial = view.computedSerial;
    state.rowsCount = count;
    state.rowsFilter = std::string(filter);
    state.rowsOnlyChanged = state.onlyChanged;
    state.rows.clear();
    state.changedRows = 0;
    state.changedEntities = 0;
    if (!c) return;
    for (size_t i = 0; i < c->rows.size(); ++i) {
        const ops::CompareRow& row = c->rows[i];
        const bool changed = row.normalised > 0.0;
        if (changed) ++state.changedRows;
        if (state.onlyChanged && !changed) continue;
        if (!passesFilter(row, filter)) continue;
        state.rows.push_back(uint32_t(i));
    }
    // Entities come sorted by |score|, largest first: the changed ones are a prefix.
    while (state.changedEntities < c->entities.size() && c->entities[state.changedEntities].score != 0.0)
        ++state.changedEntities;
}

void pushShow(const CompareMoment& m, std::vector<UiAction>& actions) {
    UiAction a;
    if (m.live) {
        a.kind = UiActionKind::TimelineGoLive;
    } else {
        a.kind = UiActionKind::TimelineGoTo;
        a.value = double(m.timeUs) * 1e-6;
    }
    actions.push_back(a);
}

// One side's controls: Live / Moment, its clock and age, Show, nudges, the timeline's moment and a slider over
// the recorded range. Returns true when the side changed in a way that needs a new comparison.
bool drawMomentControls(const char* side, CompareMoment& m, const CompareView& view, std::vector<UiAction>& actions) {
    bool changed = false;
    ImGui::PushID(side);
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s:", side);
    ImGui::SameLine();
    if (ImGui::RadioButton("Live", m.live) && !m.live) {
        m.live = true;
        changed = true;
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("Moment", !m.live) && m.live) {
        m.live = false;
        if (m.timeUs == 0) m.timeUs = defaultMoment(view);
        changed = true;
    }
    ImGui::SameLine();
    if (m.live) {
        if (view.nowUs)
            ImGui::Text("now, %s UTC", utcClockText(view.nowUs).c_str());
        else
            ImGui::TextDisabled("now");
    } else {
        ImGui::Text("%s UTC (%s)", utcClockText(m.timeUs).c_str(), formatAgo(m.timeUs, view.nowUs).c_str());
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Show")) pushShow(m, actions);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show the scene and every panel at this side's moment");

    // Second line: moving the moment. Any of these makes a live side a moment.
    const ops::TimelineRange& r = view.range;
    ImGui::BeginDisabled(r.empty());
    const int64_t base = int64_t(m.live ? (view.nowUs ? view.nowUs : r.latestUs) : m.timeUs);
    if (ImGui::Button("-1 min")) {
        m = {false, clampToRange(r, base - kNudgeUs)};
        changed = true;
    }
    ImGui::SameLine();
    if (ImGui::Button("+1 min")) {
        m = {false, clampToRange(r, base + kNudgeUs)};
        changed = true;
    }
    if (view.momentUs) {
        ImGui::SameLine();
        if (ImGui::Button("Timeline moment")) {
            changed = changed || m.live || m.timeUs != *view.momentUs;
            m = {false, *view.momentUs};
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The moment the timeline shows");
    }
    ImGui::SameLine();
    // The slider moves the moment while dragged; the comparison is asked for on release only.
    uint64_t lo = r.earliestUs, hi = std::max(r.latestUs, r.earliestUs);
    uint64_t at = std::clamp<uint64_t>(uint64_t(base), lo, hi);
    const std::string label = r.empty() ? std::string("no history") : utcClockText(at) + " UTC";
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ImGui::SliderScalar("##at", ImGuiDataType_U64, &at, &lo, &hi, label.c_str())) m = {false, at};
    if (ImGui::IsItemDeactivatedAfterEdit()) changed = true;
    ImGui::EndDisabled();
    ImGui::PopID();
    return changed;
}

std::string plural(size_t n, const char* one, const char* many) {
    return groupThousands(n) + " " + (n == 1 ? one : many);
}

void drawAlarmList(const char* title, ImU32 colour, const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    std::string list;
    for (size_t i = 0; i < ids.size() && i < kAlarmIdsShown; ++i) list += (i ? ", " : "") + ids[i];
    if (ids.size() > kAlarmIdsShown) list += tv::format(" and %zu more", ids.size() - kAlarmIdsShown);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(title);
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextWrapped("%s", list.c_str());
}

void drawSideBySide(ComparePanelState& state, const CompareView& view) {
    const ops::Comparison& c = *view.comparison;
    const size_t raised = c.alarmsOnlyB.size(), cleared = c.alarmsOnlyA.size();
    // Wrapped: at the XR hand panel's ~600 px the whole sentence does not fit one line.
    ImGui::TextWrapped("%s of %s changed; %s raised, %s cleared between A and B",
                       groupThousands(state.changedRows).c_str(),
                       plural(c.rows.size(), "property", "properties").c_str(),
                       plural(raised, "alarm", "alarms").c_str(), groupThousands(cleared).c_str());
    drawAlarmList("Raised:", IM_COL32(235, 70, 60, 255), c.alarmsOnlyB);
    drawAlarmList("Cleared:", IM_COL32(90, 200, 110, 255), c.alarmsOnlyA);
    drawAlarmList("Active at both:", ImGui::GetColorU32(ImGuiCol_TextDisabled), c.alarmsBoth);

    ImGui::SetNextItemWidth(std::min(260.0f, ImGui::GetContentRegionAvail().x * 0.6f));
    ImGui::InputTextWithHint("##filter", "filter entity / property", state.filter, sizeof state.filter);
    ImGui::SameLine();
    ImGui::Checkbox("Only changed", &state.onlyChanged);
    ImGui::SameLine();
    refreshRows(state, view); // the filter or the checkbox may have changed just now
    ImGui::TextDisabled("%s shown", groupThousands(state.rows.size()).c_str());

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    const float height = std::max(ImGui::GetContentRegionAvail().y, ImGui::GetTextLineHeightWithSpacing() * 6.0f);
    if (!ImGui::BeginTable("##rows", 5, flags, ImVec2(0.0f, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Entity", ImGuiTableColumnFlags_None, 1.3f);
    ImGui::TableSetupColumn("Property", ImGuiTableColumnFlags_None, 1.0f);
    ImGui::TableSetupColumn("A", ImGuiTableColumnFlags_None, 0.9f);
    ImGui::TableSetupColumn("B", ImGuiTableColumnFlags_None, 0.9f);
    ImGui::TableSetupColumn(kDeltaHeader, ImGuiTableColumnFlags_None, 0.9f);
    ImGui::TableHeadersRow();
    const ImU32 disabled = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    ImGuiListClipper clipper;
    clipper.Begin(int(state.rows.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const uint32_t index = state.rows[size_t(i)];
            const ops::CompareRow& row = c.rows[index];
            state.drawnRows.push_back(index);
            const bool changed = row.normalised > 0.0;
            ImGui::TableNextRow();
            if (!changed) ImGui::PushStyleColor(ImGuiCol_Text, disabled);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.entity.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.property.c_str());
            const bool withUnit = row.numeric && !row.unit.empty();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(withUnit ? (row.a + " " + row.unit).c_str() : row.a.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(withUnit ? (row.b + " " + row.unit).c_str() : row.b.c_str());
            ImGui::TableNextColumn();
            const std::string delta = formatCompareDelta(row);
            if (changed && row.numeric && row.delta != 0.0 && std::isfinite(row.delta)) {
                ImGui::PushStyleColor(ImGuiCol_Text, compareDeltaColour(std::copysign(row.normalised, row.delta)));
                ImGui::TextUnformatted(delta.c_str());
                ImGui::PopStyleColor();
            } else {
                ImGui::TextUnformatted(delta.c_str());
            }
            if (!changed) ImGui::PopStyleColor();
        }
    }
    ImGui::EndTable();
}

void drawLegend() {
    const float width = std::min(ImGui::GetContentRegionAvail().x, kLegendMaxWidth);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float mid = p.x + width * 0.5f;
    const ImU32 blue = rampColour(-1.0), white = rampColour(0.0), red = rampColour(1.0);
    dl->AddRectFilledMultiColor(p, ImVec2(mid, p.y + kLegendHeight), blue, white, white, blue);
    dl->AddRectFilledMultiColor(ImVec2(mid, p.y), ImVec2(p.x + width, p.y + kLegendHeight), white, red, red, white);
    dl->AddRect(p, ImVec2(p.x + width, p.y + kLegendHeight), ImGui::GetColorU32(ImGuiCol_Border));
    ImGui::Dummy(ImVec2(width, kLegendHeight));
    const float x0 = ImGui::GetCursorPosX();
    ImGui::TextUnformatted("lower in B");
    const char* same = "same";
    ImGui::SameLine(x0 + (width - ImGui::CalcTextSize(same).x) * 0.5f);
    ImGui::TextUnformatted(same);
    const char* higher = "higher in B";
    ImGui::SameLine(x0 + width - ImGui::CalcTextSize(higher).x);
    ImGui::TextUnformatted(higher);
}

void drawDifference(ComparePanelState& state, const ops::Comparison* c) {
    ImGui::Checkbox("Colour the 3D view", &state.colouring);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Tint every changed entity by how much it changed from A to B");
    drawLegend();
    if (!c) return;
    ImGui::Separator();
    if (state.changedEntities == 0) {
        ImGui::TextDisabled("No entity changed between A and B.");
        return;
    }
    ImGui::Text("Most changed entities (%s of %s changed)", groupThousands(state.changedEntities).c_str(),
                groupThousands(c->entities.size()).c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    const float height = std::max(ImGui::GetContentRegionAvail().y, ImGui::GetTextLineHeightWithSpacing() * 5.0f);
    if (!ImGui::BeginTable("##entities", 3, flags, ImVec2(0.0f, height))) return;
    const float swatch = ImGui::GetTextLineHeight();
    ImGui::TableSetupColumn("##swatch", ImGuiTableColumnFlags_WidthFixed, swatch + 4.0f);
    ImGui::TableSetupColumn("Entity", ImGuiTableColumnFlags_None, 3.0f);
    ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_None, 1.0f);
    ImGuiListClipper clipper;
    clipper.Begin(int(state.changedEntities));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const ops::EntityChange& e = c->entities[size_t(i)];
            state.drawnEntities.push_back(uint32_t(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + swatch, p.y + swatch), rampColour(e.score), 2.0f);
            ImGui::Dummy(ImVec2(swatch, swatch));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.entity.c_str());
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, compareDeltaColour(e.score));
            ImGui::Text("%+.0f%%", e.score * 100.0);
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("largest change of a property, as a share of its range: %s in B",
                                  e.score < 0.0 ? "lower" : "higher");
        }
    }
    ImGui::EndTable();
}

// Gives A and B their defaults once there is a clock to place A on.
void initialise(ComparePanelState& state, const CompareView& view) {
    if (state.initialised || (view.nowUs == 0 && !view.momentUs)) return;
    state.a = {false, defaultMoment(view)};
    state.b = {true, 0};
    state.initialised = true;
    ++state.requestSerial;
}

} // namespace

std::string groupThousands(uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string formatCompareDelta(const ops::CompareRow& row) {
    if (row.numeric) {
        if (!std::isfinite(row.delta)) return row.normalised > 0.0 ? "changed" : "";
        if (row.delta == 0.0) return "0";
        std::string s = std::fabs(row.delta) >= 1e4 ? tv::format("%+.0f", row.delta) : tv::format("%+.4g", row.delta);
        return row.unit.empty() ? s : s + " " + row.unit;
    }
    if (row.a == "-" && row.b != "-") return "added";
    if (row.b == "-" && row.a != "-") return "removed";
    return row.normalised > 0.0 ? "changed" : "";
}

uint32_t compareDeltaColour(double signedScore) {
    if (signedScore == 0.0 || !std::isfinite(signedScore)) return rampColour(0.0);
    const double magnitude = kMinStrength + (1.0 - kMinStrength) * std::min(1.0, std::fabs(signedScore));
    return rampColour(std::copysign(magnitude, signedScore));
}

void drawCompareContents(ComparePanelState& state, const CompareView& view, std::vector<UiAction>& actions) {
    state.drawnRows.clear();
    state.drawnEntities.clear();
    initialise(state, view);

    if (drawMomentControls("A", state.a, view, actions)) ++state.requestSerial;
    if (drawMomentControls("B", state.b, view, actions)) ++state.requestSerial;

    if (ImGui::Button("Refresh")) ++state.requestSerial;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Compare again (a live side moves on)");
    ImGui::SameLine();
    const bool pending = view.computedSerial != state.requestSerial;
    if (pending && state.initialised)
        ImGui::TextDisabled("comparing...");
    else if (view.comparison && (state.a.live || state.b.live))
        ImGui::TextDisabled("live as of the last refresh");
    if (!view.error.empty()) ImGui::TextColored(ImVec4(1.0f, 0.35f, 0.3f, 1.0f), "%s", view.error.c_str());

    refreshRows(state, view);
    ImGuiTabItemFlags sideFlags = 0, differenceFlags = 0;
    const bool modeRequested = !state.tabsSynced || state.mode != state.shownMode; // set by the caller, not a tab
    if (modeRequested)
        (state.mode == CompareMode::SideBySide ? sideFlags : differenceFlags) = ImGuiTabItemFlags_SetSelected;
    if (ImGui::BeginTabBar("##mode")) {
        if (ImGui::BeginTabItem("Side by side", nullptr, sideFlags)) {
            state.shownMode = CompareMode::SideBySide;
            if (!modeRequested) state.mode = CompareMode::SideBySide;
            if (view.comparison)
                drawSideBySide(state, view);
            else
                ImGui::TextDisabled(pending ? "Comparing A with B..." : "No comparison yet.");
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Difference colouring", nullptr, differenceFlags)) {
            state.shownMode = CompareMode::Difference;
            if (!modeRequested) state.mode = CompareMode::Difference;
            drawDifference(state, view.comparison);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    state.tabsSynced = true;
}

void drawComparePanel(ComparePanelState& state, bool* open, const CompareView& view, std::vector<UiAction>& actions) {
    if (open && !*open) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_FirstUseEver, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(600.0f, 500.0f), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Compare", open)) {
        drawCompareContents(state, view, actions);
    } else {
        state.drawnRows.clear();
        state.drawnEntities.clear();
    }
    ImGui::End();
}

} // namespace tv::ui
