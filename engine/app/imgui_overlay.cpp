#include "app/imgui_overlay.h"

#include "core/log.h"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_vulkan.h>

namespace tv::app {
namespace {

// Frames in flight are 2; anything a recorded frame used is safe to destroy after this many later frames.
constexpr uint64_t kRetireFrames = 4;

void checkVk(VkResult r) {
    if (r != VK_SUCCESS) logError("ImGui Vulkan backend: VkResult %d", int(r));
}

} // namespace

ImGuiOverlay::ImGuiOverlay(gfx::Renderer& renderer, gfx::WindowTarget& target)
    : m_vk(renderer.vulkanHandles()), m_target(target) {}

Expected<std::unique_ptr<ImGuiOverlay>> ImGuiOverlay::create(gfx::Renderer& renderer, gfx::WindowTarget& target,
                                                             GLFWwindow* window) {
    std::unique_ptr<ImGuiOverlay> o(new ImGuiOverlay(renderer, target));
    if (auto ok = o->init(window); !ok) return ok.error();
    ImGuiOverlay* self = o.get();
    target.setOverlay([self](VkCommandBuffer cmd, const gfx::OverlayTarget& t) { self->record(cmd, t); });
    return o;
}

Expected<void> ImGuiOverlay::init(GLFWwindow* window) {
    m_format = m_target.colorFormat();
    // The UI needs few descriptors: the font atlas and any images panels show.
    VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 64};
    VkDescriptorPoolCreateInfo pci{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    pci.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT;
    pci.maxSets = 64;
    pci.poolSizeCount = 1;
    pci.pPoolSizes = &size;
    if (VkResult r = vkCreateDescriptorPool(m_vk.device, &pci, nullptr, &m_pool); r != VK_SUCCESS)
        return makeError(ErrorCode::Device, format("UI: vkCreateDescriptorPool failed (%d)", int(r)));

    // One colour attachment loaded (the scene is already there) and stored; the window target moves the image to
    // COLOR_ATTACHMENT_OPTIMAL before the overlay and back afterwards.
    VkAttachmentDescription att{};
    att.format = m_format;
    att.samples = VK_SAMPLE_COUNT_1_BIT;
    att.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD;
    att.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    att.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    att.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    att.initialLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    att.finalLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription sub{};
    sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
    sub.colorAttachmentCount = 1;
    sub.pColorAttachments = &ref;
    VkRenderPassCreateInfo rpci{VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO};
    rpci.attachmentCount = 1;
    rpci.pAttachments = &att;
    rpci.subpassCount = 1;
    rpci.pSubpasses = &sub;
    if (VkResult r = vkCreateRenderPass(m_vk.device, &rpci, nullptr, &m_renderPass); r != VK_SUCCESS)
        return makeError(ErrorCode::Device, format("UI: vkCreateRenderPass failed (%d)", int(r)));

    if (!ImGui_ImplGlfw_InitForVulkan(window, true)) return makeError(ErrorCode::Device, "UI: GLFW backend failed");
    m_glfwInitialised = true;
    ImGui_ImplVulkan_InitInfo info{};
    info.Instance = m_vk.instance;
    info.PhysicalDevice = m_vk.physicalDevice;
    info.Device = m_vk.device;
    info.QueueFamily = m_vk.queueFamily;
    info.Queue = m_vk.queue;
    info.DescriptorPool = m_pool;
    info.Subpass = 0;
    // The backend keeps ImageCount sets of vertex/index buffers and cycles through them: more than the renderer's
    // frames in flight, so a buffer is never rewritten while the GPU reads it.
    info.MinImageCount = 2;
    info.ImageCount = 3;
    info.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
    info.CheckVkResultFn = checkVk;
    if (!ImGui_ImplVulkan_Init(&info, m_renderPass)) return makeError(ErrorCode::Device, "UI: Vulkan backend failed");
    m_vulkanInitialised = true;
    // Build the atlas now (ImGui checks it in NewFrame); its GPU upload is recorded into the first frame.
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    return {};
}

ImGuiOverlay::~ImGuiOverlay() {
    m_target.setOverlay({});
    if (m_vulkanInitialised) ImGui_ImplVulkan_Shutdown();
    if (m_glfwInitialised) ImGui_ImplGlfw_Shutdown();
    for (auto& [fb, frame] : m_retired) vkDestroyFramebuffer(m_vk.device, fb, nullptr);
    if (m_framebuffer) vkDestroyFramebuffer(m_vk.device, m_framebuffer, nullptr);
    if (m_renderPass) vkDestroyRenderPass(m_vk.device, m_renderPass, nullptr);
    if (m_pool) vkDestroyDescriptorPool(m_vk.device, m_pool, nullptr);
}

void ImGuiOverlay::newFrame() {
    ImGui_ImplVulkan_NewFrame();
    ImGui_ImplGlfw_NewFrame();
}

void ImGuiOverlay::record(VkCommandBuffer cmd, const gfx::OverlayTarget& t) {
    ++m_frames;
    // Retire framebuffers of images replaced by a resize once no frame in flight can still use them.
    for (size_t i = 0; i < m_retired.size();) {
        if (m_frames >= m_retired[i].second + kRetireFrames) {
            vkDestroyFramebuffer(m_vk.device, m_retired[i].first, nullptr);
            m_retired[i] = m_retired.back();
            m_retired.pop_back();
        } else {
            ++i;
        }
    }
    if (m_fontUploadFrame == UINT64_MAX) {
        // The font atlas upload is recorded into this frame's command buffer, so it needs no submit of its own.
        ImGui_ImplVulkan_CreateFontsTexture(cmd);
        m_fontUploadFrame = m_frames;
    } else if (m_fontUploadFrame != 0 && m_frames >= m_fontUploadFrame + kRetireFrames) {
        ImGui_ImplVulkan_DestroyFontUploadObjects();
        m_fontUploadFrame = 0;
    }
    if (t.format != m_format) {
        logError("UI: the window's colour format changed (%d -> %d); the overlay is not drawn", int(m_format),
                 int(t.format));
        return;
    }
    if (t.generation != m_generation || !m_framebuffer) {
        if (m_framebuffer) m_retired.emplace_back(m_framebuffer, m_frames);
        VkFramebufferCreateInfo fci{VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO};
        fci.renderPass = m_renderPass;
        fci.attachmentCount = 1;
        fci.pAttachments = &t.view;
        fci.width = t.extent.width;
        fci.height = t.extent.height;
        fci.layers = 1;
        if (VkResult r = vkCreateFramebuffer(m_vk.device, &fci, nullptr, &m_framebuffer); r != VK_SUCCESS) {
            logError("UI: vkCreateFramebuffer failed (%d)", int(r));
            m_framebuffer = VK_NULL_HANDLE;
            return;
        }
        m_generation = t.generation;
    }
    if (!m_drawData) return;
    VkRenderPassBeginInfo rbi{VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO};
    rbi.renderPass = m_renderPass;
    rbi.framebuffer = m_framebuffer;
    rbi.renderArea.extent = t.extent;
    vkCmdBeginRenderPass(cmd, &rbi, VK_SUBPASS_CONTENTS_INLINE);
    ImGui_ImplVulkan_RenderDrawData(m_drawData, cmd);
    vkCmdEndRenderPass(cmd);
    m_drawData = nullptr;
}

} // namespace tv::app
