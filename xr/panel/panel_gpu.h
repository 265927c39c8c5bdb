// PanelGpu — the Vulkan half of XrPanel (internal to tv_xr_panel): the render pass ImGui's Vulkan backend draws
// with, an image view + framebuffer per OpenXR swapchain image, the backend's descriptor pool, and a command pool
// with one command buffer + fence per submission slot on the renderer's queue.
//
// Why slots and not one command buffer per swapchain image: the ImGui backend (1.86) keeps ImageCount vertex/index
// buffer sets and moves to the next set on every ImGui_ImplVulkan_RenderDrawData call, whatever image is drawn, and
// it never waits. Submission k therefore reuses the buffers of submission k - slotCount(); waiting for that
// submission's fence (the slot's) before recording protects both the backend's buffers and the slot's command
// buffer. The swapchain image itself needs no CPU wait: xrWaitSwapchainImage says the compositor is done with it,
// and the panel's earlier writes to it are ordered on the same queue by the render pass's external dependency.
//
// Threading: the renderer's thread (the same queue as the renderer, which is externally synchronised).
#pragma once

#include "core/expected.h"
#include "gfx/renderer.h"

#include <functional>
#include <memory>
#include <span>
#include <vector>

struct ImDrawData;

namespace tv::xr {

class PanelGpu {
public:
    // `images` are the swapchain's VkImages (WxH, one layer, COLOR_ATTACHMENT_OPTIMAL whenever the panel does not
    // hold them); `viewFormat` is the format the panel renders through (UNORM for a mutable sRGB image).
    static Expected<std::unique_ptr<PanelGpu>> create(const gfx::Renderer::VulkanHandles& vk,
                                                      std::span<const VkImage> images, VkFormat viewFormat,
                                                      uint32_t width, uint32_t height);
    ~PanelGpu(); // waits for the panel's submissions, then destroys everything
    PanelGpu(const PanelGpu&) = delete;
    PanelGpu& operator=(const PanelGpu&) = delete;

    VkRenderPass renderPass() const { return m_renderPass; }
    VkDescriptorPool descriptorPool() const { return m_descriptorPool; }
    // The number of submission slots = the ImageCount the ImGui backend must be initialised with (>= 2).
    uint32_t slotCount() const { return uint32_t(m_slots.size()); }

    // Records `record` into a one-off command buffer, submits it and waits (the font atlas upload).
    Expected<void> submitAndWait(const std::function<void(VkCommandBuffer)>& record);
    // Waits until the next slot's previous submission has finished (call before recording, i.e. before the ImGui
    // backend writes its vertex buffers). Error: Timeout after 10 s, Device on a device loss.
    Expected<void> waitForNextSlot();
    // Clears swapchain image `imageIndex` to transparent black, draws `drawData` with the ImGui backend (the
    // panel's context must be current) and submits the next slot. The image ends in COLOR_ATTACHMENT_OPTIMAL.
    Expected<void> draw(uint32_t imageIndex, ImDrawData* drawData);
    // Waits for every pending submission (destruction, tests).
    void waitIdle();

private:
    struct Slot {
        VkCommandBuffer commandBuffer = VK_NULL_HANDLE;
        VkFence fence = VK_NULL_HANDLE;
        bool pending = false; // submitted with `fence`, not yet waited for
    };

    PanelGpu(const gfx::Renderer::VulkanHandles& vk, VkFormat viewFormat, uint32_t width, uint32_t height);
    Expected<void> init(std::span<const VkImage> images);
    Expected<void> waitSlot(Slot& slot);

    gfx::Renderer::VulkanHandles m_vk;
    VkFormat m_viewFormat;
    uint32_t m_width, m_height;
    VkRenderPass m_renderPass = VK_NULL_HANDLE;
    VkDescriptorPool m_descriptorPool = VK_NULL_HANDLE;
    VkCommandPool m_commandPool = VK_NULL_HANDLE;
    std::vector<VkImageView> m_views;
    std::vector<VkFramebuffer> m_framebuffers;
    std::vector<Slot> m_slots;
    uint64_t m_submissions = 0;
};

} // namespace tv::xr
