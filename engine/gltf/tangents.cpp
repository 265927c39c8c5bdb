#include "gltf/tangents.h"

#include <cmath>
#include <cstring>
#include <unordered_map>

namespace tv::gltf {

namespace {

// Vertices are grouped by the exact bit patterns of position, normal and uv (what MikkTSpace welds on), with
// -0.0 folded into +0.0 so a sign bit alone does not split a group.
struct VertexKey {
    uint32_t bits[8];
    bool operator==(const VertexKey& o) const { return std::memcmp(bits, o.bits, sizeof(bits)) == 0; }
};

struct VertexKeyHash {
    size_t operator()(const VertexKey& k) const {
        uint64_t h = 1469598103934665603ull; // FNV-1a over the 8 words
        for (uint32_t b : k.bits) {
            h ^= b;
            h *= 1099511628211ull;
        }
        return static_cast<size_t>(h ^ (h >> 32));
    }
};

uint32_t floatBits(float f) {
    if (f == 0.0f) f = 0.0f;
    uint32_t b;
    std::memcpy(&b, &f, sizeof(b));
    return b;
}

float cornerAngle(const vec3& at, const vec3& a, const vec3& b) {
    vec3 u = a - at, v = b - at;
    float lu = glm::length(u), lv = glm::length(v);
    if (lu <= 0.0f || lv <= 0.0f) return 0.0f;
    float c = glm::clamp(glm::dot(u, v) / (lu * lv), -1.0f, 1.0f);
    return std::acos(c);
}

vec3 projectNormalized(const vec3& v, const vec3& n) {
    vec3 p = v - n * glm::dot(n, v);
    float len = glm::length(p);
    return (len > 1e-20f && std::isfinite(len)) ? p / len : vec3(0.0f);
}

} // namespace

vec3 anyPerpendicular(const vec3& n) {
    float len = glm::length(n);
    if (!(len > 0.0f) || !std::isfinite(len)) return vec3(1.0f, 0.0f, 0.0f);
    vec3 u = n / len;
    // Cross with the axis least aligned with n: well conditioned for every n.
    vec3 axis = std::fabs(u.x) < 0.9f ? vec3(1.0f, 0.0f, 0.0f) : vec3(0.0f, 1.0f, 0.0f);
    vec3 t = axis - u * glm::dot(u, axis);
    return glm::normalize(t);
}

std::vector<vec4> generateTangents(std::span<const vec3> positions, std::span<const vec3> normals,
                                   std::span<const vec2> uvs, std::span<const uint32_t> indices) {
    const size_t n = positions.size();
    std::vector<vec4> out(n);
    if (uvs.size() != n || normals.size() != n) {
        for (size_t v = 0; v < n; ++v)
            out[v] = vec4(anyPerpendicular(v < normals.size() ? normals[v] : vec3(0.0f, 0.0f, 1.0f)), 1.0f);
        return out;
    }

    std::vector<uint32_t> group(n);
    std::unordered_map<VertexKey, uint32_t, VertexKeyHash> groups;
    groups.reserve(n);
    for (size_t v = 0; v < n; ++v) {
        VertexKey key{};
        const float vals[8] = {positions[v].x, positions[v].y, positions[v].z, normals[v].x,
                               normals[v].y,   normals[v].z,   uvs[v].x,       uvs[v].y};
        for (int i = 0; i < 8; ++i) key.bits[i] = floatBits(vals[i]);
        auto [it, inserted] = groups.emplace(key, static_cast<uint32_t>(groups.size()));
        group[v] = it->second;
    }
    std::vector<vec3> accT(groups.size(), vec3(0.0f));
    std::vector<vec3> accB(groups.size(), vec3(0.0f));

    for (size_t t = 0; t + 2 < indices.size(); t += 3) {
        const uint32_t i[3] = {indices[t], indices[t + 1], indices[t + 2]};
        const vec3 e1 = positions[i[1]] - positions[i[0]];
        const vec3 e2 = positions[i[2]] - positions[i[0]];
        const vec2 d1 = uvs[i[1]] - uvs[i[0]];
        const vec2 d2 = uvs[i[2]] - uvs[i[0]];
        const float det = d1.x * d2.y - d2.x * d1.y;
        if (!(std::fabs(det) > 1e-20f) || !std::isfinite(det)) continue; // degenerate UVs: no information
        const float r = 1.0f / det;
        const vec3 sdir = (e1 * d2.y - e2 * d1.y) * r; // d(position)/du
        // glTF's v axis points down the image while a normal map's +Y (green) points up it, so the bitangent
        // is -d(position)/dv: the same as running MikkTSpace on (u, 1 - v), which is what exporters (Blender)
        // do and what the TANGENT data of the Khronos samples matches.
        const vec3 tdir = (e1 * d2.x - e2 * d1.x) * r;
        for (int k = 0; k < 3; ++k) {
            const uint32_t v = i[k];
            const float w = cornerAngle(positions[v], positions[i[(k + 1) % 3]], positions[i[(k + 2) % 3]]);
            if (!(w > 0.0f)) continue;
            const vec3 nv = glm::length(normals[v]) > 0.0f ? glm::normalize(normals[v]) : vec3(0.0f);
            accT[group[v]] += projectNormalized(sdir, nv) * w;
            accB[group[v]] += projectNormalized(tdir, nv) * w;
        }
    }

    for (size_t v = 0; v < n; ++v) {
        const float nlen = glm::length(normals[v]);
        const vec3 nv = (nlen > 0.0f && std::isfinite(nlen)) ? normals[v] / nlen : vec3(0.0f, 0.0f, 1.0f);
        const vec3 t = projectNormalized(accT[group[v]], nv); // Gram–Schmidt against the normal
        if (glm::dot(t, t) < 0.5f) {
            out[v] = vec4(anyPerpendicular(nv), 1.0f);
            continue;
        }
        const float handedness = glm::dot(glm::cross(nv, t), accB[group[v]]) < 0.0f ? -1.0f : 1.0f;
        out[v] = vec4(t, handedness);
    }
    return out;
}

} // namespace tv::gltf
