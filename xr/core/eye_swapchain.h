// EyeSwapchain — one OpenXR swapchain with an array layer per eye (arraySize 2: layer 0 = left, 1 = right), as the
// renderer's multiview pass writes both eyes at once: colour (COLOR_ATTACHMENT usage) or depth (D32_SFLOAT,
// DEPTH_STENCIL_ATTACHMENT usage). It enumerates the VkImages (XrSwapchainImageVulkan2KHR) and enforces the
// acquire -> wait -> release order. While the app holds no image the runtime keeps colour images in
// COLOR_ATTACHMENT_OPTIMAL and depth images in DEPTH_STENCIL_ATTACHMENT_OPTIMAL (XR_KHR_vulkan_enable2), which is
// what gfx::ExternalStereoTarget's default layouts say. Owned by XrSessionHost; its thread only.
#pragma once

#include "xr/core/xr_platform.h"

#include "core/expected.h"

#include <memory>
#include <vector>

namespace tv::xr {

class EyeSwapchain {
public:
    static Expected<std::unique_ptr<EyeSwapchain>> create(XrInstance instance, XrSession session, VkFormat format,
                                                          uint32_t width, uint32_t height, bool depth);
    ~EyeSwapchain(); // xrDestroySwapchain (the runtime frees the images)
    EyeSwapchain(const EyeSwapchain&) = delete;
    EyeSwapchain& operator=(const EyeSwapchain&) = delete;

    // xrAcquireSwapchainImage + xrWaitSwapchainImage (infinite timeout): the image to render into now.
    Expected<VkImage> acquire();
    // xrReleaseSwapchainImage; call only after the commands writing the image were submitted to the queue.
    Expected<void> release();
    bool held() const { return m_held; }

    XrSwapchain handle() const { return m_handle; }
    VkFormat format() const { return m_format; }
    uint32_t width() const { return m_width; }
    uint32_t height() const { return m_height; }
    size_t imageCount() const { return m_images.size(); }

private:
    EyeSwapchain() = default;
    XrInstance m_instance = XR_NULL_HANDLE;
    XrSwapchain m_handle = XR_NULL_HANDLE;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    uint32_t m_width = 0, m_height = 0;
    std::vector<VkImage> m_images;
    bool m_held = false;
};

} // namespace tv::xr
