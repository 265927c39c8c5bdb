// Camera views — the framing and projection helpers behind the viewer's view commands: frame selection (F), frame
// all (Home), the standard views (top/bottom/front/back/left/right/iso) and the perspective/orthographic toggle
// with a matching orthographic size, plus the camera orientation as a quaternion (what transitions interpolate).
// Pure functions on ViewCamera values; any thread.
//
// Conventions: glTF world (+Y up, right-handed, an asset's front faces +Z). "Front" looks at that front (camera on
// +Z looking down -Z), "Right" is the camera on +X, "Top" looks down -Y with -Z (the back) at the top of the screen,
// "Iso" looks from (+1, +1, +1). The "side" view of the brief is Right.
#pragma once

#include "core/math.h"
#include "scene/view_camera.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace tv::interact {

enum class StandardView : uint8_t { Top, Bottom, Front, Back, Left, Right, Iso };

const char* standardViewName(StandardView view); // "top", "front", ...
// Accepts the names above and "side" (= Right); case-sensitive; nullopt for anything else.
std::optional<StandardView> standardViewFromName(std::string_view name);

struct ViewAxes {
    vec3 forward; // unit, direction of view
    vec3 up;      // unit, orthogonal to forward: the screen's up
};
ViewAxes standardViewAxes(StandardView view);

// Eye distance at which a sphere of `radius` fills the narrower of the two fields of view with 5 % margin (the
// glTF Sample Viewer's framing, as frameBounds() uses).
float framingDistance(float radius, float yfovRad, float aspect);

// Orthographic half height that shows, at `distance` from the eye, what a perspective camera with `yfovRad` shows
// in the plane at that distance: distance * tan(yfov / 2). The matching rule for the projection toggle.
float orthoHalfHeightAt(float distance, float yfovRad);

// `lens` (yfov, projection) looking along `axes` at the centre of `bounds` from the framing distance; orthographic
// lenses get the matching half height. Near/far enclose `bounds` (callers that keep other geometry visible refit
// them to the scene, see NavigationController::camera). Empty bounds frame the unit cube.
scene::ViewCamera frameAlong(const scene::ViewCamera& lens, const Aabb& bounds, float aspect, const ViewAxes& axes);

// Frame selection / frame all: keeps the current view direction and up, centres and fits `bounds`.
scene::ViewCamera frameKeepingDirection(const scene::ViewCamera& current, const Aabb& bounds, float aspect);

// A standard view of `bounds` with `current`'s lens.
scene::ViewCamera standardView(const scene::ViewCamera& current, StandardView view, const Aabb& bounds, float aspect);

// Projection toggle. Both keep eye direction and target; the target plane (at |target - eye|) keeps its size on
// screen, so the picture does not jump. toPerspective moves the eye to the distance that matches ymag.
scene::ViewCamera toOrthographic(const scene::ViewCamera& camera);
scene::ViewCamera toPerspective(const scene::ViewCamera& camera);

// Rotation taking camera axes (x right, y up, -z forward) to world axes, from ViewCamera::view() (so its
// degenerate-up fallback is honoured). And back: a camera looking along `orientation` keeps target distance.
quat cameraOrientation(const scene::ViewCamera& camera);
vec3 orientationForward(const quat& q);
vec3 orientationUp(const quat& q);

} // namespace tv::interact
