#include "app/orbit_controller.h"

#include <algorithm>
#include <cmath>

namespace tv::app {
namespace {
constexpr float kRadiansPerPixel = 0.005f;
constexpr float kMaxPitch = 1.55f; // just short of straight up/down, where yaw becomes ill-defined
} // namespace

void OrbitController::reset(const scene::ViewCamera& camera) {
    m_cam = camera;
    vec3 off = camera.eye - camera.target;
    m_distance = std::max(glm::length(off), 1e-4f);
    off /= m_distance;
    m_pitch = std::asin(std::clamp(off.y, -1.0f, 1.0f));
    m_yaw = std::atan2(off.x, off.z);
    m_cam.up = vec3(0, 1, 0);
}

void OrbitController::apply() {
    vec3 dir{std::cos(m_pitch) * std::sin(m_yaw), std::sin(m_pitch), std::cos(m_pitch) * std::cos(m_yaw)};
    m_cam.eye = m_cam.target + dir * m_distance;
}

void OrbitController::orbit(float dx, float dy) {
    m_yaw -= dx * kRadiansPerPixel;
    m_pitch = std::clamp(m_pitch + dy * kRadiansPerPixel, -kMaxPitch, kMaxPitch);
    apply();
}

void OrbitController::pan(float dx, float dy, float viewportHeight) {
    // Move target and eye in the view plane so the point under the cursor stays under it (at target depth).
    mat4 view = m_cam.view();
    vec3 right{view[0][0], view[1][0], view[2][0]};
    vec3 up{view[0][1], view[1][1], view[2][1]};
    float worldPerPixel = 2.0f * m_distance * std::tan(m_cam.yfov * 0.5f) / std::max(viewportHeight, 1.0f);
    vec3 delta = (-dx * right + dy * up) * worldPerPixel;
    m_cam.target += delta;
    apply();
}

void OrbitController::dolly(float steps) {
    m_distance = std::max(m_distance * std::pow(0.85f, steps), 1e-4f);
    apply();
}

void OrbitController::frame(const Aabb& bounds, float aspect) {
    auto framed = scene::frameBounds(bounds, m_cam.yfov, aspect);
    // Keep the current viewing direction; only the distance and target change.
    vec3 dir = glm::normalize(m_cam.eye - m_cam.target);
    m_cam.target = framed.target;
    m_distance = glm::length(framed.eye - framed.target);
    m_cam.eye = m_cam.target + dir * m_distance;
}

scene::ViewCamera OrbitController::camera(const Aabb& bounds) const {
    scene::ViewCamera c = m_cam;
    scene::fitDepthRange(c, bounds);
    return c;
}

} // namespace tv::app
