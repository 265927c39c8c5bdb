// Headset front end (`twinview --xr`): the scene, its live twin and the shared session in an OpenXR headset.
// Creates the OpenXR instance (xr/core XrRuntime), the renderer THROUGH it (XR_KHR_vulkan_enable2), the session
// (XrSessionHost: lifecycle, frame loop, swapchains, depth), the input (xr/input XrActions + XrInteraction: lasers,
// select, teleport arc, snap/smooth turn, grab-and-scale, menu, annotations) and the hand-held ImGui panel
// (xr/panel XrPanel) that shows the viewer's panels; it publishes the head and hands to the session and lets
// follow mode and gathers teleport the user (never moving the view).
//
// Each frame: poll the session's events, wait for the runtime's frame (xrWaitFrame paces the loop at the display
// rate), apply the twin feed, read the controllers for the predicted display time, run the interaction, update the
// session and the scene, draw the panel, then locate the views as late as possible and render both eyes into the
// runtime's swapchains (XrSessionHost::endFrame).
//
// Failures that a desktop user can recover from (no runtime, no headset, the runtime lost mid-session) come back as
// `fallBack` with a one-line reason: main() then opens the desktop viewer on the same scene and twin. Main thread.
#pragma once

#include "app/cli_options.h"
#include "app/viewer_scene.h"

#include <chrono>
#include <string>

namespace tv::app {

class LiveTwin;
class SessionLink;

struct XrRunOutcome {
    int exitCode = kExitOk;
    bool fallBack = false; // XR could not start or was lost: continue on the desktop (reason says why)
    std::string reason;
};

XrRunOutcome runXr(const Options& options, ViewerScene& scene, LiveTwin* live, SessionLink* link,
                   std::chrono::steady_clock::time_point programStart);

} // namespace tv::app
