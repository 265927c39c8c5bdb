#include "gfx/environment.h"

#include "gfx/pipelines.h"
#include "gfx/retire_list.h"
#include "gfx/texture_cache.h"
#include "gfx/upload.h"
#include "gfx/vk_barriers.h"
#include "gfx/vk_check.h"
#include "gfx/vk_context.h"

#include "core/log.h"

#include <array>
#include <vector>

namespace tv::gfx {
namespace {
constexpr uint32_t kLutSize = 128;
constexpr uint32_t kSkySize = 256;
constexpr uint32_t kIrradianceSize = 32;
constexpr uint32_t kPrefilteredSize = 128;
constexpr uint32_t kPrefilteredMips = 6; // 128 .. 4 texels; roughness = mip / (mips - 1)

// Temporary objects of one start-up compute batch, destroyed after the batch completed (it is waited on).
struct ComputeScratch {
    VkDevice device = VK_NULL_HANDLE;
    std::vector<VkPipeline> pipelines;
    std::vector<VkPipelineLayout> layouts;
    std::vector<VkDescriptorSetLayout> setLayouts;
    std::vector<VkImageView> views;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    ~ComputeScratch() {
        for (VkPipeline p : pipelines) vkDestroyPipeline(device, p, nullptr);
        for (VkPipelineLayout l : layouts) vkDestroyPipelineLayout(device, l, nullptr);
        for (VkDescriptorSetLayout l : setLayouts) vkDestroyDescriptorSetLayout(device, l, nullptr);
        for (VkImageView v : views) destroyImageView(device, v);
        if (pool) destroyDescriptorPool(device, pool);
    }
};

Expected<VkDescriptorSetLayout> makeSetLayout(VulkanContext& ctx, bool withSampler, ComputeScratch& scratch) {
    std::vector<VkDescriptorSetLayoutBinding> bindings;
    if (withSampler)
        bindings.push_back({0, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr});
    bindings.push_back(
        {withSampler ? 1u : 0u, VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, 1, VK_SHADER_STAGE_COMPUTE_BIT, nullptr});
    VkDescriptorSetLayoutCreateInfo li{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    li.bindingCount = uint32_t(bindings.size());
    li.pBindings = bindings.data();
    VkDescriptorSetLayout layout = VK_NULL_HANDLE;
    TV_VK_TRY(vkCreateDescriptorSetLayout(ctx.device(), &li, nullptr, &layout));
    scratch.setLayouts.push_back(layout);
    return layout;
}

Expected<VkDescriptorPool> makePool(VulkanContext& ctx, uint32_t sets, ComputeScratch& scratch) {
    std::array<VkDescriptorPoolSize, 2> sizes = {
        {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, sets}, {VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, sets}}};
    VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pci.maxSets = sets;
    pci.poolSizeCount = 2;
    pci.pPoolSizes = sizes.data();
    TV_VK_TRY(vkCreateDescriptorPool(ctx.device(), &pci, nullptr, &scratch.pool));
    noteDescriptorPoolCreated();
    ctx.name(scratch.pool, VK_OBJECT_TYPE_DESCRIPTOR_POOL, "environment build descriptors");
    return scratch.pool;
}

Expected<VkDescriptorSet> makeSet(VulkanContext& ctx, VkDescriptorPool pool, VkDescriptorSetLayout layout,
                                  VkSampler sampler, VkImageView sampled, VkImageView storage) {
    VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    ai.descriptorPool = pool;
    ai.descriptorSetCount = 1;
    ai.pSetLayouts = &layout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    TV_VK_TRY(vkAllocateDescriptorSets(ctx.device(), &ai, &set));
    VkDescriptorImageInfo sampledInfo{sampler, sampled, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL};
    VkDescriptorImageInfo storageInfo{VK_NULL_HANDLE, storage, VK_IMAGE_LAYOUT_GENERAL};
    std::vector<VkWriteDescriptorSet> writes;
    VkWriteDescriptorSet w{VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
    w.dstSet = set;
    w.descriptorCount = 1;
    if (sampled) {
        w.dstBinding = 0;
        w.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
        w.pImageInfo = &sampledInfo;
        writes.push_back(w);
    }
    w.dstBinding = sampled ? 1 : 0;
    w.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_IMAGE;
    w.pImageInfo = &storageInfo;
    writes.push_back(w);
    vkUpdateDescriptorSets(ctx.device(), uint32_t(writes.size()), writes.data(), 0, nullptr);
    return set;
}

uint32_t groups(uint32_t n) { return (n + 7) / 8; }
} // namespace

Expected<std::unique_ptr<Environment>> Environment::create(GpuCore& gpu, Uploader& uploader, Pipelines& pipelines,
                                                           float neutralRadiance) {
    std::unique_ptr<Environment> env(new Environment(gpu, uploader, pipelines));
    TV_TRY(env->buildLut());
    TV_TRY(env->buildNeutral(neutralRadiance));
    return env;
}

Environment::~Environment() {
    uint64_t value = m_gpu.ctx.lastSubmitted();
    for (Image* img :
         {&m_lut, &m_neutralIrradiance, &m_neutralPrefiltered, &m_sky, &m_skyIrradiance, &m_skyPrefiltered})
        m_gpu.retire.retire(value, *img);
}

EnvironmentMaps Environment::neutral() const {
    return EnvironmentMaps{&m_neutralIrradiance, &m_neutralIrradiance, &m_neutralPrefiltered, 1};
}

Expected<EnvironmentMaps> Environment::sky(const vec3& sunDirection) {
    if (!m_skyBuilt) {
        TV_TRY(buildSky(sunDirection));
        m_skyBuilt = true;
    }
    return EnvironmentMaps{&m_sky, &m_skyIrradiance, &m_skyPrefiltered, kPrefilteredMips};
}

Expected<VkPipeline> Environment::computePipeline(const char* shaderName, VkDescriptorSetLayout setLayout,
                                                  uint32_t pushBytes, VkPipelineLayout& layoutOut) {
    auto module = m_pipelines.shader(shaderName);
    if (!module) return module.error();
    VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, pushBytes};
    VkPipelineLayoutCreateInfo pli{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    pli.setLayoutCount = 1;
    pli.pSetLayouts = &setLayout;
    pli.pushConstantRangeCount = pushBytes ? 1 : 0;
    pli.pPushConstantRanges = &push;
    TV_VK_TRY(vkCreatePipelineLayout(m_gpu.device(), &pli, nullptr, &layoutOut));
    VkComputePipelineCreateInfo ci{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    ci.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
    ci.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    ci.stage.module = *module;
    ci.stage.pName = "main";
    ci.layout = layoutOut;
    VkPipeline pipeline = VK_NULL_HANDLE;
    TV_VK_TRY(vkCreateComputePipelines(m_gpu.device(), VK_NULL_HANDLE, 1, &ci, nullptr, &pipeline));
    m_gpu.ctx.name(pipeline, VK_OBJECT_TYPE_PIPELINE, std::string(shaderName) + " pipeline");
    return pipeline;
}

Expected<void> Environment::buildLut() {
    ImageDesc desc;
    desc.format = VK_FORMAT_R16G16_SFLOAT;
    desc.width = desc.height = kLutSize;
    desc.usage = VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    auto lut = createImage(m_gpu, desc, "GGX split-sum LUT");
    if (!lut) return lut.error();
    m_lut = *lut;

    ComputeScratch scratch;
    scratch.device = m_gpu.device();
    auto setLayout = makeSetLayout(m_gpu.ctx, false, scratch);
    if (!setLayout) return setLayout.error();
    VkPipelineLayout layout = VK_NULL_HANDLE;
    auto pipeline = computePipeline("brdf_lut.comp", *setLayout, 0, layout);
    if (layout) scratch.layouts.push_back(layout);
    if (!pipeline) return pipeline.error();
    scratch.pipelines.push_back(*pipeline);
    auto pool = makePool(m_gpu.ctx, 1, scratch);
    if (!pool) return pool.error();
    auto set = makeSet(m_gpu.ctx, *pool, *setLayout, VK_NULL_HANDLE, VK_NULL_HANDLE, m_lut.view);
    if (!set) return set.error();

    auto cmd = m_uploader.begin();
    if (!cmd) return cmd.error();
    transitionImage(*cmd, {m_lut.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_GENERAL,
                           VK_PIPELINE_STAGE_2_NONE, 0, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                           VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT});
    vkCmdBindPipeline(*cmd, VK_PIPELINE_BIND_POINT_COMPUTE, *pipeline);
    vkCmdBindDescriptorSets(*cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout, 0, 1, &*set, 0, nullptr);
    vkCmdDispatch(*cmd, groups(kLutSize), groups(kLutSize), 1);
    transitionImage(*cmd, {m_lut.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_GENERAL,
                           VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                           VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                           VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    return m_uploader.submitAndWait();
}

Expected<void> Environment::buildNeutral(float radiance) {
    ImageDesc desc;
    desc.format = VK_FORMAT_R16G16B16A16_SFLOAT;
    desc.width = desc.height = 1;
    desc.layers = 6;
    desc.cube = true;
    desc.usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    auto irr = createImage(m_gpu, desc, "neutral irradiance (uniform)");
    if (!irr) return irr.error();
    m_neutralIrradiance = *irr;
    auto pre = createImage(m_gpu, desc, "neutral prefiltered (uniform)");
    if (!pre) return pre.error();
    m_neutralPrefiltered = *pre;

    auto cmd = m_uploader.begin();
    if (!cmd) return cmd.error();
    VkClearColorValue value{};
    value.float32[0] = value.float32[1] = value.float32[2] = radiance;
    value.float32[3] = 1.0f;
    VkImageSubresourceRange range{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 6};
    for (const Image* img : {&m_neutralIrradiance, &m_neutralPrefiltered}) {
        transitionImage(*cmd, {img->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                               VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, 0,
                               VK_PIPELINE_STAGE_2_CLEAR_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT});
        vkCmdClearColorImage(*cmd, img->image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &value, 1, &range);
        transitionImage(*cmd, {img->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                               VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_CLEAR_BIT,
                               VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                               VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    }
    return m_uploader.submitAndWait();
}

Expected<void> Environment::buildSky(const vec3& sunDirection) {
    uint32_t skyMips = 0;
    for (uint32_t s = kSkySize; s > 0; s >>= 1) ++skyMips;
    ImageDesc desc;
    desc.format = VK_FORMAT_R16G16B16A16_SFLOAT;
    desc.layers = 6;
    desc.cube = true;
    desc.width = desc.height = kSkySize;
    desc.mipLevels = skyMips;
    desc.usage = VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT |
                 VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    auto sky = createImage(m_gpu, desc, "procedural sky");
    if (!sky) return sky.error();
    m_sky = *sky;
    desc.width = desc.height = kIrradianceSize;
    desc.mipLevels = 1;
    desc.usage = VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    auto irr = createImage(m_gpu, desc, "sky irradiance");
    if (!irr) return irr.error();
    m_skyIrradiance = *irr;
    desc.width = desc.height = kPrefilteredSize;
    desc.mipLevels = kPrefilteredMips;
    auto pre = createImage(m_gpu, desc, "sky prefiltered GGX");
    if (!pre) return pre.error();
    m_skyPrefiltered = *pre;

    ComputeScratch scratch;
    scratch.device = m_gpu.device();
    auto storageOnly = makeSetLayout(m_gpu.ctx, false, scratch);
    if (!storageOnly) return storageOnly.error();
    auto samplerStorage = makeSetLayout(m_gpu.ctx, true, scratch);
    if (!samplerStorage) return samplerStorage.error();
    VkPipelineLayout skyLayout = VK_NULL_HANDLE, irrLayout = VK_NULL_HANDLE, preLayout = VK_NULL_HANDLE;
    auto skyPipe = computePipeline("sky.comp", *storageOnly, 16, skyLayout);
    if (skyLayout) scratch.layouts.push_back(skyLayout);
    if (!skyPipe) return skyPipe.error();
    scratch.pipelines.push_back(*skyPipe);
    auto irrPipe = computePipeline("irradiance.comp", *samplerStorage, 16, irrLayout);
    if (irrLayout) scratch.layouts.push_back(irrLayout);
    if (!irrPipe) return irrPipe.error();
    scratch.pipelines.push_back(*irrPipe);
    auto prePipe = computePipeline("prefilter.comp", *samplerStorage, 16, preLayout);
    if (preLayout) scratch.layouts.push_back(preLayout);
    if (!prePipe) return prePipe.error();
    scratch.pipelines.push_back(*prePipe);
    auto pool = makePool(m_gpu.ctx, 2 + kPrefilteredMips, scratch);
    if (!pool) return pool.error();

    SamplerCache samplers(m_gpu);
    auto sampler = samplers.linearClamp();
    if (!sampler) return sampler.error();

    // Storage views: one 2D-array view per written mip.
    auto arrayView = [&](const Image& img, uint32_t mip) -> Expected<VkImageView> {
        auto v = createImageView(m_gpu, img, VK_IMAGE_VIEW_TYPE_2D_ARRAY, mip, 1, 0, 6, "environment storage view");
        if (v) scratch.views.push_back(*v);
        return v;
    };
    auto skyMip0 = arrayView(m_sky, 0);
    if (!skyMip0) return skyMip0.error();
    auto irrView = arrayView(m_skyIrradiance, 0);
    if (!irrView) return irrView.error();
    auto skySet = makeSet(m_gpu.ctx, *pool, *storageOnly, VK_NULL_HANDLE, VK_NULL_HANDLE, *skyMip0);
    if (!skySet) return skySet.error();
    auto irrSet = makeSet(m_gpu.ctx, *pool, *samplerStorage, *sampler, m_sky.view, *irrView);
    if (!irrSet) return irrSet.error();
    std::vector<VkDescriptorSet> preSets;
    for (uint32_t mip = 0; mip < kPrefilteredMips; ++mip) {
        auto view = arrayView(m_skyPrefiltered, mip);
        if (!view) return view.error();
        auto set = makeSet(m_gpu.ctx, *pool, *samplerStorage, *sampler, m_sky.view, *view);
        if (!set) return set.error();
        preSets.push_back(*set);
    }

    auto cmdOr = m_uploader.begin();
    if (!cmdOr) return cmdOr.error();
    VkCommandBuffer cmd = *cmdOr;
    // 1. Sky into mip 0, then the mip chain by blits.
    transitionImage(cmd, {m_sky.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_GENERAL,
                          VK_PIPELINE_STAGE_2_NONE, 0, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                          VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, 0, 1, 0, 6});
    transitionImage(cmd, {m_sky.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                          VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, 0,
                          VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, 1, skyMips - 1, 0, 6});
    vec4 sunPush(glm::normalize(sunDirection), 0.0f);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, *skyPipe);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, skyLayout, 0, 1, &*skySet, 0, nullptr);
    vkCmdPushConstants(cmd, skyLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, 16, &sunPush);
    vkCmdDispatch(cmd, groups(kSkySize), groups(kSkySize), 6);
    transitionImage(cmd, {m_sky.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_GENERAL,
                          VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                          VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                          VK_ACCESS_2_TRANSFER_READ_BIT | VK_ACCESS_2_TRANSFER_WRITE_BIT, 0, 1, 0, 6});
    generateMips(cmd, m_sky, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                 VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);

    // 2. Irradiance and the prefiltered chain, read from the sky.
    for (const Image* img : {&m_skyIrradiance, &m_skyPrefiltered})
        transitionImage(cmd, {img->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_GENERAL,
                              VK_PIPELINE_STAGE_2_NONE, 0, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                              VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT});
    vec4 irrPush(float(skyMips > 4 ? skyMips - 4 : 0), 0, 0, 0); // ~16x16 per face: plenty for a cosine lobe
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, *irrPipe);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, irrLayout, 0, 1, &*irrSet, 0, nullptr);
    vkCmdPushConstants(cmd, irrLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, 16, &irrPush);
    vkCmdDispatch(cmd, groups(kIrradianceSize), groups(kIrradianceSize), 6);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, *prePipe);
    for (uint32_t mip = 0; mip < kPrefilteredMips; ++mip) {
        uint32_t size = std::max(kPrefilteredSize >> mip, 1u);
        vec4 push(float(mip) / float(kPrefilteredMips - 1), float(kSkySize), 0, 0);
        vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, preLayout, 0, 1, &preSets[mip], 0, nullptr);
        vkCmdPushConstants(cmd, preLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, 16, &push);
        vkCmdDispatch(cmd, groups(size), groups(size), 6);
    }
    for (const Image* img : {&m_skyIrradiance, &m_skyPrefiltered})
        transitionImage(cmd, {img->image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_GENERAL,
                              VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                              VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                              VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    auto r = m_uploader.submitAndWait();
    logInfo("gfx: procedural sky environment built (%u^2 sky, %u^2 x %u mips prefiltered)", kSkySize, kPrefilteredSize,
            kPrefilteredMips);
    return r;
}

} // namespace tv::gfx
