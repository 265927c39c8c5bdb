// writeGlb(): an Asset to GLB bytes in three passes — check that the Asset holds only what glTF can say and we
// write (every refusal names its cause), choose which items go out (all, or one scene's closure), then emit the
// binary chunk (one tightly packed bufferView per accessor, 4-byte aligned) and the JSON chunk beside it.
#include "gltf/gltf_writer.h"

#include "core/log.h"
#include "gltf/gltf_writer_json.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <unistd.h>

namespace tv::gltf {

namespace {

using detail::JsonOut;
using scene::Asset;
using scene::Material;
using scene::Primitive;

constexpr uint32_t kGlbMagic = 0x46546C67; // "glTF"
constexpr uint32_t kChunkJson = 0x4E4F534A;
constexpr uint32_t kChunkBin = 0x004E4942;
constexpr int kArrayBuffer = 34962;
constexpr int kElementArrayBuffer = 34963;
constexpr int kUnsignedShort = 5123;
constexpr int kUnsignedInt = 5125;
constexpr int kFloat = 5126;

Error invalid(std::string message) { return makeError(ErrorCode::InvalidArgument, std::move(message)); }
Error unsupported(std::string message) { return makeError(ErrorCode::Unsupported, std::move(message)); }

// "node 3 'pump-1'": how messages name an item (names may be empty).
std::string who(const char* kind, size_t index, const std::string& name) {
    return name.empty() ? format("%s %zu", kind, index) : format("%s %zu '%s'", kind, index, name.c_str());
}

// ---- Pass 1: what we refuse, and what is malformed -------------------------------------------------------------

Expected<void> checkMaterial(const Material& m, size_t i) {
    const std::pair<const scene::TextureRef*, const char*> refs[] = {
        {&m.baseColorTexture, "baseColorTexture"}, {&m.metallicRoughnessTexture, "metallicRoughnessTexture"},
        {&m.normalTexture, "normalTexture"},       {&m.occlusionTexture, "occlusionTexture"},
        {&m.emissiveTexture, "emissiveTexture"},   {&m.transmissionTexture, "transmissionTexture"},
    };
    for (const auto& [ref, name] : refs)
        if (ref->valid())
            return unsupported(format("%s uses %s: textures are not supported by the writer",
                                      who("material", i, m.name).c_str(), name));
    if (m.alphaMode == scene::AlphaMode::Mask && m.alphaCutoff < 0.0f)
        return invalid(who("material", i, m.name) + " has a negative alphaCutoff");
    return {};
}

Expected<void> checkPrimitive(const Asset& a, const Primitive& p, const std::string& where) {
    if (!p.targets.empty()) return unsupported(where + " has morph targets: not supported by the writer");
    if (!p.joints0.empty() || !p.weights0.empty())
        return unsupported(where + " has JOINTS_0/WEIGHTS_0 (skinning): not supported by the writer");
    const size_t n = p.positions.size();
    if (n == 0) return invalid(where + " has no positions (glTF accessors need at least one element)");
    const std::pair<size_t, const char*> streams[] = {{p.normals.size(), "normals"},
                                                      {p.tangents.size(), "tangents"},
                                                      {p.texcoords0.size(), "texcoords0"},
                                                      {p.texcoords1.size(), "texcoords1"},
                                                      {p.colors0.size(), "colors0"}};
    for (const auto& [size, name] : streams)
        if (size != 0 && size != n)
            return invalid(format("%s: %s has %zu entries for %zu positions", where.c_str(), name, size, n));
    auto finite = [](const auto& stream) {
        for (const auto& v : stream)
            for (int c = 0; c < v.length(); ++c)
                if (!std::isfinite(v[c])) return false;
        return true;
    };
    if (!finite(p.positions) || !finite(p.normals) || !finite(p.tangents) || !finite(p.texcoords0) ||
        !finite(p.texcoords1) || !finite(p.colors0))
        return invalid(where + " has a non-finite vertex value (NaN or infinity)");
    for (size_t k = 0; k < p.indices.size(); ++k)
        if (p.indices[k] >= n)
            return invalid(format("%s: index %zu is %u, past the %zu vertices", where.c_str(), k, p.indices[k], n));
    const size_t count = p.indices.empty() ? n : p.indices.size();
    const size_t per = p.topology == scene::Topology::Triangles ? 3 : p.topology == scene::Topology::Lines ? 2 : 1;
    if (count % per != 0)
        return invalid(format("%s: %zu %s do not form whole primitives", where.c_str(), count,
                              p.indices.empty() ? "vertices" : "indices"));
    if (p.material < -1 || p.material >= int32_t(a.materials.size()))
        return invalid(format("%s names material %d of %zu", where.c_str(), p.material, a.materials.size()));
    return {};
}

Expected<void> checkNodes(const Asset& a) {
    const size_t n = a.nodes.size();
    std::vector<int32_t> parentOf(n, -1);
    for (size_t i = 0; i < n; ++i) {
        const scene::Node& node = a.nodes[i];
        const std::string w = who("node", i, node.name);
        if (node.skin >= 0) return unsupported(w + " uses a skin: skins are not supported by the writer");
        if (!node.weights.empty()) return unsupported(w + " has morph weights: not supported by the writer");
        if (!node.instances.empty())
            return unsupported(w + " has EXT_mesh_gpu_instancing instances: not supported by the writer");
        if (node.mesh >= int32_t(a.meshes.size()) || node.camera >= int32_t(a.cameras.size()) ||
            node.light >= int32_t(a.lights.size()))
            return invalid(w + " names a mesh, camera or light that does not exist");
        for (int32_t c : node.children) {
            if (c < 0 || size_t(c) >= n) return invalid(format("%s has child %d of %zu nodes", w.c_str(), c, n));
            if (parentOf[size_t(c)] >= 0)
                return invalid(format("node %d has two parents (%d and %zu)", c, parentOf[size_t(c)], i));
            parentOf[size_t(c)] = int32_t(i);
        }
    }
    // With one parent each, a cycle is a walk upwards that never reaches a root.
    for (size_t i = 0; i < n; ++i) {
        int32_t at = int32_t(i);
        for (size_t steps = 0; at >= 0; ++steps) {
            if (steps > n) return invalid(who("node", i, a.nodes[i].name) + " is part of a cycle in the hierarchy");
            at = parentOf[size_t(at)];
        }
    }
    for (size_t s = 0; s < a.scenes.size(); ++s) {
        std::set<int32_t> seen;
        for (int32_t r : a.scenes[s].roots) {
            const std::string w = who("scene", s, a.scenes[s].name);
            if (r < 0 || size_t(r) >= n) return invalid(format("%s has root %d of %zu nodes", w.c_str(), r, n));
            if (parentOf[size_t(r)] >= 0)
                return invalid(format("%s lists node %d as a root, but it has a parent", w.c_str(), r));
            if (!seen.insert(r).second) return invalid(format("%s lists node %d twice", w.c_str(), r));
        }
    }
    return {};
}

Expected<void> checkAsset(const Asset& a) {
    if (!a.images.empty() || !a.textures.empty())
        return unsupported(format("the asset has %zu images and %zu textures: textures are not supported by the "
                                  "writer",
                                  a.images.size(), a.textures.size()));
    if (!a.skins.empty()) return unsupported(format("the asset has %zu skins: not supported", a.skins.size()));
    if (!a.animations.empty())
        return unsupported(format("the asset has %zu animations: not supported", a.animations.size()));
    for (size_t i = 0; i < a.materials.size(); ++i)
        if (auto r = checkMaterial(a.materials[i], i); !r) return r;
    for (size_t m = 0; m < a.meshes.size(); ++m) {
        const scene::Mesh& mesh = a.meshes[m];
        if (!mesh.weights.empty())
            return unsupported(who("mesh", m, mesh.name) + " has morph weights: not supported by the writer");
        if (mesh.primitives.empty()) return invalid(who("mesh", m, mesh.name) + " has no primitives");
        for (size_t p = 0; p < mesh.primitives.size(); ++p)
            if (auto r = checkPrimitive(a, mesh.primitives[p],
                                        format("%s primitive %zu", who("mesh", m, mesh.name).c_str(), p));
                !r)
                return r;
    }
    for (size_t c = 0; c < a.cameras.size(); ++c)
        if (!a.cameras[c].perspective && a.cameras[c].zfar <= 0.0f)
            return unsupported(who("camera", c, a.cameras[c].name) +
                               " is orthographic with an infinite zfar, which glTF cannot express");
    return checkNodes(a);
}

// ---- Pass 2: which items go out, and their new indices ---------------------------------------------------------

struct Selected {
    std::vector<int32_t> items; // old indices, in output order
    std::vector<int32_t> map;   // old -> new index, -1 = not written

