// WindowTarget — a GLFW window's VkSurfaceKHR and swapchain (sRGB format when offered, FIFO with vsync, MAILBOX or
// IMMEDIATE without), plus the window's own colour image that each frame is resolved into and then copied to the
// acquired swapchain image: that copy is what lets captureWindow() read back the last presented frame.
// Out-of-date / suboptimal swapchains and size changes recreate the swapchain; a minimised window (0x0) skips
// frames. Created by Renderer::createWindowTarget; destroy it before the Renderer (asserted); render thread only.
#pragma once

#include "core/expected.h"
#include "gfx/gpu_resources.h"
#include "gfx/render_target.h"
#include "scene/frame_extract.h"
#include "scene/view_camera.h"

#include <vulkan/vulkan.h>

#include <functional>
#include <memory>
#include <vector>

struct GLFWwindow;

namespace tv::gfx {

class RendererImpl;

// Where an overlay (the desktop UI) draws: the window's colour image, in COLOR_ATTACHMENT_OPTIMAL while the overlay
// records, after the scene was drawn and tone mapped and before it is copied to the swapchain. `generation` changes
// whenever the image is recreated (resize), so the overlay knows to rebuild what it keeps per image.
struct OverlayTarget {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    VkFormat format = VK_FORMAT_UNDEFINED;
    VkExtent2D extent{0, 0};
    uint32_t generation = 0;
};
using OverlayRecorder = std::function<void(VkCommandBuffer cmd, const OverlayTarget& target)>;

class WindowTarget {
public:
    ~WindowTarget();
    WindowTarget(const WindowTarget&) = delete;
    WindowTarget& operator=(const WindowTarget&) = delete;

    uint32_t width() const { return m_extent.width; }
    uint32_t height() const { return m_extent.height; }
    VkFormat colorFormat() const { return m_format; }
    bool vsync() const { return m_vsync; }
    void setVsync(bool vsync); // takes effect with the next frame (recreates the swapchain)
    uint32_t recreateCount() const { return m_recreateCount; }
    // Records an overlay into every frame (empty = none). Called on the render thread inside renderToWindow().
    void setOverlay(OverlayRecorder overlay) { m_overlay = std::move(overlay); }

private:
    friend class Renderer;
    WindowTarget(RendererImpl& renderer, GLFWwindow* window, bool vsync);
    Expected<void> createSurface();
    // (Re)creates the swapchain for the window's current framebuffer size; false when minimised.
    Expected<bool> recreate();
    void destroySwapchainObjects(bool keepSwapchain);
    Expected<void> frame(const scene::FrameExtract& extract, const scene::ViewCamera& camera);

    RendererImpl& m_r;
    GLFWwindow* m_window;
    bool m_vsync;
    bool m_dirty = true;
    VkSurfaceKHR m_surface = VK_NULL_HANDLE;
    VkSwapchainKHR m_swapchain = VK_NULL_HANDLE;
    VkFormat m_format = VK_FORMAT_UNDEFINED;
    VkExtent2D m_extent{0, 0};
    std::vector<VkImage> m_images;
    std::vector<VkSemaphore> m_renderDone; // per swapchain image: a present waits on the one of its image
    Image m_color;                         // the window's frame (resolve target, capture source)
    bool m_colorValid = false;
    std::unique_ptr<SceneAttachments> m_attachments;
    uint32_t m_recreateCount = 0;
    OverlayRecorder m_overlay;
};

} // namespace tv::gfx
