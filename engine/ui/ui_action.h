// UiAction — what the panels ask the app to do. Panels edit interaction state they are handed (selection,
// visibility, measurements, sections, viewpoints) directly, but never own or call app objects (loader, renderer,
// navigation, window): those requests come back from drawViewerUi() as a list the app executes after the UI frame.
// Plain values; main thread.
#pragma once

#include "interact/camera_views.h"
#include "interact/navigation_controller.h"
#include "scene/scene_graph.h"
#include "scene/view_camera.h"

#include <cstdint>
#include <string>

namespace tv::ui {

enum class UiActionKind : uint8_t {
    OpenFile,       // path: load this glTF or scene file (on failure keep the scene and report in LoadStatus)
    TakeScreenshot, // write the next rendered frame to a file
    Quit,
    FrameSelection,    // NavigationController::frameBounds(selection bounds)
    FrameAll,          // NavigationController::frameBounds(scene bounds)
    SetStandardView,   // view: NavigationController::showStandardView
    SetOrthographic,   // flag: NavigationController::setOrthographic
    FlyTo,             // camera (and name): NavigationController::transitionTo, e.g. a viewpoint
    SetNavigationMode, // mode: NavigationController::setMode
    ToggleFullscreen,  // the window: fullscreen on the current monitor <-> windowed
    ToggleVsync,       // the swapchain's present mode
    // Live twin (appended: existing values keep their numbers)
    SendCommand,     // text: an operator command as typed ("set pump-3 speed=1200"); the app parses it with
                     // twin::parseOperatorCommand, sends it and adds a CommandEntry to its command log
    ReplaySeek,      // value: position in the recording, seconds from its start
    ReplaySetSpeed,  // value: playback speed factor (0.25 .. 64)
    ReplaySetPaused, // flag: true = pause, false = play
    FlyToNode,       // node: frame this node's bounds (the panels have already selected it)
};

const char* uiActionKindName(UiActionKind kind); // "open-file", "fly-to", ... for logs and tests

struct UiAction {
    UiActionKind kind = UiActionKind::Quit;
    std::string path;                                            // OpenFile
    std::string name;                                            // FlyTo: the viewpoint's name (for the status line)
    interact::StandardView view = interact::StandardView::Front; // SetStandardView
    bool flag = false;                                           // SetOrthographic, ReplaySetPaused
    interact::NavigationMode mode = interact::NavigationMode::Orbit; // SetNavigationMode
    scene::ViewCamera camera;                                        // FlyTo
    std::string text;                                                // SendCommand
    double value = 0.0;                                              // ReplaySeek, ReplaySetSpeed
    scene::NodeHandle node;                                          // FlyToNode
};

} // namespace tv::ui