    void init(size_t count, bool all) {
        map.assign(count, -1);
        if (all)
            for (size_t i = 0; i < count; ++i) mark(int32_t(i));
    }
    void mark(int32_t i) {
        if (i >= 0 && map[size_t(i)] < 0) map[size_t(i)] = 0; // numbered by finish()
    }
    void finish() {
        items.clear();
        for (size_t i = 0; i < map.size(); ++i)
            if (map[i] >= 0) {
                map[i] = int32_t(items.size());
                items.push_back(int32_t(i));
            }
    }
};

struct Selection {
    Selected nodes, meshes, materials, cameras, lights;
    std::vector<int32_t> scenes;
    int32_t defaultScene = -1; // index among `scenes`
};

Expected<Selection> select(const Asset& a, int32_t sceneIndex) {
    if (sceneIndex < -1 || sceneIndex >= int32_t(a.scenes.size()))
        return invalid(format("scene %d requested, the asset has %zu scenes", sceneIndex, a.scenes.size()));
    Selection s;
    const bool all = sceneIndex < 0;
    s.nodes.init(a.nodes.size(), all);
    if (all) {
        for (size_t i = 0; i < a.scenes.size(); ++i) s.scenes.push_back(int32_t(i));
        if (a.defaultScene >= 0 && a.defaultScene < int32_t(a.scenes.size())) s.defaultScene = a.defaultScene;
    } else {
        s.scenes.push_back(sceneIndex);
        s.defaultScene = 0;
        std::vector<int32_t> stack(a.scenes[size_t(sceneIndex)].roots);
        while (!stack.empty()) {
            int32_t n = stack.back();
            stack.pop_back();
            s.nodes.mark(n);
            for (int32_t c : a.nodes[size_t(n)].children) stack.push_back(c);
        }
    }
    s.nodes.finish();
    s.meshes.init(a.meshes.size(), all);
    s.cameras.init(a.cameras.size(), all);
    s.lights.init(a.lights.size(), all);
    for (int32_t n : s.nodes.items) {
        s.meshes.mark(a.nodes[size_t(n)].mesh);
        s.cameras.mark(a.nodes[size_t(n)].camera);
        s.lights.mark(a.nodes[size_t(n)].light);
    }
    s.meshes.finish();
    s.cameras.finish();
    s.lights.finish();
    s.materials.init(a.materials.size(), all);
    for (int32_t m : s.meshes.items)
        for (const Primitive& p : a.meshes[size_t(m)].primitives) s.materials.mark(p.material);
    s.materials.finish();
    return s;
}

// ---- Pass 3: binary chunk and JSON ---------------------------------------------------------------------------

struct Accessor {
    int componentType;
    const char* type;
    size_t count;
    bool bounds = false; // POSITION: min/max of the vec3s
    vec3 min{0.0f}, max{0.0f};
};

struct View {
    size_t offset, length;
    int target;
};

// Accessor i lives in bufferView i.
struct Binary {
    std::vector<uint8_t> bytes;
    std::vector<View> views;
    std::vector<Accessor> accessors;

