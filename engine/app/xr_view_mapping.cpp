// Headset user -> session view, pointer visuals and teleport rigs; see xr_view_mapping.h.
#include "app/xr_view_mapping.h"

#include "session/follow_controller.h"

#include <glm/gtc/quaternion.hpp>

#include <algorithm>
#include <cmath>

namespace tv::app {

namespace {

constexpr vec3 kUp{0.0f, 1.0f, 0.0f};

// Orientation looking from `eye` towards `target` with +Y up (a pose's -Z is its forward direction).
quat lookRotation(const vec3& eye, const vec3& target) {
    vec3 dir = target - eye;
    if (glm::length(dir) < 1e-6f) return quat(1.0f, 0.0f, 0.0f, 0.0f);
    dir = glm::normalize(dir);
    const vec3 up = std::abs(glm::dot(dir, kUp)) > 0.999f ? vec3(0.0f, 0.0f, -1.0f) : kUp;
    return glm::quatLookAtRH(dir, up);
}

} // namespace

net::PresencePose presencePose(const xr::Pose& pose) {
    net::PresencePose p;
    p.position = pose.position;
    p.orientation = glm::normalize(pose.orientation);
    return p;
}

LocalView xrLocalView(const xr::XrInputState& input, const xr::InteractionOutput& out, float verticalFovRad,
                      std::string selectionPath) {
    LocalView local;
    local.selectionPath = std::move(selectionPath);
    const xr::Pose head = out.rig.toWorld(input.head);
    local.camera.eye = head.position;
    local.camera.target = head.position + head.orientation * vec3(0.0f, 0.0f, -1.0f);
    local.camera.up = head.orientation * kUp;
    local.camera.yfov = std::clamp(verticalFovRad, 0.05f, 3.0f);

    LocalView::Headset xr;
    xr.head = presencePose(head);
    if (input.hands[xr::kLeftHand].gripTracked)
        xr.leftHand = presencePose(out.rig.toWorld(input.hands[xr::kLeftHand].grip));
    if (input.hands[xr::kRightHand].gripTracked)
        xr.rightHand = presencePose(out.rig.toWorld(input.hands[xr::kRightHand].grip));
    // The others see one laser: the right hand's (the selecting hand), else the left one's.
    for (int hand : {xr::kRightHand, xr::kLeftHand}) {
        const xr::Laser& laser = out.lasers[size_t(hand)];
        if (!laser.active) continue;
        net::PresencePointer p;
        p.origin = laser.ray.origin;
        p.direction = laser.ray.direction;
        if (laser.hit) p.hit = laser.hit->position;
        xr.pointer = p;
        if (!local.pointerHit && laser.hit) local.pointerHit = laser.hit->position;
        break;
    }
    local.xr = xr;
    return local;
}

session::XrPointerFrame xrPointerFrame(const xr::XrInputState& input, const xr::InteractionOutput& out,
                                       std::optional<Aabb> selection) {
    session::XrPointerFrame f;
    f.scale = out.rig.scale;
    for (int hand = 0; hand < xr::kHandCount; ++hand) {
        const xr::HandInput& in = input.hands[hand];
        if (in.gripTracked) {
            const xr::Pose g = out.rig.toWorld(in.grip);
            f.hands[size_t(hand)] = session::XrPointerPose{g.position, g.orientation};
        }
        const xr::Laser& laser = out.lasers[size_t(hand)];
        if (laser.active) f.beams[size_t(hand)] = session::XrBeam{laser.ray.origin, laser.end, laser.hit.has_value()};
        const xr::TeleportArc& arc = out.arcs[size_t(hand)];
        if (arc.active && f.arc.empty()) { // one arc at a time: the first hand that shows one
            f.arc = arc.points;
            f.arcValid = arc.valid;
            if (arc.valid) f.target = arc.target;
        }
    }
    f.selection = selection;
    return f;
}

xr::TrackingRig rigAtCamera(const scene::ViewCamera& camera, const xr::Pose& headTracking, float scale) {
    net::PresencePose at;
    at.position = camera.eye;
    at.orientation = lookRotation(camera.eye, camera.target);
    // teleportOffset() solves for a life-size rig: give it the head as the scaled rig would place it.
    const xr::TrackingRig sizing{vec3(0.0f), 0.0f, scale};
    net::PresencePose head;
    head.position = sizing.scaledHead(headTracking.position);
    head.orientation = glm::normalize(headTracking.orientation);
    return xr::TrackingRig::fromOffset(session::teleportOffset(at, head), scale);
}

scene::ViewCamera cameraFacingBox(const Aabb& box, const vec3& fromEye) {
    scene::ViewCamera cam;
    const vec3 centre = box.center();
    const float radius = std::max(0.25f, 0.5f * glm::length(box.max - box.min));
    vec3 away = fromEye - centre;
    away.y = 0.0f;
    away = glm::length(away) > 1e-3f ? glm::normalize(away) : vec3(0.0f, 0.0f, 1.0f);
    // Stand back far enough to see the whole box (about 60° of view), at least an arm's length from its edge.
    cam.eye = centre + away * (radius * 1.7f + 0.6f);
    cam.target = centre;
    return cam;
}

} // namespace tv::app
