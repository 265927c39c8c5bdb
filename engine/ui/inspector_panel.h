// Inspector panel — the selected node: name, path, editable local translation/rotation/scale, world position,
// visibility, mesh statistics, material summary, a material override colour, and (through
// ViewerUiModel::drawNodeProperties) the twin feed's live properties. Main thread, inside an ImGui frame.
#pragma once

#include "ui/ui_model.h"

namespace tv::ui {

struct InspectorPanelState {
    // Rotation is edited as Euler degrees. Re-deriving Euler angles from the quaternion every frame would make the
    // fields jump between equivalent triples while dragging, so the last edited triple is kept for as long as the
    // node's rotation is still the one it produced.
    scene::NodeHandle node;
    vec3 eulerDegrees{0.0f};
    quat eulerSource{1.0f, 0.0f, 0.0f, 0.0f};
    float dragSpeed = 0.01f; // translation drag speed in metres per pixel
};

void drawInspectorPanel(InspectorPanelState& state, bool* open, ViewerUiModel& model);

// Local transform editing as the inspector does it: Euler angles in degrees (glm's XYZ convention, the inverse
// of glm::eulerAngles) to a rotation. Exposed for tests and the feed's "set rotation" commands.
quat rotationFromEulerDegrees(const vec3& degrees);
vec3 eulerDegreesFromRotation(const quat& rotation);

} // namespace tv::ui
