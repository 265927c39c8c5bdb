// Stereo into external images, the way the OpenXR front end will use it: the test creates a 2-layer colour image
// and a 2-layer D32 depth image on the renderer's device (as a runtime creates swapchain images), puts them in the
// layouts OpenXR swapchain images have (COLOR_ATTACHMENT_OPTIMAL / DEPTH_STENCIL_ATTACHMENT_OPTIMAL), calls
// renderStereo and reads both back. Checks: same colour as the renderer-owned path, depth reversed-Z with the near
// object nearer and the expected value, images left in their layouts, no validation message.
#include "gfx/renderer.h"
#include "scene/frame_extract.h"
#include "test_renderer_fixture.h"
#include "test_scene_builders.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace tv {
namespace {

constexpr uint32_t kSize = 96;

// Just enough raw Vulkan for a test: images and a host-visible buffer with their own memory, one-shot commands.
class RawVulkan {
public:
    explicit RawVulkan(const gfx::Renderer::VulkanHandles& vk) : m_vk(vk) {
        VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        pci.queueFamilyIndex = vk.queueFamily;
        vkCreateCommandPool(vk.device, &pci, nullptr, &m_pool);
    }
    ~RawVulkan() {
        vkDeviceWaitIdle(m_vk.device);
        for (VkImage i : m_images) vkDestroyImage(m_vk.device, i, nullptr);
        for (VkBuffer b : m_buffers) vkDestroyBuffer(m_vk.device, b, nullptr);
        for (VkDeviceMemory m : m_memory) vkFreeMemory(m_vk.device, m, nullptr);
        vkDestroyCommandPool(m_vk.device, m_pool, nullptr);
    }

