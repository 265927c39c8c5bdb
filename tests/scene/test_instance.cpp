// SceneGraph::instantiate / destroyInstance: what is copied from the asset, counts, node map, lifetimes.
#include "scene/scene_graph.h"

#include "test_util.h"

#include <gtest/gtest.h>

namespace tv::scene {
namespace {

using test::matNear;

TEST(Instance, CopiesDefaultSceneWithContent) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    auto r = g.instantiate(asset, -1, {}, "robot");
    ASSERT_TRUE(r) << r.error().message;
    InstanceHandle inst = *r;
    EXPECT_TRUE(g.isValid(inst));
    EXPECT_EQ(g.instanceAsset(inst).get(), asset.get());
    // Scene 0: base, arm, tip, unnamed, lamp, cam (6 nodes) + the instance root.
    EXPECT_EQ(g.nodeCount(), 7u);
    NodeHandle root = g.instanceRoot(inst);
    EXPECT_EQ(g.name(root), "robot");
    EXPECT_EQ(g.parent(root), g.root());

    NodeHandle base = g.instanceNode(inst, 0), arm = g.instanceNode(inst, 1), tip = g.instanceNode(inst, 2);
    NodeHandle unnamed = g.instanceNode(inst, 3), lamp = g.instanceNode(inst, 4), cam = g.instanceNode(inst, 5);
    EXPECT_FALSE(g.instanceNode(inst, 6)); // "other" is in scene 1 only
    EXPECT_FALSE(g.instanceNode(inst, 99));
    EXPECT_FALSE(g.instanceNode(inst, -1));
    EXPECT_EQ(g.parent(base), root);
    EXPECT_EQ(g.parent(tip), arm);
    EXPECT_EQ(g.children(base), (std::vector<NodeHandle>{arm, unnamed, lamp, cam}));

    EXPECT_EQ(g.findByName("tip"), tip);
    EXPECT_EQ(g.path(tip), "/robot/base/arm/tip");
    EXPECT_EQ(g.name(unnamed), "");
    EXPECT_EQ(g.path(unnamed), "/robot/base/#1");
    EXPECT_EQ(g.findByPath("/robot/base/#1"), unnamed);

    ASSERT_NE(g.mesh(tip), nullptr);
    EXPECT_EQ(g.mesh(tip)->asset.get(), asset.get());
    EXPECT_EQ(g.mesh(tip)->mesh, 0);
    EXPECT_EQ(g.mesh(tip)->skin, -1);
    EXPECT_EQ(g.mesh(arm), nullptr);
    ASSERT_NE(g.light(lamp), nullptr);
    EXPECT_FLOAT_EQ(g.light(lamp)->intensity, 10.0f);
    ASSERT_NE(g.camera(cam), nullptr);

    g.updateWorldTransforms();
    EXPECT_TRUE(matNear(g.worldMatrix(tip), glm::translate(mat4(1.0f), vec3(1, 1, 0))));
    EXPECT_TRUE(matNear(g.localMatrix(unnamed), asset->nodes[3].matrix));
    EXPECT_TRUE(matNear(g.worldMatrix(unnamed), glm::translate(mat4(1.0f), vec3(0, 0, 5))));
}

TEST(Instance, ExplicitSceneAndParent) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    NodeHandle holder = g.createNode("holder");
    g.setTranslation(holder, vec3(0, 0, -3));
    auto r = g.instantiate(asset, 1, holder, "second");
    ASSERT_TRUE(r);
    EXPECT_EQ(g.nodeCount(), 3u);
    NodeHandle other = g.instanceNode(*r, 6);
    ASSERT_TRUE(other);
    EXPECT_EQ(g.path(other), "/holder/second/other");
    EXPECT_FALSE(g.instanceNode(*r, 0));
    g.updateWorldTransforms();
    EXPECT_TRUE(matNear(g.worldMatrix(other), glm::translate(mat4(1.0f), vec3(0, 0, -3))));
}

TEST(Instance, Errors) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    auto noAsset = g.instantiate(nullptr, -1, {}, "x");
    ASSERT_FALSE(noAsset);
    EXPECT_EQ(noAsset.error().code, ErrorCode::InvalidArgument);
    auto badScene = g.instantiate(asset, 5, {}, "x");
    ASSERT_FALSE(badScene);
    EXPECT_EQ(badScene.error().code, ErrorCode::NotFound);
    EXPECT_NE(badScene.error().message.find("small.gltf"), std::string::npos);
    NodeHandle stale = g.createNode("s");
    g.destroyNode(stale);
    EXPECT_FALSE(g.instantiate(asset, -1, stale, "x"));
    EXPECT_EQ(g.nodeCount(), 0u); // failures leave nothing behind
    EXPECT_TRUE(g.instances().empty());
}

