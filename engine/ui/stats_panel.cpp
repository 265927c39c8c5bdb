#include "ui/stats_panel.h"

#include "core/log.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace tv::ui {

std::string formatBytes(uint64_t bytes) {
    if (bytes == 0) return "-";
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int unit = 0;
    while (v >= 1024.0 && unit < 4) {
        v /= 1024.0;
        ++unit;
    }
    return unit == 0 ? tv::format("%llu B", (unsigned long long)bytes) : tv::format("%.1f %s", v, kUnits[unit]);
}

void drawStatsPanel(StatsPanelState& state, bool* open, const ViewerUiModel& model) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 400.0f, display.y - 300.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowBgAlpha(0.75f);
    ImGuiWindowFlags flags = ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing;
    if (!ImGui::Begin("Stats", open, flags)) {
        ImGui::End();
        return;
    }
    const interact::FrameTimeHistory& history = model.frameTimes;
    interact::FrameTimeStats cpu = history.cpuStats();
    interact::FrameTimeStats gpu = history.gpuStats();
    float lastCpu = history.size() ? history.at(history.size() - 1).cpuMs : 0.0f;
    float lastGpu = history.size() ? history.at(history.size() - 1).gpuMs : NAN;
    ImGui::Text("CPU %6.2f ms  avg %.2f  p99 %.2f  max %.2f", lastCpu, cpu.avg, cpu.p99, cpu.max);
    if (gpu.count)
        ImGui::Text("GPU %6.2f ms  avg %.2f  p99 %.2f  max %.2f", std::isnan(lastGpu) ? 0.0f : lastGpu, gpu.avg,
                    gpu.p99, gpu.max);
    else
        ImGui::TextDisabled("GPU  not measured");
    // Real presented rate from ImGui's own frame clock (the renderer's CPU time excludes waiting on the GPU).
    if (ImGui::GetIO().Framerate > 0.0f)
        ImGui::Text("%.1f fps (%.1f ms per frame)", ImGui::GetIO().Framerate, 1000.0f / ImGui::GetIO().Framerate);

    history.copyCpu(state.cpuMs);
    history.copyGpu(state.gpuMs);
    // A shared scale so CPU and GPU graphs compare at a glance; at least 16.7 ms so a smooth 60 Hz graph sits low.
    float top = std::max({cpu.max, gpu.count ? gpu.max : 0.0f, 16.7f}) * 1.1f;
    const ImVec2 graphSize(360.0f, 60.0f);
    ImGui::PlotLines("##cpu", state.cpuMs.data(), int(state.cpuMs.size()), 0, "CPU ms", 0.0f, top, graphSize);
    if (gpu.count) {
        // NaN (unmeasured) samples would break the polyline; draw them at 0.
        for (float& v : state.gpuMs)
            if (std::isnan(v)) v = 0.0f;
        ImGui::PlotLines("##gpu", state.gpuMs.data(), int(state.gpuMs.size()), 0, "GPU ms", 0.0f, top, graphSize);
    }
    ImGui::Separator();
    ImGui::Text("Draw calls  %u", model.stats.drawCalls);
    ImGui::Text("Triangles   %llu", (unsigned long long)model.stats.triangles);
    ImGui::Text("Nodes       %zu", model.graph.nodeCount());
    ImGui::Text("GPU memory  %s", formatBytes(model.stats.gpuMemoryBytes).c_str());
    ImGui::Text("CPU memory  %s", formatBytes(model.stats.cpuMemoryBytes).c_str());
    ImGui::End();
}

} // namespace tv::ui
