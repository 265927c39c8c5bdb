// RendererImpl — the Renderer's state and its frame recording, shared by renderer.cpp (lifetime, public calls),
// frame_renderer.cpp (one frame: lists, uniforms, passes), outline_pass.cpp, window_target.cpp. Internal.
#pragma once

#include "gfx/asset_cache.h"
#include "gfx/draw_list.h"
#include "gfx/environment.h"
#include "gfx/frame_context.h"
#include "gfx/gpu_allocator.h"
#include "gfx/pipelines.h"
#include "gfx/render_target.h"
#include "gfx/renderer.h"
#include "gfx/retire_list.h"
#include "gfx/shadows.h"
#include "gfx/texture_cache.h"
#include "gfx/upload.h"
#include "gfx/vk_context.h"

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <unordered_set>

namespace tv::gfx {

inline constexpr uint32_t kFramesInFlight = 2;
inline constexpr float kNeutralEnvRadiance = 0.3f;
// The default lighting's sun (direction of travel): from the same side as the neutral rig's key light.
inline const vec3 kSunDirection = glm::normalize(vec3(-0.45f, -0.8f, -0.4f));

// What a multiview (stereo) frame adds to a FrameRequest: per-eye matrices, the shared centre camera whose frustum
// holds both eyes' (cascades, view depth, sort order), the background and the optional external depth output.
struct StereoFrame {
    std::array<mat4, 2> view{}, proj{};
    std::array<vec3, 2> eye{};
    scene::ViewCamera centre;
    float centreAspect = 1.0f;
    float clearAlpha = 1.0f;
    bool drawSky = true;
    VkImage depthImage = VK_NULL_HANDLE; // external D32 depth written with the scene's depth (null = none)
    VkImageView depthView = VK_NULL_HANDLE;
    uint32_t depthBaseLayer = 0;
    VkImageLayout depthLayoutBefore = VK_IMAGE_LAYOUT_UNDEFINED;
    VkImageLayout depthLayoutAfter = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
    // The colour pass's view masks, in order: {0b11} (both eyes in one multiview pass) or {0b01, 0b10} (one pass
    // per eye where the driver needs it: RendererConfig::stereoPasses, stereo_renderer.cpp).
    std::array<uint32_t, 2> viewMasks{0b11u, 0u};
    uint32_t passCount = 1;
};

// Builds the StereoFrame for two eyes (stereo_frame.cpp); pure math.
StereoFrame makeStereoFrame(std::span<const StereoEye, 2> eyes, const StereoOptions& options);

struct FrameRequest {
    const scene::FrameExtract* extract = nullptr;
    const scene::ViewCamera* camera = nullptr;
    RenderTarget target;
    SceneAttachments* attachments = nullptr;
    PassKind pass = PassKind::Color; // Color or Pick
    std::span<const VkSemaphoreSubmitInfo> waits;
    std::span<const VkSemaphoreSubmitInfo> signals;
    FrameContext* frame = nullptr; // null = the next frame context (begin() is called)
    // Recorded after the pass, once the target is in layoutAfter (copies for readback, blits to swapchains).
    std::function<void(VkCommandBuffer)> afterPass;
    const StereoFrame* stereo = nullptr; // multiview: target.viewCount == 2, camera unused
};

class RendererImpl {
public:
    explicit RendererImpl(const RendererConfig& cfg) : config(cfg), lighting(cfg.lighting) {}
    ~RendererImpl();
    Expected<void> init();

    // Records and submits one frame; returns the timeline value its submission signals.
    Expected<uint64_t> renderFrame(const FrameRequest& request);
    FrameContext& nextFrame() { return *frames[frameCounter % kFramesInFlight]; }

