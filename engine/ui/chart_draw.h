// Chart drawing — small, reusable ImDrawList helpers for line charts: a sparkline (KPI tiles), a pixel-column series
// (the trends panel draws history already decimated to one min/max/first/last per pixel column, never every
// sample), dashed lines (thresholds), "nice" axis tick values and time tick labels (HH:MM:SS). Pure drawing: no
// state, no ImGui windows or widgets, so any panel can call these into any draw list. Main thread, inside an ImGui
// frame (the draw list must belong to the current frame).
#pragma once

#include <imgui.h>

#include <span>
#include <string>
#include <vector>

namespace tv::ui {

// Draws `values` as a polyline filling the rectangle [min, max] (pixels): x spreads the values evenly from left to
// right, y maps the values' own min..max to bottom..top (a flat series is drawn at mid height). Non-finite values
// (NaN, inf) break the line instead of being drawn. Draws nothing for fewer than two values or an empty rectangle.
// With more values than pixel columns the series is decimated (min/max per column) so the cost is O(values) with
// O(width) draw calls.
void drawSparkline(ImDrawList* drawList, ImVec2 min, ImVec2 max, std::span<const float> values, ImU32 colour,
                   float thickness = 1.0f);

// The same with a caller-given value range (e.g. a KPI's target band) instead of the values' own min..max; values
// outside are clamped to the rectangle's edge.
void drawSparkline(ImDrawList* drawList, ImVec2 min, ImVec2 max, std::span<const float> values, float valueMin,
                   float valueMax, ImU32 colour, float thickness = 1.0f);

// One pixel column of a decimated series: the extremes and the first/last value of the samples that fall in it.
// `valid` is false for a column that holds no sample (a gap; the line is carried across it).
struct ChartColumn {
    double min = 0.0;
    double max = 0.0;
    double first = 0.0;
    double last = 0.0;
    bool valid = false;
};

// Decimates evenly spaced `values` into `columns` (one per pixel column; value i goes to column
// i * columns.size() / values.size()). Non-finite values are skipped: a column that gets none stays not `valid`.
void decimateIntoColumns(std::span<const float> values, std::span<ChartColumn> columns);

// Draws a decimated series into [min, max]: column i spans x = min.x + i * width / columns.size(); values map
// linearly from [valueMin, valueMax] to bottom..top (clamped to the rectangle). Each column draws a vertical bar
// from its min to its max and a joint from the previous column's last value to its first value, which is what a
// polyline through every sample would look like at this resolution. A column that is not `valid` breaks the line
// (a gap: "no reading"); a caller that wants a step chart across sparse samples fills empty columns with the value
// in force before calling (the trends panel does).
void drawColumnSeries(ImDrawList* drawList, ImVec2 min, ImVec2 max, std::span<const ChartColumn> columns,
                      double valueMin, double valueMax, ImU32 colour, float thickness = 1.5f);

// A dashed straight line from a to b (dash and gap lengths in pixels).
void drawDashedLine(ImDrawList* drawList, ImVec2 a, ImVec2 b, ImU32 colour, float thickness = 1.0f, float dash = 6.0f,
                    float gap = 4.0f);

// "Nice" tick values (1, 2, 5 × 10^k steps) covering [lo, hi] with at most `maxTicks` ticks, ascending, all inside
// [lo, hi]. Empty when the range is empty or not finite.
std::vector<double> niceTicks(double lo, double hi, int maxTicks);

// Time ticks for a window of twin time in seconds since the epoch: steps of 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15,
// 30 min, 1, 2, 3, 6, 12 h, 1 day, aligned to whole multiples of the step (UTC), at most `maxTicks`.
std::vector<double> timeTicks(double t0Seconds, double t1Seconds, int maxTicks);

// "HH:MM:SS" UTC of a twin time in seconds since the epoch; with `withMillis` "HH:MM:SS.mmm". (Not twin_format's
// formatClock, which formats a replay position.)
std::string formatTimeOfDay(double seconds, bool withMillis = false);

} // namespace tv::ui
