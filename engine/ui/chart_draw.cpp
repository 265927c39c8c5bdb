// Chart drawing helpers (see chart_draw.h).
#include "ui/chart_draw.h"

#include "core/utc_time.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tv::ui {

namespace {

float mapY(double v, double lo, double hi, float yTop, float yBottom) {
    double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    t = std::clamp(t, 0.0, 1.0);
    return yBottom - static_cast<float>(t) * (yBottom - yTop);
}

} // namespace

void decimateIntoColumns(std::span<const float> values, std::span<ChartColumn> columns) {
    std::fill(columns.begin(), columns.end(), ChartColumn{});
    if (columns.empty()) { return; }
    for (size_t i = 0; i < values.size(); ++i) {
        const float v = values[i];
        if (!std::isfinite(v)) { continue; }
        ChartColumn& col = columns[i * columns.size() / values.size()];
        if (!col.valid) {
            col = ChartColumn{v, v, v, v, true};
        } else {
            col.min = std::min<double>(col.min, v);
            col.max = std::max<double>(col.max, v);
            col.last = v;
        }
    }
}

void drawSparkline(ImDrawList* drawList, ImVec2 min, ImVec2 max, std::span<const float> values, ImU32 colour,
                   float thickness) {
    float lo = INFINITY;
    float hi = -INFINITY;
    for (float v : values) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (!(lo <= hi)) {
        return; // no finite value
    }
    drawSparkline(drawList, min, max, values, lo, hi, colour, thickness);
}

void drawSparkline(ImDrawList* drawList, ImVec2 min, ImVec2 max, std::span<const float> values, float valueMin,
                   float valueMax, ImU32 colour, float thickness) {
    if (drawList == nullptr || values.size() < 2 || max.x - min.x < 1.0f || max.y - min.y < 1.0f) { return; }
    const float width = max.x - min.x;
    const auto columns = static_cast<size_t>(width);
    if (values.size() > columns * 2 && columns >= 2) {
        // More values than pixels: decimate into columns so the draw list holds O(width) primitives.
        std::vector<ChartColumn> cols(columns);
        decimateIntoColumns(values, cols);
        drawColumnSeries(drawList, min, max, cols, valueMin, valueMax, colour, thickness);
        return;
    }
    const float step = width / static_cast<float>(values.size() - 1);
    std::vector<ImVec2> run;
    run.reserve(values.size());
    auto flush = [&] {
        if (run.size() >= 2) {
            drawList->AddPolyline(run.data(), static_cast<int>(run.size()), colour, 0, thickness);
        } else if (run.size() == 1) {
            drawList->AddCircleFilled(run[0], thickness, colour);
        }
        run.clear();
    };
    for (size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) {
            flush();
            continue;
        }
        run.push_back(ImVec2(min.x + step * static_cast<float>(i), mapY(values[i], valueMin, valueMax, min.y, max.y)));
    }
    flush();
}

void drawColumnSeries(ImDrawList* drawList, ImVec2 min, ImVec2 max, std::span<const ChartColumn> columns,
                      double valueMin, double valueMax, ImU32 colour, float thickness) {
    if (drawList == nullptr || columns.empty() || max.x <= min.x || max.y <= min.y) { return; }
    const float colWidth = (max.x - min.x) / static_cast<float>(columns.size());
    bool havePrev = false;
    ImVec2 prev{};
    for (size_t i = 0; i < columns.size(); ++i) {
        const ChartColumn& c = columns[i];
        if (!c.valid) {
            havePrev = false; // a gap
            continue;
        }
        const float x = min.x + colWidth * (static_cast<float>(i) + 0.5f);
        const float yFirst = mapY(c.first, valueMin, valueMax, min.y, max.y);
        const float yLast = mapY(c.last, valueMin, valueMax, min.y, max.y);
        if (havePrev) { drawList->AddLine(prev, ImVec2(x, yFirst), colour, thickness); }
        if (c.max > c.min) {
            const float yMin = mapY(c.min, valueMin, valueMax, min.y, max.y);
            const float yMax = mapY(c.max, valueMin, valueMax, min.y, max.y);
            drawList->AddLine(ImVec2(x, yMax), ImVec2(x, yMin), colour, thickness);
        } else if (!havePrev && (i + 1 >= columns.size() || !columns[i + 1].valid)) {
            drawList->AddCircleFilled(ImVec2(x, yFirst), thickness, colour); // an isolated point
        }
        prev = ImVec2(x, yLast);
        havePrev = true;
    }
}

