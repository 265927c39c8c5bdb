// Window front end: a GLFW window with the renderer's swapchain target, navigation and selection (DesktopControls).
// Shortcuts: desktopShortcuts() in desktop_controls.h. Main thread (GLFW requires it).
#pragma once

#include "app/cli_options.h"
#include "app/viewer_scene.h"

#include <chrono>

namespace tv::app {

// True when a window can be opened (a display is set and GLFW initialises).
bool displayAvailable();

// Returns the exit code. Runs until the window closes or options.frames frames were shown.
int runWindow(const Options& options, ViewerScene& scene, std::chrono::steady_clock::time_point programStart);

} // namespace tv::app
