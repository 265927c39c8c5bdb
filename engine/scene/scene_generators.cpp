// makeStressScene(): many nodes sharing a few meshes, for benchmarks and renderer scaling tests. The demo plant
// lives in demo_plant.cpp.
//
// Shape of the result: node 0 "stress" (translated so the grid is centred on the origin) -> "group-<g>" nodes, each
// a 10 x 10 block of up to 100 leaves "item-<i>" on a 3 m grid. nodeCount counts every node (root and groups
// included). Six meshes (sphere, torus, cylinder, tank, column, cone — different shapes and tessellations) are
// shared by the leaves; their tessellation is solved so that the leaves' triangles add up to
// triangleCount within a few percent — as long as the budget allows each shape its minimum (6-18 triangles per
// leaf); below that every mesh is at its minimum and the total is larger than asked.
#include "scene/scene_generators.h"

#include "scene/asset_builder.h"
#include "scene/mesh_builder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <string>

namespace tv::scene {

namespace {

// splitmix64: tiny, fast and identical on every platform (std:: distributions are not), so a seed names one scene.
struct Rng {
    uint64_t state;
    uint64_t next() {
        uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    float uniform() { return float(next() >> 40) / float(1ull << 24); } // [0, 1)
};

// A shape whose triangle count is segments * perSegment(b): linear in the segment count, so for each b the best
// segment count is a rounding away.
struct StressShape {
    const char* name;
    uint32_t minB;
    float aspect; // preferred segments / b
    float weight; // share of the budget relative to the other shapes
    std::function<uint32_t(uint32_t)> perSegment;
    std::function<Primitive(MeshBuilder&, uint32_t segments, uint32_t b)> build;
};

const std::array<StressShape, 6>& stressShapes() {
    static const std::array<StressShape, 6> shapes = {{
        {"sphere", 1, 2.0f, 1.0f, [](uint32_t b) { return 2 * b; },
         [](MeshBuilder& mb, uint32_t s, uint32_t b) {
             return mb.sphere(translation(vec3(0, 0.8f, 0)), 0.8f, s, b + 1).finish();
         }},
        {"torus", 3, 2.5f, 1.25f, [](uint32_t b) { return 2 * b; },
         [](MeshBuilder& mb, uint32_t s, uint32_t b) {
             return mb.torus(translation(vec3(0, 0.3f, 0)), 0.8f, 0.25f, s, b).finish();
         }},
        {"cylinder", 1, 3.0f, 0.75f, [](uint32_t b) { return 2 * (b + 1); },
         [](MeshBuilder& mb, uint32_t s, uint32_t b) {
             return mb.cylinder(mat4(1.0f), 0.6f, 1.6f, s, true, true, b).finish();
         }},
        {"tank", 1, 3.0f, 1.5f, [](uint32_t b) { return 4 * b; },
         [](MeshBuilder& mb, uint32_t s, uint32_t b) {
             return mb.cylinder(mat4(1.0f), 0.7f, 1.4f, s, true, false, b)
                 .dome(translation(vec3(0, 1.4f, 0)), 0.7f, 0.6f, s, b)
                 .finish();
         }},
        {"column", 1, 2.0f, 0.5f, [](uint32_t b) { return 2 * (b + 1); },
         [](MeshBuilder& mb, uint32_t s, uint32_t b) {
             return mb.cylinder(mat4(1.0f), 0.25f, 2.5f, s, true, true, b).finish();
         }},
        // Last: the cone's count moves in steps of 2 triangles per leaf, so it absorbs the others' rounding.
        {"cone", 1, 4.0f, 0.75f, [](uint32_t b) { return 2 * b; },
         [](MeshBuilder& mb, uint32_t s, uint32_t b) { return mb.cone(mat4(1.0f), 0.7f, 1.8f, s, b).finish(); }},
    }};
    return shapes;
}

struct Tessellation {
    uint32_t segments = 3, b = 1, triangles = 0;
};

// The (segments >= 3, b >= minB) whose triangle count is nearest `target`, preferring the shape's aspect on ties.
Tessellation chooseTessellation(const StressShape& shape, double target) {
    Tessellation best;
    double bestScore = 1e300;
    for (uint32_t b = shape.minB; b <= 4096; ++b) {
        double k = shape.perSegment(b);
        if (k * 3.0 > target * 2.0 && b > shape.minB) break; // every further b overshoots more
        // Clamp in double: a budget already overspent by earlier shapes gives a target <= 0 (and so the minimum).
        uint32_t s = uint32_t(std::clamp(std::round(target / k), 3.0, 1.0e6));
        double tris = k * s;
        double err = std::abs(tris - target) / std::max(target, 1.0);
        double aspectErr = std::abs(std::log((double(s) / b) / shape.aspect));
        double score = err + 0.002 * aspectErr;
        if (score < bestScore) {
            bestScore = score;
            best = Tessellation{s, b, uint32_t(tris)};
        }
    }
    return best;
}

} // namespace

AssetPtr makeStressScene(uint32_t nodeCount, uint32_t triangleCount, uint32_t seed) {
    nodeCount = std::max<uint32_t>(nodeCount, 1);
    const uint32_t kPerGroup = 100, kBlock = 10;
    const float kSpacing = 3.0f;
    uint32_t groups = (nodeCount - 1 + kPerGroup) / (kPerGroup + 1); // ceil((n - 1) / 101)
    uint32_t leaves = nodeCount - 1 - groups;

    // Mesh choice per leaf first: the budget is split by how many leaves each shape got.
    const auto& shapes = stressShapes();
    Rng rng{uint64_t(seed) * 0x2545f4914f6cdd1dull + 1};
    std::vector<uint8_t> shapeOf(leaves);
    std::array<uint64_t, 6> count{};
    for (uint32_t i = 0; i < leaves; ++i) {
        shapeOf[i] = uint8_t(rng.next() % shapes.size());
        ++count[shapeOf[i]];
    }

    // Tessellate shape by shape; each one targets an even share of what is left, so later shapes (the cone last,
    // with the finest steps) make up for earlier rounding.
    AssetBuilder b;
    std::array<int32_t, 6> meshOf{};
    const vec4 colours[6] = {{0.70f, 0.15f, 0.10f, 1}, {0.15f, 0.45f, 0.70f, 1}, {0.80f, 0.65f, 0.10f, 1},
                             {0.75f, 0.75f, 0.78f, 1}, {0.25f, 0.55f, 0.25f, 1}, {0.45f, 0.30f, 0.60f, 1}};
    double remaining = triangleCount;
    double weightLeft = 0.0;
    for (size_t m = 0; m < shapes.size(); ++m) weightLeft += double(count[m]) * shapes[m].weight;
    for (size_t m = 0; m < shapes.size(); ++m) {
        const StressShape& shape = shapes[m];
        int32_t material =
            b.material(std::string("stress-") + shape.name, colours[m], m == 3 ? 1.0f : 0.0f, m == 3 ? 0.3f : 0.55f);
        double perLeaf = 1.0;
        if (count[m] > 0 && weightLeft > 0.0) perLeaf = std::max(0.0, remaining / weightLeft * shape.weight);
        Tessellation t = chooseTessellation(shape, perLeaf);
        MeshBuilder mb(material);
        meshOf[m] = b.mesh(shape.name, {shape.build(mb, t.segments, t.b)});
        remaining -= double(count[m]) * double(b.asset().meshes.back().primitives[0].indices.size() / 3);
        weightLeft -= double(count[m]) * shape.weight;
    }

    // Hierarchy: root -> groups (10 x 10 blocks on a square grid of blocks) -> leaves.
    uint32_t groupsPerRow = std::max<uint32_t>(1, uint32_t(std::ceil(std::sqrt(double(groups)))));
    float blockSize = kBlock * kSpacing;
    float extent = groupsPerRow * blockSize;
    int32_t root =
        b.node("stress", -1, at(vec3(-extent * 0.5f + kSpacing * 0.5f, 0, -extent * 0.5f + kSpacing * 0.5f)));
    uint32_t leaf = 0;
    for (uint32_t g = 0; g < groups; ++g) {
        vec3 origin(float(g % groupsPerRow) * blockSize, 0.0f, float(g / groupsPerRow) * blockSize);
        int32_t group = b.node("group-" + std::to_string(g), root, at(origin));
        for (uint32_t k = 0; k < kPerGroup && leaf < leaves; ++k, ++leaf) {
            vec3 jitter((rng.uniform() - 0.5f) * 0.6f, 0.0f, (rng.uniform() - 0.5f) * 0.6f);
            Transform t = at(vec3(float(k % kBlock) * kSpacing, 0, float(k / kBlock) * kSpacing) + jitter,
                             rng.uniform() * 360.0f);
            t.scale = vec3(0.6f + 0.8f * rng.uniform());
            b.node("item-" + std::to_string(leaf), group, t, meshOf[shapeOf[leaf]]);
        }
    }
    return b.finish("generated:stress-" + std::to_string(nodeCount) + "-" + std::to_string(triangleCount) + "-" +
                    std::to_string(seed));
}

} // namespace tv::scene
