#include "gltf/mesh_import.h"

#include "gltf/accessor_reader.h"
#include "gltf/tangents.h"

#include <cmath>

namespace tv::gltf::detail {

namespace {

const char* modeName(int mode) {
    static const char* const kNames[] = {"POINTS",    "LINES",          "LINE_LOOP",   "LINE_STRIP",
                                         "TRIANGLES", "TRIANGLE_STRIP", "TRIANGLE_FAN"};
    return mode >= 0 && mode <= 6 ? kNames[mode] : "unknown";
}

// Minimum index count that draws anything, and the list length produced from n indices.
size_t minimumCount(int mode) {
    switch (mode) {
    case TINYGLTF_MODE_POINTS: return 1;
    case TINYGLTF_MODE_LINE:
    case TINYGLTF_MODE_LINE_LOOP:
    case TINYGLTF_MODE_LINE_STRIP: return 2;
    default: return 3;
    }
}

uint64_t listLength(int mode, uint64_t n) {
    switch (mode) {
    case TINYGLTF_MODE_POINTS: return n;
    case TINYGLTF_MODE_LINE: return n - n % 2;
    case TINYGLTF_MODE_LINE_LOOP: return 2 * n;
    case TINYGLTF_MODE_LINE_STRIP: return 2 * (n - 1);
    case TINYGLTF_MODE_TRIANGLES: return n - n % 3;
    default: return 3 * (n - 2); // strips and fans
    }
}

template <class T>
void gather(std::vector<T>& stream, const std::vector<uint32_t>& order) {
    if (stream.empty()) return;
    std::vector<T> out(order.size());
    for (size_t i = 0; i < order.size(); ++i) out[i] = stream[order[i]];
    stream.swap(out);
}

// Every vertex of every triangle becomes its own vertex, so each face can carry its face normal.
void unweld(scene::Primitive& p) {
    const std::vector<uint32_t> order = p.indices;
    gather(p.positions, order);
    gather(p.normals, order);
    gather(p.tangents, order);
    gather(p.texcoords0, order);
    gather(p.texcoords1, order);
    gather(p.colors0, order);
    gather(p.joints0, order);
    gather(p.weights0, order);
    for (scene::MorphTarget& t : p.targets) {
        gather(t.positions, order);
        gather(t.normals, order);
        gather(t.tangents, order);
    }
    for (size_t i = 0; i < p.indices.size(); ++i) p.indices[i] = static_cast<uint32_t>(i);
}

void flatNormals(scene::Primitive& p) {
    p.normals.assign(p.positions.size(), vec3(0.0f, 0.0f, 1.0f));
    for (size_t t = 0; t + 2 < p.indices.size(); t += 3) {
        const vec3& a = p.positions[p.indices[t]];
        const vec3& b = p.positions[p.indices[t + 1]];
        const vec3& c = p.positions[p.indices[t + 2]];
        vec3 n = glm::cross(b - a, c - a);
        float len = glm::length(n);
        // Degenerate (zero-area) faces keep +Z: any unit vector is as right as another, and NaN is not.
        n = (len > 0.0f && std::isfinite(len)) ? n / len : vec3(0.0f, 0.0f, 1.0f);
        for (int k = 0; k < 3; ++k) p.normals[p.indices[t + k]] = n;
    }
}

struct PrimitiveLabel {
    std::string text;
    std::string attr(const char* name) const { return text + " " + name; }
};

template <class V>
Expected<void> readStream(ImportContext& ctx, const std::map<std::string, int>& attributes, const char* name,
                          size_t vertexCount, const PrimitiveLabel& label, std::vector<V>& out) {
    auto it = attributes.find(name);
    if (it == attributes.end()) return {};
    auto data = readFloatAccessor<V>(ctx, it->second, label.attr(name));
    if (!data) return data.error();
    if (data->size() != vertexCount)
        return parseError(format("%s: accessor %d has %zu elements but POSITION has %zu", label.attr(name).c_str(),
                                 it->second, data->size(), vertexCount));
    out = std::move(*data);
    return {};
}

Expected<void> readColors(ImportContext& ctx, int accessor, size_t vertexCount, const PrimitiveLabel& label,
                          std::vector<vec4>& out) {
    AccessorInfo info;
    auto data = readFloatsAnyType(ctx, accessor, label.attr("COLOR_0"), info);
    if (!data) return data.error();
    if (info.rows != info.components || (info.components != 3 && info.components != 4))
        return parseError(format("%s: accessor %d is %s, expected VEC3 or VEC4", label.attr("COLOR_0").c_str(),
                                 accessor, info.typeName()));
    if (info.count != vertexCount)
        return parseError(format("%s: accessor %d has %zu elements but POSITION has %zu", label.attr("COLOR_0").c_str(),
                                 accessor, info.count, vertexCount));
    out.resize(vertexCount);
    const float* src = data->data();
    for (size_t i = 0; i < vertexCount; ++i) {
        const float* c = src + i * info.components;
        out[i] = vec4(c[0], c[1], c[2], info.components == 4 ? c[3] : 1.0f);
    }
    return {};
}

Expected<void> readTargets(ImportContext& ctx, const tinygltf::Primitive& src, size_t vertexCount,
                           const PrimitiveLabel& label, scene::Primitive& dst) {
    dst.targets.resize(src.targets.size());
    for (size_t t = 0; t < src.targets.size(); ++t) {
        const PrimitiveLabel tl{format("%s target %zu", label.text.c_str(), t)};
        scene::MorphTarget& target = dst.targets[t];
        TV_GLTF_TRY(readStream(ctx, src.targets[t], "POSITION", vertexCount, tl, target.positions));
        TV_GLTF_TRY(readStream(ctx, src.targets[t], "NORMAL", vertexCount, tl, target.normals));
        TV_GLTF_TRY(readStream(ctx, src.targets[t], "TANGENT", vertexCount, tl, target.tangents));
    }
    return {};
}

Expected<scene::Primitive> importPrimitive(ImportContext& ctx, const tinygltf::Primitive& src,
                                           const PrimitiveLabel& label, std::span<const scene::Material> materials) {
    scene::Primitive p;
    const int mode = src.mode < 0 ? TINYGLTF_MODE_TRIANGLES : src.mode;
    if (mode > TINYGLTF_MODE_TRIANGLE_FAN)
        return parseError(format("%s: mode %d is not a glTF primitive mode", label.text.c_str(), src.mode));
    if (src.material >= 0 && static_cast<size_t>(src.material) >= materials.size())
        return boundsError(format("%s: material %d does not exist (%zu materials)", label.text.c_str(), src.material,
                                  materials.size()));
    p.material = src.material < 0 ? -1 : src.material;

    auto pos = src.attributes.find("POSITION");
    if (pos == src.attributes.end()) return parseError(format("%s: no POSITION attribute", label.text.c_str()));
    {
        auto data = readFloatAccessor<vec3>(ctx, pos->second, label.attr("POSITION"), /*requireFinite=*/true);
        if (!data) return data.error();
        p.positions = std::move(*data);
    }
    const size_t vertexCount = p.positions.size();
    if (vertexCount > ctx.options().maxVertexCount)
        return makeError(ErrorCode::TooLarge,
                         format("%s: %zu vertices exceed maxVertexCount (%llu)", label.text.c_str(), vertexCount,
                                static_cast<unsigned long long>(ctx.options().maxVertexCount)));

    TV_GLTF_TRY(readStream(ctx, src.attributes, "NORMAL", vertexCount, label, p.normals));
    TV_GLTF_TRY(readStream(ctx, src.attributes, "TANGENT", vertexCount, label, p.tangents));
    TV_GLTF_TRY(readStream(ctx, src.attributes, "TEXCOORD_0", vertexCount, label, p.texcoords0));
    TV_GLTF_TRY(readStream(ctx, src.attributes, "TEXCOORD_1", vertexCount, label, p.texcoords1));
    TV_GLTF_TRY(readStream(ctx, src.attributes, "WEIGHTS_0", vertexCount, label, p.weights0));
    if (auto it = src.attributes.find("COLOR_0"); it != src.attributes.end())
        TV_GLTF_TRY(readColors(ctx, it->second, vertexCount, label, p.colors0));
    if (auto it = src.attributes.find("JOINTS_0"); it != src.attributes.end()) {
        auto joints = readUintAccessor(ctx, it->second, 4, label.attr("JOINTS_0"));
        if (!joints) return joints.error();
        if (joints->size() != vertexCount * 4)
            return parseError(format("%s: accessor %d has %zu elements but POSITION has %zu",
                                     label.attr("JOINTS_0").c_str(), it->second, joints->size() / 4, vertexCount));
        p.joints0.resize(vertexCount);
        for (size_t i = 0; i < vertexCount; ++i)
            p.joints0[i] = uvec4((*joints)[4 * i], (*joints)[4 * i + 1], (*joints)[4 * i + 2], (*joints)[4 * i + 3]);
    }
    TV_GLTF_TRY(readTargets(ctx, src, vertexCount, label, p));

    // Indices: from the file (each checked against the vertex count) or implicit 0..n-1.
    std::vector<uint32_t> indices;
    if (src.indices >= 0) {
        auto data = readUintAccessor(ctx, src.indices, 1, label.attr("indices"));
        if (!data) return data.error();
        indices = std::move(*data);
        for (size_t i = 0; i < indices.size(); ++i)
            if (indices[i] >= vertexCount)
                return boundsError(format("%s: index %u at position %zu is out of range for %zu vertices",
                                          label.text.c_str(), indices[i], i, vertexCount));
    } else {
        TV_GLTF_TRY(ctx.charge(vertexCount * sizeof(uint32_t), label.attr("indices")));
        indices.resize(vertexCount);
        for (size_t i = 0; i < vertexCount; ++i) indices[i] = static_cast<uint32_t>(i);
    }

    if (indices.size() < minimumCount(mode))
        return parseError(format("%s: %zu %s are too few for %s", label.text.c_str(), indices.size(),
                                 src.indices >= 0 ? "indices" : "vertices", modeName(mode)));
    const uint64_t listCount = listLength(mode, indices.size());
    if (listCount > ctx.options().maxVertexCount)
        return makeError(ErrorCode::TooLarge,
                         format("%s: %s expands to %llu indices, over maxVertexCount (%llu)", label.text.c_str(),
                                modeName(mode), static_cast<unsigned long long>(listCount),
                                static_cast<unsigned long long>(ctx.options().maxVertexCount)));
    if (listCount != indices.size()) TV_GLTF_TRY(ctx.charge(listCount * sizeof(uint32_t), label.attr("indices")));
    size_t dropped = 0;
    auto list = toList(mode, indices, p.topology, dropped);
    if (!list) return list.error();
    p.indices = std::move(*list);
    if (dropped)
        ctx.warn(format("%s: %zu trailing indices do not form a whole %s primitive and were ignored",
                        label.text.c_str(), dropped, modeName(mode)));

    if (p.topology == scene::Topology::Triangles && p.normals.empty()) {
        // Un-welded streams: every stream grows to the index count (bounded by maxVertexCount above).
        uint64_t perVertex = sizeof(vec3) * 2 + (p.tangents.empty() ? 0 : sizeof(vec4)) +
                             (p.texcoords0.empty() ? 0 : sizeof(vec2)) + (p.texcoords1.empty() ? 0 : sizeof(vec2)) +
                             (p.colors0.empty() ? 0 : sizeof(vec4)) + (p.joints0.empty() ? 0 : sizeof(uvec4)) +
                             (p.weights0.empty() ? 0 : sizeof(vec4)) + p.targets.size() * 3 * sizeof(vec3);
        TV_GLTF_TRY(ctx.charge(perVertex * p.indices.size(), label.attr("flat normals")));
        unweld(p);
        flatNormals(p);
    }

    const bool normalMapped = p.material >= 0 && materials[static_cast<size_t>(p.material)].normalTexture.valid();
    if (normalMapped && p.tangents.empty() && ctx.options().generateTangents &&
        p.topology == scene::Topology::Triangles) {
        TV_GLTF_TRY(ctx.charge(p.positions.size() * sizeof(vec4), label.attr("tangents")));
        const uint32_t set = materials[static_cast<size_t>(p.material)].normalTexture.texCoord;
        const std::vector<vec2>& uvs = set == 0 ? p.texcoords0 : p.texcoords1;
        if (uvs.empty())
            ctx.warn(format("%s: normal map uses TEXCOORD_%u, which is absent; tangents are arbitrary",
                            label.text.c_str(), set));
        p.tangents = generateTangents(p.positions, p.normals, uvs, p.indices);
    }

    for (const vec3& v : p.positions) p.bounds.extend(v);
    return p;
}

} // namespace

Expected<std::vector<uint32_t>> toList(int mode, const std::vector<uint32_t>& in, scene::Topology& topology,
                                       size_t& dropped) {
    const size_t n = in.size();
    dropped = 0;
    if (n < minimumCount(mode)) return parseError(format("%zu indices are too few for %s", n, modeName(mode)));
    std::vector<uint32_t> out;
    out.reserve(static_cast<size_t>(listLength(mode, n)));
    switch (mode) {
    case TINYGLTF_MODE_POINTS:
        topology = scene::Topology::Points;
        out = in;
        break;
    case TINYGLTF_MODE_LINE:
        topology = scene::Topology::Lines;
        out.assign(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n - n % 2));
        dropped = n % 2;
        break;
    case TINYGLTF_MODE_LINE_LOOP:
    case TINYGLTF_MODE_LINE_STRIP:
        topology = scene::Topology::Lines;
        for (size_t i = 0; i + 1 < n; ++i) {
            out.push_back(in[i]);
            out.push_back(in[i + 1]);
        }
        if (mode == TINYGLTF_MODE_LINE_LOOP) { // closing segment back to the first vertex
            out.push_back(in[n - 1]);
            out.push_back(in[0]);
        }
        break;
    case TINYGLTF_MODE_TRIANGLES:
        topology = scene::Topology::Triangles;
        out.assign(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n - n % 3));
        dropped = n % 3;
        break;
    case TINYGLTF_MODE_TRIANGLE_STRIP:
        // glTF spec 3.7.2.1: triangle i = {v[i], v[i + (1 + i % 2)], v[i + (2 - i % 2)]}, which keeps the
        // winding of the first triangle for every odd one.
        topology = scene::Topology::Triangles;
        for (size_t i = 0; i + 2 < n; ++i) {
            out.push_back(in[i]);
            out.push_back(in[i + 1 + i % 2]);
            out.push_back(in[i + 2 - i % 2]);
        }
        break;
    case TINYGLTF_MODE_TRIANGLE_FAN:
        // glTF spec: triangle i = {v[i + 1], v[i + 2], v[0]}.
        topology = scene::Topology::Triangles;
        for (size_t i = 0; i + 2 < n; ++i) {
            out.push_back(in[i + 1]);
            out.push_back(in[i + 2]);
            out.push_back(in[0]);
        }
        break;
    default: return parseError(format("mode %d is not a glTF primitive mode", mode));
    }
    return out;
}

