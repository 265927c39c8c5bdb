// WalkPhysics — first-person walking against scene geometry: the eye rides at eye height above the floor under the
// camera, climbs steps up to a step height, falls (with gravity) off edges, and stops at walls (sliding along them
// when the move is oblique). All contact comes from SceneRaycaster casts, so whatever is drawn is walkable.
//
// Body model: a vertical capsule approximated by rays — a down ray from step height above the feet finds the
// floor; horizontal rays at three heights (just above step height, mid body, eye) find walls, keeping `radius`
// clearance. No ceiling test (a walker in a low room keeps its eye height). If no floor lies below within
// maxFloorProbe, the walker hovers at its height instead of falling forever (a viewer, not a game: stepping off the
// model must not lose the user).
//
// Plain value state; main thread.
#pragma once

#include "core/math.h"
#include "interact/scene_raycast.h"

namespace tv::interact {

struct WalkSettings {
    float eyeHeight = 1.7f;        // metres, feet to eye
    float radius = 0.3f;           // wall clearance
    float stepHeight = 0.35f;      // highest ledge climbed without stopping
    float gravity = 9.81f;         // m/s^2
    float maxFallSpeed = 50.0f;    // m/s, terminal velocity
    float maxFloorProbe = 1000.0f; // metres below the feet searched for a floor
};

class WalkPhysics {
public:
    explicit WalkPhysics(WalkSettings settings = {}) : m_settings(settings) {}

    // Advances one step: tries to move the eye by the horizontal part of `move` (metres, y ignored), resolving walls,
    // then applies the floor (climb, land or fall for dt seconds). Returns the new eye position.
    vec3 step(const SceneRaycaster& scene, const vec3& eye, const vec3& move, float dt);

    // Puts the walker on the floor under `eye` right away (entering walk mode), or leaves the height when there is
    // no floor. Resets the fall speed.
    vec3 settle(const SceneRaycaster& scene, const vec3& eye);

    bool grounded() const { return m_grounded; }
    float verticalSpeed() const { return m_vy; }
    const WalkSettings& settings() const { return m_settings; }
    void setSettings(const WalkSettings& s) { m_settings = s; }

    // Height of the floor under `feet` (searched from stepHeight above them), nullopt when none within the probe.
    std::optional<float> floorBelow(const SceneRaycaster& scene, const vec3& feet) const;

private:
    vec3 moveHorizontally(const SceneRaycaster& scene, const vec3& feet, vec3 move) const;
    // Distance the body may travel along unit horizontal `dir` before its clearance touches a wall (capped at want).
    float freeDistance(const SceneRaycaster& scene, const vec3& feet, const vec3& dir, float want,
                       vec3* wallNormal) const;

    WalkSettings m_settings;
    float m_vy = 0.0f;
    bool m_grounded = false;
};

} // namespace tv::interact
