// Uploader — synchronous transfers of static data (asset geometry and textures, start-up environment maps) into
// device-local resources: copies through staging buffers, records into one command buffer, submits and waits.
// Waiting keeps it simple and correct; it runs when an asset is first seen, not every frame.
// Render thread only.
#pragma once

#include "core/expected.h"
#include "gfx/gpu_resources.h"

#include <vulkan/vulkan.h>

#include <vector>

namespace tv::gfx {

class Uploader {
public:
    explicit Uploader(GpuCore& gpu);
    ~Uploader();
    Uploader(const Uploader&) = delete;
    Uploader& operator=(const Uploader&) = delete;

    // Starts a batch; the returned command buffer may also be used for other one-shot work (compute dispatches).
    Expected<VkCommandBuffer> begin();
    // Copies `size` bytes into dst at dstOffset.
    Expected<void> uploadBuffer(const Buffer& dst, VkDeviceSize dstOffset, const void* data, size_t size);
    // Fills mip 0 of a 2D image from tightly packed texels, builds the mip chain with blits when the image has more
    // than one mip, and leaves every mip in SHADER_READ_ONLY_OPTIMAL.
    Expected<void> uploadImage(const Image& dst, const void* texels, size_t size);
    // Submits the batch and waits for it; frees the staging memory.
    Expected<void> submitAndWait();
    VkCommandBuffer commandBuffer() const { return m_cmd; }

private:
    Expected<Buffer> stage(const void* data, size_t size);

    GpuCore& m_gpu;
    VkCommandPool m_pool = VK_NULL_HANDLE;
    VkCommandBuffer m_cmd = VK_NULL_HANDLE;
    std::vector<Buffer> m_staging;
};

// Records the blit chain mip i-1 -> mip i for all layers; expects every mip in TRANSFER_DST_OPTIMAL and leaves
// every mip in `finalLayout`.
void generateMips(VkCommandBuffer cmd, const Image& image, VkImageLayout finalLayout, VkPipelineStageFlags2 dstStage,
                  VkAccessFlags2 dstAccess);

} // namespace tv::gfx
