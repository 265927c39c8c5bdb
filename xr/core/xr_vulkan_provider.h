// XrVulkanProvider — the gfx::DeviceProvider of the XR front end (XR_KHR_vulkan_enable2): the renderer fills the
// Vulkan create-info structures as usual and this provider creates the objects through OpenXR, which may add the
// runtime's own extensions and picks the GPU the headset is attached to:
//   createInstance      xrGetVulkanGraphicsRequirements2KHR (API version range check), xrCreateVulkanInstanceKHR
//   pickPhysicalDevice  xrGetVulkanGraphicsDevice2KHR (checked for Vulkan 1.3 and a graphics+compute queue)
//   createDevice        xrCreateVulkanDeviceKHR
// Failures name the OpenXR call, its XrResult and, where the runtime called Vulkan, the VkResult.
// Owned by XrRuntime (xr_runtime.h); called once, from the thread that creates the Renderer.
#pragma once

#include "xr/core/xr_platform.h"

#include "gfx/device_provider.h"

namespace tv::xr {

class XrVulkanProvider final : public gfx::DeviceProvider {
public:
    // The extension functions must be non-null (XR_KHR_vulkan_enable2 is enabled on `instance`).
    XrVulkanProvider(XrInstance instance, XrSystemId system);

    Expected<VkInstance> createInstance(const VkInstanceCreateInfo& info) override;
    Expected<VkPhysicalDevice> pickPhysicalDevice(VkInstance instance) override;
    Expected<VkDevice> createDevice(VkPhysicalDevice physicalDevice, const VkDeviceCreateInfo& info) override;

    VkInstance createdInstance() const { return m_vkInstance; }
    VkDevice createdDevice() const { return m_vkDevice; }

private:
    XrInstance m_instance;
    XrSystemId m_system;
    PFN_xrGetVulkanGraphicsRequirements2KHR m_getRequirements = nullptr;
    PFN_xrCreateVulkanInstanceKHR m_createInstance = nullptr;
    PFN_xrGetVulkanGraphicsDevice2KHR m_getDevice = nullptr;
    PFN_xrCreateVulkanDeviceKHR m_createDevice = nullptr;
    VkInstance m_vkInstance = VK_NULL_HANDLE;
    VkDevice m_vkDevice = VK_NULL_HANDLE;
};

// "1.3" for an XrVersion (the form XrGraphicsRequirementsVulkan2KHR uses for Vulkan API versions).
std::string vulkanVersionText(XrVersion version);

// Whether a Vulkan API version (VK_MAKE_API_VERSION form) lies in [min, max] of the runtime's requirements, compared
// on major.minor (patch levels do not matter to OpenXR). Below min is an error; above max only means the runtime
// was not tested with it (the app goes on, with a warning).
enum class ApiVersionFit { Below, Inside, Above };
ApiVersionFit fitApiVersion(uint32_t vulkanApiVersion, XrVersion minSupported, XrVersion maxSupported);

} // namespace tv::xr
