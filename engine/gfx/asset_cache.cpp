#include "gfx/asset_cache.h"

#include "gfx/mesh_upload.h"
#include "gfx/pipelines.h"
#include "gfx/retire_list.h"
#include "gfx/vk_check.h"
#include "gfx/vk_context.h"

#include "core/assert.h"
#include "core/log.h"

#include <array>
#include <cmath>
#include <cstring>

namespace tv::gfx {
using namespace shader;

AssetCache::AssetCache(GpuCore& gpu, Uploader& uploader, Pipelines& pipelines, SamplerCache& samplers,
                       const DefaultTextures& defaults)
    : m_gpu(gpu), m_uploader(uploader), m_pipelines(pipelines), m_samplers(samplers), m_defaults(defaults) {}

AssetCache::~AssetCache() { TV_ASSERT(m_assets.empty(), "AssetCache destroyed before releaseAll()"); }

Expected<AssetGpu*> AssetCache::acquire(const scene::Asset& asset) {
    auto it = m_assets.find(asset.id);
    if (it != m_assets.end()) return it->second.get();
    if (auto failed = m_failed.find(asset.id); failed != m_failed.end()) return failed->second;
    auto gpuAsset = std::make_unique<AssetGpu>();
    gpuAsset->assetId = asset.id;
    auto r = build(asset, *gpuAsset);
    if (!r) {
        // Nothing was submitted that uses the partial resources; hand them to the retire list anyway so the order
        // of destruction stays uniform.
        retireAsset(*gpuAsset);
        return makeError(r.error().code,
                         format("uploading %s: %s", asset.sourcePath.c_str(), r.error().message.c_str()));
    }
    logDebug("gfx: uploaded asset %llu (%s), %.1f MiB", (unsigned long long)asset.id, asset.sourcePath.c_str(),
             double(gpuAsset->bytes) / (1024.0 * 1024.0));
    AssetGpu* p = gpuAsset.get();
    m_assets[asset.id] = std::move(gpuAsset);
    return p;
}

Expected<void> AssetCache::build(const scene::Asset& asset, AssetGpu& out) {
    auto cmd = m_uploader.begin();
    if (!cmd) return cmd.error();
    auto geometry = uploadGeometry(m_gpu, m_uploader, asset, out);
    if (geometry) geometry = buildMaterials(asset, out);
    auto submitted = m_uploader.submitAndWait(); // always: the staging buffers must not outlive the batch
    if (!geometry) return geometry;
    return submitted;
}

namespace {
void setUvTransform(MaterialUniforms& u, uint32_t slot, const scene::TextureRef& ref) {
    // uv' = T * R * S * uv with the KHR_texture_transform matrix: rows (c*sx, s*sy, ox), (-s*sx, c*sy, oy).
    float c = 1.0f, s = 0.0f;
    vec2 scale{1.0f}, offset{0.0f};
    if (ref.transform.present) {
        c = std::cos(ref.transform.rotation);
        s = std::sin(ref.transform.rotation);
        scale = ref.transform.scale;
        offset = ref.transform.offset;
    }
    u.uvTransform[2 * slot] = vec4(c * scale.x, s * scale.y, offset.x, 0.0f);
    u.uvTransform[2 * slot + 1] = vec4(-s * scale.x, c * scale.y, offset.y, 0.0f);
}
} // namespace

Expected<void> AssetCache::buildMaterials(const scene::Asset& asset, AssetGpu& out) {
    size_t count = asset.materials.size() + 1; // + the glTF default material
    VkDeviceSize align = m_gpu.ctx.properties().limits.minUniformBufferOffsetAlignment;
    out.materialStride = (sizeof(MaterialUniforms) + align - 1) / align * align;
    std::vector<uint8_t> uniformBytes(out.materialStride * count, 0);

    std::array<VkDescriptorPoolSize, 3> sizes = {{
        {VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, uint32_t(count)},
        {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, uint32_t(count * kMaterialTextureCount)},
        {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1},
    }};
    VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pci.maxSets = uint32_t(count + 1);
    pci.poolSizeCount = uint32_t(sizes.size());
    pci.pPoolSizes = sizes.data();
    TV_VK_TRY(vkCreateDescriptorPool(m_gpu.device(), &pci, nullptr, &out.pool));
    noteDescriptorPoolCreated();
    m_gpu.ctx.name(out.pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, asset.sourcePath + " descriptor pool");

    auto ub =
        createBuffer(m_gpu, uniformBytes.size(), VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                     MemoryUsage::DeviceLocal, asset.sourcePath + " materials");
    if (!ub) return ub.error();
    out.materialUniforms = *ub;

    VkDescriptorSetLayout geometryLayout = m_pipelines.geometryLayout();
    VkDescriptorSetAllocateInfo gai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    gai.descriptorPool = out.pool;
    gai.descriptorSetCount = 1;
    gai.pSetLayouts = &geometryLayout;
    TV_VK_TRY(vkAllocateDescriptorSets(m_gpu.device(), &gai, &out.geometrySet));
    VkDescriptorBufferInfo morphInfo{out.morph.buffer, 0, VK_WHOLE_SIZE};
    VkWriteDescriptorSet gw{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    gw.dstSet = out.geometrySet;
    gw.dstBinding = kBindingMorphDeltas;
    gw.descriptorCount = 1;
    gw.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    gw.pBufferInfo = &morphInfo;
    vkUpdateDescriptorSets(m_gpu.device(), 1, &gw, 0, nullptr);

    VkSampler defaultSampler = VK_NULL_HANDLE;
    {
        auto s = m_samplers.get(scene::Sampler{});
        if (!s) return s.error();
        defaultSampler = *s;
    }
    // One colour space per glTF texture, like the Khronos Sample Renderer (one GL texture object per glTF
    // texture): a texture that any material also uses in a linear slot (metal-rough, normal, occlusion,
    // transmission) is sampled linearly everywhere, even as base colour. Assets that share one texture between base
    // colour and occlusion (the VC sample) only match the reference this way.
    std::vector<bool> linearUse(asset.textures.size(), false);
    for (const scene::Material& mat : asset.materials)
        for (const scene::TextureRef* ref :
             {&mat.metallicRoughnessTexture, &mat.normalTexture, &mat.occlusionTexture, &mat.transmissionTexture})
            if (ref->valid() && size_t(ref->texture) < linearUse.size()) linearUse[size_t(ref->texture)] = true;
    out.materials.resize(count);
    static const scene::Material kDefaultMaterial{};
    for (size_t m = 0; m < count; ++m) {
        const scene::Material& mat = m < asset.materials.size() ? asset.materials[m] : kDefaultMaterial;
        MaterialUniforms u{};
        u.baseColorFactor = mat.baseColorFactor;
        u.emissive = vec4(mat.emissiveFactor * mat.emissiveStrength, 0.0f);
        float f0 = (mat.ior - 1.0f) / (mat.ior + 1.0f);
        u.params = vec4(mat.metallicFactor, mat.roughnessFactor, mat.alphaCutoff, f0 * f0);
        uint32_t alphaMode = mat.alphaMode == scene::AlphaMode::Mask    ? kAlphaMask
                             : mat.alphaMode == scene::AlphaMode::Blend ? kAlphaBlend
                                                                        : kAlphaOpaque;
        uint32_t features = mat.unlit ? kMatUnlit : 0u;
        uint32_t uvSets = 0;
        u.scales = vec4(mat.normalTexture.scale, mat.occlusionTexture.scale, mat.transmissionFactor, mat.ior);

        const scene::TextureRef* refs[kMaterialTextureCount] = {&mat.baseColorTexture, &mat.metallicRoughnessTexture,
                                                                &mat.normalTexture,    &mat.occlusionTexture,
                                                                &mat.emissiveTexture,  &mat.transmissionTexture};
        const bool srgb[kMaterialTextureCount] = {true, false, false, false, true, false};
        const uint32_t hasBits[kMaterialTextureCount] = {kMatHasBaseColorTex, kMatHasMetalRoughTex,
                                                         kMatHasNormalTex,    kMatHasOcclusionTex,
                                                         kMatHasEmissiveTex,  kMatHasTransmissionTex};
        std::array<VkDescriptorImageInfo, kMaterialTextureCount> imageInfos{};
        for (uint32_t t = 0; t < kMaterialTextureCount; ++t) {
            const scene::TextureRef& ref = *refs[t];
            imageInfos[t] = {defaultSampler, srgb[t] ? m_defaults.whiteSrgb.view : m_defaults.whiteLinear.view,
                             VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
            setUvTransform(u, t, ref);
            if (!ref.valid() || size_t(ref.texture) >= asset.textures.size()) continue;
            bool wantSrgb = srgb[t] && !linearUse[size_t(ref.texture)];
            const scene::Texture& tex = asset.textures[size_t(ref.texture)];
            auto image = textureImage(m_gpu, m_uploader, asset, out, tex.image, wantSrgb);
            if (!image) return image.error();
            if (!*image) continue;
            auto sampler = m_samplers.get(tex.sampler);
            if (!sampler) return sampler.error();
            imageInfos[t] = {*sampler, (*image)->view, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
            features |= hasBits[t];
            if (ref.texCoord == 1) uvSets |= 1u << t;
        }
        u.flags = uvec4(alphaMode, features, uvSets, 0u);
        std::memcpy(uniformBytes.data() + m * out.materialStride, &u, sizeof(u));

        MaterialGpu& mg = out.materials[m];
        mg.alphaMode = mat.alphaMode;
        mg.doubleSided = mat.doubleSided;
        mg.transmissive = mat.transmissionFactor > 0.0f && !mat.unlit;
        VkDescriptorSetLayout layout = m_pipelines.materialLayout();
        VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        ai.descriptorPool = out.pool;
        ai.descriptorSetCount = 1;
        ai.pSetLayouts = &layout;
        TV_VK_TRY(vkAllocateDescriptorSets(m_gpu.device(), &ai, &mg.set));
        VkDescriptorBufferInfo bufferInfo{out.materialUniforms.buffer, m * out.materialStride,
                                          sizeof(MaterialUniforms)};
        std::array<VkWriteDescriptorSet, kMaterialBindingCount> writes{};
        for (uint32_t b = 0; b < kMaterialBindingCount; ++b) {
            writes[b] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
            writes[b].dstSet = mg.set;
            writes[b].dstBinding = b;
            writes[b].descriptorCount = 1;
            if (b == kBindingMaterial) {
                writes[b].descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
                writes[b].pBufferInfo = &bufferInfo;
            } else {
                writes[b].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
                writes[b].pImageInfo = &imageInfos[b - 1];
            }
        }
        vkUpdateDescriptorSets(m_gpu.device(), uint32_t(writes.size()), writes.data(), 0, nullptr);
    }
    TV_TRY(m_uploader.uploadBuffer(out.materialUniforms, 0, uniformBytes.data(), uniformBytes.size()));
    return {};
}

void AssetCache::retireAsset(AssetGpu& a) {
    uint64_t value = std::max(a.lastUsedValue, m_gpu.ctx.lastSubmitted());
    RetireList& r = m_gpu.retire;
    r.retire(value, a.vertices);
    r.retire(value, a.indices);
    r.retire(value, a.morph);
    r.retire(value, a.materialUniforms);
    for (Image& img : a.images) r.retire(value, img);
    r.retire(value, a.pool);
    a = AssetGpu{};
}

size_t AssetCache::releaseUnused(uint64_t currentFrame, uint64_t releaseAfterFrames) {
    size_t released = 0;
    for (auto it = m_assets.begin(); it != m_assets.end();) {
        if (currentFrame > it->second->lastUsedFrame + releaseAfterFrames) {
            logDebug("gfx: releasing asset %llu (unused for %llu frames)", (unsigned long long)it->first,
                     (unsigned long long)(currentFrame - it->second->lastUsedFrame));
            retireAsset(*it->second);
            it = m_assets.erase(it);
            ++released;
        } else {
            ++it;
        }
    }
    return released;
}

void AssetCache::releaseAll() {
    for (auto& [id, a] : m_assets) retireAsset(*a);
    m_assets.clear();
}

} // namespace tv::gfx
