// Status bar — a strip along the bottom of the window: the selection's path, the hovered node's name, the
// navigation and tool modes, and the loader's progress or its last error (an error also opens a dismissable
// "Load failed" window; the previous scene stays loaded); with a live twin also each feed's liveness, the updates
// applied per second and the alarm counts (twin_status.h); in a shared session its name, link, members online and
// whom the camera follows. Main thread, inside an ImGui frame.
#pragma once

#include "ui/twin_status.h"
#include "ui/ui_model.h"

#include <string>

namespace tv::ui {

struct StatusBarState {
    std::string dismissedError; // the error the user closed (a new, different error shows again)
    TwinStatusState twin;
};

void drawStatusBar(StatusBarState& state, const ViewerUiModel& model, bool measureMode);

// The name shown for a node: its name, or its path when unnamed; "" for a null or stale handle.
std::string displayName(const scene::SceneGraph& graph, scene::NodeHandle node);

} // namespace tv::ui
