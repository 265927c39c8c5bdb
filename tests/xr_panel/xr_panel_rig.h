// Test rig for XrPanel: an OpenXR instance on the simulated runtime (through the real loader), a gfx::Renderer whose
// Vulkan instance and device are created THROUGH OpenXR (XR_KHR_vulkan_enable2, validation on), a running session
// with a STAGE space, and a frame loop that submits whatever layers a test hands it. Test-only; one thread.
#pragma once

#include "xr_test_client.h" // testDir(), useSimulatedRuntime(), readReport() from tests/xr_sim

#include "core/log.h"
#include "gfx/device_provider.h"
#include "gfx/renderer.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tv::xr::test {

using xrsim::test::readReport;
using xrsim::test::testDir;
using xrsim::test::useSimulatedRuntime;

// gfx::DeviceProvider that creates the renderer's Vulkan objects through XR_KHR_vulkan_enable2.
class OpenXrDeviceProvider : public gfx::DeviceProvider {
public:
    OpenXrDeviceProvider(XrInstance instance, XrSystemId system) : m_instance(instance), m_system(system) {
        load("xrCreateVulkanInstanceKHR", m_createInstance);
        load("xrGetVulkanGraphicsDevice2KHR", m_getDevice);
        load("xrCreateVulkanDeviceKHR", m_createDevice);
    }

