// Grab-and-scale rig solvers (see grab_scale.h).
#include "xr/input/grab_scale.h"

#include <algorithm>
#include <cmath>

namespace tv::xr {
namespace {

// The yaw that turns -Z towards v's horizontal direction (R_y(yaw) * (0,0,-1) = (-sin yaw, 0, -cos yaw)).
float heading(const vec3& v) { return std::atan2(-v.x, -v.z); }

} // namespace

TrackingRig dragRig(const TrackingRig& rig, const vec3& handTracking, const vec3& anchorWorld) {
    TrackingRig out = rig;
    out.translation = anchorWorld - rig.scale * (rig.rotation() * handTracking);
    return out;
}

TrackingRig twoHandRig(const TrackingRig& rig, const vec3 handsTracking[2], const vec3 anchorsWorld[2]) {
    TrackingRig out = rig;
    const vec3 hands = handsTracking[1] - handsTracking[0];
    const vec3 anchors = anchorsWorld[1] - anchorsWorld[0];
    const float handDistance = glm::length(hands);
    if (handDistance > 0.01f) out.scale = std::clamp(glm::length(anchors) / handDistance, kMinRigScale, kMaxRigScale);
    const float handsFlat = std::hypot(hands.x, hands.z);
    const float anchorsFlat = std::hypot(anchors.x, anchors.z);
    if (handsFlat > 0.01f && anchorsFlat > 1e-4f * out.scale)
        out.yawRad = std::remainder(heading(anchors) - heading(hands), glm::two_pi<float>());
    const vec3 midHands = 0.5f * (handsTracking[0] + handsTracking[1]);
    const vec3 midAnchors = 0.5f * (anchorsWorld[0] + anchorsWorld[1]);
    out.translation = midAnchors - out.scale * (out.rotation() * midHands);
    return out;
}

} // namespace tv::xr
