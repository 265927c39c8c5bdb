// Instance, system, view configuration, event, string and path functions of the simulated runtime.
#include "runtime.h"

#include <openxr/openxr_reflection.h>

#include <cstdio>
#include <cstring>

namespace tv::xrsim {
namespace {

uint64_t g_instance = 0; // one instance at a time, as the loader also enforces

struct ExtensionInfo {
    const char* name;
    uint32_t version;
};

std::vector<ExtensionInfo> offeredExtensions(const Script& script) {
    std::vector<ExtensionInfo> list{{XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, XR_KHR_vulkan_enable2_SPEC_VERSION}};
    if (script.depthExtension)
        list.push_back({XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, XR_KHR_composition_layer_depth_SPEC_VERSION});
    return list;
}

XrResult lookupInstance(const char* func, XrInstance handle, Instance*& out) {
    out = Runtime::get().find<Instance>(raw(handle));
    return out ? XR_SUCCESS : violation(func, XR_ERROR_HANDLE_INVALID, "instance is not a live XrInstance");
}

XrResult checkSystem(const char* func, const Instance& instance, XrSystemId systemId) {
    if (systemId != kSystemId || !instance.systemQueried)
        return violation(func, XR_ERROR_SYSTEM_INVALID, "systemId was not returned by xrGetSystem");
    return XR_SUCCESS;
}

XrEnvironmentBlendMode blendModeFromName(const std::string& name) {
    if (name == "additive") return XR_ENVIRONMENT_BLEND_MODE_ADDITIVE;
    if (name == "alpha_blend") return XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND;
    return XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
}

} // namespace

XrResult XRAPI_CALL enumerateApiLayerProperties(uint32_t capacity, uint32_t* count, XrApiLayerProperties* properties) {
    std::lock_guard lock(Runtime::get().mutex());
    return twoCall<XrApiLayerProperties>("xrEnumerateApiLayerProperties", capacity, count, properties, {});
}

XrResult XRAPI_CALL enumerateInstanceExtensionProperties(const char* layerName, uint32_t capacity, uint32_t* count,
                                                         XrExtensionProperties* properties) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEnumerateInstanceExtensionProperties";
    if (layerName && *layerName) return violation(func, XR_ERROR_API_LAYER_NOT_PRESENT, "no API layers here");
    // A malformed script is reported by xrCreateInstance (where the app sees the error, not a missing
    // extension); the enumeration then describes the default headset.
    Script script;
    std::string error;
    if (!loadScriptFromEnvironment(script, error)) script = defaultScript();
    std::vector<XrExtensionProperties> list;
    for (const ExtensionInfo& e : offeredExtensions(script)) {
        XrExtensionProperties p{XR_TYPE_EXTENSION_PROPERTIES};
        std::snprintf(p.extensionName, sizeof(p.extensionName), "%s", e.name);
        p.extensionVersion = e.version;
        list.push_back(p);
    }
    if (properties && capacity >= list.size())
        for (uint32_t i = 0; i < list.size(); ++i)
            if (XrResult r = checkStruct(func, &properties[i], XR_TYPE_EXTENSION_PROPERTIES, "properties[i]"); r < 0)
                return r;
    return twoCall(func, capacity, count, properties, list);
}

