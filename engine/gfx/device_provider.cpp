#include "gfx/device_provider.h"

#include "gfx/vk_check.h"

#include "core/log.h"

#include <cstdlib>
#include <cstring>
#include <vector>

namespace tv::gfx {

Expected<VkInstance> DeviceProvider::createInstance(const VkInstanceCreateInfo& info) {
    VkInstance instance = VK_NULL_HANDLE;
    TV_VK_TRY(vkCreateInstance(&info, nullptr, &instance));
    return instance;
}

namespace {
int typeRank(VkPhysicalDeviceType type) {
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 1;
    default: return 0;
    }
}

bool hasGraphicsComputeQueue(VkPhysicalDevice device) {
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families.data());
    for (const VkQueueFamilyProperties& f : families)
        if ((f.queueFlags & VK_QUEUE_GRAPHICS_BIT) && (f.queueFlags & VK_QUEUE_COMPUTE_BIT)) return true;
    return false;
}
} // namespace

Expected<VkPhysicalDevice> DeviceProvider::pickPhysicalDevice(VkInstance instance) {
    uint32_t count = 0;
    TV_VK_TRY(vkEnumeratePhysicalDevices(instance, &count, nullptr));
    std::vector<VkPhysicalDevice> devices(count);
    TV_VK_TRY(vkEnumeratePhysicalDevices(instance, &count, devices.data()));
    const char* wanted = std::getenv("TV_GPU");
    VkPhysicalDevice best = VK_NULL_HANDLE;
    int bestRank = -1;
    for (VkPhysicalDevice d : devices) {
        VkPhysicalDeviceProperties props;
        vkGetPhysicalDeviceProperties(d, &props);
        if (props.apiVersion < VK_API_VERSION_1_3 || !hasGraphicsComputeQueue(d)) continue;
        int rank = typeRank(props.deviceType);
        if (wanted && *wanted && std::strstr(props.deviceName, wanted)) rank += 100;
        if (rank > bestRank) {
            best = d;
            bestRank = rank;
        }
    }
    if (best == VK_NULL_HANDLE)
        return makeError(ErrorCode::Device,
                         format("no Vulkan 1.3 device with a graphics+compute queue (%u devices found)", count));
    return best;
}

Expected<VkDevice> DeviceProvider::createDevice(VkPhysicalDevice physicalDevice, const VkDeviceCreateInfo& info) {
    VkDevice device = VK_NULL_HANDLE;
    TV_VK_TRY(vkCreateDevice(physicalDevice, &info, nullptr, &device));
    return device;
}

DeviceProvider& defaultDeviceProvider() {
    static DeviceProvider provider;
    return provider;
}

} // namespace tv::gfx
