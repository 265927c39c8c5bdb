#include "gfx/upload.h"

#include "gfx/retire_list.h"
#include "gfx/vk_barriers.h"
#include "gfx/vk_check.h"
#include "gfx/vk_context.h"

#include "core/assert.h"

#include <algorithm>
#include <cstring>

namespace tv::gfx {

Uploader::Uploader(GpuCore& gpu) : m_gpu(gpu) {
    VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pci.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT | VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pci.queueFamilyIndex = gpu.ctx.queueFamily();
    TV_VK_CHECK(vkCreateCommandPool(gpu.device(), &pci, nullptr, &m_pool));
    gpu.ctx.name(m_pool, VK_OBJECT_TYPE_COMMAND_POOL, "upload command pool");
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = m_pool;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    TV_VK_CHECK(vkAllocateCommandBuffers(gpu.device(), &ai, &m_cmd));
    gpu.ctx.name(m_cmd, VK_OBJECT_TYPE_COMMAND_BUFFER, "upload commands");
}

Uploader::~Uploader() {
    TV_ASSERT(m_staging.empty(), "upload batch neither submitted nor abandoned");
    vkDestroyCommandPool(m_gpu.device(), m_pool, nullptr);
}

Expected<VkCommandBuffer> Uploader::begin() {
    TV_VK_TRY(vkResetCommandBuffer(m_cmd, 0));
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    TV_VK_TRY(vkBeginCommandBuffer(m_cmd, &bi));
    return m_cmd;
}

Expected<Buffer> Uploader::stage(const void* data, size_t size) {
    auto staging = createBuffer(m_gpu, std::max<size_t>(size, 4), VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUsage::Upload,
                                "staging");
    if (!staging) return staging.error();
    std::memcpy(staging->mapped(), data, size);
    m_staging.push_back(*staging);
    return *staging;
}

Expected<void> Uploader::uploadBuffer(const Buffer& dst, VkDeviceSize dstOffset, const void* data, size_t size) {
    if (size == 0) return {};
    auto staging = stage(data, size);
    if (!staging) return staging.error();
    VkBufferCopy copy{0, dstOffset, size};
    vkCmdCopyBuffer(m_cmd, staging->buffer, dst.buffer, 1, &copy);
    return {};
}

Expected<void> Uploader::uploadImage(const Image& dst, const void* texels, size_t size) {
    auto staging = stage(texels, size);
    if (!staging) return staging.error();
    transitionImage(m_cmd, {dst.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                            VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, 0,
                            VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT});
    VkBufferImageCopy region{};
    region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    region.imageExtent = {dst.width, dst.height, 1};
    vkCmdCopyBufferToImage(m_cmd, staging->buffer, dst.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
    generateMips(m_cmd, dst, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    return {};
}

Expected<void> Uploader::submitAndWait() {
    TV_VK_TRY(vkEndCommandBuffer(m_cmd));
    uint64_t value = m_gpu.ctx.submit(m_cmd);
    m_gpu.ctx.waitFor(value);
    for (Buffer& b : m_staging) destroyBuffer(m_gpu.device(), m_gpu.allocator, b);
    m_staging.clear();
    return {};
}

void generateMips(VkCommandBuffer cmd, const Image& image, VkImageLayout finalLayout, VkPipelineStageFlags2 dstStage,
                  VkAccessFlags2 dstAccess) {
    int32_t w = int32_t(image.width), h = int32_t(image.height);
    for (uint32_t mip = 1; mip < image.mipLevels; ++mip) {
        transitionImage(cmd, {image.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                              VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                              VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                              VK_ACCESS_2_TRANSFER_READ_BIT, mip - 1, 1, 0, image.layers});
        int32_t nw = std::max(w / 2, 1), nh = std::max(h / 2, 1);
        VkImageBlit blit{};
        blit.srcSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, mip - 1, 0, image.layers};
        blit.srcOffsets[1] = {w, h, 1};
        blit.dstSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, mip, 0, image.layers};
        blit.dstOffsets[1] = {nw, nh, 1};
        vkCmdBlitImage(cmd, image.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, image.image,
                       VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &blit, VK_FILTER_LINEAR);
        transitionImage(cmd, {image.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, finalLayout,
                              VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT, dstStage, dstAccess,
                              mip - 1, 1, 0, image.layers});
        w = nw;
        h = nh;
    }
    transitionImage(cmd, {image.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, finalLayout,
                          VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT, dstStage, dstAccess,
                          image.mipLevels - 1, 1, 0, image.layers});
}

} // namespace tv::gfx
