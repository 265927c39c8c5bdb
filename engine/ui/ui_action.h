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
    // Shared session (appended). The app sends each request to the hub; the hub checks the role and answers, and a
    // denial comes back as a SessionNotice. The panels disable what the role may not do, so these are rare.
    CreateAnnotation,      // anchor, normal, nodePath, text: a new pin where the user clicked (from the prompt)
    EditAnnotation,        // id, text: new text of annotation `id`
    ResolveAnnotation,     // id, flag: true = mark resolved, false = reopen
    DeleteAnnotation,      // id (the panel has already asked for confirmation)
    FlyToAnnotation,       // id, camera: fly to the pin (camera = a view of it the panel suggests)
    BeginPlaceAnnotation,  // flag: true = the next click in the view places a new annotation, false = cancel placing
    StartLead,             // make everyone follow this user's camera
    StopLead,              // stop leading
    GatherHere,            // camera: teleport / fly everyone to this view (the current camera)
    GatherAtViewpoint,     // name: teleport / fly everyone to this shared viewpoint
    FollowLeader,          // name: follow the leader again after breaking away (FollowController::followAgain)
    BreakAway,             // stop following the leader (FollowController::breakAway)
    SaveSharedViewpoint,   // name, camera: save (or overwrite) a shared viewpoint
    FlyToSharedViewpoint,  // name, camera: fly the local camera to a shared viewpoint (camera = its view)
    DeleteSharedViewpoint, // name
    SelectAnnotation,      // id: highlight this annotation's pin (0 = none); the app sets selectedAnnotation
    // Operator panels (appended). Times on the timeline are twin time: seconds since the Unix epoch on the
    // publisher's clock (docs/operator-panels.md).
    AcknowledgeAlarm, // name: alarm id. A feed alarm becomes the command "ack <id>" (roles, audit); a threshold
                      // alarm (computed by this viewer) is acknowledged here only
    TimelineGoTo,     // value: twin time (s): show the twin and every panel as they were then (live data keeps
                      // arriving and is kept)
    TimelineGoLive,   // back to the live twin
    ShareMoment,      // flag true: take everyone in the session to `value` (twin time, s); false: everyone back to
                      // live (presenter only)
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
    uint64_t id = 0;                                                 // annotation actions
    vec3 anchor{0.0f};                                               // CreateAnnotation: world point on the surface
    vec3 normal{0.0f, 1.0f, 0.0f};                                   // CreateAnnotation: surface normal there
    std::string nodePath;                                            // CreateAnnotation: the node clicked ("" none)
};

} // namespace tv::ui