    int add(const void* data, size_t size, int target, Accessor accessor) {
        bytes.resize((bytes.size() + 3) & ~size_t(3), 0);
        views.push_back(View{bytes.size(), size, target});
        const auto* p = static_cast<const uint8_t*>(data);
        bytes.insert(bytes.end(), p, p + size);
        accessors.push_back(accessor);
        return int(accessors.size() - 1);
    }
    template <class T>
    int floats(const std::vector<T>& v, const char* type) {
        static_assert(sizeof(T) % sizeof(float) == 0);
        return add(v.data(), v.size() * sizeof(T), kArrayBuffer, Accessor{kFloat, type, v.size()});
    }
};

struct PrimitiveAccessors {
    int position = -1, normal = -1, tangent = -1, uv0 = -1, uv1 = -1, color0 = -1, indices = -1;
};

PrimitiveAccessors writeStreams(Binary& bin, const Primitive& p) {
    PrimitiveAccessors out;
    out.position = bin.floats(p.positions, "VEC3");
    Accessor& pos = bin.accessors.back();
    pos.bounds = true;
    pos.min = pos.max = p.positions[0];
    for (const vec3& v : p.positions) {
        pos.min = glm::min(pos.min, v);
        pos.max = glm::max(pos.max, v);
    }
    if (!p.normals.empty()) out.normal = bin.floats(p.normals, "VEC3");
    if (!p.tangents.empty()) out.tangent = bin.floats(p.tangents, "VEC4");
    if (!p.texcoords0.empty()) out.uv0 = bin.floats(p.texcoords0, "VEC2");
    if (!p.texcoords1.empty()) out.uv1 = bin.floats(p.texcoords1, "VEC2");
    if (!p.colors0.empty()) out.color0 = bin.floats(p.colors0, "VEC4");
    if (!p.indices.empty()) {
        uint32_t maxIndex = 0;
        for (uint32_t i : p.indices) maxIndex = std::max(maxIndex, i);
        if (maxIndex < 0xFFFF) { // 65535 is the primitive-restart value glTF forbids in unsigned short indices
            std::vector<uint16_t> narrow(p.indices.begin(), p.indices.end());
            out.indices = bin.add(narrow.data(), narrow.size() * 2, kElementArrayBuffer,
                                  Accessor{kUnsignedShort, "SCALAR", narrow.size()});
        } else {
            out.indices = bin.add(p.indices.data(), p.indices.size() * 4, kElementArrayBuffer,
                                  Accessor{kUnsignedInt, "SCALAR", p.indices.size()});
        }
    }
    return out;
}

void writeMaterial(JsonOut& j, const Material& m, const std::string& w, std::set<std::string>& extensions) {
    j.beginObject();
    if (!m.name.empty()) j.key("name").string(m.name, w);
    if (m.baseColorFactor != vec4(1.0f) || m.metallicFactor != 1.0f || m.roughnessFactor != 1.0f) {
        j.key("pbrMetallicRoughness");
        j.beginObject();
        if (m.baseColorFactor != vec4(1.0f)) j.key("baseColorFactor").numbers(m.baseColorFactor, 4, w);
        if (m.metallicFactor != 1.0f) j.key("metallicFactor").number(m.metallicFactor, w);
        if (m.roughnessFactor != 1.0f) j.key("roughnessFactor").number(m.roughnessFactor, w);
        j.endObject();
    }
    if (m.emissiveFactor != vec3(0.0f)) j.key("emissiveFactor").numbers(m.emissiveFactor, 3, w);
    if (m.alphaMode != scene::AlphaMode::Opaque) {
        j.key("alphaMode");
        j.string(m.alphaMode == scene::AlphaMode::Mask ? "MASK" : "BLEND", w);
        if (m.alphaMode == scene::AlphaMode::Mask && m.alphaCutoff != 0.5f)
            j.key("alphaCutoff").number(m.alphaCutoff, w);
    }
    if (m.doubleSided) j.key("doubleSided").boolean(true);
    const bool strength = m.emissiveStrength != 1.0f, ior = m.ior != 1.5f, transmission = m.transmissionFactor != 0.0f;
    if (strength || ior || m.unlit || transmission) {
        j.key("extensions");
        j.beginObject();
        auto ext = [&](const char* name, const char* field, float value) {
            extensions.insert(name);
            j.key(name);
            j.beginObject();
            if (field) j.key(field).number(value, w);
            j.endObject();
        };
        if (strength) ext("KHR_materials_emissive_strength", "emissiveStrength", m.emissiveStrength);
        if (ior) ext("KHR_materials_ior", "ior", m.ior);
        if (transmission) ext("KHR_materials_transmission", "transmissionFactor", m.transmissionFactor);
        if (m.unlit) ext("KHR_materials_unlit", nullptr, 0.0f);
        j.endObject();
    }
    j.endObject();
}

void writeNode(JsonOut& j, const Asset& a, const Selection& s, int32_t old) {
    const scene::Node& n = a.nodes[size_t(old)];
    const std::string w = who("node", size_t(old), n.name);
    j.beginObject();
    if (!n.name.empty()) j.key("name").string(n.name, w);
    if (!n.children.empty()) {
        j.key("children");
        j.beginArray();
        for (int32_t c : n.children) j.integer(s.nodes.map[size_t(c)]);
        j.endArray();
    }
    if (n.hasMatrix) {
        j.key("matrix");
        j.beginArray();
        for (int c = 0; c < 4; ++c)
            for (int r = 0; r < 4; ++r) j.number(n.matrix[c][r], w); // column-major, as glTF stores it
        j.endArray();
    } else {
        const Transform& t = n.transform;
        if (t.translation != vec3(0.0f)) j.key("translation").numbers(t.translation, 3, w);
        if (t.rotation != quat(1.0f, 0.0f, 0.0f, 0.0f)) {
            j.key("rotation"); // glTF order x, y, z, w
            j.beginArray();
            for (float v : {t.rotation.x, t.rotation.y, t.rotation.z, t.rotation.w}) j.number(v, w);
            j.endArray();
        }
        if (t.scale != vec3(1.0f)) j.key("scale").numbers(t.scale, 3, w);
    }
    if (n.mesh >= 0) j.key("mesh").integer(s.meshes.map[size_t(n.mesh)]);
    if (n.camera >= 0) j.key("camera").integer(s.cameras.map[size_t(n.camera)]);
    if (n.light >= 0) {
        j.key("extensions");
        j.beginObject();
        j.key("KHR_lights_punctual");
        j.beginObject();
        j.key("light").integer(s.lights.map[size_t(n.light)]);
        j.endObject();
        j.endObject();
    }
    j.endObject();
}

void writeCamera(JsonOut& j, const scene::Camera& c, const std::string& w) {
    j.beginObject();
    if (!c.name.empty()) j.key("name").string(c.name, w);
    j.key("type").string(c.perspective ? "perspective" : "orthographic", w);
    j.key(c.perspective ? "perspective" : "orthographic");
    j.beginObject();
    if (c.perspective) {
        if (c.aspectRatio > 0.0f) j.key("aspectRatio").number(c.aspectRatio, w);
        j.key("yfov").number(c.yfov, w);
        if (c.zfar > 0.0f) j.key("zfar").number(c.zfar, w);
    } else {
        j.key("xmag").number(c.xmag, w);
        j.key("ymag").number(c.ymag, w);
        j.key("zfar").number(c.zfar, w);
    }
    j.key("znear").number(c.znear, w);
    j.endObject();
    j.endObject();
}

void writeLight(JsonOut& j, const scene::Light& l, const std::string& w) {
    j.beginObject();
    if (!l.name.empty()) j.key("name").string(l.name, w);
    const char* type = l.type == scene::LightType::Directional ? "directional"
                       : l.type == scene::LightType::Spot      ? "spot"
                                                               : "point";
    j.key("type").string(type, w);
    if (l.color != vec3(1.0f)) j.key("color").numbers(l.color, 3, w);
    if (l.intensity != 1.0f) j.key("intensity").number(l.intensity, w);
    if (l.range > 0.0f && l.type != scene::LightType::Directional) j.key("range").number(l.range, w);
    if (l.type == scene::LightType::Spot) {
        j.key("spot");
        j.beginObject();
        j.key("innerConeAngle").number(l.innerConeAngle, w);
        j.key("outerConeAngle").number(l.outerConeAngle, w);
        j.endObject();
    }
    j.endObject();
}

void writeMeshes(JsonOut& j, Binary& bin, const Asset& a, const Selection& s) {
    j.key("meshes");
    j.beginArray();
    for (int32_t m : s.meshes.items) {
        const scene::Mesh& mesh = a.meshes[size_t(m)];
        const std::string w = who("mesh", size_t(m), mesh.name);
        j.beginObject();
        if (!mesh.name.empty()) j.key("name").string(mesh.name, w);
        j.key("primitives");
        j.beginArray();
        for (const Primitive& p : mesh.primitives) {
            PrimitiveAccessors acc = writeStreams(bin, p);
            j.beginObject();
            j.key("attributes");
            j.beginObject();
            const std::pair<const char*, int> attributes[] = {{"POSITION", acc.position}, {"NORMAL", acc.normal},
                                                              {"TANGENT", acc.tangent},   {"TEXCOORD_0", acc.uv0},
                                                              {"TEXCOORD_1", acc.uv1},    {"COLOR_0", acc.color0}};
            for (const auto& [name, index] : attributes)
                if (index >= 0) j.key(name).integer(index);
            j.endObject();
            if (acc.indices >= 0) j.key("indices").integer(acc.indices);
            if (p.material >= 0) j.key("material").integer(s.materials.map[size_t(p.material)]);
            const int mode = p.topology == scene::Topology::Points ? 0 : p.topology == scene::Topology::Lines ? 1 : 4;
            if (mode != 4) j.key("mode").integer(mode);
            j.endObject();
        }
        j.endArray();
        j.endObject();
    }
    j.endArray();
}

void writeBuffers(JsonOut& j, const Binary& bin) {
    j.key("accessors");
    j.beginArray();
    for (size_t i = 0; i < bin.accessors.size(); ++i) {
        const Accessor& acc = bin.accessors[i];
        j.beginObject();
        j.key("bufferView").integer(int64_t(i));
        j.key("componentType").integer(acc.componentType);
        j.key("count").integer(int64_t(acc.count));
        j.key("type").string(acc.type, "accessor");
        if (acc.bounds) {
            j.key("min").numbers(acc.min, 3, "POSITION");
            j.key("max").numbers(acc.max, 3, "POSITION");
        }
        j.endObject();
    }
    j.endArray();
    j.key("bufferViews");
    j.beginArray();
    for (const View& v : bin.views) {
        j.beginObject();
        j.key("buffer").integer(0);
        if (v.offset != 0) j.key("byteOffset").integer(int64_t(v.offset));
        j.key("byteLength").integer(int64_t(v.length));
        j.key("target").integer(v.target);
        j.endObject();
    }
    j.endArray();
    j.key("buffers");
    j.beginArray();
    j.beginObject();
    j.key("byteLength").integer(int64_t(bin.bytes.size()));
    j.endObject();
    j.endArray();
}

void putU32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}

} // namespace

