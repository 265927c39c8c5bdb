// Code-built assets and extracts for the renderer tests (no importer, no scene graph needed).
#pragma once

#include "scene/frame_extract.h"

#include <memory>
#include <utility>

namespace tv::test {

// One mesh of one primitive with one metallic-roughness material (index 0); computes the primitive's bounds.
// withNode also adds a node and a default scene, so the asset can be instantiated in a SceneGraph.
inline std::shared_ptr<scene::Asset> singlePrimitiveAsset(const char* name, const vec4& baseColor, float metallic,
                                                          float roughness, scene::Primitive prim, bool withNode) {
    auto asset = std::make_shared<scene::Asset>();
    asset->id = scene::nextAssetId();
    asset->sourcePath = name;
    scene::Material mat;
    mat.baseColorFactor = baseColor;
    mat.metallicFactor = metallic;
    mat.roughnessFactor = roughness;
    asset->materials.push_back(mat);
    prim.material = 0;
    for (const vec3& p : prim.positions) prim.bounds.extend(p);
    scene::Mesh mesh;
    mesh.primitives.push_back(std::move(prim));
    asset->meshes.push_back(std::move(mesh));
    if (withNode) {
        scene::Node node;
        node.mesh = 0;
        asset->nodes.push_back(node);
        asset->scenes.push_back({"", {0}});
    }
    return asset;
}

// An axis-aligned box of half size `half` centred at the origin, outward normals, CCW winding, one material.
inline std::shared_ptr<scene::Asset> makeBoxAsset(const vec4& baseColor, float metallic, float roughness,
                                                  float half = 0.5f) {
    scene::Primitive prim;
    const vec3 normals[6] = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
    for (const vec3& n : normals) {
        // Two tangent axes u, v with u x v = n so (p0,p1,p2) is CCW seen from outside.
        vec3 u = std::abs(n.y) > 0.5f ? vec3(1, 0, 0) : vec3(0, 1, 0);
        vec3 v = glm::cross(n, u);
        u = glm::cross(v, n);
        uint32_t base = uint32_t(prim.positions.size());
        const vec2 corners[4] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
        for (const vec2& c : corners) {
            prim.positions.push_back((n + u * c.x + v * c.y) * half);
            prim.normals.push_back(n);
        }
        for (uint32_t i : {0u, 1u, 2u, 0u, 2u, 3u}) prim.indices.push_back(base + i);
    }
    return singlePrimitiveAsset("test-box", baseColor, metallic, roughness, std::move(prim), true);
}

// A square in the XY plane facing +Z, side 2*half.
inline std::shared_ptr<scene::Asset> makeQuadAsset(const vec4& baseColor, float metallic, float roughness,
                                                   float half = 1.0f) {
    scene::Primitive prim;
    prim.positions = {{-half, -half, 0}, {half, -half, 0}, {half, half, 0}, {-half, half, 0}};
    prim.normals.assign(4, vec3(0, 0, 1));
    prim.indices = {0, 1, 2, 0, 2, 3};
    return singlePrimitiveAsset("test-quad", baseColor, metallic, roughness, std::move(prim), false);
}

// Adds one draw of mesh 0 of `asset` at `world`; node handle index = `nodeIndex`.
inline void addDraw(scene::FrameExtract& extract, const std::shared_ptr<scene::Asset>& asset, const mat4& world,
                    uint32_t nodeIndex) {
    scene::DrawInstance d;
    d.asset = asset.get();
    d.mesh = 0;
    d.node = scene::NodeHandle{nodeIndex, 1};
    d.world = world;
    Aabb local;
    for (const auto& p : asset->meshes[0].primitives) local.extend(p.bounds);
    d.worldBounds = local.transformed(world);
    extract.draws.push_back(d);
    extract.bounds.extend(d.worldBounds);
    bool known = false;
    for (const auto& a : extract.assets) known = known || a.get() == asset.get();
    if (!known) extract.assets.push_back(asset);
}

} // namespace tv::test
