// extractFrame: draws, skinning, GPU instancing, morph weights, overrides, hidden nodes, lights, bounds.
#include "scene/frame_extract.h"

#include "test_util.h"

#include <gtest/gtest.h>

namespace tv::scene {
namespace {

using test::matNear;
using test::vecNear;

// Node 0 "body" (mesh 0 skinned by skin 0, placed at (100,0,0): its transform must be ignored),
// node 1 "hip" at (0,1,0), node 2 "knee" under hip at (0,1,0). Skin joints {hip, knee} with inverse binds of
// their rest worlds, so at rest every joint matrix is the instance root's world.
std::shared_ptr<Asset> makeSkinnedAsset() {
    auto a = std::make_shared<Asset>();
    a->id = nextAssetId();
    Mesh m;
    m.primitives.push_back(test::unitCube());
    a->meshes.push_back(m);
    a->nodes.resize(3);
    a->nodes[0].name = "body";
    a->nodes[0].mesh = 0;
    a->nodes[0].skin = 0;
    a->nodes[0].transform.translation = vec3(100, 0, 0);
    a->nodes[1].name = "hip";
    a->nodes[1].transform.translation = vec3(0, 1, 0);
    a->nodes[1].children = {2};
    a->nodes[2].name = "knee";
    a->nodes[2].parent = 1;
    a->nodes[2].transform.translation = vec3(0, 1, 0);
    Skin s;
    s.joints = {1, 2};
    s.inverseBindMatrices = {glm::translate(mat4(1.0f), vec3(0, -1, 0)), glm::translate(mat4(1.0f), vec3(0, -2, 0))};
    a->skins.push_back(s);
    a->scenes.push_back(SceneDesc{"", {0, 1}});
    return a;
}

TEST(FrameExtract, PlainDrawsHiddenNodesAndAssets) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "robot");
    g.setTranslation(g.instanceRoot(inst), vec3(0, 0, 10));
    g.updateWorldTransforms();
    FrameExtract fx;
    extractFrame(g, fx);
    ASSERT_EQ(fx.draws.size(), 2u); // base and tip
    EXPECT_EQ(fx.assets.size(), 1u);
    EXPECT_EQ(fx.assets[0].get(), asset.get());
    const DrawInstance& tip = fx.draws[1];
    EXPECT_EQ(tip.node, g.instanceNode(inst, 2));
    EXPECT_EQ(tip.asset, asset.get());
    EXPECT_EQ(tip.mesh, 0);
    EXPECT_TRUE(matNear(tip.world, glm::translate(mat4(1.0f), vec3(1, 1, 10))));
    EXPECT_EQ(tip.jointCount, 0u);
    EXPECT_EQ(tip.instanceCount, 0u);
    EXPECT_EQ(tip.weightCount, 0u);
    EXPECT_FALSE(tip.hasOverride);
    EXPECT_TRUE(vecNear(tip.worldBounds.min, vec3(0.5f, 0.5f, 9.5f)));
    EXPECT_TRUE(vecNear(tip.worldBounds.max, vec3(1.5f, 1.5f, 10.5f)));
    EXPECT_TRUE(vecNear(fx.bounds.min, vec3(-0.5f, -0.5f, 9.5f)));
    EXPECT_TRUE(vecNear(fx.bounds.max, vec3(1.5f, 1.5f, 10.5f)));

    // Hiding the arm hides the tip (inherited); the base still draws.
    g.setVisible(g.instanceNode(inst, 1), false);
    extractFrame(g, fx);
    ASSERT_EQ(fx.draws.size(), 1u);
    EXPECT_EQ(fx.draws[0].node, g.instanceNode(inst, 0));
    EXPECT_TRUE(vecNear(fx.bounds.max, vec3(0.5f, 0.5f, 10.5f)));

    // Hiding the instance root leaves nothing (and no assets to keep alive).
    g.setVisible(g.instanceRoot(inst), false);
    extractFrame(g, fx);
    EXPECT_TRUE(fx.draws.empty());
    EXPECT_TRUE(fx.lights.empty());
    EXPECT_TRUE(fx.assets.empty());
    EXPECT_TRUE(fx.bounds.empty());
}

