// Swapchains of the simulated runtime: VkImages created on the app's device (3 per swapchain), the
// acquire -> wait -> release order the specification requires, and the capture of released images to PNG.
//
// Vulkan image layout contract (XR_KHR_vulkan_enable2): while the app holds no image, colour images with the
// colour-attachment usage are in COLOR_ATTACHMENT_OPTIMAL, depth images in DEPTH_STENCIL_ATTACHMENT_OPTIMAL,
// others in GENERAL; the app returns them to that layout before xrReleaseSwapchainImage.
#include "runtime.h"

#include "png_write.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace tv::xrsim {
namespace {

constexpr VkFormat kColorFormats[] = {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_UNORM};
constexpr VkFormat kDepthFormats[] = {VK_FORMAT_D32_SFLOAT, VK_FORMAT_D24_UNORM_S8_UINT, VK_FORMAT_D16_UNORM};

bool isDepth(VkFormat f) {
    return std::find(std::begin(kDepthFormats), std::end(kDepthFormats), f) != std::end(kDepthFormats);
}

uint32_t findMemoryType(const Session& s, uint32_t typeBits, VkMemoryPropertyFlags wanted) {
    VkPhysicalDeviceMemoryProperties props{};
    s.vk.getMemoryProperties(s.physicalDevice, &props);
    for (uint32_t i = 0; i < props.memoryTypeCount; ++i)
        if ((typeBits & (1u << i)) && (props.memoryTypes[i].propertyFlags & wanted) == wanted) return i;
    return UINT32_MAX;
}

// Records a one-off command buffer with `record`, submits it on the app's queue and waits for it.
template <class F>
bool submitAndWait(Session& s, F record) {
    VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = s.commandPool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    if (s.vk.allocateCommandBuffers(s.device, &alloc, &cmd) != VK_SUCCESS) return false;
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    s.vk.beginCommandBuffer(cmd, &begin);
    record(cmd);
    s.vk.endCommandBuffer(cmd);
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    const bool ok = s.vk.queueSubmit(s.queue, 1, &submit, VK_NULL_HANDLE) == VK_SUCCESS &&
                    s.vk.queueWaitIdle(s.queue) == VK_SUCCESS;
    s.vk.freeCommandBuffers(s.device, s.commandPool, 1, &cmd);
    return ok;
}

VkImageMemoryBarrier layoutBarrier(VkImage image, VkImageAspectFlags aspect, uint32_t layers, VkImageLayout from,
                                   VkImageLayout to) {
    VkImageMemoryBarrier b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
    b.srcAccessMask = VK_ACCESS_MEMORY_WRITE_BIT;
    b.dstAccessMask = VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT;
    b.oldLayout = from;
    b.newLayout = to;
    b.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = image;
    b.subresourceRange = {aspect, 0, 1, 0, layers};
    return b;
}

XrResult lookupSwapchain(const char* func, XrSwapchain handle, Swapchain*& swapchain, Session*& session) {
    swapchain = Runtime::get().find<Swapchain>(raw(handle));
    if (!swapchain) return violation(func, XR_ERROR_HANDLE_INVALID, "swapchain is not a live XrSwapchain");
    session = Runtime::get().find<Session>(swapchain->session);
    if (session->lost) return XR_ERROR_SESSION_LOST;
    return XR_SUCCESS;
}

} // namespace

void destroySwapchainImages(Session& session, Swapchain& swapchain) {
    if (swapchain.images.empty()) return;
    session.vk.queueWaitIdle(session.queue); // the app may have just submitted work on them
    for (SwapchainImage& image : swapchain.images) {
        if (image.image) session.vk.destroyImage(session.device, image.image, nullptr);
        if (image.memory) session.vk.freeMemory(session.device, image.memory, nullptr);
    }
    swapchain.images.clear();
}

