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

#include <array>
#include <memory>
#include <span>
#include <string>
#include <vector>

struct GLFWwindow;

namespace tv::gfx {

enum class LightingMode { Default, Neutral };

// How stereo frames (renderStereo, renderStereoToImages) are recorded. Both keep the multiview shaders and the
// 2-layer targets; they differ in the view mask of the colour pass.
//  - OnePass: one multiview pass with viewMask 0b11 (both eyes at once): the fast path.
//  - PerEye: two multiview passes in the same frame, viewMask 0b01 then 0b10, sharing culling, uniforms and shadows.
//  - Auto: OnePass, except on drivers known to misrender a two-view pass: Mesa llvmpipe (lavapipe) draws view 1's
//    clipped primitives into view 0 (engine/gfx/README.md, "Driver bugs"), so it gets PerEye.
enum class StereoPasses { Auto, OnePass, PerEye };

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
    StereoPasses stereoPasses = StereoPasses::Auto;
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

// ---- Stereo (XR): both eyes in one VK_KHR_multiview pass ----
// One eye as OpenXR reports it (XrView: XrPosef + XrFovf). World space is glTF's (+Y up, metres); the eye looks down
// its local -Z with +Y up (OpenXR view space), `orientation` rotates eye space into world space. The angles are
// XrFovf's, in radians, asymmetric: angleLeft and angleDown are negative for a centred view.
struct StereoEye {
    vec3 position{0.0f};
    quat orientation{1.0f, 0.0f, 0.0f, 0.0f}; // glm order (w, x, y, z): identity looks down world -Z
    float angleLeft = -0.785398f, angleRight = 0.785398f, angleUp = 0.785398f, angleDown = -0.785398f;
};

// The eye that sees what `camera` (perspective) sees in a target of aspect width/height: symmetric angles from
// yfov and aspect, pose from eye/target/up. For tests, tools and a desktop stereo preview.
StereoEye stereoEyeFromCamera(const scene::ViewCamera& camera, float aspect);
// Two eyes `ipd` metres apart (left = index 0) around `camera`'s eye, parallel, with camera's field of view.
std::array<StereoEye, 2> stereoEyesAround(const scene::ViewCamera& camera, float aspect, float ipd);
// The reversed-Z Vulkan projection of an eye (near plane -> depth 1, far -> 0; zfar = +infinity gives the infinite
// far plane, depth = znear / distance along -Z), Y flipped like ViewCamera::projection so images are upright.
mat4 stereoProjection(const StereoEye& eye, float znear, float zfar);
mat4 stereoView(const StereoEye& eye); // world -> eye space

struct StereoOptions {
    float znear = 0.05f;  // metres
    float zfar = 1000.0f; // metres; std::numeric_limits<float>::infinity() = infinite far plane
    // 1: opaque background (VR): the sky is drawn in default lighting, (0,0,0,1) elsewhere. < 1 (AR passthrough,
    // XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND / ADDITIVE): no sky, background (0,0,0,clearAlpha); geometry keeps its
    // alpha (1 for opaque surfaces, the material's for blended ones: straight, not premultiplied, alpha).
    float clearAlpha = 1.0f;
};

// Externally owned images both eyes are rendered into, e.g. OpenXR swapchain images created on the renderer's
// VkDevice with arraySize 2 (layer baseLayer = left eye, baseLayer + 1 = right eye). The renderer creates its
// views per frame (retired with the frame), transitions from the *Before layout and leaves the images in the
// *After layout, with every write done before its submission completes (OpenXR: call xrReleaseSwapchainImage
// after renderStereo returns). Images need COLOR_ATTACHMENT (depth: DEPTH_STENCIL_ATTACHMENT) usage.
struct ExternalStereoTarget {
    VkImage color = VK_NULL_HANDLE;
    VkFormat colorFormat = VK_FORMAT_R8G8B8A8_SRGB; // *_SRGB formats get linear output (the hardware encodes)
    uint32_t width = 0, height = 0;
    uint32_t baseLayer = 0;
    VkImageLayout colorLayoutBefore = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL; // OpenXR's swapchain layout
    VkImageLayout colorLayoutAfter = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    // Optional scene depth (XR_KHR_composition_layer_depth): VK_FORMAT_D32_SFLOAT only, same size and layers.
    // REVERSED-Z: 1 = StereoOptions::znear, 0 = zfar (the infinite far plane: 0 at infinity). For
    // XrCompositionLayerDepthInfoKHR that is minDepth 0, maxDepth 1, nearZ = zfar, farZ = znear (nearZ names the
    // distance at minDepth). MSAA depth is resolved with the nearest sample (MAX) where the device offers it.
    VkImage depth = VK_NULL_HANDLE;
    VkImageLayout depthLayoutBefore = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
    VkImageLayout depthLayoutAfter = VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL;
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

    // Stereo (XR): renders eyes[0] into layer 0 and eyes[1] into layer 1 of `target` in one multiview pass (one per
    // eye where RendererConfig::stereoPasses says so: stereoPassCount()) and
    // submits it (not synchronous: the next frame's begin waits for it, as for windows). Shadows are computed once
    // for both eyes; culling keeps what either eye sees. Not in stereo yet: the selection outline (skipped) and
    // the transmission framebuffer (transmissive surfaces are shaded without the see-through term). Section planes
    // apply. Errors: InvalidArgument for a bad target (no image, zero size, depth not D32_SFLOAT), Unsupported
    // without the device's multiview feature.
    Expected<void> renderStereo(const scene::FrameExtract& extract, std::span<const StereoEye, 2> eyes,
                                const ExternalStereoTarget& target, const StereoOptions& options);
    // The same into renderer-owned WxH RGBA8 (UNORM, display-encoded like renderToImage) layers read back: [0] =
    // left eye, [1] = right eye, row 0 = top. Synchronous; for tests, headless stereo and benchmarks.
    Expected<std::array<image::Rgba8Image, 2>> renderStereoToImages(const scene::FrameExtract& extract,
                                                                    std::span<const StereoEye, 2> eyes, uint32_t width,
                                                                    uint32_t height, const StereoOptions& options);

    // Colour passes per stereo frame under RendererConfig::stereoPasses on this device: 1 (one multiview pass for
    // both eyes) or 2 (one single-view multiview pass per eye: the llvmpipe workaround, or PerEye).
    uint32_t stereoPassCount() const;

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
