// KPI tiles panel (see kpi_panel.h).
#include "ui/kpi_panel.h"

#include "core/log.h"

#include <algorithm>
#include <cmath>

namespace tv::ui {
namespace {

constexpr float kValueFontScale = 1.9f;
constexpr float kPad = 8.0f;
constexpr float kSparklineHeight = 34.0f;
constexpr ImU32 kTileBackground = IM_COL32(32, 34, 38, 255);
constexpr ImU32 kTargetLine = IM_COL32(200, 200, 210, 170);

std::string formatNumber(double v) {
    double a = std::abs(v);
    if (a >= 1000.0) return format("%.0f", v);
    if (a >= 10.0) return format("%.1f", v);
    return format("%.2f", v);
}

// Rebuilds a KPI's decimated sparkline when a new history sample arrived or the tile width changed.
void refreshCache(KpiSparklineCache& c, const ops::KpiBoard& board, size_t i, int width) {
    if (c.historyEnd == board.historyEndSeconds() && c.width == width) return;
    c.historyEnd = board.historyEndSeconds();
    c.width = width;
    c.columns.resize(size_t(std::max(width, 1)));
    decimateIntoColumns(board.history(i), c.columns);
    const ops::Kpi& k = board.kpi(i);
    double lo = k.historyMin, hi = k.historyMax;
    if (k.target) {
        lo = std::isfinite(lo) ? std::min(lo, *k.target) : *k.target;
        hi = std::isfinite(hi) ? std::max(hi, *k.target) : *k.target;
    }
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0.0, hi = 1.0;
    double span = hi - lo;
    double margin = span > 0.0 ? span * 0.1 : std::max(std::abs(hi) * 0.1, 1.0);
    c.lo = lo - margin;
    c.hi = hi + margin;
}

void tooltip(const ops::Kpi& k) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(k.name.c_str());
    ImGui::TextDisabled("%s", k.expression.c_str());
    if (std::isnan(k.value)) {
        ImGui::PushStyleColor(ImGuiCol_Text, kpiStatusColour(ops::KpiStatus::NoData));
        ImGui::Text("no data: %s", k.noDataReason.c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::Text("value %s", formatKpiValue(k.value, k.unit).c_str());
    }
    if (std::isfinite(k.historyMin))
        ImGui::Text("last 10 min: min %s, max %s", formatKpiValue(k.historyMin, k.unit).c_str(),
                    formatKpiValue(k.historyMax, k.unit).c_str());
    else
        ImGui::TextUnformatted("last 10 min: no values");
    ImGui::TextUnformatted(formatKpiTarget(k).c_str());
    if (k.target) ImGui::Text("better: %s", twin::kpiBetterName(k.better));
    ImGui::PushStyleColor(ImGuiCol_Text, kpiStatusColour(k.status));
    ImGui::Text("status: %s", ops::kpiStatusName(k.status));
    ImGui::PopStyleColor();
    ImGui::EndTooltip();
}

void drawTile(KpiPanelState& state, const ops::KpiBoard& board, size_t i, ImVec2 pos, ImVec2 size) {
    const ops::Kpi& k = board.kpi(i);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 status = kpiStatusColour(k.status);
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, max, kTileBackground, 4.0f);
    dl->AddRectFilled(pos, ImVec2(pos.x + 4.0f, max.y), status, 4.0f, ImDrawFlags_RoundCornersLeft);
    dl->AddRect(pos, max, (status & 0x00FFFFFFu) | 0x90000000u, 4.0f);

    ImGui::SetCursorScreenPos(pos);
    ImGui::PushID(int(i));
    ImGui::InvisibleButton("##tile", size);
    bool hovered = ImGui::IsItemHovered();
    ImGui::PopID();
    state.drawnTiles.push_back({k.name, vec2(pos.x, pos.y), vec2(max.x, max.y)});

    ImFont* font = ImGui::GetFont();
    const float line = ImGui::GetFontSize();
    const float left = pos.x + kPad + 4.0f;
    const float innerRight = max.x - kPad;
    dl->PushClipRect(ImVec2(left, pos.y), ImVec2(innerRight, max.y), true);
    float y = pos.y + kPad * 0.75f;
    dl->AddText(ImVec2(left, y), ImGui::GetColorU32(ImGuiCol_Text), k.name.c_str());
    y += line + 2.0f;
    // The value large, in the status colour: the one thing to read at a glance.
    std::string value = std::isnan(k.value) ? std::string("no data") : formatNumber(k.value);
    const float big = line * kValueFontScale;
    dl->AddText(font, big, ImVec2(left, y), status, value.c_str());
    if (!std::isnan(k.value) && !k.unit.empty()) {
        float w = font->CalcTextSizeA(big, FLT_MAX, 0.0f, value.c_str()).x;
        dl->AddText(ImVec2(left + w + 5.0f, y + big - line - 2.0f), ImGui::GetColorU32(ImGuiCol_TextDisabled),
                    k.unit.c_str());
    }
    y += big + 2.0f;
    // Without data the reason stands where the target line would (clipped; the tooltip has it whole).
    if (std::isnan(k.value))
        dl->AddText(ImVec2(left, y), status, k.noDataReason.c_str());
    else
        dl->AddText(ImVec2(left, y), ImGui::GetColorU32(ImGuiCol_TextDisabled), formatKpiTarget(k).c_str());
    dl->PopClipRect();