    RendererConfig config;
    LightingMode lighting;
    std::unique_ptr<VulkanContext> ctx;
    std::unique_ptr<GpuAllocator> allocator;
    std::unique_ptr<RetireList> retire;
    std::unique_ptr<GpuCore> gpu;
    std::unique_ptr<Uploader> uploader;
    std::unique_ptr<Pipelines> pipelines;
    std::unique_ptr<SamplerCache> samplers;
    DefaultTextures defaults;
    Buffer defaultStreams;
    std::unique_ptr<Environment> environment;
    std::unique_ptr<ShadowMaps> shadows;
    std::unique_ptr<AssetCache> assets;
    std::array<std::unique_ptr<FrameContext>, kFramesInFlight> frames;
    uint64_t frameCounter = 0;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;

    // Offscreen (renderToImage) and picking targets, reused while the size stays the same.
    std::unique_ptr<SceneAttachments> offscreenAttachments;
    Image offscreenColor;
    Buffer offscreenReadback;
    std::unique_ptr<SceneAttachments> pickAttachments;
    Image pickImage;
    Buffer pickReadback;
    // Stereo targets (renderStereo, renderStereoToImages): 2-layer attachments; the readback pair for the latter.
    std::unique_ptr<SceneAttachments> stereoAttachments;
    Image stereoColor;
    Buffer stereoReadback;
    // Depth resolve mode for the external stereo depth: MAX (nearest under reversed-Z) or SAMPLE_ZERO.
    VkResolveModeFlagBits depthResolveMode = VK_RESOLVE_MODE_SAMPLE_ZERO_BIT;
    // RendererConfig::stereoPasses resolved for this device on the first stereo frame (stereo_renderer.cpp).
    std::optional<bool> stereoPerEye;

    DrawList drawList;
    FrameStats stats;

    // Overlays (Renderer::setHighlight / setSectionPlanes).
    std::unordered_set<scene::NodeHandle> highlightSelected, highlightHovered;
    OutlineStyle outlineStyle;
    std::vector<vec4> sectionPlanes;
    vec3 sectionCapColor{0.85f, 0.35f, 0.3f};
    FrameContext* lastFrame = nullptr; // the context of the last submitted frame
    uint32_t liveWindowTargets = 0;    // WindowTargets borrow this object: they must die first

private:
    std::array<mat4, 4> m_cascadeViewProj{}; // this frame's cascades (per-cascade caster culling)
    Expected<void> recordShadows(VkCommandBuffer cmd, VkDescriptorSet frameSet, uint32_t& drawCalls);
    // The transmission framebuffer: everything but the transmissive draws (and the sky in default lighting), linear,
    // MSAA resolved into mip 0, then the mip chain; left in SHADER_READ_ONLY_OPTIMAL for the colour pass.
    Expected<void> recordTransmission(VkCommandBuffer cmd, SceneAttachments& att, const RenderTarget& target,
                                      VkDescriptorSet frameSet, bool drawSky, uint32_t& drawCalls);
    Expected<void> recordSky(VkCommandBuffer cmd, PipelineKey key, VkDescriptorSet frameSet);
    // The selection outline (outline_pass.cpp): highlighted draws into the mask, then the edge pass over the target
    // (which is in COLOR_ATTACHMENT_OPTIMAL with the colour pass's writes done; it stays there).
    Expected<void> recordOutline(VkCommandBuffer cmd, SceneAttachments& att, const RenderTarget& target,
                                 const mat4& viewProj, VkDescriptorSet frameSet, uint32_t& drawCalls);
    void recordBatches(VkCommandBuffer cmd, const std::vector<DrawBatch>& batches, PipelineKey key,
                       VkDescriptorSet frameSet, uint32_t viewIndex, bool forceDepthWrite, uint32_t& drawCalls,
                       uint64_t* triangles);
};

// Creates or resizes a renderer-owned colour image + readback buffer pair (offscreen and pick targets).
Expected<void> ensureReadbackTarget(GpuCore& gpu, Image& image, Buffer& readback, uint32_t width, uint32_t height,
                                    VkFormat format, const char* name);

} // namespace tv::gfx
