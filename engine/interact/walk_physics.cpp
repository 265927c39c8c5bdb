// Walk mode physics against ray casts (see walk_physics.h).
#include "interact/walk_physics.h"

#include <algorithm>
#include <cmath>

namespace tv::interact {

namespace {

constexpr float kSkin = 1e-3f; // keeps the body this far off surfaces so the next probe does not start inside one

} // namespace

std::optional<float> WalkPhysics::floorBelow(const SceneRaycaster& scene, const vec3& feet) const {
    Ray down{feet + vec3(0.0f, m_settings.stepHeight, 0.0f), vec3(0.0f, -1.0f, 0.0f)};
    RaycastOptions opt;
    opt.maxDistance = m_settings.stepHeight + m_settings.maxFloorProbe;
    auto hit = scene.cast(down, opt);
    if (!hit) return std::nullopt;
    return hit->position.y;
}

float WalkPhysics::freeDistance(const SceneRaycaster& scene, const vec3& feet, const vec3& dir, float want,
                                vec3* wallNormal) const {
    const float heights[] = {m_settings.stepHeight + 0.05f, m_settings.eyeHeight * 0.5f, m_settings.eyeHeight};
    float allowed = want;
    RaycastOptions opt;
    opt.maxDistance = want + m_settings.radius / 0.05f;
    for (float h : heights) {
        if (h > m_settings.eyeHeight) continue;
        auto hit = scene.cast(Ray{feet + vec3(0.0f, h, 0.0f), dir}, opt);
        if (!hit) continue;
        // Clearance is measured perpendicular to the wall: approaching at an angle, the body touches it after
        // travelling radius / cos(angle) less than the centre ray's hit distance.
        float cosAngle = std::max(std::abs(glm::dot(dir, hit->normal)), 0.05f);
        float d = std::max(0.0f, hit->distance - (m_settings.radius + kSkin) / cosAngle);
        if (d < allowed) {
            allowed = d;
            if (wallNormal) *wallNormal = hit->normal;
        }
        opt.maxDistance = std::min(opt.maxDistance, hit->distance);
    }
    return allowed;
}

vec3 WalkPhysics::moveHorizontally(const SceneRaycaster& scene, const vec3& feet, vec3 move) const {
    move.y = 0.0f;
    vec3 pos = feet;
    // Two passes: straight, then the blocked remainder projected onto the wall (slide).
    for (int pass = 0; pass < 2; ++pass) {
        float len = glm::length(move);
        if (len < 1e-6f) break;
        vec3 dir = move / len;
        vec3 normal(0.0f);
        float free = freeDistance(scene, pos, dir, len, &normal);
        pos += dir * free;
        if (free >= len) break;
        vec3 n(normal.x, 0.0f, normal.z);
        float nl = glm::length(n);
        if (nl < 1e-4f) break; // a sloped face seen head-on: just stop
        n /= nl;
        vec3 rest = dir * (len - free);
        move = rest - n * glm::dot(rest, n);
    }
    return pos;
}

vec3 WalkPhysics::step(const SceneRaycaster& scene, const vec3& eye, const vec3& move, float dt) {
    dt = std::max(dt, 0.0f);
    vec3 feet = eye - vec3(0.0f, m_settings.eyeHeight, 0.0f);
    feet = moveHorizontally(scene, feet, move);

    auto floor = floorBelow(scene, feet);
    if (!floor) { // nothing below: hover (see header)
        m_vy = 0.0f;
        m_grounded = false;
        return feet + vec3(0.0f, m_settings.eyeHeight, 0.0f);
    }
    if (*floor >= feet.y - 1e-4f) {
        // On the floor or a climbable step up (floorBelow only sees up to stepHeight above the feet).
        feet.y = *floor;
        m_vy = 0.0f;
        m_grounded = true;
    } else {
        // Above the floor: fall, landing exactly on it.
        m_vy = std::max(m_vy - m_settings.gravity * dt, -m_settings.maxFallSpeed);
        float y = feet.y + m_vy * dt;
        if (y <= *floor) {
            y = *floor;
            m_vy = 0.0f;
            m_grounded = true;
        } else {
            m_grounded = false;
        }
        feet.y = y;
    }
    return feet + vec3(0.0f, m_settings.eyeHeight, 0.0f);
}

vec3 WalkPhysics::settle(const SceneRaycaster& scene, const vec3& eye) {
    m_vy = 0.0f;
    vec3 feet = eye - vec3(0.0f, m_settings.eyeHeight, 0.0f);
    // Look for a floor from the eye down, so entering walk mode while slightly below a floor surface (e.g. from a
    // camera placed at floor level) still lands on it.
    Ray down{eye, vec3(0.0f, -1.0f, 0.0f)};
    RaycastOptions opt;
    opt.maxDistance = m_settings.eyeHeight + m_settings.maxFloorProbe;
    auto hit = scene.cast(down, opt);
    m_grounded = bool(hit);
    if (hit) feet.y = hit->position.y;
    return feet + vec3(0.0f, m_settings.eyeHeight, 0.0f);
}

} // namespace tv::interact