    // Sparkline with the target as a dashed line.
    ImVec2 sMin(left, max.y - kPad - kSparklineHeight), sMax(innerRight, max.y - kPad);
    if (state.cache.size() != board.size()) state.cache.assign(board.size(), KpiSparklineCache{});
    KpiSparklineCache& c = state.cache[i];
    refreshCache(c, board, i, int(sMax.x - sMin.x));
    if (k.target) {
        float ty = sMax.y - float((*k.target - c.lo) / (c.hi - c.lo)) * (sMax.y - sMin.y);
        drawDashedLine(dl, ImVec2(sMin.x, ty), ImVec2(sMax.x, ty), kTargetLine, 1.0f, 5.0f, 4.0f);
    }
    drawColumnSeries(dl, sMin, sMax, c.columns, c.lo, c.hi, status, 1.5f);

    if (hovered) {
        state.hoveredKpi = k.name;
        tooltip(k);
    }
}

} // namespace

ImU32 kpiStatusColour(ops::KpiStatus status) {
    switch (status) {
    case ops::KpiStatus::Good: return IM_COL32(70, 200, 95, 255);
    case ops::KpiStatus::Warning: return IM_COL32(235, 190, 50, 255);
    case ops::KpiStatus::Bad: return IM_COL32(235, 60, 55, 255);
    case ops::KpiStatus::NoTarget: return IM_COL32(170, 185, 205, 255);
    case ops::KpiStatus::NoData: return IM_COL32(135, 135, 140, 255);
    }
    return IM_COL32(135, 135, 140, 255);
}

std::string formatKpiValue(double value, const std::string& unit) {
    if (std::isnan(value)) return "no data";
    std::string s = formatNumber(value);
    return unit.empty() ? s : s + " " + unit;
}

std::string formatKpiTarget(const ops::Kpi& kpi) {
    if (!kpi.target) return "no target";
    std::string s = "target " + formatKpiValue(*kpi.target, kpi.unit);
    if (std::isnan(kpi.value)) return s;
    double dev = kpi.value - *kpi.target;
    s += "  " + std::string(dev >= 0.0 ? "+" : "") + formatNumber(dev);
    if (*kpi.target != 0.0) s += format(" (%+.1f%%)", 100.0 * dev / std::abs(*kpi.target));
    return s;
}

int kpiColumnsFor(float width) { return std::clamp(int(width / kKpiTileMinWidth), 1, kKpiMaxColumns); }

void drawKpiTiles(KpiPanelState& state, const ops::KpiBoard& board) {
    state.drawnTiles.clear();
    state.hoveredKpi.clear();
    if (board.empty()) {
        ImGui::TextDisabled("This scene declares no KPIs (\"kpis\" in the scene file).");
        return;
    }
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float width = ImGui::GetContentRegionAvail().x;
    state.columns = kpiColumnsFor(width);
    const float tileW = (width - spacing * float(state.columns - 1)) / float(state.columns);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const size_t rows = (board.size() + size_t(state.columns) - 1) / size_t(state.columns);
    for (size_t i = 0; i < board.size(); ++i) {
        size_t row = i / size_t(state.columns), col = i % size_t(state.columns);
        ImVec2 pos(origin.x + float(col) * (tileW + spacing), origin.y + float(row) * (kKpiTileHeight + spacing));
        drawTile(state, board, i, pos, ImVec2(tileW, kKpiTileHeight));
    }
    // Reserve the grid's full extent so the window scrolls when it is taller than the panel.
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(width, float(rows) * (kKpiTileHeight + spacing) - spacing));
}

void drawKpiPanel(KpiPanelState& state, bool* open, const ops::KpiBoard& board, std::vector<UiAction>& actions) {
    (void)actions; // tiles ask nothing of the app yet
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    // Between the scene tree (left, 348 px) and the inspector (right, 396 px) where the window is wide enough.
    const float free = display.x - 348.0f - 396.0f;
    const float width = std::clamp(free, 300.0f, 600.0f);
    ImGui::SetNextWindowPos(ImVec2(348.0f + std::max(0.0f, (free - width) * 0.5f), 32.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(width, 330.0f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("KPIs", open)) {
        state.drawnTiles.clear();
        state.hoveredKpi.clear();
        ImGui::End();
        return;
    }
    drawKpiTiles(state, board);
    ImGui::End();
}

} // namespace tv::ui
