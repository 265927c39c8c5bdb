// Pipelines — descriptor set layouts, the pipeline layout shared by every mesh pass, shader modules and a cache of
// graphics pipelines keyed by what actually differs (pass, topology class, blending, target formats, samples).
// Cull mode, front face, depth-write and vertex strides are dynamic state, so one pipeline serves single- and
// double-sided, mirrored and unmirrored, present and absent vertex streams. Render thread only.
#pragma once

#include "core/expected.h"
#include "scene/asset.h"

#include <vulkan/vulkan.h>

#include <string>
#include <unordered_map>

namespace tv::gfx {

class VulkanContext;

// Transmission: the colour pass's shaders drawing the surfaces behind transmissive ones into the transmission
// framebuffer (linear output, see kPassTransmission). HighlightMask: selected/hovered draws into the R8G8 mask (no
// depth, MAX blend); Outline: the full-screen edge pass reading that mask, blended over the finished frame.
enum class PassKind : uint8_t { Color, Shadow, Pick, Sky, Transmission, HighlightMask, Outline };

struct PipelineKey {
    PassKind pass = PassKind::Color;
    scene::Topology topology = scene::Topology::Triangles;
    bool blend = false;
    VkFormat colorFormat = VK_FORMAT_UNDEFINED; // UNDEFINED = depth only
    VkFormat depthFormat = VK_FORMAT_D32_SFLOAT;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    uint32_t viewMask = 0;  // multiview (XR): bit per view; 0 = no multiview
    bool sectioned = false; // shadow pass with section planes: a fragment stage that discards cut-away geometry
    uint64_t hash() const;
    bool operator==(const PipelineKey&) const = default;
};

class Pipelines {
public:
    static Expected<std::unique_ptr<Pipelines>> create(VulkanContext& ctx);
    ~Pipelines();

    VkDescriptorSetLayout frameLayout() const { return m_frameLayout; }
    VkDescriptorSetLayout materialLayout() const { return m_materialLayout; }
    VkDescriptorSetLayout geometryLayout() const { return m_geometryLayout; }
    VkPipelineLayout layout() const { return m_layout; }

    Expected<VkPipeline> get(const PipelineKey& key);
    size_t pipelineCount() const { return m_cache.size(); }

    // A shader module for an embedded SPIR-V file ("pbr.vert"), cached; owned by Pipelines.
    Expected<VkShaderModule> shader(const std::string& name);

private:
    explicit Pipelines(VulkanContext& ctx) : m_ctx(ctx) {}
    Expected<void> init();
    Expected<VkPipeline> build(const PipelineKey& key);

    VulkanContext& m_ctx;
    VkDescriptorSetLayout m_frameLayout = VK_NULL_HANDLE;
    VkDescriptorSetLayout m_materialLayout = VK_NULL_HANDLE;
    VkDescriptorSetLayout m_geometryLayout = VK_NULL_HANDLE;
    VkPipelineLayout m_layout = VK_NULL_HANDLE;
    std::unordered_map<std::string, VkShaderModule> m_modules;
    std::unordered_map<uint64_t, VkPipeline> m_cache;
};

} // namespace tv::gfx
