// Scenes built in code for the interaction tests: boxes of known size placed by nodes, a walkable room, helpers to
// instantiate an asset into a SceneGraph and extract a frame.
#pragma once

#include "scene/asset_builder.h"
#include "scene/frame_extract.h"
#include "scene/mesh_builder.h"
#include "scene/scene_graph.h"

#include <gtest/gtest.h>

#include <memory>

namespace tv::interact::test {

inline ::testing::AssertionResult vecNear(const vec3& a, const vec3& b, float eps = 1e-4f) {
    if (glm::length(a - b) <= eps) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "(" << a.x << "," << a.y << "," << a.z << ") vs (" << b.x << "," << b.y
                                         << "," << b.z << ")";
}

// A graph with one instantiated asset, world transforms updated, and its extract.
struct TestWorld {
    scene::SceneGraph graph;
    scene::InstanceHandle instance;
    scene::FrameExtract extract;
    scene::AssetPtr asset;

    explicit TestWorld(scene::AssetPtr a) : asset(std::move(a)) {
        auto inst = graph.instantiate(asset, -1, {}, "world");
        EXPECT_TRUE(inst.hasValue());
        instance = *inst;
        graph.updateWorldTransforms();
        scene::extractFrame(graph, extract);
    }
    void refresh() {
        graph.updateWorldTransforms();
        scene::extractFrame(graph, extract);
    }
    scene::NodeHandle node(const char* name) const { return graph.findByName(name); }
};

// Axis-aligned boxes as nodes "box-<i>": each its own mesh (so tests can tell hits apart by node too).
struct BoxSpec {
    const char* name;
    vec3 center;
    vec3 half;
};

inline scene::AssetPtr makeBoxesAsset(std::initializer_list<BoxSpec> boxes) {
    scene::AssetBuilder b;
    int32_t mat = b.material("grey", vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f);
    for (const BoxSpec& s : boxes) {
        scene::MeshBuilder mb(mat);
        int32_t mesh = b.mesh(s.name, {mb.box(mat4(1.0f), s.half).finish()});
        Transform t;
        t.translation = s.center;
        b.node(s.name, -1, t, mesh);
    }
    return b.finish("generated:test-boxes");
}

// A room to walk in: a floor slab (top at y = 0, 40 x 40 m), a wall across +X at x = 5 (0.2 m thick, 3 m tall), a
// 0.2 m platform "step" at z in [-6, -4], and a raised "mezzanine" 2 m up over x in [-15, -10] (its edge is a drop).
inline scene::AssetPtr makeWalkAsset() {
    return makeBoxesAsset({
        {"floor", vec3(0.0f, -0.1f, 0.0f), vec3(20.0f, 0.1f, 20.0f)},
        {"wall", vec3(5.1f, 1.5f, 0.0f), vec3(0.1f, 1.5f, 20.0f)},
        {"step", vec3(0.0f, 0.1f, -5.0f), vec3(2.0f, 0.1f, 1.0f)},
        {"mezzanine", vec3(-12.5f, 1.0f, 0.0f), vec3(2.5f, 1.0f, 20.0f)},
    });
}

} // namespace tv::interact::test
