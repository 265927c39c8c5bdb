// CameraTransition — smooth animated moves between two cameras (view commands, viewpoint tours, frame selection):
// ease in/out over ~0.4 s. What is interpolated, and why:
//   - the focus point (target) linearly: the thing looked at glides straight to the new one;
//   - the orientation by quaternion slerp (shortest arc): no flip through the pole, up stays consistent;
//   - the eye distance and the orthographic size geometrically: zooming by 100x feels uniform instead of rushing
//     through the first 99 %;
//   - yfov linearly; the projection mode switches half way, at a point where both framings match (each end's
//     "equivalent" ortho size / distance is interpolated, see camera_views.h toOrthographic).
// The eye is then target - forward * distance. update() at or past the duration returns `to` exactly.
// Plain value type; main thread (whoever owns the navigation).
#pragma once

#include "scene/view_camera.h"

namespace tv::interact {

// Cubic ease in/out: 0 -> 0, 1 -> 1, zero slope at both ends, monotonic. Clamps t to [0, 1].
float easeInOut(float t);

// The camera at fraction s in [0, 1] of the way from a to b (s is already eased). s <= 0 gives a, s >= 1 gives b,
// both exactly.
scene::ViewCamera interpolateCameras(const scene::ViewCamera& a, const scene::ViewCamera& b, float s);

class CameraTransition {
public:
    static constexpr float kDefaultDuration = 0.4f; // seconds

    // Starts from `from` towards `to`. duration <= 0 jumps (the next update returns `to`).
    void start(const scene::ViewCamera& from, const scene::ViewCamera& to, float duration = kDefaultDuration);
    // Advances by dt seconds and returns the current camera; inactive transitions return the destination.
    scene::ViewCamera update(float dt);
    scene::ViewCamera current() const;
    void cancel() { m_active = false; }

    bool active() const { return m_active; }
    float progress() const; // eased fraction in [0, 1]
    const scene::ViewCamera& destination() const { return m_to; }

private:
    scene::ViewCamera m_from, m_to;
    float m_duration = kDefaultDuration;
    float m_time = 0.0f;
    bool m_active = false;
};

} // namespace tv::interact
