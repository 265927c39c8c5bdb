// MeshBuilder: analytic shapes with analytic normals. Every triangle's winding is chosen from its vertices'
// normals (counter-clockwise around the side they point to), so winding can never disagree with the normals,
// whatever the placement matrix does (including mirroring).
#include "scene/mesh_builder.h"

#include "core/assert.h"

#include <cmath>

namespace tv::scene {

namespace {
constexpr float kTwoPi = 6.2831853071795864f;
constexpr float kPi = 3.1415926535897932f;
} // namespace

void MeshBuilder::begin(const mat4& xf) {
    m_xf = xf;
    m_normalXf = glm::transpose(glm::inverse(mat3(xf)));
}

uint32_t MeshBuilder::vertex(const vec3& p, const vec3& n) {
    m_prim.positions.push_back(vec3(m_xf * vec4(p, 1.0f)));
    vec3 tn = m_normalXf * n;
    float len = glm::length(tn);
    TV_ASSERT(len > 0.0f, "MeshBuilder: degenerate normal");
    m_prim.normals.push_back(tn / len);
    return uint32_t(m_prim.positions.size() - 1);
}

void MeshBuilder::tri(uint32_t a, uint32_t b, uint32_t c) {
    const auto& p = m_prim.positions;
    const auto& n = m_prim.normals;
    vec3 face = glm::cross(p[b] - p[a], p[c] - p[a]);
    if (glm::dot(face, n[a] + n[b] + n[c]) < 0.0f) std::swap(b, c);
    m_prim.indices.insert(m_prim.indices.end(), {a, b, c});
}

MeshBuilder& MeshBuilder::box(const mat4& xf, const vec3& half) {
    begin(xf);
    // For each axis and sign: the face's normal and two in-plane axes.
    for (int axis = 0; axis < 3; ++axis) {
        for (int sign = -1; sign <= 1; sign += 2) {
            vec3 n(0.0f);
            n[axis] = float(sign);
            int u = (axis + 1) % 3, v = (axis + 2) % 3;
            uint32_t base = 0;
            for (int k = 0; k < 4; ++k) {
                vec3 q(0.0f);
                q[axis] = float(sign) * half[axis];
                q[u] = ((k == 1 || k == 2) ? 1.0f : -1.0f) * half[u];
                q[v] = (k >= 2 ? 1.0f : -1.0f) * half[v];
                uint32_t idx = vertex(q, n);
                if (k == 0) base = idx;
            }
            tri(base, base + 1, base + 2);
            tri(base, base + 2, base + 3);
        }
    }
    return *this;
}

MeshBuilder& MeshBuilder::cylinder(const mat4& xf, float radius, float height, uint32_t segments, bool capBottom,
                                   bool capTop, uint32_t rings) {
    TV_ASSERT(segments >= 3 && rings >= 1, "cylinder: needs >= 3 segments and >= 1 ring");
    begin(xf);
    uint32_t base = uint32_t(m_prim.positions.size());
    for (uint32_t r = 0; r <= rings; ++r) {
        float y = height * float(r) / float(rings);
        for (uint32_t s = 0; s <= segments; ++s) { // duplicate seam column keeps indexing simple
            float phi = kTwoPi * float(s % segments) / float(segments);
            vec3 dir(std::cos(phi), 0.0f, std::sin(phi));
            vertex(vec3(dir.x * radius, y, dir.z * radius), dir);
        }
    }
    uint32_t row = segments + 1;
    for (uint32_t r = 0; r < rings; ++r)
        for (uint32_t s = 0; s < segments; ++s) {
            uint32_t a = base + r * row + s, b = a + 1, c = a + row + 1, d = a + row;
            tri(a, b, c);
            tri(a, c, d);
        }
    auto cap = [&](float y, float ny) {
        uint32_t centre = vertex(vec3(0.0f, y, 0.0f), vec3(0.0f, ny, 0.0f));
        for (uint32_t s = 0; s < segments; ++s) {
            float phi = kTwoPi * float(s) / float(segments);
            vertex(vec3(std::cos(phi) * radius, y, std::sin(phi) * radius), vec3(0.0f, ny, 0.0f));
        }
        for (uint32_t s = 0; s < segments; ++s) tri(centre, centre + 1 + s, centre + 1 + (s + 1) % segments);
    };
    if (capBottom) cap(0.0f, -1.0f);
    if (capTop) cap(height, 1.0f);
    return *this;
}

// Shared by dome and sphere: latitude rows of the ellipsoid (r sin t cos p, k r cos t, r sin t sin p), t the polar
// angle from +Y, with a fan at the north pole and, for a full sphere, one at the south pole. `rows` rows are spread
// evenly over (0, thetaEnd] (over (0, thetaEnd) with a south pole).
void MeshBuilder::latLong(float radius, float k, uint32_t segments, uint32_t rows, bool southPole, float thetaEnd) {
    uint32_t north = vertex(vec3(0.0f, radius * k, 0.0f), vec3(0.0f, 1.0f, 0.0f));
    uint32_t firstRow = uint32_t(m_prim.positions.size());
    for (uint32_t r = 1; r <= rows; ++r) {
        float theta = thetaEnd * float(r) / float(southPole ? rows + 1 : rows);
        for (uint32_t s = 0; s <= segments; ++s) {
            float phi = kTwoPi * float(s % segments) / float(segments);
            vec3 unit(std::sin(theta) * std::cos(phi), std::cos(theta), std::sin(theta) * std::sin(phi));
            // The normal is the gradient of the implicit ellipsoid, (x, y / k^2, z) ~ (ux, uy / k, uz).
            vertex(vec3(unit.x * radius, unit.y * radius * k, unit.z * radius), vec3(unit.x, unit.y / k, unit.z));
        }
    }
    uint32_t row = segments + 1;
    for (uint32_t s = 0; s < segments; ++s) tri(north, firstRow + s, firstRow + s + 1);
    for (uint32_t r = 0; r + 1 < rows; ++r)
        for (uint32_t s = 0; s < segments; ++s) {
            uint32_t a = firstRow + r * row + s, b = a + 1, c = a + row + 1, d = a + row;
            tri(a, b, c);
            tri(a, c, d);
        }
    if (southPole) {
        uint32_t south = vertex(vec3(0.0f, -radius * k, 0.0f), vec3(0.0f, -1.0f, 0.0f));
        uint32_t last = firstRow + (rows - 1) * row;
        for (uint32_t s = 0; s < segments; ++s) tri(south, last + s, last + s + 1);
    }
}

MeshBuilder& MeshBuilder::dome(const mat4& xf, float radius, float heightRatio, uint32_t segments, uint32_t rings) {
    TV_ASSERT(segments >= 3 && rings >= 1 && heightRatio > 0.0f, "dome: bad tessellation or height");
    begin(xf);
    latLong(radius, heightRatio, segments, rings, false, 0.5f * kPi);
    return *this;
}

MeshBuilder& MeshBuilder::sphere(const mat4& xf, float radius, uint32_t segments, uint32_t rings) {
    TV_ASSERT(segments >= 3 && rings >= 2, "sphere: needs >= 3 segments and >= 2 rings");
    begin(xf);
    latLong(radius, 1.0f, segments, rings - 1, true, kPi);
    return *this;
}

MeshBuilder& MeshBuilder::torus(const mat4& xf, float majorRadius, float minorRadius, uint32_t segments,
                                uint32_t sides) {
    TV_ASSERT(segments >= 3 && sides >= 3 && minorRadius < majorRadius, "torus: bad tessellation or radii");
    begin(xf);
    uint32_t base = uint32_t(m_prim.positions.size());
    for (uint32_t s = 0; s <= segments; ++s) {
        float phi = kTwoPi * float(s % segments) / float(segments);
        vec3 radial(std::cos(phi), 0.0f, std::sin(phi));
        for (uint32_t k = 0; k <= sides; ++k) {
            float psi = kTwoPi * float(k % sides) / float(sides);
            vec3 n = radial * std::cos(psi) + vec3(0.0f, std::sin(psi), 0.0f);
            vertex(radial * majorRadius + n * minorRadius, n);
        }
    }
    uint32_t row = sides + 1;
    for (uint32_t s = 0; s < segments; ++s)
        for (uint32_t k = 0; k < sides; ++k) {
            uint32_t a = base + s * row + k, b = a + 1, c = a + row + 1, d = a + row;
            tri(a, b, c);
            tri(a, c, d);
        }
    return *this;
}

MeshBuilder& MeshBuilder::cone(const mat4& xf, float radius, float height, uint32_t segments, uint32_t rings) {
    TV_ASSERT(segments >= 3 && rings >= 1 && height > 0.0f, "cone: bad tessellation or height");
    begin(xf);
    // Side normal: perpendicular to the slant line, outward: (h cos p, r, h sin p).
    auto sideNormal = [&](float phi) { return vec3(height * std::cos(phi), radius, height * std::sin(phi)); };
    uint32_t base = uint32_t(m_prim.positions.size());
    for (uint32_t r = 0; r < rings; ++r) { // rows from the base up; the apex is handled separately
        float f = float(r) / float(rings);
        for (uint32_t s = 0; s <= segments; ++s) {
            float phi = kTwoPi * float(s % segments) / float(segments);
            vertex(vec3(std::cos(phi) * radius * (1.0f - f), height * f, std::sin(phi) * radius * (1.0f - f)),
                   sideNormal(phi));
        }
    }
    uint32_t row = segments + 1;
    for (uint32_t r = 0; r + 1 < rings; ++r)
        for (uint32_t s = 0; s < segments; ++s) {
            uint32_t a = base + r * row + s, b = a + 1, c = a + row + 1, d = a + row;
            tri(a, b, c);
            tri(a, c, d);
        }
    // Apex: one vertex per segment with that segment's mid normal, so the tip shades smoothly.
    uint32_t top = base + (rings - 1) * row;
    for (uint32_t s = 0; s < segments; ++s) {
        float mid = kTwoPi * (float(s) + 0.5f) / float(segments);
        uint32_t apex = vertex(vec3(0.0f, height, 0.0f), sideNormal(mid));
        tri(top + s, top + s + 1, apex);
    }
    // Base disc.
    uint32_t centre = vertex(vec3(0.0f), vec3(0.0f, -1.0f, 0.0f));
    for (uint32_t s = 0; s < segments; ++s) {
        float phi = kTwoPi * float(s) / float(segments);
        vertex(vec3(std::cos(phi) * radius, 0.0f, std::sin(phi) * radius), vec3(0.0f, -1.0f, 0.0f));
    }
    for (uint32_t s = 0; s < segments; ++s) tri(centre, centre + 1 + s, centre + 1 + (s + 1) % segments);
    return *this;
}

Primitive MeshBuilder::finish() {
    Primitive out = std::move(m_prim);
    out.topology = Topology::Triangles;
    out.bounds = Aabb{};
    for (const vec3& p : out.positions) out.bounds.extend(p);
    int32_t material = out.material;
    m_prim = Primitive{};
    m_prim.material = material;
    return out;
}

} // namespace tv::scene
