// Pose — a rigid transform (orientation, then translation) as the engine sees an OpenXR XrPosef: the one pose type
// of the XR front end. It lives in this pure header (glm only, no OpenXR, no Vulkan) so the interaction logic can
// use it without OpenXR; xr/core/xr_math.h adds the XrPosef conversions (fromXr / toXr) for the same type.
// Value type; any thread.
#pragma once

#include "core/math.h"

namespace tv::xr {

struct Pose {
    vec3 position{0.0f};
    quat orientation{1.0f, 0.0f, 0.0f, 0.0f}; // unit; glm order (w, x, y, z)

    mat4 matrix() const { return glm::translate(mat4(1.0f), position) * glm::mat4_cast(orientation); }
    vec3 transformPoint(const vec3& p) const { return position + orientation * p; }
    // this * other: `other` expressed in this pose's parent space.
    Pose operator*(const Pose& other) const {
        return Pose{transformPoint(other.position), orientation * other.orientation};
    }
    Pose inverse() const {
        const quat inv = glm::inverse(orientation);
        return Pose{inv * -position, inv};
    }
    // OpenXR poses look down -Z with +Y up and +X right.
    vec3 forward() const { return orientation * vec3(0.0f, 0.0f, -1.0f); }
    vec3 up() const { return orientation * vec3(0.0f, 1.0f, 0.0f); }
    vec3 right() const { return orientation * vec3(1.0f, 0.0f, 0.0f); }
    bool operator==(const Pose&) const = default;
};

} // namespace tv::xr
