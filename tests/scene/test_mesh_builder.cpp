// MeshBuilder shapes: triangle counts, outward unit normals, winding, watertightness with consistent orientation.
#include "scene/mesh_builder.h"

#include "scene/asset_builder.h"

#include "asset_checks.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

namespace tv::scene {
namespace {

Asset assetWith(const Primitive& p) {
    Asset a;
    a.id = 1;
    a.materials.push_back(Material{});
    Mesh m;
    m.primitives.push_back(p);
    m.primitives.back().material = 0;
    a.meshes.push_back(std::move(m));
    return a;
}

::testing::AssertionResult valid(const Primitive& p, const char* what) {
    Asset a = assetWith(p);
    return test::checkPrimitive(a, a.meshes[0].primitives[0], what);
}

// Welds vertices by position, then requires every directed edge to appear exactly once and its reverse exactly
// once: the surface is closed and all triangles are oriented the same way.
::testing::AssertionResult closedAndConsistent(const Primitive& p) {
    std::map<std::tuple<long, long, long>, uint32_t> weld;
    std::vector<uint32_t> id(p.positions.size());
    for (size_t i = 0; i < p.positions.size(); ++i) {
        vec3 q = p.positions[i] * 1e4f;
        auto key = std::make_tuple(std::lround(q.x), std::lround(q.y), std::lround(q.z));
        auto [it, inserted] = weld.emplace(key, uint32_t(weld.size()));
        id[i] = it->second;
    }
    std::map<std::pair<uint32_t, uint32_t>, int> edges;
    for (size_t t = 0; t < p.indices.size(); t += 3)
        for (int e = 0; e < 3; ++e) ++edges[{id[p.indices[t + e]], id[p.indices[t + (e + 1) % 3]]}];
    for (const auto& [edge, n] : edges) {
        if (n != 1) return ::testing::AssertionFailure() << "directed edge used " << n << " times";
        auto rev = edges.find({edge.second, edge.first});
        if (rev == edges.end()) return ::testing::AssertionFailure() << "open edge";
    }
    return ::testing::AssertionSuccess();
}

// Every normal points away from `centre` (true for convex shapes placed around it).
::testing::AssertionResult outwardFrom(const Primitive& p, const vec3& centre) {
    for (size_t i = 0; i < p.positions.size(); ++i)
        if (glm::dot(p.normals[i], p.positions[i] - centre) <= 0.0f)
            return ::testing::AssertionFailure() << "normal " << i << " points inward";
    return ::testing::AssertionSuccess();
}

TEST(MeshBuilder, Box) {
    Primitive p = MeshBuilder().box(translation(vec3(1, 2, 3)), vec3(1, 2, 3)).finish();
    EXPECT_EQ(p.indices.size(), 36u);
    EXPECT_EQ(p.bounds.min, vec3(0, 0, 0));
    EXPECT_EQ(p.bounds.max, vec3(2, 4, 6));
    EXPECT_TRUE(valid(p, "box"));
    EXPECT_TRUE(closedAndConsistent(p));
    EXPECT_TRUE(outwardFrom(p, vec3(1, 2, 3)));
}

TEST(MeshBuilder, MirroredBoxStaysOutward) {
    mat4 mirror = glm::scale(mat4(1.0f), vec3(-1, 1, 1));
    Primitive p = MeshBuilder().box(mirror, vec3(1)).finish();
    EXPECT_TRUE(valid(p, "mirrored box"));
    EXPECT_TRUE(closedAndConsistent(p));
    EXPECT_TRUE(outwardFrom(p, vec3(0)));
}

TEST(MeshBuilder, CylinderCountsAndClosure) {
    for (uint32_t rings : {1u, 3u}) {
        MeshBuilder b;
        b.cylinder(mat4(1.0f), 0.5f, 2.0f, 12, true, true, rings);
        EXPECT_EQ(b.triangleCount(), cylinderTriangles(12, rings));
        Primitive p = b.finish();
        EXPECT_TRUE(valid(p, "cylinder"));
        EXPECT_TRUE(closedAndConsistent(p));
        EXPECT_TRUE(outwardFrom(p, vec3(0, 1, 0)));
        EXPECT_NEAR(p.bounds.max.y, 2.0f, 1e-6f);
        EXPECT_NEAR(p.bounds.max.x, 0.5f, 1e-6f);
    }
    // Rotated to lie along +X with a non-uniform scale: normals still unit and outward.
    mat4 xf = glm::rotate(mat4(1.0f), glm::radians(-90.0f), vec3(0, 0, 1)) * glm::scale(mat4(1.0f), vec3(1, 3, 1));
    Primitive p = MeshBuilder().cylinder(xf, 0.5f, 1.0f, 16).finish();
    EXPECT_TRUE(valid(p, "rotated cylinder"));
    EXPECT_TRUE(outwardFrom(p, vec3(1.5f, 0, 0)));
    EXPECT_NEAR(p.bounds.max.x, 3.0f, 1e-5f);
}

TEST(MeshBuilder, SphereTorusCone) {
    MeshBuilder s;
    s.sphere(mat4(1.0f), 1.0f, 16, 8);
    EXPECT_EQ(s.triangleCount(), sphereTriangles(16, 8));
    Primitive sp = s.finish();
    EXPECT_TRUE(valid(sp, "sphere"));
    EXPECT_TRUE(closedAndConsistent(sp));
    EXPECT_TRUE(outwardFrom(sp, vec3(0)));
    for (const vec3& v : sp.positions) EXPECT_NEAR(glm::length(v), 1.0f, 1e-5f);

    MeshBuilder minimal;
    minimal.sphere(mat4(1.0f), 1.0f, 3, 2);
    EXPECT_EQ(minimal.triangleCount(), 6u);
    EXPECT_TRUE(closedAndConsistent(minimal.finish()));

    MeshBuilder t;
    t.torus(mat4(1.0f), 1.0f, 0.25f, 24, 8);
    EXPECT_EQ(t.triangleCount(), torusTriangles(24, 8));
    Primitive tp = t.finish();
    EXPECT_TRUE(valid(tp, "torus"));
    EXPECT_TRUE(closedAndConsistent(tp));
    for (size_t i = 0; i < tp.positions.size(); ++i) { // outward from the tube's centre line
        vec3 ring = glm::normalize(vec3(tp.positions[i].x, 0, tp.positions[i].z));
        EXPECT_GT(glm::dot(tp.normals[i], tp.positions[i] - ring), 0.0f);
    }

    for (uint32_t rings : {1u, 4u}) {
        MeshBuilder c;
        c.cone(mat4(1.0f), 0.5f, 2.0f, 10, rings);
        EXPECT_EQ(c.triangleCount(), coneTriangles(10, rings));
        Primitive cp = c.finish();
        EXPECT_TRUE(valid(cp, "cone"));
        EXPECT_TRUE(closedAndConsistent(cp));
        EXPECT_TRUE(outwardFrom(cp, vec3(0, 0.5f, 0)));
    }
}

TEST(MeshBuilder, DomeClosesACylinder) {
    MeshBuilder b;
    b.cylinder(mat4(1.0f), 1.0f, 2.0f, 20, true, false, 2).dome(translation(vec3(0, 2, 0)), 1.0f, 0.5f, 20, 6);
    EXPECT_EQ(b.triangleCount(), 2u * 20u * (2u + 6u)); // 2S(R + D)
    Primitive p = b.finish();
    EXPECT_TRUE(valid(p, "tank"));
    EXPECT_TRUE(closedAndConsistent(p));
    EXPECT_TRUE(outwardFrom(p, vec3(0, 1, 0)));
    EXPECT_NEAR(p.bounds.max.y, 2.5f, 1e-5f); // head height = radius * ratio
}

TEST(MeshBuilder, FinishKeepsMaterialAndResets) {
    MeshBuilder b(3);
    b.box(mat4(1.0f), vec3(1));
    Primitive first = b.finish();
    EXPECT_EQ(first.material, 3);
    EXPECT_EQ(b.triangleCount(), 0u);
    Primitive second = b.sphere(mat4(1.0f), 1.0f, 4, 3).finish();
    EXPECT_EQ(second.material, 3);
    EXPECT_EQ(second.indices.size(), 3u * sphereTriangles(4, 3));
}

} // namespace
} // namespace tv::scene
