#include "gfx/window_target.h"

#include "gfx/renderer_impl.h"
#include "gfx/vk_barriers.h"
#include "gfx/vk_check.h"

#include "core/log.h"

#define GLFW_INCLUDE_NONE
#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstring>

namespace tv::gfx {

WindowTarget::WindowTarget(RendererImpl& renderer, GLFWwindow* window, bool vsync)
    : m_r(renderer), m_window(window), m_vsync(vsync) {
    ++m_r.liveWindowTargets;
}

WindowTarget::~WindowTarget() {
    --m_r.liveWindowTargets;
    m_r.ctx->waitIdle();
    destroySwapchainObjects(false);
    m_r.retire->retire(m_r.ctx->lastSubmitted(), m_color);
    m_attachments.reset();
    if (m_surface) vkDestroySurfaceKHR(m_r.ctx->instance(), m_surface, nullptr);
}

void WindowTarget::setVsync(bool vsync) {
    if (vsync != m_vsync) {
        m_vsync = vsync;
        m_dirty = true;
    }
}

Expected<void> WindowTarget::createSurface() {
    TV_VK_TRY(glfwCreateWindowSurface(m_r.ctx->instance(), m_window, nullptr, &m_surface));
    VkBool32 supported = VK_FALSE;
    TV_VK_TRY(
        vkGetPhysicalDeviceSurfaceSupportKHR(m_r.ctx->physicalDevice(), m_r.ctx->queueFamily(), m_surface, &supported));
    if (!supported) return makeError(ErrorCode::Device, "the graphics queue cannot present to this window's surface");
    m_attachments = std::make_unique<SceneAttachments>(*m_r.gpu);
    return {};
}

void WindowTarget::destroySwapchainObjects(bool keepSwapchain) {
    VkDevice device = m_r.ctx->device();
    for (VkSemaphore s : m_renderDone) vkDestroySemaphore(device, s, nullptr);
    m_renderDone.clear();
    m_images.clear();
    if (!keepSwapchain && m_swapchain) {
        vkDestroySwapchainKHR(device, m_swapchain, nullptr);
        m_swapchain = VK_NULL_HANDLE;
    }
}

Expected<bool> WindowTarget::recreate() {
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(m_window, &fbw, &fbh);
    if (fbw <= 0 || fbh <= 0) return false; // minimised: nothing to draw into
    VkPhysicalDevice physical = m_r.ctx->physicalDevice();
    VkSurfaceCapabilitiesKHR caps;
    TV_VK_TRY(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(physical, m_surface, &caps));
    VkExtent2D extent = caps.currentExtent;
    if (extent.width == UINT32_MAX) {
        extent.width = std::clamp(uint32_t(fbw), caps.minImageExtent.width, caps.maxImageExtent.width);
        extent.height = std::clamp(uint32_t(fbh), caps.minImageExtent.height, caps.maxImageExtent.height);
    }
    if (extent.width == 0 || extent.height == 0) return false;

    uint32_t count = 0;
    TV_VK_TRY(vkGetPhysicalDeviceSurfaceFormatsKHR(physical, m_surface, &count, nullptr));
    std::vector<VkSurfaceFormatKHR> formats(count);
    TV_VK_TRY(vkGetPhysicalDeviceSurfaceFormatsKHR(physical, m_surface, &count, formats.data()));
    if (formats.empty()) return makeError(ErrorCode::Device, "the window surface offers no formats");
    VkSurfaceFormatKHR chosen = formats[0];
    for (const VkSurfaceFormatKHR& f : formats)
        if ((f.format == VK_FORMAT_B8G8R8A8_SRGB || f.format == VK_FORMAT_R8G8B8A8_SRGB) &&
            f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR) {
            chosen = f;
            break;
        }

    TV_VK_TRY(vkGetPhysicalDeviceSurfacePresentModesKHR(physical, m_surface, &count, nullptr));
    std::vector<VkPresentModeKHR> modes(count);
    TV_VK_TRY(vkGetPhysicalDeviceSurfacePresentModesKHR(physical, m_surface, &count, modes.data()));
    VkPresentModeKHR mode = VK_PRESENT_MODE_FIFO_KHR; // always available; vsync
    if (!m_vsync) {
        for (VkPresentModeKHR want : {VK_PRESENT_MODE_MAILBOX_KHR, VK_PRESENT_MODE_IMMEDIATE_KHR})
            if (std::find(modes.begin(), modes.end(), want) != modes.end()) {
                mode = want;
                break;
            }
    }

    // Both frames in flight may still read the old swapchain's images: wait for them (only on resize).
    m_r.ctx->waitIdle();
    VkSwapchainKHR old = m_swapchain;
    destroySwapchainObjects(true);

    VkSwapchainCreateInfoKHR sci{VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR};
    sci.surface = m_surface;
    sci.minImageCount = std::max(caps.minImageCount, 3u);
    if (caps.maxImageCount > 0) sci.minImageCount = std::min(sci.minImageCount, caps.maxImageCount);
    sci.imageFormat = chosen.format;
    sci.imageColorSpace = chosen.colorSpace;
    sci.imageExtent = extent;
    sci.imageArrayLayers = 1;
    sci.imageUsage = VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
    sci.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    sci.preTransform = caps.currentTransform;
    sci.compositeAlpha =
        (caps.supportedCompositeAlpha & VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR)
            ? VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR
            : VkCompositeAlphaFlagBitsKHR(caps.supportedCompositeAlpha & -caps.supportedCompositeAlpha);
    sci.presentMode = mode;
    sci.clipped = VK_TRUE;
    sci.oldSwapchain = old;
    VkResult r = vkCreateSwapchainKHR(m_r.ctx->device(), &sci, nullptr, &m_swapchain);
    if (old) vkDestroySwapchainKHR(m_r.ctx->device(), old, nullptr);
    if (r != VK_SUCCESS) {
        m_swapchain = VK_NULL_HANDLE;
        return vkError("vkCreateSwapchainKHR", r, __FILE__, __LINE__);
    }
    m_r.ctx->name(m_swapchain, VK_OBJECT_TYPE_SWAPCHAIN_KHR, "window swapchain");
    m_format = chosen.format;
    m_extent = extent;
    TV_VK_TRY(vkGetSwapchainImagesKHR(m_r.ctx->device(), m_swapchain, &count, nullptr));
    m_images.resize(count);
    TV_VK_TRY(vkGetSwapchainImagesKHR(m_r.ctx->device(), m_swapchain, &count, m_images.data()));
    for (uint32_t i = 0; i < count; ++i) {
        VkSemaphoreCreateInfo semInfo{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
        VkSemaphore s = VK_NULL_HANDLE;
        TV_VK_TRY(vkCreateSemaphore(m_r.ctx->device(), &semInfo, nullptr, &s));
        m_renderDone.push_back(s);
        m_r.ctx->name(s, VK_OBJECT_TYPE_SEMAPHORE, format("swapchain image %u rendered", i));
        m_r.ctx->name(m_images[i], VK_OBJECT_TYPE_IMAGE, format("swapchain image %u", i));
    }
    m_r.retire->retire(m_r.ctx->lastSubmitted(), m_color);
    m_color = Image{};
    m_colorValid = false;
    ImageDesc desc;
    desc.format = m_format;
    desc.width = extent.width;
    desc.height = extent.height;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    auto color = createImage(*m_r.gpu, desc, format("window colour %ux%u", extent.width, extent.height));
    if (!color) return color.error();
    m_color = *color;
    ++m_recreateCount;
    m_dirty = false;
    logInfo("gfx: swapchain %ux%u, %u images, format %d, %s", extent.width, extent.height, count, int(m_format),
            mode == VK_PRESENT_MODE_FIFO_KHR ? "vsync" : "no vsync");
    return true;
}

Expected<void> WindowTarget::frame(const scene::FrameExtract& extract, const scene::ViewCamera& camera) {
    int fbw = 0, fbh = 0;
    glfwGetFramebufferSize(m_window, &fbw, &fbh);
    if (fbw <= 0 || fbh <= 0) return {}; // minimised: skip without touching the swapchain
    if (m_dirty || !m_swapchain || uint32_t(fbw) != m_extent.width || uint32_t(fbh) != m_extent.height) {
        auto ok = recreate();
        if (!ok) return ok.error();
        if (!*ok) return {};
    }

    FrameContext& fc = m_r.nextFrame();
    TV_TRY(fc.begin()); // waits for this context's previous frame, so its acquire semaphore is free again
    uint32_t imageIndex = 0;
    VkResult acquired = vkAcquireNextImageKHR(m_r.ctx->device(), m_swapchain, UINT64_MAX, fc.acquireSemaphore(),
                                              VK_NULL_HANDLE, &imageIndex);
    if (acquired == VK_ERROR_OUT_OF_DATE_KHR) {
        // The semaphore was not signalled; end the begun command buffer and try again next frame.
        TV_VK_TRY(vkEndCommandBuffer(fc.cmd()));
        m_dirty = true;
        return {};
    }
    if (acquired != VK_SUCCESS && acquired != VK_SUBOPTIMAL_KHR)
        return vkError("vkAcquireNextImageKHR", acquired, __FILE__, __LINE__);

    VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    wait.semaphore = fc.acquireSemaphore();
    wait.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    VkSemaphoreSubmitInfo signal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signal.semaphore = m_renderDone[imageIndex];
    signal.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;

    FrameRequest req;
    req.extract = &extract;
    req.camera = &camera;
    req.frame = &fc;
    req.target.image = m_color.image;
    req.target.view = m_color.view;
    req.target.format = m_format;
    req.target.width = m_extent.width;
    req.target.height = m_extent.height;
    req.target.layoutBefore = VK_IMAGE_LAYOUT_UNDEFINED;
    req.target.layoutAfter = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    req.attachments = m_attachments.get();
    req.waits = {&wait, 1};
    req.signals = {&signal, 1};
    VkImage swapImage = m_images[imageIndex];
    VkImage colorImage = m_color.image;
    VkExtent2D extent = m_extent;
    req.afterPass = [&](VkCommandBuffer cmd) {
        if (m_overlay) {
            transitionImage(cmd, {colorImage, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                  VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                                  VK_ACCESS_2_MEMORY_WRITE_BIT, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                  VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT});
            m_overlay(cmd, OverlayTarget{colorImage, m_color.view, m_format, extent, m_recreateCount});
            transitionImage(cmd, {colorImage, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                  VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                                  VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                                  VK_ACCESS_2_TRANSFER_READ_BIT});
        }
        transitionImage(cmd, {swapImage, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                              VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, 0,
                              VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT});
        VkImageCopy copy{};
        copy.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        copy.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        copy.extent = {extent.width, extent.height, 1};
        vkCmdCopyImage(cmd, colorImage, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, swapImage,
                       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);
        transitionImage(cmd, {swapImage, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                              VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                              VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_NONE, 0});
    };
    auto value = m_r.renderFrame(req);
    if (!value) return value.error();
    m_colorValid = true;

    VkPresentInfoKHR pi{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR};
    pi.waitSemaphoreCount = 1;
    pi.pWaitSemaphores = &m_renderDone[imageIndex];
    pi.swapchainCount = 1;
    pi.pSwapchains = &m_swapchain;
    pi.pImageIndices = &imageIndex;
    VkResult presented = vkQueuePresentKHR(m_r.ctx->queue(), &pi);
    if (presented == VK_ERROR_OUT_OF_DATE_KHR || presented == VK_SUBOPTIMAL_KHR || acquired == VK_SUBOPTIMAL_KHR)
        m_dirty = true;
    else if (presented != VK_SUCCESS)
        return vkError("vkQueuePresentKHR", presented, __FILE__, __LINE__);
    return {};
}

// ---- Renderer entry points for windows ------------------------------------------------------------------------

Expected<std::unique_ptr<WindowTarget>> Renderer::createWindowTarget(GLFWwindow* window, bool vsync) {
    if (!window) return makeError(ErrorCode::InvalidArgument, "createWindowTarget: no window");
    if (!m_impl->ctx->presentationEnabled())
        return makeError(
            ErrorCode::InvalidArgument,
            "createWindowTarget: the renderer was created without presentation (RendererConfig::presentation)");
    std::unique_ptr<WindowTarget> target(new WindowTarget(*m_impl, window, vsync));
    TV_TRY(target->createSurface());
    auto ok = target->recreate();
    if (!ok) return ok.error();
    return target;
}

Expected<void> Renderer::renderToWindow(WindowTarget& target, const scene::FrameExtract& extract,
                                        const scene::ViewCamera& camera) {
    return target.frame(extract, camera);
}

Expected<image::Rgba8Image> Renderer::captureWindow(WindowTarget& target) {
    if (!target.m_colorValid) return makeError(ErrorCode::NotFound, "captureWindow: no frame has been presented yet");
    RendererImpl& r = *m_impl;
    r.ctx->waitIdle();
    uint32_t w = target.m_color.width, h = target.m_color.height;
    auto buffer = createBuffer(*r.gpu, VkDeviceSize(w) * h * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT, MemoryUsage::Readback,
                               "window capture readback");
    if (!buffer) return buffer.error();
    auto cmd = r.uploader->begin();
    if (cmd) {
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.imageExtent = {w, h, 1};
        // The window colour image stays in TRANSFER_SRC between frames.
        vkCmdCopyImageToBuffer(*cmd, target.m_color.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer->buffer, 1,
                               &region);
        memoryBarrier(*cmd, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                      VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
    }
    auto done = cmd ? r.uploader->submitAndWait() : Expected<void>(cmd.error());
    image::Rgba8Image out;
    if (done) {
        out.width = w;
        out.height = h;
        out.pixels.resize(size_t(w) * h * 4);
        std::memcpy(out.pixels.data(), buffer->mapped(), out.pixels.size());
        bool bgra = target.m_format == VK_FORMAT_B8G8R8A8_SRGB || target.m_format == VK_FORMAT_B8G8R8A8_UNORM;
        if (bgra)
            for (size_t i = 0; i < out.pixels.size(); i += 4) std::swap(out.pixels[i], out.pixels[i + 2]);
    }
    destroyBuffer(r.ctx->device(), *r.allocator, *buffer);
    if (!done) return done.error();
    return out;
}

} // namespace tv::gfx
