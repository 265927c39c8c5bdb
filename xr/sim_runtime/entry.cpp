// The simulated runtime's only exported symbol (xrNegotiateLoaderRuntimeInterface) and xrGetInstanceProcAddr,
// which hands the loader the functions below. Functions of an extension are only returned when the instance
// enabled that extension, as the specification requires.
#include "runtime.h"

#include <cstring>

namespace tv::xrsim {
namespace {

enum class Needs { Nothing, VulkanEnable2 };

struct Entry {
    const char* name;
    PFN_xrVoidFunction function;
    Needs needs;
};

template <class F>
PFN_xrVoidFunction fn(F f) {
    return reinterpret_cast<PFN_xrVoidFunction>(f);
}

const Entry kEntries[] = {
    {"xrGetInstanceProcAddr", fn(&getInstanceProcAddr), Needs::Nothing},
    {"xrEnumerateApiLayerProperties", fn(&enumerateApiLayerProperties), Needs::Nothing},
    {"xrEnumerateInstanceExtensionProperties", fn(&enumerateInstanceExtensionProperties), Needs::Nothing},
    {"xrCreateInstance", fn(&createInstance), Needs::Nothing},
    {"xrDestroyInstance", fn(&destroyInstance), Needs::Nothing},
    {"xrGetInstanceProperties", fn(&getInstanceProperties), Needs::Nothing},
    {"xrPollEvent", fn(&pollEvent), Needs::Nothing},
    {"xrResultToString", fn(&resultToString), Needs::Nothing},
    {"xrStructureTypeToString", fn(&structureTypeToString), Needs::Nothing},
    {"xrStringToPath", fn(&stringToPath), Needs::Nothing},
    {"xrPathToString", fn(&pathToString), Needs::Nothing},
    {"xrGetSystem", fn(&getSystem), Needs::Nothing},
    {"xrGetSystemProperties", fn(&getSystemProperties), Needs::Nothing},
    {"xrEnumerateViewConfigurations", fn(&enumerateViewConfigurations), Needs::Nothing},
    {"xrGetViewConfigurationProperties", fn(&getViewConfigurationProperties), Needs::Nothing},
    {"xrEnumerateViewConfigurationViews", fn(&enumerateViewConfigurationViews), Needs::Nothing},
    {"xrEnumerateEnvironmentBlendModes", fn(&enumerateEnvironmentBlendModes), Needs::Nothing},
    {"xrGetVulkanGraphicsRequirements2KHR", fn(&getVulkanGraphicsRequirements2), Needs::VulkanEnable2},
    {"xrCreateVulkanInstanceKHR", fn(&createVulkanInstance), Needs::VulkanEnable2},
    {"xrGetVulkanGraphicsDevice2KHR", fn(&getVulkanGraphicsDevice2), Needs::VulkanEnable2},
    {"xrCreateVulkanDeviceKHR", fn(&createVulkanDevice), Needs::VulkanEnable2},
    {"xrCreateSession", fn(&createSession), Needs::Nothing},
    {"xrDestroySession", fn(&destroySession), Needs::Nothing},
    {"xrBeginSession", fn(&beginSession), Needs::Nothing},
    {"xrEndSession", fn(&endSession), Needs::Nothing},
    {"xrRequestExitSession", fn(&requestExitSession), Needs::Nothing},
    {"xrWaitFrame", fn(&waitFrame), Needs::Nothing},
    {"xrBeginFrame", fn(&beginFrame), Needs::Nothing},
    {"xrEndFrame", fn(&endFrame), Needs::Nothing},
    {"xrEnumerateReferenceSpaces", fn(&enumerateReferenceSpaces), Needs::Nothing},
    {"xrCreateReferenceSpace", fn(&createReferenceSpace), Needs::Nothing},
    {"xrGetReferenceSpaceBoundsRect", fn(&getReferenceSpaceBoundsRect), Needs::Nothing},
    {"xrCreateActionSpace", fn(&createActionSpace), Needs::Nothing},
    {"xrLocateSpace", fn(&locateSpace), Needs::Nothing},
    {"xrDestroySpace", fn(&destroySpace), Needs::Nothing},
    {"xrLocateViews", fn(&locateViews), Needs::Nothing},
    {"xrEnumerateSwapchainFormats", fn(&enumerateSwapchainFormats), Needs::Nothing},
    {"xrCreateSwapchain", fn(&createSwapchain), Needs::Nothing},
    {"xrDestroySwapchain", fn(&destroySwapchain), Needs::Nothing},
    {"xrEnumerateSwapchainImages", fn(&enumerateSwapchainImages), Needs::Nothing},
    {"xrAcquireSwapchainImage", fn(&acquireSwapchainImage), Needs::Nothing},
    {"xrWaitSwapchainImage", fn(&waitSwapchainImage), Needs::Nothing},
    {"xrReleaseSwapchainImage", fn(&releaseSwapchainImage), Needs::Nothing},
    {"xrCreateActionSet", fn(&createActionSet), Needs::Nothing},
    {"xrDestroyActionSet", fn(&destroyActionSet), Needs::Nothing},
    {"xrCreateAction", fn(&createAction), Needs::Nothing},
    {"xrDestroyAction", fn(&destroyAction), Needs::Nothing},
    {"xrSuggestInteractionProfileBindings", fn(&suggestInteractionProfileBindings), Needs::Nothing},
    {"xrAttachSessionActionSets", fn(&attachSessionActionSets), Needs::Nothing},
    {"xrGetCurrentInteractionProfile", fn(&getCurrentInteractionProfile), Needs::Nothing},
    {"xrSyncActions", fn(&syncActions), Needs::Nothing},
    {"xrGetActionStateBoolean", fn(&getActionStateBoolean), Needs::Nothing},
    {"xrGetActionStateFloat", fn(&getActionStateFloat), Needs::Nothing},
    {"xrGetActionStateVector2f", fn(&getActionStateVector2f), Needs::Nothing},
    {"xrGetActionStatePose", fn(&getActionStatePose), Needs::Nothing},
    {"xrApplyHapticFeedback", fn(&applyHapticFeedback), Needs::Nothing},
    {"xrStopHapticFeedback", fn(&stopHapticFeedback), Needs::Nothing},
    {"xrEnumerateBoundSourcesForAction", fn(&enumerateBoundSourcesForAction), Needs::Nothing},
    {"xrGetInputSourceLocalizedName", fn(&getInputSourceLocalizedName), Needs::Nothing},
};

// Functions that may be queried without an instance (specification, xrGetInstanceProcAddr).
bool callableWithoutInstance(const char* name) {
    return std::strcmp(name, "xrEnumerateInstanceExtensionProperties") == 0 ||
           std::strcmp(name, "xrEnumerateApiLayerProperties") == 0 || std::strcmp(name, "xrCreateInstance") == 0;
}

} // namespace

XrResult XRAPI_CALL getInstanceProcAddr(XrInstance instance, const char* name, PFN_xrVoidFunction* function) {
    std::lock_guard lock(Runtime::get().mutex());
    if (!name || !function) return violation("xrGetInstanceProcAddr", XR_ERROR_VALIDATION_FAILURE, "null argument");
    *function = nullptr;
    const Instance* inst = nullptr;
    if (instance == XR_NULL_HANDLE) {
        if (!callableWithoutInstance(name))
            return violation("xrGetInstanceProcAddr", XR_ERROR_HANDLE_INVALID,
                             std::string("XR_NULL_HANDLE instance for ") + name);
    } else {
        inst = Runtime::get().find<Instance>(raw(instance));
        if (!inst) return violation("xrGetInstanceProcAddr", XR_ERROR_HANDLE_INVALID, "instance is not live");
    }
    for (const Entry& e : kEntries) {
        if (std::strcmp(e.name, name) != 0) continue;
        if (e.needs == Needs::VulkanEnable2 && !(inst && inst->vulkanEnable2)) return XR_ERROR_FUNCTION_UNSUPPORTED;
        *function = e.function;
        return XR_SUCCESS;
    }
    return XR_ERROR_FUNCTION_UNSUPPORTED;
}

} // namespace tv::xrsim

