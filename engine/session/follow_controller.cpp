// Follow mode and gather math; see follow_controller.h.
#include "session/follow_controller.h"

#include <cmath>

namespace tv::session {

namespace {

constexpr vec3 kUp{0.0f, 1.0f, 0.0f};
constexpr float kPi = 3.14159265358979f;

// Rotation that turns -Z towards `forward` with +Y as up as far as possible.
quat lookRotation(vec3 forward) {
    float len = glm::length(forward);
    if (len < 1e-6f) return quat(1.0f, 0.0f, 0.0f, 0.0f);
    forward /= len;
    vec3 up = std::abs(forward.y) > 0.999f ? vec3(0.0f, 0.0f, forward.y > 0.0f ? 1.0f : -1.0f) : kUp;
    return glm::normalize(glm::quatLookAt(forward, up));
}

float wrapAngle(float a) {
    a = std::fmod(a + kPi, 2.0f * kPi);
    if (a < 0.0f) a += 2.0f * kPi;
    return a - kPi;
}

// The camera's up vector for a view direction: world up unless that is (nearly) the view direction itself.
vec3 cameraUp(const quat& orientation, const vec3& forward) {
    return std::abs(forward.y) > 0.999f ? orientation * kUp : kUp;
}

} // namespace

mat4 ReferenceOffset::matrix() const { return glm::rotate(glm::translate(mat4(1.0f), translation), yawRad, kUp); }

float headingYaw(const quat& orientation) {
    vec3 f = orientation * vec3(0.0f, 0.0f, -1.0f);
    if (f.x * f.x + f.z * f.z < 1e-6f) {
        // Looking straight down the top of the head points forward; straight up it points backward.
        vec3 top = orientation * kUp;
        f = f.y < 0.0f ? top : -top;
    }
    return std::atan2(-f.x, -f.z); // R_y(yaw) * (0,0,-1) = (-sin yaw, 0, -cos yaw)
}

ReferenceOffset teleportOffset(const net::PresencePose& leaderHead, const net::PresencePose& localHeadInReference) {
    ReferenceOffset o;
    o.yawRad = wrapAngle(headingYaw(leaderHead.orientation) - headingYaw(localHeadInReference.orientation));
    vec3 turned = glm::angleAxis(o.yawRad, kUp) * localHeadInReference.position;
    // Only x and z move: the local head keeps its own height above the floor (the leader may be taller or sitting).
    o.translation = vec3(leaderHead.position.x - turned.x, 0.0f, leaderHead.position.z - turned.z);
    return o;
}

scene::ViewCamera gatherCamera(const net::SharedViewpoint& viewpoint, const scene::ViewCamera& current) {
    scene::ViewCamera cam = current;
    cam.orthographic = false;
    cam.eye = viewpoint.eye;
    cam.target = viewpoint.target;
    if (glm::length(cam.target - cam.eye) < 1e-4f) cam.target = cam.eye + vec3(0.0f, 0.0f, -1.0f);
    vec3 forward = glm::normalize(cam.target - cam.eye);
    cam.up = std::abs(forward.y) > 0.999f ? vec3(0.0f, 0.0f, -1.0f) : kUp;
    if (viewpoint.yfov > 0.0f && viewpoint.yfov < kPi) cam.yfov = viewpoint.yfov;
    return cam;
}

net::PresencePose viewpointHead(const net::SharedViewpoint& viewpoint) {
    net::PresencePose p;
    p.position = viewpoint.eye;
    p.orientation = lookRotation(viewpoint.target - viewpoint.eye);
    return p;
}

void FollowController::follow(std::string leader) {
    m_leader = std::move(leader);
    m_brokenAway = false;
    m_seeded = false;
    m_lastTeleportLeader.reset();
}

void FollowController::stop() {
    m_leader.clear();
    m_brokenAway = false;
    m_seeded = false;
    m_lastTeleportLeader.reset();
}

void FollowController::breakAway() {
    if (!hasLeader()) return;
    m_brokenAway = true;
    m_seeded = false;
}

void FollowController::followAgain() {
    if (!hasLeader()) return;
    m_brokenAway = false;
    m_seeded = false;
    m_lastTeleportLeader.reset();
}

scene::ViewCamera FollowController::update(const scene::ViewCamera& current, const net::PresencePose& leaderHead,
                                           float leaderYfov, float dt) {
    if (!following()) return current;
    if (!m_seeded) {
        // Start from what the user sees now: following glides in, it never cuts.
        m_seeded = true;
        m_eye = current.eye;
        m_orientation = lookRotation(current.target - current.eye);
        m_yfov = current.orthographic ? leaderYfov : current.yfov;
    }
    const float alpha = dt > 0.0f ? 1.0f - std::exp(-dt / kFollowTimeConstant) : 0.0f;
    m_eye = glm::mix(m_eye, leaderHead.position, alpha);
    m_orientation = glm::normalize(glm::slerp(m_orientation, leaderHead.orientation, alpha));
    if (leaderYfov > 0.0f && leaderYfov < kPi) m_yfov = m_yfov + (leaderYfov - m_yfov) * alpha;

    scene::ViewCamera cam = current;
    cam.orthographic = false;
    float distance = glm::length(current.target - current.eye);
    if (!(distance > 0.5f)) distance = 0.5f; // also catches NaN
    const vec3 forward = m_orientation * vec3(0.0f, 0.0f, -1.0f);
    cam.eye = m_eye;
    cam.target = m_eye + forward * distance;
    cam.up = cameraUp(m_orientation, forward);
    cam.yfov = m_yfov;
    return cam;
}

std::optional<ReferenceOffset> FollowController::xrUpdate(const net::PresencePose& leaderHead,
                                                          const net::PresencePose& localHeadInReference) {
    if (!following()) return std::nullopt;
    if (m_lastTeleportLeader) {
        const net::PresencePose& last = *m_lastTeleportLeader;
        float moved = glm::length(leaderHead.position - last.position);
        float turned = std::abs(wrapAngle(headingYaw(leaderHead.orientation) - headingYaw(last.orientation)));
        // Comfort: small shuffles and glances of the leader do not drag everyone around.
        if (moved <= kTeleportDistance && turned <= kTeleportYawRad) return std::nullopt;
    }
    m_lastTeleportLeader = leaderHead;
    return teleportOffset(leaderHead, localHeadInReference);
}

} // namespace tv::session
