#include "gfx/vk_context.h"

#include "gfx/vk_check.h"

#include "core/log.h"

#include <algorithm>
#include <cstring>

namespace tv::gfx {
namespace {

VKAPI_ATTR VkBool32 VKAPI_CALL debugCallback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                             VkDebugUtilsMessageTypeFlagsEXT types,
                                             const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    auto* ctx = static_cast<VulkanContext*>(user);
    const char* msg = data && data->pMessage ? data->pMessage : "(no message)";
    // Performance-only advice (e.g. an unused vertex output) is logged at debug level and not counted: --validate
    // fails on correctness problems, not on style.
    if (types == VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT) {
        logDebug("vulkan performance: %s", msg);
        return VK_FALSE;
    }
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
        ctx->countValidationMessage();
        logError("vulkan validation: %s", msg);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        ctx->countValidationMessage();
        logWarn("vulkan validation: %s", msg);
    } else {
        logDebug("vulkan: %s", msg);
    }
    return VK_FALSE;
}

bool hasLayer(const char* name) {
    uint32_t count = 0;
    vkEnumerateInstanceLayerProperties(&count, nullptr);
    std::vector<VkLayerProperties> layers(count);
    vkEnumerateInstanceLayerProperties(&count, layers.data());
    for (const auto& l : layers)
        if (std::strcmp(l.layerName, name) == 0) return true;
    return false;
}

bool hasInstanceExtension(const char* name) {
    uint32_t count = 0;
    vkEnumerateInstanceExtensionProperties(nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> exts(count);
    vkEnumerateInstanceExtensionProperties(nullptr, &count, exts.data());
    for (const auto& e : exts)
        if (std::strcmp(e.extensionName, name) == 0) return true;
    return false;
}

bool hasDeviceExtension(VkPhysicalDevice device, const char* name) {
    uint32_t count = 0;
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr);
    std::vector<VkExtensionProperties> exts(count);
    vkEnumerateDeviceExtensionProperties(device, nullptr, &count, exts.data());
    for (const auto& e : exts)
        if (std::strcmp(e.extensionName, name) == 0) return true;
    return false;
}

VkDebugUtilsMessengerCreateInfoEXT messengerInfo(VulkanContext* ctx) {
    VkDebugUtilsMessengerCreateInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    info.messageSeverity =
        VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                       VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    info.pfnUserCallback = debugCallback;
    info.pUserData = ctx;
    return info;
}

} // namespace

Expected<std::unique_ptr<VulkanContext>> VulkanContext::create(const ContextConfig& config) {
    std::unique_ptr<VulkanContext> ctx(new VulkanContext());
    auto r = ctx->init(config);
    if (!r) return r.error();
    return ctx;
}

