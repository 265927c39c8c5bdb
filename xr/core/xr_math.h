// Conversions between OpenXR's math types and the engine's (glm): vectors, quaternions, poses, and the renderer's
// stereo eye. OpenXR and glTF share conventions (right-handed, +Y up, metres, -Z forward for a view), so these are
// copies, never axis flips. Note the component order: XrQuaternionf is (x, y, z, w), glm::quat's constructor takes
// (w, x, y, z). Pure functions; any thread.
#pragma once

#include "xr/core/xr_platform.h"
#include "xr/input/pose.h" // the one Pose type of the XR front end (pure: the interaction logic uses it too)

#include "core/math.h"
#include "gfx/renderer.h"

namespace tv::xr {

inline vec3 fromXr(const XrVector3f& v) { return vec3(v.x, v.y, v.z); }
inline quat fromXr(const XrQuaternionf& q) { return quat(q.w, q.x, q.y, q.z); }
inline Pose fromXr(const XrPosef& p) { return Pose{fromXr(p.position), fromXr(p.orientation)}; }

inline XrVector3f toXr(const vec3& v) { return XrVector3f{v.x, v.y, v.z}; }
inline XrQuaternionf toXr(const quat& q) { return XrQuaternionf{q.x, q.y, q.z, q.w}; }
inline XrPosef toXr(const vec3& position, const quat& orientation) {
    return XrPosef{toXr(orientation), toXr(position)};
}
inline XrPosef toXr(const Pose& p) { return toXr(p.position, p.orientation); }

// The renderer's eye for a located OpenXR view: the view's pose (in the space it was located in, e.g. STAGE) and
// its asymmetric field of view, unchanged. No world transform: an app that moves or scales the world (teleport,
// tabletop) composes the pose with its reference-to-world transform itself.
gfx::StereoEye eyeFromXrView(const XrView& view);

// eyeFromXrView with the pose first taken through `worldFromReference` (rigid: teleport and turn, no scale).
gfx::StereoEye eyeFromXrView(const XrView& view, const Pose& worldFromReference);

} // namespace tv::xr