XrResult XRAPI_CALL createInstance(const XrInstanceCreateInfo* info, XrInstance* out) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateInstance";
    if (XrResult r = checkStruct(func, info, XR_TYPE_INSTANCE_CREATE_INFO, "createInfo"); r < 0) return r;
    if (!out) return violation(func, XR_ERROR_VALIDATION_FAILURE, "instance output is null");
    if (g_instance != 0) return violation(func, XR_ERROR_LIMIT_REACHED, "an instance already exists");
    if (info->createFlags != 0) return violation(func, XR_ERROR_VALIDATION_FAILURE, "createFlags must be 0");
    if (info->applicationInfo.applicationName[0] == '\0')
        return violation(func, XR_ERROR_NAME_INVALID, "applicationName is empty");
    if (XR_VERSION_MAJOR(info->applicationInfo.apiVersion) != 1)
        return violation(func, XR_ERROR_API_VERSION_UNSUPPORTED, "only OpenXR 1.x is supported");
    if (info->enabledApiLayerCount != 0)
        return violation(func, XR_ERROR_API_LAYER_NOT_PRESENT, "the runtime offers no API layers");
    auto instance = std::make_unique<Instance>();
    std::string error;
    if (!loadScriptFromEnvironment(instance->script, error)) return violation(func, XR_ERROR_RUNTIME_FAILURE, error);
    const std::vector<ExtensionInfo> offered = offeredExtensions(instance->script);
    for (uint32_t i = 0; i < info->enabledExtensionCount; ++i) {
        const char* name = info->enabledExtensionNames[i];
        bool found = false;
        for (const ExtensionInfo& e : offered) found = found || std::strcmp(e.name, name) == 0;
        if (!found) return violation(func, XR_ERROR_EXTENSION_NOT_PRESENT, std::string("extension ") + name);
        if (std::strcmp(name, XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME) == 0) instance->vulkanEnable2 = true;
        if (std::strcmp(name, XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME) == 0) instance->depthExtension = true;
    }
    instance->appName = info->applicationInfo.applicationName;
    Runtime::get().resetReport();
    g_instance = Runtime::get().add(std::move(instance));
    *out = toHandle<XrInstance>(g_instance);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroyInstance(XrInstance handle) {
    std::lock_guard lock(Runtime::get().mutex());
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance("xrDestroyInstance", handle, instance); r < 0) return r;
    if (Session* session = Runtime::get().find<Session>(instance->session)) {
        destroySessionObjects(*session);
        Runtime::get().remove(session->handle);
    }
    for (uint64_t setHandle : instance->actionSets) {
        if (ActionSet* set = Runtime::get().find<ActionSet>(setHandle))
            for (uint64_t action : set->actions) Runtime::get().remove(action);
        Runtime::get().remove(setHandle);
    }
    Runtime::get().writeReport();
    Runtime::get().remove(instance->handle);
    g_instance = 0;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL getInstanceProperties(XrInstance handle, XrInstanceProperties* properties) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetInstanceProperties";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (XrResult r = checkStruct(func, properties, XR_TYPE_INSTANCE_PROPERTIES, "properties"); r < 0) return r;
    properties->runtimeVersion = XR_MAKE_VERSION(0, 1, 0);
    std::snprintf(properties->runtimeName, sizeof(properties->runtimeName), "%s", kRuntimeName);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL pollEvent(XrInstance handle, XrEventDataBuffer* event) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrPollEvent";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (XrResult r = checkStruct(func, event, XR_TYPE_EVENT_DATA_BUFFER, "eventData"); r < 0) return r;
    if (Session* session = Runtime::get().find<Session>(instance->session)) advanceSessionState(*instance, *session);
    if (instance->events.empty()) return XR_EVENT_UNAVAILABLE;
    *event = instance->events.front();
    instance->events.pop_front();
    Runtime::get().report().eventsSent += 1;
    if (event->type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
        const auto* changed = reinterpret_cast<const XrEventDataSessionStateChanged*>(event);
        if (Session* session = Runtime::get().find<Session>(raw(changed->session)))
            session->observedState = changed->state;
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL resultToString(XrInstance handle, XrResult value, char buffer[XR_MAX_RESULT_STRING_SIZE]) {
    std::lock_guard lock(Runtime::get().mutex());
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance("xrResultToString", handle, instance); r < 0) return r;
    if (const char* name = resultName(value))
        std::snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "%s", name);
    else if (value < 0)
        std::snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "XR_UNKNOWN_FAILURE_%d", int(-value));
    else
        std::snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "XR_UNKNOWN_SUCCESS_%d", int(value));
    return XR_SUCCESS;
}

XrResult XRAPI_CALL structureTypeToString(XrInstance handle, XrStructureType value,
                                          char buffer[XR_MAX_STRUCTURE_NAME_SIZE]) {
    std::lock_guard lock(Runtime::get().mutex());
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance("xrStructureTypeToString", handle, instance); r < 0) return r;
    const char* name = nullptr;
    switch (value) {
#define TV_XRSIM_TYPE_CASE(n, v)                                                                                       \
    case n: name = #n; break;
        XR_LIST_ENUM_XrStructureType(TV_XRSIM_TYPE_CASE)
#undef TV_XRSIM_TYPE_CASE
            default : break;
    }
    if (name)
        std::snprintf(buffer, XR_MAX_STRUCTURE_NAME_SIZE, "%s", name);
    else
        std::snprintf(buffer, XR_MAX_STRUCTURE_NAME_SIZE, "XR_UNKNOWN_STRUCTURE_TYPE_%d", int(value));
    return XR_SUCCESS;
}

XrResult XRAPI_CALL stringToPath(XrInstance handle, const char* pathString, XrPath* path) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrStringToPath";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (!pathString || !path) return violation(func, XR_ERROR_VALIDATION_FAILURE, "null argument");
    const XrPath id = internPath(*instance, pathString);
    if (id == XR_NULL_PATH)
        return violation(func, XR_ERROR_PATH_FORMAT_INVALID, std::string("'") + pathString + "' is not a valid path");
    *path = id;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL pathToString(XrInstance handle, XrPath path, uint32_t capacity, uint32_t* count, char* buffer) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrPathToString";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    const std::string* text = pathString(*instance, path);
    if (!text) return violation(func, XR_ERROR_PATH_INVALID, "path " + std::to_string(path) + " is not known");
    std::vector<char> chars(text->begin(), text->end());
    chars.push_back('\0');
    return twoCall(func, capacity, count, buffer, chars);
}

