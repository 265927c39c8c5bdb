#include "xr/core/xr_runtime.h"

#include "xr/core/xr_result.h"
#include "xr/core/xr_vulkan_provider.h"

#include "core/log.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace tv::xr {

// ---- Pure helpers ----

Expected<ExtensionChoice> chooseExtensions(std::span<const std::string> offered, bool wantDepth) {
    auto has = [&](const char* name) { return std::find(offered.begin(), offered.end(), name) != offered.end(); };
    if (!has(XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME))
        return makeError(ErrorCode::Unsupported,
                         "the OpenXR runtime does not offer " XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME
                         " (twinview renders with Vulkan through it)");
    ExtensionChoice choice;
    choice.enabled.push_back(XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME);
    if (wantDepth && has(XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME)) {
        choice.enabled.push_back(XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME);
        choice.depthLayer = true;
    }
    return choice;
}

Error startupError(const char* call, XrResult result, const char* runtimeJson) {
    switch (result) {
    case XR_ERROR_RUNTIME_UNAVAILABLE:
        if (runtimeJson && *runtimeJson)
            return makeError(ErrorCode::Device,
                             format("no OpenXR runtime is installed or active (XR_RUNTIME_JSON=%s could not be "
                                    "loaded; set it to a runtime manifest, e.g. Monado's or SteamVR's; see README)",
                                    runtimeJson));
        return makeError(ErrorCode::Device, "no OpenXR runtime is installed or active (set XR_RUNTIME_JSON to a "
                                            "runtime manifest, e.g. Monado's or SteamVR's; see README)");
    case XR_ERROR_FORM_FACTOR_UNAVAILABLE:
        return makeError(ErrorCode::Device, "no headset connected (the OpenXR runtime sees no head-mounted display; "
                                            "connect it, switch it on and try again)");
    case XR_ERROR_FORM_FACTOR_UNSUPPORTED:
        return makeError(ErrorCode::Unsupported, "the OpenXR runtime does not support head-mounted displays");
    case XR_ERROR_RUNTIME_FAILURE:
        return makeError(
            ErrorCode::Device,
            format("the OpenXR runtime failed to start (%s: XR_ERROR_RUNTIME_FAILURE; see its log)", call));
    default: return callError(XR_NULL_HANDLE, call, result);
    }
}

// ---- XrRuntime ----

namespace {

Expected<std::vector<std::string>> offeredExtensions() {
    uint32_t count = 0;
    const char* json = std::getenv("XR_RUNTIME_JSON");
    if (XrResult r = xrEnumerateInstanceExtensionProperties(nullptr, 0, &count, nullptr); XR_FAILED(r))
        return startupError("xrEnumerateInstanceExtensionProperties", r, json);
    std::vector<XrExtensionProperties> props(count, {XR_TYPE_EXTENSION_PROPERTIES});
    if (XrResult r = xrEnumerateInstanceExtensionProperties(nullptr, count, &count, props.data()); XR_FAILED(r))
        return startupError("xrEnumerateInstanceExtensionProperties", r, json);
    std::vector<std::string> names;
    for (uint32_t i = 0; i < count; ++i) names.emplace_back(props[i].extensionName);
    return names;
}

std::string versionText(XrVersion v) {
    return format("%u.%u.%u", unsigned(XR_VERSION_MAJOR(v)), unsigned(XR_VERSION_MINOR(v)),
                  unsigned(XR_VERSION_PATCH(v)));
}

} // namespace

