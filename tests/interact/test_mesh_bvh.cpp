// AabbTree and MeshBvh: structure invariants and agreement with brute force on random rays.
#include "interact/mesh_bvh.h"
#include "interact/mesh_bvh_cache.h"
#include "scene/mesh_builder.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

#include <random>

namespace tv::interact {
namespace {

// Every item appears in exactly one leaf, and every node box encloses its children / its items' boxes.
void checkTree(const AabbTree& tree, const std::vector<Aabb>& boxes) {
    const auto& nodes = tree.nodes();
    ASSERT_FALSE(nodes.empty());
    std::vector<int> seen(boxes.size(), 0);
    auto inside = [](const Aabb& inner, const BvhNode& n) {
        return inner.empty() || (glm::all(glm::greaterThanEqual(inner.min, n.min - 1e-5f)) &&
                                 glm::all(glm::lessThanEqual(inner.max, n.max + 1e-5f)));
    };
    for (const BvhNode& n : nodes) {
        if (n.count > 0) {
            for (uint32_t k = n.first; k < n.first + n.count; ++k) {
                uint32_t item = tree.items()[k];
                ++seen[item];
                EXPECT_TRUE(inside(boxes[item], n));
            }
        } else {
            ASSERT_LT(n.first + 1, nodes.size());
            for (uint32_t c = n.first; c < n.first + 2; ++c) EXPECT_TRUE(inside(Aabb{nodes[c].min, nodes[c].max}, n));
        }
    }
    for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], 1) << "item " << i;
    EXPECT_LT(tree.depth(), AabbTree::kMaxDepth);
}

TEST(AabbTree, CoversEveryItemOnce) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-50.0f, 50.0f);
    std::vector<Aabb> boxes(1000);
    for (Aabb& b : boxes) {
        vec3 c(u(rng), u(rng), u(rng));
        b.extend(c - vec3(0.5f));
        b.extend(c + vec3(0.5f));
    }
    AabbTree tree;
    tree.build(boxes, 4);
    checkTree(tree, boxes);
    EXPECT_LT(tree.depth(), 40u); // SAH on uniform boxes stays near log2(n)
}

TEST(AabbTree, IdenticalBoxesAndEmptiesStayBounded) {
    std::vector<Aabb> boxes(5000, Aabb{vec3(0), vec3(1)});
    boxes[10] = Aabb{};
    AabbTree tree;
    tree.build(boxes, 2);
    checkTree(tree, boxes);
    for (const BvhNode& n : tree.nodes()) EXPECT_LE(n.count, 2u);
}

TEST(AabbTree, DegenerateChainStaysUnderStackLimit) {
    // Exponentially spaced boxes push SAH towards one-item-per-level splits; the median fallback must cap depth.
    std::vector<Aabb> boxes;
    for (int i = 0; i < 4000; ++i) {
        float x = std::pow(1.01f, float(i));
        boxes.push_back(Aabb{vec3(x, 0, 0), vec3(x + 0.001f, 1, 1)});
    }
    AabbTree tree;
    tree.build(boxes, 1);
    checkTree(tree, boxes);
}

TEST(AabbTree, EmptyInputGivesEmptyTree) {
    AabbTree tree;
    tree.build({}, 4);
    EXPECT_TRUE(tree.empty());
    float tMax = 100.0f;
    bool visited = false;
    tree.traverse(vec3(0), vec3(1), tMax, [&](uint32_t, uint32_t, float&) { visited = true; });
    EXPECT_FALSE(visited);
}

scene::Primitive testMesh() {
    scene::MeshBuilder mb;
    mb.sphere(mat4(1.0f), 1.0f, 32, 16)
        .torus(glm::translate(mat4(1.0f), vec3(2.5f, 0, 0)), 1.0f, 0.3f, 48, 16)
        .box(glm::translate(mat4(1.0f), vec3(0, -2, 0)), vec3(3, 0.2f, 3));
    return mb.finish();
}

TEST(MeshBvh, AgreesWithBruteForceOnRandomRays) {
    scene::Primitive prim = testMesh();
    MeshBvh bvh(prim);
    ASSERT_EQ(bvh.triangleCount(), prim.indices.size() / 3);
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    int hits = 0;
    for (int i = 0; i < 2000; ++i) {
        vec3 origin = vec3(u(rng), u(rng), u(rng)) * 8.0f;
        vec3 towards = vec3(u(rng), u(rng), u(rng)) * 2.0f;
        Ray ray{origin, glm::normalize(towards - origin)};
        auto a = bvh.intersect(ray, 1e30f);
        auto b = intersectPrimitiveBruteForce(prim, ray, 1e30f);
        ASSERT_EQ(bool(a), bool(b)) << "ray " << i;
        if (!a) continue;
        ++hits;
        EXPECT_NEAR(a->t, b->t, 1e-4f) << "ray " << i;
        // The reported triangle is the one the corners came from.
        uint32_t t = a->triangle;
        EXPECT_TRUE(test::vecNear(a->a, prim.positions[prim.indices[3 * t]], 0.0f));
        EXPECT_TRUE(test::vecNear(a->c, prim.positions[prim.indices[3 * t + 2]], 0.0f));
    }
    EXPECT_GT(hits, 500); // the test is meaningful only if many rays hit
}

TEST(MeshBvh, RespectsTMaxAndNonUnitDirections) {
    scene::Primitive prim = scene::MeshBuilder().box(mat4(1.0f), vec3(1)).finish();
    MeshBvh bvh(prim);
    Ray ray{vec3(0, 0, 5), vec3(0, 0, -2)}; // t counts in units of |direction| = 2
    auto h = bvh.intersect(ray, 100.0f);
    ASSERT_TRUE(h);
    EXPECT_FLOAT_EQ(h->t, 2.0f);
    EXPECT_FALSE(bvh.intersect(ray, 1.9f));
}

TEST(MeshBvh, NonTriangleTopologyIsEmpty) {
    scene::Primitive lines;
    lines.topology = scene::Topology::Lines;
    lines.positions = {vec3(0), vec3(1)};
    lines.indices = {0, 1};
    MeshBvh bvh(lines);
    EXPECT_EQ(bvh.triangleCount(), 0u);
    EXPECT_FALSE(bvh.intersect(Ray{vec3(0.5f, 0, 1), vec3(0, 0, -1)}, 10.0f));
}

TEST(MeshBvhCache, BuildsOncePerPrimitiveAndEvicts) {
    scene::AssetPtr a = test::makeBoxesAsset({{"a", vec3(0), vec3(1)}, {"b", vec3(3, 0, 0), vec3(1)}});
    scene::AssetPtr b = test::makeBoxesAsset({{"c", vec3(0), vec3(1)}});
    MeshBvhCache cache;
    auto first = cache.get(*a, 0, 0);
    EXPECT_EQ(cache.get(*a, 0, 0), first);
    cache.get(*a, 1, 0);
    cache.get(*b, 0, 0);
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_EQ(cache.builds(), 3u);
    EXPECT_GT(cache.memoryBytes(), 0u);
    std::vector<scene::AssetPtr> live{b};
    cache.evictUnused(live);
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_NE(cache.get(*a, 0, 0), nullptr); // rebuilt on demand
    EXPECT_EQ(cache.builds(), 4u);
}

} // namespace
} // namespace tv::interact