Expected<std::vector<uint8_t>> writeGlb(const Asset& a, int32_t sceneIndex) {
    if (auto ok = checkAsset(a); !ok) return ok.error();
    auto selection = select(a, sceneIndex);
    if (!selection) return selection.error();
    const Selection& s = *selection;

    // The body first (meshes fill the binary chunk, materials report the extensions they use), then the head.
    JsonOut body;
    Binary bin;
    std::set<std::string> extensions;
    if (!s.lights.items.empty()) extensions.insert("KHR_lights_punctual");
    body.beginObject();
    if (!s.scenes.empty()) {
        if (s.defaultScene >= 0) body.key("scene").integer(s.defaultScene);
        body.key("scenes");
        body.beginArray();
        for (int32_t sc : s.scenes) {
            const scene::SceneDesc& desc = a.scenes[size_t(sc)];
            body.beginObject();
            if (!desc.name.empty()) body.key("name").string(desc.name, who("scene", size_t(sc), desc.name));
            body.key("nodes");
            body.beginArray();
            for (int32_t r : desc.roots) body.integer(s.nodes.map[size_t(r)]);
            body.endArray();
            body.endObject();
        }
        body.endArray();
    }
    if (!s.nodes.items.empty()) {
        body.key("nodes");
        body.beginArray();
        for (int32_t n : s.nodes.items) writeNode(body, a, s, n);
        body.endArray();
    }
    if (!s.meshes.items.empty()) writeMeshes(body, bin, a, s);
    if (!s.materials.items.empty()) {
        body.key("materials");
        body.beginArray();
        for (int32_t m : s.materials.items)
            writeMaterial(body, a.materials[size_t(m)], who("material", size_t(m), a.materials[size_t(m)].name),
                          extensions);
        body.endArray();
    }
    if (!s.cameras.items.empty()) {
        body.key("cameras");
        body.beginArray();
        for (int32_t c : s.cameras.items)
            writeCamera(body, a.cameras[size_t(c)], who("camera", size_t(c), a.cameras[size_t(c)].name));
        body.endArray();
    }
    if (!bin.accessors.empty()) writeBuffers(body, bin);
    body.endObject();
    if (body.error()) return *body.error();

    JsonOut j;
    j.beginObject();
    j.key("asset");
    j.beginObject();
    j.key("generator").string(kWriterGenerator, "asset");
    j.key("version").string("2.0", "asset");
    j.endObject();
    if (!extensions.empty()) {
        j.key("extensionsUsed");
        j.beginArray();
        for (const std::string& e : extensions) j.string(e, "extensionsUsed");
        j.endArray();
    }
    if (!s.lights.items.empty()) {
        j.key("extensions");
        j.beginObject();
        j.key("KHR_lights_punctual");
        j.beginObject();
        j.key("lights");
        j.beginArray();
        for (int32_t l : s.lights.items)
            writeLight(j, a.lights[size_t(l)], who("light", size_t(l), a.lights[size_t(l)].name));
        j.endArray();
        j.endObject();
        j.endObject();
    }
    j.endObject();
    if (j.error()) return *j.error();
    // Splice: head "{...}" + body "{...}" -> "{head,body}".
    std::string json = std::move(j.text());
    if (body.text() != "{}") {
        json.back() = ',';
        json.append(body.text(), 1);
    }
    json.resize((json.size() + 3) & ~size_t(3), ' '); // the JSON chunk is padded with spaces
    bin.bytes.resize((bin.bytes.size() + 3) & ~size_t(3), 0);

    const bool hasBin = !bin.accessors.empty();
    const uint64_t total = 12 + 8 + json.size() + (hasBin ? 8 + bin.bytes.size() : 0);
    if (total > 0xFFFFFFFFull)
        return makeError(ErrorCode::TooLarge, format("the GLB would be %llu bytes; the format's limit is 4 GiB",
                                                     static_cast<unsigned long long>(total)));
    std::vector<uint8_t> out;
    out.reserve(size_t(total));
    putU32(out, kGlbMagic);
    putU32(out, 2);
    putU32(out, uint32_t(total));
    putU32(out, uint32_t(json.size()));
    putU32(out, kChunkJson);
    out.insert(out.end(), json.begin(), json.end());
    if (hasBin) {
        putU32(out, uint32_t(bin.bytes.size()));
        putU32(out, kChunkBin);
        out.insert(out.end(), bin.bytes.begin(), bin.bytes.end());
    }
    return out;
}

