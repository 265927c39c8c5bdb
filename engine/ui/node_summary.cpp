#include "ui/node_summary.h"

#include "core/log.h"

#include <algorithm>

namespace tv::ui {

MeshStats meshStats(const scene::Mesh& mesh) {
    MeshStats s;
    s.primitives = uint32_t(mesh.primitives.size());
    for (const scene::Primitive& p : mesh.primitives) {
        s.vertices += p.positions.size();
        switch (p.topology) {
        case scene::Topology::Triangles: s.triangles += p.indices.size() / 3; break;
        case scene::Topology::Lines: s.lines += p.indices.size() / 2; break;
        case scene::Topology::Points: s.points += p.indices.size(); break;
        }
        s.morphTargets = std::max(s.morphTargets, uint32_t(p.targets.size()));
    }
    return s;
}

std::vector<int32_t> meshMaterials(const scene::Mesh& mesh) {
    std::vector<int32_t> out;
    for (const scene::Primitive& p : mesh.primitives)
        if (std::find(out.begin(), out.end(), p.material) == out.end()) out.push_back(p.material);
    return out;
}

std::string materialSummary(const scene::Asset& asset, int32_t material) {
    if (material < 0 || size_t(material) >= asset.materials.size()) return "default material";
    const scene::Material& m = asset.materials[size_t(material)];
    const char* alpha = m.alphaMode == scene::AlphaMode::Opaque ? "opaque"
                        : m.alphaMode == scene::AlphaMode::Mask ? "mask"
                                                                : "blend";
    std::string textures;
    auto tex = [&](const scene::TextureRef& t, const char* what) {
        if (t.valid()) textures += std::string(" ") + what;
    };
    tex(m.baseColorTexture, "base");
    tex(m.metallicRoughnessTexture, "metal-rough");
    tex(m.normalTexture, "normal");
    tex(m.occlusionTexture, "occlusion");
    tex(m.emissiveTexture, "emissive");
    const vec4& c = m.baseColorFactor;
    std::string text = tv::format("%s (#%d): base (%.2f, %.2f, %.2f, %.2f), metal %.2f, rough %.2f, %s",
                                  m.name.empty() ? "unnamed" : m.name.c_str(), material, c.r, c.g, c.b, c.a,
                                  m.metallicFactor, m.roughnessFactor, alpha);
    if (m.unlit) text += ", unlit";
    if (m.doubleSided) text += ", double-sided";
    if (!textures.empty()) text += ", textures:" + textures;
    return text;
}

} // namespace tv::ui
