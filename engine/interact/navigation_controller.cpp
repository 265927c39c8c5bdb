// NavigationController (see navigation_controller.h).
#include "interact/navigation_controller.h"

#include <algorithm>
#include <cmath>

namespace tv::interact {

const char* navigationModeName(NavigationMode mode) {
    switch (mode) {
    case NavigationMode::Orbit: return "orbit";
    case NavigationMode::Fly: return "fly";
    case NavigationMode::Walk: return "walk";
    }
    return "?";
}

NavigationController::NavigationController(const NavigationSettings& settings)
    : m_settings(settings), m_flySpeed(settings.flySpeed), m_walk(settings.walk) {
    m_pivot = m_cam.target;
}

void NavigationController::setCamera(const scene::ViewCamera& camera) {
    m_transition.cancel();
    m_cam = camera;
    m_pivot = camera.target;
}

scene::ViewCamera NavigationController::camera(const Aabb& sceneBounds) const {
    scene::ViewCamera c = m_cam;
    if (!sceneBounds.empty()) scene::fitDepthRange(c, sceneBounds);
    return c;
}

void NavigationController::setViewport(const vec2& sizePixels) { m_viewport = glm::max(sizePixels, vec2(1.0f)); }

void NavigationController::setMode(NavigationMode mode) {
    takeOver();
    m_mode = mode;
    if (mode == NavigationMode::Walk && m_raycaster) {
        vec3 eye = m_walk.settle(*m_raycaster, m_cam.eye);
        m_cam.target += eye - m_cam.eye;
        m_cam.eye = eye;
    }
    if (mode != NavigationMode::Orbit && m_cam.orthographic) m_cam = toPerspective(m_cam); // first person needs depth
}

void NavigationController::setFlySpeed(float metresPerSecond) { m_flySpeed = std::clamp(metresPerSecond, 1e-3f, 1e4f); }

void NavigationController::takeOver() {
    if (!m_transition.active()) return;
    m_cam = m_transition.current();
    m_transition.cancel();
}

std::optional<RayHit> NavigationController::pickAt(const vec2& cursor) const {
    if (!m_raycaster) return std::nullopt;
    return m_raycaster->cast(rayFromPixel(m_cam, cursor, m_viewport));
}

void NavigationController::rotateAbout(const vec3& centre, float yaw, float lookUp) {
    quat q = cameraOrientation(m_cam);
    vec3 forward = orientationForward(q);
    // Right from the orientation (well defined even looking straight down), flattened so no roll creeps in.
    vec3 right = q * vec3(1, 0, 0);
    right.y = 0.0f;
    if (glm::length(right) < 1e-6f) right = vec3(1, 0, 0);
    right = glm::normalize(right);

    float current = std::asin(std::clamp(forward.y, -1.0f, 1.0f));
    // A camera already beyond the limit (a top view) may move back towards the horizon but not further out.
    float lo = std::min(-m_settings.maxPitch, current), hi = std::max(m_settings.maxPitch, current);
    float next = std::clamp(current + lookUp, lo, hi);
    float dPitch = next - current;

    quat r = glm::angleAxis(-yaw, vec3(0, 1, 0)) * glm::angleAxis(dPitch, right);
    m_cam.eye = centre + r * (m_cam.eye - centre);
    m_cam.target = centre + r * (m_cam.target - centre);
    vec3 newRight = r * right;
    vec3 newForward = glm::normalize(r * forward);
    m_cam.up = glm::normalize(glm::cross(newRight, newForward));
}

vec3 NavigationController::beginOrbit(const vec2& cursor) {
    takeOver();
    if (m_selectionPivot) {
        m_pivot = *m_selectionPivot;
    } else if (auto hit = pickAt(cursor)) {
        m_pivot = hit->position;
    } else {
        m_pivot = m_cam.target;
    }
    return m_pivot;
}

void NavigationController::orbit(float dxPixels, float dyPixels) {
    takeOver();
    // Drag right: the camera circles left, so the model appears to turn with the cursor; drag down: the camera
    // rises over the model (and so looks further down).
    rotateAbout(m_pivot, dxPixels * m_settings.orbitRadiansPerPixel, -dyPixels * m_settings.orbitRadiansPerPixel);
}

void NavigationController::pan(float dxPixels, float dyPixels) {
    takeOver();
    quat q = cameraOrientation(m_cam);
    vec3 right = q * vec3(1, 0, 0), up = q * vec3(0, 1, 0);
    // Scale at the pivot's depth when it is in front of us, so the point grabbed follows the cursor.
    float depth = glm::dot(m_pivot - m_cam.eye, orientationForward(q));
    if (!(depth > 1e-4f)) depth = focusDistance();
    float wpp = worldPerPixel(m_cam, depth, m_viewport.y);
    vec3 delta = (-right * dxPixels + up * dyPixels) * wpp;
    m_cam.eye += delta;
    m_cam.target += delta;
    m_pivot += delta;
}

void NavigationController::zoom(float wheelSteps, const vec2& cursor) {
    takeOver();
    float f = std::pow(1.0f - m_settings.zoomStep, wheelSteps); // < 1: closer
    Ray ray = rayFromPixel(m_cam, cursor, m_viewport);
    vec3 forward = m_cam.forward();
    vec3 point;
    if (auto hit = pickAt(cursor)) {
        point = hit->position;
    } else {
        // Nothing under the cursor: zoom towards the point of the cursor ray at the focus depth.
        float cosAngle = std::max(glm::dot(ray.direction, forward), 1e-3f);
        point = m_cam.orthographic ? ray.at(focusDistance()) : ray.at(focusDistance() / cosAngle);
    }
    if (m_cam.orthographic) {
        // Scale the view about the cursor point: its offset from the view axis shrinks with ymag.
        vec3 v = point - m_cam.eye;
        vec3 planar = v - forward * glm::dot(v, forward);
        vec3 shift = planar * (1.0f - f);
        m_cam.eye += shift;
        m_cam.target += shift;
        m_cam.ymag = std::max(m_cam.ymag * f, 1e-5f);
        return;
    }
    // Perspective: the eye slides along the line to the point (which keeps it on the same pixel, since the view
    // direction is unchanged); it stops minZoomDistance short of the surface (closer only clips it away).
    vec3 away = m_cam.eye - point;
    float awayLen = glm::length(away);
    if (awayLen > 0.0f && awayLen * f < m_settings.minZoomDistance)
        f = std::min(1.0f, m_settings.minZoomDistance / awayLen);
    vec3 eye = point + away * f;
    float dist = std::max(focusDistance() * f, 1e-4f);
    m_cam.eye = eye;
    m_cam.target = eye + forward * dist;
}

void NavigationController::look(float dxPixels, float dyPixels) {
    takeOver();
    // Mouse look turns about the eye: right = turn right, down = look down.
    rotateAbout(m_cam.eye, dxPixels * m_settings.lookRadiansPerPixel, -dyPixels * m_settings.lookRadiansPerPixel);
}

void NavigationController::move(const MoveInput& input, float dt) {
    takeOver();
    if (dt <= 0.0f) return;
    quat q = cameraOrientation(m_cam);
    vec3 forward = orientationForward(q);
    vec3 right = q * vec3(1, 0, 0);
    float boost = input.fast ? m_settings.fastMultiplier : 1.0f;
    if (m_mode == NavigationMode::Walk) {
        vec3 flatForward(forward.x, 0.0f, forward.z), flatRight(right.x, 0.0f, right.z);
        flatForward = glm::length(flatForward) > 1e-6f ? glm::normalize(flatForward) : vec3(0, 0, -1);
        flatRight = glm::length(flatRight) > 1e-6f ? glm::normalize(flatRight) : vec3(1, 0, 0);
        float speed = m_settings.walkSpeed * (m_flySpeed / m_settings.flySpeed) * boost;
        vec3 step = (flatForward * input.forward + flatRight * input.right) * (speed * dt);
        vec3 eye = m_raycaster ? m_walk.step(*m_raycaster, m_cam.eye, step, dt) : m_cam.eye + step;
        m_cam.target += eye - m_cam.eye;
        m_cam.eye = eye;
        return;
    }
    vec3 dir = forward * input.forward + right * input.right + vec3(0, 1, 0) * input.up;
    vec3 step = dir * (m_flySpeed * boost * dt);
    m_cam.eye += step;
    m_cam.target += step;
}

void NavigationController::adjustSpeed(float wheelSteps) {
    setFlySpeed(m_flySpeed * std::pow(m_settings.speedStep, wheelSteps));
}

void NavigationController::transitionTo(const scene::ViewCamera& camera, float seconds) {
    takeOver();
    m_mode = NavigationMode::Orbit;
    m_transition.start(m_cam, camera, seconds < 0.0f ? m_settings.transitionSeconds : seconds);
    m_pivot = camera.target;
    if (!m_transition.active()) m_cam = camera;
}

void NavigationController::frameBounds(const Aabb& bounds) {
    takeOver();
    transitionTo(frameKeepingDirection(m_cam, bounds, aspect()));
}

void NavigationController::showStandardView(StandardView view, const Aabb& sceneBounds) {
    takeOver();
    transitionTo(standardView(m_cam, view, sceneBounds, aspect()));
}

void NavigationController::setOrthographic(bool orthographic) {
    takeOver();
    m_cam = orthographic ? toOrthographic(m_cam) : toPerspective(m_cam);
}

void NavigationController::update(float dt) {
    if (!m_transition.active()) return;
    m_cam = m_transition.update(dt);
}

} // namespace tv::interact