    Expected<VkInstance> createInstance(const VkInstanceCreateInfo& info) override {
        XrVulkanInstanceCreateInfoKHR xrInfo{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
        xrInfo.systemId = m_system;
        xrInfo.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
        xrInfo.vulkanCreateInfo = &info;
        VkInstance instance = VK_NULL_HANDLE;
        VkResult vkResult = VK_ERROR_UNKNOWN;
        const XrResult r = m_createInstance ? m_createInstance(m_instance, &xrInfo, &instance, &vkResult)
                                            : XR_ERROR_FUNCTION_UNSUPPORTED;
        if (r != XR_SUCCESS || vkResult != VK_SUCCESS)
            return makeError(ErrorCode::Device,
                             format("xrCreateVulkanInstanceKHR: XrResult %d, VkResult %d", int(r), int(vkResult)));
        return instance;
    }
    Expected<VkPhysicalDevice> pickPhysicalDevice(VkInstance instance) override {
        XrVulkanGraphicsDeviceGetInfoKHR info{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
        info.systemId = m_system;
        info.vulkanInstance = instance;
        VkPhysicalDevice device = VK_NULL_HANDLE;
        if (!m_getDevice || m_getDevice(m_instance, &info, &device) != XR_SUCCESS)
            return makeError(ErrorCode::Device, "xrGetVulkanGraphicsDevice2KHR failed");
        return device;
    }
    Expected<VkDevice> createDevice(VkPhysicalDevice physicalDevice, const VkDeviceCreateInfo& info) override {
        XrVulkanDeviceCreateInfoKHR xrInfo{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
        xrInfo.systemId = m_system;
        xrInfo.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
        xrInfo.vulkanPhysicalDevice = physicalDevice;
        xrInfo.vulkanCreateInfo = &info;
        VkDevice device = VK_NULL_HANDLE;
        VkResult vkResult = VK_ERROR_UNKNOWN;
        const XrResult r =
            m_createDevice ? m_createDevice(m_instance, &xrInfo, &device, &vkResult) : XR_ERROR_FUNCTION_UNSUPPORTED;
        if (r != XR_SUCCESS || vkResult != VK_SUCCESS)
            return makeError(ErrorCode::Device,
                             format("xrCreateVulkanDeviceKHR: XrResult %d, VkResult %d", int(r), int(vkResult)));
        return device;
    }

private:
    template <class F>
    void load(const char* name, F& out) {
        PFN_xrVoidFunction f = nullptr;
        out = xrGetInstanceProcAddr(m_instance, name, &f) == XR_SUCCESS ? reinterpret_cast<F>(f) : nullptr;
    }

    XrInstance m_instance;
    XrSystemId m_system;
    PFN_xrCreateVulkanInstanceKHR m_createInstance = nullptr;
    PFN_xrGetVulkanGraphicsDevice2KHR m_getDevice = nullptr;
    PFN_xrCreateVulkanDeviceKHR m_createDevice = nullptr;
};

class PanelRig {
public:
    XrInstance instance = XR_NULL_HANDLE;
    XrSystemId system = XR_NULL_SYSTEM_ID;
    std::unique_ptr<OpenXrDeviceProvider> provider;
    std::unique_ptr<gfx::Renderer> renderer;
    XrSession session = XR_NULL_HANDLE;
    XrSpace stage = XR_NULL_HANDLE;
    XrSessionState state = XR_SESSION_STATE_UNKNOWN;
    XrFrameState frameState{XR_TYPE_FRAME_STATE};
    std::string skipReason; // set when no Vulkan device exists (the test skips)

    ~PanelRig() { shutdown(); }

    // Instance, renderer through enable2 (validation on), session begun, STAGE space. Use with ASSERT_NO_FATAL_FAILURE
    // and check skipReason.
    void start() {
        XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
        std::snprintf(info.applicationInfo.applicationName, XR_MAX_APPLICATION_NAME_SIZE, "tv_test_xr_panel");
        info.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
        const char* extension = XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME;
        info.enabledExtensionCount = 1;
        info.enabledExtensionNames = &extension;
        ASSERT_EQ(xrCreateInstance(&info, &instance), XR_SUCCESS);
        XrSystemGetInfo systemInfo{XR_TYPE_SYSTEM_GET_INFO};
        systemInfo.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
        ASSERT_EQ(xrGetSystem(instance, &systemInfo, &system), XR_SUCCESS);
        PFN_xrVoidFunction f = nullptr;
        ASSERT_EQ(xrGetInstanceProcAddr(instance, "xrGetVulkanGraphicsRequirements2KHR", &f), XR_SUCCESS);
        XrGraphicsRequirementsVulkan2KHR requirements{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
        ASSERT_EQ(reinterpret_cast<PFN_xrGetVulkanGraphicsRequirements2KHR>(f)(instance, system, &requirements),
                  XR_SUCCESS);

        provider = std::make_unique<OpenXrDeviceProvider>(instance, system);
        gfx::RendererConfig config;
        config.validation = true;
        config.deviceProvider = provider.get();
        auto created = gfx::Renderer::create(config);
        if (!created) {
            skipReason = created.error().message;
            return;
        }
        renderer = std::move(*created);

        const auto vk = renderer->vulkanHandles();
        XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
        binding.instance = vk.instance;
        binding.physicalDevice = vk.physicalDevice;
        binding.device = vk.device;
        binding.queueFamilyIndex = vk.queueFamily;
        binding.queueIndex = 0;
        XrSessionCreateInfo sessionInfo{XR_TYPE_SESSION_CREATE_INFO};
        sessionInfo.next = &binding;
        sessionInfo.systemId = system;
        ASSERT_EQ(xrCreateSession(instance, &sessionInfo, &session), XR_SUCCESS);
        pollEvents();
        ASSERT_EQ(state, XR_SESSION_STATE_READY);
        XrReferenceSpaceCreateInfo spaceInfo{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
        spaceInfo.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_STAGE;
        spaceInfo.poseInReferenceSpace.orientation.w = 1.0f;
        ASSERT_EQ(xrCreateReferenceSpace(session, &spaceInfo, &stage), XR_SUCCESS);
        XrSessionBeginInfo beginInfo{XR_TYPE_SESSION_BEGIN_INFO};
        beginInfo.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        ASSERT_EQ(xrBeginSession(session, &beginInfo), XR_SUCCESS);
    }

    void pollEvents() {
        XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
        while (xrPollEvent(instance, &event) == XR_SUCCESS) {
            if (event.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED)
                state = reinterpret_cast<const XrEventDataSessionStateChanged&>(event).state;
            event = {XR_TYPE_EVENT_DATA_BUFFER};
        }
    }

    // One XR frame: wait + begin, then `body` (which may render panels and returns the layers to submit; it is
    // only called when the runtime says to render), then end.
    void frame(const std::function<std::vector<const XrCompositionLayerBaseHeader*>()>& body) {
        pollEvents();
        frameState = {XR_TYPE_FRAME_STATE};
        ASSERT_EQ(xrWaitFrame(session, nullptr, &frameState), XR_SUCCESS);
        ASSERT_EQ(xrBeginFrame(session, nullptr), XR_SUCCESS);
        std::vector<const XrCompositionLayerBaseHeader*> layers;
        if (frameState.shouldRender && body) layers = body();
        XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
        end.displayTime = frameState.predictedDisplayTime;
        end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
        end.layerCount = uint32_t(layers.size());
        end.layers = layers.empty() ? nullptr : layers.data();
        ASSERT_EQ(xrEndFrame(session, &end), XR_SUCCESS);
    }

    // Frames without layers until the runtime asks for rendering (VISIBLE/FOCUSED after the first frame).
    void runUntilRendering() {
        for (int i = 0; i < 5 && !frameState.shouldRender; ++i) ASSERT_NO_FATAL_FAILURE(frame({}));
        ASSERT_TRUE(frameState.shouldRender);
    }

    uint32_t validationMessages() const { return renderer ? renderer->validationMessageCount() : 0; }

    // Session, renderer (device, instance), OpenXR instance (writes the simulated runtime's report).
    void shutdown() {
        if (renderer) renderer->waitIdle();
        if (session) xrDestroySession(session); // also destroys the stage space
        session = XR_NULL_HANDLE;
        stage = XR_NULL_HANDLE;
        renderer.reset();
        provider.reset();
        if (instance) xrDestroyInstance(instance);
        instance = XR_NULL_HANDLE;
    }
};

inline XrPosef panelPose() { return {{0.0f, 0.0f, 0.0f, 1.0f}, {0.0f, 1.5f, -0.6f}}; }

inline const XrCompositionLayerBaseHeader* asLayer(const XrCompositionLayerQuad* quad) {
    return reinterpret_cast<const XrCompositionLayerBaseHeader*>(quad);
}

} // namespace tv::xr::test