bool captureView(Session& s, Swapchain& swapchain, const XrSwapchainSubImage& view, const std::string& file) {
    if (swapchain.depth || !swapchain.lastReleased) return false;
    const uint32_t w = uint32_t(view.imageRect.extent.width), h = uint32_t(view.imageRect.extent.height);
    const VkDeviceSize size = VkDeviceSize(w) * h * 4;
    VkBufferCreateInfo bufferInfo{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    bufferInfo.size = size;
    bufferInfo.usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    VkBuffer buffer = VK_NULL_HANDLE;
    if (s.vk.createBuffer(s.device, &bufferInfo, nullptr, &buffer) != VK_SUCCESS) return false;
    VkMemoryRequirements req{};
    s.vk.bufferRequirements(s.device, buffer, &req);
    VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    alloc.allocationSize = req.size;
    alloc.memoryTypeIndex = findMemoryType(s, req.memoryTypeBits,
                                           VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
    VkDeviceMemory memory = VK_NULL_HANDLE;
    bool ok = alloc.memoryTypeIndex != UINT32_MAX &&
              s.vk.allocateMemory(s.device, &alloc, nullptr, &memory) == VK_SUCCESS &&
              s.vk.bindBufferMemory(s.device, buffer, memory, 0) == VK_SUCCESS;
    const VkImage image = swapchain.images[*swapchain.lastReleased].image;
    const uint32_t layers = swapchain.info.arraySize;
    if (ok) {
        ok = submitAndWait(s, [&](VkCommandBuffer cmd) {
            VkImageMemoryBarrier toSrc =
                layoutBarrier(image, swapchain.aspect, layers, swapchain.layout, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
            s.vk.cmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0,
                                    nullptr, 0, nullptr, 1, &toSrc);
            VkBufferImageCopy region{};
            region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, view.imageArrayIndex, 1};
            region.imageOffset = {view.imageRect.offset.x, view.imageRect.offset.y, 0};
            region.imageExtent = {w, h, 1};
            s.vk.cmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, buffer, 1, &region);
            VkImageMemoryBarrier back =
                layoutBarrier(image, swapchain.aspect, layers, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, swapchain.layout);
            s.vk.cmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0,
                                    nullptr, 0, nullptr, 1, &back);
        });
    }
    std::vector<uint8_t> rgba(size);
    void* mapped = nullptr;
    if (ok && s.vk.mapMemory(s.device, memory, 0, size, 0, &mapped) == VK_SUCCESS) {
        std::memcpy(rgba.data(), mapped, size);
        s.vk.unmapMemory(s.device, memory);
    } else {
        ok = false;
    }
    s.vk.destroyBuffer(s.device, buffer, nullptr);
    if (memory) s.vk.freeMemory(s.device, memory, nullptr);
    if (!ok) {
        violation("xrEndFrame", XR_ERROR_RUNTIME_FAILURE, "capture of " + file + " failed on the GPU");
        return false;
    }
    if (swapchain.format == VK_FORMAT_B8G8R8A8_SRGB)
        for (size_t i = 0; i < rgba.size(); i += 4) std::swap(rgba[i], rgba[i + 2]);
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
    if (!writeRgbaPng(file, w, h, rgba)) {
        std::fprintf(stderr, "twinview-xrsim: cannot write capture %s\n", file.c_str());
        return false;
    }
    return true;
}

XrResult XRAPI_CALL enumerateSwapchainFormats(XrSession handle, uint32_t capacity, uint32_t* count, int64_t* formats) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEnumerateSwapchainFormats";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    std::vector<int64_t> list;
    for (VkFormat f : kColorFormats) list.push_back(f); // preferred first
    for (VkFormat f : kDepthFormats) list.push_back(f);
    return twoCall(func, capacity, count, formats, list);
}

