#include "app/run_summary.h"

#include "core/log.h"

namespace tv::app {

std::string formatSummary(const RunSummary& s) {
    std::string line = format("twinview: %s, %u frame%s %ux%u %s on %s: load %.2f s, first frame %.2f s, "
                              "frame %.2f ms cpu / %.2f ms gpu, %u draws, %llu triangles, %zu nodes",
                              s.scene.c_str(), s.frames, s.frames == 1 ? "" : "s", s.width, s.height, s.mode.c_str(),
                              s.device.c_str(), s.loadSeconds, s.firstFrameSeconds, s.meanCpuMs, s.meanGpuMs,
                              s.drawCalls, static_cast<unsigned long long>(s.triangles), s.nodes);
    if (s.validationEnabled)
        line += format(", %u validation message%s", s.validationMessages, s.validationMessages == 1 ? "" : "s");
    if (!s.twin.empty()) line += "; " + s.twin;
    if (!s.screenshot.empty()) line += " -> " + s.screenshot;
    return line;
}

} // namespace tv::app
