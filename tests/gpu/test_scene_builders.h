// Code-built assets and extracts for the renderer tests (no importer, no scene graph needed).
#pragma once

#include "scene/frame_extract.h"

#include <memory>

namespace tv::test {

// An axis-aligned box of half size `half` centred at the origin, outward normals, CCW winding, one material.
inline std::shared_ptr<scene::Asset> makeBoxAsset(const vec4& baseColor, float metallic, float roughness,
                                                  float half = 0.5f) {
    auto asset = std::make_shared<scene::Asset>();
    asset->id = scene::nextAssetId();
    asset->sourcePath = "test-box";
    scene::Material mat;
    mat.baseColorFactor = baseColor;
    mat.metallicFactor = metallic;
    mat.roughnessFactor = roughness;
    asset->materials.push_back(mat);
    scene::Primitive prim;
    prim.material = 0;
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
    for (const vec3& p : prim.positions) prim.bounds.extend(p);
    scene::Mesh mesh;
    mesh.primitives.push_back(prim);
    asset->meshes.push_back(mesh);
    scene::Node node;
    node.mesh = 0;
    asset->nodes.push_back(node);
    asset->scenes.push_back({"", {0}});
    return asset;
}

// A square in the XY plane facing +Z, side 2*half.
inline std::shared_ptr<scene::Asset> makeQuadAsset(const vec4& baseColor, float metallic, float roughness,
                                                   float half = 1.0f) {
    auto asset = std::make_shared<scene::Asset>();
    asset->id = scene::nextAssetId();
    asset->sourcePath = "test-quad";
    scene::Material mat;
    mat.baseColorFactor = baseColor;
    mat.metallicFactor = metallic;
    mat.roughnessFactor = roughness;
    asset->materials.push_back(mat);
    scene::Primitive prim;
    prim.material = 0;
    prim.positions = {{-half, -half, 0}, {half, -half, 0}, {half, half, 0}, {-half, half, 0}};
    prim.normals.assign(4, vec3(0, 0, 1));
    prim.indices = {0, 1, 2, 0, 2, 3};
    for (const vec3& p : prim.positions) prim.bounds.extend(p);
    scene::Mesh mesh;
    mesh.primitives.push_back(prim);
    asset->meshes.push_back(mesh);
    return asset;
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