    VkImage image(VkFormat format, VkImageUsageFlags usage) {
        VkImageCreateInfo ici{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
        ici.imageType = VK_IMAGE_TYPE_2D;
        ici.format = format;
        ici.extent = {kSize, kSize, 1};
        ici.mipLevels = 1;
        ici.arrayLayers = 2;
        ici.samples = VK_SAMPLE_COUNT_1_BIT;
        ici.tiling = VK_IMAGE_TILING_OPTIMAL;
        ici.usage = usage;
        VkImage img = VK_NULL_HANDLE;
        vkCreateImage(m_vk.device, &ici, nullptr, &img);
        VkMemoryRequirements req;
        vkGetImageMemoryRequirements(m_vk.device, img, &req);
        vkBindImageMemory(m_vk.device, img, allocate(req, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT), 0);
        m_images.push_back(img);
        return img;
    }

    // A host-visible buffer; returns it and its mapped pointer.
    std::pair<VkBuffer, void*> buffer(VkDeviceSize size) {
        VkBufferCreateInfo bci{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
        bci.size = size;
        bci.usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT;
        VkBuffer buf = VK_NULL_HANDLE;
        vkCreateBuffer(m_vk.device, &bci, nullptr, &buf);
        VkMemoryRequirements req;
        vkGetBufferMemoryRequirements(m_vk.device, buf, &req);
        VkDeviceMemory mem = allocate(req, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
        vkBindBufferMemory(m_vk.device, buf, mem, 0);
        void* mapped = nullptr;
        vkMapMemory(m_vk.device, mem, 0, VK_WHOLE_SIZE, 0, &mapped);
        m_buffers.push_back(buf);
        return {buf, mapped};
    }

    template <typename F>
    void submit(F&& record) {
        VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        ai.commandPool = m_pool;
        ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        ai.commandBufferCount = 1;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        vkAllocateCommandBuffers(m_vk.device, &ai, &cmd);
        VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        vkBeginCommandBuffer(cmd, &bi);
        record(cmd);
        vkEndCommandBuffer(cmd);
        VkSubmitInfo si{VK_STRUCTURE_TYPE_SUBMIT_INFO};
        si.commandBufferCount = 1;
        si.pCommandBuffers = &cmd;
        vkQueueSubmit(m_vk.queue, 1, &si, VK_NULL_HANDLE);
        vkQueueWaitIdle(m_vk.queue);
        vkFreeCommandBuffers(m_vk.device, m_pool, 1, &cmd);
    }

private:
    VkDeviceMemory allocate(const VkMemoryRequirements& req, VkMemoryPropertyFlags props) {
        VkPhysicalDeviceMemoryProperties mp;
        vkGetPhysicalDeviceMemoryProperties(m_vk.physicalDevice, &mp);
        uint32_t type = 0;
        for (uint32_t i = 0; i < mp.memoryTypeCount; ++i)
            if ((req.memoryTypeBits & (1u << i)) && (mp.memoryTypes[i].propertyFlags & props) == props) {
                type = i;
                break;
            }
        VkMemoryAllocateInfo ai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
        ai.allocationSize = req.size;
        ai.memoryTypeIndex = type;
        VkDeviceMemory mem = VK_NULL_HANDLE;
        vkAllocateMemory(m_vk.device, &ai, nullptr, &mem);
        m_memory.push_back(mem);
        return mem;
    }

    gfx::Renderer::VulkanHandles m_vk;
    VkCommandPool m_pool = VK_NULL_HANDLE;
    std::vector<VkImage> m_images;
    std::vector<VkBuffer> m_buffers;
    std::vector<VkDeviceMemory> m_memory;
};

void barrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, VkImageLayout from, VkImageLayout to) {
    VkImageMemoryBarrier b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
    b.srcAccessMask = VK_ACCESS_MEMORY_WRITE_BIT;
    b.dstAccessMask = VK_ACCESS_MEMORY_READ_BIT | VK_ACCESS_MEMORY_WRITE_BIT;
    b.oldLayout = from;
    b.newLayout = to;
    b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = image;
    b.subresourceRange = {aspect, 0, 1, 0, 2};
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0, 0, nullptr, 0,
                         nullptr, 1, &b);
}

TEST(RendererStereoExternal, SwapchainLikeImagesGetColourAndReversedDepth) {
    auto h = test::makeTestRenderer(gfx::LightingMode::Neutral);
    TV_REQUIRE_RENDERER(h);
    gfx::Renderer& r = *h.renderer;
    // A near box (left of centre) and a far box (right of centre), seen from the origin down -Z.
    scene::FrameExtract ex;
    auto box = test::makeBoxAsset(vec4(0.7f, 0.2f, 0.2f, 1.0f), 0.0f, 0.6f);
    const float nearZ = 2.0f, farZ = 6.0f;
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(-0.6f, 0, -nearZ)) * glm::scale(mat4(1.0f), vec3(0.4f)), 1);
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(1.8f, 0, -farZ)) * glm::scale(mat4(1.0f), vec3(1.2f)), 2);
    scene::ViewCamera cam;
    cam.eye = vec3(0);
    cam.target = vec3(0, 0, -1);
    cam.yfov = glm::radians(90.0f);
    auto eyes = gfx::stereoEyesAround(cam, 1.0f, 0.064f);
    gfx::StereoOptions opt;
    opt.znear = 0.1f;
    opt.zfar = 50.0f;
    opt.clearAlpha = 0.0f;

    RawVulkan vk(r.vulkanHandles());
    VkImage color =
        vk.image(VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
    VkImage depth =
        vk.image(VK_FORMAT_D32_SFLOAT, VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT);
    auto [colorBuf, colorMapped] = vk.buffer(VkDeviceSize(kSize) * kSize * 4 * 2);
    auto [depthBuf, depthMapped] = vk.buffer(VkDeviceSize(kSize) * kSize * 4 * 2);
    // OpenXR hands swapchain images over in these layouts.
    vk.submit([&](VkCommandBuffer cmd) {
        barrier(cmd, color, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL);
        barrier(cmd, depth, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL);
    });

    gfx::ExternalStereoTarget target;
    target.color = color;
    target.colorFormat = VK_FORMAT_R8G8B8A8_UNORM;
    target.width = target.height = kSize;
    target.depth = depth;
    // Two frames: the second reuses the swapchain-like images (and retires the first frame's views).
    for (int frame = 0; frame < 2; ++frame) {
        auto ok = r.renderStereo(ex, eyes, target, opt);
        ASSERT_TRUE(bool(ok)) << ok.error().message;
    }
    r.waitIdle();
    vk.submit([&](VkCommandBuffer cmd) {
        // They must come back in the swapchain layouts: transition from those (validation checks the layout).
        barrier(cmd, color, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
        barrier(cmd, depth, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL,
                VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 2};
        region.imageExtent = {kSize, kSize, 1};
        vkCmdCopyImageToBuffer(cmd, color, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, colorBuf, 1, &region);
        region.imageSubresource.aspectMask = VK_IMAGE_ASPECT_DEPTH_BIT;
        vkCmdCopyImageToBuffer(cmd, depth, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, depthBuf, 1, &region);
        VkMemoryBarrier mb{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
        mb.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
        mb.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &mb, 0, nullptr, 0,
                             nullptr);
    });

    // Colour: the same pixels as the renderer-owned stereo path (same pass, same format).
    auto owned = r.renderStereoToImages(ex, eyes, kSize, kSize, opt);
    ASSERT_TRUE(bool(owned)) << owned.error().message;
    const size_t layerBytes = size_t(kSize) * kSize * 4;
    for (uint32_t i = 0; i < 2; ++i)
        EXPECT_EQ(std::memcmp(static_cast<const uint8_t*>(colorMapped) + i * layerBytes, (*owned)[i].pixels.data(),
                              layerBytes),
                  0)
            << "eye " << i;

    // Depth: reversed-Z, cleared to 0 (far); the near box nearer (larger) than the far box; the near box's front
    // face (z = -(nearZ - 0.2)) at the projection's depth for that distance.
    const float* d = static_cast<const float*>(depthMapped);
    auto depthAt = [&](uint32_t eye, vec3 world) {
        mat4 vp = gfx::stereoProjection(eyes[eye], opt.znear, opt.zfar) * gfx::stereoView(eyes[eye]);
        vec4 c = vp * vec4(world, 1.0f);
        vec2 ndc = vec2(c) / c.w;
        uint32_t x = uint32_t((ndc.x * 0.5f + 0.5f) * kSize), y = uint32_t((ndc.y * 0.5f + 0.5f) * kSize);
        return std::pair<float, float>(d[eye * kSize * kSize + y * kSize + x], c.z / c.w);
    };
    for (uint32_t eye = 0; eye < 2; ++eye) {
        auto [nearDepth, nearExpected] = depthAt(eye, vec3(-0.6f, 0, -nearZ + 0.2f));
        auto [farDepth, farExpected] = depthAt(eye, vec3(1.8f, 0, -farZ + 0.6f));
        EXPECT_NEAR(nearDepth, nearExpected, 1e-4f) << "eye " << eye;
        EXPECT_NEAR(farDepth, farExpected, 1e-4f) << "eye " << eye;
        EXPECT_GT(nearDepth, farDepth) << "eye " << eye << ": reversed-Z, nearer is larger";
        EXPECT_EQ(d[eye * kSize * kSize], 0.0f) << "background at the far value";
        // Colour alpha agrees: geometry opaque, background transparent.
        const uint8_t* px = static_cast<const uint8_t*>(colorMapped) + eye * layerBytes;
        EXPECT_EQ(px[3], 0);
    }
    EXPECT_EQ(r.validationMessageCount(), 0u);
}

} // namespace
} // namespace tv
