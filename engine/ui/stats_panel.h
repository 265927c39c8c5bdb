// Stats overlay — frame time (CPU and GPU: last, average, p99, max) with a frame-time graph over FrameTimeHistory,
// and the renderer's counters: draw calls, triangles, nodes, memory. A small translucent window in the top-right
// corner of the view. Main thread, inside an ImGui frame.
#pragma once

#include "ui/ui_model.h"

#include <string>
#include <vector>

namespace tv::ui {

struct StatsPanelState {
    std::vector<float> cpuMs, gpuMs; // reused plot buffers (no allocation per frame once sized)
};

void drawStatsPanel(StatsPanelState& state, bool* open, const ViewerUiModel& model);

// "1.5 GiB", "12.0 MiB", "512 B"; "-" for 0 (unknown).
std::string formatBytes(uint64_t bytes);

} // namespace tv::ui
