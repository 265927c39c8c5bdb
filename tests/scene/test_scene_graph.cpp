// SceneGraph: handles, hierarchy, names and paths, dirty-subtree world updates, visibility, content.
#include "scene/scene_graph.h"

#include "test_util.h"

#include <gtest/gtest.h>

#include <glm/gtx/transform2.hpp>

#include <random>
#include <unordered_map>

namespace tv::scene {
namespace {

using test::matNear;

TEST(SceneGraph, RootExistsAndIsEmpty) {
    SceneGraph g;
    EXPECT_TRUE(g.isValid(g.root()));
    EXPECT_EQ(g.nodeCount(), 0u);
    EXPECT_EQ(g.path(g.root()), "/");
    EXPECT_EQ(g.findByPath("/"), g.root());
    EXPECT_TRUE(g.parent(g.root()).isNull());
    EXPECT_FALSE(g.isValid(NodeHandle{}));
    EXPECT_FALSE(g.isValid(NodeHandle{0, 0})); // generation 0 never names a live node
}

TEST(SceneGraph, HandlesSurviveUnrelatedEdits) {
    SceneGraph g;
    NodeHandle a = g.createNode("a");
    NodeHandle b = g.createNode("b", a);
    std::vector<NodeHandle> others;
    for (int i = 0; i < 200; ++i) others.push_back(g.createNode("n" + std::to_string(i)));
    for (int i = 0; i < 200; i += 2) g.destroyNode(others[size_t(i)]);
    for (int i = 0; i < 150; ++i) g.createNode("m" + std::to_string(i)); // reuses freed slots, grows arrays
    g.setTranslation(others[1], vec3(1, 2, 3));
    g.updateWorldTransforms();
    ASSERT_TRUE(g.isValid(a));
    ASSERT_TRUE(g.isValid(b));
    EXPECT_EQ(g.name(a), "a");
    EXPECT_EQ(g.name(b), "b");
    EXPECT_EQ(g.parent(b), a);
    EXPECT_EQ(g.nodeCount(), 2u + 100u + 150u);
}

TEST(SceneGraph, StaleHandleDetectedAfterDestroyAndSlotReuse) {
    SceneGraph g;
    NodeHandle a = g.createNode("a");
    NodeHandle child = g.createNode("child", a);
    g.destroyNode(a);
    EXPECT_FALSE(g.isValid(a));
    EXPECT_FALSE(g.isValid(child)); // whole subtree goes
    EXPECT_EQ(g.nodeCount(), 0u);
    NodeHandle c = g.createNode("c");
    NodeHandle d = g.createNode("d");
    // The freed slots are reused, but the old handles stay stale.
    EXPECT_TRUE(c.index == a.index || c.index == child.index);
    EXPECT_TRUE(d.index == a.index || d.index == child.index);
    EXPECT_FALSE(g.isValid(a));
    EXPECT_FALSE(g.isValid(child));
    EXPECT_TRUE(g.isValid(c));
    g.destroyNode(a); // stale: ignored, must not destroy c or d
    EXPECT_TRUE(g.isValid(c));
    EXPECT_TRUE(g.isValid(d));
    EXPECT_EQ(g.findByName("a"), NodeHandle{});
    EXPECT_EQ(g.findByName("c"), c);
    // Packed handles round-trip (picking buffers).
    EXPECT_EQ(NodeHandle::fromPacked(c.packed()), c);
}

TEST(SceneGraph, ChildrenKeepCreationOrderAndUnlinkCorrectly) {
    SceneGraph g;
    NodeHandle p = g.createNode("p");
    NodeHandle c0 = g.createNode("c0", p), c1 = g.createNode("c1", p), c2 = g.createNode("c2", p);
    EXPECT_EQ(g.children(p), (std::vector<NodeHandle>{c0, c1, c2}));
    g.destroyNode(c1);
    EXPECT_EQ(g.children(p), (std::vector<NodeHandle>{c0, c2}));
    g.destroyNode(c0);
    EXPECT_EQ(g.children(p), (std::vector<NodeHandle>{c2}));
    NodeHandle c3 = g.createNode("c3", p);
    EXPECT_EQ(g.children(p), (std::vector<NodeHandle>{c2, c3}));
    g.destroyNode(c3);
    g.destroyNode(c2);
    EXPECT_TRUE(g.children(p).empty());
}

TEST(SceneGraph, ReparentKeepsLocalTransform) {
    SceneGraph g;
    NodeHandle a = g.createNode("a"), b = g.createNode("b"), n = g.createNode("n", a);
    g.setTranslation(a, vec3(10, 0, 0));
    g.setTranslation(b, vec3(0, 20, 0));
    g.setTranslation(n, vec3(1, 1, 1));
    g.updateWorldTransforms();
    EXPECT_TRUE(matNear(g.worldMatrix(n), glm::translate(mat4(1.0f), vec3(11, 1, 1))));
    ASSERT_TRUE(g.setParent(n, b));
    EXPECT_EQ(g.parent(n), b);
    EXPECT_EQ(g.children(a).size(), 0u);
    EXPECT_EQ(g.children(b), std::vector<NodeHandle>{n});
    EXPECT_EQ(g.localTransform(n).translation, vec3(1, 1, 1));
    EXPECT_EQ(g.updateWorldTransforms(), 1u);
    EXPECT_TRUE(matNear(g.worldMatrix(n), glm::translate(mat4(1.0f), vec3(1, 21, 1))));
    ASSERT_TRUE(g.setParent(n, NodeHandle{})); // null = root
    EXPECT_EQ(g.parent(n), g.root());
}

TEST(SceneGraph, CycleRejected) {
    SceneGraph g;
    NodeHandle a = g.createNode("a"), b = g.createNode("b", a), c = g.createNode("c", b);
    auto r1 = g.setParent(a, c);
    ASSERT_FALSE(r1);
    EXPECT_EQ(r1.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(r1.error().message.find("descendant"), std::string::npos);
    EXPECT_FALSE(g.setParent(a, a));
    EXPECT_FALSE(g.setParent(g.root(), a));
    NodeHandle stale = g.createNode("x");
    g.destroyNode(stale);
    EXPECT_FALSE(g.setParent(stale, a));
    EXPECT_FALSE(g.setParent(a, stale));
    // Unchanged structure.
    EXPECT_EQ(g.parent(a), g.root());
    EXPECT_EQ(g.parent(c), b);
}

// Reference: world of every node recomputed from scratch by walking parents.
mat4 bruteWorld(const SceneGraph& g, NodeHandle n) {
    mat4 w(1.0f);
    for (NodeHandle s = n; s; s = g.parent(s)) w = g.localMatrix(s) * w;
    return w;
}

TEST(SceneGraph, DirtyPropagationMatchesBruteForceAfterRandomEdits) {
    SceneGraph g;
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> u(-2.0f, 2.0f);
    std::vector<NodeHandle> nodes;
    for (int i = 0; i < 400; ++i) {
        NodeHandle p = nodes.empty() || rng() % 5 == 0 ? NodeHandle{} : nodes[rng() % nodes.size()];
        NodeHandle n = g.createNode("n" + std::to_string(i), p);
        g.setLocalTransform(n, Transform{vec3(u(rng), u(rng), u(rng)),
                                         glm::normalize(quat(u(rng), u(rng), u(rng), u(rng))), vec3(1.0f)});
        nodes.push_back(n);
    }
    g.updateWorldTransforms();
    for (int round = 0; round < 30; ++round) {
        for (int e = 0; e < 25; ++e) {
            NodeHandle n = nodes[rng() % nodes.size()];
            if (!g.isValid(n)) continue;
            switch (rng() % 6) {
            case 0: g.setTranslation(n, vec3(u(rng), u(rng), u(rng))); break;
            case 1: g.setRotation(n, glm::normalize(quat(u(rng), u(rng), u(rng), u(rng)))); break;
            case 2: g.setScale(n, vec3(1.0f + 0.2f * u(rng))); break;
            case 3: g.setLocalMatrix(n, glm::shearX3D(mat4(1.0f), 0.3f, 0.1f)); break;
            case 4: {
                NodeHandle p = nodes[rng() % nodes.size()];
                if (g.isValid(p)) (void)g.setParent(n, p); // may be rejected as a cycle: fine
                break;
            }
            case 5:
                if (rng() % 4 == 0)
                    g.destroyNode(n);
                else
                    nodes.push_back(g.createNode("new", n));
                break;
            }
        }
        g.updateWorldTransforms();
        g.forEachNode([&](NodeHandle n) { ASSERT_TRUE(matNear(g.worldMatrix(n), bruteWorld(g, n), 1e-3f)); });
    }
}

TEST(SceneGraph, UpdateRecomputesOnlyDirtySubtrees) {
    SceneGraph g;
    // 10 groups x (1 + 9 children + 9 grandchildren under the first child)
    std::vector<NodeHandle> groups, firstChildren, leaves;
    for (int i = 0; i < 10; ++i) {
        NodeHandle grp = g.createNode("g" + std::to_string(i));
        groups.push_back(grp);
        for (int j = 0; j < 9; ++j) {
            NodeHandle c = g.createNode("", grp);
            if (j == 0) firstChildren.push_back(c);
            leaves.push_back(c);
        }
        for (int k = 0; k < 9; ++k) g.createNode("", firstChildren.back());
    }
    EXPECT_EQ(g.nodeCount(), 190u);
    EXPECT_EQ(g.updateWorldTransforms(), 190u); // first update: everything is new
    EXPECT_EQ(g.updateWorldTransforms(), 0u);   // nothing changed: nothing recomputed

    g.setTranslation(leaves[5], vec3(1, 0, 0)); // a leaf
    EXPECT_EQ(g.updateWorldTransforms(), 1u);

    g.setTranslation(firstChildren[3], vec3(1, 0, 0)); // a child with 9 grandchildren
    EXPECT_EQ(g.updateWorldTransforms(), 10u);

    g.setTranslation(groups[2], vec3(0, 1, 0));        // a whole group: 19 nodes
    g.setTranslation(firstChildren[2], vec3(0, 0, 1)); // inside the same group: covered, not recomputed twice
    g.setScale(groups[2], vec3(2.0f));                 // edited twice: still once
    EXPECT_EQ(g.updateWorldTransforms(), 19u);

    g.setTranslation(groups[0], vec3(1));
    g.setTranslation(groups[1], vec3(1));
    EXPECT_EQ(g.updateWorldTransforms(), 38u);

    // Edits to a node then destroyed do not count and do not crash.
    g.setTranslation(leaves[40], vec3(3));
    g.destroyNode(leaves[40]);
    EXPECT_EQ(g.updateWorldTransforms(), 0u);
}

TEST(SceneGraph, NewChildOfCleanParentGetsParentWorld) {
    SceneGraph g;
    NodeHandle p = g.createNode("p");
    g.setTranslation(p, vec3(5, 0, 0));
    g.updateWorldTransforms();
    NodeHandle c = g.createNode("c", p);
    EXPECT_EQ(g.updateWorldTransforms(), 1u);
    EXPECT_TRUE(matNear(g.worldMatrix(c), glm::translate(mat4(1.0f), vec3(5, 0, 0))));
}

TEST(SceneGraph, LocalMatrixAndComponentSetters) {
    SceneGraph g;
    NodeHandle n = g.createNode("n");
    Transform t{vec3(1, 2, 3), glm::angleAxis(0.5f, vec3(0, 1, 0)), vec3(2, 2, 2)};
    g.setLocalTransform(n, t);
    EXPECT_TRUE(matNear(g.localMatrix(n), t.matrix()));
    g.setTranslation(n, vec3(4, 5, 6));
    t.translation = vec3(4, 5, 6);
    EXPECT_TRUE(matNear(g.localMatrix(n), t.matrix()));
    // A sheared matrix is kept verbatim.
    mat4 sheared = glm::shearX3D(mat4(1.0f), 0.5f, 0.0f);
    sheared[3] = vec4(7, 8, 9, 1);
    g.setLocalMatrix(n, sheared);
    EXPECT_TRUE(matNear(g.localMatrix(n), sheared));
    g.updateWorldTransforms();
    EXPECT_TRUE(matNear(g.worldMatrix(n), sheared));
    // A decomposable matrix is mirrored into localTransform().
    mat4 trs = Transform{vec3(1, 0, 0), glm::angleAxis(1.0f, vec3(1, 0, 0)), vec3(3)}.matrix();
    g.setLocalMatrix(n, trs);
    EXPECT_TRUE(test::vecNear(g.localTransform(n).translation, vec3(1, 0, 0)));
    EXPECT_TRUE(test::vecNear(g.localTransform(n).scale, vec3(3)));
    // A component setter switches back to TRS.
    g.setScale(n, vec3(1));
    EXPECT_TRUE(
        matNear(g.localMatrix(n), Transform{vec3(1, 0, 0), glm::angleAxis(1.0f, vec3(1, 0, 0)), vec3(1)}.matrix()));
}

TEST(SceneGraph, VisibilityInheritance) {
    SceneGraph g;
    NodeHandle a = g.createNode("a"), b = g.createNode("b", a), c = g.createNode("c", b), d = g.createNode("d");
    EXPECT_TRUE(g.isEffectivelyVisible(c));
    g.setVisible(a, false);
    EXPECT_FALSE(g.isVisible(a));
    EXPECT_TRUE(g.isVisible(c));
    EXPECT_FALSE(g.isEffectivelyVisible(b));
    EXPECT_FALSE(g.isEffectivelyVisible(c));
    EXPECT_TRUE(g.isEffectivelyVisible(d));
    std::vector<NodeHandle> vis;
    g.collectVisibleNodes(vis);
    EXPECT_EQ(vis, std::vector<NodeHandle>{d});
    g.setVisible(a, true);
    g.setVisible(b, false);
    EXPECT_TRUE(g.isEffectivelyVisible(a));
    EXPECT_FALSE(g.isEffectivelyVisible(c));
    vis.clear();
    g.collectVisibleNodes(vis);
    EXPECT_EQ(vis, (std::vector<NodeHandle>{a, d}));
    // Reparenting c out of the hidden branch makes it visible again.
    ASSERT_TRUE(g.setParent(c, d));
    EXPECT_TRUE(g.isEffectivelyVisible(c));
    vis.clear();
    g.collectVisibleNodes(vis);
    EXPECT_EQ(vis, (std::vector<NodeHandle>{a, d, c}));
}

TEST(SceneGraph, NameLookupFirstInCreationOrder) {
    SceneGraph g;
    NodeHandle p = g.createNode("pump");
    NodeHandle p2 = g.createNode("pump");
    EXPECT_EQ(g.findByName("pump"), p);
    EXPECT_EQ(g.findByName("nope"), NodeHandle{});
    EXPECT_EQ(g.findByName(""), NodeHandle{});
    g.destroyNode(p);
    EXPECT_EQ(g.findByName("pump"), p2);
    // A node created later but renamed into an existing name does not jump ahead of older ones.
    NodeHandle x = g.createNode("x");
    NodeHandle p3 = g.createNode("pump"); // slot reuse: possibly p's old slot, newest in creation order
    g.setName(x, "pump");
    EXPECT_EQ(g.findByName("pump"), p2);
    g.destroyNode(p2);
    EXPECT_EQ(g.findByName("pump"), x); // x (created before p3) now comes first
    g.setName(x, "valve");
    EXPECT_EQ(g.findByName("pump"), p3);
    EXPECT_EQ(g.findByName("valve"), x);
    EXPECT_EQ(g.findByName("x"), NodeHandle{});
}

TEST(SceneGraph, PathLookupWithUnnamedNodes) {
    SceneGraph g;
    NodeHandle plant = g.createNode("plant");
    NodeHandle tank = g.createNode("tank-1", plant);
    NodeHandle unnamed0 = g.createNode("", tank);
    NodeHandle level = g.createNode("level", tank);
    NodeHandle unnamed2 = g.createNode("", tank);
    NodeHandle deep = g.createNode("sensor", unnamed2);
    EXPECT_EQ(g.path(plant), "/plant");
    EXPECT_EQ(g.path(level), "/plant/tank-1/level");
    EXPECT_EQ(g.path(unnamed0), "/plant/tank-1/#0");
    EXPECT_EQ(g.path(unnamed2), "/plant/tank-1/#2");
    EXPECT_EQ(g.path(deep), "/plant/tank-1/#2/sensor");
    for (NodeHandle n : {plant, tank, unnamed0, level, unnamed2, deep}) EXPECT_EQ(g.findByPath(g.path(n)), n);
    EXPECT_EQ(g.findByPath("/plant/tank-1/#1"), NodeHandle{}); // child 1 is named "level"
    EXPECT_EQ(g.findByPath("/plant/tank-2"), NodeHandle{});
    EXPECT_EQ(g.findByPath("plant"), NodeHandle{}); // paths are absolute
    EXPECT_EQ(g.findByPath("/plant/tank-1/"), tank);
    EXPECT_EQ(g.findByPath("/plant/tank-1/#x"), NodeHandle{});
}

TEST(SceneGraph, ContentAndStructureVersion) {
    SceneGraph g;
    NodeHandle n = g.createNode("n");
    uint64_t v0 = g.structureVersion();
    g.setTranslation(n, vec3(1));
    EXPECT_EQ(g.structureVersion(), v0); // transforms do not bump it
    auto asset = test::makeSmallAsset();
    g.setMesh(n, MeshRef{asset, 0, -1, {}});
    EXPECT_GT(g.structureVersion(), v0);
    ASSERT_NE(g.mesh(n), nullptr);
    EXPECT_EQ(g.mesh(n)->mesh, 0);
    g.setMesh(n, MeshRef{});
    EXPECT_EQ(g.mesh(n), nullptr);
    EXPECT_EQ(g.light(n), nullptr);
    g.setLight(n, asset->lights[0]);
    ASSERT_NE(g.light(n), nullptr);
    EXPECT_EQ(g.light(n)->type, LightType::Spot);
    g.setLight(n, std::nullopt);
    EXPECT_EQ(g.light(n), nullptr);
    g.setCamera(n, Camera{});
    EXPECT_NE(g.camera(n), nullptr);
    EXPECT_TRUE(g.morphWeights(n).empty());
    g.setMorphWeights(n, {0.5f, 0.25f});
    EXPECT_EQ(g.morphWeights(n), (std::vector<float>{0.5f, 0.25f}));
    EXPECT_EQ(g.materialOverride(n), nullptr);
    MaterialOverride o;
    o.baseColor = vec4(1, 0, 0, 1);
    o.opacity = 0.5f;
    g.setMaterialOverride(n, o);
    ASSERT_NE(g.materialOverride(n), nullptr);
    EXPECT_EQ(*g.materialOverride(n)->baseColor, vec4(1, 0, 0, 1));
    EXPECT_FALSE(g.materialOverride(n)->emissive.has_value());
    g.clearMaterialOverride(n);
    EXPECT_EQ(g.materialOverride(n), nullptr);
    g.setInstanceTransforms(n, {Transform{}, Transform{vec3(1, 0, 0)}});
    EXPECT_EQ(g.instanceTransforms(n).size(), 2u);
}

TEST(SceneGraph, DestroyedSlotContentDoesNotLeakIntoReuse) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    NodeHandle n = g.createNode("n");
    g.setMesh(n, MeshRef{asset, 0, -1, {}});
    g.setVisible(n, false);
    g.setTranslation(n, vec3(9));
    g.destroyNode(n);
    NodeHandle r = g.createNode("r");
    ASSERT_EQ(r.index, n.index);
    EXPECT_EQ(g.mesh(r), nullptr);
    EXPECT_TRUE(g.isVisible(r));
    EXPECT_EQ(g.localTransform(r).translation, vec3(0));
    EXPECT_EQ(asset.use_count(), 1); // the graph released its reference
}

TEST(SceneGraph, WorldBoundsOfVisibleMeshes) {
    SceneGraph g;
    auto asset = test::makeSmallAsset();
    NodeHandle a = g.createNode("a"), b = g.createNode("b");
    g.setMesh(a, MeshRef{asset, 0, -1, {}});
    g.setMesh(b, MeshRef{asset, 0, -1, {}});
    g.setTranslation(a, vec3(10, 0, 0));
    g.setTranslation(b, vec3(-10, 0, 0));
    g.updateWorldTransforms();
    Aabb box = g.worldBounds();
    EXPECT_TRUE(test::vecNear(box.min, vec3(-10.5f, -0.5f, -0.5f)));
    EXPECT_TRUE(test::vecNear(box.max, vec3(10.5f, 0.5f, 0.5f)));
    g.setVisible(b, false);
    box = g.worldBounds();
    EXPECT_TRUE(test::vecNear(box.min, vec3(9.5f, -0.5f, -0.5f)));
}

} // namespace
} // namespace tv::scene
