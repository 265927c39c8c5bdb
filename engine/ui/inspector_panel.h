// Inspector panel — the selected node: name, path, editable local translation/rotation/scale, world position,
// visibility, mesh statistics, material summary, a material override colour, the live twin entity the node shows
// (live_data_section.h: properties, feed liveness, a command line; when ViewerUiModel::twin is set). Main thread,
// inside an ImGui frame.
#pragma once

#include "ui/live_data_section.h"
#include "ui/ui_action.h"
#include "ui/ui_model.h"

#include <vector>

namespace tv::ui {

struct InspectorPanelState {
    // Rotation is edited as Euler degrees. Re-deriving Euler angles from the quaternion every frame would make the
    // fields jump between equivalent triples while dragging, so the last edited triple is kept for as long as the
    // node's rotation is still the one it produced.
    scene::NodeHandle node;
    vec3 eulerDegrees{0.0f};
    quat eulerSource{1.0f, 0.0f, 0.0f, 0.0f};
    float dragSpeed = 0.01f; // translation drag speed in metres per pixel
    LiveDataState live;
};

// Appends the live data section's SendCommand actions to `actions`.
void drawInspectorPanel(InspectorPanelState& state, bool* open, ViewerUiModel& model, std::vector<UiAction>& actions);
// The same without actions (commands typed in the live data section are dropped): for callers with no twin.
void drawInspectorPanel(InspectorPanelState& state, bool* open, ViewerUiModel& model);

// Local transform editing as the inspector does it: Euler angles in degrees (glm's XYZ convention, the inverse
// of glm::eulerAngles) to a rotation. Exposed for tests and the feed's "set rotation" commands.
quat rotationFromEulerDegrees(const vec3& degrees);
vec3 eulerDegreesFromRotation(const quat& rotation);

} // namespace tv::ui
