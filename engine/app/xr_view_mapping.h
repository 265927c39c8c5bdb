// What the headset front end tells the rest of the viewer each frame, computed from the XR interaction's output:
// the local view for the shared session (an XR avatar: head, hands, laser), the pointer visuals to draw, and the
// rig that stands the user at a camera's eye (gathers, viewpoints, flying to a node). Pure functions (no OpenXR,
// no Vulkan), unit-tested; main thread in practice.
#pragma once

#include "app/session_link.h"
#include "scene/view_camera.h"
#include "session/xr_pointer_scene.h"
#include "xr/input/xr_interaction.h"

#include <optional>
#include <string>

namespace tv::app {

net::PresencePose presencePose(const xr::Pose& pose);

// The session's view of this headset user: `camera` looks where the head looks (world space, `verticalFovRad`
// as the headset's), `xr` carries head, tracked hands (grip poses) and the right laser (the left one when only it
// is active) with its scene hit.
LocalView xrLocalView(const xr::XrInputState& input, const xr::InteractionOutput& out, float verticalFovRad,
                      std::string selectionPath);

// Lasers, hands, arcs and the selection box as XrPointerScene draws them (world space).
session::XrPointerFrame xrPointerFrame(const xr::XrInputState& input, const xr::InteractionOutput& out,
                                       std::optional<Aabb> selection);

// The rig that puts the tracked head (`headTracking`) at the camera's eye horizontally, turned to the camera's
// heading, keeping the user's own head height above the floor and `scale` (a teleport: the view is never moved
// with anything but the head).
xr::TrackingRig rigAtCamera(const scene::ViewCamera& camera, const xr::Pose& headTracking, float scale);

// A camera that looks at `box` from where `fromEye` is (horizontally), far enough to see it whole: for "fly to"
// the selection in a headset, which then teleports to the camera's eye.
scene::ViewCamera cameraFacingBox(const Aabb& box, const vec3& fromEye);

} // namespace tv::app
