// FollowController: smooth, framerate-independent convergence on the leader's view; no snap on the first frame;
// break-away and follow-again; the XR teleport math (head height kept, leader's heading, floor-plane offset) and
// its comfort thresholds; gather targets.
#include "session/follow_controller.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tv::session {
namespace {

quat yaw(float degrees) { return glm::angleAxis(glm::radians(degrees), vec3(0, 1, 0)); }

net::PresencePose head(vec3 at, float yawDegrees) { return {at, yaw(yawDegrees)}; }

scene::ViewCamera camera(vec3 eye, vec3 target, float yfov = 0.8f) {
    scene::ViewCamera c;
    c.eye = eye;
    c.target = target;
    c.yfov = yfov;
    return c;
}

// Runs `frames` updates of dt each, feeding the returned camera back as the current one (what the app does).
scene::ViewCamera run(FollowController& f, scene::ViewCamera cam, const net::PresencePose& leader, float fov, float dt,
                      int frames) {
    for (int i = 0; i < frames; ++i) cam = f.update(cam, leader, fov, dt);
    return cam;
}

TEST(FollowController, FirstFrameStartsFromTheCurrentCamera) {
    FollowController f;
    f.follow("ana");
    scene::ViewCamera start = camera(vec3(0, 2, 10), vec3(0, 2, 0));
    scene::ViewCamera c = f.update(start, head(vec3(20, 1.7f, 0), 90.0f), 1.0f, 0.0f);
    EXPECT_NEAR(glm::distance(c.eye, start.eye), 0.0f, 1e-5f) << "dt = 0: no motion, no snap";
    EXPECT_NEAR(glm::distance(c.target, start.target), 0.0f, 1e-4f);
    c = f.update(c, head(vec3(20, 1.7f, 0), 90.0f), 1.0f, 1.0f / 60.0f);
    float moved = glm::distance(c.eye, start.eye);
    EXPECT_GT(moved, 0.0f);
    EXPECT_LT(moved, 2.0f) << "one frame moves a small part of the way (20 m * (1 - e^(-1/12)) = 1.6 m)";
}

TEST(FollowController, ConvergesWithTheTimeConstant) {
    FollowController f;
    f.follow("ana");
    scene::ViewCamera start = camera(vec3(0, 1.7f, 10), vec3(0, 1.7f, 0));
    net::PresencePose leader = head(vec3(10, 1.7f, 10), 0.0f);
    scene::ViewCamera c = run(f, start, leader, 0.8f, 0.01f, 20); // 0.2 s = one time constant
    EXPECT_NEAR(glm::distance(c.eye, leader.position), 10.0f * std::exp(-1.0f), 0.01f);
    c = run(f, c, leader, 0.8f, 0.01f, 180); // 2 s in all: essentially there
    EXPECT_LT(glm::distance(c.eye, leader.position), 0.001f);
    EXPECT_NEAR(glm::dot(c.forward(), vec3(0, 0, -1)), 1.0f, 1e-4f) << "looks where the leader looks";
}

TEST(FollowController, FramerateIndependent) {
    scene::ViewCamera start = camera(vec3(0, 1.7f, 10), vec3(0, 1.7f, 0), 0.6f);
    net::PresencePose leader = head(vec3(5, 3, -4), 135.0f);
    FollowController at144, at10;
    at144.follow("ana");
    at10.follow("ana");
    scene::ViewCamera a = run(at144, start, leader, 1.2f, 1.0f / 144.0f, 72); // 0.5 s
    scene::ViewCamera b = run(at10, start, leader, 1.2f, 0.1f, 5);            // 0.5 s
    EXPECT_NEAR(glm::distance(a.eye, b.eye), 0.0f, 1e-3f);
    EXPECT_NEAR(glm::dot(a.forward(), b.forward()), 1.0f, 1e-5f);
    EXPECT_NEAR(a.yfov, b.yfov, 1e-4f);
    EXPECT_NEAR(a.yfov, 1.2f + (0.6f - 1.2f) * std::exp(-0.5f / kFollowTimeConstant), 1e-3f);
}

TEST(FollowController, BreakAwayStopsSteeringUntilFollowAgain) {
    FollowController f;
    EXPECT_FALSE(f.following());
    f.follow("ana");
    EXPECT_TRUE(f.following());
    scene::ViewCamera start = camera(vec3(0, 1.7f, 10), vec3(0, 1.7f, 0));
    net::PresencePose leader = head(vec3(10, 1.7f, 10), 0.0f);
    scene::ViewCamera c = run(f, start, leader, 0.8f, 0.05f, 4);
    f.breakAway();
    EXPECT_FALSE(f.following());
    EXPECT_TRUE(f.brokenAway());
    EXPECT_EQ(f.leader(), "ana");
    scene::ViewCamera mine = camera(vec3(-5, 1, -5), vec3(0, 0, 0));
    scene::ViewCamera same = f.update(mine, leader, 0.8f, 0.1f);
    EXPECT_EQ(same.eye, mine.eye) << "the user's camera is left alone";
    f.followAgain();
    EXPECT_TRUE(f.following());
    scene::ViewCamera resumed = f.update(mine, leader, 0.8f, 0.0f);
    EXPECT_NEAR(glm::distance(resumed.eye, mine.eye), 0.0f, 1e-5f) << "resumes from where the user is, no snap";
    (void)c;
    f.stop();
    EXPECT_FALSE(f.hasLeader());
    EXPECT_FALSE(f.brokenAway());
}

TEST(FollowController, HeadingYaw) {
    EXPECT_NEAR(headingYaw(yaw(0.0f)), 0.0f, 1e-6f);
    EXPECT_NEAR(headingYaw(yaw(90.0f)), glm::radians(90.0f), 1e-5f);
    EXPECT_NEAR(headingYaw(yaw(-135.0f)), glm::radians(-135.0f), 1e-5f);
    // Pitch does not change the heading.
    quat pitched = yaw(30.0f) * glm::angleAxis(glm::radians(-40.0f), vec3(1, 0, 0));
    EXPECT_NEAR(headingYaw(pitched), glm::radians(30.0f), 1e-5f);
    // Straight down: the top of the head tells the heading.
    quat down = yaw(60.0f) * glm::angleAxis(glm::radians(-90.0f), vec3(1, 0, 0));
    EXPECT_NEAR(headingYaw(down), glm::radians(60.0f), 1e-3f);
}

TEST(FollowController, TeleportPutsTheHeadAtTheLeaderKeepingItsHeight) {
    net::PresencePose leader = head(vec3(4, 1.8f, -6), 70.0f);
    // The local user stands off-centre in their play area, looking somewhere else, pitched down a little.
    net::PresencePose local{vec3(0.5f, 1.55f, 0.3f), yaw(-20.0f) * glm::angleAxis(0.3f, vec3(1, 0, 0))};
    ReferenceOffset o = teleportOffset(leader, local);
    EXPECT_EQ(o.translation.y, 0.0f) << "only the floor plane moves";
    mat4 toWorld = o.matrix();
    vec3 headWorld = vec3(toWorld * vec4(local.position, 1.0f));
    EXPECT_NEAR(headWorld.x, 4.0f, 1e-4f);
    EXPECT_NEAR(headWorld.z, -6.0f, 1e-4f);
    EXPECT_NEAR(headWorld.y, 1.55f, 1e-5f) << "the local head height is kept";
    quat worldOrientation = glm::quat_cast(mat3(toWorld)) * local.orientation;
    EXPECT_NEAR(headingYaw(worldOrientation), glm::radians(70.0f), 1e-4f) << "facing the leader's heading";
}

TEST(FollowController, XrReteleportsOnlyPastTheComfortThresholds) {
    FollowController f;
    net::PresencePose local = head(vec3(0.2f, 1.6f, 0.1f), 10.0f);
    EXPECT_FALSE(f.xrUpdate(head(vec3(0, 1.7f, 0), 0.0f), local)) << "not following";
    f.follow("ana");
    EXPECT_TRUE(f.xrUpdate(head(vec3(0, 1.7f, 0), 0.0f), local)) << "the first frame teleports";
    EXPECT_FALSE(f.xrUpdate(head(vec3(0.4f, 1.7f, 0), 15.0f), local)) << "0.4 m and 15 degrees: stay";
    EXPECT_TRUE(f.xrUpdate(head(vec3(0.6f, 1.7f, 0), 0.0f), local)) << "0.6 m: go";
    EXPECT_FALSE(f.xrUpdate(head(vec3(0.6f, 1.7f, 0), 19.0f), local));
    std::optional<ReferenceOffset> turned = f.xrUpdate(head(vec3(0.6f, 1.7f, 0), 25.0f), local);
    ASSERT_TRUE(turned) << "25 degrees: go";
    EXPECT_EQ(*turned, teleportOffset(head(vec3(0.6f, 1.7f, 0), 25.0f), local));
    f.breakAway();
    EXPECT_FALSE(f.xrUpdate(head(vec3(9, 1.7f, 9), 90.0f), local)) << "broken away: no teleports";
    f.followAgain();
    EXPECT_TRUE(f.xrUpdate(head(vec3(9, 1.7f, 9), 90.0f), local));
}

TEST(FollowController, GatherTargets) {
    net::SharedViewpoint vp;
    vp.name = "Pump room";
    vp.eye = vec3(1, 2, 3);
    vp.target = vec3(1, 2, -7);
    vp.yfov = 0.9f;
    scene::ViewCamera current = camera(vec3(0), vec3(0, 0, -1));
    current.znear = 0.05f;
    current.orthographic = true;
    scene::ViewCamera c = gatherCamera(vp, current);
    EXPECT_EQ(c.eye, vp.eye);
    EXPECT_EQ(c.target, vp.target);
    EXPECT_EQ(c.yfov, 0.9f);
    EXPECT_FALSE(c.orthographic);
    EXPECT_EQ(c.znear, 0.05f) << "clip planes kept";
    net::PresencePose h = viewpointHead(vp);
    EXPECT_EQ(h.position, vp.eye);
    vec3 forward = h.orientation * vec3(0, 0, -1);
    EXPECT_NEAR(glm::dot(forward, vec3(0, 0, -1)), 1.0f, 1e-5f);
    // XR gather: teleporting to the viewpoint's head.
    net::PresencePose local = head(vec3(0, 1.6f, 0), 0.0f);
    vec3 at = vec3(teleportOffset(h, local).matrix() * vec4(local.position, 1.0f));
    EXPECT_NEAR(at.x, 1.0f, 1e-5f);
    EXPECT_NEAR(at.z, 3.0f, 1e-5f);
}

} // namespace
} // namespace tv::session
