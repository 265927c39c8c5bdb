// TrackingRig — where the XR user stands in the world: the similarity transform from TRACKING space (the OpenXR
// reference space the runtime reports the head and the hands in) to WORLD space (the scene's glTF space):
//
//     world = translation + scale * R_y(yawRad) * tracking
//
// Locomotion never touches the tracked poses (the head belongs to the user's body: moving the view with anything
// but the head makes people sick); teleport and turn change translation and yaw, grab-and-scale changes all
// three. Rotation is about +Y only, so the tracked floor (y = 0) stays level in the world and "up" stays up.
// `scale` is world metres per tracked metre: 1 = life size, 10 = the user is a giant over a model ten times
// smaller than life ("tabletop"). translation.y is 0 after teleports onto the ground floor and unless scaled: a
// teleport onto a platform raises it to the platform's height; a two-hand scale about the hands moves it too.
//
// Interop with shared sessions: engine/session/follow_controller.h describes the same map without scale as
// session::ReferenceOffset {translation, yawRad}; fromOffset() / offset() convert (see their comments).
//
// Value type; pure math; any thread.
#pragma once

#include "core/math.h"
#include "interact/ray.h"
#include "xr/input/xr_input_state.h"

namespace tv::session {
struct ReferenceOffset; // engine/session/follow_controller.h
}

namespace tv::xr {

inline constexpr float kMinRigScale = 0.01f; // world metres per tracked metre: 1 cm of world per metre of arm
inline constexpr float kMaxRigScale = 100.0f;

struct TrackingRig {
    vec3 translation{0.0f};
    float yawRad = 0.0f; // about +Y; positive turns -Z (forward) towards -X (to the left), right-handed
    float scale = 1.0f;  // world metres per tracked metre, > 0

    quat rotation() const { return glm::angleAxis(yawRad, vec3(0.0f, 1.0f, 0.0f)); }
    mat4 matrix() const; // tracking -> world as a 4x4 (column vectors)

    vec3 toWorld(const vec3& tracking) const;
    // Position mapped; orientation turned by the yaw only (scale does not rotate).
    Pose toWorld(const Pose& tracking) const;
    // Origin mapped, direction turned (a unit direction stays unit; distances along the world ray are world metres
    // = scale * tracked metres).
    interact::Ray rayToWorld(const interact::Ray& tracking) const;
    vec3 directionToWorld(const vec3& tracking) const { return rotation() * tracking; }

    vec3 toTracking(const vec3& world) const;
    Pose toTracking(const Pose& world) const;
    vec3 directionToTracking(const vec3& world) const { return glm::inverse(rotation()) * world; }

    // The inverse similarity (world -> tracking) as a rig: inverse().toWorld(p) == toTracking(p). Its translation
    // generally has a y component.
    TrackingRig inverse() const;
    // Composition: (a * b).toWorld(p) == a.toWorld(b.toWorld(p)).
    TrackingRig operator*(const TrackingRig& inner) const;

    // Follow mode. session::teleportOffset() solves for a life-size rig; to keep a scale s, give it the tracked head
    // position multiplied by s (scaledHead()) and pass s here: the head then lands where the offset puts it.
    // translation.y of the offset is kept (it is 0 by that module's rule).
    static TrackingRig fromOffset(const session::ReferenceOffset& offset, float keepScale = 1.0f);
    // The scale-free part (translation, yaw). Exact for scale 1; for other scales it is the offset that
    // fromOffset(offset(), scale) turns back into this rig.
    session::ReferenceOffset offset() const;
    vec3 scaledHead(const vec3& trackedHead) const { return trackedHead * scale; }

    // Turns the user by deltaYaw about the vertical line through `pivotTracking` (the head): that point keeps its
    // world position. Used by snap and smooth turn so the user turns in place.
    void turnAbout(const vec3& pivotTracking, float deltaYaw);
    // Sets the scale (clamped to [kMinRigScale, kMaxRigScale]) keeping `pivotTracking`'s world position.
    void rescaleAbout(const vec3& pivotTracking, float newScale);

    bool operator==(const TrackingRig&) const = default;
};

} // namespace tv::xr
