// TrackingRig: tracking <-> world similarity math (see tracking_rig.h).
#include "xr/input/tracking_rig.h"

#include "session/follow_controller.h"

#include <algorithm>
#include <cmath>

namespace tv::xr {

mat4 TrackingRig::matrix() const {
    return glm::translate(mat4(1.0f), translation) * glm::mat4_cast(rotation()) * glm::scale(mat4(1.0f), vec3(scale));
}

vec3 TrackingRig::toWorld(const vec3& tracking) const { return translation + scale * (rotation() * tracking); }

Pose TrackingRig::toWorld(const Pose& tracking) const {
    return {toWorld(tracking.position), glm::normalize(rotation() * tracking.orientation)};
}

interact::Ray TrackingRig::rayToWorld(const interact::Ray& tracking) const {
    return {toWorld(tracking.origin), rotation() * tracking.direction};
}

vec3 TrackingRig::toTracking(const vec3& world) const {
    return (glm::inverse(rotation()) * (world - translation)) / scale;
}

Pose TrackingRig::toTracking(const Pose& world) const {
    return {toTracking(world.position), glm::normalize(glm::inverse(rotation()) * world.orientation)};
}

TrackingRig TrackingRig::inverse() const {
    // p = (R^-1 (w - t)) / s = (1/s) R(-yaw) w - (1/s) R(-yaw) t
    TrackingRig inv;
    inv.yawRad = -yawRad;
    inv.scale = 1.0f / scale;
    inv.translation = -(inv.rotation() * translation) / scale;
    return inv;
}

TrackingRig TrackingRig::operator*(const TrackingRig& inner) const {
    // a(b(p)) = ta + sa Ra (tb + sb Rb p) = (ta + sa Ra tb) + sa sb Ra Rb p; yaws about one axis add.
    TrackingRig out;
    out.translation = toWorld(inner.translation);
    out.yawRad = yawRad + inner.yawRad;
    out.scale = scale * inner.scale;
    return out;
}

TrackingRig TrackingRig::fromOffset(const session::ReferenceOffset& offset, float keepScale) {
    TrackingRig rig;
    rig.translation = offset.translation;
    rig.yawRad = offset.yawRad;
    rig.scale = std::clamp(keepScale, kMinRigScale, kMaxRigScale);
    return rig;
}

session::ReferenceOffset TrackingRig::offset() const { return session::ReferenceOffset{translation, yawRad}; }

void TrackingRig::turnAbout(const vec3& pivotTracking, float deltaYaw) {
    const vec3 pivotWorld = toWorld(pivotTracking);
    yawRad += deltaYaw;
    // Keep yaw in (-pi, pi] so long smooth turns do not lose float precision.
    yawRad = std::remainder(yawRad, glm::two_pi<float>());
    translation = pivotWorld - scale * (rotation() * pivotTracking);
}

void TrackingRig::rescaleAbout(const vec3& pivotTracking, float newScale) {
    const vec3 pivotWorld = toWorld(pivotTracking);
    scale = std::clamp(newScale, kMinRigScale, kMaxRigScale);
    translation = pivotWorld - scale * (rotation() * pivotTracking);
}

} // namespace tv::xr