TEST(Instance, NoScenesUsesParentlessNodes) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    asset->scenes.clear();
    asset->defaultScene = -1;
    auto r = g.instantiate(asset, -1, {}, "all");
    ASSERT_TRUE(r);
    EXPECT_EQ(g.nodeCount(), 8u); // every asset node + the instance root
    EXPECT_TRUE(g.instanceNode(*r, 6));
    EXPECT_FALSE(g.instantiate(asset, 0, {}, "bad"));
}

TEST(Instance, MorphWeightsFromNodeElseMeshDefaultsAndGpuInstancing) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    asset->meshes[0].weights = {0.1f, 0.2f};
    asset->nodes[2].weights = {0.7f, 0.8f};
    asset->nodes[0].instances = {Transform{vec3(1, 0, 0)}, Transform{vec3(2, 0, 0)}, Transform{vec3(3, 0, 0)}};
    auto r = g.instantiate(asset, -1, {}, "m");
    ASSERT_TRUE(r);
    EXPECT_EQ(g.morphWeights(g.instanceNode(*r, 2)), (std::vector<float>{0.7f, 0.8f}));
    EXPECT_EQ(g.morphWeights(g.instanceNode(*r, 0)), (std::vector<float>{0.1f, 0.2f}));
    EXPECT_EQ(g.instanceTransforms(g.instanceNode(*r, 0)).size(), 3u);
    EXPECT_TRUE(g.instanceTransforms(g.instanceNode(*r, 2)).empty());
}

TEST(Instance, DestroyInstanceCounts) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    std::vector<InstanceHandle> insts;
    for (int i = 0; i < 5; ++i) insts.push_back(*g.instantiate(asset, -1, {}, "r" + std::to_string(i)));
    EXPECT_EQ(g.nodeCount(), 35u);
    EXPECT_EQ(g.instances().size(), 5u);
    EXPECT_EQ(asset.use_count(), 1 + 5 + 5 * 2); // the instances + the two mesh nodes of each
    NodeHandle tip2 = g.instanceNode(insts[2], 2);
    EXPECT_EQ(g.findByName("tip"), g.instanceNode(insts[0], 2));

    g.destroyInstance(insts[0]);
    EXPECT_FALSE(g.isValid(insts[0]));
    EXPECT_EQ(g.nodeCount(), 28u);
    EXPECT_EQ(g.instances().size(), 4u);
    EXPECT_EQ(g.findByName("tip"), g.instanceNode(insts[1], 2)); // next in creation order
    EXPECT_TRUE(g.isValid(tip2));
    EXPECT_FALSE(g.instanceNode(insts[0], 2));
    EXPECT_EQ(g.instanceAsset(insts[0]), nullptr);
    g.destroyInstance(insts[0]); // stale: ignored
    EXPECT_EQ(g.nodeCount(), 28u);

    // A node moved out from under the instance root still belongs to the instance.
    NodeHandle arm3 = g.instanceNode(insts[3], 1);
    ASSERT_TRUE(g.setParent(arm3, NodeHandle{}));
    g.destroyInstance(insts[3]);
    EXPECT_FALSE(g.isValid(arm3));
    EXPECT_EQ(g.nodeCount(), 21u);

    // Slot reuse gives a new generation.
    InstanceHandle again = *g.instantiate(asset, -1, {}, "again");
    EXPECT_TRUE(again.index == insts[0].index || again.index == insts[3].index);
    EXPECT_NE(again, insts[0]);
    EXPECT_NE(again, insts[3]);
    EXPECT_FALSE(g.isValid(insts[0]));
    EXPECT_EQ(g.nodeCount(), 28u);

    for (InstanceHandle h : g.instances()) g.destroyInstance(h);
    EXPECT_EQ(g.nodeCount(), 0u);
    EXPECT_EQ(asset.use_count(), 1);
}

TEST(Instance, DestroyingTheRootNodeReleasesTheInstance) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "r");
    g.destroyNode(g.instanceRoot(inst));
    EXPECT_FALSE(g.isValid(inst));
    EXPECT_TRUE(g.instances().empty());
    EXPECT_EQ(g.nodeCount(), 0u);
}

} // namespace
} // namespace tv::scene
