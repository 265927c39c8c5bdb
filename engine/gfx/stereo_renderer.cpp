// Renderer's stereo entry points (XR): both eyes in one multiview pass, into external images (OpenXR swapchain
// images) or into renderer-owned layers read back to the CPU. The frame itself is recorded by renderFrame
// (frame_renderer.cpp) with a StereoFrame; this file validates targets, owns the per-frame external views and
// chooses between one two-view pass and one single-view pass per eye (the llvmpipe workaround below).
#include "gfx/renderer_impl.h"

#include "gfx/vk_barriers.h"
#include "gfx/vk_check.h"

#include "core/log.h"

#include <cstring>

namespace tv::gfx {

namespace {

Expected<void> checkStereoSupport(const RendererImpl& r) {
    if (!r.ctx->multiviewSupported())
        return makeError(ErrorCode::Unsupported,
                         format("stereo rendering needs the Vulkan multiview feature, which %s does not offer",
                                r.ctx->deviceName().c_str()));
    return {};
}

Expected<void> checkSize(uint32_t width, uint32_t height) {
    if (width == 0 || height == 0 || width > 16384 || height > 16384)
        return makeError(ErrorCode::InvalidArgument, format("stereo image size %ux%u is out of range", width, height));
    return {};
}

// Mesa's llvmpipe (lavapipe) runs a multiview draw once per view through its software vertex pipeline. A primitive
// that needs clipping (one crossing the viewport edges or the near plane: the sky's full-screen triangle, a large
// floor) goes through the draw module's clip stage, and there view 1's primitives are rasterised as view 0: into
// layer 0, with gl_ViewIndex 0 in the fragment shader. View 1 loses them (black sky, missing floor) and view 0 gets
// them on top of its own. Unclipped primitives, and passes whose view mask holds a single view, come out right
// (engine/gfx/README.md, "Driver bugs", has the evidence). Seen with Mesa 22.3 (Debian bookworm); no fixed release
// is known, so every llvmpipe gets the workaround until RendererStereo.LlvmpipeOnePassStillMisrendersClipping says
// otherwise.
bool driverMisrendersTwoViewClipping(const VulkanContext& ctx) {
    if (ctx.properties().apiVersion < VK_API_VERSION_1_2) return false; // driver properties are core in 1.2
    VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    props.pNext = &driver;
    vkGetPhysicalDeviceProperties2(ctx.physicalDevice(), &props);
    return driver.driverID == VK_DRIVER_ID_MESA_LLVMPIPE;
}

// RendererConfig::stereoPasses on this device: true = one single-view multiview pass per eye.
bool stereoPerEye(const RendererImpl& r) {
    switch (r.config.stereoPasses) {
    case StereoPasses::OnePass: return false;
    case StereoPasses::PerEye: return true;
    case StereoPasses::Auto: break;
    }
    return r.stereoPerEye ? *r.stereoPerEye : driverMisrendersTwoViewClipping(*r.ctx);
}

// The stereo frame with its colour pass(es) for this device; the choice is made (and logged) once.
StereoFrame makeDeviceStereoFrame(RendererImpl& r, std::span<const StereoEye, 2> eyes, const StereoOptions& options) {
    if (!r.stereoPerEye) {
        r.stereoPerEye = stereoPerEye(r);
        if (*r.stereoPerEye)
            logInfo("gfx: stereo frames use one multiview pass per eye on %s (%s)", r.ctx->deviceName().c_str(),
                    r.config.stereoPasses == StereoPasses::PerEye
                        ? "RendererConfig::stereoPasses"
                        : "llvmpipe draws clipped primitives of view 1 into view 0; engine/gfx/README.md");
    }
    StereoFrame stereo = makeStereoFrame(eyes, options);
    if (*r.stereoPerEye) {
        stereo.viewMasks = {0b01u, 0b10u};
        stereo.passCount = 2;
    }
    return stereo;
}

// A 2-layer array view of layers [baseLayer, baseLayer + 2) of an image the renderer does not own.
Expected<VkImageView> externalArrayView(GpuCore& gpu, VkImage image, VkFormat format, uint32_t baseLayer,
                                        const char* name) {
    Image borrowed;
    borrowed.image = image;
    borrowed.format = format;
    return createImageView(gpu, borrowed, VK_IMAGE_VIEW_TYPE_2D_ARRAY, 0, 1, baseLayer, 2, name);
}

} // namespace

uint32_t Renderer::stereoPassCount() const { return stereoPerEye(*m_impl) ? 2u : 1u; }

Expected<void> Renderer::renderStereo(const scene::FrameExtract& extract, std::span<const StereoEye, 2> eyes,
                                      const ExternalStereoTarget& target, const StereoOptions& options) {
    RendererImpl& r = *m_impl;
    TV_TRY(checkStereoSupport(r));
    TV_TRY(checkSize(target.width, target.height));
    if (!target.color) return makeError(ErrorCode::InvalidArgument, "renderStereo: the target has no colour image");

    StereoFrame stereo = makeDeviceStereoFrame(r, eyes, options);
    // The views live until the frame that uses them retires (the target images are the caller's).
    auto colorView = externalArrayView(*r.gpu, target.color, target.colorFormat, target.baseLayer, "xr colour view");
    if (!colorView) return colorView.error();
    VkImageView depthView = VK_NULL_HANDLE;
    if (target.depth) {
        auto view = externalArrayView(*r.gpu, target.depth, kDepthFormat, target.baseLayer, "xr depth view");
        if (!view) {
            r.retire->retire(r.ctx->lastSubmitted(), *colorView);
            return view.error();
        }
        depthView = *view;
        stereo.depthImage = target.depth;
        stereo.depthView = depthView;
        stereo.depthBaseLayer = target.baseLayer;
        stereo.depthLayoutBefore = target.depthLayoutBefore;
        stereo.depthLayoutAfter = target.depthLayoutAfter;
    }

    FrameRequest req;
    req.extract = &extract;
    req.stereo = &stereo;
    req.target.image = target.color;
    req.target.view = *colorView;
    req.target.format = target.colorFormat;
    req.target.width = target.width;
    req.target.height = target.height;
    req.target.viewCount = 2;
    req.target.baseLayer = target.baseLayer;
    req.target.layoutBefore = target.colorLayoutBefore;
    req.target.layoutAfter = target.colorLayoutAfter;
    // The compositor reads it after the queue's work completes (OpenXR synchronises on the queue): make the writes
    // available to anything that follows on this queue.
    req.target.nextStage = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    req.target.nextAccess = VK_ACCESS_2_MEMORY_READ_BIT | VK_ACCESS_2_MEMORY_WRITE_BIT;
    req.attachments = r.stereoAttachments.get();
    req.pass = PassKind::Color;
    auto value = r.renderFrame(req);
    // Retire the views with the frame that used them (or at once when nothing was submitted).
    const uint64_t retireAt = value ? *value : r.ctx->lastSubmitted();
    r.retire->retire(retireAt, *colorView);
    if (depthView) r.retire->retire(retireAt, depthView);
    if (!value) return value.error();
    return {};
}

Expected<std::array<image::Rgba8Image, 2>> Renderer::renderStereoToImages(const scene::FrameExtract& extract,
                                                                          std::span<const StereoEye, 2> eyes,
                                                                          uint32_t width, uint32_t height,
                                                                          const StereoOptions& options) {
    RendererImpl& r = *m_impl;
    TV_TRY(checkStereoSupport(r));
    TV_TRY(checkSize(width, height));
    // A 2-layer image and a readback buffer holding both layers one after the other (synchronous, so reusable).
    if (!r.stereoColor || r.stereoColor.width != width || r.stereoColor.height != height) {
        const uint64_t value = r.ctx->lastSubmitted();
        r.retire->retire(value, r.stereoColor);
        r.retire->retire(value, r.stereoReadback);
        r.stereoColor = Image{};
        r.stereoReadback = Buffer{};
        ImageDesc desc;
        desc.format = VK_FORMAT_R8G8B8A8_UNORM;
        desc.width = width;
        desc.height = height;
        desc.layers = 2;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
        auto img = createImage(*r.gpu, desc, format("stereo colour %ux%u x2", width, height));
        if (!img) return img.error();
        r.stereoColor = *img;
        auto buf = createBuffer(*r.gpu, VkDeviceSize(width) * height * 4 * 2, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                MemoryUsage::Readback, "stereo colour readback");
        if (!buf) return buf.error();
        r.stereoReadback = *buf;
    }
    StereoFrame stereo = makeDeviceStereoFrame(r, eyes, options);
    FrameRequest req;
    req.extract = &extract;
    req.stereo = &stereo;
    req.target.image = r.stereoColor.image;
    req.target.view = r.stereoColor.view;
    req.target.format = r.stereoColor.format;
    req.target.width = width;
    req.target.height = height;
    req.target.viewCount = 2;
    req.target.layoutBefore = VK_IMAGE_LAYOUT_UNDEFINED;
    req.target.layoutAfter = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    req.attachments = r.stereoAttachments.get();
    req.pass = PassKind::Color;
    const VkImage image = r.stereoColor.image;
    const VkBuffer readback = r.stereoReadback.buffer;
    req.afterPass = [&](VkCommandBuffer cmd) {
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 2}; // layer 1 follows layer 0 in the buffer
        region.imageExtent = {width, height, 1};
        vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback, 1, &region);
        memoryBarrier(cmd, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                      VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
    };
    auto value = r.renderFrame(req);
    if (!value) return value.error();
    r.ctx->waitFor(*value);
    r.lastFrame->collectTimestamps();
    if (r.lastFrame->lastGpuMs() >= 0.0) r.stats.gpuMs = r.lastFrame->lastGpuMs();

    std::array<image::Rgba8Image, 2> out;
    const size_t layerBytes = size_t(width) * height * 4;
    for (uint32_t i = 0; i < 2; ++i) {
        out[i].width = width;
        out[i].height = height;
        out[i].pixels.resize(layerBytes);
        std::memcpy(out[i].pixels.data(), r.stereoReadback.mapped() + i * layerBytes, layerBytes);
    }
    return out;
}

} // namespace tv::gfx