Expected<void> writeGlbFile(const std::filesystem::path& path, const Asset& asset, int32_t sceneIndex) {
    auto bytes = writeGlb(asset, sceneIndex);
    if (!bytes) return bytes.error();
    // Same folder as the target, so the rename cannot cross file systems; the pid keeps concurrent writers apart.
    std::filesystem::path temp = path;
    temp += format(".tmp-%ld", static_cast<long>(::getpid()));
    auto ioError = [&](const char* what) {
        Error e = makeError(ErrorCode::Io, format("%s '%s': %s", what, temp.string().c_str(), std::strerror(errno)));
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        return e;
    };
    FILE* f = std::fopen(temp.c_str(), "wb");
    if (!f)
        return makeError(ErrorCode::Io, format("cannot create '%s': %s", temp.string().c_str(), std::strerror(errno)));
    const bool written = std::fwrite(bytes->data(), 1, bytes->size(), f) == bytes->size() && std::fflush(f) == 0 &&
                         ::fsync(::fileno(f)) == 0;
    if (!written) {
        std::fclose(f);
        return ioError("cannot write");
    }
    if (std::fclose(f) != 0) return ioError("cannot close");
    std::error_code ec;
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        Error e = makeError(ErrorCode::Io, format("cannot rename the written file onto '%s': %s", path.string().c_str(),
                                                  ec.message().c_str()));
        std::filesystem::remove(temp, ec);
        return e;
    }
    return {};
}

} // namespace tv::gltf
