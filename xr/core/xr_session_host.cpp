// XrSessionHost: creation (session on the renderer's device, spaces, swapchains), the lifecycle (events and state
// changes) and teardown. The frame loop is in xr_frame_loop.cpp.
#include "xr/core/xr_session_host.h"

#include "xr/core/xr_result.h"
#include "xr/core/xr_runtime.h"

#include "core/assert.h"
#include "core/log.h"

#include <algorithm>
#include <cmath>

namespace tv::xr {

namespace {

// Frames an ending session may take to reach STOPPING after xrRequestExitSession (a real runtime needs frames to
// progress; ~3 s at 90 Hz). Past that the session is destroyed while running, which the specification allows.
constexpr int kMaxShutdownFrames = 300;

std::string formatName(VkFormat f) {
    switch (f) {
    case VK_FORMAT_R8G8B8A8_SRGB: return "R8G8B8A8_SRGB";
    case VK_FORMAT_B8G8R8A8_SRGB: return "B8G8R8A8_SRGB";
    case VK_FORMAT_R8G8B8A8_UNORM: return "R8G8B8A8_UNORM";
    case VK_FORMAT_B8G8R8A8_UNORM: return "B8G8R8A8_UNORM";
    case VK_FORMAT_D32_SFLOAT: return "D32_SFLOAT";
    default: return format("VkFormat %d", int(f));
    }
}

uint32_t scaled(uint32_t recommended, float scale, uint32_t maximum) {
    const auto v = uint32_t(std::lround(double(recommended) * double(scale)));
    return std::clamp<uint32_t>(v, 1u, std::max(maximum, 1u));
}

} // namespace

Expected<std::unique_ptr<XrSessionHost>> XrSessionHost::create(XrRuntime& runtime, gfx::Renderer& renderer,
                                                               const XrSessionOptions& options) {
    std::unique_ptr<XrSessionHost> host(new XrSessionHost(runtime, renderer));
    if (auto r = host->init(options); !r) return r.error(); // ~XrSessionHost releases what init made
    return host;
}

Expected<void> XrSessionHost::init(const XrSessionOptions& options) {
    m_instance = m_runtime.instance();
    const gfx::Renderer::VulkanHandles vk = m_renderer.vulkanHandles();
    if (!m_runtime.createdThroughOpenXr(vk.instance, vk.device))
        return makeError(ErrorCode::InvalidArgument,
                         "the renderer's Vulkan device was not created through OpenXR (create the Renderer with "
                         "RendererConfig::deviceProvider = &XrRuntime::deviceProvider())");
    auto blend = chooseBlendMode(m_runtime.systemInfo().blendModes, options.blend);
    if (!blend) return blend.error();
    m_info.blend = *blend;

    XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
    binding.instance = vk.instance;
    binding.physicalDevice = vk.physicalDevice;
    binding.device = vk.device;
    binding.queueFamilyIndex = vk.queueFamily;
    binding.queueIndex = 0; // the renderer's only queue: the runtime's copies are ordered with our frames
    XrSessionCreateInfo sessionInfo{XR_TYPE_SESSION_CREATE_INFO};
    sessionInfo.next = &binding;
    sessionInfo.systemId = m_runtime.systemId();
    if (XrResult r = xrCreateSession(m_instance, &sessionInfo, &m_session); XR_FAILED(r)) {
        m_session = XR_NULL_HANDLE;
        return callError(m_instance, "xrCreateSession", r);
    }

    // STAGE (origin on the floor, the play area) when the runtime has it; LOCAL (seated, origin at the head's
    // starting position) otherwise.
    uint32_t count = 0;
    if (XrResult r = xrEnumerateReferenceSpaces(m_session, 0, &count, nullptr); XR_FAILED(r))
        return callError(m_instance, "xrEnumerateReferenceSpaces", r);
    std::vector<XrReferenceSpaceType> spaces(count);
    if (XrResult r = xrEnumerateReferenceSpaces(m_session, count, &count, spaces.data()); XR_FAILED(r))
        return callError(m_instance, "xrEnumerateReferenceSpaces", r);
    const bool stage = std::find(spaces.begin(), spaces.end(), XR_REFERENCE_SPACE_TYPE_STAGE) != spaces.end();
    m_info.referenceSpaceType = stage ? XR_REFERENCE_SPACE_TYPE_STAGE : XR_REFERENCE_SPACE_TYPE_LOCAL;
    m_info.referenceSpace = stage ? "STAGE" : "LOCAL";
    XrReferenceSpaceCreateInfo spaceInfo{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    spaceInfo.referenceSpaceType = m_info.referenceSpaceType;
    spaceInfo.poseInReferenceSpace.orientation.w = 1.0f;
    if (XrResult r = xrCreateReferenceSpace(m_session, &spaceInfo, &m_referenceSpace); XR_FAILED(r)) {
        m_referenceSpace = XR_NULL_HANDLE;
        return callError(m_instance, "xrCreateReferenceSpace", r);
    }
    spaceInfo.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
    if (XrResult r = xrCreateReferenceSpace(m_session, &spaceInfo, &m_viewSpace); XR_FAILED(r)) {
        m_viewSpace = XR_NULL_HANDLE;
        return callError(m_instance, "xrCreateReferenceSpace (VIEW)", r);
    }
    if (auto r = createSwapchains(options); !r) return r;
    logInfo("xr: session on %s space, %ux%u per eye, %s%s, blend %s", m_info.referenceSpace.c_str(), m_info.width,
            m_info.height, formatName(m_info.colorFormat).c_str(), m_info.depth ? " + D32 depth" : "",
            std::string(blendModeName(m_info.blend)).c_str());
    if (!m_info.depth) logInfo("xr: no depth submitted: %s", m_info.depthNote.c_str());
    return {};
}

Expected<void> XrSessionHost::createSwapchains(const XrSessionOptions& options) {
    uint32_t count = 0;
    if (XrResult r = xrEnumerateSwapchainFormats(m_session, 0, &count, nullptr); XR_FAILED(r))
        return callError(m_instance, "xrEnumerateSwapchainFormats", r);
    std::vector<int64_t> formats(count);
    if (XrResult r = xrEnumerateSwapchainFormats(m_session, count, &count, formats.data()); XR_FAILED(r))
        return callError(m_instance, "xrEnumerateSwapchainFormats", r);
    auto offered = [&](VkFormat f) { return std::find(formats.begin(), formats.end(), int64_t(f)) != formats.end(); };
    for (VkFormat f : options.colorFormats)
        if (m_info.colorFormat == VK_FORMAT_UNDEFINED && offered(f)) m_info.colorFormat = f;
    if (m_info.colorFormat == VK_FORMAT_UNDEFINED) {
        std::string wanted;
        for (VkFormat f : options.colorFormats) wanted += (wanted.empty() ? "" : ", ") + formatName(f);
        return makeError(ErrorCode::Unsupported,
                         format("the OpenXR runtime offers none of the colour swapchain formats twinview renders to "
                                "(%s)",
                                wanted.c_str()));
    }
    const XrSystemInfo& si = m_runtime.systemInfo();
    TV_ASSERT(options.resolutionScale > 0.0f, "XrSessionOptions::resolutionScale must be > 0");
    m_info.width = scaled(si.recommendedWidth, options.resolutionScale, si.maxWidth);
    m_info.height = scaled(si.recommendedHeight, options.resolutionScale, si.maxHeight);
    auto color = EyeSwapchain::create(m_instance, m_session, m_info.colorFormat, m_info.width, m_info.height, false);
    if (!color) return color.error();
    m_color = std::move(*color);

    if (!options.depth)
        m_info.depthNote = "depth submission is turned off";
    else if (!si.depthLayerAvailable)
        m_info.depthNote = "the runtime does not offer XR_KHR_composition_layer_depth";
    else if (!offered(VK_FORMAT_D32_SFLOAT))
        m_info.depthNote = "the runtime offers no D32_SFLOAT depth swapchain";
    if (!m_info.depthNote.empty()) return {};
    auto depth = EyeSwapchain::create(m_instance, m_session, VK_FORMAT_D32_SFLOAT, m_info.width, m_info.height, true);
    if (!depth) return depth.error();
    m_depth = std::move(*depth);
    m_info.depth = true;
    return {};
}

XrSessionHost::~XrSessionHost() { shutdown(); }

void XrSessionHost::shutdown() {
    if (m_session == XR_NULL_HANDLE) return;
    // End a running session properly: ask to exit and keep empty frames going until the runtime says STOPPING
    // (pollEvents then calls xrEndSession). A lost session is only destroyed.
    if (m_life.running && !m_life.lost) {
        if (m_frameOpen) (void)endFrame(m_openTiming, RenderFn{});
        requestExit();
        for (int i = 0; i < kMaxShutdownFrames; ++i) {
            pollEvents();
            if (!m_life.running || m_life.lost) break;
            auto timing = beginFrame();
            if (!timing) break;
            (void)endFrame(*timing, RenderFn{});
        }
        if (m_life.running) logWarn("xr: the session did not stop in time; destroying it while running");
    }
    // The renderer may still be writing the swapchain images (its frames are asynchronous).
    m_renderer.waitIdle();
    m_depth.reset();
    m_color.reset();
    if (m_viewSpace != XR_NULL_HANDLE) xrDestroySpace(m_viewSpace);
    if (m_referenceSpace != XR_NULL_HANDLE) xrDestroySpace(m_referenceSpace);
    m_viewSpace = m_referenceSpace = XR_NULL_HANDLE;
    xrDestroySession(m_session);
    m_session = XR_NULL_HANDLE;
}

// ---- Lifecycle ----

const XrLifecycle& XrSessionHost::pollEvents() {
    TV_ASSERT(!m_frameOpen, "XrSessionHost::pollEvents between beginFrame and endFrame");
    m_life.events.clear();
    m_life.interactionProfileChanged = false;
    for (;;) {
        XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
        const XrResult r = xrPollEvent(m_instance, &event);
        if (r == XR_EVENT_UNAVAILABLE) break;
        if (XR_FAILED(r)) {
            if (r == XR_ERROR_INSTANCE_LOST)
                markLost("the OpenXR runtime is gone (instance lost)");
            else
                m_life.events.push_back("xrPollEvent failed: " + resultString(m_instance, r));
            break;
        }
        switch (event.type) {
        case XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED: {
            const auto& e = reinterpret_cast<const XrEventDataSessionStateChanged&>(event);
            if (e.session == m_session) onStateChanged(e.state);
            break;
        }
        case XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING:
            markLost("the OpenXR runtime is shutting down (instance loss pending)");
            break;
        case XR_TYPE_EVENT_DATA_EVENTS_LOST: {
            const auto& e = reinterpret_cast<const XrEventDataEventsLost&>(event);
            m_life.events.push_back(format("%u OpenXR events were lost (queue overflow)", e.lostEventCount));
            break;
        }
        case XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED:
            m_life.interactionProfileChanges += 1;
            m_life.interactionProfileChanged = true;
            m_life.events.push_back("controller interaction profile changed");
            break;
        case XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING:
            m_life.events.push_back("the reference space is about to change (recentred)");
            break;
        default: break; // events of extensions twinview does not enable
        }
    }
    return m_life;
}

void XrSessionHost::onStateChanged(XrSessionState state) {
    const XrSessionState previous = m_life.state;
    m_life.state = state;
    switch (state) {
    case XR_SESSION_STATE_READY: {
        XrSessionBeginInfo begin{XR_TYPE_SESSION_BEGIN_INFO};
        begin.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        if (XrResult r = xrBeginSession(m_session, &begin); XR_FAILED(r)) {
            markLost("xrBeginSession failed: " + resultString(m_instance, r));
            return;
        }
        m_life.running = true;
        m_life.events.push_back("session started");
        break;
    }
    case XR_SESSION_STATE_SYNCHRONIZED:
        if (previous == XR_SESSION_STATE_VISIBLE && !m_exitRequested) m_life.events.push_back("headset display hidden");
        m_life.visible = m_life.focused = false;
        break;
    case XR_SESSION_STATE_VISIBLE:
        if (previous == XR_SESSION_STATE_FOCUSED && !m_exitRequested)
            m_life.events.push_back("headset focus lost");
        else if (previous == XR_SESSION_STATE_SYNCHRONIZED && m_everFocused)
            m_life.events.push_back("headset display shown");
        m_life.visible = true;
        m_life.focused = false;
        break;
    case XR_SESSION_STATE_FOCUSED:
        m_life.events.push_back(m_everFocused ? "headset focus regained" : "headset focused");
        m_everFocused = true;
        m_life.visible = m_life.focused = true;
        break;
    case XR_SESSION_STATE_STOPPING: {
        m_life.visible = m_life.focused = false;
        m_life.events.push_back(m_exitRequested ? "exit requested by the app" : "exit requested by the runtime");
        const XrResult r = xrEndSession(m_session);
        m_life.running = false;
        if (XR_FAILED(r)) m_life.events.push_back("xrEndSession failed: " + resultString(m_instance, r));
        break;
    }
    case XR_SESSION_STATE_IDLE: break;
    case XR_SESSION_STATE_EXITING:
        m_life.running = false;
        m_life.shouldQuit = true;
        m_life.events.push_back("session exiting");
        break;
    case XR_SESSION_STATE_LOSS_PENDING:
        markLost("the OpenXR runtime lost the session (headset disconnected or runtime stopped)");
        break;
    default: break;
    }
}

void XrSessionHost::markLost(std::string message) {
    if (!m_life.lost) {
        m_life.lost = true;
        m_life.lostMessage = message;
        m_life.events.push_back(std::move(message));
        logWarn("xr: %s", m_life.lostMessage.c_str());
    }
    m_life.running = m_life.visible = m_life.focused = false;
    m_life.shouldQuit = true;
}

void XrSessionHost::requestExit() {
    m_exitRequested = true;
    if (!m_life.running || m_life.lost) {
        m_life.shouldQuit = true; // nothing runs: nothing to stop
        return;
    }
    if (XrResult r = xrRequestExitSession(m_session); XR_FAILED(r)) {
        if (r == XR_ERROR_SESSION_LOST)
            markLost("the OpenXR session was lost");
        else
            logWarn("xr: xrRequestExitSession failed: %s", resultString(m_instance, r).c_str());
    }
}

std::optional<Pose> XrSessionHost::locateSpace(XrSpace space, XrTime time) const {
    XrSpaceLocation location{XR_TYPE_SPACE_LOCATION};
    if (XR_FAILED(xrLocateSpace(space, m_referenceSpace, time, &location))) return std::nullopt;
    const XrSpaceLocationFlags valid = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
    if ((location.locationFlags & valid) != valid) return std::nullopt;
    return fromXr(location.pose);
}

Error XrSessionHost::frameCallFailed(const char* call, XrResult result) {
    if (result == XR_ERROR_SESSION_LOST) markLost("the OpenXR runtime lost the session (" + std::string(call) + ")");
    if (result == XR_ERROR_INSTANCE_LOST) markLost("the OpenXR runtime is gone (instance lost)");
    return callError(m_instance, call, result);
}

} // namespace tv::xr
