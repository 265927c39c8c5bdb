// Users panel — who is in the shared session and what they may do together: each member with their colour, name,
// role, device, latency, leading / following marks and whether they are online; the follow-mode buttons (a
// presenter leads and gathers, a follower follows or breaks away) and the shared viewpoints (save the current view
// for everyone, fly to one, gather everyone at one, delete). Buttons the local role may not use are shown disabled
// with the reason as a tooltip (mayPerform / denialReason), so users learn what their role allows; the hub enforces
// the same matrix and a denial it sends anyway shows as a notice. Main thread, inside an ImGui frame.
#pragma once

#include "scene/view_camera.h"
#include "ui/session_format.h"
#include "ui/session_view_model.h"
#include "ui/ui_action.h"

#include <string>
#include <vector>

namespace tv::ui {

struct SessionPanelState {
    std::string newViewpointName;          // the "save current view as" field
    std::vector<DrawnButton> drawnButtons; // rebuilt every frame the panel is drawn (tests click these)
};

// The "Users" window. `camera` is the current view (Gather here, Save current view).
void drawSessionPanel(SessionPanelState& state, bool* open, const SessionViewModel& model,
                      const scene::ViewCamera& camera, std::vector<UiAction>& actions);

} // namespace tv::ui
