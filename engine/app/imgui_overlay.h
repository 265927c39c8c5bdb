// ImGuiOverlay — draws the desktop UI (Dear ImGui, via Debian's ImGui GLFW and Vulkan backends) into the window's
// frame after the scene, through WindowTarget::setOverlay. Owns the backends' Vulkan objects (descriptor pool,
// render pass, one framebuffer per window-image generation, retired a few frames after a resize).
// Main thread only; destroy before the WindowTarget and the Renderer, after Renderer::waitIdle().
#pragma once

#include "core/expected.h"
#include "gfx/renderer.h"
#include "gfx/window_target.h"

#include <memory>
#include <utility>
#include <vector>

struct GLFWwindow;
struct ImDrawData;

namespace tv::app {

class ImGuiOverlay {
public:
    // The ImGui context must be current. Installs ImGui's GLFW callbacks chained to those already set.
    static Expected<std::unique_ptr<ImGuiOverlay>> create(gfx::Renderer& renderer, gfx::WindowTarget& target,
                                                          GLFWwindow* window);
    ~ImGuiOverlay();
    ImGuiOverlay(const ImGuiOverlay&) = delete;
    ImGuiOverlay& operator=(const ImGuiOverlay&) = delete;

    void newFrame(); // the backends' NewFrame; call before UiContext::beginFrame()
    void submit(ImDrawData* drawData) { m_drawData = drawData; } // drawn into the next rendered frame

private:
    ImGuiOverlay(gfx::Renderer& renderer, gfx::WindowTarget& target);
    Expected<void> init(GLFWwindow* window);
    void record(VkCommandBuffer cmd, const gfx::OverlayTarget& target);

    gfx::Renderer::VulkanHandles m_vk;
    gfx::WindowTarget& m_target;
    VkDescriptorPool m_pool = VK_NULL_HANDLE;
    VkRenderPass m_renderPass = VK_NULL_HANDLE;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    VkFramebuffer m_framebuffer = VK_NULL_HANDLE;
    uint32_t m_generation = UINT32_MAX;
    std::vector<std::pair<VkFramebuffer, uint64_t>> m_retired; // destroyed once kRetireFrames frames later
    uint64_t m_frames = 0;
    uint64_t m_fontUploadFrame = UINT64_MAX;
    bool m_glfwInitialised = false, m_vulkanInitialised = false;
    ImDrawData* m_drawData = nullptr;
};

} // namespace tv::app
