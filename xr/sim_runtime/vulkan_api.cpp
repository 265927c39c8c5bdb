// XR_KHR_vulkan_enable2 for the simulated runtime: the app's Vulkan instance and device are created through the
// runtime (with the app's own vkGetInstanceProcAddr); the runtime remembers them so that xrCreateSession can
// check the graphics binding names objects it created, as the extension requires.
#include "runtime.h"

#include <vector>

namespace tv::xrsim {
namespace {

XrResult lookup(const char* func, XrInstance handle, XrSystemId systemId, Instance*& out) {
    out = Runtime::get().find<Instance>(raw(handle));
    if (!out) return violation(func, XR_ERROR_HANDLE_INVALID, "instance is not a live XrInstance");
    if (systemId != kSystemId || !out->systemQueried)
        return violation(func, XR_ERROR_SYSTEM_INVALID, "systemId was not returned by xrGetSystem");
    return XR_SUCCESS;
}

} // namespace

XrResult XRAPI_CALL getVulkanGraphicsRequirements2(XrInstance handle, XrSystemId systemId,
                                                   XrGraphicsRequirementsVulkanKHR* requirements) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetVulkanGraphicsRequirements2KHR";
    Instance* instance = nullptr;
    if (XrResult r = lookup(func, handle, systemId, instance); r < 0) return r;
    if (XrResult r = checkStruct(func, requirements, XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR, "requirements"); r < 0)
        return r;
    requirements->minApiVersionSupported = XR_MAKE_VERSION(1, 1, 0);
    requirements->maxApiVersionSupported = XR_MAKE_VERSION(1, 3, 0);
    instance->requirementsQueried = true;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL createVulkanInstance(XrInstance handle, const XrVulkanInstanceCreateInfoKHR* info,
                                         VkInstance* vulkanInstance, VkResult* vulkanResult) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateVulkanInstanceKHR";
    if (XrResult r = checkStruct(func, info, XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR, "createInfo"); r < 0) return r;
    Instance* instance = nullptr;
    if (XrResult r = lookup(func, handle, info->systemId, instance); r < 0) return r;
    if (!vulkanInstance || !vulkanResult || !info->pfnGetInstanceProcAddr || !info->vulkanCreateInfo)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "null argument");
    if (info->createFlags != 0) return violation(func, XR_ERROR_VALIDATION_FAILURE, "createFlags must be 0");
    // (The requirements call is only mandatory before xrCreateSession, which checks it.)
    auto create = reinterpret_cast<PFN_vkCreateInstance>(info->pfnGetInstanceProcAddr(nullptr, "vkCreateInstance"));
    if (!create) return violation(func, XR_ERROR_RUNTIME_FAILURE, "vkGetInstanceProcAddr gave no vkCreateInstance");
    // The simulated compositor needs no instance extensions: it only copies images on the app's device.
    *vulkanResult = create(info->vulkanCreateInfo, info->vulkanAllocator, vulkanInstance);
    if (*vulkanResult == VK_SUCCESS) instance->vkInstances[*vulkanInstance] = info->pfnGetInstanceProcAddr;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL getVulkanGraphicsDevice2(XrInstance handle, const XrVulkanGraphicsDeviceGetInfoKHR* info,
                                             VkPhysicalDevice* physicalDevice) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetVulkanGraphicsDevice2KHR";
    if (XrResult r = checkStruct(func, info, XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR, "getInfo"); r < 0) return r;
    Instance* instance = nullptr;
    if (XrResult r = lookup(func, handle, info->systemId, instance); r < 0) return r;
    if (!physicalDevice) return violation(func, XR_ERROR_VALIDATION_FAILURE, "physical device output is null");
    const auto it = instance->vkInstances.find(info->vulkanInstance);
    if (it == instance->vkInstances.end())
        return violation(func, XR_ERROR_VALIDATION_FAILURE,
                         "vulkanInstance was not created by xrCreateVulkanInstanceKHR");
    auto enumerate = reinterpret_cast<PFN_vkEnumeratePhysicalDevices>(
        it->second(info->vulkanInstance, "vkEnumeratePhysicalDevices"));
    uint32_t count = 0;
    if (!enumerate || enumerate(info->vulkanInstance, &count, nullptr) != VK_SUCCESS || count == 0)
        return violation(func, XR_ERROR_RUNTIME_FAILURE, "the Vulkan instance has no physical device");
    std::vector<VkPhysicalDevice> devices(count);
    if (enumerate(info->vulkanInstance, &count, devices.data()) < 0)
        return violation(func, XR_ERROR_RUNTIME_FAILURE, "vkEnumeratePhysicalDevices failed");
    // The simulated headset is "plugged into" the first device (lavapipe on the test machines).
    *physicalDevice = devices[0];
    instance->returnedPhysicalDevices[devices[0]] = info->vulkanInstance;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL createVulkanDevice(XrInstance handle, const XrVulkanDeviceCreateInfoKHR* info, VkDevice* device,
                                       VkResult* vulkanResult) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateVulkanDeviceKHR";
    if (XrResult r = checkStruct(func, info, XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR, "createInfo"); r < 0) return r;
    Instance* instance = nullptr;
    if (XrResult r = lookup(func, handle, info->systemId, instance); r < 0) return r;
    if (!device || !vulkanResult || !info->pfnGetInstanceProcAddr || !info->vulkanCreateInfo)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "null argument");
    if (info->createFlags != 0) return violation(func, XR_ERROR_VALIDATION_FAILURE, "createFlags must be 0");
    const auto it = instance->returnedPhysicalDevices.find(info->vulkanPhysicalDevice);
    if (it == instance->returnedPhysicalDevices.end())
        return violation(func, XR_ERROR_VALIDATION_FAILURE,
                         "vulkanPhysicalDevice was not returned by xrGetVulkanGraphicsDevice2KHR");
    auto create = reinterpret_cast<PFN_vkCreateDevice>(info->pfnGetInstanceProcAddr(it->second, "vkCreateDevice"));
    if (!create) return violation(func, XR_ERROR_RUNTIME_FAILURE, "vkGetInstanceProcAddr gave no vkCreateDevice");
    *vulkanResult = create(info->vulkanPhysicalDevice, info->vulkanCreateInfo, info->vulkanAllocator, device);
    if (*vulkanResult == VK_SUCCESS) instance->vkDevices[*device] = info->vulkanPhysicalDevice;
    return XR_SUCCESS;
}

} // namespace tv::xrsim
