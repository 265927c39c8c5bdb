// Scene tree panel — the hierarchy with a name filter, per-node visibility (eye) toggles, isolate buttons and click
// to select. Draws only the rows on screen (ImGuiListClipper over SceneTreeIndex rows), so large scenes stay fast.
// Selecting in the 3D view reveals and scrolls to the node. Main thread, inside an ImGui frame.
#pragma once

#include "ui/scene_tree.h"
#include "ui/ui_action.h"
#include "ui/ui_model.h"

#include <string>
#include <vector>

namespace tv::ui {

// Screen rectangles of one drawn row's widgets (ImGui window coordinates), as laid out in the last frame: lets the
// app hit-test or scroll to rows, and lets tests click real widgets.
struct TreeRowRects {
    scene::NodeHandle node;
    vec2 eyeMin{0.0f}, eyeMax{0.0f};         // visibility checkbox
    vec2 isolateMin{0.0f}, isolateMax{0.0f}; // isolate button
    vec2 labelMin{0.0f}, labelMax{0.0f};     // the name (click selects, arrow toggles)
};

struct SceneTreePanelState {
    SceneTreeIndex index;
    std::string filterText;
    bool focusFilter = false;            // set by Ctrl+F: keyboard focus goes to the filter box next frame
    scene::NodeHandle lastSelection;     // to notice selections made elsewhere (reveal + scroll)
    std::vector<TreeRowRects> drawnRows; // rows drawn in the last frame
};

void drawSceneTreePanel(SceneTreePanelState& state, bool* open, ViewerUiModel& model);

} // namespace tv::ui
