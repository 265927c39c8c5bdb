// Headless front end: renders options.frames frames offscreen at a fixed time step (1/60 s, so animation is
// deterministic), writes the last one to a PNG and prints the summary. With a live twin it first waits (up to
// --wait-feed seconds) for the feeds to be live, applies the twin's changes before every frame and reports the
// feed's state in the summary. Main thread.
#pragma once

#include "app/cli_options.h"
#include "app/viewer_scene.h"

#include <chrono>

namespace tv::app {

class LiveTwin;
class SessionLink;

// Returns the process exit code (kExitOk, kExitBadInput, kExitValidation).
int runHeadless(const Options& options, ViewerScene& scene, LiveTwin* live, SessionLink* link,
                std::chrono::steady_clock::time_point programStart);

} // namespace tv::app
