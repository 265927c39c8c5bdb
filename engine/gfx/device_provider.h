// DeviceProvider — the seam through which the renderer obtains its VkInstance, VkPhysicalDevice and VkDevice.
// The default implementation calls Vulkan directly; the XR module derives from it to create them *through OpenXR*
// (XR_KHR_vulkan_enable2: xrCreateVulkanInstanceKHR / xrGetVulkanGraphicsDevice2KHR / xrCreateVulkanDeviceKHR),
// which adds the runtime's own extensions and picks the GPU the headset is attached to.
//
// The renderer fills the create-info structures (layers, extensions, feature chain) and hands them over; a provider
// may extend them but must keep what the renderer asked for. Called once, from the thread creating the Renderer.
#pragma once

#include "core/expected.h"

#include <vulkan/vulkan.h>

namespace tv::gfx {

class DeviceProvider {
public:
    virtual ~DeviceProvider() = default;
    // Creates the instance from `info` (apiVersion 1.3).
    virtual Expected<VkInstance> createInstance(const VkInstanceCreateInfo& info);
    // Picks the GPU: the default prefers discrete > integrated > virtual > CPU among Vulkan 1.3 devices with a
    // graphics+compute queue. The environment variable TV_GPU=<substring of the device name> overrides.
    virtual Expected<VkPhysicalDevice> pickPhysicalDevice(VkInstance instance);
    // Creates the logical device from `info` (one graphics+compute queue, the renderer's features).
    virtual Expected<VkDevice> createDevice(VkPhysicalDevice physicalDevice, const VkDeviceCreateInfo& info);
};

// The plain-Vulkan provider used when RendererConfig::deviceProvider is null.
DeviceProvider& defaultDeviceProvider();

} // namespace tv::gfx
