// Teleport arc — the ballistic curve the user aims a teleport with: thrown from the aim pose at a fixed speed under
// gravity, sampled into short segments, each segment ray-cast against the scene; the first surface met ends the
// arc. A parabola rather than a straight laser because it reaches far targets without aiming at the horizon and
// naturally lands on floors, and its length tells the user how far they will go.
//
// The throw happens in TRACKING space with physical units (speed in m/s of the user's own arm, g = 9.81 m/s²), so
// the arc feels the same at any rig scale: a user scaled up tenfold over a tabletop model throws ten world metres
// where a life-size user throws one. Points and the target are returned in WORLD space, ready to draw.
//
// Valid target: a hit whose normal is within maxSlope (45°) of +Y — a floor, a stair tread, a gentle ramp. Walls,
// ceilings and steep roofs end the arc invalid: standing on them would put the user inside or under geometry.
//
// Pure functions; any thread (the raycast callback decides its own thread rules).
#pragma once

#include "core/math.h"
#include "interact/scene_raycast.h"
#include "xr/input/tracking_rig.h"
#include "xr/input/xr_input_state.h"

#include <functional>
#include <optional>
#include <vector>

namespace tv::xr {

// A world-space ray cast: the nearest hit within maxDistance world metres of `ray.origin` (unit direction), or
// nullopt. The app wraps interact::SceneRaycaster::cast; tests pass analytic planes.
using RaycastFn = std::function<std::optional<interact::RayHit>(const interact::Ray& ray, float maxDistance)>;

struct TeleportArcSettings {
    float speed = 7.0f;                      // launch speed along the aim direction, tracked m/s
    float gravity = 9.81f;                   // tracked m/s² along -Y
    float segmentSeconds = 0.02f;            // flight time per segment: short enough that the chord sags < 1 mm
    float maxSeconds = 2.5f;                 // flight time before giving up (about 17 m on level ground)
    float maxSlopeRad = glm::radians(45.0f); // steepest surface that counts as floor
};

struct TeleportArc {
    bool active = false;           // an arc is being shown (the gesture is on)
    std::vector<vec3> points;      // world space, from the aim origin to the end (hit point when it hit)
    bool hit = false;              // the arc met a surface
    bool valid = false;            // ... and that surface is a floor (teleporting is allowed)
    vec3 target{0.0f};             // world hit point (meaningful when hit)
    vec3 normal{0.0f, 1.0f, 0.0f}; // world hit normal (meaningful when hit)
    scene::NodeHandle node;        // the node hit
};

// Traces the arc from `aimTracking` (origin and -Z direction) through the rig into the world.
TeleportArc traceTeleportArc(const Pose& aimTracking, const TrackingRig& rig, const RaycastFn& raycast,
                             const TeleportArcSettings& settings = {});

// The tracked position of the arc at flight time t (before the rig): o + v t + ½ g t².
vec3 arcPointTracking(const Pose& aimTracking, float t, const TeleportArcSettings& settings);

// The rig after teleporting so that the point on the tracked floor below the head (head.x, 0, head.z) lands on
// `targetWorld`: yaw and scale unchanged, the head keeps its height above the (new) floor in tracked metres.
TrackingRig teleportRig(const TrackingRig& rig, const vec3& headTracking, const vec3& targetWorld);

} // namespace tv::xr
