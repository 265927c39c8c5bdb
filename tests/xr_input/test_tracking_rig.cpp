// TrackingRig: the tracking -> world similarity, its inverse, composition, turn/rescale pivots and the follow-mode
// interop with session::ReferenceOffset (label unit).
#include "xr/input/tracking_rig.h"

#include "session/follow_controller.h"

#include <gtest/gtest.h>

namespace tv::xr {
namespace {

void expectNear(const vec3& a, const vec3& b, float tol = 1e-5f) {
    EXPECT_NEAR(a.x, b.x, tol);
    EXPECT_NEAR(a.y, b.y, tol);
    EXPECT_NEAR(a.z, b.z, tol);
}

TrackingRig someRig() { return TrackingRig{vec3(3.0f, 0.5f, -2.0f), 0.7f, 2.5f}; }

TEST(TrackingRig, IdentityByDefault) {
    const TrackingRig rig;
    expectNear(rig.toWorld(vec3(1, 2, 3)), vec3(1, 2, 3));
    expectNear(rig.toTracking(vec3(1, 2, 3)), vec3(1, 2, 3));
}

TEST(TrackingRig, ToWorldFollowsTheFormula) {
    const TrackingRig rig = someRig();
    const vec3 p(0.4f, 1.6f, -0.3f);
    // world = t + s * R_y(yaw) * p, with R_y written out.
    const float c = std::cos(0.7f), s = std::sin(0.7f);
    const vec3 rotated(c * p.x + s * p.z, p.y, -s * p.x + c * p.z);
    expectNear(rig.toWorld(p), rig.translation + 2.5f * rotated);
    expectNear(vec3(rig.matrix() * vec4(p, 1.0f)), rig.toWorld(p));
}

TEST(TrackingRig, PositiveYawTurnsForwardToTheLeft) {
    TrackingRig rig;
    rig.yawRad = glm::half_pi<float>();
    expectNear(rig.directionToWorld(vec3(0, 0, -1)), vec3(-1, 0, 0));
}

TEST(TrackingRig, InverseAndRoundTrips) {
    const TrackingRig rig = someRig();
    const vec3 p(-1.0f, 0.2f, 4.0f);
    expectNear(rig.toTracking(rig.toWorld(p)), p);
    expectNear(rig.inverse().toWorld(p), rig.toTracking(p));
    expectNear(rig.inverse().inverse().toWorld(p), rig.toWorld(p), 1e-4f);
    const TrackingRig identity = rig * rig.inverse();
    expectNear(identity.translation, vec3(0.0f), 1e-5f);
    EXPECT_NEAR(identity.yawRad, 0.0f, 1e-6f);
    EXPECT_NEAR(identity.scale, 1.0f, 1e-6f);
}

TEST(TrackingRig, CompositionAppliesInnerFirst) {
    const TrackingRig a = someRig();
    const TrackingRig b{vec3(-1.0f, 0.0f, 0.3f), -0.2f, 0.5f};
    const vec3 p(0.3f, 1.0f, 0.1f);
    expectNear((a * b).toWorld(p), a.toWorld(b.toWorld(p)), 1e-5f);
}

TEST(TrackingRig, PosesTurnWithYawButDoNotScale) {
    const TrackingRig rig = someRig();
    Pose pose{vec3(0.1f, 1.5f, 0.0f), glm::angleAxis(0.3f, vec3(1, 0, 0))};
    const Pose world = rig.toWorld(pose);
    expectNear(world.position, rig.toWorld(pose.position));
    expectNear(world.forward(), rig.directionToWorld(pose.forward()));
    const Pose back = rig.toTracking(world);
    expectNear(back.position, pose.position);
    expectNear(back.forward(), pose.forward());
}

TEST(TrackingRig, RayDirectionStaysUnitAndDistancesScale) {
    const TrackingRig rig = someRig();
    const interact::Ray ray{vec3(0, 1, 0), glm::normalize(vec3(1, -1, -1))};
    const interact::Ray world = rig.rayToWorld(ray);
    EXPECT_NEAR(glm::length(world.direction), 1.0f, 1e-6f);
    // One tracked metre along the ray is `scale` world metres.
    expectNear(world.at(rig.scale), rig.toWorld(ray.at(1.0f)), 1e-5f);
}

TEST(TrackingRig, TurnAboutKeepsThePivotInPlace) {
    TrackingRig rig = someRig();
    const vec3 head(0.3f, 1.7f, -0.4f);
    const vec3 before = rig.toWorld(head);
    rig.turnAbout(head, glm::radians(30.0f));
    expectNear(rig.toWorld(head), before, 1e-5f);
    EXPECT_NEAR(rig.yawRad, 0.7f + glm::radians(30.0f), 1e-6f);
}

TEST(TrackingRig, RescaleAboutKeepsThePivotAndClamps) {
    TrackingRig rig = someRig();
    const vec3 head(0.3f, 1.7f, -0.4f);
    const vec3 before = rig.toWorld(head);
    rig.rescaleAbout(head, 1.0f);
    EXPECT_FLOAT_EQ(rig.scale, 1.0f);
    expectNear(rig.toWorld(head), before, 1e-5f);
    rig.rescaleAbout(head, 1e6f);
    EXPECT_FLOAT_EQ(rig.scale, kMaxRigScale);
    rig.rescaleAbout(head, 0.0f);
    EXPECT_FLOAT_EQ(rig.scale, kMinRigScale);
    expectNear(rig.toWorld(head), before, 1e-4f);
}

TEST(TrackingRig, OffsetRoundTripsAndMatchesReferenceOffsetMatrix) {
    const session::ReferenceOffset offset{vec3(4.0f, 0.0f, -1.5f), 1.1f};
    const TrackingRig rig = TrackingRig::fromOffset(offset);
    EXPECT_EQ(rig.offset(), offset);
    EXPECT_FLOAT_EQ(rig.scale, 1.0f);
    const vec3 p(0.2f, 1.6f, 0.7f);
    expectNear(rig.toWorld(p), vec3(offset.matrix() * vec4(p, 1.0f)), 1e-5f);
    const TrackingRig scaled = TrackingRig::fromOffset(offset, 3.0f);
    EXPECT_FLOAT_EQ(scaled.scale, 3.0f);
    EXPECT_EQ(scaled.offset(), offset);
}

TEST(TrackingRig, FollowTeleportLandsTheHeadOnTheLeader) {
    net::PresencePose leader;
    leader.position = vec3(10.0f, 1.8f, -4.0f);
    leader.orientation = glm::angleAxis(0.9f, vec3(0, 1, 0));
    net::PresencePose local;
    local.position = vec3(0.5f, 1.6f, 0.2f);
    local.orientation = glm::angleAxis(-0.4f, vec3(0, 1, 0));

    // Life size.
    TrackingRig rig = TrackingRig::fromOffset(session::teleportOffset(leader, local));
    vec3 head = rig.toWorld(local.position);
    EXPECT_NEAR(head.x, 10.0f, 1e-4f);
    EXPECT_NEAR(head.z, -4.0f, 1e-4f);
    EXPECT_NEAR(head.y, 1.6f, 1e-5f); // own height
    EXPECT_NEAR(session::headingYaw(rig.toWorld(Pose{local.position, local.orientation}).orientation), 0.9f, 1e-5f);

    // Keeping a scale of 4: pass the scaled head to teleportOffset.
    const TrackingRig current{vec3(0.0f), 0.0f, 4.0f};
    net::PresencePose scaledLocal = local;
    scaledLocal.position = current.scaledHead(local.position);
    rig = TrackingRig::fromOffset(session::teleportOffset(leader, scaledLocal), current.scale);
    head = rig.toWorld(local.position);
    EXPECT_NEAR(head.x, 10.0f, 1e-4f);
    EXPECT_NEAR(head.z, -4.0f, 1e-4f);
    EXPECT_NEAR(head.y, 4.0f * 1.6f, 1e-4f);
}

} // namespace
} // namespace tv::xr
