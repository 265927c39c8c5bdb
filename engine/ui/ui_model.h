// ViewerUiModel — what the app hands the panels for one frame: references to the interaction state the panels may
// edit (scene graph visibility/transforms/overrides, selection, measurements, sections, viewpoints), read-only
// frame data (camera, frame times, render counters, load status) and the live twin: the TwinRuntime (read only:
// entities, alarms, labels, feed status), the app's command log and the replay position, and the shared session. The
// app owns everything referenced; the UI keeps no pointer past drawViewerUi(). Main thread.
#pragma once

#include "core/math.h"
#include "interact/frame_time_history.h"
#include "interact/measurement.h"
#include "interact/navigation_controller.h"
#include "interact/section_planes.h"
#include "interact/selection_state.h"
#include "interact/viewpoints.h"
#include "net/feed/feed_types.h"
#include "scene/scene_graph.h"
#include "scene/view_camera.h"
#include "ui/operator_view.h"
#include "ui/session_view_model.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tv::twin {
class TwinRuntime;
}

namespace tv::ui {

// Renderer counters of the last frame (0 = unknown; the stats overlay shows "-" for unknown memory).
struct RenderStats {
    uint32_t drawCalls = 0;
    uint64_t triangles = 0;
    uint64_t gpuMemoryBytes = 0; // device-local memory allocated by the renderer
    uint64_t cpuMemoryBytes = 0; // host-side scene and asset memory, if the app tracks it
};

// The state of the last/current file load, owned by the app's loader.
struct LoadStatus {
    bool loading = false;
    float progress = -1.0f; // 0..1, or < 0 when unknown (indeterminate bar)
    std::string file;       // what is loading / was loaded last
    std::string error;      // non-empty after a failed load; the previous scene is still shown
};

// One operator command as the app tracks it (the Commands panel lists them; newest last).
struct CommandEntry {
    uint64_t id = 0;  // the feed's command id (0 if it never got one: NotSent)
    std::string text; // what the operator typed, or formatOperatorCommand's form of it
    net::CommandOutcome outcome = net::CommandOutcome::Pending;
    std::string reason;         // rejected / failed / timed out / not sent: why
    double sentAtSeconds = 0.0; // ViewerUiModel::timeSeconds clock when it was sent (pending shows the elapsed time)
    double roundTripMs = 0.0;   // request -> reply, once answered
};

// The replay player's position, when a recording is playing instead of a live feed.
struct ReplayView {
    bool available = false; // a recording is loaded: the replay bar is shown
    double positionSeconds = 0.0;
    double durationSeconds = 0.0;
    double speed = 1.0;
    bool paused = false;
    bool finished = false; // played to the end (play restarts from the beginning)
};

struct ViewerUiModel {
    scene::SceneGraph& graph;
    interact::SelectionState& selection;
    interact::MeasurementTool& measurements;
    interact::SectionState& sections;
    interact::ViewpointList& viewpoints;
    const interact::FrameTimeHistory& frameTimes;
    scene::ViewCamera camera;       // the camera rendered this frame (saving viewpoints, labels, gizmos)
    vec2 viewport{1280.0f, 720.0f}; // 3D view size in window coordinates (the cursor's units)
    interact::NavigationMode navigationMode = interact::NavigationMode::Orbit;
    RenderStats stats;
    LoadStatus load;
    // The surface point under the cursor this frame, if the app ray cast one: the measure preview and hover label.
    std::optional<interact::MeasurePoint> cursorPoint;
    // The live twin, or null (no feed: the twin panels are hidden and their menu items disabled).
    const twin::TwinRuntime* twin = nullptr;
    double timeSeconds = 0.0;                 // the runtime clock passed to TwinRuntime::update (ages, elapsed times)
    std::span<const CommandEntry> commandLog; // owned by the app, oldest first
    ReplayView replay;
    // The shared session, or null (not in a session: the Users and Annotations panels are hidden, their menu
    // items disabled). Owned by the app, filled every frame.
    const SessionViewModel* session = nullptr;
    // The operator panels' data (trends, KPI tiles, alarm journal, timeline); meaningful only with `twin`.
    OperatorView operators;
};

} // namespace tv::ui
