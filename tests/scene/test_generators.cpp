// Generated scenes: valid assets, the demo plant's named parts and layout, the stress scene's counts and determinism.
#include "scene/scene_generators.h"

#include "asset_checks.h"
#include "scene/frame_extract.h"
#include "scene/scene_graph.h"

#include <gtest/gtest.h>

#include <set>

namespace tv::scene {
namespace {

TEST(DemoPlant, IsAValidAsset) {
    AssetPtr plant = makeDemoPlant();
    ASSERT_TRUE(plant);
    EXPECT_TRUE(test::checkAsset(*plant));
    AssetPtr again = makeDemoPlant();
    EXPECT_NE(plant->id, again->id); // nextAssetId per asset: distinct renderer cache keys
    EXPECT_GE(plant->materials.size(), 6u);
    for (const Material& m : plant->materials) {
        EXPECT_TRUE(m.metallicFactor == 0.0f || m.metallicFactor == 1.0f) << m.name;
        EXPECT_GT(m.roughnessFactor, 0.0f) << m.name;
        EXPECT_LE(m.roughnessFactor, 1.0f) << m.name;
        EXPECT_EQ(m.alphaMode, AlphaMode::Opaque);
    }
    std::set<std::string> names;
    for (const Material& m : plant->materials) names.insert(m.name);
    for (const char* expected : {"concrete-floor", "stainless-steel", "safety-yellow", "painted-steel-blue"})
        EXPECT_TRUE(names.count(expected)) << expected;
}

TEST(DemoPlant, NamedPartsAreFindableAfterInstantiate) {
    SceneGraph g;
    auto inst = g.instantiate(makeDemoPlant(), -1, {}, "demo");
    ASSERT_TRUE(inst) << inst.error().message;
    std::vector<std::string> expected = {"plant", "floor", "conveyor", "agv-1", "agv-2", "frame"};
    for (int i = 1; i <= 4; ++i) expected.push_back("tank-" + std::to_string(i));
    for (int i = 1; i <= 3; ++i) expected.push_back("pump-" + std::to_string(i));
    for (int i = 1; i <= 7; ++i) expected.push_back("valve-" + std::to_string(i));
    for (int i = 1; i <= 8; ++i) expected.push_back("pipe-" + std::to_string(i));
    for (int i = 1; i <= 4; ++i) expected.push_back("part-" + std::to_string(i));
    for (const std::string& n : expected) EXPECT_TRUE(g.findByName(n)) << n;
    EXPECT_EQ(g.findByPath("/demo/plant/tank-1"), g.findByName("tank-1"));
    EXPECT_EQ(g.findByPath("/demo/plant/pump-3"), g.findByName("pump-3"));
    EXPECT_EQ(g.findByPath("/demo/plant/valve-7"), g.findByName("valve-7"));
    EXPECT_EQ(g.findByPath("/demo/plant/conveyor/part-2"), g.findByName("part-2"));
    EXPECT_EQ(g.findByPath("/demo/plant/agv-1/wheel-3"), g.children(g.findByName("agv-1"))[2]);
    // Parts ride the conveyor: they are its children, so moving the conveyor moves them.
    EXPECT_EQ(g.parent(g.findByName("part-1")), g.findByName("conveyor"));
}

TEST(DemoPlant, LayoutSitsOnTheSlabInsideTheFrame) {
    SceneGraph g;
    auto inst = g.instantiate(makeDemoPlant(), -1, {}, "demo");
    ASSERT_TRUE(inst);
    g.updateWorldTransforms();
    FrameExtract fx;
    extractFrame(g, fx);
    EXPECT_GT(fx.draws.size(), 60u);
    // The whole plant: the slab (32 x 22 m, 0.3 thick) and the 8 m frame with its roof beams.
    EXPECT_NEAR(fx.bounds.min.x, -16.0f, 0.01f);
    EXPECT_NEAR(fx.bounds.max.x, 16.0f, 0.01f);
    EXPECT_NEAR(fx.bounds.min.z, -11.0f, 0.01f);
    EXPECT_NEAR(fx.bounds.max.z, 11.0f, 0.01f);
    EXPECT_NEAR(fx.bounds.min.y, -0.3f, 0.01f);
    EXPECT_NEAR(fx.bounds.max.y, 8.4f, 0.01f);
    NodeHandle floor = g.findByName("floor");
    int inFrame = 0;
    for (const DrawInstance& d : fx.draws) {
        if (d.node == floor) continue;
        // Nothing sinks into the slab and everything stands inside its footprint.
        EXPECT_GE(d.worldBounds.min.y, -1e-3f) << g.path(d.node);
        EXPECT_GE(d.worldBounds.min.x, -16.0f) << g.path(d.node);
        EXPECT_LE(d.worldBounds.max.x, 16.0f) << g.path(d.node);
        EXPECT_GE(d.worldBounds.min.z, -11.0f) << g.path(d.node);
        EXPECT_LE(d.worldBounds.max.z, 11.0f) << g.path(d.node);
        ++inFrame;
    }
    EXPECT_GT(inFrame, 0);
    // Tanks are tall cylinders; the tall ones reach about 7 m.
    const DrawInstance* tank1 = nullptr;
    for (const DrawInstance& d : fx.draws)
        if (d.node == g.findByName("tank-1")) tank1 = &d;
    ASSERT_NE(tank1, nullptr);
    EXPECT_NEAR(tank1->worldBounds.max.y, 7.0f, 0.2f);
    EXPECT_NEAR(tank1->worldBounds.center().x, -12.0f, 0.3f);
    // Wheels touch the floor.
    NodeHandle wheel = g.children(g.findByName("agv-1"))[0];
    for (const DrawInstance& d : fx.draws)
        if (d.node == wheel) { EXPECT_NEAR(d.worldBounds.min.y, 0.0f, 1e-3f); }
}

uint64_t leafTriangles(const Asset& a) {
    uint64_t total = 0;
    for (const Node& n : a.nodes)
        if (n.mesh >= 0) total += test::meshTriangles(a.meshes[size_t(n.mesh)]);
    return total;
}

struct StressCase {
    uint32_t nodes, triangles;
};

class StressScene : public ::testing::TestWithParam<StressCase> {};

TEST_P(StressScene, CountsShapeAndValidity) {
    auto [nodes, triangles] = GetParam();
    AssetPtr a = makeStressScene(nodes, triangles, 7);
    ASSERT_TRUE(a);
    EXPECT_TRUE(test::checkAsset(*a));
    EXPECT_EQ(a->nodes.size(), nodes);
    EXPECT_GE(a->meshes.size(), 4u);
    EXPECT_LE(a->meshes.size(), 8u);
    double total = double(leafTriangles(*a));
    EXPECT_NEAR(total / triangles, 1.0, 0.05) << total << " triangles for a budget of " << triangles;
    // Shallow: root -> groups of at most 100 -> leaves.
    ASSERT_EQ(a->scenes[0].roots.size(), 1u);
    const Node& root = a->nodes[size_t(a->scenes[0].roots[0])];
    for (int32_t gi : root.children) {
        const Node& group = a->nodes[size_t(gi)];
        EXPECT_LE(group.children.size(), 100u);
        for (int32_t li : group.children) {
            EXPECT_TRUE(a->nodes[size_t(li)].children.empty());
            EXPECT_GE(a->nodes[size_t(li)].mesh, 0);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Budgets, StressScene,
                         ::testing::Values(StressCase{10000, 1000000}, StressCase{100000, 2000000},
                                           StressCase{1000, 50000}, StressCase{10000, 200000}, StressCase{500, 2000000},
                                           StressCase{2000, 123457}));

TEST(StressSceneGen, DeterministicPerSeed) {
    AssetPtr a = makeStressScene(3000, 100000, 42), b = makeStressScene(3000, 100000, 42);
    AssetPtr c = makeStressScene(3000, 100000, 43);
    ASSERT_EQ(a->nodes.size(), b->nodes.size());
    bool anyDiff = false;
    for (size_t i = 0; i < a->nodes.size(); ++i) {
        EXPECT_EQ(a->nodes[i].name, b->nodes[i].name);
        EXPECT_EQ(a->nodes[i].mesh, b->nodes[i].mesh);
        EXPECT_EQ(a->nodes[i].transform.translation, b->nodes[i].transform.translation);
        EXPECT_EQ(a->nodes[i].transform.scale, b->nodes[i].transform.scale);
        if (a->nodes[i].mesh != c->nodes[i].mesh ||
            a->nodes[i].transform.translation != c->nodes[i].transform.translation)
            anyDiff = true;
    }
    EXPECT_TRUE(anyDiff);
    for (size_t m = 0; m < a->meshes.size(); ++m)
        EXPECT_EQ(a->meshes[m].primitives[0].indices, b->meshes[m].primitives[0].indices);
}

TEST(StressSceneGen, InstantiatesAndSpreadsOnAGrid) {
    SceneGraph g;
    auto inst = g.instantiate(makeStressScene(10000, 1000000, 1), -1, {}, "stress");
    ASSERT_TRUE(inst);
    EXPECT_EQ(g.nodeCount(), 10001u); // + the instance root
    EXPECT_TRUE(g.findByName("item-9899"));
    EXPECT_FALSE(g.findByName("item-9900"));
    EXPECT_EQ(g.updateWorldTransforms(), 10001u);
    Aabb box = g.worldBounds();
    // 99 groups of 10 x 10 on a 3 m grid: a 10 x 10 grid of 30 m blocks, centred.
    EXPECT_GT(box.extent().x, 250.0f);
    EXPECT_LT(box.extent().x, 320.0f);
    EXPECT_NEAR(box.center().x, 0.0f, 20.0f);
    EXPECT_NEAR(box.center().z, 0.0f, 20.0f);
    EXPECT_LT(box.extent().y, 6.0f);
}

TEST(StressSceneGen, TinyInputs) {
    EXPECT_EQ(makeStressScene(1, 1000, 1)->nodes.size(), 1u);
    EXPECT_EQ(makeStressScene(0, 1000, 1)->nodes.size(), 1u);
    AssetPtr two = makeStressScene(2, 1000, 1);
    EXPECT_EQ(two->nodes.size(), 2u);
    EXPECT_TRUE(test::checkAsset(*two));
    // A budget below every shape's minimum still yields valid (minimal) meshes.
    AssetPtr starved = makeStressScene(1000, 10, 1);
    EXPECT_TRUE(test::checkAsset(*starved));
    EXPECT_EQ(starved->nodes.size(), 1000u);
}

} // namespace
} // namespace tv::scene