void drawDashedLine(ImDrawList* drawList, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float dash, float gap) {
    if (drawList == nullptr) { return; }
    const float dx = b.x - a.x;
    const float dy = b.y - a.y;
    const float length = std::sqrt(dx * dx + dy * dy);
    if (length <= 0.0f || dash <= 0.0f) { return; }
    const float ux = dx / length;
    const float uy = dy / length;
    for (float s = 0.0f; s < length; s += dash + gap) {
        const float e = std::min(length, s + dash);
        drawList->AddLine(ImVec2(a.x + ux * s, a.y + uy * s), ImVec2(a.x + ux * e, a.y + uy * e), colour, thickness);
    }
}

std::vector<double> niceTicks(double lo, double hi, int maxTicks) {
    std::vector<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo || maxTicks < 1) { return ticks; }
    const double rough = (hi - lo) / static_cast<double>(maxTicks);
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    // The smallest 1/2/5 step whose ticks inside [lo, hi] number at most maxTicks.
    double step = magnitude * 10.0;
    for (double m : {1.0, 2.0, 5.0, 10.0, 20.0}) {
        const double s = magnitude * m;
        const double count = std::floor(hi / s + 1e-9) - std::ceil(lo / s - 1e-9) + 1.0;
        if (count <= static_cast<double>(maxTicks)) {
            step = s;
            break;
        }
    }
    const double first = std::ceil(lo / step - 1e-9) * step;
    for (int k = 0; k < maxTicks; ++k) {
        // Snap float residue (0.30000000000000004) so labels print cleanly; -0 becomes 0.
        const double v = std::round((first + step * k) / step) * step;
        if (v > hi + step * 1e-9) { break; }
        ticks.push_back(v == 0.0 ? 0.0 : v);
    }
    return ticks;
}

std::vector<double> timeTicks(double t0Seconds, double t1Seconds, int maxTicks) {
    std::vector<double> ticks;
    if (!std::isfinite(t0Seconds) || !std::isfinite(t1Seconds) || t1Seconds <= t0Seconds || maxTicks < 1) {
        return ticks;
    }
    static constexpr std::array<double, 20> kSteps = {0.1, 0.2, 0.5, 1,   2,    5,    10,   15,    30,    60,
                                                      120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200};
    const double span = t1Seconds - t0Seconds;
    double step = 86400.0;
    for (double s : kSteps) {
        if (span / s <= static_cast<double>(maxTicks)) {
            step = s;
            break;
        }
    }
    while (span / step > static_cast<double>(maxTicks)) {
        step *= 2.0; // multi-day windows
    }
    for (double v = std::ceil(t0Seconds / step) * step; v <= t1Seconds; v += step) { ticks.push_back(v); }
    return ticks;
}

std::string formatTimeOfDay(double seconds, bool withMillis) {
    if (!std::isfinite(seconds)) { return "--:--:--"; }
    if (seconds < 0.0) { return "--:--:--"; } // before the epoch: no twin time
    const double whole = std::floor(seconds);
    const auto ms = static_cast<uint64_t>(std::clamp(std::lround((seconds - whole) * 1000.0), 0L, 999L));
    return utcClockText(static_cast<uint64_t>(whole) * 1'000'000u + ms * 1000u, withMillis);
}

} // namespace tv::ui