TEST(FrameExtract, LightsWorldPositionAndDirection) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "robot");
    // Rotate the whole instance 90 degrees about +Y: node -Z becomes world -X.
    g.setRotation(g.instanceRoot(inst), glm::angleAxis(glm::radians(90.0f), vec3(0, 1, 0)));
    g.setTranslation(g.instanceRoot(inst), vec3(5, 0, 0));
    g.updateWorldTransforms();
    FrameExtract fx;
    extractFrame(g, fx);
    ASSERT_EQ(fx.lights.size(), 1u);
    EXPECT_EQ(fx.lights[0].light.type, LightType::Spot);
    EXPECT_FLOAT_EQ(fx.lights[0].light.intensity, 10.0f);
    EXPECT_TRUE(vecNear(fx.lights[0].position, vec3(5, 3, 0)));
    EXPECT_TRUE(vecNear(fx.lights[0].direction, vec3(-1, 0, 0)));
    g.setVisible(g.instanceNode(inst, 4), false);
    extractFrame(g, fx);
    EXPECT_TRUE(fx.lights.empty());
}

TEST(FrameExtract, MaterialOverridesAndMorphWeights) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    asset->meshes[0].weights = {0.25f, 0.5f};
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "r");
    NodeHandle tip = g.instanceNode(inst, 2);
    MaterialOverride o;
    o.emissive = vec3(1, 0, 0);
    o.opacity = 0.3f;
    g.setMaterialOverride(tip, o);
    g.setMorphWeights(tip, {1.0f, 0.0f});
    // A mesh set by hand without weights falls back to the mesh defaults.
    NodeHandle extra = g.createNode("extra");
    g.setMesh(extra, MeshRef{asset, 0, -1, {}});
    g.updateWorldTransforms();
    FrameExtract fx;
    extractFrame(g, fx);
    ASSERT_EQ(fx.draws.size(), 3u);
    const DrawInstance* tipDraw = nullptr;
    for (const DrawInstance& d : fx.draws)
        if (d.node == tip) tipDraw = &d;
    ASSERT_NE(tipDraw, nullptr);
    EXPECT_TRUE(tipDraw->hasOverride);
    ASSERT_TRUE(tipDraw->override.emissive.has_value());
    EXPECT_EQ(*tipDraw->override.emissive, vec3(1, 0, 0));
    EXPECT_FALSE(tipDraw->override.baseColor.has_value());
    EXPECT_FLOAT_EQ(tipDraw->override.opacity, 0.3f);
    ASSERT_EQ(tipDraw->weightCount, 2u);
    EXPECT_FLOAT_EQ(fx.morphWeights[tipDraw->weightOffset], 1.0f);
    EXPECT_FLOAT_EQ(fx.morphWeights[tipDraw->weightOffset + 1], 0.0f);
    const DrawInstance& extraDraw = fx.draws.back();
    EXPECT_EQ(extraDraw.node, extra);
    ASSERT_EQ(extraDraw.weightCount, 2u);
    EXPECT_FLOAT_EQ(fx.morphWeights[extraDraw.weightOffset + 1], 0.5f);
    EXPECT_EQ(fx.morphWeights.size(), 6u);
    for (const DrawInstance& d : fx.draws)
        if (d.node != tip) { EXPECT_FALSE(d.hasOverride); }
}

TEST(FrameExtract, GpuInstancing) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    asset->nodes[2].instances = {Transform{vec3(0, 0, 0)}, Transform{vec3(10, 0, 0), quat(1, 0, 0, 0), vec3(2)}};
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "r");
    g.updateWorldTransforms();
    FrameExtract fx;
    extractFrame(g, fx);
    const DrawInstance& tip = fx.draws[1];
    ASSERT_EQ(tip.node, g.instanceNode(inst, 2));
    ASSERT_EQ(tip.instanceCount, 2u);
    mat4 world = glm::translate(mat4(1.0f), vec3(1, 1, 0));
    EXPECT_TRUE(matNear(tip.world, world));
    EXPECT_TRUE(matNear(fx.instanceMatrices[tip.instanceOffset], world));
    EXPECT_TRUE(matNear(fx.instanceMatrices[tip.instanceOffset + 1],
                        world * Transform{vec3(10, 0, 0), quat(1, 0, 0, 0), vec3(2)}.matrix()));
    // Covers both instances: the first at (1,1,0) +-0.5, the second at (11,1,0) +-1.
    EXPECT_TRUE(vecNear(tip.worldBounds.min, vec3(0.5f, 0.0f, -1.0f)));
    EXPECT_TRUE(vecNear(tip.worldBounds.max, vec3(12.0f, 2.0f, 1.0f)));
    EXPECT_TRUE(vecNear(fx.bounds.max, vec3(12.0f, 2.0f, 1.0f)));
}

