// Trends panel — pinned numeric properties plotted over twin time on one chart: live history (ops::HistoryStore)
// continued into the past by history loaded from a recording (the archive store), units on the y axis (two units:
// left and right axes; more: every series normalised to its declared or observed range, as the legend says),
// thresholds as dashed lines in severity colours, a time axis in HH:MM:SS (UTC), mouse-wheel zoom around the
// cursor, drag to pan, double-click or "Live" to follow live again, hover for a cursor line and a tooltip with
// every series' value in force at that time. Only pixel-column decimated data is drawn (one min/max/first/last per
// column from the rings' pyramids), never every sample, so a frame costs O(series × width × log n).
//
// Owns nothing but its state struct (pinned series, view window, picker text, the load-recording request); reads
// the stores and entities it is handed. Requests the app must run (load a recording) come back in the state.
// Main thread, inside an ImGui frame. Usable at ~600×500 px (the XR hand panel).
#pragma once

#include "net/codec/messages.h"
#include "ops/history/history_key.h"
#include "ops/history/history_ring.h"
#include "ops/history/history_store.h"
#include "twin/twin_runtime.h"
#include "ui/chart_draw.h"
#include "ui/ui_action.h"

#include <imgui.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tv::ui {

using TrendKey = ops::HistoryKey;

struct TrendSeries {
    TrendKey key;
    ImU32 colour = 0;
    std::string unit; // display unit (the live property's, else the history's); resolved when pinned
};

enum class TrendSpan : uint8_t { OneMinute, TenMinutes, OneHour, All };
const char* trendSpanName(TrendSpan span); // "1 min", "10 min", "1 h", "All"
double trendSpanSeconds(TrendSpan span);   // 60, 600, 3600; 0 for All

struct TrendsPanelState {
    std::vector<TrendSeries> series;
    // Follow live: the window ends at "now" (or the timeline's moment) and spans `span`. Zooming or panning leaves
    // follow mode and keeps the window [t0, t1] fixed in twin time.
    bool followLive = true;
    TrendSpan span = TrendSpan::TenMinutes;
    double t0 = 0.0; // twin seconds; the window drawn in the last frame (kept up to date in follow mode too)
    double t1 = 0.0;
    std::optional<double> hoverTime; // twin time under the cursor in the last frame
    std::string search;              // the "add property" picker's filter
    std::string recordingPath;       // the "load history from recording" field
    // Set when the user asked to load history from `recordingPath`; the app takes it (resets it), runs
    // ops::loadHistory on a worker into the archive store and reports through TrendsPanelInput::load.
    std::optional<std::string> loadRecordingRequest;

    // Pins a series (next free palette colour); false when already pinned. `unit` may be empty (resolved later).
    bool pin(const TrendKey& key, std::string unit = {});
    bool unpin(const TrendKey& key);
    bool isPinned(const TrendKey& key) const;

    // Reused per-frame storage (no allocation once sized).
    std::vector<ops::HistoryColumn> columns; // series × pixel columns
    std::vector<ops::HistoryColumn> scratch;
    std::vector<ChartColumn> chart;
};

// A threshold drawn as a dashed line on a pinned series' axis (the app fills these from the scene file's threshold
// bindings and declared limits).
struct TrendThreshold {
    TrendKey key;
    double value = 0.0;
    std::string label; // "high", "max", ...
    net::AlarmSeverity severity = net::AlarmSeverity::Warning;
};

// A declared value range (scene file min/max), used when more than two units force normalised series.
struct TrendRange {
    TrendKey key;
    double min = 0.0;
    double max = 1.0;
};

// Progress of a load the app runs for loadRecordingRequest (plain data, copied by the app from its worker).
struct HistoryLoadProgress {
    bool running = false;
    double fraction = 0.0; // 0..1
    std::string status;    // "Loaded 36,000 samples from plant.tvrec" once done
    std::string error;     // the loader's one-line error, if it failed
};

struct TrendsPanelInput {
    const ops::HistoryStore* live = nullptr;    // fed by the feed every frame
    const ops::HistoryStore* archive = nullptr; // loaded from a recording; consulted before live's earliest sample
    // Entities for the "add property" picker (numeric properties only are offered): a span (tests, snapshots) and/or
    // the runtime itself.
    std::span<const twin::LiveEntity> entities;
    const twin::TwinRuntime* runtime = nullptr;
    std::span<const TrendThreshold> thresholds;
    std::span<const TrendRange> ranges;
    double nowSeconds = 0.0;             // twin now (s since the epoch)
    std::optional<double> momentSeconds; // the timeline shows a past moment: marker + right edge when following
    HistoryLoadProgress load;
};

// Draws the panel as its own window "Trends" (closable through `open`; not drawn when *open is false).
void drawTrendsPanel(TrendsPanelState& state, bool* open, const TrendsPanelInput& input,
                     std::vector<UiAction>& actions);
// The panel's contents inside the current window (the XR hand panel, or a dock). The window should be created with
// ImGuiWindowFlags_NoScrollWithMouse so that the wheel zooms the chart instead of scrolling.
void drawTrendsContents(TrendsPanelState& state, const TrendsPanelInput& input, std::vector<UiAction>& actions);

// The palette pinned series take their colours from (8 colours, distinct on the dark theme).
ImU32 trendPaletteColour(size_t i);

} // namespace tv::ui
