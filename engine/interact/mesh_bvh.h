// MeshBvh — a triangle BVH over one glTF primitive, in the primitive's own (mesh) space, for CPU ray casts.
// Owns a copy of the triangle corners in leaf order (so a cast touches contiguous memory and does not need the
// Asset to stay alive). Built once per (asset, mesh, primitive) by MeshBvhCache and shared by every draw of that
// mesh; immutable after build, so any thread may intersect it concurrently.
//
// Geometry is the rest pose: morph targets and skinning are not applied (documented limitation; the scene ray
// caster skips skinned draws). Only Topology::Triangles is indexed — points and lines have no surface to hit and
// give an empty BVH.
#pragma once

#include "core/math.h"
#include "interact/aabb_tree.h"
#include "interact/ray.h"
#include "scene/asset.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace tv::interact {

struct MeshHit {
    float t = 0.0f;                 // ray parameter of the hit
    uint32_t triangle = 0;          // index into the primitive's triangle list (indices[3*triangle ..])
    float u = 0.0f, v = 0.0f;       // barycentrics of corners b and c
    vec3 a{0.0f}, b{0.0f}, c{0.0f}; // the triangle's corners in mesh space (for normals, snapping)
};

class MeshBvh {
public:
    MeshBvh() = default;
    explicit MeshBvh(const scene::Primitive& primitive, uint32_t maxLeafSize = 4);

    // Nearest hit with t in (0, tMax). The ray may be in any scale (a world ray mapped by an inverse world matrix
    // keeps its world t); the direction need not be unit length.
    std::optional<MeshHit> intersect(const Ray& ray, float tMax) const;

    uint32_t triangleCount() const { return uint32_t(m_triangle.size()); }
    Aabb bounds() const { return m_tree.bounds(); }
    const AabbTree& tree() const { return m_tree; }
    size_t memoryBytes() const;

private:
    AabbTree m_tree;
    std::vector<vec3> m_corners;      // 3 per triangle, in tree leaf order
    std::vector<uint32_t> m_triangle; // original triangle index, in tree leaf order
};

// Every triangle tested, no BVH: the reference the tests compare MeshBvh against, and the brute-force baseline of
// the benchmark.
std::optional<MeshHit> intersectPrimitiveBruteForce(const scene::Primitive& primitive, const Ray& ray, float tMax);

} // namespace tv::interact
