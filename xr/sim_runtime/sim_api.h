// Headers and declarations shared by the simulated runtime's translation units: Vulkan (without prototypes),
// OpenXR with the Vulkan platform types, the loader negotiation structures (absent from the 1.0.20 SDK headers,
// declared here as the OpenXR loader specification defines them) and every API function the runtime implements.
// Internal to tv_xr_sim_runtime.
#pragma once

#include <vulkan/vulkan.h>
#define XR_USE_GRAPHICS_API_VULKAN 1
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

// ---- Loader <-> runtime negotiation (OpenXR loader specification, "Runtime Interface Negotiation") ----
#ifndef XR_LOADER_INFO_STRUCT_VERSION
#define XR_LOADER_INFO_STRUCT_VERSION 1
#define XR_RUNTIME_INFO_STRUCT_VERSION 1
#define XR_CURRENT_LOADER_RUNTIME_VERSION 1

extern "C" {
typedef enum XrLoaderInterfaceStructs {
    XR_LOADER_INTERFACE_STRUCT_UNINTIALIZED = 0,
    XR_LOADER_INTERFACE_STRUCT_LOADER_INFO = 1,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_REQUEST = 2,
    XR_LOADER_INTERFACE_STRUCT_RUNTIME_REQUEST = 3,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_CREATE_INFO = 4,
    XR_LOADER_INTERFACE_STRUCT_API_LAYER_NEXT_INFO = 5,
    XR_LOADER_INTERFACE_STRUCTS_MAX_ENUM = 0x7FFFFFFF
} XrLoaderInterfaceStructs;

typedef struct XrNegotiateLoaderInfo {
    XrLoaderInterfaceStructs structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t minInterfaceVersion;
    uint32_t maxInterfaceVersion;
    XrVersion minApiVersion;
    XrVersion maxApiVersion;
} XrNegotiateLoaderInfo;

typedef struct XrNegotiateRuntimeRequest {
    XrLoaderInterfaceStructs structType;
    uint32_t structVersion;
    size_t structSize;
    uint32_t runtimeInterfaceVersion;
    XrVersion runtimeApiVersion;
    PFN_xrGetInstanceProcAddr getInstanceProcAddr;
} XrNegotiateRuntimeRequest;
}
#endif

