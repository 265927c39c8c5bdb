// Session overlay — the session drawn over the 3D view (world_labels.h style): a name tag above every other
// member's head (their colour, name and role), a small tag at each peer's pointer hit, each peer's selection named
// near it in their colour, and a short label over each annotation pin (resolved ones dimmed; the selected one
// brighter). Tags keep a constant screen size; anything behind the eye or off screen is skipped. Plus the toasts:
// recent notices stacked at the top centre, fading out after kToastSeconds. Main thread, inside an ImGui frame.
#pragma once

#include "scene/scene_graph.h"
#include "scene/view_camera.h"
#include "ui/session_view_model.h"

#include <imgui.h>

namespace tv::ui {

struct SessionOverlayCounts {
    int nameTags = 0;
    int pointerTags = 0;
    int selectionTags = 0;
    int pinLabels = 0;
};

// World-anchored tags. `graph` (optional) resolves a peer's selection path to a node position when the model
// gives no selectionAnchor. Returns how many of each were drawn.
SessionOverlayCounts drawSessionOverlay(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport,
                                        const SessionViewModel& model, const scene::SceneGraph* graph = nullptr);

// Notices younger than kToastSeconds as toasts at the top centre of `display` (newest on top). Returns how many.
int drawSessionToasts(ImDrawList* drawList, const vec2& display, const SessionViewModel& model);

} // namespace tv::ui
