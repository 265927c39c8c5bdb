// A tiny OpenXR + Vulkan client for the simulated runtime's tests: it goes through the real OpenXR loader
// (XR_RUNTIME_JSON = the runtime manifest), creates Vulkan through XR_KHR_vulkan_enable2 with the Khronos
// validation layer on (messages are counted), runs sessions and frames whose eyes are cleared to known colours.
// Test-only; one thread.
#pragma once

#include <vulkan/vulkan.h>
#define XR_USE_GRAPHICS_API_VULKAN 1
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tv::xrsim::test {

// A fresh directory under the build tree for one test (scripts, reports, captures).
inline std::filesystem::path testDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    auto dir =
        std::filesystem::path(TV_XRSIM_TEST_OUTPUT_DIR) / (std::string(info->test_suite_name()) + "." + info->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// Points the loader at the simulated runtime and the runtime at a script (JSON text) and a report file.
inline void useSimulatedRuntime(const std::filesystem::path& dir, const std::string& scriptJson) {
    setenv("XR_RUNTIME_JSON", TV_XRSIM_MANIFEST, 1);
    setenv("XDG_RUNTIME_DIR", "/tmp", 0);
    const auto script = dir / "script.json";
    std::ofstream(script) << scriptJson;
    setenv("TV_XRSIM_SCRIPT", script.c_str(), 1);
    setenv("TV_XRSIM_REPORT", (dir / "report.json").c_str(), 1);
}

inline nlohmann::json readReport(const std::filesystem::path& dir) {
    std::ifstream file(dir / "report.json");
    if (!file) return {};
    return nlohmann::json::parse(file);
}

inline VKAPI_ATTR VkBool32 VKAPI_CALL countValidationMessage(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                             VkDebugUtilsMessageTypeFlagsEXT,
                                                             const VkDebugUtilsMessengerCallbackDataEXT* data,
                                                             void* user) {
    if (severity >= VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        ++*static_cast<int*>(user);
        ADD_FAILURE() << "Vulkan validation: " << data->pMessage;
    }
    return VK_FALSE;
}

class XrTestClient {
public:
    XrInstance instance = XR_NULL_HANDLE;
    XrSystemId system = XR_NULL_SYSTEM_ID;
    VkInstance vkInstance = VK_NULL_HANDLE;
    VkPhysicalDevice physicalDevice = VK_NULL_HANDLE;
    VkDevice device = VK_NULL_HANDLE;
    VkQueue queue = VK_NULL_HANDLE;
    uint32_t queueFamily = 0;
    VkCommandPool commandPool = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
    int validationMessages = 0;
    bool validationOn = false;

    XrSession session = XR_NULL_HANDLE;
    XrSpace stage = XR_NULL_HANDLE;
    XrSwapchain swapchain = XR_NULL_HANDLE; // one swapchain, array layer per eye
    std::vector<VkImage> images;
    uint32_t width = 0, height = 0;
    XrSessionState state = XR_SESSION_STATE_UNKNOWN;
    std::vector<XrSessionState> stateHistory;
    int profileChangedEvents = 0;
    XrFrameState lastFrame{XR_TYPE_FRAME_STATE};
    XrEnvironmentBlendMode blendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    std::array<std::array<float, 4>, 2> eyeColours{{{1, 0, 0, 1}, {0, 1, 0, 1}}};

    PFN_xrGetVulkanGraphicsRequirements2KHR getRequirements = nullptr;
    PFN_xrCreateVulkanInstanceKHR createVkInstance = nullptr;
    PFN_xrGetVulkanGraphicsDevice2KHR getVkDevice = nullptr;
    PFN_xrCreateVulkanDeviceKHR createVkDevice = nullptr;

    ~XrTestClient() { shutdown(); }

    XrResult createInstance(std::vector<const char*> extensions = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME}) {
        XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
        std::snprintf(info.applicationInfo.applicationName, XR_MAX_APPLICATION_NAME_SIZE, "tv_test_xr_sim");
        info.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
        info.enabledExtensionCount = uint32_t(extensions.size());
        info.enabledExtensionNames = extensions.data();
        const XrResult r = xrCreateInstance(&info, &instance);
        if (r != XR_SUCCESS) return r;
        load("xrGetVulkanGraphicsRequirements2KHR", getRequirements);
        load("xrCreateVulkanInstanceKHR", createVkInstance);
        load("xrGetVulkanGraphicsDevice2KHR", getVkDevice);
        load("xrCreateVulkanDeviceKHR", createVkDevice);
        XrSystemGetInfo systemInfo{XR_TYPE_SYSTEM_GET_INFO};
        systemInfo.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
        return xrGetSystem(instance, &systemInfo, &system);
    }

    template <class F>
    void load(const char* name, F& out) {
        PFN_xrVoidFunction f = nullptr;
        out = xrGetInstanceProcAddr(instance, name, &f) == XR_SUCCESS ? reinterpret_cast<F>(f) : nullptr;
    }

    // Vulkan instance + device through XR_KHR_vulkan_enable2 (validation layer on when installed).
    void createVulkan() {
        ASSERT_TRUE(getRequirements && createVkInstance && getVkDevice && createVkDevice);
        XrGraphicsRequirementsVulkan2KHR requirements{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
        ASSERT_EQ(getRequirements(instance, system, &requirements), XR_SUCCESS);
        uint32_t layerCount = 0;
        vkEnumerateInstanceLayerProperties(&layerCount, nullptr);
        std::vector<VkLayerProperties> layers(layerCount);
        vkEnumerateInstanceLayerProperties(&layerCount, layers.data());
        for (const auto& l : layers)
            validationOn = validationOn || std::string(l.layerName) == "VK_LAYER_KHRONOS_validation";
        const char* layerName = "VK_LAYER_KHRONOS_validation";
        const char* debugExt = VK_EXT_DEBUG_UTILS_EXTENSION_NAME;
        VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
        app.pApplicationName = "tv_test_xr_sim";
        app.apiVersion = VK_API_VERSION_1_2;
        VkDebugUtilsMessengerCreateInfoEXT messengerInfo{VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
        messengerInfo.messageSeverity =
            VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
        messengerInfo.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                                    VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                                    VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
        messengerInfo.pfnUserCallback = countValidationMessage;
        messengerInfo.pUserData = &validationMessages;
        VkInstanceCreateInfo vkInfo{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
        vkInfo.pApplicationInfo = &app;
        if (validationOn) {
            vkInfo.enabledLayerCount = 1;
            vkInfo.ppEnabledLayerNames = &layerName;
            vkInfo.enabledExtensionCount = 1;
            vkInfo.ppEnabledExtensionNames = &debugExt;
        }
        XrVulkanInstanceCreateInfoKHR xrVkInfo{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
        xrVkInfo.systemId = system;
        xrVkInfo.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
        xrVkInfo.vulkanCreateInfo = &vkInfo;
        VkResult vkResult = VK_ERROR_UNKNOWN;
        ASSERT_EQ(createVkInstance(instance, &xrVkInfo, &vkInstance, &vkResult), XR_SUCCESS);
        ASSERT_EQ(vkResult, VK_SUCCESS);
        if (validationOn) {
            auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
                vkGetInstanceProcAddr(vkInstance, "vkCreateDebugUtilsMessengerEXT"));
            ASSERT_EQ(create(vkInstance, &messengerInfo, nullptr, &messenger), VK_SUCCESS);
        }
        XrVulkanGraphicsDeviceGetInfoKHR deviceGet{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
        deviceGet.systemId = system;
        deviceGet.vulkanInstance = vkInstance;
        ASSERT_EQ(getVkDevice(instance, &deviceGet, &physicalDevice), XR_SUCCESS);
        uint32_t familyCount = 0;
        vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, &familyCount, nullptr);
        std::vector<VkQueueFamilyProperties> families(familyCount);
        vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, &familyCount, families.data());
        queueFamily = 0;
        while (queueFamily < familyCount && !(families[queueFamily].queueFlags & VK_QUEUE_GRAPHICS_BIT)) ++queueFamily;
        ASSERT_LT(queueFamily, familyCount);
        const float priority = 1.0f;
        VkDeviceQueueCreateInfo queueInfo{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
        queueInfo.queueFamilyIndex = queueFamily;
        queueInfo.queueCount = 1;
        queueInfo.pQueuePriorities = &priority;
        VkDeviceCreateInfo deviceInfo{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
        deviceInfo.queueCreateInfoCount = 1;
        deviceInfo.pQueueCreateInfos = &queueInfo;
        XrVulkanDeviceCreateInfoKHR xrDeviceInfo{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
        xrDeviceInfo.systemId = system;
        xrDeviceInfo.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
        xrDeviceInfo.vulkanPhysicalDevice = physicalDevice;
        xrDeviceInfo.vulkanCreateInfo = &deviceInfo;
        ASSERT_EQ(createVkDevice(instance, &xrDeviceInfo, &device, &vkResult), XR_SUCCESS);
        ASSERT_EQ(vkResult, VK_SUCCESS);
        vkGetDeviceQueue(device, queueFamily, 0, &queue);
        VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
        poolInfo.queueFamilyIndex = queueFamily;
        ASSERT_EQ(vkCreateCommandPool(device, &poolInfo, nullptr, &commandPool), VK_SUCCESS);
    }

    XrResult createSession() {
        XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
        binding.instance = vkInstance;
        binding.physicalDevice = physicalDevice;
        binding.device = device;
        binding.queueFamilyIndex = queueFamily;
        binding.queueIndex = 0;
        XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
        info.next = &binding;
        info.systemId = system;
        return xrCreateSession(instance, &info, &session);
    }

    // Drains the event queue, tracking the session state.
    void pollEvents() {
        XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
        while (xrPollEvent(instance, &event) == XR_SUCCESS) {
            if (event.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
                state = reinterpret_cast<const XrEventDataSessionStateChanged&>(event).state;
                stateHistory.push_back(state);
            } else if (event.type == XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED) {
                ++profileChangedEvents;
            }
            event = {XR_TYPE_EVENT_DATA_BUFFER};
        }
    }

    // Session created, READY seen, stage space and an array swapchain (layer per eye) made, session begun.
    void beginSession(int64_t format = VK_FORMAT_R8G8B8A8_SRGB) {
        ASSERT_EQ(createSession(), XR_SUCCESS);
        pollEvents();
        ASSERT_EQ(state, XR_SESSION_STATE_READY);
        XrReferenceSpaceCreateInfo spaceInfo{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
        spaceInfo.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_STAGE;
        spaceInfo.poseInReferenceSpace.orientation.w = 1.0f;
        ASSERT_EQ(xrCreateReferenceSpace(session, &spaceInfo, &stage), XR_SUCCESS);
        uint32_t viewCount = 0;
        ASSERT_EQ(xrEnumerateViewConfigurationViews(instance, system, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0,
                                                    &viewCount, nullptr),
                  XR_SUCCESS);
        std::vector<XrViewConfigurationView> views(viewCount, {XR_TYPE_VIEW_CONFIGURATION_VIEW});
        ASSERT_EQ(xrEnumerateViewConfigurationViews(instance, system, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO,
                                                    viewCount, &viewCount, views.data()),
                  XR_SUCCESS);
        width = views[0].recommendedImageRectWidth;
        height = views[0].recommendedImageRectHeight;
        XrSwapchainCreateInfo swapchainInfo{XR_TYPE_SWAPCHAIN_CREATE_INFO};
        swapchainInfo.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT;
        swapchainInfo.format = format;
        swapchainInfo.sampleCount = 1;
        swapchainInfo.width = width;
        swapchainInfo.height = height;
        swapchainInfo.faceCount = 1;
        swapchainInfo.arraySize = 2;
        swapchainInfo.mipCount = 1;
        ASSERT_EQ(xrCreateSwapchain(session, &swapchainInfo, &swapchain), XR_SUCCESS);
        uint32_t imageCount = 0;
        ASSERT_EQ(xrEnumerateSwapchainImages(swapchain, 0, &imageCount, nullptr), XR_SUCCESS);
        std::vector<XrSwapchainImageVulkan2KHR> xrImages(imageCount, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
        ASSERT_EQ(xrEnumerateSwapchainImages(swapchain, imageCount, &imageCount,
                                             reinterpret_cast<XrSwapchainImageBaseHeader*>(xrImages.data())),
                  XR_SUCCESS);
        for (const auto& image : xrImages) images.push_back(image.image);
        XrSessionBeginInfo beginInfo{XR_TYPE_SESSION_BEGIN_INFO};
        beginInfo.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        ASSERT_EQ(xrBeginSession(session, &beginInfo), XR_SUCCESS);
    }

    // Clears array layer `eye` of `image` to eyeColours[eye] (COLOR_ATTACHMENT_OPTIMAL before and after).
    void clearEyes(VkImage image) {
        VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        alloc.commandPool = commandPool;
        alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        alloc.commandBufferCount = 1;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        ASSERT_EQ(vkAllocateCommandBuffers(device, &alloc, &cmd), VK_SUCCESS);
        VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        vkBeginCommandBuffer(cmd, &begin);
        VkImageMemoryBarrier barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
        barrier.srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
        barrier.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
        barrier.oldLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        barrier.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
        barrier.srcQueueFamilyIndex = barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
        barrier.image = image;
        barrier.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 2};
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0,
                             nullptr, 0, nullptr, 1, &barrier);
        for (uint32_t eye = 0; eye < 2; ++eye) {
            VkClearColorValue colour{};
            for (int c = 0; c < 4; ++c) colour.float32[c] = eyeColours[eye][size_t(c)];
            const VkImageSubresourceRange range{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, eye, 1};
            vkCmdClearColorImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &colour, 1, &range);
        }
        barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
        barrier.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
        barrier.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
        barrier.newLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0, 0,
                             nullptr, 0, nullptr, 1, &barrier);
        vkEndCommandBuffer(cmd);
        VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
        submit.commandBufferCount = 1;
        submit.pCommandBuffers = &cmd;
        ASSERT_EQ(vkQueueSubmit(queue, 1, &submit, VK_NULL_HANDLE), VK_SUCCESS);
        ASSERT_EQ(vkQueueWaitIdle(queue), VK_SUCCESS);
        vkFreeCommandBuffers(device, commandPool, 1, &cmd);
    }

    // One frame: wait, begin, (render both eyes when asked to render) and end. Events are polled first.
    void frame(std::vector<XrView>* locatedViews = nullptr) {
        pollEvents();
        lastFrame = {XR_TYPE_FRAME_STATE};
        ASSERT_EQ(xrWaitFrame(session, nullptr, &lastFrame), XR_SUCCESS);
        ASSERT_EQ(xrBeginFrame(session, nullptr), XR_SUCCESS);
        XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
        end.displayTime = lastFrame.predictedDisplayTime;
        end.environmentBlendMode = blendMode;
        XrCompositionLayerProjection layer{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
        std::array<XrCompositionLayerProjectionView, 2> projectionViews{};
        const XrCompositionLayerBaseHeader* layers[] = {reinterpret_cast<XrCompositionLayerBaseHeader*>(&layer)};
        if (lastFrame.shouldRender) {
            std::vector<XrView> views(2, {XR_TYPE_VIEW});
            XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
            locate.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
            locate.displayTime = lastFrame.predictedDisplayTime;
            locate.space = stage;
            XrViewState viewState{XR_TYPE_VIEW_STATE};
            uint32_t count = 0;
            ASSERT_EQ(xrLocateViews(session, &locate, &viewState, 2, &count, views.data()), XR_SUCCESS);
            if (locatedViews) *locatedViews = views;
            uint32_t index = 0;
            ASSERT_EQ(xrAcquireSwapchainImage(swapchain, nullptr, &index), XR_SUCCESS);
            XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
            wait.timeout = XR_INFINITE_DURATION;
            ASSERT_EQ(xrWaitSwapchainImage(swapchain, &wait), XR_SUCCESS);
            clearEyes(images[index]);
            ASSERT_EQ(xrReleaseSwapchainImage(swapchain, nullptr), XR_SUCCESS);
            for (uint32_t eye = 0; eye < 2; ++eye) {
                projectionViews[eye] = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
                projectionViews[eye].pose = views[eye].pose;
                projectionViews[eye].fov = views[eye].fov;
                projectionViews[eye].subImage.swapchain = swapchain;
                projectionViews[eye].subImage.imageRect = {{0, 0}, {int32_t(width), int32_t(height)}};
                projectionViews[eye].subImage.imageArrayIndex = eye;
            }
            layer.space = stage;
            layer.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT;
            layer.viewCount = 2;
            layer.views = projectionViews.data();
            end.layerCount = 1;
            end.layers = layers;
        }
        ASSERT_EQ(xrEndFrame(session, &end), XR_SUCCESS);
    }

    // Polls until the session reaches `wanted` or `maxFrames` frames ran.
    bool runUntil(XrSessionState wanted, int maxFrames) {
        for (int i = 0; i < maxFrames; ++i) {
            pollEvents();
            if (state == wanted) return true;
            frame();
            if (::testing::Test::HasFatalFailure()) return false;
        }
        pollEvents();
        return state == wanted;
    }

    void shutdown() {
        if (device) vkDeviceWaitIdle(device);
        if (session) xrDestroySession(session); // also destroys its spaces and swapchains
        session = XR_NULL_HANDLE;
        if (commandPool) vkDestroyCommandPool(device, commandPool, nullptr);
        commandPool = VK_NULL_HANDLE;
        if (device) vkDestroyDevice(device, nullptr);
        device = VK_NULL_HANDLE;
        if (messenger) {
            auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
                vkGetInstanceProcAddr(vkInstance, "vkDestroyDebugUtilsMessengerEXT"));
            destroy(vkInstance, messenger, nullptr);
            messenger = VK_NULL_HANDLE;
        }
        if (vkInstance) vkDestroyInstance(vkInstance, nullptr);
        vkInstance = VK_NULL_HANDLE;
        if (instance) xrDestroyInstance(instance);
        instance = XR_NULL_HANDLE;
    }
};

// Standard start: instance, Vulkan via enable2, session begun. Use as ASSERT_NO_FATAL_FAILURE(startSession(c)).
inline void startSession(XrTestClient& client) {
    ASSERT_EQ(client.createInstance(), XR_SUCCESS);
    ASSERT_NO_FATAL_FAILURE(client.createVulkan());
    ASSERT_NO_FATAL_FAILURE(client.beginSession());
}

} // namespace tv::xrsim::test
