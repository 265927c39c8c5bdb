// FollowController — follow mode and gathering, as pure math on poses (no scene, no clock, no network).
//
// Desktop: while following, update() turns the leader's sampled head pose and field of view into the camera to
// render this frame. The camera converges on the leader exponentially with time constant kFollowTimeConstant
// (about 0.2 s): each frame moves 1 - exp(-dt / tau) of the remaining way, which is framerate independent (ten
// 10 ms steps land where one 100 ms step does). The first frame of following starts from the camera the user had,
// so following never snaps. When the local user navigates, the app calls breakAway(): the controller stops
// steering until followAgain().
//
// XR: the head pose belongs to the user's body and is never moved. Following instead shifts the tracking
// reference space: teleportOffset() computes the reference-space offset (a translation in the floor plane and a
// yaw about +Y) that puts the local head where the leader's head is, facing the leader's yaw, at the local user's
// own head height. xrUpdate() applies the comfort rule: re-teleport only after the leader moved more than 0.5 m
// or turned more than 20 degrees since the last teleport.
//
// Gather: gatherCamera() turns a shared viewpoint into a camera transition target (desktop), viewpointHead() into
// a head pose for teleportOffset() (XR).
//
// Value type; one owner (the app's main thread).
#pragma once

#include "net/session/presence.h"
#include "net/session/session_types.h"
#include "scene/view_camera.h"

#include <optional>
#include <string>

namespace tv::session {

inline constexpr float kFollowTimeConstant = 0.2f;   // seconds
inline constexpr float kTeleportDistance = 0.5f;     // metres the leader must move before an XR follower re-teleports
inline constexpr float kTeleportYawRad = 0.3490659f; // 20 degrees

// Maps the XR reference (tracking) space into the world: world = translation + R_y(yawRad) * reference.
struct ReferenceOffset {
    vec3 translation{0.0f}; // y is always 0: the floor stays the floor
    float yawRad = 0.0f;
    mat4 matrix() const;
    bool operator==(const ReferenceOffset&) const = default;
};

// The heading of a pose: the rotation about +Y that turns -Z (where a head looks) towards its forward direction
// projected on the floor. Looking straight up or down, the top of the head gives the heading instead.
float headingYaw(const quat& orientation);

// The offset that puts `localHeadInReference` (the tracked head, in reference space) at `leaderHead` (world)
// horizontally, keeps its height above the floor, and turns it to the leader's heading. The head pose is untouched.
ReferenceOffset teleportOffset(const net::PresencePose& leaderHead, const net::PresencePose& localHeadInReference);

// Desktop gather: the camera a shared viewpoint describes, keeping `current`'s clip planes.
scene::ViewCamera gatherCamera(const net::SharedViewpoint& viewpoint, const scene::ViewCamera& current);
// XR gather: a head pose standing at the viewpoint's eye and looking at its target.
net::PresencePose viewpointHead(const net::SharedViewpoint& viewpoint);

class FollowController {
public:
    // Starts (or switches to) following `leader`; the next update() starts from the current camera.
    void follow(std::string leader);
    // Ends follow mode altogether (the leader stopped leading or left).
    void stop();
    // The local user took the camera: stop steering but remember the leader.
    void breakAway();
    // Back to following the remembered leader (no snap: starts from the current camera).
    void followAgain();

    const std::string& leader() const { return m_leader; }
    bool hasLeader() const { return !m_leader.empty(); }
    bool following() const { return hasLeader() && !m_brokenAway; } // steering the camera
    bool brokenAway() const { return hasLeader() && m_brokenAway; }

    // Desktop, once per frame while following(): the camera to render, `dt` seconds after the previous frame.
    // Keeps the distance to the orbit target from `current` (so orbiting after breaking away feels natural) and its
    // clip planes; eye, view direction and yfov converge on the leader's. Returns `current` when not following.
    scene::ViewCamera update(const scene::ViewCamera& current, const net::PresencePose& leaderHead, float leaderYfov,
                             float dt);

    // XR, once per frame while following(): a new reference offset when a (re)teleport is due, else nullopt.
    std::optional<ReferenceOffset> xrUpdate(const net::PresencePose& leaderHead,
                                            const net::PresencePose& localHeadInReference);

private:
    std::string m_leader;
    bool m_brokenAway = false;
    bool m_seeded = false; // desktop smoothing state holds a camera
    vec3 m_eye{0.0f};
    quat m_orientation{1.0f, 0.0f, 0.0f, 0.0f};
    float m_yfov = 0.8f;
    std::optional<net::PresencePose> m_lastTeleportLeader; // XR: the leader pose the last teleport went to
};

} // namespace tv::session
