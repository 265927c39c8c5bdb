// Menu panel geometry — the world-space panel the menu button opens on the LEFT hand (the app draws its ImGui
// windows into it through an OpenXR quad layer, xr/panel) and the right laser's pointer on it.
//
// Placement: the centre sits at `offset` in the left GRIP frame (so it rides with the hand, above the controller
// by default and clear of it), and the plane turns to face the head, kept upright (no roll). Facing the head
// rather than copying the wrist's rotation keeps the text readable however the wrist is turned; keeping it upright
// avoids a rolling horizon, which is uncomfortable to read.
//
// Conventions: the panel's local +X is its right edge, +Y up, +Z its front normal (towards the viewer), as an
// OpenXR quad layer expects. Pointer uv: (0,0) top-left, (1,1) bottom-right, u right, v down — ImGui's
// convention, so uv * window size is the ImGui mouse position. All in TRACKING space: a quad layer is placed in
// the reference space, and the panel belongs to the user's body, not to the (possibly scaled) world.
//
// Pure functions; any thread.
#pragma once

#include "core/math.h"
#include "interact/ray.h"
#include "xr/input/xr_input_state.h"

#include <optional>

namespace tv::xr {

struct PanelSettings {
    vec2 size{0.40f, 0.30f};          // physical width x height, metres
    vec3 offset{0.0f, 0.19f, -0.03f}; // centre in the left grip frame: the 0.30 m panel's bottom edge 4 cm above
};

// Where the laser meets the panel.
struct PanelHit {
    vec2 uv{0.0f};      // 0..1, u right, v down
    vec3 point{0.0f};   // tracking space
    float distance = 0; // along the ray, tracked metres
};

// The panel's pose in tracking space for the left grip pose and the head position (both tracking space). When the
// head is (almost) straight above or below the panel centre, the facing direction is undefined: the grip's own
// backwards direction is used instead.
Pose panelPose(const Pose& leftGrip, const vec3& head, const PanelSettings& settings = {});

// Front-side hit of `ray` (tracking space, unit direction) with the size.x by size.y rectangle of `panel`, or
// nullopt (missed, parallel, behind the origin, or coming from behind the panel — its back is not a screen).
std::optional<PanelHit> intersectPanel(const Pose& panel, const vec2& size, const interact::Ray& ray);

} // namespace tv::xr
