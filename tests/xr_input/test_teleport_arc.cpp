// Teleport arc: lands on a floor at the analytically expected distance (life size and scaled), is invalid on a
// wall and in the void, and teleportRig puts the head's floor point on the target at the head's own height
// (label unit).
#include "fake_scene.h"
#include "xr/input/teleport_arc.h"

#include <gtest/gtest.h>

namespace tv::xr {
namespace {

using test::FakeScene;

FakeScene floorAt(float y) { return FakeScene{{{vec3(0.0f, y, 0.0f), vec3(0, 1, 0), test::node(1)}}}; }

// Horizontal distance of a projectile launched at `speed` and elevation `angle` from height h above the floor.
float expectedRange(float speed, float angle, float h, float g = 9.81f) {
    const float vy = speed * std::sin(angle), vx = speed * std::cos(angle);
    const float t = (vy + std::sqrt(vy * vy + 2.0f * g * h)) / g;
    return vx * t;
}

TEST(TeleportArc, LevelThrowLandsAtTheBallisticRange) {
    const FakeScene scene = floorAt(0.0f);
    const Pose aim{vec3(0.0f, 1.0f, 0.0f), quat(1, 0, 0, 0)}; // looking down -Z
    const TeleportArc arc = traceTeleportArc(aim, TrackingRig{}, scene.fn());
    ASSERT_TRUE(arc.hit);
    EXPECT_TRUE(arc.valid);
    const float range = 7.0f * std::sqrt(2.0f / 9.81f); // 3.1606 m
    EXPECT_NEAR(-arc.target.z, range, 0.01f);
    EXPECT_NEAR(arc.target.x, 0.0f, 1e-5f);
    EXPECT_NEAR(arc.target.y, 0.0f, 1e-5f);
    EXPECT_EQ(arc.node, test::node(1));
    EXPECT_EQ(arc.points.front(), aim.position);
    EXPECT_EQ(arc.points.back(), arc.target);
    EXPECT_GT(arc.points.size(), 10u);
}

TEST(TeleportArc, RaisedThrowAndTurnedAim) {
    const FakeScene scene = floorAt(0.0f);
    const float elevation = glm::radians(30.0f);
    const float heading = glm::radians(60.0f);
    Pose aim;
    aim.position = vec3(1.0f, 1.2f, 2.0f);
    aim.orientation = glm::angleAxis(heading, vec3(0, 1, 0)) * glm::angleAxis(elevation, vec3(1, 0, 0));
    const TeleportArc arc = traceTeleportArc(aim, TrackingRig{}, scene.fn());
    ASSERT_TRUE(arc.valid);
    const vec3 flat = arc.target - vec3(aim.position.x, 0.0f, aim.position.z);
    EXPECT_NEAR(glm::length(flat), expectedRange(7.0f, elevation, 1.2f), 0.01f);
    EXPECT_NEAR(std::atan2(-flat.x, -flat.z), heading, 1e-3f);
}

TEST(TeleportArc, ScaledRigThrowsInTrackedMetres) {
    const FakeScene scene = floorAt(0.0f);
    const TrackingRig rig{vec3(0.0f), 0.0f, 2.0f};
    const Pose aim{vec3(0.0f, 1.0f, 0.0f), quat(1, 0, 0, 0)};
    const TeleportArc arc = traceTeleportArc(aim, rig, scene.fn());
    ASSERT_TRUE(arc.valid);
    EXPECT_NEAR(-arc.target.z, 2.0f * 7.0f * std::sqrt(2.0f / 9.81f), 0.02f);
}

TEST(TeleportArc, WallEndsTheArcInvalid) {
    FakeScene scene = floorAt(0.0f);
    scene.planes.push_back({vec3(0.0f, 0.0f, -2.0f), vec3(0, 0, 1), test::node(2)});
    const Pose aim{vec3(0.0f, 1.0f, 0.0f), quat(1, 0, 0, 0)};
    const TeleportArc arc = traceTeleportArc(aim, TrackingRig{}, scene.fn());
    ASSERT_TRUE(arc.hit);
    EXPECT_FALSE(arc.valid);
    EXPECT_NEAR(arc.target.z, -2.0f, 1e-4f);
    EXPECT_NEAR(arc.normal.z, 1.0f, 1e-5f);
    EXPECT_EQ(arc.node, test::node(2));
}

TEST(TeleportArc, SlopeLimitIsFortyFiveDegrees) {
    const Pose aim{vec3(0.0f, 1.0f, 0.0f), quat(1, 0, 0, 0)};
    for (float deg : {30.0f, 44.0f, 46.0f, 60.0f}) {
        const float a = glm::radians(deg);
        // A plane through the floor point 3 m ahead, tilted towards the thrower by `deg`.
        FakeScene scene{{{vec3(0, 0, -3), vec3(0, std::cos(a), std::sin(a)), test::node(3)}}};
        const TeleportArc arc = traceTeleportArc(aim, TrackingRig{}, scene.fn());
        ASSERT_TRUE(arc.hit) << deg;
        EXPECT_EQ(arc.valid, deg < 45.0f) << deg;
    }
}

TEST(TeleportArc, NothingBelowMeansNoTarget) {
    const FakeScene empty;
    const Pose aim{vec3(0.0f, 1.0f, 0.0f), quat(1, 0, 0, 0)};
    TeleportArcSettings settings;
    const TeleportArc arc = traceTeleportArc(aim, TrackingRig{}, empty.fn(), settings);
    EXPECT_TRUE(arc.active);
    EXPECT_FALSE(arc.hit);
    EXPECT_FALSE(arc.valid);
    EXPECT_EQ(arc.points.size(), size_t(std::ceil(settings.maxSeconds / settings.segmentSeconds)) + 1);
    // The last point follows the parabola.
    const vec3 last = arcPointTracking(aim, settings.maxSeconds, settings);
    EXPECT_NEAR(glm::distance(arc.points.back(), last), 0.0f, 1e-3f);
}

TEST(TeleportArc, TeleportRigPutsTheFeetOnTheTargetAtHeadHeight) {
    const vec3 head(0.3f, 1.6f, 0.2f);
    const vec3 target(5.0f, 0.5f, -3.0f);
    for (const TrackingRig& rig :
         {TrackingRig{}, TrackingRig{vec3(1, 0, 2), 0.8f, 1.0f}, TrackingRig{vec3(-4, 0.2f, 1), -2.0f, 2.0f}}) {
        const TrackingRig moved = teleportRig(rig, head, target);
        EXPECT_EQ(moved.yawRad, rig.yawRad);
        EXPECT_EQ(moved.scale, rig.scale);
        const vec3 headWorld = moved.toWorld(head);
        EXPECT_NEAR(headWorld.x, target.x, 1e-5f);
        EXPECT_NEAR(headWorld.z, target.z, 1e-5f);
        EXPECT_NEAR(headWorld.y, target.y + rig.scale * head.y, 1e-5f);
        // The tracked floor is now at the target's height.
        EXPECT_NEAR(moved.toWorld(vec3(7.0f, 0.0f, -2.0f)).y, target.y, 1e-5f);
    }
}

} // namespace
} // namespace tv::xr
