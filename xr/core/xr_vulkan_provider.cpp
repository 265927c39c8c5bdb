#include "xr/core/xr_vulkan_provider.h"

#include "xr/core/xr_result.h"

#include "core/log.h"
#include "gfx/vk_check.h" // vkResultName

#include <string>
#include <vector>

namespace tv::xr {

namespace {

template <class Fn>
Fn load(XrInstance instance, const char* name) {
    PFN_xrVoidFunction fn = nullptr;
    if (xrGetInstanceProcAddr(instance, name, &fn) != XR_SUCCESS) return nullptr;
    return reinterpret_cast<Fn>(fn);
}

// Major/minor of an XrVersion as one comparable number.
uint64_t majorMinor(XrVersion v) { return (uint64_t(XR_VERSION_MAJOR(v)) << 16) | XR_VERSION_MINOR(v); }

Error vulkanCallError(XrInstance instance, const char* call, XrResult xr, VkResult vk) {
    if (xr == XR_SUCCESS) // the runtime succeeded but Vulkan refused
        return makeError(ErrorCode::Device, format("%s: Vulkan failed with %s", call, gfx::vkResultName(vk)));
    return makeError(ErrorCode::Device, format("%s failed: %s (Vulkan: %s)", call, resultString(instance, xr).c_str(),
                                               gfx::vkResultName(vk)));
}

} // namespace

std::string vulkanVersionText(XrVersion version) {
    return format("%u.%u", unsigned(XR_VERSION_MAJOR(version)), unsigned(XR_VERSION_MINOR(version)));
}

ApiVersionFit fitApiVersion(uint32_t vulkanApiVersion, XrVersion minSupported, XrVersion maxSupported) {
    const XrVersion wanted =
        XR_MAKE_VERSION(VK_API_VERSION_MAJOR(vulkanApiVersion), VK_API_VERSION_MINOR(vulkanApiVersion), 0);
    if (majorMinor(wanted) < majorMinor(minSupported)) return ApiVersionFit::Below;
    if (majorMinor(wanted) > majorMinor(maxSupported)) return ApiVersionFit::Above;
    return ApiVersionFit::Inside;
}

XrVulkanProvider::XrVulkanProvider(XrInstance instance, XrSystemId system)
    : m_instance(instance), m_system(system),
      m_getRequirements(load<PFN_xrGetVulkanGraphicsRequirements2KHR>(instance, "xrGetVulkanGraphicsRequirements2KHR")),
      m_createInstance(load<PFN_xrCreateVulkanInstanceKHR>(instance, "xrCreateVulkanInstanceKHR")),
      m_getDevice(load<PFN_xrGetVulkanGraphicsDevice2KHR>(instance, "xrGetVulkanGraphicsDevice2KHR")),
      m_createDevice(load<PFN_xrCreateVulkanDeviceKHR>(instance, "xrCreateVulkanDeviceKHR")) {}

Expected<VkInstance> XrVulkanProvider::createInstance(const VkInstanceCreateInfo& info) {
    if (!m_getRequirements || !m_createInstance || !m_getDevice || !m_createDevice)
        return makeError(ErrorCode::Unsupported, "the OpenXR runtime does not provide the XR_KHR_vulkan_enable2 "
                                                 "functions although it lists the extension");
    // Required before xrCreateSession; it also says which Vulkan versions the runtime works with.
    XrGraphicsRequirementsVulkan2KHR requirements{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    if (XrResult r = m_getRequirements(m_instance, m_system, &requirements); XR_FAILED(r))
        return callError(m_instance, "xrGetVulkanGraphicsRequirements2KHR", r);
    const uint32_t wanted = info.pApplicationInfo ? info.pApplicationInfo->apiVersion : VK_API_VERSION_1_0;
    const std::string wantedText = format("%u.%u", VK_API_VERSION_MAJOR(wanted), VK_API_VERSION_MINOR(wanted));
    switch (fitApiVersion(wanted, requirements.minApiVersionSupported, requirements.maxApiVersionSupported)) {
    case ApiVersionFit::Below:
        return makeError(ErrorCode::Unsupported,
                         format("the OpenXR runtime needs Vulkan %s or newer; twinview renders with Vulkan %s",
                                vulkanVersionText(requirements.minApiVersionSupported).c_str(), wantedText.c_str()));
    case ApiVersionFit::Above:
        logWarn("xr: the OpenXR runtime was tested with Vulkan %s to %s; twinview uses %s",
                vulkanVersionText(requirements.minApiVersionSupported).c_str(),
                vulkanVersionText(requirements.maxApiVersionSupported).c_str(), wantedText.c_str());
        break;
    case ApiVersionFit::Inside: break;
    }
    XrVulkanInstanceCreateInfoKHR xrInfo{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
    xrInfo.systemId = m_system;
    xrInfo.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
    xrInfo.vulkanCreateInfo = &info;
    VkInstance instance = VK_NULL_HANDLE;
    VkResult vkResult = VK_SUCCESS;
    const XrResult r = m_createInstance(m_instance, &xrInfo, &instance, &vkResult);
    if (XR_FAILED(r) || vkResult != VK_SUCCESS)
        return vulkanCallError(m_instance, "xrCreateVulkanInstanceKHR", r, vkResult);
    m_vkInstance = instance;
    return instance;
}

Expected<VkPhysicalDevice> XrVulkanProvider::pickPhysicalDevice(VkInstance instance) {
    XrVulkanGraphicsDeviceGetInfoKHR getInfo{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
    getInfo.systemId = m_system;
    getInfo.vulkanInstance = instance;
    VkPhysicalDevice device = VK_NULL_HANDLE;
    if (XrResult r = m_getDevice(m_instance, &getInfo, &device); XR_FAILED(r))
        return callError(m_instance, "xrGetVulkanGraphicsDevice2KHR", r);
    if (device == VK_NULL_HANDLE)
        return makeError(ErrorCode::Device, "xrGetVulkanGraphicsDevice2KHR returned no physical device");
    // The runtime decides the GPU (the one driving the headset); say so clearly when it cannot run the renderer.
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(device, &props);
    if (props.apiVersion < VK_API_VERSION_1_3)
        return makeError(ErrorCode::Device,
                         format("the headset's GPU (%s) supports only Vulkan %u.%u; twinview needs 1.3",
                                props.deviceName, VK_API_VERSION_MAJOR(props.apiVersion),
                                VK_API_VERSION_MINOR(props.apiVersion)));
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families.data());
    bool graphicsCompute = false;
    for (const VkQueueFamilyProperties& f : families)
        graphicsCompute =
            graphicsCompute || ((f.queueFlags & VK_QUEUE_GRAPHICS_BIT) && (f.queueFlags & VK_QUEUE_COMPUTE_BIT));
    if (!graphicsCompute)
        return makeError(ErrorCode::Device,
                         format("the headset's GPU (%s) has no graphics+compute queue", props.deviceName));
    logInfo("xr: the runtime chose %s", props.deviceName);
    return device;
}

Expected<VkDevice> XrVulkanProvider::createDevice(VkPhysicalDevice physicalDevice, const VkDeviceCreateInfo& info) {
    XrVulkanDeviceCreateInfoKHR xrInfo{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
    xrInfo.systemId = m_system;
    xrInfo.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
    xrInfo.vulkanPhysicalDevice = physicalDevice;
    xrInfo.vulkanCreateInfo = &info;
    VkDevice device = VK_NULL_HANDLE;
    VkResult vkResult = VK_SUCCESS;
    const XrResult r = m_createDevice(m_instance, &xrInfo, &device, &vkResult);
    if (XR_FAILED(r) || vkResult != VK_SUCCESS)
        return vulkanCallError(m_instance, "xrCreateVulkanDeviceKHR", r, vkResult);
    m_vkDevice = device;
    return device;
}

} // namespace tv::xr
