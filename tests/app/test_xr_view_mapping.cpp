// The headset front end's mapping to the session and the pointer visuals: an XR user's presence carries the head,
// the tracked hands and the laser in WORLD space (the rig applied), the pointer frame mirrors the interaction's
// lasers and arcs, and teleporting to a camera stands the head at its eye without moving the view.
#include "app/xr_view_mapping.h"

#include <gtest/gtest.h>

#include <glm/gtc/quaternion.hpp>

namespace tv::app {
namespace {

constexpr float kEps = 1e-4f;

xr::XrInputState standingUser() {
    xr::XrInputState in;
    in.focused = in.headTracked = true;
    in.head.position = vec3(0.3f, 1.7f, 0.2f);
    in.hands[xr::kRightHand].tracked = in.hands[xr::kRightHand].gripTracked = true;
    in.hands[xr::kRightHand].grip.position = vec3(0.5f, 1.0f, -0.2f);
    in.hands[xr::kRightHand].aim = in.hands[xr::kRightHand].grip;
    return in;
}

TEST(XrViewMapping, PresenceIsAnXrAvatarInWorldSpace) {
    xr::XrInputState in = standingUser();
    xr::InteractionOutput out;
    out.rig.translation = vec3(10.0f, 0.0f, -5.0f);
    out.rig.yawRad = glm::radians(90.0f);
    xr::Laser& laser = out.lasers[xr::kRightHand];
    laser.active = true;
    laser.ray.origin = vec3(10.0f, 1.0f, -5.0f);
    laser.ray.direction = vec3(0.0f, -1.0f, 0.0f);
    interact::RayHit hit;
    hit.position = vec3(10.0f, 0.0f, -5.0f);
    laser.hit = hit;
    laser.end = hit.position;

    LocalView v = xrLocalView(in, out, 1.6f, "/plant/pump-1");
    ASSERT_TRUE(v.xr);
    EXPECT_LT(glm::distance(v.xr->head.position, out.rig.toWorld(in.head.position)), kEps);
    EXPECT_LT(glm::distance(v.camera.eye, v.xr->head.position), kEps);
    // The head looked down tracked -Z; a 90° yaw turns that to world -X.
    EXPECT_LT(glm::distance(glm::normalize(v.camera.target - v.camera.eye), vec3(-1.0f, 0.0f, 0.0f)), kEps);
    EXPECT_FLOAT_EQ(v.camera.yfov, 1.6f);
    EXPECT_FALSE(v.xr->leftHand) << "an untracked hand is not shown";
    ASSERT_TRUE(v.xr->rightHand);
    EXPECT_LT(glm::distance(v.xr->rightHand->position, out.rig.toWorld(in.hands[xr::kRightHand].grip.position)), kEps);
    ASSERT_TRUE(v.xr->pointer && v.xr->pointer->hit);
    EXPECT_LT(glm::distance(*v.xr->pointer->hit, hit.position), kEps);
    ASSERT_TRUE(v.pointerHit);
    EXPECT_EQ(v.selectionPath, "/plant/pump-1");
}

TEST(XrViewMapping, NoLaserNoPointer) {
    LocalView v = xrLocalView(standingUser(), xr::InteractionOutput{}, 1.6f, "");
    ASSERT_TRUE(v.xr);
    EXPECT_FALSE(v.xr->pointer);
    EXPECT_FALSE(v.pointerHit);
}

TEST(XrViewMapping, PointerFrameMirrorsLasersArcsAndSelection) {
    xr::XrInputState in = standingUser();
    xr::InteractionOutput out;
    out.rig.scale = 4.0f;
    out.lasers[xr::kRightHand].active = true;
    out.lasers[xr::kRightHand].ray.origin = vec3(1.0f);
    out.lasers[xr::kRightHand].end = vec3(1.0f, 1.0f, -10.0f);
    out.arcs[xr::kLeftHand].active = true;
    out.arcs[xr::kLeftHand].points = {vec3(0.0f), vec3(0.0f, 0.5f, -1.0f), vec3(0.0f, 0.0f, -2.0f)};
    out.arcs[xr::kLeftHand].valid = true;
    out.arcs[xr::kLeftHand].target = vec3(0.0f, 0.0f, -2.0f);
    const Aabb box{vec3(-1.0f), vec3(1.0f)};

    session::XrPointerFrame f = xrPointerFrame(in, out, box);
    EXPECT_FLOAT_EQ(f.scale, 4.0f);
    EXPECT_FALSE(f.hands[xr::kLeftHand]);
    ASSERT_TRUE(f.hands[xr::kRightHand]);
    EXPECT_LT(glm::distance(f.hands[xr::kRightHand]->position, out.rig.toWorld(in.hands[xr::kRightHand].grip.position)),
              kEps);
    ASSERT_TRUE(f.beams[xr::kRightHand]);
    EXPECT_FALSE(f.beams[xr::kRightHand]->hit);
    EXPECT_FALSE(f.beams[xr::kLeftHand]);
    EXPECT_EQ(f.arc.size(), 3u);
    EXPECT_TRUE(f.arcValid);
    ASSERT_TRUE(f.target && f.selection);
}

TEST(XrViewMapping, RigAtCameraStandsTheHeadAtTheEyeFacingTheTarget) {
    scene::ViewCamera cam;
    cam.eye = vec3(20.0f, 8.0f, 30.0f); // an overview from above: the user still stands on the floor
    cam.target = vec3(20.0f, 0.0f, 0.0f);
    xr::Pose head;
    head.position = vec3(0.4f, 1.6f, -0.3f);
    head.orientation = glm::angleAxis(glm::radians(40.0f), vec3(0.0f, 1.0f, 0.0f));
    for (float scale : {1.0f, 3.0f}) {
        xr::TrackingRig rig = rigAtCamera(cam, head, scale);
        const vec3 world = rig.toWorld(head.position);
        EXPECT_NEAR(world.x, cam.eye.x, 1e-3f) << scale;
        EXPECT_NEAR(world.z, cam.eye.z, 1e-3f) << scale;
        EXPECT_NEAR(world.y, head.position.y * scale, 1e-3f) << "own head height (scaled), not the camera's";
        const vec3 forward = rig.toWorld(head).orientation * vec3(0.0f, 0.0f, -1.0f);
        EXPECT_NEAR(forward.x, 0.0f, 1e-3f);
        EXPECT_LT(forward.z, -0.99f) << "faces the target (world -Z from the eye)";
        EXPECT_FLOAT_EQ(rig.scale, scale);
    }
}

TEST(XrViewMapping, CameraFacingBoxSeesItFromTheUsersSide) {
    const Aabb box{vec3(4.0f, 0.0f, -1.0f), vec3(6.0f, 2.0f, 1.0f)};
    scene::ViewCamera cam = cameraFacingBox(box, vec3(0.0f, 1.7f, 0.0f));
    EXPECT_LT(glm::distance(cam.target, box.center()), kEps);
    EXPECT_LT(cam.eye.x, box.min.x) << "stands on the side the user came from";
    EXPECT_GT(glm::distance(cam.eye, box.center()), 0.5f * glm::length(box.max - box.min));
}

} // namespace
} // namespace tv::app
