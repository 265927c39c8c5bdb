// VulkanContext — instance, validation messenger, physical device, logical device, the one graphics+compute queue
// and the queue's timeline semaphore. Owns those objects; everything else in engine/gfx borrows them.
//
// Every submission signals the timeline with the next value; "value V completed" is how the rest of the renderer
// knows the GPU is done with whatever was recorded up to V (retire lists, frame contexts, readbacks).
// Thread: the thread that created the Renderer; only validationMessageCount() may be read from any thread.
#pragma once

#include "core/expected.h"
#include "gfx/device_provider.h"

#include <vulkan/vulkan.h>

#include <atomic>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tv::gfx {

struct ContextConfig {
    bool validation = false;
    bool presentation = false;                   // enable VK_KHR_swapchain
    std::vector<std::string> instanceExtensions; // extra instance extensions (GLFW's surface extensions)
    DeviceProvider* provider = nullptr;          // null = defaultDeviceProvider()
};

class VulkanContext {
public:
    static Expected<std::unique_ptr<VulkanContext>> create(const ContextConfig& config);
    ~VulkanContext();
    VulkanContext(const VulkanContext&) = delete;
    VulkanContext& operator=(const VulkanContext&) = delete;

    VkInstance instance() const { return m_instance; }
    VkPhysicalDevice physicalDevice() const { return m_physicalDevice; }
    VkDevice device() const { return m_device; }
    VkQueue queue() const { return m_queue; }
    uint32_t queueFamily() const { return m_queueFamily; }
    const VkPhysicalDeviceProperties& properties() const { return m_properties; }
    std::string deviceName() const { return m_properties.deviceName; }
    bool multiviewSupported() const { return m_multiview; }
    // samplerAnisotropy enabled on the device: maxSamplerAnisotropy, else 1 (anisotropic filtering off).
    float maxAnisotropy() const { return m_maxAnisotropy; }
    bool presentationEnabled() const { return m_presentation; }
    // Largest supported MSAA count <= requested for colour+depth framebuffers.
    VkSampleCountFlagBits clampSamples(uint32_t requested) const;

    // Validation messages of severity warning or error seen so far (0 when validation is off).
    uint32_t validationMessageCount() const { return m_validationCount.load(); }
    void countValidationMessage() { m_validationCount.fetch_add(1); }

    // Debug names (no-op without VK_EXT_debug_utils).
    void setName(VkObjectType type, uint64_t handle, const std::string& name) const;
    template <class T>
    void name(T handle, VkObjectType type, const std::string& objectName) const {
        setName(type, reinterpret_cast<uint64_t>(handle), objectName);
    }

    // ---- Timeline ----
    // Submits one command buffer with extra binary waits/signals; signals and returns the next timeline value.
    uint64_t submit(VkCommandBuffer cmd, std::span<const VkSemaphoreSubmitInfo> waits = {},
                    std::span<const VkSemaphoreSubmitInfo> signals = {});
    uint64_t lastSubmitted() const { return m_lastSubmitted; }
    uint64_t completedValue() const;
    void waitFor(uint64_t value) const; // blocks until the timeline reaches value
    void waitIdle() const;

private:
    VulkanContext() = default;
    Expected<void> init(const ContextConfig& config);

    VkInstance m_instance = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT m_messenger = VK_NULL_HANDLE;
    VkPhysicalDevice m_physicalDevice = VK_NULL_HANDLE;
    VkDevice m_device = VK_NULL_HANDLE;
    VkQueue m_queue = VK_NULL_HANDLE;
    uint32_t m_queueFamily = 0;
    VkPhysicalDeviceProperties m_properties{};
    VkSemaphore m_timeline = VK_NULL_HANDLE;
    uint64_t m_lastSubmitted = 0;
    bool m_multiview = false;
    float m_maxAnisotropy = 1.0f;
    bool m_presentation = false;
    bool m_debugUtils = false;
    PFN_vkSetDebugUtilsObjectNameEXT m_setObjectName = nullptr;
    std::atomic<uint32_t> m_validationCount{0};
};

} // namespace tv::gfx
