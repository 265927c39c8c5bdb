// Headless front end: renders options.frames frames offscreen at a fixed time step (1/60 s, so animation is
// deterministic), writes the last one to a PNG and prints the summary. Main thread.
#pragma once

#include "app/cli_options.h"
#include "app/viewer_scene.h"

#include <chrono>

namespace tv::app {

// Returns the process exit code (kExitOk, kExitBadInput, kExitValidation).
int runHeadless(const Options& options, ViewerScene& scene, std::chrono::steady_clock::time_point programStart);

} // namespace tv::app
