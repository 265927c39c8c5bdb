// Renderer — the public face of engine/gfx: draws a scene::FrameExtract seen by a scene::ViewCamera with glTF PBR,
// into an offscreen image read back to the CPU (headless, golden tests), into a GLFW window, or picks the node
// under a pixel. Owns the Vulkan device (through a DeviceProvider), every GPU resource and the per-asset cache.
//
// Lighting modes: Neutral reproduces the Khronos Sample Renderer's neutral rig (see shared/gltf-reference/README.md)
// exactly; Default is a procedural sky used as IBL and background, a sun with cascaded shadows, plus asset lights.
// Output: Khronos PBR Neutral tone mapping, then pow(c, 1/2.2); background (0,0,0,0) in Neutral mode.
//
// Threading: create and call from one thread (the render/main thread); validationMessageCount() from any thread.
// Frames in flight: 2. GPU objects retire through timeline values; ~Renderer waits idle and checks for leaks.
#pragma once

#include "core/expected.h"
#include "gfx/device_provider.h"
#include "gfx/frame_stats.h"
#include "image/png_io.h"
#include "scene/frame_extract.h"
#include "scene/view_camera.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

struct GLFWwindow;

namespace tv::gfx {

enum class LightingMode { Default, Neutral };

struct RendererConfig {
    bool validation = false;  // Khronos validation layer + messenger; count messages
    uint32_t msaaSamples = 4; // clamped to what the device supports
    LightingMode lighting = LightingMode::Default;
    bool shadows = true;                         // default mode only
    std::vector<std::string> instanceExtensions; // e.g. from glfwGetRequiredInstanceExtensions (window mode)
    bool presentation = false;                   // request VK_KHR_swapchain
    DeviceProvider* deviceProvider = nullptr;    // null = plain Vulkan
    uint32_t shadowMapSize = 2048;
    bool frustumCulling = true;
    bool instancing = true;            // group identical draws into instanced draws
    uint32_t releaseAfterFrames = 120; // asset GPU resources unused this long are released
};

// Highlighted nodes: a draw whose DrawInstance::node is listed gets the outline. The app resolves subtrees (a
// selected group highlights its parts) by listing every draw node under the selection, e.g. the nodes of the
// extract's draws for which interact::SelectionState::isSelected() holds.
struct HighlightSet {
    std::vector<scene::NodeHandle> selected; // strong outline
    std::vector<scene::NodeHandle> hovered;  // subtler outline (where a node is both, selection wins)
};

// Outline look. Colours are display values (what the pixel shows), a = opacity; radius in framebuffer pixels.
struct OutlineStyle {
    vec4 selectedColor{1.0f, 0.6f, 0.0f, 1.0f};
    vec4 hoveredColor{0.3f, 0.75f, 1.0f, 0.75f};
    uint32_t radiusPixels = 2; // 1..8
};

class WindowTarget; // swapchain for a GLFWwindow* (window_target.h)
class RendererImpl;

class Renderer {
public:
    static Expected<std::unique_ptr<Renderer>> create(const RendererConfig& config);
    ~Renderer();
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    std::string deviceName() const;

    // The Vulkan objects, for code that records into the renderer's frames with its own pipelines (the desktop
    // UI overlay through WindowTarget::setOverlay). Owned by the renderer; valid until it is destroyed.
    struct VulkanHandles {
        VkInstance instance = VK_NULL_HANDLE;
        VkPhysicalDevice physicalDevice = VK_NULL_HANDLE;
        VkDevice device = VK_NULL_HANDLE;
        VkQueue queue = VK_NULL_HANDLE;
        uint32_t queueFamily = 0;
    };
    VulkanHandles vulkanHandles() const;

    // Headless: renders one frame of `extract` seen by `camera` into an offscreen WxH target and reads it back
    // (RGBA8, row 0 = top, alpha = coverage). Synchronous.
    Expected<image::Rgba8Image> renderToImage(const scene::FrameExtract& extract, const scene::ViewCamera& camera,
                                              uint32_t width, uint32_t height);

    // Window: create once per GLFWwindow (the config needs presentation = true and GLFW's instance extensions) and
    // destroy the target before the Renderer and before the GLFWwindow;
    // renderToWindow acquires, draws, presents; resize and out-of-date swapchains are handled inside, a minimised
    // window skips the frame.
    Expected<std::unique_ptr<WindowTarget>> createWindowTarget(GLFWwindow* window, bool vsync);
    Expected<void> renderToWindow(WindowTarget& target, const scene::FrameExtract& extract,
                                  const scene::ViewCamera& camera);
    // Reads back the last frame presented to the window (for --screenshot in window mode).
    Expected<image::Rgba8Image> captureWindow(WindowTarget& target);

    // Picking: the node drawn at pixel (x,y) of a WxH view (0,0 = top-left), null handle for background.
    Expected<scene::NodeHandle> pick(const scene::FrameExtract& extract, const scene::ViewCamera& camera,
                                     uint32_t width, uint32_t height, uint32_t x, uint32_t y);

    // ---- Per-frame overlays: state that applies to every later frame (image, window, pick) until changed ----
    // Selection outline (x-ray style: the whole silhouette of the highlighted draws, also where other geometry
    // hides it, drawn over the tone-mapped frame; section planes cut it like the geometry). Empty = off.
    void setHighlight(const HighlightSet& highlight);
    void setOutlineStyle(const OutlineStyle& style);
    // Section planes (n.xyz, d), at most 9 (interact::SectionState::shaderPlanes()): a point p is kept when
    // dot(n, p) + d >= 0 for every plane; applied to the colour, shadow, transmission, highlight and pick passes
    // (picking never returns cut-away geometry). Back faces of closed single-sided surfaces seen through the cut
    // are drawn flat in the cap colour. Empty = off. More than 9 planes: InvalidArgument, state unchanged.
    Expected<void> setSectionPlanes(std::span<const vec4> planes);
    void setSectionCapColor(const vec3& displayColor); // default (0.85, 0.35, 0.3)

    const FrameStats& lastFrameStats() const;
    uint32_t validationMessageCount() const;
    void setLighting(LightingMode mode);
    LightingMode lighting() const;
    void waitIdle();

    // ---- Introspection for tests and tools ----
    size_t residentAssetCount() const; // assets with GPU resources
    bool isAssetResident(uint64_t assetId) const;
    size_t pendingRetireCount() const; // objects waiting for their frame to retire
    size_t liveAllocationCount() const;
    uint64_t gpuMemoryBytes() const; // device memory held in the allocator's blocks // GpuAllocator allocations
    // Releases GPU resources of assets not drawn for `frames` frames (also runs automatically every frame).
    size_t releaseUnusedAssets(uint64_t frames);

private:
    explicit Renderer(std::unique_ptr<RendererImpl> impl);
    std::unique_ptr<RendererImpl> m_impl;
};

} // namespace tv::gfx
