// Viewpoints panel — save the current camera under a name, list the saved viewpoints in tour order, fly to, rename,
// reorder and delete them, and step through the tour (previous/next). Flying is a UiAction (the app animates the
// NavigationController); the list itself is edited here. Main thread, inside an ImGui frame.
#pragma once

#include "ui/ui_action.h"
#include "ui/ui_model.h"

#include <string>
#include <vector>

namespace tv::ui {

struct ViewpointsPanelState {
    std::string newName; // the save field; empty = an automatic "View N"
    int chosen = -1;     // the highlighted row
    std::string renameTo;
};

void drawViewpointsPanel(ViewpointsPanelState& state, bool* open, ViewerUiModel& model, std::vector<UiAction>& actions);

// "View 1", "View 2", ...: the first such name not yet in the list.
std::string nextViewpointName(const interact::ViewpointList& list);
// Saves model.camera as `name` (or the next automatic name when empty); returns the index.
size_t saveCurrentViewpoint(ViewerUiModel& model, const std::string& name);
UiAction flyToAction(const interact::Viewpoint& viewpoint);

} // namespace tv::ui