TEST(FrameExtract, SkinnedDrawsCarryJointMatrices) {
    SceneGraph g;
    auto asset = makeSkinnedAsset();
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "character");
    g.setTranslation(g.instanceRoot(inst), vec3(0, 0, -5));
    g.updateWorldTransforms();
    FrameExtract fx;
    extractFrame(g, fx);
    ASSERT_EQ(fx.draws.size(), 1u);
    const DrawInstance& d = fx.draws[0];
    EXPECT_TRUE(matNear(d.world, mat4(1.0f))); // the mesh node's own transform (100,0,0) is ignored
    EXPECT_TRUE(d.worldBounds.empty());        // never culled
    ASSERT_EQ(d.jointCount, 2u);
    ASSERT_EQ(fx.jointMatrices.size(), 2u);
    mat4 rootWorld = glm::translate(mat4(1.0f), vec3(0, 0, -5));
    EXPECT_TRUE(matNear(fx.jointMatrices[0], rootWorld)); // rest pose: world(joint) * inverseBind = root
    EXPECT_TRUE(matNear(fx.jointMatrices[1], rootWorld));
    EXPECT_TRUE(vecNear(fx.bounds.min, vec3(-0.5f, -0.5f, -5.5f)));
    EXPECT_TRUE(vecNear(fx.bounds.max, vec3(0.5f, 0.5f, -4.5f)));

    // Bend: rotate the knee 90 degrees about Z. Joint 1's matrix = T(0,0,-5) T(0,1,0) T(0,1,0) R T(0,-2,0).
    NodeHandle knee = g.instanceNode(inst, 2);
    quat r = glm::angleAxis(glm::radians(90.0f), vec3(0, 0, 1));
    g.setRotation(knee, r);
    g.setTranslation(g.instanceNode(inst, 1), vec3(3, 1, 0));
    g.updateWorldTransforms();
    extractFrame(g, fx);
    ASSERT_EQ(fx.jointMatrices.size(), 2u); // capacity reused, contents replaced
    mat4 j0 = rootWorld * glm::translate(mat4(1.0f), vec3(3, 1, 0)) * glm::translate(mat4(1.0f), vec3(0, -1, 0));
    mat4 j1 = rootWorld * glm::translate(mat4(1.0f), vec3(3, 1, 0)) * glm::translate(mat4(1.0f), vec3(0, 1, 0)) *
              glm::mat4_cast(r) * glm::translate(mat4(1.0f), vec3(0, -2, 0));
    EXPECT_TRUE(matNear(fx.jointMatrices[0], j0));
    EXPECT_TRUE(matNear(fx.jointMatrices[1], j1));
    // Bounds enclose the cube under both joint matrices.
    Aabb expect = test::unitCube().bounds.transformed(j0);
    expect.extend(test::unitCube().bounds.transformed(j1));
    EXPECT_TRUE(vecNear(fx.bounds.min, expect.min));
    EXPECT_TRUE(vecNear(fx.bounds.max, expect.max));
    EXPECT_TRUE(vecNear(g.worldBounds().min, expect.min));
}

TEST(FrameExtract, TwoSkinnedInstancesUseTheirOwnJoints) {
    SceneGraph g;
    auto asset = makeSkinnedAsset();
    InstanceHandle a = *g.instantiate(asset, -1, {}, "a");
    InstanceHandle b = *g.instantiate(asset, -1, {}, "b");
    g.setTranslation(g.instanceRoot(b), vec3(7, 0, 0));
    g.updateWorldTransforms();
    FrameExtract fx;
    extractFrame(g, fx);
    ASSERT_EQ(fx.draws.size(), 2u);
    EXPECT_EQ(fx.assets.size(), 1u);
    EXPECT_EQ(fx.draws[0].node, g.instanceNode(a, 0));
    EXPECT_EQ(fx.draws[1].jointOffset, 2u);
    EXPECT_TRUE(matNear(fx.jointMatrices[2], glm::translate(mat4(1.0f), vec3(7, 0, 0))));
    EXPECT_TRUE(matNear(fx.jointMatrices[0], mat4(1.0f)));
}

TEST(FrameExtract, ClearResetsEverything) {
    FrameExtract fx;
    fx.draws.resize(3);
    fx.jointMatrices.resize(2);
    fx.bounds.extend(vec3(1));
    fx.clear();
    EXPECT_TRUE(fx.draws.empty());
    EXPECT_TRUE(fx.jointMatrices.empty());
    EXPECT_TRUE(fx.bounds.empty());
    EXPECT_GE(fx.draws.capacity(), 3u);
}

} // namespace
} // namespace tv::scene
