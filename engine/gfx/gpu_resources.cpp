#include "gfx/gpu_resources.h"

#include "gfx/vk_check.h"
#include "gfx/vk_context.h"

#include "core/log.h"

#include <atomic>

namespace tv::gfx {
namespace {
std::atomic<int64_t> g_buffers{0}, g_images{0}, g_views{0}, g_samplers{0}, g_pools{0};

VkImageAspectFlags aspectOf(VkFormat format) {
    return isDepthFormat(format) ? VK_IMAGE_ASPECT_DEPTH_BIT : VK_IMAGE_ASPECT_COLOR_BIT;
}
} // namespace

VkDevice GpuCore::device() const { return ctx.device(); }

bool isDepthFormat(VkFormat f) {
    return f == VK_FORMAT_D32_SFLOAT || f == VK_FORMAT_D16_UNORM || f == VK_FORMAT_D24_UNORM_S8_UINT ||
           f == VK_FORMAT_D32_SFLOAT_S8_UINT;
}

bool isSrgbFormat(VkFormat f) {
    return f == VK_FORMAT_R8G8B8A8_SRGB || f == VK_FORMAT_B8G8R8A8_SRGB || f == VK_FORMAT_A8B8G8R8_SRGB_PACK32;
}

Expected<Buffer> createBuffer(GpuCore& gpu, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUsage memory,
                              const std::string& name) {
    Buffer b;
    b.size = size;
    VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    bci.size = size;
    bci.usage = usage;
    bci.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    TV_VK_TRY(vkCreateBuffer(gpu.device(), &bci, nullptr, &b.buffer));
    VkMemoryRequirements req;
    vkGetBufferMemoryRequirements(gpu.device(), b.buffer, &req);
    auto alloc = gpu.allocator.allocate(req, memory);
    if (!alloc) {
        vkDestroyBuffer(gpu.device(), b.buffer, nullptr);
        return makeError(ErrorCode::Device,
                         format("allocating %llu bytes for buffer '%s': %s", (unsigned long long)size, name.c_str(),
                                alloc.error().message.c_str()));
    }
    b.alloc = *alloc;
    VkResult r = vkBindBufferMemory(gpu.device(), b.buffer, b.alloc.memory, b.alloc.offset);
    ++g_buffers;
    if (r != VK_SUCCESS) {
        destroyBuffer(gpu.device(), gpu.allocator, b);
        return vkError("vkBindBufferMemory", r, __FILE__, __LINE__);
    }
    gpu.ctx.name(b.buffer, VK_OBJECT_TYPE_BUFFER, name);
    return b;
}

Expected<Image> createImage(GpuCore& gpu, const ImageDesc& desc, const std::string& name) {
    Image img;
    img.format = desc.format;
    img.width = desc.width;
    img.height = desc.height;
    img.mipLevels = desc.mipLevels;
    img.layers = desc.layers;
    img.samples = desc.samples;
    VkImageCreateInfo ici{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
    ici.flags = desc.cube ? VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT : 0;
    ici.imageType = VK_IMAGE_TYPE_2D;
    ici.format = desc.format;
    ici.extent = {desc.width, desc.height, 1};
    ici.mipLevels = desc.mipLevels;
    ici.arrayLayers = desc.layers;
    ici.samples = desc.samples;
    ici.tiling = VK_IMAGE_TILING_OPTIMAL;
    ici.usage = desc.usage;
    ici.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    ici.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    TV_VK_TRY(vkCreateImage(gpu.device(), &ici, nullptr, &img.image));
    ++g_images;
    VkMemoryRequirements req;
    vkGetImageMemoryRequirements(gpu.device(), img.image, &req);
    auto alloc = gpu.allocator.allocate(req, MemoryUsage::DeviceLocal);
    if (!alloc) {
        destroyImage(gpu.device(), gpu.allocator, img);
        return makeError(ErrorCode::Device, format("allocating memory for image '%s' (%ux%u): %s", name.c_str(),
                                                   desc.width, desc.height, alloc.error().message.c_str()));
    }
    img.alloc = *alloc;
    VkResult r = vkBindImageMemory(gpu.device(), img.image, img.alloc.memory, img.alloc.offset);
    if (r != VK_SUCCESS) {
        destroyImage(gpu.device(), gpu.allocator, img);
        return vkError("vkBindImageMemory", r, __FILE__, __LINE__);
    }
    gpu.ctx.name(img.image, VK_OBJECT_TYPE_IMAGE, name);
    VkImageViewType viewType = desc.cube                             ? VK_IMAGE_VIEW_TYPE_CUBE
                               : (desc.layers > 1 || desc.arrayView) ? VK_IMAGE_VIEW_TYPE_2D_ARRAY
                                                                     : VK_IMAGE_VIEW_TYPE_2D;
    auto view = createImageView(gpu, img, viewType, 0, desc.mipLevels, 0, desc.layers, name + " view");
    if (!view) {
        destroyImage(gpu.device(), gpu.allocator, img);
        return view.error();
    }
    img.view = *view;
    return img;
}

Expected<VkImageView> createImageView(GpuCore& gpu, const Image& image, VkImageViewType type, uint32_t baseMip,
                                      uint32_t mipCount, uint32_t baseLayer, uint32_t layerCount,
                                      const std::string& name) {
    VkImageViewCreateInfo vci{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    vci.image = image.image;
    vci.viewType = type;
    vci.format = image.format;
    vci.subresourceRange = {aspectOf(image.format), baseMip, mipCount, baseLayer, layerCount};
    VkImageView view = VK_NULL_HANDLE;
    TV_VK_TRY(vkCreateImageView(gpu.device(), &vci, nullptr, &view));
    ++g_views;
    gpu.ctx.name(view, VK_OBJECT_TYPE_IMAGE_VIEW, name);
    return view;
}

void destroyBuffer(VkDevice device, GpuAllocator& allocator, Buffer& b) {
    if (b.buffer) {
        vkDestroyBuffer(device, b.buffer, nullptr);
        --g_buffers;
    }
    allocator.free(b.alloc);
    b = Buffer{};
}

void destroyImage(VkDevice device, GpuAllocator& allocator, Image& img) {
    destroyImageView(device, img.view);
    if (img.image) {
        vkDestroyImage(device, img.image, nullptr);
        --g_images;
    }
    allocator.free(img.alloc);
    img = Image{};
}

void destroyImageView(VkDevice device, VkImageView view) {
    if (!view) return;
    vkDestroyImageView(device, view, nullptr);
    --g_views;
}

void destroySampler(VkDevice device, VkSampler sampler) {
    if (!sampler) return;
    vkDestroySampler(device, sampler, nullptr);
    --g_samplers;
}

void destroyDescriptorPool(VkDevice device, VkDescriptorPool pool) {
    if (!pool) return;
    vkDestroyDescriptorPool(device, pool, nullptr);
    --g_pools;
}

void noteSamplerCreated() { ++g_samplers; }
void noteDescriptorPoolCreated() { ++g_pools; }
void noteImageViewCreated() { ++g_views; }

LiveGpuObjects liveGpuObjects() {
    return LiveGpuObjects{g_buffers.load(), g_images.load(), g_views.load(), g_samplers.load(), g_pools.load()};
}

} // namespace tv::gfx