XrResult XRAPI_CALL createSwapchain(XrSession handle, const XrSwapchainCreateInfo* info, XrSwapchain* out) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateSwapchain";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_SWAPCHAIN_CREATE_INFO, "createInfo"); r < 0) return r;
    if (!out) return violation(func, XR_ERROR_VALIDATION_FAILURE, "swapchain output is null");
    const auto format = VkFormat(info->format);
    const bool depth = isDepth(format);
    if (!depth && std::find(std::begin(kColorFormats), std::end(kColorFormats), format) == std::end(kColorFormats))
        return violation(func, XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED, "format " + std::to_string(info->format));
    if (info->width == 0 || info->height == 0 || info->width > kMaxImageSize || info->height > kMaxImageSize)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "width/height must be in [1, 4096]");
    if (info->sampleCount != 1 || info->faceCount != 1 || info->mipCount != 1 || info->arraySize == 0 ||
        info->arraySize > 2)
        return violation(func, XR_ERROR_FEATURE_UNSUPPORTED,
                         "only sampleCount 1, faceCount 1, mipCount 1 and arraySize 1 or 2 are supported");
    const XrSwapchainUsageFlags u = info->usageFlags;
    if ((depth && (u & XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT)) ||
        (!depth && (u & XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT)))
        return violation(func, XR_ERROR_FEATURE_UNSUPPORTED, "usageFlags do not fit the format (colour vs depth)");
    VkImageUsageFlags usage = VK_IMAGE_USAGE_TRANSFER_SRC_BIT; // the compositor (capture) reads the images
    if (u & XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT) usage |= VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
    if (u & XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT) usage |= VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
    if (u & XR_SWAPCHAIN_USAGE_UNORDERED_ACCESS_BIT) usage |= VK_IMAGE_USAGE_STORAGE_BIT;
    if (u & XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT) usage |= VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    if (u & XR_SWAPCHAIN_USAGE_SAMPLED_BIT) usage |= VK_IMAGE_USAGE_SAMPLED_BIT;
    if (u & XR_SWAPCHAIN_USAGE_INPUT_ATTACHMENT_BIT_MND) usage |= VK_IMAGE_USAGE_INPUT_ATTACHMENT_BIT;

    auto swapchain = std::make_unique<Swapchain>();
    swapchain->session = session->handle;
    swapchain->info = *info;
    swapchain->info.next = nullptr;
    swapchain->format = format;
    swapchain->depth = depth;
    swapchain->aspect =
        depth ? VkImageAspectFlags(VK_IMAGE_ASPECT_DEPTH_BIT) : VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT);
    if (format == VK_FORMAT_D24_UNORM_S8_UINT) swapchain->aspect |= VK_IMAGE_ASPECT_STENCIL_BIT;
    swapchain->layout = (u & XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT) ? VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL
                        : (u & XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT)
                            ? VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL
                            : VK_IMAGE_LAYOUT_GENERAL;
    const auto& vk = session->vk;
    for (uint32_t i = 0; i < kSwapchainImageCount; ++i) {
        VkImageCreateInfo imageInfo{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
        if (u & XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT) imageInfo.flags |= VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT;
        imageInfo.imageType = VK_IMAGE_TYPE_2D;
        imageInfo.format = format;
        imageInfo.extent = {info->width, info->height, 1};
        imageInfo.mipLevels = 1;
        imageInfo.arrayLayers = info->arraySize;
        imageInfo.samples = VK_SAMPLE_COUNT_1_BIT;
        imageInfo.tiling = VK_IMAGE_TILING_OPTIMAL;
        imageInfo.usage = usage;
        imageInfo.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
        imageInfo.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
        SwapchainImage image;
        bool ok = vk.createImage(session->device, &imageInfo, nullptr, &image.image) == VK_SUCCESS;
        if (ok) {
            VkMemoryRequirements req{};
            vk.imageRequirements(session->device, image.image, &req);
            VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
            alloc.allocationSize = req.size;
            alloc.memoryTypeIndex = findMemoryType(*session, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
            ok = alloc.memoryTypeIndex != UINT32_MAX &&
                 vk.allocateMemory(session->device, &alloc, nullptr, &image.memory) == VK_SUCCESS &&
                 vk.bindImageMemory(session->device, image.image, image.memory, 0) == VK_SUCCESS;
        }
        swapchain->images.push_back(image);
        if (!ok) {
            destroySwapchainImages(*session, *swapchain);
            return violation(func, XR_ERROR_RUNTIME_FAILURE, "cannot create the swapchain's Vulkan images");
        }
    }
    // Hand the images over in the layout the app expects at acquire time.
    const bool ok = submitAndWait(*session, [&](VkCommandBuffer cmd) {
        std::vector<VkImageMemoryBarrier> barriers;
        for (const SwapchainImage& image : swapchain->images)
            barriers.push_back(layoutBarrier(image.image, swapchain->aspect, info->arraySize, VK_IMAGE_LAYOUT_UNDEFINED,
                                             swapchain->layout));
        vk.cmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0, nullptr,
                              0, nullptr, uint32_t(barriers.size()), barriers.data());
    });
    if (!ok) {
        destroySwapchainImages(*session, *swapchain);
        return violation(func, XR_ERROR_RUNTIME_FAILURE, "cannot transition the swapchain images");
    }
    const uint64_t id = Runtime::get().add(std::move(swapchain));
    session->children.insert(id);
    *out = toHandle<XrSwapchain>(id);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroySwapchain(XrSwapchain handle) {
    std::lock_guard lock(Runtime::get().mutex());
    Swapchain* swapchain = Runtime::get().find<Swapchain>(raw(handle));
    if (!swapchain) return violation("xrDestroySwapchain", XR_ERROR_HANDLE_INVALID, "swapchain is not live");
    Session& session = *Runtime::get().find<Session>(swapchain->session);
    destroySwapchainImages(session, *swapchain);
    session.children.erase(swapchain->handle);
    Runtime::get().remove(swapchain->handle);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerateSwapchainImages(XrSwapchain handle, uint32_t capacity, uint32_t* count,
                                             XrSwapchainImageBaseHeader* images) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEnumerateSwapchainImages";
    Swapchain* swapchain = nullptr;
    Session* session = nullptr;
    if (XrResult r = lookupSwapchain(func, handle, swapchain, session); r < 0) return r;
    if (!count) return violation(func, XR_ERROR_VALIDATION_FAILURE, "count output is null");
    const auto n = uint32_t(swapchain->images.size());
    *count = n;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < n) return violation(func, XR_ERROR_SIZE_INSUFFICIENT, "capacity < image count");
    if (!images) return violation(func, XR_ERROR_VALIDATION_FAILURE, "images is null");
    auto* vkImages = reinterpret_cast<XrSwapchainImageVulkan2KHR*>(images);
    for (uint32_t i = 0; i < n; ++i) {
        if (XrResult r = checkStruct(func, &vkImages[i], XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR, "images[i]"); r < 0)
            return r;
        vkImages[i].image = swapchain->images[i].image;
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL acquireSwapchainImage(XrSwapchain handle, const XrSwapchainImageAcquireInfo* info,
                                          uint32_t* index) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrAcquireSwapchainImage";
    Swapchain* swapchain = nullptr;
    Session* session = nullptr;
    if (XrResult r = lookupSwapchain(func, handle, swapchain, session); r < 0) return r;
    if (info)
        if (XrResult r = checkStruct(func, info, XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO, "acquireInfo"); r < 0) return r;
    if (!index) return violation(func, XR_ERROR_VALIDATION_FAILURE, "index output is null");
    const size_t held = swapchain->acquired.size() + (swapchain->waited ? 1 : 0);
    if (held >= swapchain->images.size())
        return violation(func, XR_ERROR_CALL_ORDER_INVALID, "every image is already acquired and not released");
    if ((swapchain->info.createFlags & XR_SWAPCHAIN_CREATE_STATIC_IMAGE_BIT) && swapchain->acquiredTotal > 0)
        return violation(func, XR_ERROR_CALL_ORDER_INVALID, "a static swapchain's image can be acquired only once");
    *index = swapchain->nextAcquire;
    swapchain->acquired.push_back(swapchain->nextAcquire);
    swapchain->nextAcquire = (swapchain->nextAcquire + 1) % uint32_t(swapchain->images.size());
    swapchain->acquiredTotal += 1;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL waitSwapchainImage(XrSwapchain handle, const XrSwapchainImageWaitInfo* info) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrWaitSwapchainImage";
    Swapchain* swapchain = nullptr;
    Session* session = nullptr;
    if (XrResult r = lookupSwapchain(func, handle, swapchain, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO, "waitInfo"); r < 0) return r;
    if (swapchain->waited)
        return violation(func, XR_ERROR_CALL_ORDER_INVALID, "the previously waited image was not released");
    if (swapchain->acquired.empty())
        return violation(func, XR_ERROR_CALL_ORDER_INVALID, "no acquired image to wait for");
    // The simulated compositor is never still reading an image, so the wait completes at once.
    swapchain->waited = swapchain->acquired.front();
    swapchain->acquired.pop_front();
    return XR_SUCCESS;
}

XrResult XRAPI_CALL releaseSwapchainImage(XrSwapchain handle, const XrSwapchainImageReleaseInfo* info) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrReleaseSwapchainImage";
    Swapchain* swapchain = nullptr;
    Session* session = nullptr;
    if (XrResult r = lookupSwapchain(func, handle, swapchain, session); r < 0) return r;
    if (info)
        if (XrResult r = checkStruct(func, info, XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO, "releaseInfo"); r < 0) return r;
    if (!swapchain->waited)
        return violation(func, XR_ERROR_CALL_ORDER_INVALID, "no waited image to release (acquire and wait first)");
    swapchain->lastReleased = swapchain->waited;
    swapchain->waited.reset();
    return XR_SUCCESS;
}

} // namespace tv::xrsim