extern "C" __attribute__((visibility("default"))) XrResult XRAPI_CALL
xrNegotiateLoaderRuntimeInterface(const XrNegotiateLoaderInfo* loaderInfo, XrNegotiateRuntimeRequest* request) {
    if (!loaderInfo || !request || loaderInfo->structType != XR_LOADER_INTERFACE_STRUCT_LOADER_INFO ||
        loaderInfo->structVersion != XR_LOADER_INFO_STRUCT_VERSION ||
        loaderInfo->structSize != sizeof(XrNegotiateLoaderInfo) ||
        request->structType != XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST ||
        request->structVersion != XR_RUNTIME_INFO_STRUCT_VERSION ||
        request->structSize != sizeof(XrNegotiateRuntimeRequest))
        return XR_ERROR_INITIALIZATION_FAILED;
    if (loaderInfo->minInterfaceVersion > XR_CURRENT_LOADER_RUNTIME_VERSION ||
        loaderInfo->maxInterfaceVersion < XR_CURRENT_LOADER_RUNTIME_VERSION ||
        XR_VERSION_MAJOR(loaderInfo->minApiVersion) > 1 || XR_VERSION_MAJOR(loaderInfo->maxApiVersion) < 1)
        return XR_ERROR_INITIALIZATION_FAILED;
    request->runtimeInterfaceVersion = XR_CURRENT_LOADER_RUNTIME_VERSION;
    request->runtimeApiVersion = XR_CURRENT_API_VERSION;
    request->getInstanceProcAddr = &tv::xrsim::getInstanceProcAddr;
    return XR_SUCCESS;
}
