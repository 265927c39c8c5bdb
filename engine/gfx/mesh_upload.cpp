#include "gfx/mesh_upload.h"

#include "gfx/vk_check.h"

#include "core/log.h"

#include <cstring>

namespace tv::gfx {
namespace {
using namespace shader;

template <class T>
void append(std::vector<uint8_t>& bytes, const std::vector<T>& data, VkDeviceSize& offset) {
    // 16-byte aligned starts keep every stream's offset valid for any attribute format.
    size_t start = (bytes.size() + 15) & ~size_t(15);
    bytes.resize(start + data.size() * sizeof(T));
    if (!data.empty()) std::memcpy(bytes.data() + start, data.data(), data.size() * sizeof(T));
    offset = start;
}
} // namespace

VkFormat attributeFormat(uint32_t a) {
    switch (a) {
    case kAttrPosition:
    case kAttrNormal: return VK_FORMAT_R32G32B32_SFLOAT;
    case kAttrUv0:
    case kAttrUv1: return VK_FORMAT_R32G32_SFLOAT;
    case kAttrJoints: return VK_FORMAT_R32G32B32A32_UINT;
    default: return VK_FORMAT_R32G32B32A32_SFLOAT;
    }
}

uint32_t attributeStride(uint32_t a) {
    switch (a) {
    case kAttrPosition:
    case kAttrNormal: return 12;
    case kAttrUv0:
    case kAttrUv1: return 8;
    default: return 16;
    }
}

std::vector<uint8_t> defaultStreamBytes() {
    std::vector<uint8_t> bytes(kAttrCount * 16, 0);
    auto put = [&](uint32_t a, vec4 v) { std::memcpy(bytes.data() + a * 16, &v, sizeof(v)); };
    put(kAttrNormal, vec4(0, 0, 1, 0));
    put(kAttrTangent, vec4(1, 0, 0, 1));
    put(kAttrColor, vec4(1, 1, 1, 1));
    return bytes;
}

VkDeviceSize defaultStreamOffset(uint32_t attribute) { return VkDeviceSize(attribute) * 16; }

Expected<void> uploadGeometry(GpuCore& gpu, Uploader& uploader, const scene::Asset& asset, AssetGpu& out) {
    std::vector<uint8_t> vertexBytes;
    std::vector<uint32_t> indices;
    std::vector<vec4> morph;
    out.meshes.resize(asset.meshes.size());
    uint32_t defaultMaterial = uint32_t(asset.materials.size());
    for (size_t m = 0; m < asset.meshes.size(); ++m) {
        const scene::Mesh& mesh = asset.meshes[m];
        auto& prims = out.meshes[m];
        prims.resize(mesh.primitives.size());
        for (size_t p = 0; p < mesh.primitives.size(); ++p) {
            const scene::Primitive& src = mesh.primitives[p];
            PrimitiveGpu& dst = prims[p];
            size_t n = src.positions.size();
            dst.vertexCount = uint32_t(n);
            dst.topology = src.topology;
            dst.material = src.material >= 0 && size_t(src.material) < asset.materials.size() ? uint32_t(src.material)
                                                                                              : defaultMaterial;
            dst.localCenter = src.bounds.empty() ? vec3(0.0f) : src.bounds.center();
            auto stream = [&](uint32_t attr, const auto& data) {
                if (data.empty() || data.size() != n) return;
                append(vertexBytes, data, dst.streamOffset[attr]);
                dst.presentStreams |= 1u << attr;
            };
            stream(kAttrPosition, src.positions);
            stream(kAttrNormal, src.normals);
            stream(kAttrTangent, src.tangents);
            stream(kAttrUv0, src.texcoords0);
            stream(kAttrUv1, src.texcoords1);
            stream(kAttrColor, src.colors0);
            stream(kAttrJoints, src.joints0);
            stream(kAttrWeights, src.weights0);
            dst.indexOffset = indices.size() * sizeof(uint32_t);
            dst.indexCount = uint32_t(src.indices.size());
            indices.insert(indices.end(), src.indices.begin(), src.indices.end());
            if (!src.targets.empty()) {
                dst.morphBase = uint32_t(morph.size());
                dst.morphTargets = uint32_t(src.targets.size());
                morph.resize(morph.size() + src.targets.size() * 3 * n, vec4(0.0f));
                for (size_t t = 0; t < src.targets.size(); ++t) {
                    const scene::MorphTarget& target = src.targets[t];
                    const std::vector<vec3>* attrs[3] = {&target.positions, &target.normals, &target.tangents};
                    for (size_t a = 0; a < 3; ++a) {
                        if (attrs[a]->size() != n) continue;
                        vec4* base = morph.data() + dst.morphBase + (t * 3 + a) * n;
                        for (size_t v = 0; v < n; ++v) base[v] = vec4((*attrs[a])[v], 0.0f);
                    }
                }
            }
        }
    }
    if (vertexBytes.empty()) vertexBytes.resize(16);
    if (indices.empty()) indices.push_back(0);
    if (morph.empty()) morph.push_back(vec4(0.0f));

    std::string label =
        asset.sourcePath.empty() ? format("asset %llu", (unsigned long long)asset.id) : asset.sourcePath;
    auto vb =
        createBuffer(gpu, vertexBytes.size(), VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                     MemoryUsage::DeviceLocal, label + " vertices");
    if (!vb) return vb.error();
    out.vertices = *vb;
    auto ib = createBuffer(gpu, indices.size() * sizeof(uint32_t),
                           VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                           MemoryUsage::DeviceLocal, label + " indices");
    if (!ib) return ib.error();
    out.indices = *ib;
    auto mb = createBuffer(gpu, morph.size() * sizeof(vec4),
                           VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                           MemoryUsage::DeviceLocal, label + " morph deltas");
    if (!mb) return mb.error();
    out.morph = *mb;
    TV_TRY(uploader.uploadBuffer(out.vertices, 0, vertexBytes.data(), vertexBytes.size()));
    TV_TRY(uploader.uploadBuffer(out.indices, 0, indices.data(), indices.size() * sizeof(uint32_t)));
    TV_TRY(uploader.uploadBuffer(out.morph, 0, morph.data(), morph.size() * sizeof(vec4)));
    out.bytes += vertexBytes.size() + indices.size() * 4 + morph.size() * 16;
    return {};
}

} // namespace tv::gfx