Expected<std::unique_ptr<XrRuntime>> XrRuntime::create(const XrRuntimeOptions& options) {
    auto offered = offeredExtensions();
    if (!offered) return offered.error();
    auto choice = chooseExtensions(*offered, options.depthLayer);
    if (!choice) return choice.error();

    std::vector<const char*> extensions;
    for (const std::string& e : choice->enabled) extensions.push_back(e.c_str());
    XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
    std::snprintf(info.applicationInfo.applicationName, XR_MAX_APPLICATION_NAME_SIZE, "%s",
                  options.applicationName.c_str());
    std::snprintf(info.applicationInfo.engineName, XR_MAX_ENGINE_NAME_SIZE, "twinview");
    info.applicationInfo.applicationVersion = 1;
    info.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    info.enabledExtensionCount = uint32_t(extensions.size());
    info.enabledExtensionNames = extensions.data();
    std::unique_ptr<XrRuntime> rt(new XrRuntime());
    if (XrResult r = xrCreateInstance(&info, &rt->m_instance); XR_FAILED(r)) {
        rt->m_instance = XR_NULL_HANDLE;
        return startupError("xrCreateInstance", r, std::getenv("XR_RUNTIME_JSON"));
    }
    const XrInstance instance = rt->m_instance;
    XrSystemInfo& si = rt->m_info;
    si.depthLayerAvailable = choice->depthLayer;

    XrInstanceProperties instanceProps{XR_TYPE_INSTANCE_PROPERTIES};
    if (XrResult r = xrGetInstanceProperties(instance, &instanceProps); XR_FAILED(r))
        return callError(instance, "xrGetInstanceProperties", r);
    si.runtimeName = instanceProps.runtimeName;
    si.runtimeVersion = versionText(instanceProps.runtimeVersion);

    XrSystemGetInfo systemInfo{XR_TYPE_SYSTEM_GET_INFO};
    systemInfo.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    if (XrResult r = xrGetSystem(instance, &systemInfo, &rt->m_systemId); XR_FAILED(r))
        return startupError("xrGetSystem", r, nullptr);
    XrSystemProperties systemProps{XR_TYPE_SYSTEM_PROPERTIES};
    if (XrResult r = xrGetSystemProperties(instance, rt->m_systemId, &systemProps); XR_FAILED(r))
        return callError(instance, "xrGetSystemProperties", r);
    si.systemName = systemProps.systemName;
    si.vendorId = systemProps.vendorId;
    si.maxLayerCount = systemProps.graphicsProperties.maxLayerCount;
    si.orientationTracking = systemProps.trackingProperties.orientationTracking == XR_TRUE;
    si.positionTracking = systemProps.trackingProperties.positionTracking == XR_TRUE;

    // The headset must offer PRIMARY_STEREO (two views, one per eye): that is what the renderer draws.
    uint32_t count = 0;
    if (XrResult r = xrEnumerateViewConfigurations(instance, rt->m_systemId, 0, &count, nullptr); XR_FAILED(r))
        return callError(instance, "xrEnumerateViewConfigurations", r);
    std::vector<XrViewConfigurationType> configs(count);
    if (XrResult r = xrEnumerateViewConfigurations(instance, rt->m_systemId, count, &count, configs.data());
        XR_FAILED(r))
        return callError(instance, "xrEnumerateViewConfigurations", r);
    if (std::find(configs.begin(), configs.end(), XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO) == configs.end())
        return makeError(ErrorCode::Unsupported,
                         format("the headset (%s) offers no stereo view configuration", si.systemName.c_str()));
    const XrViewConfigurationType stereo = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    if (XrResult r = xrEnumerateViewConfigurationViews(instance, rt->m_systemId, stereo, 0, &count, nullptr);
        XR_FAILED(r))
        return callError(instance, "xrEnumerateViewConfigurationViews", r);
    std::vector<XrViewConfigurationView> views(count, {XR_TYPE_VIEW_CONFIGURATION_VIEW});
    if (XrResult r = xrEnumerateViewConfigurationViews(instance, rt->m_systemId, stereo, count, &count, views.data());
        XR_FAILED(r))
        return callError(instance, "xrEnumerateViewConfigurationViews", r);
    if (count != 2)
        return makeError(ErrorCode::Unsupported, format("the stereo view configuration has %u views, not 2", count));
    // One array swapchain serves both eyes, so both get the larger of the two recommendations.
    si.recommendedWidth = std::max(views[0].recommendedImageRectWidth, views[1].recommendedImageRectWidth);
    si.recommendedHeight = std::max(views[0].recommendedImageRectHeight, views[1].recommendedImageRectHeight);
    si.maxWidth = std::min(views[0].maxImageRectWidth, views[1].maxImageRectWidth);
    si.maxHeight = std::min(views[0].maxImageRectHeight, views[1].maxImageRectHeight);

    if (XrResult r = xrEnumerateEnvironmentBlendModes(instance, rt->m_systemId, stereo, 0, &count, nullptr);
        XR_FAILED(r))
        return callError(instance, "xrEnumerateEnvironmentBlendModes", r);
    std::vector<XrEnvironmentBlendMode> modes(count);
    if (XrResult r = xrEnumerateEnvironmentBlendModes(instance, rt->m_systemId, stereo, count, &count, modes.data());
        XR_FAILED(r))
        return callError(instance, "xrEnumerateEnvironmentBlendModes", r);
    for (uint32_t i = 0; i < count; ++i)
        if (auto mode = fromXr(modes[i])) si.blendModes.push_back(*mode);

    rt->m_provider = std::make_unique<XrVulkanProvider>(instance, rt->m_systemId);
    std::string modesText;
    for (BlendMode m : si.blendModes) modesText += (modesText.empty() ? "" : ", ") + std::string(blendModeName(m));
    logInfo("xr: %s %s, system \"%s\": %ux%u per eye, blend modes %s, depth layer %s", si.runtimeName.c_str(),
            si.runtimeVersion.c_str(), si.systemName.c_str(), si.recommendedWidth, si.recommendedHeight,
            modesText.c_str(), si.depthLayerAvailable ? "on" : "off");
    return rt;
}

XrRuntime::~XrRuntime() {
    if (m_instance != XR_NULL_HANDLE) xrDestroyInstance(m_instance);
}

gfx::DeviceProvider& XrRuntime::deviceProvider() { return *m_provider; }

bool XrRuntime::createdThroughOpenXr(VkInstance instance, VkDevice device) const {
    const auto& p = static_cast<const XrVulkanProvider&>(*m_provider);
    return instance != VK_NULL_HANDLE && device != VK_NULL_HANDLE && p.createdInstance() == instance &&
           p.createdDevice() == device;
}

std::string XrRuntime::resultString(XrResult result) const { return xr::resultString(m_instance, result); }

PFN_xrVoidFunction XrRuntime::voidFunction(const char* name) const {
    PFN_xrVoidFunction fn = nullptr;
    if (xrGetInstanceProcAddr(m_instance, name, &fn) != XR_SUCCESS) return nullptr;
    return fn;
}

} // namespace tv::xr
