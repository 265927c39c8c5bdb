// Analytic stand-ins for the scene in the XR input tests: infinite planes and axis-aligned boxes with known node
// handles, ray-cast exactly (no meshes), plus builders for hand-made XrInputState and
// helpers to read an update's events. Test-only; one thread.
#pragma once

#include "xr/input/teleport_arc.h"
#include "xr/input/xr_input_state.h"
#include "xr/input/xr_interaction.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <variant>
#include <vector>

namespace tv::xr::test {

inline scene::NodeHandle node(uint32_t index) { return scene::NodeHandle{index, 1}; }

struct Plane {
    vec3 point{0.0f};
    vec3 normal{0.0f, 1.0f, 0.0f};
    scene::NodeHandle node;
};

// Nearest plane hit within maxDistance; the normal is turned to face the ray origin, like SceneRaycaster's.
struct FakeScene {
    std::vector<Plane> planes;
    mutable int casts = 0;

    std::optional<interact::RayHit> cast(const interact::Ray& ray, float maxDistance) const {
        ++casts;
        std::optional<interact::RayHit> best;
        for (const Plane& p : planes) {
            const float denom = glm::dot(ray.direction, p.normal);
            if (std::fabs(denom) < 1e-9f) continue;
            const float t = glm::dot(p.point - ray.origin, p.normal) / denom;
            if (t < 0.0f || t > maxDistance || (best && t >= best->distance)) continue;
            interact::RayHit hit;
            hit.node = p.node;
            hit.position = ray.at(t);
            hit.normal = denom < 0.0f ? p.normal : -p.normal;
            hit.distance = t;
            best = hit;
        }
        return best;
    }
    RaycastFn fn() const {
        return [this](const interact::Ray& ray, float maxDistance) { return cast(ray, maxDistance); };
    }
};

// A focused state: head at (0, 1.6, 0) looking down -Z, both hands tracked at waist height, aiming down -Z.
inline XrInputState makeState() {
    XrInputState s;
    s.focused = true;
    s.headTracked = true;
    s.head.position = vec3(0.0f, 1.6f, 0.0f);
    s.profile = "/interaction_profiles/oculus/touch_controller";
    for (int hand = 0; hand < kHandCount; ++hand) {
        HandInput& h = s.hands[hand];
        h.tracked = h.gripTracked = true;
        h.grip.position = vec3(hand == kLeftHand ? -0.2f : 0.2f, 1.1f, -0.3f);
        h.aim = h.grip;
    }
    return s;
}

// The orientation whose -Z points along `direction` (unit), kept upright.
inline quat lookAlong(const vec3& direction) {
    const vec3 z = -glm::normalize(direction);
    vec3 up(0.0f, 1.0f, 0.0f);
    if (std::fabs(glm::dot(up, z)) > 0.999f) up = vec3(0.0f, 0.0f, 1.0f);
    const vec3 x = glm::normalize(glm::cross(up, z));
    const vec3 y = glm::cross(z, x);
    return glm::normalize(glm::quat_cast(mat3(x, y, z)));
}

// The events of type E an update produced, in order.
template <class E>
inline std::vector<E> eventsOf(const InteractionOutput& out) {
    std::vector<E> found;
    for (const InteractionEvent& e : out.events)
        if (const E* v = std::get_if<E>(&e)) found.push_back(*v);
    return found;
}

inline void expectNear(const vec3& a, const vec3& b, float tol = 1e-4f) {
    EXPECT_NEAR(a.x, b.x, tol);
    EXPECT_NEAR(a.y, b.y, tol);
    EXPECT_NEAR(a.z, b.z, tol);
}

} // namespace tv::xr::test
