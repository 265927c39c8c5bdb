#include "gfx/pipelines.h"

#include "gfx/mesh_upload.h"
#include "gfx/vk_check.h"
#include "gfx/vk_context.h"
#include "shaders/shader_interface.h"
#include "shaders/shader_registry.h"

#include "core/assert.h"
#include "core/log.h"

#include <array>
#include <vector>

namespace tv::gfx {
using namespace shader;

uint64_t PipelineKey::hash() const {
    uint64_t h = uint64_t(pass) | (uint64_t(topology) << 4) | (uint64_t(sectioned) << 7) | (uint64_t(blend) << 8) |
                 (uint64_t(samples) << 9) | (uint64_t(viewMask & 0xff) << 16);
    h ^= uint64_t(colorFormat) << 24;
    h ^= uint64_t(depthFormat) << 44;
    return h;
}

Expected<std::unique_ptr<Pipelines>> Pipelines::create(VulkanContext& ctx) {
    std::unique_ptr<Pipelines> p(new Pipelines(ctx));
    auto r = p->init();
    if (!r) return r.error();
    return p;
}

Expected<void> Pipelines::init() {
    VkDevice device = m_ctx.device();
    const VkShaderStageFlags vf = VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
    std::array<VkDescriptorSetLayoutBinding, kFrameBindingCount> frame{};
    frame[kBindingFrame] = {kBindingFrame, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, vf, nullptr};
    frame[kBindingInstances] = {kBindingInstances, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT,
                                nullptr};
    frame[kBindingJoints] = {kBindingJoints, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT, nullptr};
    frame[kBindingWeights] = {kBindingWeights, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_VERTEX_BIT,
                              nullptr};
    for (uint32_t b : {kBindingBrdfLut, kBindingIrradiance, kBindingPrefiltered, kBindingShadowMap, kBindingSky,
                       kBindingTransmission, kBindingHighlightMask})
        frame[b] = {b, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    VkDescriptorSetLayoutCreateInfo li{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    li.bindingCount = uint32_t(frame.size());
    li.pBindings = frame.data();
    TV_VK_TRY(vkCreateDescriptorSetLayout(device, &li, nullptr, &m_frameLayout));
    m_ctx.name(m_frameLayout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, "frame set layout");

    std::array<VkDescriptorSetLayoutBinding, kMaterialBindingCount> material{};
    material[kBindingMaterial] = {kBindingMaterial, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT,
                                  nullptr};
    for (uint32_t i = 0; i < kMaterialTextureCount; ++i)
        material[1 + i] = {1 + i, VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 1, VK_SHADER_STAGE_FRAGMENT_BIT, nullptr};
    li.bindingCount = uint32_t(material.size());
    li.pBindings = material.data();
    TV_VK_TRY(vkCreateDescriptorSetLayout(device, &li, nullptr, &m_materialLayout));
    m_ctx.name(m_materialLayout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, "material set layout");

    VkDescriptorSetLayoutBinding geometry{kBindingMorphDeltas, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                                          VK_SHADER_STAGE_VERTEX_BIT, nullptr};
    li.bindingCount = 1;
    li.pBindings = &geometry;
    TV_VK_TRY(vkCreateDescriptorSetLayout(device, &li, nullptr, &m_geometryLayout));
    m_ctx.name(m_geometryLayout, VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, "geometry set layout");

    VkDescriptorSetLayout sets[3] = {m_frameLayout, m_materialLayout, m_geometryLayout};
    VkPushConstantRange push{vf, 0, sizeof(DrawPush)};
    VkPipelineLayoutCreateInfo pli{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    pli.setLayoutCount = 3;
    pli.pSetLayouts = sets;
    pli.pushConstantRangeCount = 1;
    pli.pPushConstantRanges = &push;
    TV_VK_TRY(vkCreatePipelineLayout(device, &pli, nullptr, &m_layout));
    m_ctx.name(m_layout, VK_OBJECT_TYPE_PIPELINE_LAYOUT, "mesh pipeline layout");
    return {};
}

Pipelines::~Pipelines() {
    VkDevice device = m_ctx.device();
    for (auto& [k, p] : m_cache) vkDestroyPipeline(device, p, nullptr);
    for (auto& [k, m] : m_modules) vkDestroyShaderModule(device, m, nullptr);
    vkDestroyPipelineLayout(device, m_layout, nullptr);
    vkDestroyDescriptorSetLayout(device, m_frameLayout, nullptr);
    vkDestroyDescriptorSetLayout(device, m_materialLayout, nullptr);
    vkDestroyDescriptorSetLayout(device, m_geometryLayout, nullptr);
}

Expected<VkShaderModule> Pipelines::shader(const std::string& name) {
    auto it = m_modules.find(name);
    if (it != m_modules.end()) return it->second;
    std::span<const uint32_t> words = shaders::find(name);
    if (words.empty()) return makeError(ErrorCode::NotFound, format("shader '%s' is not embedded", name.c_str()));
    VkShaderModuleCreateInfo ci{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    ci.codeSize = words.size() * sizeof(uint32_t);
    ci.pCode = words.data();
    VkShaderModule module = VK_NULL_HANDLE;
    TV_VK_TRY(vkCreateShaderModule(m_ctx.device(), &ci, nullptr, &module));
    m_ctx.name(module, VK_OBJECT_TYPE_SHADER_MODULE, name);
    m_modules[name] = module;
    return module;
}

Expected<VkPipeline> Pipelines::get(const PipelineKey& key) {
    uint64_t h = key.hash();
    auto it = m_cache.find(h);
    if (it != m_cache.end()) return it->second;
    auto p = build(key);
    if (!p) return p.error();
    m_cache[h] = *p;
    return *p;
}

Expected<VkPipeline> Pipelines::build(const PipelineKey& key) {
    const bool outline = key.pass == PassKind::Outline;
    const bool mask = key.pass == PassKind::HighlightMask;
    // Full-screen passes: no vertex input, no depth.
    bool fullscreen = key.pass == PassKind::Sky || outline;
    // Multiview (XR stereo): the *_multiview variants read each view's matrices and eye position by gl_ViewIndex;
    // only the colour pass and the sky run multiview (shadows are shared, picking and outlines are single-view).
    const bool multiview = key.viewMask != 0;
    TV_ASSERT(!multiview || key.pass == PassKind::Color || key.pass == PassKind::Sky,
              "multiview pipelines exist for the colour and sky passes only");
    const char* vertName = key.pass == PassKind::Sky ? "sky.vert"
                           : outline                 ? "fullscreen.vert"
                           : multiview               ? "pbr_multiview.vert"
                                                     : "pbr.vert";
    bool colorPass = key.pass == PassKind::Color || key.pass == PassKind::Transmission;
    const char* fragName = colorPass && multiview       ? "pbr_multiview.frag"
                           : colorPass                  ? "pbr.frag"
                           : key.pass == PassKind::Pick ? "pick.frag"
                           : key.pass == PassKind::Sky  ? (multiview ? "sky_multiview.frag" : "sky.frag")
                           : outline                    ? "outline.frag"
                           : mask                       ? "highlight_mask.frag"
                           : key.sectioned              ? "shadow_clip.frag"
                                                        : nullptr;
    auto vert = shader(vertName);
    if (!vert) return vert.error();
    VkBool32 srgbTarget = (key.colorFormat == VK_FORMAT_B8G8R8A8_SRGB || key.colorFormat == VK_FORMAT_R8G8B8A8_SRGB);
    VkSpecializationMapEntry specEntry{0, 0, sizeof(VkBool32)};
    VkSpecializationInfo spec{1, &specEntry, sizeof(VkBool32), &srgbTarget};
    std::vector<VkPipelineShaderStageCreateInfo> stages;
    VkPipelineShaderStageCreateInfo vs{VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
    vs.stage = VK_SHADER_STAGE_VERTEX_BIT;
    vs.module = *vert;
    vs.pName = "main";
    stages.push_back(vs);
    if (fragName) {
        auto frag = shader(fragName);
        if (!frag) return frag.error();
        VkPipelineShaderStageCreateInfo fs = vs;
        fs.stage = VK_SHADER_STAGE_FRAGMENT_BIT;
        fs.module = *frag;
        if (colorPass || key.pass == PassKind::Sky || outline) fs.pSpecializationInfo = &spec;
        stages.push_back(fs);
    }

    std::vector<VkVertexInputBindingDescription> bindings;
    std::vector<VkVertexInputAttributeDescription> attributes;
    if (!fullscreen) {
        for (uint32_t a = 0; a < kAttrCount; ++a) {
            bindings.push_back({a, attributeStride(a), VK_VERTEX_INPUT_RATE_VERTEX});
            attributes.push_back({a, a, attributeFormat(a), 0});
        }
    }
    VkPipelineVertexInputStateCreateInfo vi{VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
    vi.vertexBindingDescriptionCount = uint32_t(bindings.size());
    vi.pVertexBindingDescriptions = bindings.data();
    vi.vertexAttributeDescriptionCount = uint32_t(attributes.size());
    vi.pVertexAttributeDescriptions = attributes.data();

    VkPipelineInputAssemblyStateCreateInfo ia{VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
    ia.topology = key.topology == scene::Topology::Points  ? VK_PRIMITIVE_TOPOLOGY_POINT_LIST
                  : key.topology == scene::Topology::Lines ? VK_PRIMITIVE_TOPOLOGY_LINE_LIST
                                                           : VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
    if (fullscreen) ia.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;

    VkPipelineViewportStateCreateInfo vp{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
    vp.viewportCount = 1;
    vp.scissorCount = 1;

    VkPipelineRasterizationStateCreateInfo rs{VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
    rs.polygonMode = VK_POLYGON_MODE_FILL;
    rs.lineWidth = 1.0f;
    rs.cullMode = VK_CULL_MODE_NONE;
    rs.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
    if (key.pass == PassKind::Shadow) {
        // Slope-scaled bias in the rasterizer handles most acne; the shader's normal offset handles the rest.
        rs.depthBiasEnable = VK_TRUE;
        rs.depthBiasConstantFactor = 1.0f;
        rs.depthBiasSlopeFactor = 1.5f;
        rs.depthClampEnable = VK_FALSE;
    }

    VkPipelineMultisampleStateCreateInfo ms{VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
    ms.rasterizationSamples = key.samples;

    VkPipelineDepthStencilStateCreateInfo ds{VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
    ds.depthTestEnable = key.depthFormat != VK_FORMAT_UNDEFINED;
    ds.depthWriteEnable = ds.depthTestEnable;
    // Scene passes use reversed Z (near = 1); the shadow maps use ordinary [0,1] orthographic depth.
    ds.depthCompareOp = key.pass == PassKind::Shadow ? VK_COMPARE_OP_LESS_OR_EQUAL : VK_COMPARE_OP_GREATER_OR_EQUAL;

    VkPipelineColorBlendAttachmentState att{};
    att.colorWriteMask =
        VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT | VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
    if (key.blend) {
        // Colour: straight alpha over. Alpha: a + dst(1 - a), so the written alpha stays an object mask.
        att.blendEnable = VK_TRUE;
        att.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
        att.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        att.colorBlendOp = VK_BLEND_OP_ADD;
        att.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        att.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        att.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    if (mask) { // overlapping highlighted draws combine their bits
        att.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT;
        att.blendEnable = VK_TRUE;
        att.srcColorBlendFactor = att.dstColorBlendFactor = VK_BLEND_FACTOR_ONE;
        att.colorBlendOp = VK_BLEND_OP_MAX;
        att.srcAlphaBlendFactor = att.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        att.alphaBlendOp = VK_BLEND_OP_MAX;
    } else if (outline) { // colour over the frame; alpha a + dst(1 - a) like blended surfaces
        att.blendEnable = VK_TRUE;
        att.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
        att.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        att.colorBlendOp = VK_BLEND_OP_ADD;
        att.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        att.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        att.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    VkPipelineColorBlendStateCreateInfo cb{VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
    cb.attachmentCount = key.colorFormat != VK_FORMAT_UNDEFINED ? 1 : 0;
    cb.pAttachments = &att;

    std::vector<VkDynamicState> dyn = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR, VK_DYNAMIC_STATE_CULL_MODE,
                                       VK_DYNAMIC_STATE_FRONT_FACE, VK_DYNAMIC_STATE_DEPTH_WRITE_ENABLE};
    if (!fullscreen) dyn.push_back(VK_DYNAMIC_STATE_VERTEX_INPUT_BINDING_STRIDE);
    VkPipelineDynamicStateCreateInfo dy{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
    dy.dynamicStateCount = uint32_t(dyn.size());
    dy.pDynamicStates = dyn.data();

    VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
    rendering.viewMask = key.viewMask;
    rendering.colorAttachmentCount = key.colorFormat != VK_FORMAT_UNDEFINED ? 1 : 0;
    rendering.pColorAttachmentFormats = &key.colorFormat;
    rendering.depthAttachmentFormat = key.depthFormat;

    VkGraphicsPipelineCreateInfo pci{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO};
    pci.pNext = &rendering;
    pci.stageCount = uint32_t(stages.size());
    pci.pStages = stages.data();
    pci.pVertexInputState = &vi;
    pci.pInputAssemblyState = &ia;
    pci.pViewportState = &vp;
    pci.pRasterizationState = &rs;
    pci.pMultisampleState = &ms;
    pci.pDepthStencilState = &ds;
    pci.pColorBlendState = &cb;
    pci.pDynamicState = &dy;
    pci.layout = m_layout;
    VkPipeline pipeline = VK_NULL_HANDLE;
    TV_VK_TRY(vkCreateGraphicsPipelines(m_ctx.device(), VK_NULL_HANDLE, 1, &pci, nullptr, &pipeline));
    static const char* kPassNames[] = {"color", "shadow", "pick", "sky", "transmission", "highlight mask", "outline"};
    m_ctx.name(pipeline, VK_OBJECT_TYPE_PIPELINE,
               format("%s pipeline (topology %d%s, %d samples)", kPassNames[int(key.pass)], int(key.topology),
                      key.blend ? ", blend" : "", int(key.samples)));
    return pipeline;
}

} // namespace tv::gfx
