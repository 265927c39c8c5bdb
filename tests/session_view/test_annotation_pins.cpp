// AnnotationPins: the diff (created / updated / removed / unchanged, node handles kept), orientation along the
// surface normal, open / resolved / selected looks, and picking a pin with a ray.
#include "session/annotation_pins.h"

#include <gtest/gtest.h>

namespace tv::session {
namespace {

net::Annotation note(uint64_t id, vec3 anchor, vec3 normal = vec3(0, 1, 0), uint64_t updated = 1) {
    net::Annotation a;
    a.id = id;
    a.session = "s";
    a.anchor = anchor;
    a.normal = normal;
    a.text = "note " + std::to_string(id);
    a.author = "ana";
    a.createdUs = 1;
    a.updatedUs = updated;
    return a;
}

struct PinsFixture : ::testing::Test {
    scene::SceneGraph graph;
    AnnotationPins pins{graph, scene::makeAvatarMeshes()};
    std::vector<net::Annotation> list;

    PinSyncStats sync() {
        PinSyncStats s = pins.sync(list);
        graph.updateWorldTransforms();
        return s;
    }
    vec3 baseColour(uint64_t id) const { return vec3(*graph.materialOverride(pins.node(id))->baseColor); }
};

TEST_F(PinsFixture, SyncDiffsByIdAndUpdateTime) {
    list = {note(1, vec3(0)), note(2, vec3(1, 0, 0)), note(3, vec3(2, 0, 0))};
    PinSyncStats s = sync();
    EXPECT_EQ(s.created, 3u);
    EXPECT_EQ(pins.pinCount(), 3u);
    scene::NodeHandle n1 = pins.node(1), n2 = pins.node(2);
    uint64_t version = graph.structureVersion();

    s = sync();
    EXPECT_EQ(s.unchanged, 3u);
    EXPECT_EQ(s.created + s.updated + s.removed, 0u);
    EXPECT_EQ(graph.structureVersion(), version) << "an unchanged list touches no node";

    list[1].resolved = true;
    list[1].updatedUs = 2;
    list.erase(list.begin() + 2);
    list.push_back(note(4, vec3(3, 0, 0)));
    s = sync();
    EXPECT_EQ(s.unchanged, 1u);
    EXPECT_EQ(s.updated, 1u);
    EXPECT_EQ(s.removed, 1u);
    EXPECT_EQ(s.created, 1u);
    EXPECT_EQ(pins.node(1), n1);
    EXPECT_EQ(pins.node(2), n2) << "an edit updates the pin in place";
    EXPECT_FALSE(pins.node(3));
    EXPECT_TRUE(pins.node(4));

    list.clear();
    s = sync();
    EXPECT_EQ(s.removed, 3u);
    EXPECT_EQ(pins.pinCount(), 0u);
    EXPECT_FALSE(graph.isValid(n1));
}

TEST_F(PinsFixture, IgnoresUnsavedAndDuplicateIds) {
    list = {note(0, vec3(0)), note(5, vec3(0)), note(5, vec3(1, 0, 0))};
    PinSyncStats s = sync();
    EXPECT_EQ(s.created, 1u);
    EXPECT_EQ(pins.pinCount(), 1u);
}

TEST_F(PinsFixture, PinStandsOnTheAnchorAlongTheNormal) {
    list = {note(1, vec3(1, 2, 3), vec3(2, 0, 0))}; // normal not unit: normalised for drawing
    sync();
    const mat4& m = graph.worldMatrix(pins.node(1));
    EXPECT_EQ(vec3(m[3]), vec3(1, 2, 3)) << "the tip is on the surface";
    vec3 up = glm::normalize(vec3(m * vec4(0, 1, 0, 0)));
    EXPECT_NEAR(up.x, 1.0f, 1e-5f) << "the stem follows the normal";
    vec3 head = pinHeadPosition(list[0]);
    EXPECT_NEAR(head.x, 1.0f + scene::kPinHeight - scene::kPinBallRadius, 1e-5f);
    EXPECT_TRUE(pins.isPinNode(pins.node(1)));
    EXPECT_TRUE(pins.isPinNode(pins.root()));
    EXPECT_FALSE(pins.isPinNode(graph.createNode("plant")));
}

TEST_F(PinsFixture, OpenResolvedAndSelectedLookDifferent) {
    list = {note(1, vec3(0)), note(2, vec3(1, 0, 0))};
    list[1].resolved = true;
    sync();
    EXPECT_EQ(baseColour(1), kPinOpenColour);
    EXPECT_EQ(baseColour(2), kPinResolvedColour);
    pins.setSelected(2);
    graph.updateWorldTransforms();
    EXPECT_EQ(*graph.materialOverride(pins.node(2))->emissive, kPinSelectedGlow);
    EXPECT_NEAR(graph.localTransform(pins.node(2)).scale.x, kPinSelectedScale, 1e-6f);
    EXPECT_NE(*graph.materialOverride(pins.node(1))->emissive, kPinSelectedGlow);
    pins.setSelected(1);
    EXPECT_NE(*graph.materialOverride(pins.node(2))->emissive, kPinSelectedGlow) << "the old one is unhighlighted";
    EXPECT_EQ(*graph.materialOverride(pins.node(1))->emissive, kPinSelectedGlow);
    // Reopening (a newer update) turns it back to the open colour.
    list[1].resolved = false;
    list[1].updatedUs = 9;
    sync();
    EXPECT_EQ(baseColour(2), kPinOpenColour);
}

TEST_F(PinsFixture, PickFindsTheNearestPinUnderTheRay) {
    list = {note(1, vec3(0, 0, 0)), note(2, vec3(0, 0, -3)), note(3, vec3(5, 0, 0))};
    sync();
    const float ballY = scene::kPinHeight - scene::kPinBallRadius;
    // A ray along -Z at the balls' height passes through pins 1 and 2: the nearer one wins.
    interact::Ray ray{vec3(0, ballY, 5), vec3(0, 0, -1)};
    std::optional<uint64_t> hit = pins.pick(ray);
    ASSERT_TRUE(hit);
    EXPECT_EQ(*hit, 1u);
    EXPECT_FALSE(pins.pick(ray, 4.0f)) << "beyond maxDistance";
    // Through the stem only (below the ball).
    interact::Ray stem{vec3(5, 0.1f, 5), vec3(0, 0, -1)};
    hit = pins.pick(stem);
    ASSERT_TRUE(hit);
    EXPECT_EQ(*hit, 3u);
    // A miss next to the pins.
    EXPECT_FALSE(pins.pick(interact::Ray{vec3(2.5f, ballY, 5), vec3(0, 0, -1)}));
    // From above, straight down onto pin 2's ball.
    hit = pins.pick(interact::Ray{vec3(0, 10, -3), vec3(0, -1, 0)});
    ASSERT_TRUE(hit);
    EXPECT_EQ(*hit, 2u);
}

} // namespace
} // namespace tv::session