Expected<void> VulkanContext::init(const ContextConfig& config) {
    DeviceProvider& provider = config.provider ? *config.provider : defaultDeviceProvider();

    // ---- Instance ----
    std::vector<const char*> layers;
    std::vector<const char*> extensions;
    for (const std::string& e : config.instanceExtensions) extensions.push_back(e.c_str());
    m_debugUtils = hasInstanceExtension(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    if (m_debugUtils) extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    if (config.validation) {
        if (!hasLayer("VK_LAYER_KHRONOS_validation"))
            return makeError(ErrorCode::Device,
                             "validation requested but VK_LAYER_KHRONOS_validation is not installed");
        if (!m_debugUtils)
            return makeError(ErrorCode::Device, "validation requested but VK_EXT_debug_utils is not available");
        layers.push_back("VK_LAYER_KHRONOS_validation");
    }
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "twinview";
    app.pEngineName = "twinview";
    app.apiVersion = VK_API_VERSION_1_3;
    VkDebugUtilsMessengerCreateInfoEXT dbgInfo = messengerInfo(this);
    VkInstanceCreateInfo ici{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    ici.pApplicationInfo = &app;
    ici.enabledLayerCount = uint32_t(layers.size());
    ici.ppEnabledLayerNames = layers.data();
    ici.enabledExtensionCount = uint32_t(extensions.size());
    ici.ppEnabledExtensionNames = extensions.data();
    if (config.validation) ici.pNext = &dbgInfo; // also catches messages from vkCreate/DestroyInstance
    auto instance = provider.createInstance(ici);
    if (!instance) return instance.error();
    m_instance = *instance;

    if (config.validation) {
        auto createMessenger = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkCreateDebugUtilsMessengerEXT"));
        if (!createMessenger) return makeError(ErrorCode::Device, "vkCreateDebugUtilsMessengerEXT not found");
        TV_VK_TRY(createMessenger(m_instance, &dbgInfo, nullptr, &m_messenger));
    }
    if (m_debugUtils)
        m_setObjectName = reinterpret_cast<PFN_vkSetDebugUtilsObjectNameEXT>(
            vkGetInstanceProcAddr(m_instance, "vkSetDebugUtilsObjectNameEXT"));

    // ---- Physical device ----
    auto physical = provider.pickPhysicalDevice(m_instance);
    if (!physical) return physical.error();
    m_physicalDevice = *physical;
    vkGetPhysicalDeviceProperties(m_physicalDevice, &m_properties);
    if (m_properties.apiVersion < VK_API_VERSION_1_3)
        return makeError(ErrorCode::Device,
                         format("%s supports only Vulkan %u.%u; 1.3 is required", m_properties.deviceName,
                                VK_API_VERSION_MAJOR(m_properties.apiVersion),
                                VK_API_VERSION_MINOR(m_properties.apiVersion)));

    uint32_t familyCount = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(m_physicalDevice, &familyCount, nullptr);
    std::vector<VkQueueFamilyProperties> families(familyCount);
    vkGetPhysicalDeviceQueueFamilyProperties(m_physicalDevice, &familyCount, families.data());
    bool found = false;
    for (uint32_t i = 0; i < familyCount; ++i) {
        if ((families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) && (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT)) {
            m_queueFamily = i;
            found = true;
            break;
        }
    }
    if (!found)
        return makeError(ErrorCode::Device, format("%s has no graphics+compute queue", m_properties.deviceName));

    // ---- Features ----
    VkPhysicalDeviceVulkan11Features have11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan12Features have12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceVulkan13Features have13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    VkPhysicalDeviceFeatures2 have{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    have.pNext = &have11;
    have11.pNext = &have12;
    have12.pNext = &have13;
    vkGetPhysicalDeviceFeatures2(m_physicalDevice, &have);
    if (!have13.dynamicRendering || !have13.synchronization2 || !have12.timelineSemaphore)
        return makeError(ErrorCode::Device, format("%s lacks dynamicRendering, synchronization2 or timelineSemaphore",
                                                   m_properties.deviceName));

    VkPhysicalDeviceVulkan11Features want11{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_1_FEATURES};
    VkPhysicalDeviceVulkan12Features want12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES};
    VkPhysicalDeviceVulkan13Features want13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    VkPhysicalDeviceFeatures2 want{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2};
    want.pNext = &want11;
    want11.pNext = &want12;
    want12.pNext = &want13;
    want13.dynamicRendering = VK_TRUE;
    want13.synchronization2 = VK_TRUE;
    want12.timelineSemaphore = VK_TRUE;
    // glslc's Vulkan 1.3 output may use LocalSizeId, which needs maintenance4 (core 1.3, optional feature).
    if (!have13.maintenance4)
        return makeError(ErrorCode::Device, format("%s lacks maintenance4", m_properties.deviceName));
    want13.maintenance4 = VK_TRUE;
    m_multiview = have11.multiview == VK_TRUE; // the XR path renders both eyes with one pass
    want11.multiview = have11.multiview;
    want.features.samplerAnisotropy = have.features.samplerAnisotropy;
    m_maxAnisotropy = have.features.samplerAnisotropy ? m_properties.limits.maxSamplerAnisotropy : 1.0f;
    want.features.largePoints = have.features.largePoints;

    std::vector<const char*> deviceExtensions;
    if (config.presentation) {
        if (!hasDeviceExtension(m_physicalDevice, VK_KHR_SWAPCHAIN_EXTENSION_NAME))
            return makeError(ErrorCode::Device,
                             format("%s does not support VK_KHR_swapchain", m_properties.deviceName));
        deviceExtensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
        m_presentation = true;
    }

    float priority = 1.0f;
    VkDeviceQueueCreateInfo qci{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    qci.queueFamilyIndex = m_queueFamily;
    qci.queueCount = 1;
    qci.pQueuePriorities = &priority;
    VkDeviceCreateInfo dci{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    dci.pNext = &want;
    dci.queueCreateInfoCount = 1;
    dci.pQueueCreateInfos = &qci;
    dci.enabledExtensionCount = uint32_t(deviceExtensions.size());
    dci.ppEnabledExtensionNames = deviceExtensions.data();
    auto device = provider.createDevice(m_physicalDevice, dci);
    if (!device) return device.error();
    m_device = *device;
    vkGetDeviceQueue(m_device, m_queueFamily, 0, &m_queue);

    VkSemaphoreTypeCreateInfo typeInfo{VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO};
    typeInfo.semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE;
    typeInfo.initialValue = 0;
    VkSemaphoreCreateInfo sci{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    sci.pNext = &typeInfo;
    TV_VK_TRY(vkCreateSemaphore(m_device, &sci, nullptr, &m_timeline));

    // Instance-level objects (instance, physical device) are not named: Mesa's drivers store the name with the
    // device's allocator and crash in vkDestroyInstance when it is freed there.
    name(m_device, VK_OBJECT_TYPE_DEVICE, "twinview device");
    name(m_queue, VK_OBJECT_TYPE_QUEUE, "graphics+compute queue");
    name(m_timeline, VK_OBJECT_TYPE_SEMAPHORE, "queue timeline");
    logInfo("vulkan: %s (Vulkan %u.%u.%u)%s", m_properties.deviceName, VK_API_VERSION_MAJOR(m_properties.apiVersion),
            VK_API_VERSION_MINOR(m_properties.apiVersion), VK_API_VERSION_PATCH(m_properties.apiVersion),
            config.validation ? ", validation on" : "");
    return {};
}

VulkanContext::~VulkanContext() {
    if (m_device) {
        vkDeviceWaitIdle(m_device);
        if (m_timeline) vkDestroySemaphore(m_device, m_timeline, nullptr);
        vkDestroyDevice(m_device, nullptr);
    }
    if (m_messenger) {
        auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
            vkGetInstanceProcAddr(m_instance, "vkDestroyDebugUtilsMessengerEXT"));
        if (destroy) destroy(m_instance, m_messenger, nullptr);
    }
    if (m_instance) vkDestroyInstance(m_instance, nullptr);
}

VkSampleCountFlagBits VulkanContext::clampSamples(uint32_t requested) const {
    VkSampleCountFlags supported =
        m_properties.limits.framebufferColorSampleCounts & m_properties.limits.framebufferDepthSampleCounts;
    // The largest supported power of two not above the request (lavapipe offers 1 and 4 but not 2).
    for (uint32_t s = 64; s > 1; s >>= 1)
        if (s <= requested && (supported & s)) return VkSampleCountFlagBits(s);
    return VK_SAMPLE_COUNT_1_BIT;
}

void VulkanContext::setName(VkObjectType type, uint64_t handle, const std::string& objectName) const {
    if (!m_setObjectName || handle == 0) return;
    VkDebugUtilsObjectNameInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT};
    info.objectType = type;
    info.objectHandle = handle;
    info.pObjectName = objectName.c_str();
    m_setObjectName(m_device, &info);
}

uint64_t VulkanContext::submit(VkCommandBuffer cmd, std::span<const VkSemaphoreSubmitInfo> waits,
                               std::span<const VkSemaphoreSubmitInfo> signals) {
    uint64_t value = m_lastSubmitted + 1;
    std::vector<VkSemaphoreSubmitInfo> allSignals(signals.begin(), signals.end());
    VkSemaphoreSubmitInfo timelineSignal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    timelineSignal.semaphore = m_timeline;
    timelineSignal.value = value;
    timelineSignal.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    allSignals.push_back(timelineSignal);
    VkCommandBufferSubmitInfo cbi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cbi.commandBuffer = cmd;
    VkSubmitInfo2 si{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    si.waitSemaphoreInfoCount = uint32_t(waits.size());
    si.pWaitSemaphoreInfos = waits.data();
    si.commandBufferInfoCount = 1;
    si.pCommandBufferInfos = &cbi;
    si.signalSemaphoreInfoCount = uint32_t(allSignals.size());
    si.pSignalSemaphoreInfos = allSignals.data();
    TV_VK_CHECK(vkQueueSubmit2(m_queue, 1, &si, VK_NULL_HANDLE));
    m_lastSubmitted = value;
    return value;
}

uint64_t VulkanContext::completedValue() const {
    uint64_t value = 0;
    TV_VK_CHECK(vkGetSemaphoreCounterValue(m_device, m_timeline, &value));
    return value;
}

void VulkanContext::waitFor(uint64_t value) const {
    if (value == 0) return;
    VkSemaphoreWaitInfo wi{VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO};
    wi.semaphoreCount = 1;
    wi.pSemaphores = &m_timeline;
    wi.pValues = &value;
    TV_VK_CHECK(vkWaitSemaphores(m_device, &wi, UINT64_MAX));
}

void VulkanContext::waitIdle() const { TV_VK_CHECK(vkDeviceWaitIdle(m_device)); }

} // namespace tv::gfx
