// Teleport arc tracing and the teleport itself (see teleport_arc.h).
#include "xr/input/teleport_arc.h"

#include <algorithm>
#include <cmath>

namespace tv::xr {

vec3 arcPointTracking(const Pose& aimTracking, float t, const TeleportArcSettings& settings) {
    const vec3 velocity = aimTracking.forward() * settings.speed;
    return aimTracking.position + velocity * t + vec3(0.0f, -0.5f * settings.gravity * t * t, 0.0f);
}

TeleportArc traceTeleportArc(const Pose& aimTracking, const TrackingRig& rig, const RaycastFn& raycast,
                             const TeleportArcSettings& settings) {
    TeleportArc arc;
    arc.active = true;
    const int segments = std::max(1, int(std::ceil(settings.maxSeconds / settings.segmentSeconds)));
    arc.points.reserve(size_t(segments) + 1);
    vec3 previous = rig.toWorld(aimTracking.position);
    arc.points.push_back(previous);
    const float minNormalY = std::cos(settings.maxSlopeRad);
    for (int i = 1; i <= segments; ++i) {
        const vec3 next = rig.toWorld(arcPointTracking(aimTracking, float(i) * settings.segmentSeconds, settings));
        const vec3 step = next - previous;
        const float length = glm::length(step);
        if (length > 0.0f && raycast) {
            const interact::Ray ray{previous, step / length};
            if (auto hit = raycast(ray, length)) {
                arc.points.push_back(hit->position);
                arc.hit = true;
                arc.target = hit->position;
                arc.normal = hit->normal;
                arc.node = hit->node;
                arc.valid = hit->normal.y >= minNormalY;
                return arc;
            }
        }
        arc.points.push_back(next);
        previous = next;
    }
    return arc; // flew into the void: shown, but not a place to stand
}

TrackingRig teleportRig(const TrackingRig& rig, const vec3& headTracking, const vec3& targetWorld) {
    TrackingRig out = rig;
    // The tracked floor under the head: the point the user stands on. Moving it onto the target keeps the head
    // at its own height above the floor, whatever the target's height (a platform raises the tracked floor).
    const vec3 feet(headTracking.x, 0.0f, headTracking.z);
    out.translation = targetWorld - rig.scale * (rig.rotation() * feet);
    return out;
}

} // namespace tv::xr
