// Menu panel placement and pointer hit (see menu_panel.h).
#include "xr/input/menu_panel.h"

#include <cmath>

namespace tv::xr {

Pose panelPose(const Pose& leftGrip, const vec3& head, const PanelSettings& settings) {
    Pose pose;
    pose.position = leftGrip.position + leftGrip.orientation * settings.offset;
    const vec3 up(0.0f, 1.0f, 0.0f);
    vec3 toHead = head - pose.position;
    vec3 flat(toHead.x, 0.0f, toHead.z);
    if (glm::length(flat) < 1e-3f) {
        // Head above or below: face where the controller's back points instead (still upright).
        const vec3 back = -leftGrip.forward();
        flat = vec3(back.x, 0.0f, back.z);
        if (glm::length(flat) < 1e-3f) flat = vec3(0.0f, 0.0f, 1.0f);
        toHead = flat;
    }
    // z towards the head, x horizontal, y = z x x: upright, tilted back to face a head above the panel.
    const vec3 z = glm::normalize(toHead);
    const vec3 x = glm::normalize(glm::cross(up, flat));
    const vec3 y = glm::cross(z, x);
    pose.orientation = glm::normalize(glm::quat_cast(mat3(x, y, z)));
    return pose;
}

std::optional<PanelHit> intersectPanel(const Pose& panel, const vec2& size, const interact::Ray& ray) {
    const vec3 normal = panel.orientation * vec3(0.0f, 0.0f, 1.0f);
    const float facing = glm::dot(ray.direction, normal);
    if (facing >= -1e-6f) return std::nullopt; // parallel or hitting the back
    const float t = glm::dot(panel.position - ray.origin, normal) / facing;
    if (t < 0.0f) return std::nullopt;
    const vec3 point = ray.at(t);
    const vec3 local = glm::inverse(panel.orientation) * (point - panel.position);
    const vec2 uv(local.x / size.x + 0.5f, 0.5f - local.y / size.y);
    if (uv.x < 0.0f || uv.x > 1.0f || uv.y < 0.0f || uv.y > 1.0f) return std::nullopt;
    return PanelHit{uv, point, t};
}

} // namespace tv::xr
