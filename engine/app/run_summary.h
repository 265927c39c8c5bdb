// The one-line summary a run prints on stdout (headless and window), so scripts and people see at a glance what
// was drawn, how fast, and where the picture went.
#pragma once

#include <cstdint>
#include <string>

namespace tv::app {

struct RunSummary {
    std::string scene;
    std::string mode; // "headless" or "window"
    std::string device;
    uint32_t frames = 0;
    uint32_t width = 0, height = 0;
    double loadSeconds = 0.0;
    double firstFrameSeconds = 0.0; // from program start to the first finished frame
    double meanCpuMs = 0.0, meanGpuMs = 0.0;
    uint32_t drawCalls = 0;
    uint64_t triangles = 0;
    size_t nodes = 0;
    uint32_t validationMessages = 0;
    bool validationEnabled = false;
    std::string screenshot; // empty = none written
    std::string twin;       // live twin feed state (LiveTwin::summaryLine), empty without a twin
};

std::string formatSummary(const RunSummary& s);

} // namespace tv::app
