// RenderTarget — an image the renderer draws a frame into without owning it: the offscreen readback image, a
// window's swapchain image, or (next issue) an OpenXR swapchain image holding both eyes as array layers rendered in
// one pass with VK_KHR_multiview (viewCount = 2, one ViewCamera per layer). The renderer transitions it from
// `layoutBefore` to colour-attachment, draws, resolves MSAA into it and leaves it in `layoutAfter`.
// SceneAttachments are the renderer-owned MSAA colour and depth images matching a target's size and format, and,
// once a frame has transmissive surfaces, the transmission framebuffer (an MSAA colour image resolved into mip 0
// of a mipmapped sampled image), and, once something is highlighted, the single-sample highlight mask the outline
// pass reads. Render thread only.
#pragma once

#include "core/expected.h"
#include "gfx/gpu_resources.h"

#include <vulkan/vulkan.h>

namespace tv::gfx {

struct RenderTarget {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE; // 2D (viewCount 1) or 2D array with viewCount layers
    VkFormat format = VK_FORMAT_R8G8B8A8_UNORM;
    uint32_t width = 0, height = 0;
    uint32_t viewCount = 1;                                 // > 1: multiview, layer baseLayer + i shows view i (XR)
    uint32_t baseLayer = 0;                                 // first layer of `view` in `image`
    VkImageLayout layoutBefore = VK_IMAGE_LAYOUT_UNDEFINED; // UNDEFINED: previous contents are discarded
    VkImageLayout layoutAfter = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    VkPipelineStageFlags2 nextStage = VK_PIPELINE_STAGE_2_TRANSFER_BIT; // who uses it after the frame
    VkAccessFlags2 nextAccess = VK_ACCESS_2_TRANSFER_READ_BIT;
};

class SceneAttachments {
public:
    explicit SceneAttachments(GpuCore& gpu) : m_gpu(gpu) {}
    ~SceneAttachments();
    // (Re)creates the MSAA colour (when samples > 1) and depth images for this size/format; old ones are retired.
    Expected<void> ensure(uint32_t width, uint32_t height, VkFormat colorFormat, VkSampleCountFlagBits samples,
                          uint32_t layers);
    const Image& color() const { return m_color; } // empty when samples == 1
    const Image& depth() const { return m_depth; }
    VkSampleCountFlagBits samples() const { return m_samples; }

    // Creates the transmission framebuffer for the current size and samples if it does not exist yet (call after
    // ensure(); a resize retires it with the rest).
    Expected<void> ensureTransmission();
    const Image& transmissionMsaa() const { return m_transmissionMsaa; } // empty when samples == 1
    const Image& transmission() const { return m_transmission; }         // all mips, sampled
    VkImageView transmissionMip0() const { return m_transmissionMip0; }  // attachment / resolve view

    // Creates the single-sample highlight mask (kHighlightMaskFormat, target size) if it does not exist yet (call
    // after ensure(); a resize retires it with the rest).
    Expected<void> ensureHighlightMask();
    const Image& highlightMask() const { return m_highlightMask; }

private:
    void retireAll();

    GpuCore& m_gpu;
    Image m_color, m_depth;
    Image m_transmissionMsaa, m_transmission, m_highlightMask;
    VkImageView m_transmissionMip0 = VK_NULL_HANDLE;
    uint32_t m_width = 0, m_height = 0, m_layers = 0;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    VkSampleCountFlagBits m_samples = VK_SAMPLE_COUNT_1_BIT;
};

constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;
// Linear colour in 8-bit UNORM, like the Sample Renderer's RGBA8 transmission framebuffer: values clamp to [0,1]
// before the mip blur, which the reference images show (a bright lamp bulb stays white, not a wide glow).
constexpr VkFormat kTransmissionFormat = VK_FORMAT_R8G8B8A8_UNORM;
// r = selected, g = hovered (see highlight_mask.frag).
constexpr VkFormat kHighlightMaskFormat = VK_FORMAT_R8G8_UNORM;

} // namespace tv::gfx
