// Window front end: a GLFW window with the renderer's swapchain target, navigation and selection (DesktopControls).
// Shortcuts: desktopShortcuts() in desktop_controls.h. Main thread (GLFW requires it).
#pragma once

#include <memory>

#include "app/cli_options.h"
#include "app/viewer_scene.h"

#include <chrono>

namespace tv::app {

class LiveTwin;
class SessionLink;

// True when a window can be opened (a display is set and GLFW initialises).
bool displayAvailable();

// Returns the exit code. Runs until the window closes or options.frames frames were shown.
// `live` (may be null) is the live twin for the scene; opening another file replaces or drops it.
int runWindow(const Options& options, ViewerScene& scene, std::unique_ptr<LiveTwin>& live, SessionLink* link,
              std::chrono::steady_clock::time_point programStart);

} // namespace tv::app
