// NavigationController — the desktop viewer's camera: three modes and the view commands, as pure math on a
// ViewCamera driven by already-decoded input (pixel deltas, wheel steps, key axes, dt), so it is unit-tested and
// the window code only translates GLFW events. Replaces app/OrbitController.
//
//   Orbit: beginOrbit() picks the pivot — the selection (setSelectionPivot) if any, else the surface under the
//          cursor, else the current target — and orbit() turns eye and target around it (yaw about world +Y, pitch
//          about the camera's right axis, clamped short of the poles, never rolling). pan() drags the scene with the
//          cursor at the focus depth; zoom() moves towards the surface under the cursor (never through it), which
//          stays under the cursor; orthographic zoom scales ymag about the cursor instead.
//   Fly:   look() turns the view about the eye (mouse look); move() flies along the view (W/S), right (D/A) and
//          world up (E/Q) at flySpeed, times fastMultiplier with Shift; adjustSpeed() on the wheel.
//   Walk:  like fly, but moves horizontally at walkSpeed and the eye follows the floor at 1.7 m and stops at walls
//          (WalkPhysics against the SceneRaycaster). Without a raycaster, walk moves horizontally without contact.
// View commands — frameBounds (F / Home), showStandardView, transitionTo — animate through a CameraTransition and
// return to Orbit mode; setOrthographic switches at once with a matching size (no visible jump). Any orbit, pan,
// zoom, look or move input during a transition cancels it and continues from where it was.
//
// The raycaster (optional) is used for the cursor pivot, zoom-to-cursor and walk contact; it is not owned and must
// outlive its use (rebuild it from each frame's extract, or when the scene changes). Main thread only.
#pragma once

#include "core/math.h"
#include "interact/camera_transition.h"
#include "interact/camera_views.h"
#include "interact/scene_raycast.h"
#include "interact/walk_physics.h"
#include "scene/view_camera.h"

#include <cstdint>
#include <optional>

namespace tv::interact {

enum class NavigationMode : uint8_t { Orbit, Fly, Walk };
const char* navigationModeName(NavigationMode mode);

// Movement axes in [-1, 1] (keys give -1/0/1; a gamepad may give fractions).
struct MoveInput {
    float forward = 0.0f; // W = +1, S = -1
    float right = 0.0f;   // D = +1, A = -1
    float up = 0.0f;      // E = +1, Q = -1 (fly only)
    bool fast = false;    // Shift
};

struct NavigationSettings {
    float orbitRadiansPerPixel = 0.005f;
    float lookRadiansPerPixel = 0.003f;
    float maxPitch = glm::radians(89.0f); // orbit and look stop this far from straight up/down
    float zoomStep = 0.15f;               // fraction of the distance covered per wheel step
    float minZoomDistance = 0.01f;        // zoom-to-cursor stops this far from the surface (metres)
    float flySpeed = 5.0f;                // m/s
    float walkSpeed = 1.4f;               // m/s
    float fastMultiplier = 4.0f;
    float speedStep = 1.25f; // flySpeed factor per wheel step in fly/walk mode
    float transitionSeconds = CameraTransition::kDefaultDuration;
    WalkSettings walk;
};

class NavigationController {
public:
    explicit NavigationController(const NavigationSettings& settings = {});

    // ---- State -----------------------------------------------------------------------------------------------
    void setCamera(const scene::ViewCamera& camera); // adopt at once (cancels any transition)
    const scene::ViewCamera& camera() const { return m_cam; }
    // The camera with near/far refitted to `sceneBounds` (so nothing in the scene is clipped) — what to render.
    scene::ViewCamera camera(const Aabb& sceneBounds) const;
    void setViewport(const vec2& sizePixels);
    const vec2& viewport() const { return m_viewport; }
    void setRaycaster(const SceneRaycaster* raycaster) { m_raycaster = raycaster; }
    // The selection's centre (orbit pivot), or nullopt when nothing is selected.
    void setSelectionPivot(std::optional<vec3> pivot) { m_selectionPivot = pivot; }

    NavigationMode mode() const { return m_mode; }
    void setMode(NavigationMode mode); // entering Walk drops the eye onto the floor under it
    const NavigationSettings& settings() const { return m_settings; }
    float flySpeed() const { return m_flySpeed; }
    void setFlySpeed(float metresPerSecond);

    // ---- Orbit mode ------------------------------------------------------------------------------------------
    // Call on button press; returns the chosen pivot.
    vec3 beginOrbit(const vec2& cursor);
    vec3 pivot() const { return m_pivot; }
    void orbit(float dxPixels, float dyPixels);
    void pan(float dxPixels, float dyPixels);
    void zoom(float wheelSteps, const vec2& cursor); // positive = closer

    // ---- Fly / walk mode -------------------------------------------------------------------------------------
    void look(float dxPixels, float dyPixels);
    void move(const MoveInput& input, float dt);
    void adjustSpeed(float wheelSteps); // multiplies flySpeed (and walk speed with it) by speedStep^steps

    // ---- View commands (animated) ----------------------------------------------------------------------------
    void frameBounds(const Aabb& bounds); // F with the selection's bounds, Home with the scene's
    void showStandardView(StandardView view, const Aabb& sceneBounds);
    void transitionTo(const scene::ViewCamera& camera, float seconds = -1.0f); // < 0: settings' duration
    void setOrthographic(bool orthographic);

    // Advances a running transition; call once per frame.
    void update(float dt);
    bool transitioning() const { return m_transition.active(); }
    const CameraTransition& transition() const { return m_transition; }

private:
    float aspect() const { return m_viewport.x / std::max(m_viewport.y, 1.0f); }
    float focusDistance() const { return std::max(glm::length(m_cam.target - m_cam.eye), 1e-4f); }
    void takeOver(); // user input: stop a transition where it is
    // Turns the view about `centre`: yaw > 0 turns right (about world Y), lookUp > 0 raises the view direction
    // (about the camera's right axis, clamped to maxPitch), never rolling.
    void rotateAbout(const vec3& centre, float yaw, float lookUp);
    std::optional<RayHit> pickAt(const vec2& cursor) const;

    NavigationSettings m_settings;
    scene::ViewCamera m_cam;
    vec2 m_viewport{1280.0f, 720.0f};
    const SceneRaycaster* m_raycaster = nullptr;
    std::optional<vec3> m_selectionPivot;
    vec3 m_pivot{0.0f};
    NavigationMode m_mode = NavigationMode::Orbit;
    float m_flySpeed;
    CameraTransition m_transition;
    WalkPhysics m_walk;
};

} // namespace tv::interact
