// MeshBuilder — appends simple closed shapes (box, cylinder, dome, sphere, torus, cone) to one triangle
// Primitive, each placed by a matrix, for the generated scenes (scene_generators.cpp) and tests. Output follows
// the Asset rules: indexed triangles, counter-clockwise seen from outside, unit outward normals (transformed by the
// inverse transpose; winding follows the normals, so mirroring matrices are fine), bounds filled by finish(). No
// texcoords or tangents: the generated materials use factors only. Plain data, any thread.
#pragma once

#include "core/math.h"
#include "scene/asset.h"

#include <cstdint>

namespace tv::scene {

class MeshBuilder {
public:
    explicit MeshBuilder(int32_t material = -1) { m_prim.material = material; }

    // Axis-aligned box centred on the origin with half extents `half`, then transformed.
    MeshBuilder& box(const mat4& xf, const vec3& half);
    // Cylinder along +Y from y = 0 to y = height; `rings` subdivides the side along the axis (>= 1).
    MeshBuilder& cylinder(const mat4& xf, float radius, float height, uint32_t segments, bool capBottom = true,
                          bool capTop = true, uint32_t rings = 1);
    // Upper half of an ellipsoid (radius in XZ, radius * heightRatio in Y) sitting on y = 0, open at the bottom:
    // a dished tank head. heightRatio 1 = hemisphere.
    MeshBuilder& dome(const mat4& xf, float radius, float heightRatio, uint32_t segments, uint32_t rings);
    // UV sphere around the origin: 2 * segments * (rings - 1) triangles (pole fans, rings >= 2).
    MeshBuilder& sphere(const mat4& xf, float radius, uint32_t segments, uint32_t rings);
    // Torus around the Y axis: 2 * segments * sides triangles.
    MeshBuilder& torus(const mat4& xf, float majorRadius, float minorRadius, uint32_t segments, uint32_t sides);
    // Cone along +Y, base disc at y = 0, apex at y = height: 2 * segments * rings triangles (side + base fan).
    MeshBuilder& cone(const mat4& xf, float radius, float height, uint32_t segments, uint32_t rings = 1);

    uint32_t triangleCount() const { return uint32_t(m_prim.indices.size() / 3); }
    // Fills bounds and hands the primitive over; the builder is empty afterwards.
    Primitive finish();

private:
    uint32_t vertex(const vec3& p, const vec3& n);
    void tri(uint32_t a, uint32_t b, uint32_t c); // wound counter-clockwise around its vertices' normals
    void begin(const mat4& xf);
    void latLong(float radius, float k, uint32_t segments, uint32_t rows, bool southPole, float thetaEnd);

    Primitive m_prim;
    mat4 m_xf{1.0f};
    mat3 m_normalXf{1.0f};
};

// Triangle counts of the shapes above for given tessellations (what the stress scene uses to hit a budget).
constexpr uint32_t sphereTriangles(uint32_t segments, uint32_t rings) { return 2 * segments * (rings - 1); }
constexpr uint32_t torusTriangles(uint32_t segments, uint32_t sides) { return 2 * segments * sides; }
constexpr uint32_t cylinderTriangles(uint32_t segments, uint32_t rings) { return 2 * segments * rings + 2 * segments; }
constexpr uint32_t coneTriangles(uint32_t segments, uint32_t rings) { return 2 * segments * rings; }

} // namespace tv::scene
