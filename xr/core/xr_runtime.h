// XrRuntime — the OpenXR instance and system of `twinview --xr`: creates the XrInstance through the loader (the
// active runtime, or the one XR_RUNTIME_JSON names) with XR_KHR_vulkan_enable2 and, where offered,
// XR_KHR_composition_layer_depth; finds the head-mounted display and reads what it offers (view size, blend modes,
// layer limit). It also hands the renderer a gfx::DeviceProvider that creates the VkInstance, picks the
// VkPhysicalDevice and creates the VkDevice THROUGH OpenXR, so the runtime gets the Vulkan extensions it needs and
// the GPU the headset is attached to.
//
// Lifetime (the app must follow it): create XrRuntime, then the gfx::Renderer with
// RendererConfig::deviceProvider = &runtime.deviceProvider(), then the XrSessionHost; destroy in reverse: the session
// host, then the Renderer (its VkDevice and VkInstance were made through this instance), then the XrRuntime
// (xrDestroyInstance). Startup failures are expected failures (no runtime, no headset) and come back as Error with
// a one-line message meant for the user; the app then stays on the desktop.
//
// Threading: create, use and destroy on one thread (the main/render thread).
#pragma once

#include "xr/core/blend_mode.h"
#include "xr/core/xr_platform.h"

#include "core/expected.h"
#include "gfx/device_provider.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tv::xr {

struct XrRuntimeOptions {
    std::string applicationName = "twinview";
    // Enable XR_KHR_composition_layer_depth when the runtime offers it (depth lets the compositor reproject better).
    bool depthLayer = true;
};

// What the runtime and its head-mounted display offer. Sizes are per eye, in pixels.
struct XrSystemInfo {
    std::string runtimeName;    // XrInstanceProperties::runtimeName, e.g. "Monado", "twinview simulated headset"
    std::string runtimeVersion; // "major.minor.patch"
    std::string systemName;     // XrSystemProperties::systemName
    uint32_t vendorId = 0;
    std::vector<BlendMode> blendModes; // for PRIMARY_STEREO, the runtime's preferred mode first
    bool depthLayerAvailable = false;  // XR_KHR_composition_layer_depth is enabled on the instance
    uint32_t recommendedWidth = 0, recommendedHeight = 0;
    uint32_t maxWidth = 0, maxHeight = 0;
    uint32_t maxLayerCount = 0; // composition layers per frame
    bool orientationTracking = false, positionTracking = false;
};

class XrRuntime {
public:
    // Errors (ErrorCode::Device unless noted): no runtime installed or active (the message says to set
    // XR_RUNTIME_JSON), the runtime lacks XR_KHR_vulkan_enable2 (Unsupported), no headset connected, no
    // PRIMARY_STEREO view configuration (Unsupported), or another failed call named with its XrResult.
    static Expected<std::unique_ptr<XrRuntime>> create(const XrRuntimeOptions& options = {});
    ~XrRuntime();
    XrRuntime(const XrRuntime&) = delete;
    XrRuntime& operator=(const XrRuntime&) = delete;

    XrInstance instance() const { return m_instance; }
    XrSystemId systemId() const { return m_systemId; }
    const XrSystemInfo& systemInfo() const { return m_info; }

    // For RendererConfig::deviceProvider. Valid for the XrRuntime's lifetime; used once, by one Renderer.
    gfx::DeviceProvider& deviceProvider();
    // True when `device` (of `instance`) was created through this runtime's provider: a session can only bind a
    // Vulkan device the runtime created (XR_KHR_vulkan_enable2).
    bool createdThroughOpenXr(VkInstance instance, VkDevice device) const;

    // xrResultToString through this instance.
    std::string resultString(XrResult result) const;

    // An instance function (core or of an enabled extension) through xrGetInstanceProcAddr, null if unavailable.
    template <class Fn>
    Fn function(const char* name) const {
        return reinterpret_cast<Fn>(voidFunction(name));
    }

private:
    XrRuntime() = default;
    PFN_xrVoidFunction voidFunction(const char* name) const;

    XrInstance m_instance = XR_NULL_HANDLE;
    XrSystemId m_systemId = XR_NULL_SYSTEM_ID;
    XrSystemInfo m_info;
    std::unique_ptr<gfx::DeviceProvider> m_provider;
};

// ---- Pure helpers (unit-tested without a runtime) ----

// The instance extensions to enable from what the runtime offers: XR_KHR_vulkan_enable2 (required: Unsupported
// error naming it otherwise) and XR_KHR_composition_layer_depth when offered and `wantDepth`.
struct ExtensionChoice {
    std::vector<std::string> enabled;
    bool depthLayer = false;
};
Expected<ExtensionChoice> chooseExtensions(std::span<const std::string> offered, bool wantDepth);

// The user-facing error for a failed startup call (xrEnumerateInstanceExtensionProperties, xrCreateInstance,
// xrGetSystem): XR_ERROR_RUNTIME_UNAVAILABLE (what the 1.0.20 loader returns when XR_RUNTIME_JSON names no readable
// manifest, or when it is unset and no runtime is active) -> "no OpenXR runtime is installed or active (...)";
// XR_ERROR_FORM_FACTOR_UNAVAILABLE -> "no headset connected ..."; others name the call and the result.
// `runtimeJson` is the XR_RUNTIME_JSON value (null when unset), quoted in the no-runtime message.
Error startupError(const char* call, XrResult result, const char* runtimeJson);

} // namespace tv::xr
