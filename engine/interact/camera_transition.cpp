// Camera transitions (see camera_transition.h).
#include "interact/camera_transition.h"

#include "interact/camera_views.h"

#include <algorithm>
#include <cmath>

namespace tv::interact {

namespace {

float lerpLog(float a, float b, float s) {
    a = std::max(a, 1e-9f);
    b = std::max(b, 1e-9f);
    return std::exp(std::log(a) + (std::log(b) - std::log(a)) * s);
}

float distanceOf(const scene::ViewCamera& c) { return std::max(glm::length(c.target - c.eye), 1e-6f); }

// The orthographic half height that frames the target plane like this camera does (its own ymag when ortho).
float equivalentOrthoSize(const scene::ViewCamera& c) {
    return c.orthographic ? c.ymag : orthoHalfHeightAt(distanceOf(c), c.yfov);
}

} // namespace

float easeInOut(float t) {
    t = std::clamp(t, 0.0f, 1.0f);
    return t * t * (3.0f - 2.0f * t);
}

scene::ViewCamera interpolateCameras(const scene::ViewCamera& a, const scene::ViewCamera& b, float s) {
    if (s <= 0.0f) return a;
    if (s >= 1.0f) return b;
    quat qa = cameraOrientation(a), qb = cameraOrientation(b);
    quat q = glm::slerp(qa, qb, s); // glm takes the short way (negates when dot < 0)
    scene::ViewCamera c;
    c.target = glm::mix(a.target, b.target, s);
    c.yfov = a.yfov + (b.yfov - a.yfov) * s;
    c.orthographic = s < 0.5f ? a.orthographic : b.orthographic;
    float dist = lerpLog(distanceOf(a), distanceOf(b), s);
    c.ymag = lerpLog(equivalentOrthoSize(a), equivalentOrthoSize(b), s);
    c.eye = c.target - orientationForward(q) * dist;
    c.up = orientationUp(q);
    c.znear = lerpLog(a.znear, b.znear, s);
    c.zfar = lerpLog(a.zfar, b.zfar, s);
    return c;
}

void CameraTransition::start(const scene::ViewCamera& from, const scene::ViewCamera& to, float duration) {
    m_from = from;
    m_to = to;
    m_duration = duration;
    m_time = 0.0f;
    m_active = duration > 0.0f;
}

scene::ViewCamera CameraTransition::update(float dt) {
    if (m_active) {
        m_time += std::max(dt, 0.0f);
        if (m_time >= m_duration) m_active = false;
    }
    return current();
}

scene::ViewCamera CameraTransition::current() const {
    if (!m_active) return m_to;
    return interpolateCameras(m_from, m_to, progress());
}

float CameraTransition::progress() const {
    if (!m_active) return 1.0f;
    return easeInOut(m_time / m_duration);
}

} // namespace tv::interact
