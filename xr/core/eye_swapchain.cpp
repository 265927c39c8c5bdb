#include "xr/core/eye_swapchain.h"

#include "xr/core/xr_result.h"

#include "core/assert.h"
#include "core/log.h"

namespace tv::xr {

Expected<std::unique_ptr<EyeSwapchain>> EyeSwapchain::create(XrInstance instance, XrSession session, VkFormat format,
                                                             uint32_t width, uint32_t height, bool depth) {
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.usageFlags = depth ? XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT : XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT;
    info.format = format;
    info.sampleCount = 1; // the renderer resolves its MSAA targets into these images
    info.width = width;
    info.height = height;
    info.faceCount = 1;
    info.arraySize = 2;
    info.mipCount = 1;
    std::unique_ptr<EyeSwapchain> sc(new EyeSwapchain());
    sc->m_instance = instance;
    sc->m_format = format;
    sc->m_width = width;
    sc->m_height = height;
    if (XrResult r = xrCreateSwapchain(session, &info, &sc->m_handle); XR_FAILED(r)) {
        sc->m_handle = XR_NULL_HANDLE;
        return callError(instance, depth ? "xrCreateSwapchain (depth)" : "xrCreateSwapchain (colour)", r);
    }
    uint32_t count = 0;
    if (XrResult r = xrEnumerateSwapchainImages(sc->m_handle, 0, &count, nullptr); XR_FAILED(r))
        return callError(instance, "xrEnumerateSwapchainImages", r);
    std::vector<XrSwapchainImageVulkan2KHR> images(count, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    if (XrResult r = xrEnumerateSwapchainImages(sc->m_handle, count, &count,
                                                reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data()));
        XR_FAILED(r))
        return callError(instance, "xrEnumerateSwapchainImages", r);
    for (uint32_t i = 0; i < count; ++i) sc->m_images.push_back(images[i].image);
    if (sc->m_images.empty()) return makeError(ErrorCode::Device, "the OpenXR swapchain has no images");
    return sc;
}

EyeSwapchain::~EyeSwapchain() {
    if (m_handle != XR_NULL_HANDLE) xrDestroySwapchain(m_handle);
}

Expected<VkImage> EyeSwapchain::acquire() {
    TV_ASSERT(!m_held, "EyeSwapchain::acquire: the previous image was not released");
    uint32_t index = 0;
    if (XrResult r = xrAcquireSwapchainImage(m_handle, nullptr, &index); XR_FAILED(r))
        return callError(m_instance, "xrAcquireSwapchainImage", r);
    XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    wait.timeout = XR_INFINITE_DURATION;
    if (XrResult r = xrWaitSwapchainImage(m_handle, &wait); XR_FAILED(r))
        return callError(m_instance, "xrWaitSwapchainImage", r);
    if (index >= m_images.size())
        return makeError(ErrorCode::Device, tv::format("the runtime acquired image %u of %zu", index, m_images.size()));
    m_held = true;
    return m_images[index];
}

Expected<void> EyeSwapchain::release() {
    m_held = false;
    if (XrResult r = xrReleaseSwapchainImage(m_handle, nullptr); XR_FAILED(r))
        return callError(m_instance, "xrReleaseSwapchainImage", r);
    return {};
}

} // namespace tv::xr
