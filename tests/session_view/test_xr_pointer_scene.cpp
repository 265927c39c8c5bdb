// XrPointerScene: the headset user's hands, lasers, hit dots and teleport arc follow the frame they are given,
// hide when absent, scale with the user, and are recognised as pointer nodes (kept out of picking).
#include "session/xr_pointer_scene.h"

#include <gtest/gtest.h>

namespace tv::session {
namespace {

struct PointerFixture : ::testing::Test {
    scene::SceneGraph graph;
    XrPointerScene pointers{graph, scene::makeAvatarMeshes()};
    vec3 worldPosition(scene::NodeHandle n) const { return vec3(graph.worldMatrix(n)[3]); }
    // Where a beam-mesh node's unit +Y segment ends in the world.
    vec3 segmentEnd(scene::NodeHandle n) const { return vec3(graph.worldMatrix(n) * vec4(0, 1, 0, 1)); }
};

TEST_F(PointerFixture, EverythingHiddenUntilAFrameSaysOtherwise) {
    graph.updateWorldTransforms();
    for (int i = 0; i < 2; ++i) {
        EXPECT_FALSE(graph.isVisible(pointers.hand(i)));
        EXPECT_FALSE(graph.isVisible(pointers.beam(i)));
        EXPECT_FALSE(graph.isVisible(pointers.hitDot(i)));
    }
    EXPECT_EQ(pointers.visibleArcSegments(), 0u);
    EXPECT_FALSE(graph.isVisible(pointers.targetRing()));
}

TEST_F(PointerFixture, HandsAndBeamsFollowTheFrame) {
    XrPointerFrame f;
    f.hands[1] = XrPointerPose{vec3(0.2f, 1.0f, -0.3f), quat(1, 0, 0, 0)};
    f.beams[1] = XrBeam{vec3(0.2f, 1.0f, -0.3f), vec3(0.2f, 0.0f, -4.0f), true};
    f.beams[0] = XrBeam{vec3(-0.2f, 1.0f, -0.3f), vec3(-0.2f, 1.0f, -5.3f), false};
    pointers.update(f);
    graph.updateWorldTransforms();
    EXPECT_FALSE(graph.isVisible(pointers.hand(0)));
    EXPECT_TRUE(graph.isVisible(pointers.hand(1)));
    EXPECT_NEAR(glm::distance(worldPosition(pointers.hand(1)), vec3(0.2f, 1.0f, -0.3f)), 0.0f, 1e-5f);
    EXPECT_TRUE(graph.isVisible(pointers.beam(1)));
    EXPECT_NEAR(glm::distance(segmentEnd(pointers.beam(1)), vec3(0.2f, 0.0f, -4.0f)), 0.0f, 1e-4f);
    EXPECT_TRUE(graph.isVisible(pointers.hitDot(1)));
    EXPECT_NEAR(glm::distance(worldPosition(pointers.hitDot(1)), vec3(0.2f, 0.0f, -4.0f)), 0.0f, 1e-5f);
    EXPECT_TRUE(graph.isVisible(pointers.beam(0)));
    EXPECT_FALSE(graph.isVisible(pointers.hitDot(0))) << "a beam into the distance has no dot";
    EXPECT_TRUE(pointers.isPointerNode(pointers.beam(0)));
    EXPECT_TRUE(pointers.isPointerNode(pointers.root()));
    EXPECT_FALSE(pointers.isPointerNode(graph.createNode("plant")));

    pointers.update(XrPointerFrame{}); // hands lost: everything goes
    graph.updateWorldTransforms();
    EXPECT_FALSE(graph.isVisible(pointers.hand(1)));
    EXPECT_FALSE(graph.isVisible(pointers.beam(1)));
}

TEST_F(PointerFixture, ArcSegmentsJoinThePolylineAndColourByValidity) {
    XrPointerFrame f;
    for (int i = 0; i <= 10; ++i) f.arc.push_back(vec3(0.0f, 1.0f - 0.01f * float(i * i), -0.5f * float(i)));
    f.arcValid = true;
    f.target = f.arc.back();
    pointers.update(f);
    graph.updateWorldTransforms();
    EXPECT_EQ(pointers.visibleArcSegments(), 10u);
    EXPECT_TRUE(graph.isVisible(pointers.targetRing()));
    EXPECT_NEAR(glm::distance(worldPosition(pointers.targetRing()), f.arc.back()), 0.0f, 1e-5f);

    // A long arc is thinned to the segment budget but still starts and ends where the polyline does.
    f.arc.clear();
    for (int i = 0; i <= 200; ++i) f.arc.push_back(vec3(0.0f, 0.0f, -0.1f * float(i)));
    f.arcValid = false;
    pointers.update(f);
    graph.updateWorldTransforms();
    EXPECT_EQ(pointers.visibleArcSegments(), kXrMaxArcSegments);
    EXPECT_FALSE(graph.isVisible(pointers.targetRing())) << "no landing ring on an invalid arc";
}

TEST_F(PointerFixture, ThicknessFollowsTheUsersScale) {
    XrPointerFrame f;
    f.hands[0] = XrPointerPose{vec3(0.0f), quat(1, 0, 0, 0)};
    f.scale = 10.0f;
    pointers.update(f);
    graph.updateWorldTransforms();
    EXPECT_NEAR(glm::length(vec3(graph.worldMatrix(pointers.hand(0))[0])), 10.0f, 1e-4f);
}

} // namespace
} // namespace tv::session

namespace tv::session {
namespace {

TEST_F(PointerFixture, SelectionBoxShowsWithASelectionAndHidesWithout) {
    XrPointerFrame f;
    f.selection = Aabb{vec3(-1.0f, 0.0f, -2.0f), vec3(1.0f, 3.0f, 2.0f)};
    pointers.update(f);
    graph.updateWorldTransforms();
    EXPECT_TRUE(pointers.selectionBoxVisible());
    pointers.update(XrPointerFrame{});
    graph.updateWorldTransforms();
    EXPECT_FALSE(pointers.selectionBoxVisible());
}

} // namespace
} // namespace tv::session