namespace tv::xrsim {

#define TV_XRSIM_API(name, ...) XrResult XRAPI_CALL name(__VA_ARGS__)

// instance_api.cpp
TV_XRSIM_API(getInstanceProcAddr, XrInstance instance, const char* name, PFN_xrVoidFunction* function);
TV_XRSIM_API(enumerateApiLayerProperties, uint32_t capacity, uint32_t* count, XrApiLayerProperties* properties);
TV_XRSIM_API(enumerateInstanceExtensionProperties, const char* layerName, uint32_t capacity, uint32_t* count,
             XrExtensionProperties* properties);
TV_XRSIM_API(createInstance, const XrInstanceCreateInfo* info, XrInstance* instance);
TV_XRSIM_API(destroyInstance, XrInstance instance);
TV_XRSIM_API(getInstanceProperties, XrInstance instance, XrInstanceProperties* properties);
TV_XRSIM_API(pollEvent, XrInstance instance, XrEventDataBuffer* event);
TV_XRSIM_API(resultToString, XrInstance instance, XrResult value, char buffer[XR_MAX_RESULT_STRING_SIZE]);
TV_XRSIM_API(structureTypeToString, XrInstance instance, XrStructureType value,
             char buffer[XR_MAX_STRUCTURE_NAME_SIZE]);
TV_XRSIM_API(stringToPath, XrInstance instance, const char* pathString, XrPath* path);
TV_XRSIM_API(pathToString, XrInstance instance, XrPath path, uint32_t capacity, uint32_t* count, char* buffer);
TV_XRSIM_API(getSystem, XrInstance instance, const XrSystemGetInfo* info, XrSystemId* systemId);
TV_XRSIM_API(getSystemProperties, XrInstance instance, XrSystemId systemId, XrSystemProperties* properties);
TV_XRSIM_API(enumerateViewConfigurations, XrInstance instance, XrSystemId systemId, uint32_t capacity, uint32_t* count,
             XrViewConfigurationType* types);
TV_XRSIM_API(getViewConfigurationProperties, XrInstance instance, XrSystemId systemId, XrViewConfigurationType type,
             XrViewConfigurationProperties* properties);
TV_XRSIM_API(enumerateViewConfigurationViews, XrInstance instance, XrSystemId systemId, XrViewConfigurationType type,
             uint32_t capacity, uint32_t* count, XrViewConfigurationView* views);
TV_XRSIM_API(enumerateEnvironmentBlendModes, XrInstance instance, XrSystemId systemId, XrViewConfigurationType type,
             uint32_t capacity, uint32_t* count, XrEnvironmentBlendMode* modes);

// vulkan_api.cpp (XR_KHR_vulkan_enable2)
TV_XRSIM_API(getVulkanGraphicsRequirements2, XrInstance instance, XrSystemId systemId,
             XrGraphicsRequirementsVulkanKHR* requirements);
TV_XRSIM_API(createVulkanInstance, XrInstance instance, const XrVulkanInstanceCreateInfoKHR* info,
             VkInstance* vulkanInstance, VkResult* vulkanResult);
TV_XRSIM_API(getVulkanGraphicsDevice2, XrInstance instance, const XrVulkanGraphicsDeviceGetInfoKHR* info,
             VkPhysicalDevice* physicalDevice);
TV_XRSIM_API(createVulkanDevice, XrInstance instance, const XrVulkanDeviceCreateInfoKHR* info, VkDevice* device,
             VkResult* vulkanResult);

// session_api.cpp
TV_XRSIM_API(createSession, XrInstance instance, const XrSessionCreateInfo* info, XrSession* session);
TV_XRSIM_API(destroySession, XrSession session);
TV_XRSIM_API(beginSession, XrSession session, const XrSessionBeginInfo* info);
TV_XRSIM_API(endSession, XrSession session);
TV_XRSIM_API(requestExitSession, XrSession session);
TV_XRSIM_API(waitFrame, XrSession session, const XrFrameWaitInfo* info, XrFrameState* state);
TV_XRSIM_API(beginFrame, XrSession session, const XrFrameBeginInfo* info);
TV_XRSIM_API(endFrame, XrSession session, const XrFrameEndInfo* info);

// space_api.cpp
TV_XRSIM_API(enumerateReferenceSpaces, XrSession session, uint32_t capacity, uint32_t* count,
             XrReferenceSpaceType* types);
TV_XRSIM_API(createReferenceSpace, XrSession session, const XrReferenceSpaceCreateInfo* info, XrSpace* space);
TV_XRSIM_API(getReferenceSpaceBoundsRect, XrSession session, XrReferenceSpaceType type, XrExtent2Df* bounds);
TV_XRSIM_API(createActionSpace, XrSession session, const XrActionSpaceCreateInfo* info, XrSpace* space);
TV_XRSIM_API(locateSpace, XrSpace space, XrSpace baseSpace, XrTime time, XrSpaceLocation* location);
TV_XRSIM_API(destroySpace, XrSpace space);
TV_XRSIM_API(locateViews, XrSession session, const XrViewLocateInfo* info, XrViewState* viewState, uint32_t capacity,
             uint32_t* count, XrView* views);

// swapchain_api.cpp
TV_XRSIM_API(enumerateSwapchainFormats, XrSession session, uint32_t capacity, uint32_t* count, int64_t* formats);
TV_XRSIM_API(createSwapchain, XrSession session, const XrSwapchainCreateInfo* info, XrSwapchain* swapchain);
TV_XRSIM_API(destroySwapchain, XrSwapchain swapchain);
TV_XRSIM_API(enumerateSwapchainImages, XrSwapchain swapchain, uint32_t capacity, uint32_t* count,
             XrSwapchainImageBaseHeader* images);
TV_XRSIM_API(acquireSwapchainImage, XrSwapchain swapchain, const XrSwapchainImageAcquireInfo* info, uint32_t* index);
TV_XRSIM_API(waitSwapchainImage, XrSwapchain swapchain, const XrSwapchainImageWaitInfo* info);
TV_XRSIM_API(releaseSwapchainImage, XrSwapchain swapchain, const XrSwapchainImageReleaseInfo* info);

// action_api.cpp
TV_XRSIM_API(createActionSet, XrInstance instance, const XrActionSetCreateInfo* info, XrActionSet* actionSet);
TV_XRSIM_API(destroyActionSet, XrActionSet actionSet);
TV_XRSIM_API(createAction, XrActionSet actionSet, const XrActionCreateInfo* info, XrAction* action);
TV_XRSIM_API(destroyAction, XrAction action);
TV_XRSIM_API(suggestInteractionProfileBindings, XrInstance instance,
             const XrInteractionProfileSuggestedBinding* suggested);
TV_XRSIM_API(attachSessionActionSets, XrSession session, const XrSessionActionSetsAttachInfo* info);
TV_XRSIM_API(getCurrentInteractionProfile, XrSession session, XrPath topLevelUserPath,
             XrInteractionProfileState* profile);
TV_XRSIM_API(syncActions, XrSession session, const XrActionsSyncInfo* info);
TV_XRSIM_API(getActionStateBoolean, XrSession session, const XrActionStateGetInfo* info, XrActionStateBoolean* state);
TV_XRSIM_API(getActionStateFloat, XrSession session, const XrActionStateGetInfo* info, XrActionStateFloat* state);
TV_XRSIM_API(getActionStateVector2f, XrSession session, const XrActionStateGetInfo* info, XrActionStateVector2f* state);
TV_XRSIM_API(getActionStatePose, XrSession session, const XrActionStateGetInfo* info, XrActionStatePose* state);
TV_XRSIM_API(applyHapticFeedback, XrSession session, const XrHapticActionInfo* info,
             const XrHapticBaseHeader* feedback);
TV_XRSIM_API(stopHapticFeedback, XrSession session, const XrHapticActionInfo* info);
TV_XRSIM_API(enumerateBoundSourcesForAction, XrSession session, const XrBoundSourcesForActionEnumerateInfo* info,
             uint32_t capacity, uint32_t* count, XrPath* sources);
TV_XRSIM_API(getInputSourceLocalizedName, XrSession session, const XrInputSourceLocalizedNameGetInfo* info,
             uint32_t capacity, uint32_t* count, char* buffer);

} // namespace tv::xrsim
