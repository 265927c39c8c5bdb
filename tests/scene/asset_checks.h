// Structural checks of a generated Asset: the invariants the importer guarantees for files, plus what the generators
// promise (indexed triangles, unit normals, winding consistent with the normals, bounds filled).
#pragma once

#include "scene/asset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace tv::scene::test {

inline ::testing::AssertionResult checkPrimitive(const Asset& a, const Primitive& p, const std::string& where) {
    auto fail = [&]() { return ::testing::AssertionFailure() << where << ": "; };
    if (p.topology != Topology::Triangles) return fail() << "not triangles";
    if (p.positions.empty() || p.indices.empty()) return fail() << "empty";
    if (p.indices.size() % 3 != 0) return fail() << "index count " << p.indices.size() << " not a multiple of 3";
    if (p.normals.size() != p.positions.size()) return fail() << "normals/positions size mismatch";
    if (p.material < 0 || size_t(p.material) >= a.materials.size()) return fail() << "material " << p.material;
    for (uint32_t i : p.indices)
        if (i >= p.positions.size()) return fail() << "index " << i << " >= " << p.positions.size();
    for (size_t i = 0; i < p.normals.size(); ++i)
        if (std::abs(glm::length(p.normals[i]) - 1.0f) > 1e-4f) return fail() << "normal " << i << " not unit";
    Aabb box;
    for (const vec3& v : p.positions) box.extend(v);
    if (glm::length(box.min - p.bounds.min) > 1e-5f || glm::length(box.max - p.bounds.max) > 1e-5f)
        return fail() << "bounds do not match positions";
    for (size_t t = 0; t < p.indices.size(); t += 3) {
        const vec3 &v0 = p.positions[p.indices[t]], &v1 = p.positions[p.indices[t + 1]],
                   &v2 = p.positions[p.indices[t + 2]];
        vec3 face = glm::cross(v1 - v0, v2 - v0);
        if (glm::length(face) < 1e-9f) return fail() << "degenerate triangle " << t / 3;
        vec3 n = p.normals[p.indices[t]] + p.normals[p.indices[t + 1]] + p.normals[p.indices[t + 2]];
        if (glm::dot(face, n) <= 0.0f) return fail() << "triangle " << t / 3 << " wound against its normals";
    }
    return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult checkAsset(const Asset& a) {
    if (a.id == 0) return ::testing::AssertionFailure() << "asset id 0";
    if (a.scenes.empty() || a.defaultScene != 0) return ::testing::AssertionFailure() << "no default scene";
    for (int32_t r : a.scenes[0].roots)
        if (r < 0 || size_t(r) >= a.nodes.size() || a.nodes[size_t(r)].parent != -1)
            return ::testing::AssertionFailure() << "bad scene root " << r;
    for (size_t i = 0; i < a.nodes.size(); ++i) {
        const Node& n = a.nodes[i];
        if (n.mesh >= int32_t(a.meshes.size())) return ::testing::AssertionFailure() << "node " << i << " mesh";
        for (int32_t c : n.children)
            if (c < 0 || size_t(c) >= a.nodes.size() || a.nodes[size_t(c)].parent != int32_t(i))
                return ::testing::AssertionFailure() << "node " << i << " child " << c << " inconsistent";
        if (n.parent >= 0) {
            const auto& siblings = a.nodes[size_t(n.parent)].children;
            if (std::find(siblings.begin(), siblings.end(), int32_t(i)) == siblings.end())
                return ::testing::AssertionFailure() << "node " << i << " missing from its parent's children";
        }
    }
    for (size_t m = 0; m < a.meshes.size(); ++m)
        for (size_t k = 0; k < a.meshes[m].primitives.size(); ++k) {
            auto r = checkPrimitive(a, a.meshes[m].primitives[k],
                                    "mesh " + a.meshes[m].name + " primitive " + std::to_string(k));
            if (!r) return r;
        }
    return ::testing::AssertionSuccess();
}

inline uint64_t meshTriangles(const Mesh& m) {
    uint64_t n = 0;
    for (const Primitive& p : m.primitives) n += p.indices.size() / 3;
    return n;
}

} // namespace tv::scene::test
