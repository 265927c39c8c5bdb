// KPI tiles panel — the scene file's KPIs (ops::KpiBoard) as a responsive grid of tiles: two columns on the
// ~600 px XR hand panel, three or four on a desktop. Each tile shows the KPI's name, its value large with the
// unit, the target and the deviation from it, the status as a colour (good green, warning amber, bad red, no data
// grey with the reason), and a sparkline of the last 10 minutes with the target as a dashed line; hovering a tile
// shows the exact value, the min / max over the sparkline's window and, without data, why.
//
// Drawing cost per frame is O(tiles × tile width): each sparkline is decimated to one column per pixel once per
// history sample (1 Hz) and cached in the panel state, never re-read from the whole history every frame.
// Main thread, inside an ImGui frame.
#pragma once

#include "core/math.h"
#include "ops/kpi/kpi_board.h"
#include "ui/chart_draw.h"
#include "ui/ui_action.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace tv::ui {

inline constexpr float kKpiTileMinWidth = 250.0f; // narrower panels get fewer columns (600 px: 2)
inline constexpr int kKpiMaxColumns = 4;
inline constexpr float kKpiTileHeight = 132.0f;

// Where a tile was drawn last frame (screen coordinates): lets tests and tools hover a tile wherever layout put it.
struct KpiTileRect {
    std::string kpi;
    vec2 min{0.0f}, max{0.0f};
};

struct KpiSparklineCache { // one per KPI: the sparkline decimated to pixel columns
    double historyEnd = -1.0;
    int width = 0;
    std::vector<ChartColumn> columns;
    double lo = 0.0, hi = 1.0; // the value range the tile maps to its height (history and target)
};

struct KpiPanelState {
    int columns = 0;                      // columns of the last layout
    std::vector<KpiTileRect> drawnTiles;  // rebuilt every frame the tiles are drawn
    std::string hoveredKpi;               // name of the tile under the mouse last frame ("" = none)
    std::vector<KpiSparklineCache> cache; // parallel to the board's KPIs
};

ImU32 kpiStatusColour(ops::KpiStatus status); // good green, warning amber, bad red, no data / no target grey
// A KPI value for a tile: 3 significant-ish digits ("1234", "56.7", "3.14"), the unit after a space; "no data"
// for NaN.
std::string formatKpiValue(double value, const std::string& unit);
// "target 60 %  -3.2 (-5.3%)"; "no target" without one; "target 60 %" when the value is missing.
std::string formatKpiTarget(const ops::Kpi& kpi);
// Columns for a panel `width` pixels wide: 1..kKpiMaxColumns tiles of at least kKpiTileMinWidth.
int kpiColumnsFor(float width);

// The grid alone, into the current window.
void drawKpiTiles(KpiPanelState& state, const ops::KpiBoard& board);

// The "KPIs" window. Tiles are read-only today: `actions` is where a tile click would ask the app for something
// (nothing is pushed yet).
void drawKpiPanel(KpiPanelState& state, bool* open, const ops::KpiBoard& board, std::vector<UiAction>& actions);

} // namespace tv::ui
