#include "xr/panel/panel_gpu.h"

#include "core/assert.h"
#include "core/log.h"

#include <imgui.h>
#include <backends/imgui_impl_vulkan.h>

#include <algorithm>

namespace tv::xr {
namespace {

// Long enough for lavapipe under a loaded CI machine, short enough that a hung GPU becomes an error, not a hang.
constexpr uint64_t kFenceTimeoutNs = 10'000'000'000ull;

Error vkFailure(const char* call, VkResult result) {
    return makeError(result == VK_TIMEOUT ? ErrorCode::Timeout : ErrorCode::Device,
                     format("XR panel: %s failed (VkResult %d)", call, int(result)));
}

} // namespace

PanelGpu::PanelGpu(const gfx::Renderer::VulkanHandles& vk, VkFormat viewFormat, uint32_t width, uint32_t height)
    : m_vk(vk), m_viewFormat(viewFormat), m_width(width), m_height(height) {}

Expected<std::unique_ptr<PanelGpu>> PanelGpu::create(const gfx::Renderer::VulkanHandles& vk,
                                                     std::span<const VkImage> images, VkFormat viewFormat,
                                                     uint32_t width, uint32_t height) {
    std::unique_ptr<PanelGpu> gpu(new PanelGpu(vk, viewFormat, width, height));
    if (auto ok = gpu->init(images); !ok) return ok.error();
    return gpu;
}

Expected<void> PanelGpu::init(std::span<const VkImage> images) {
    // The whole panel is redrawn every frame, so the image is cleared (transparent black: where no ImGui window
    // covers the panel, the quad layer shows the world behind it). OpenXR hands colour images over in
    // COLOR_ATTACHMENT_OPTIMAL and wants them back in it, so that is both the initial and the final layout.
    VkAttachmentDescription attachment{};
    attachment.format = m_viewFormat;
    attachment.samples = VK_SAMPLE_COUNT_1_BIT;
    attachment.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    attachment.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    attachment.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    attachment.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    attachment.initialLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    attachment.finalLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    VkAttachmentReference colorRef{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription subpass{};
    subpass.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
    subpass.colorAttachmentCount = 1;
    subpass.pColorAttachments = &colorRef;
    // In: the previous frame's writes to the same image (an earlier panel submission) finish before the clear.
    // Out: the writes are available to whatever reads the image next on this queue (the compositor, a capture).
    VkSubpassDependency dependencies[2]{};
    dependencies[0].srcSubpass = VK_SUBPASS_EXTERNAL;
    dependencies[0].dstSubpass = 0;
    dependencies[0].srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    dependencies[0].dstStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    dependencies[0].srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    dependencies[0].dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    dependencies[1].srcSubpass = 0;
    dependencies[1].dstSubpass = VK_SUBPASS_EXTERNAL;
    dependencies[1].srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    dependencies[1].dstStageMask = VK_PIPELINE_STAGE_ALL_COMMANDS_BIT;
    dependencies[1].srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    dependencies[1].dstAccessMask = VK_ACCESS_MEMORY_READ_BIT;
    VkRenderPassCreateInfo passInfo{VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO};
    passInfo.attachmentCount = 1;
    passInfo.pAttachments = &attachment;
    passInfo.subpassCount = 1;
    passInfo.pSubpasses = &subpass;
    passInfo.dependencyCount = 2;
    passInfo.pDependencies = dependencies;
    if (VkResult r = vkCreateRenderPass(m_vk.device, &passInfo, nullptr, &m_renderPass); r != VK_SUCCESS)
        return vkFailure("vkCreateRenderPass", r);

    for (VkImage image : images) {
        VkImageViewCreateInfo viewInfo{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
        viewInfo.image = image;
        viewInfo.viewType = VK_IMAGE_VIEW_TYPE_2D;
        viewInfo.format = m_viewFormat;
        viewInfo.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
        VkImageView view = VK_NULL_HANDLE;
        if (VkResult r = vkCreateImageView(m_vk.device, &viewInfo, nullptr, &view); r != VK_SUCCESS)
            return vkFailure("vkCreateImageView", r);
        m_views.push_back(view);
        VkFramebufferCreateInfo framebufferInfo{VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO};
        framebufferInfo.renderPass = m_renderPass;
        framebufferInfo.attachmentCount = 1;
        framebufferInfo.pAttachments = &view;
        framebufferInfo.width = m_width;
        framebufferInfo.height = m_height;
        framebufferInfo.layers = 1;
        VkFramebuffer framebuffer = VK_NULL_HANDLE;
        if (VkResult r = vkCreateFramebuffer(m_vk.device, &framebufferInfo, nullptr, &framebuffer); r != VK_SUCCESS)
            return vkFailure("vkCreateFramebuffer", r);
        m_framebuffers.push_back(framebuffer);
    }

    // The backend needs one combined image sampler (the font atlas); a few more leave room for images that panels
    // may show later (ImGui_ImplVulkan_AddTexture arrives in later backend versions).
    VkDescriptorPoolSize poolSize{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 16};
    VkDescriptorPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    poolInfo.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
    poolInfo.maxSets = 16;
    poolInfo.poolSizeCount = 1;
    poolInfo.pPoolSizes = &poolSize;
    if (VkResult r = vkCreateDescriptorPool(m_vk.device, &poolInfo, nullptr, &m_descriptorPool); r != VK_SUCCESS)
        return vkFailure("vkCreateDescriptorPool", r);

    VkCommandPoolCreateInfo commandPoolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    commandPoolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    commandPoolInfo.queueFamilyIndex = m_vk.queueFamily;
    if (VkResult r = vkCreateCommandPool(m_vk.device, &commandPoolInfo, nullptr, &m_commandPool); r != VK_SUCCESS)
        return vkFailure("vkCreateCommandPool", r);

    // At least two slots: the backend insists on ImageCount >= MinImageCount >= 2.
    m_slots.resize(std::max<size_t>(images.size(), 2));
    for (Slot& slot : m_slots) {
        VkCommandBufferAllocateInfo allocInfo{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        allocInfo.commandPool = m_commandPool;
        allocInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        allocInfo.commandBufferCount = 1;
        if (VkResult r = vkAllocateCommandBuffers(m_vk.device, &allocInfo, &slot.commandBuffer); r != VK_SUCCESS)
            return vkFailure("vkAllocateCommandBuffers", r);
        VkFenceCreateInfo fenceInfo{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        if (VkResult r = vkCreateFence(m_vk.device, &fenceInfo, nullptr, &slot.fence); r != VK_SUCCESS)
            return vkFailure("vkCreateFence", r);
    }
    return {};
}

PanelGpu::~PanelGpu() {
    waitIdle();
    for (Slot& slot : m_slots)
        if (slot.fence) vkDestroyFence(m_vk.device, slot.fence, nullptr);
    if (m_commandPool) vkDestroyCommandPool(m_vk.device, m_commandPool, nullptr); // frees the command buffers
    if (m_descriptorPool) vkDestroyDescriptorPool(m_vk.device, m_descriptorPool, nullptr);
    for (VkFramebuffer framebuffer : m_framebuffers) vkDestroyFramebuffer(m_vk.device, framebuffer, nullptr);
    for (VkImageView view : m_views) vkDestroyImageView(m_vk.device, view, nullptr);
    if (m_renderPass) vkDestroyRenderPass(m_vk.device, m_renderPass, nullptr);
}

Expected<void> PanelGpu::waitSlot(Slot& slot) {
    if (!slot.pending) return {};
    if (VkResult r = vkWaitForFences(m_vk.device, 1, &slot.fence, VK_TRUE, kFenceTimeoutNs); r != VK_SUCCESS)
        return vkFailure("vkWaitForFences", r);
    slot.pending = false;
    return {};
}

void PanelGpu::waitIdle() {
    for (Slot& slot : m_slots)
        if (auto ok = waitSlot(slot); !ok) logError("%s", ok.error().message.c_str());
}

Expected<void> PanelGpu::waitForNextSlot() { return waitSlot(m_slots[m_submissions % m_slots.size()]); }

Expected<void> PanelGpu::submitAndWait(const std::function<void(VkCommandBuffer)>& record) {
    // Slot 0 is free (nothing submitted yet when this runs at creation; otherwise wait for it first).
    Slot& slot = m_slots[m_submissions % m_slots.size()];
    if (auto ok = waitSlot(slot); !ok) return ok;
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    if (VkResult r = vkBeginCommandBuffer(slot.commandBuffer, &begin); r != VK_SUCCESS)
        return vkFailure("vkBeginCommandBuffer", r);
    record(slot.commandBuffer);
    if (VkResult r = vkEndCommandBuffer(slot.commandBuffer); r != VK_SUCCESS) return vkFailure("vkEndCommandBuffer", r);
    if (VkResult r = vkResetFences(m_vk.device, 1, &slot.fence); r != VK_SUCCESS) return vkFailure("vkResetFences", r);
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &slot.commandBuffer;
    if (VkResult r = vkQueueSubmit(m_vk.queue, 1, &submit, slot.fence); r != VK_SUCCESS)
        return vkFailure("vkQueueSubmit", r);
    slot.pending = true;
    // Not counted as a submission: the slot ring follows the backend's vertex buffer ring, which this did not use.
    return waitSlot(slot);
}

Expected<void> PanelGpu::draw(uint32_t imageIndex, ImDrawData* drawData) {
    TV_ASSERT(imageIndex < m_framebuffers.size(), "swapchain image index out of range");
    Slot& slot = m_slots[m_submissions % m_slots.size()];
    TV_ASSERT(!slot.pending, "PanelGpu::draw without waitForNextSlot");
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    if (VkResult r = vkBeginCommandBuffer(slot.commandBuffer, &begin); r != VK_SUCCESS)
        return vkFailure("vkBeginCommandBuffer", r);
    VkClearValue clear{};
    clear.color = {{0.0f, 0.0f, 0.0f, 0.0f}};
    VkRenderPassBeginInfo passBegin{VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO};
    passBegin.renderPass = m_renderPass;
    passBegin.framebuffer = m_framebuffers[imageIndex];
    passBegin.renderArea.extent = {m_width, m_height};
    passBegin.clearValueCount = 1;
    passBegin.pClearValues = &clear;
    vkCmdBeginRenderPass(slot.commandBuffer, &passBegin, VK_SUBPASS_CONTENTS_INLINE);
    // Always called, even for an empty frame: the backend advances its buffer ring per call, and the slot ring
    // must stay in step with it.
    ImGui_ImplVulkan_RenderDrawData(drawData, slot.commandBuffer);
    vkCmdEndRenderPass(slot.commandBuffer);
    ++m_submissions;
    if (VkResult r = vkEndCommandBuffer(slot.commandBuffer); r != VK_SUCCESS) return vkFailure("vkEndCommandBuffer", r);
    if (VkResult r = vkResetFences(m_vk.device, 1, &slot.fence); r != VK_SUCCESS) return vkFailure("vkResetFences", r);
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &slot.commandBuffer;
    if (VkResult r = vkQueueSubmit(m_vk.queue, 1, &submit, slot.fence); r != VK_SUCCESS)
        return vkFailure("vkQueueSubmit", r);
    slot.pending = true;
    return {};
}

} // namespace tv::xr
