// Helpers shared by the scene tests: small hand-built assets and matrix comparison.
#pragma once

#include "scene/asset.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace tv::scene::test {

inline ::testing::AssertionResult matNear(const mat4& a, const mat4& b, float eps = 1e-4f) {
    for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r)
            if (std::abs(a[c][r] - b[c][r]) > eps * std::max(1.0f, std::abs(b[c][r])))
                return ::testing::AssertionFailure()
                       << "element [" << c << "][" << r << "]: " << a[c][r] << " vs " << b[c][r];
    return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult vecNear(const vec3& a, const vec3& b, float eps = 1e-4f) {
    if (glm::length(a - b) <= eps) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "(" << a.x << "," << a.y << "," << a.z << ") vs (" << b.x << "," << b.y
                                         << "," << b.z << ")";
}

// A unit cube primitive (positions only, bounds filled): 8 vertices, 12 triangles.
inline Primitive unitCube(float half = 0.5f) {
    Primitive p;
    for (int i = 0; i < 8; ++i)
        p.positions.push_back(vec3((i & 1) ? half : -half, (i & 2) ? half : -half, (i & 4) ? half : -half));
    p.indices = {0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4,
                 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5};
    for (const vec3& v : p.positions) p.bounds.extend(v);
    return p;
}

// Asset: scene 0 = "base" (mesh 0) -> "arm" (T (0,1,0)) -> "tip" (T (1,0,0), mesh 0), plus an unnamed child of
// base, a light node and a camera node. Scene 1 = only "other".
inline std::shared_ptr<Asset> makeSmallAsset() {
    auto a = std::make_shared<Asset>();
    a->id = nextAssetId();
    a->sourcePath = "small.gltf";
    Mesh m;
    m.name = "cube";
    m.primitives.push_back(unitCube());
    a->meshes.push_back(m);
    a->lights.push_back(Light{"lamp", LightType::Spot, vec3(1, 0.5f, 0.25f), 10.0f, 0.0f, 0.1f, 0.5f});
    a->cameras.push_back(Camera{});
    a->nodes.resize(7);
    a->nodes[0].name = "base";
    a->nodes[0].mesh = 0;
    a->nodes[0].children = {1, 3, 4, 5};
    a->nodes[1].name = "arm";
    a->nodes[1].parent = 0;
    a->nodes[1].transform.translation = vec3(0, 1, 0);
    a->nodes[1].children = {2};
    a->nodes[2].name = "tip";
    a->nodes[2].parent = 1;
    a->nodes[2].transform.translation = vec3(1, 0, 0);
    a->nodes[2].mesh = 0;
    a->nodes[3].name = ""; // unnamed
    a->nodes[3].parent = 0;
    a->nodes[3].hasMatrix = true;
    a->nodes[3].matrix = glm::translate(mat4(1.0f), vec3(0, 0, 5));
    a->nodes[3].transform.translation = vec3(0, 0, 5);
    a->nodes[4].name = "lamp";
    a->nodes[4].parent = 0;
    a->nodes[4].light = 0;
    a->nodes[4].transform.translation = vec3(0, 3, 0);
    a->nodes[5].name = "cam";
    a->nodes[5].parent = 0;
    a->nodes[5].camera = 0;
    a->nodes[6].name = "other";
    a->scenes.push_back(SceneDesc{"main", {0}});
    a->scenes.push_back(SceneDesc{"second", {6}});
    a->defaultScene = 0;
    return a;
}

} // namespace tv::scene::test