Expected<scene::Mesh> importMesh(ImportContext& ctx, int meshIndex, std::span<const scene::Material> materials) {
    const tinygltf::Mesh& src = ctx.model().meshes[static_cast<size_t>(meshIndex)];
    scene::Mesh mesh;
    mesh.name = src.name;
    if (src.primitives.empty()) return parseError(format("mesh %d has no primitives", meshIndex));
    mesh.primitives.reserve(src.primitives.size());
    size_t targetCount = 0;
    for (size_t i = 0; i < src.primitives.size(); ++i) {
        PrimitiveLabel label{format("mesh %d primitive %zu", meshIndex, i)};
        auto prim = importPrimitive(ctx, src.primitives[i], label, materials);
        if (!prim) return prim.error();
        if (i == 0)
            targetCount = prim->targets.size();
        else if (prim->targets.size() != targetCount)
            return parseError(format("%s has %zu morph targets but primitive 0 has %zu (must match)",
                                     label.text.c_str(), prim->targets.size(), targetCount));
        mesh.primitives.push_back(std::move(*prim));
    }
    if (!src.weights.empty() && src.weights.size() != targetCount)
        return parseError(
            format("mesh %d: %zu default weights for %zu morph targets", meshIndex, src.weights.size(), targetCount));
    for (double w : src.weights)
        if (!std::isfinite(w)) return parseError(format("mesh %d: default morph weights must be finite", meshIndex));
    mesh.weights.assign(src.weights.begin(), src.weights.end());
    return mesh;
}

} // namespace tv::gltf::detail
