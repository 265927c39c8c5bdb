#include "gltf_test_util.h"

#include "core/log.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>

namespace tv::gltf::test {

namespace fs = std::filesystem;

fs::path sharedDir() {
    if (const char* env = std::getenv("TV_SHARED_DIR"); env && *env && fs::is_directory(env)) return env;
#ifdef TV_SHARED_DIR_DEFAULT
    if (fs::is_directory(TV_SHARED_DIR_DEFAULT)) return fs::path(TV_SHARED_DIR_DEFAULT);
#endif
    return {};
}

std::string base64(const void* data, size_t size) {
    static const char kTable[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto* p = static_cast<const uint8_t*>(data);
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    for (size_t i = 0; i < size; i += 3) {
        uint32_t v = uint32_t(p[i]) << 16;
        if (i + 1 < size) v |= uint32_t(p[i + 1]) << 8;
        if (i + 2 < size) v |= p[i + 2];
        out.push_back(kTable[(v >> 18) & 63]);
        out.push_back(kTable[(v >> 12) & 63]);
        out.push_back(i + 1 < size ? kTable[(v >> 6) & 63] : '=');
        out.push_back(i + 2 < size ? kTable[v & 63] : '=');
    }
    return out;
}

std::string base64(const std::vector<uint8_t>& bytes) { return base64(bytes.data(), bytes.size()); }

std::string dataUri(const std::vector<uint8_t>& bytes) {
    return "data:application/octet-stream;base64," + base64(bytes);
}

std::vector<uint8_t> makeGlb(const std::string& json, const std::vector<uint8_t>& bin) {
    std::string j = json;
    while (j.size() % 4) j.push_back(' ');
    std::vector<uint8_t> b = bin;
    while (b.size() % 4) b.push_back(0);
    std::vector<uint8_t> out;
    uint32_t total = 12 + 8 + static_cast<uint32_t>(j.size()) + (b.empty() ? 0 : 8 + static_cast<uint32_t>(b.size()));
    append<uint32_t>(out, {0x46546C67u, 2u, total, static_cast<uint32_t>(j.size()), 0x4E4F534Au});
    out.insert(out.end(), j.begin(), j.end());
    if (!b.empty()) {
        append<uint32_t>(out, {static_cast<uint32_t>(b.size()), 0x004E4942u});
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

Expected<scene::AssetPtr> importJson(const std::string& json, const ImportOptions& options, const fs::path& baseDir) {
    return importGltfFromMemory(std::span(reinterpret_cast<const uint8_t*>(json.data()), json.size()), baseDir,
                                "test.gltf", options);
}

Expected<scene::AssetPtr> importBytes(const std::vector<uint8_t>& bytes, const ImportOptions& options,
                                      const fs::path& baseDir) {
    return importGltfFromMemory(bytes, baseDir, "test.glb", options);
}

std::string checkInvariants(const scene::Asset& a) {
    auto fail = [](const std::string& s) { return s; };
    if (a.id == 0) return fail("asset id is 0");
    for (size_t i = 0; i < a.images.size(); ++i) {
        const auto& img = a.images[i];
        if (img.width == 0 || img.height == 0) return format("image %zu has zero size", i);
        if (!img.rgba8.empty() && img.rgba8.size() != size_t(img.width) * img.height * 4)
            return format("image %zu has %zu bytes for %ux%u", i, img.rgba8.size(), img.width, img.height);
    }
    for (size_t i = 0; i < a.textures.size(); ++i)
        if (a.textures[i].image < -1 || a.textures[i].image >= int32_t(a.images.size()))
            return format("texture %zu image %d out of range", i, a.textures[i].image);
    for (size_t i = 0; i < a.materials.size(); ++i) {
        const auto& m = a.materials[i];
        for (const scene::TextureRef* r : {&m.baseColorTexture, &m.metallicRoughnessTexture, &m.normalTexture,
                                           &m.occlusionTexture, &m.emissiveTexture}) {
            if (r->texture < -1 || r->texture >= int32_t(a.textures.size()))
                return format("material %zu texture ref %d out of range", i, r->texture);
            if (r->texCoord > 1) return format("material %zu texCoord %u", i, r->texCoord);
        }
    }
    for (size_t mi = 0; mi < a.meshes.size(); ++mi) {
        const auto& mesh = a.meshes[mi];
        if (mesh.primitives.empty()) return format("mesh %zu has no primitives", mi);
        for (size_t pi = 0; pi < mesh.primitives.size(); ++pi) {
            const auto& p = mesh.primitives[pi];
            const size_t n = p.positions.size();
            auto bad = [&](const char* what) { return format("mesh %zu prim %zu: %s", mi, pi, what); };
            if (n == 0) return bad("no positions");
            if (!p.normals.empty() && p.normals.size() != n) return bad("normals size");
            if (!p.tangents.empty() && p.tangents.size() != n) return bad("tangents size");
            if (!p.texcoords0.empty() && p.texcoords0.size() != n) return bad("texcoords0 size");
            if (!p.texcoords1.empty() && p.texcoords1.size() != n) return bad("texcoords1 size");
            if (!p.colors0.empty() && p.colors0.size() != n) return bad("colors0 size");
            if (!p.joints0.empty() && p.joints0.size() != n) return bad("joints0 size");
            if (!p.weights0.empty() && p.weights0.size() != n) return bad("weights0 size");
            if (p.topology == scene::Topology::Triangles && p.normals.size() != n) return bad("triangles lack normals");
            if (p.indices.empty()) return bad("no indices");
            const size_t per = p.topology == scene::Topology::Triangles ? 3
                               : p.topology == scene::Topology::Lines   ? 2
                                                                        : 1;
            if (p.indices.size() % per) return bad("index count not a multiple of the primitive size");
            for (uint32_t idx : p.indices)
                if (idx >= n) return bad("index out of range");
            for (const auto& t : p.targets) {
                if (!t.positions.empty() && t.positions.size() != n) return bad("target positions size");
                if (!t.normals.empty() && t.normals.size() != n) return bad("target normals size");
                if (!t.tangents.empty() && t.tangents.size() != n) return bad("target tangents size");
            }
            if (p.targets.size() != mesh.primitives[0].targets.size()) return bad("target count differs");
            if (p.material < -1 || p.material >= int32_t(a.materials.size())) return bad("material out of range");
            if (p.material >= 0 && a.materials[size_t(p.material)].normalTexture.valid() &&
                p.topology == scene::Topology::Triangles && p.tangents.size() != n)
                return bad("normal-mapped primitive lacks tangents");
            if (p.bounds.empty()) return bad("empty bounds");
            for (const auto& v : p.positions)
                if (glm::any(glm::lessThan(v, p.bounds.min - 1e-6f)) ||
                    glm::any(glm::greaterThan(v, p.bounds.max + 1e-6f)))
                    return bad("position outside bounds");
        }
        if (!mesh.weights.empty() && mesh.weights.size() != mesh.primitives[0].targets.size())
            return format("mesh %zu weights size", mi);
    }
    for (size_t ni = 0; ni < a.nodes.size(); ++ni) {
        const auto& n = a.nodes[ni];
        if (n.parent < -1 || n.parent >= int32_t(a.nodes.size())) return format("node %zu parent", ni);
        if (n.parent >= 0) {
            const auto& ch = a.nodes[size_t(n.parent)].children;
            if (std::find(ch.begin(), ch.end(), int32_t(ni)) == ch.end()) return format("node %zu parent link", ni);
        }
        for (int32_t c : n.children)
            if (c < 0 || c >= int32_t(a.nodes.size()) || a.nodes[size_t(c)].parent != int32_t(ni))
                return format("node %zu child %d", ni, c);
        if (n.mesh < -1 || n.mesh >= int32_t(a.meshes.size())) return format("node %zu mesh", ni);
        if (n.camera < -1 || n.camera >= int32_t(a.cameras.size())) return format("node %zu camera", ni);
        if (n.light < -1 || n.light >= int32_t(a.lights.size())) return format("node %zu light", ni);
        if (n.skin < -1 || n.skin >= int32_t(a.skins.size())) return format("node %zu skin", ni);
    }
    for (size_t si = 0; si < a.scenes.size(); ++si)
        for (int32_t r : a.scenes[si].roots)
            if (r < 0 || r >= int32_t(a.nodes.size()) || a.nodes[size_t(r)].parent != -1)
                return format("scene %zu root %d", si, r);
    if (a.scenes.empty() ? a.defaultScene != -1 : (a.defaultScene < 0 || a.defaultScene >= int32_t(a.scenes.size())))
        return "defaultScene out of range";
    for (size_t si = 0; si < a.skins.size(); ++si) {
        const auto& s = a.skins[si];
        if (s.joints.empty() || s.inverseBindMatrices.size() != s.joints.size()) return format("skin %zu sizes", si);
        for (int32_t j : s.joints)
            if (j < 0 || j >= int32_t(a.nodes.size())) return format("skin %zu joint", si);
    }
    for (size_t ai = 0; ai < a.animations.size(); ++ai) {
        const auto& an = a.animations[ai];
        for (const auto& s : an.samplers) {
            for (size_t k = 1; k < s.times.size(); ++k)
                if (!(s.times[k] > s.times[k - 1])) return format("animation %zu times not increasing", ai);
            size_t per = s.interpolation == scene::Interpolation::CubicSpline ? 3 : 1;
            if (s.values.size() != s.times.size() * per * s.components) return format("animation %zu values", ai);
            if (!s.times.empty() && s.times.back() > an.duration + 1e-6f) return format("animation %zu duration", ai);
        }
        for (const auto& c : an.channels)
            if (c.node < 0 || c.node >= int32_t(a.nodes.size()) || c.sampler < 0 ||
                c.sampler >= int32_t(an.samplers.size()))
                return format("animation %zu channel refs", ai);
    }
    return {};
}

GltfBuilder::GltfBuilder() { doc = {{"asset", {{"version", "2.0"}}}}; }

size_t GltfBuilder::addBytes(const void* data, size_t size, size_t align) {
    while (bin.size() % align) bin.push_back(0);
    size_t offset = bin.size();
    const auto* p = static_cast<const uint8_t*>(data);
    bin.insert(bin.end(), p, p + size);
    return offset;
}

int GltfBuilder::addView(size_t offset, size_t length, size_t stride) {
    nlohmann::json v = {{"buffer", 0}, {"byteOffset", offset}, {"byteLength", length}};
    if (stride) v["byteStride"] = stride;
    doc["bufferViews"].push_back(v);
    return int(doc["bufferViews"].size()) - 1;
}

int GltfBuilder::addAccessorOnView(int view, size_t byteOffset, int componentType, const std::string& type,
                                   size_t count, bool normalized) {
    nlohmann::json a = {{"componentType", componentType}, {"type", type}, {"count", count}};
    if (view >= 0) a["bufferView"] = view;
    if (byteOffset) a["byteOffset"] = byteOffset;
    if (normalized) a["normalized"] = true;
    doc["accessors"].push_back(a);
    return int(doc["accessors"].size()) - 1;
}

int GltfBuilder::addMesh(const nlohmann::json& primitive) {
    doc["meshes"].push_back({{"primitives", nlohmann::json::array({primitive})}});
    return int(doc["meshes"].size()) - 1;
}

int GltfBuilder::addNode(const nlohmann::json& node) {
    doc["nodes"].push_back(node);
    return int(doc["nodes"].size()) - 1;
}

void GltfBuilder::addScene(const std::vector<int>& roots) {
    doc["scenes"].push_back({{"nodes", roots}});
    doc["scene"] = int(doc["scenes"].size()) - 1;
}

std::string GltfBuilder::json() const {
    nlohmann::json d = doc;
    if (!bin.empty()) d["buffers"] = {{{"byteLength", bin.size()}, {"uri", dataUri(bin)}}};
    return d.dump();
}

std::vector<uint8_t> GltfBuilder::glb() const {
    nlohmann::json d = doc;
    if (!bin.empty()) d["buffers"] = {{{"byteLength", bin.size()}}};
    return makeGlb(d.dump(), bin);
}

size_t GltfBuilder::components(const std::string& type) {
    if (type == "SCALAR") return 1;
    if (type == "VEC2") return 2;
    if (type == "VEC3") return 3;
    if (type == "VEC4" || type == "MAT2") return 4;
    if (type == "MAT3") return 9;
    return 16;
}

std::vector<uint8_t> makePng(int w, int h) {
    std::vector<uint8_t> pixels(size_t(w) * h * 4);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = &pixels[(size_t(y) * w + x) * 4];
            p[0] = uint8_t(x);
            p[1] = uint8_t(y);
            p[2] = uint8_t(x + y);
            p[3] = 255;
        }
    std::vector<uint8_t> out;
    stbi_write_png_to_func(
        [](void* ctx, void* data, int size) {
            auto* o = static_cast<std::vector<uint8_t>*>(ctx);
            o->insert(o->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
        },
        &out, w, h, 4, pixels.data(), w * 4);
    return out;
}

TempDir::TempDir() {
    std::random_device rd;
    m_path = fs::temp_directory_path() / format("tv_gltf_test_%08x%08x", rd(), rd());
    fs::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

void TempDir::write(const fs::path& relative, const std::vector<uint8_t>& bytes) const {
    fs::path p = m_path / relative;
    fs::create_directories(p.parent_path());
    std::ofstream f(p, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

void TempDir::write(const fs::path& relative, const std::string& text) const {
    write(relative, std::vector<uint8_t>(text.begin(), text.end()));
}

} // namespace tv::gltf::test
