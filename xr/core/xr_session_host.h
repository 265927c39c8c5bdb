// XrSessionHost — the OpenXR session of `twinview --xr`: created on the renderer's VkDevice (made through
// XrRuntime's provider), it owns the reference space (STAGE if the runtime has it, else LOCAL), a VIEW space, one
// colour swapchain with a layer per eye and, with XR_KHR_composition_layer_depth, a D32 depth swapchain. It runs the
// session lifecycle (pollEvents) and the frame loop:
//
//     while (!quit) {
//         XrLifecycle life = host.pollEvents();          // begins/ends the session as the runtime asks
//         if (life.shouldQuit || life.lost) break;        // lost: back to the desktop with life.lostMessage
//         if (!life.running) { idle briefly; continue; }
//         auto timing = host.beginFrame();               // xrWaitFrame (paces the app) + xrBeginFrame
//         app.update(timing->predictedDisplayTime);      // input, animation, feeds
//         host.endFrame(*timing, render, {panelLayer});  // views located NOW, rendered, submitted
//     }
//
// endFrame locates the views for the predicted display time after the app's update (as late as possible, so the
// world never lags the head), acquires the swapchain images, calls the app's RenderFn (which records
// Renderer::renderStereo into the target), releases, and submits the projection layer (depth info chained into each
// view) in the chosen blend mode, followed by the app's extra layers (e.g. the hand panel's quad).
//
// Destruction order: ~XrSessionHost ends a running session (request exit, STOPPING, xrEndSession), destroys the
// swapchains, the spaces and the session; it must run BEFORE the Renderer is destroyed (the swapchain images live
// on its VkDevice, and it waits for the device to go idle), which itself goes before the XrRuntime (see
// xr_runtime.h). Threading: one thread (the one that runs the frame loop and owns the Renderer).
#pragma once

#include "xr/core/blend_mode.h"
#include "xr/core/eye_swapchain.h"
#include "xr/core/xr_math.h"
#include "xr/core/xr_platform.h"

