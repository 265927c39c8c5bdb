// Walk mode: lands on a floor at eye height, stops at a wall (and slides along it), climbs a step, falls off a
// ledge, and hovers where there is no floor.
#include "interact/navigation_controller.h"
#include "interact/walk_physics.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

namespace tv::interact {
namespace {

struct WalkScene : ::testing::Test {
    test::TestWorld world{test::makeWalkAsset()};
    SceneRaycaster rc;
    WalkPhysics walk;
    void SetUp() override { rc.build(world.extract); }

    vec3 run(vec3 eye, vec3 velocity, float seconds, float dt = 1.0f / 60.0f) {
        for (float t = 0.0f; t < seconds; t += dt) eye = walk.step(rc, eye, velocity * dt, dt);
        return eye;
    }
};

TEST_F(WalkScene, FallsAndLandsOnFloorAtEyeHeight) {
    vec3 eye = walk.step(rc, vec3(0, 6, 0), vec3(0), 1.0f / 60.0f);
    EXPECT_FALSE(walk.grounded());
    EXPECT_LT(eye.y, 6.0f);
    eye = run(eye, vec3(0), 2.0f);
    EXPECT_TRUE(walk.grounded());
    EXPECT_FLOAT_EQ(eye.y, 1.7f); // floor top at y = 0
    EXPECT_FLOAT_EQ(walk.verticalSpeed(), 0.0f);
}

TEST_F(WalkScene, FallIsAcceleratedByGravity) {
    float dt = 0.01f;
    vec3 eye(0, 20, 0);
    eye = walk.step(rc, eye, vec3(0), dt);
    float y1 = eye.y;
    for (int i = 0; i < 49; ++i) eye = walk.step(rc, eye, vec3(0), dt);
    // After 0.5 s of free fall, v = g t (semi-implicit Euler, within one step).
    EXPECT_NEAR(walk.verticalSpeed(), -9.81f * 0.5f, 0.1f);
    EXPECT_LT(eye.y, y1);
}

TEST_F(WalkScene, StopsAtWallWithClearance) {
    vec3 eye = walk.settle(rc, vec3(0, 1.7f, 0));
    eye = run(eye, vec3(2.0f, 0, 0), 5.0f); // 10 m requested, wall face at x = 5
    EXPECT_NEAR(eye.x, 5.0f - walk.settings().radius, 0.01f);
    EXPECT_LT(eye.x, 5.0f - walk.settings().radius + 1e-4f);
    EXPECT_FLOAT_EQ(eye.y, 1.7f);
    // Pushing on never passes through.
    eye = run(eye, vec3(5.0f, 0, 0), 1.0f);
    EXPECT_LT(eye.x, 5.0f);
}

TEST_F(WalkScene, SlidesAlongWallWhenOblique) {
    vec3 eye = walk.settle(rc, vec3(4.0f, 1.7f, 0));
    eye = run(eye, vec3(1.0f, 0, 1.0f), 2.0f); // into the wall at 45 degrees
    EXPECT_LT(eye.x, 5.0f - walk.settings().radius + 1e-4f);
    EXPECT_GT(eye.z, 1.5f); // kept moving along the wall
}

TEST_F(WalkScene, ClimbsStepAndWalksOffLedge) {
    vec3 eye = walk.settle(rc, vec3(0, 1.7f, -2.0f));
    eye = run(eye, vec3(0, 0, -1.0f), 3.0f); // onto the 0.2 m step at z in [-6, -4]
    EXPECT_NEAR(eye.z, -5.0f, 0.05f);
    EXPECT_FLOAT_EQ(eye.y, 0.2f + 1.7f);
    // The mezzanine (2 m) is too high to climb: walking at it from the floor stops at its face (x = -10).
    eye = walk.settle(rc, vec3(-8.0f, 1.7f, 5.0f));
    eye = run(eye, vec3(-1.0f, 0, 0), 4.0f);
    EXPECT_NEAR(eye.x, -10.0f + walk.settings().radius, 0.01f);
    // On top of the mezzanine, walking off its edge drops to the floor.
    eye = walk.settle(rc, vec3(-12.0f, 4.0f, 5.0f));
    EXPECT_FLOAT_EQ(eye.y, 2.0f + 1.7f);
    eye = run(eye, vec3(1.0f, 0, 0), 4.0f);
    EXPECT_GT(eye.x, -10.0f);
    EXPECT_FLOAT_EQ(eye.y, 1.7f);
    EXPECT_TRUE(walk.grounded());
}

TEST_F(WalkScene, HoversWhereThereIsNoFloor) {
    vec3 eye = walk.step(rc, vec3(100, 5, 100), vec3(0), 0.1f); // outside the 40 m slab
    EXPECT_FLOAT_EQ(eye.y, 5.0f);
    EXPECT_FALSE(walk.grounded());
    EXPECT_FALSE(walk.floorBelow(rc, vec3(100, 3.3f, 100)));
}

TEST_F(WalkScene, NavigationWalkModeFollowsFloor) {
    NavigationController nav;
    nav.setRaycaster(&rc);
    scene::ViewCamera cam;
    cam.eye = vec3(0, 4, 3);
    cam.target = vec3(1, 4, 3); // looking along +X, towards the wall
    nav.setCamera(cam);
    nav.setMode(NavigationMode::Walk);
    EXPECT_FLOAT_EQ(nav.camera().eye.y, 1.7f); // dropped onto the floor at once
    for (int i = 0; i < 600; ++i) nav.move(MoveInput{1.0f, 0.0f, 0.0f, false}, 1.0f / 60.0f);
    EXPECT_NEAR(nav.camera().eye.x, 5.0f - nav.settings().walk.radius, 0.01f);
    EXPECT_FLOAT_EQ(nav.camera().eye.y, 1.7f);
    // The view direction was carried along.
    EXPECT_TRUE(test::vecNear(nav.camera().forward(), vec3(1, 0, 0), 1e-5f));
    // Looking down does not make walking dig into the floor: movement stays horizontal.
    nav.look(0.0f, 300.0f);
    EXPECT_LT(nav.camera().forward().y, -0.5f);
    for (int i = 0; i < 60; ++i) nav.move(MoveInput{0.0f, -1.0f, 0.0f, false}, 1.0f / 60.0f);
    EXPECT_FLOAT_EQ(nav.camera().eye.y, 1.7f);
}

} // namespace
} // namespace tv::interact
