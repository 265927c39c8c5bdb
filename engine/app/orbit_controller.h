// OrbitController — the window's basic camera control: orbit around a target (left drag), pan (right/middle
// drag), dolly towards the target (wheel), frame the scene bounds. Pure math on a ViewCamera, no GLFW, so it is
// unit-tested. (The full desktop navigation — fly, walk, viewpoints — builds on this in the desktop issue.)
#pragma once

#include "core/math.h"
#include "scene/view_camera.h"

namespace tv::app {

class OrbitController {
public:
    void reset(const scene::ViewCamera& camera); // adopt a camera (keeps its eye/target/fov)
    void orbit(float dxPixels, float dyPixels);  // yaw around world +Y, pitch clamped short of the poles
    void pan(float dxPixels, float dyPixels, float viewportHeight);
    void dolly(float wheelSteps);                // positive = closer; never passes the target
    void frame(const Aabb& bounds, float aspect);
    // The camera with near/far fitted to `bounds` (so nothing visible is clipped while orbiting).
    scene::ViewCamera camera(const Aabb& bounds) const;

private:
    void apply();
    scene::ViewCamera m_cam;
    float m_yaw = 0.0f, m_pitch = 0.0f, m_distance = 1.0f;
};

} // namespace tv::app
