// Buffers and images with their memory (from GpuAllocator), debug names and process-wide live counters, so a test
// or shutdown can prove nothing leaked. Destruction here is immediate: callers that may still have the object in
// flight hand it to RetireList instead. Render thread only.
#pragma once

#include "core/expected.h"
#include "gfx/gpu_allocator.h"

#include <vulkan/vulkan.h>

#include <string>

namespace tv::gfx {

class VulkanContext;
class RetireList;

// The three objects nearly every GPU helper needs, bundled so signatures stay short.
struct GpuCore {
    VulkanContext& ctx;
    GpuAllocator& allocator;
    RetireList& retire;
    VkDevice device() const;
};

struct Buffer {
    VkBuffer buffer = VK_NULL_HANDLE;
    Allocation alloc;
    VkDeviceSize size = 0;
    uint8_t* mapped() const { return alloc.mapped; }
    explicit operator bool() const { return buffer != VK_NULL_HANDLE; }
};

struct ImageDesc {
    VkFormat format = VK_FORMAT_R8G8B8A8_UNORM;
    uint32_t width = 1, height = 1;
    uint32_t mipLevels = 1;
    uint32_t layers = 1;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    VkImageUsageFlags usage = VK_IMAGE_USAGE_SAMPLED_BIT;
    bool cube = false;      // layers == 6, viewed as a cube
    bool arrayView = false; // view as a 2D array even when layers == 1
};

struct Image {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE; // all mips and layers
    Allocation alloc;
    VkFormat format = VK_FORMAT_UNDEFINED;
    uint32_t width = 0, height = 0, mipLevels = 1, layers = 1;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    explicit operator bool() const { return image != VK_NULL_HANDLE; }
};

Expected<Buffer> createBuffer(GpuCore& gpu, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUsage memory,
                              const std::string& name);
Expected<Image> createImage(GpuCore& gpu, const ImageDesc& desc, const std::string& name);
// An extra view (one mip, some layers) of an existing image; the caller destroys or retires it.
Expected<VkImageView> createImageView(GpuCore& gpu, const Image& image, VkImageViewType type, uint32_t baseMip,
                                      uint32_t mipCount, uint32_t baseLayer, uint32_t layerCount,
                                      const std::string& name);

void destroyBuffer(VkDevice device, GpuAllocator& allocator, Buffer& buffer);
void destroyImage(VkDevice device, GpuAllocator& allocator, Image& image);
void destroyImageView(VkDevice device, VkImageView view);
void destroySampler(VkDevice device, VkSampler sampler);
void destroyDescriptorPool(VkDevice device, VkDescriptorPool pool);
void noteSamplerCreated();
void noteDescriptorPoolCreated();
void noteImageViewCreated();

bool isDepthFormat(VkFormat format);
bool isSrgbFormat(VkFormat format);

// Live GPU objects in this process (all renderers); every counter is 0 after a clean shutdown.
struct LiveGpuObjects {
    int64_t buffers = 0, images = 0, imageViews = 0, samplers = 0, descriptorPools = 0;
    int64_t total() const { return buffers + images + imageViews + samplers + descriptorPools; }
};
LiveGpuObjects liveGpuObjects();

} // namespace tv::gfx