#include "core/expected.h"
#include "gfx/renderer.h"

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tv::xr {

class XrRuntime;

struct XrSessionOptions {
    std::optional<BlendMode> blend; // none = the runtime's preferred mode; an unoffered mode fails create()
    bool depth = true;              // submit depth (when the runtime has XR_KHR_composition_layer_depth)
    float resolutionScale = 1.0f;   // of the recommended eye size, clamped to [1 px, the runtime's maximum]
    std::vector<VkFormat> colorFormats{VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB}; // preference order
};

// What the host chose, for logs and the UI.
struct XrSessionInfo {
    XrReferenceSpaceType referenceSpaceType = XR_REFERENCE_SPACE_TYPE_STAGE;
    std::string referenceSpace; // "STAGE" (floor origin) or "LOCAL" (seated; STAGE not offered)
    BlendMode blend = BlendMode::Opaque;
    VkFormat colorFormat = VK_FORMAT_UNDEFINED;
    bool depth = false;             // a depth swapchain exists and depth info is submitted
    std::string depthNote;          // why depth is off, when it is
    uint32_t width = 0, height = 0; // per eye
};

// Session state as the app should act on it, plus what happened during the last pollEvents() call.
struct XrLifecycle {
    XrSessionState state = XR_SESSION_STATE_UNKNOWN;
    bool running = false;    // between xrBeginSession and xrEndSession: run the frame loop
    bool visible = false;    // the runtime shows our frames (VISIBLE or FOCUSED)
    bool focused = false;    // FOCUSED: the app receives input
    bool shouldQuit = false; // EXITING (or lost): destroy the host and leave XR
    bool lost = false;       // LOSS_PENDING / instance loss / session lost: leave XR, show lostMessage
    std::string lostMessage;
    uint32_t interactionProfileChanges = 0; // total so far: the input side re-queries current profiles on change
    bool interactionProfileChanged = false; // during the last pollEvents()
    std::vector<std::string> events;        // human-readable, this call only ("headset focus lost", ...)
};

struct XrFrameTiming {
    XrTime predictedDisplayTime = 0;
    XrDuration predictedDisplayPeriod = 0;
    bool shouldRender = false;
};

// Reference-space metres of the renderer's znear / zfar for the rendered depth (reversed-Z: depth 1 at nearZ,
// 0 at farZ; farZ may be +infinity). The host turns it into XrCompositionLayerDepthInfoKHR.
struct DepthRange {
    float nearZ = 0.05f;
    float farZ = 1000.0f;
};

// Renders both eyes into `target` (Renderer::renderStereo with eyeFromXrView(views[i]) and
// StereoOptions::clearAlpha = clearAlphaFor(host.blendMode())), returning the depth range used.
using RenderFn =
    std::function<Expected<DepthRange>(const gfx::ExternalStereoTarget& target, const std::array<XrView, 2>& views)>;

struct XrFrameStats {
    uint64_t frames = 0;              // xrEndFrame calls that succeeded
    uint64_t framesRendered = 0;      // of those, with the projection layer
    uint64_t framesWithoutLayers = 0; // shouldRender false, invalid view pose, or render failure
    uint64_t depthFramesSubmitted = 0;
    uint64_t invalidPoseFrames = 0;
    double lastPoseToSubmitMs = 0; // CPU: xrLocateViews until xrEndFrame returned (last rendered frame)
    double lastRenderMs = 0;       // CPU: inside the RenderFn (last rendered frame)
};

class XrSessionHost {
public:
    // Errors: the renderer's device was not made through `runtime` (InvalidArgument), blend mode not offered
    // (InvalidArgument), no acceptable colour format (Unsupported), or a failed OpenXR call (Device).
    static Expected<std::unique_ptr<XrSessionHost>> create(XrRuntime& runtime, gfx::Renderer& renderer,
                                                           const XrSessionOptions& options = {});
    ~XrSessionHost();
    XrSessionHost(const XrSessionHost&) = delete;
    XrSessionHost& operator=(const XrSessionHost&) = delete;

    // Drains xrPollEvent: READY -> xrBeginSession, STOPPING -> xrEndSession, EXITING -> shouldQuit,
    // LOSS_PENDING -> lost. Call once per loop iteration, outside beginFrame/endFrame.
    const XrLifecycle& pollEvents();
    const XrLifecycle& lifecycle() const { return m_life; }
    // The app wants to leave XR: xrRequestExitSession (the runtime then walks the session to STOPPING and
    // EXITING; keep looping until shouldQuit). When the session is not running there is nothing to stop and
    // shouldQuit is set at once.
    void requestExit();

    // Only while lifecycle().running. Errors: a failed call (the session may have been lost: poll events next).
    Expected<XrFrameTiming> beginFrame();
    // Ends the frame begun by beginFrame (always: also when rendering fails, so the runtime's frame order holds).
    // `extraLayers` follow the projection layer (they are dropped when nothing is rendered this frame).
    Expected<void> endFrame(const XrFrameTiming& timing, const RenderFn& render,
                            std::span<const XrCompositionLayerBaseHeader* const> extraLayers = {});

    // The pose of `space` in the reference space at `time`, if both position and orientation are valid.
    std::optional<Pose> locateSpace(XrSpace space, XrTime time) const;

    XrSession session() const { return m_session; }
    XrSpace referenceSpace() const { return m_referenceSpace; }
    XrSpace viewSpace() const { return m_viewSpace; }
    BlendMode blendMode() const { return m_info.blend; }
    float clearAlpha() const { return clearAlphaFor(m_info.blend); }
    VkExtent2D eyeSize() const { return {m_info.width, m_info.height}; }
    const XrSessionInfo& info() const { return m_info; }
    const XrFrameStats& stats() const { return m_stats; }

private:
    XrSessionHost(XrRuntime& runtime, gfx::Renderer& renderer) : m_runtime(runtime), m_renderer(renderer) {}
    Expected<void> init(const XrSessionOptions& options);
    Expected<void> createSwapchains(const XrSessionOptions& options);
    void onStateChanged(XrSessionState state);
    void markLost(std::string message);
    Error frameCallFailed(const char* call, XrResult result);
    // Locates both views for `time`; nullopt when a pose is not valid (tracking lost: nothing is rendered).
    Expected<std::optional<std::array<XrView, 2>>> locateViews(XrTime time);
    // Acquires the images, runs `render`, releases; fills the projection views (+ depth info). Returns whether
    // depth info was chained.
    Expected<bool> renderViews(const std::array<XrView, 2>& views, const RenderFn& render,
                               std::array<XrCompositionLayerProjectionView, 2>& projectionViews,
                               std::array<XrCompositionLayerDepthInfoKHR, 2>& depthInfo);
    void shutdown();

    XrRuntime& m_runtime;
    gfx::Renderer& m_renderer;
    XrInstance m_instance = XR_NULL_HANDLE;
    XrSession m_session = XR_NULL_HANDLE;
    XrSpace m_referenceSpace = XR_NULL_HANDLE;
    XrSpace m_viewSpace = XR_NULL_HANDLE;
    std::unique_ptr<EyeSwapchain> m_color;
    std::unique_ptr<EyeSwapchain> m_depth;
    XrSessionInfo m_info;
    XrLifecycle m_life;
    XrFrameStats m_stats;
    bool m_frameOpen = false; // between beginFrame and endFrame
    XrFrameTiming m_openTiming;
    bool m_exitRequested = false; // by the app (requestExit)
    bool m_everFocused = false;
};

} // namespace tv::xr