XrResult XRAPI_CALL getSystem(XrInstance handle, const XrSystemGetInfo* info, XrSystemId* systemId) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetSystem";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_SYSTEM_GET_INFO, "getInfo"); r < 0) return r;
    if (!systemId) return violation(func, XR_ERROR_VALIDATION_FAILURE, "systemId output is null");
    if (info->formFactor != XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY) {
        if (info->formFactor != XR_FORM_FACTOR_HANDHELD_DISPLAY)
            return violation(func, XR_ERROR_VALIDATION_FAILURE, "formFactor is not a valid XrFormFactor");
        return XR_ERROR_FORM_FACTOR_UNSUPPORTED; // a legitimate query, not a violation
    }
    instance->systemQueried = true;
    *systemId = kSystemId;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL getSystemProperties(XrInstance handle, XrSystemId systemId, XrSystemProperties* properties) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetSystemProperties";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (XrResult r = checkSystem(func, *instance, systemId); r < 0) return r;
    if (XrResult r = checkStruct(func, properties, XR_TYPE_SYSTEM_PROPERTIES, "properties"); r < 0) return r;
    properties->systemId = kSystemId;
    properties->vendorId = 0x7476; // "tv"
    std::snprintf(properties->systemName, sizeof(properties->systemName), "%s", kRuntimeName);
    properties->graphicsProperties.maxSwapchainImageWidth = kMaxImageSize;
    properties->graphicsProperties.maxSwapchainImageHeight = kMaxImageSize;
    properties->graphicsProperties.maxLayerCount = kMaxLayers;
    properties->trackingProperties.orientationTracking = XR_TRUE;
    properties->trackingProperties.positionTracking = XR_TRUE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerateViewConfigurations(XrInstance handle, XrSystemId systemId, uint32_t capacity,
                                                uint32_t* count, XrViewConfigurationType* types) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEnumerateViewConfigurations";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (XrResult r = checkSystem(func, *instance, systemId); r < 0) return r;
    return twoCall(func, capacity, count, types, {XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO});
}

XrResult XRAPI_CALL getViewConfigurationProperties(XrInstance handle, XrSystemId systemId, XrViewConfigurationType type,
                                                   XrViewConfigurationProperties* properties) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetViewConfigurationProperties";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (XrResult r = checkSystem(func, *instance, systemId); r < 0) return r;
    if (type != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return violation(func, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, "only PRIMARY_STEREO");
    if (XrResult r = checkStruct(func, properties, XR_TYPE_VIEW_CONFIGURATION_PROPERTIES, "properties"); r < 0)
        return r;
    properties->viewConfigurationType = type;
    properties->fovMutable = XR_FALSE;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerateViewConfigurationViews(XrInstance handle, XrSystemId systemId,
                                                    XrViewConfigurationType type, uint32_t capacity, uint32_t* count,
                                                    XrViewConfigurationView* views) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEnumerateViewConfigurationViews";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (XrResult r = checkSystem(func, *instance, systemId); r < 0) return r;
    if (type != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return violation(func, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, "only PRIMARY_STEREO");
    XrViewConfigurationView view{XR_TYPE_VIEW_CONFIGURATION_VIEW};
    view.recommendedImageRectWidth = instance->script.width;
    view.recommendedImageRectHeight = instance->script.height;
    view.maxImageRectWidth = kMaxImageSize;
    view.maxImageRectHeight = kMaxImageSize;
    view.recommendedSwapchainSampleCount = 1;
    view.maxSwapchainSampleCount = 1;
    if (views && capacity >= 2)
        for (uint32_t i = 0; i < 2; ++i)
            if (XrResult r = checkStruct(func, &views[i], XR_TYPE_VIEW_CONFIGURATION_VIEW, "views[i]"); r < 0) return r;
    return twoCall(func, capacity, count, views, {view, view});
}

XrResult XRAPI_CALL enumerateEnvironmentBlendModes(XrInstance handle, XrSystemId systemId, XrViewConfigurationType type,
                                                   uint32_t capacity, uint32_t* count, XrEnvironmentBlendMode* modes) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEnumerateEnvironmentBlendModes";
    Instance* instance = nullptr;
    if (XrResult r = lookupInstance(func, handle, instance); r < 0) return r;
    if (XrResult r = checkSystem(func, *instance, systemId); r < 0) return r;
    if (type != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return violation(func, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, "only PRIMARY_STEREO");
    std::vector<XrEnvironmentBlendMode> list;
    for (const std::string& name : instance->script.blendModes) list.push_back(blendModeFromName(name));
    return twoCall(func, capacity, count, modes, list);
}

bool blendModeOffered(const Instance& instance, XrEnvironmentBlendMode mode) {
    for (const std::string& name : instance.script.blendModes)
        if (blendModeFromName(name) == mode) return true;
    return false;
}

} // namespace tv::xrsim
