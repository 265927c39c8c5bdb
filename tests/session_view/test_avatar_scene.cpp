// AvatarScene: node lifecycle (join, leave, hands and beams appearing and disappearing), colours, placement, the
// local user never drawn, and isAvatarNode for picking.
#include "session/avatar_scene.h"

#include <gtest/gtest.h>

namespace tv::session {
namespace {

SampledPresence pose(const std::string& user, vec3 head = vec3(0, 1.7f, 0)) {
    SampledPresence p;
    p.userId = user;
    p.head.position = head;
    return p;
}

struct AvatarFixture : ::testing::Test {
    scene::SceneGraph graph;
    scene::AvatarMeshes meshes = scene::makeAvatarMeshes();
    AvatarScene avatars{graph, meshes};
    std::vector<SampledPresence> poses;
    std::vector<AvatarInput> inputs;

    void update(const std::vector<uint32_t>& colours = {}) {
        inputs.clear();
        for (size_t i = 0; i < poses.size(); ++i)
            inputs.push_back({&poses[i], i < colours.size() ? colours[i] : 0xffffffu});
        avatars.update(inputs);
        graph.updateWorldTransforms();
    }
    vec3 worldPosition(scene::NodeHandle n) const { return vec3(graph.worldMatrix(n)[3]); }
};

TEST(AvatarColour, SrgbToLinear) {
    vec3 c = colourToLinear(0xff8000);
    EXPECT_FLOAT_EQ(c.r, 1.0f);
    EXPECT_NEAR(c.g, 0.2158605f, 1e-5f); // sRGB 128 -> linear
    EXPECT_FLOAT_EQ(c.b, 0.0f);
}

TEST_F(AvatarFixture, MeshesAreSharedAndValid) {
    ASSERT_TRUE(meshes.asset);
    for (int32_t m : {meshes.head, meshes.visor, meshes.hand, meshes.beam, meshes.hitDot, meshes.pin}) {
        ASSERT_GE(m, 0);
        ASSERT_LT(size_t(m), meshes.asset->meshes.size());
        for (const scene::Primitive& p : meshes.asset->meshes[size_t(m)].primitives) {
            EXPECT_FALSE(p.indices.empty());
            EXPECT_EQ(p.normals.size(), p.positions.size());
        }
    }
    const Aabb& beam = meshes.asset->meshes[size_t(meshes.beam)].primitives[0].bounds;
    EXPECT_NEAR(beam.min.y, 0.0f, 1e-5f);
    EXPECT_NEAR(beam.max.y, 1.0f, 1e-5f) << "unit length: the node's Y scale is the beam length";
    const Aabb& visor = meshes.asset->meshes[size_t(meshes.visor)].primitives[0].bounds;
    EXPECT_LT(visor.max.z, 0.0f) << "the visor sits on the -Z side: the direction the head looks";
    const Aabb& pin = meshes.asset->meshes[size_t(meshes.pin)].primitives[0].bounds;
    EXPECT_NEAR(pin.min.y, 0.0f, 1e-4f) << "the pin's tip is its origin";
    EXPECT_NEAR(pin.max.y, scene::kPinHeight, 1e-3f);
}

TEST_F(AvatarFixture, JoinCreatesAHeadInTheUsersColourAndLeaveRemovesIt) {
    size_t before = graph.nodeCount();
    poses = {pose("ana", vec3(1, 1.7f, 2)), pose("bo")};
    update({0xff0000, 0x0000ff});
    EXPECT_EQ(avatars.avatarCount(), 2u);
    const AvatarNodes* ana = avatars.nodes("ana");
    ASSERT_NE(ana, nullptr);
    EXPECT_TRUE(graph.isEffectivelyVisible(ana->head));
    EXPECT_EQ(worldPosition(ana->head), vec3(1, 1.7f, 2));
    ASSERT_NE(graph.mesh(ana->head), nullptr);
    EXPECT_EQ(graph.mesh(ana->head)->asset, meshes.asset) << "one shared asset";
    const scene::MaterialOverride* o = graph.materialOverride(ana->head);
    ASSERT_NE(o, nullptr);
    ASSERT_TRUE(o->baseColor);
    EXPECT_EQ(vec3(*o->baseColor), vec3(1, 0, 0));
    EXPECT_EQ(vec3(*graph.materialOverride(avatars.nodes("bo")->head)->baseColor), vec3(0, 0, 1));
    EXPECT_EQ(graph.materialOverride(ana->visor), nullptr) << "the visor stays dark glass";

    poses = {pose("bo")};
    update({0x0000ff});
    EXPECT_EQ(avatars.avatarCount(), 1u);
    EXPECT_EQ(avatars.nodes("ana"), nullptr);
    poses.clear();
    update();
    EXPECT_EQ(avatars.avatarCount(), 0u);
    EXPECT_EQ(graph.nodeCount(), before) << "every avatar node is destroyed; the root stays";
}

TEST_F(AvatarFixture, NodesAreReusedAcrossFramesAndRecolouredOnChange) {
    poses = {pose("ana")};
    update({0xff0000});
    scene::NodeHandle head = avatars.nodes("ana")->head;
    poses[0].head.position = vec3(3, 1.6f, 0);
    poses[0].head.orientation = glm::angleAxis(glm::radians(90.0f), vec3(0, 1, 0));
    update({0x00ff00});
    EXPECT_EQ(avatars.nodes("ana")->head, head) << "moving is not rebuilding";
    EXPECT_EQ(worldPosition(head), vec3(3, 1.6f, 0));
    // Facing: the head's -Z (where the visor is) now points to -X.
    vec3 facing = vec3(graph.worldMatrix(head) * vec4(0, 0, -1, 0));
    EXPECT_NEAR(facing.x, -1.0f, 1e-5f);
    EXPECT_EQ(vec3(*graph.materialOverride(head)->baseColor), vec3(0, 1, 0));
}

TEST_F(AvatarFixture, HandsAppearAndDisappearWithTheRecord) {
    poses = {pose("xr")};
    update();
    const AvatarNodes* n = avatars.nodes("xr");
    EXPECT_FALSE(graph.isEffectivelyVisible(n->leftHand));
    EXPECT_FALSE(graph.isEffectivelyVisible(n->rightHand));
    poses[0].leftHand = net::PresencePose{vec3(-0.3f, 1.2f, -0.3f), quat(1, 0, 0, 0)};
    poses[0].rightHand = net::PresencePose{vec3(0.3f, 1.2f, -0.3f), quat(1, 0, 0, 0)};
    update();
    EXPECT_TRUE(graph.isEffectivelyVisible(n->leftHand));
    EXPECT_TRUE(graph.isEffectivelyVisible(n->rightHand));
    EXPECT_EQ(worldPosition(n->rightHand), vec3(0.3f, 1.2f, -0.3f));
    poses[0].leftHand.reset();
    update();
    EXPECT_FALSE(graph.isEffectivelyVisible(n->leftHand));
    EXPECT_TRUE(graph.isEffectivelyVisible(n->rightHand));
}

TEST_F(AvatarFixture, BeamRunsFromTheOriginToTheHitOrAFixedLength) {
    poses = {pose("ana")};
    update({0x00ff00});
    const AvatarNodes* n = avatars.nodes("ana");
    EXPECT_FALSE(graph.isEffectivelyVisible(n->beam));
    EXPECT_FALSE(graph.isEffectivelyVisible(n->hitDot));

    poses[0].pointer = net::PresencePointer{vec3(0, 1.5f, 0), vec3(0, 0, -2), vec3(0, 1.5f, -3)};
    update({0x00ff00});
    ASSERT_TRUE(graph.isEffectivelyVisible(n->beam));
    ASSERT_TRUE(graph.isEffectivelyVisible(n->hitDot));
    const mat4& beam = graph.worldMatrix(n->beam);
    EXPECT_EQ(vec3(beam * vec4(0, 0, 0, 1)), vec3(0, 1.5f, 0));
    vec3 end = vec3(beam * vec4(0, 1, 0, 1));
    EXPECT_NEAR(glm::distance(end, vec3(0, 1.5f, -3)), 0.0f, 1e-5f) << "the beam's end is the hit";
    EXPECT_EQ(worldPosition(n->hitDot), vec3(0, 1.5f, -3));
    EXPECT_EQ(*graph.materialOverride(n->beam)->emissive, vec3(0, 1, 0)) << "beams glow in the user's colour";

    poses[0].pointer->hit.reset();
    update({0x00ff00});
    EXPECT_FALSE(graph.isEffectivelyVisible(n->hitDot));
    vec3 far = vec3(graph.worldMatrix(n->beam) * vec4(0, 1, 0, 1));
    EXPECT_NEAR(glm::distance(far, vec3(0, 1.5f, -kBeamLength)), 0.0f, 1e-4f);

    poses[0].pointer.reset();
    update({0x00ff00});
    EXPECT_FALSE(graph.isEffectivelyVisible(n->beam));
}

TEST_F(AvatarFixture, TheLocalUserHasNoAvatar) {
    poses = {pose("me"), pose("ana")};
    update();
    EXPECT_EQ(avatars.avatarCount(), 2u);
    avatars.setLocalUser("me");
    EXPECT_EQ(avatars.nodes("me"), nullptr) << "removed when the local user becomes known";
    update();
    EXPECT_EQ(avatars.avatarCount(), 1u);
    EXPECT_NE(avatars.nodes("ana"), nullptr);
}

TEST_F(AvatarFixture, IsAvatarNodeCoversTheSubtreeOnly) {
    poses = {pose("ana")};
    update();
    const AvatarNodes* n = avatars.nodes("ana");
    EXPECT_TRUE(avatars.isAvatarNode(avatars.root()));
    EXPECT_TRUE(avatars.isAvatarNode(n->head));
    EXPECT_TRUE(avatars.isAvatarNode(n->visor));
    EXPECT_TRUE(avatars.isAvatarNode(n->beam));
    scene::NodeHandle plant = graph.createNode("plant");
    EXPECT_FALSE(avatars.isAvatarNode(plant));
    EXPECT_FALSE(avatars.isAvatarNode(scene::NodeHandle{}));
    // Hiding the root hides every avatar.
    graph.setVisible(avatars.root(), false);
    EXPECT_FALSE(graph.isEffectivelyVisible(n->head));
}

TEST(AvatarSceneLifetime, DestroysItsNodes) {
    scene::SceneGraph graph;
    size_t before = graph.nodeCount();
    {
        AvatarScene avatars(graph, scene::makeAvatarMeshes());
        SampledPresence p = pose("ana");
        AvatarInput in{&p, 0xffffff};
        avatars.update(std::span<const AvatarInput>(&in, 1));
        EXPECT_GT(graph.nodeCount(), before);
    }
    EXPECT_EQ(graph.nodeCount(), before);
}

} // namespace
} // namespace tv::session
