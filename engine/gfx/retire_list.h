// RetireList — deferred destruction. A GPU object that a submitted command buffer may still use is handed here with
// the timeline value of the last submission that may use it; collect(completed) destroys everything whose value
// the GPU has passed. This is the only way in-flight objects die (see STYLE.md "Vulkan resource lifetime").
// Render thread only.
#pragma once

#include "gfx/gpu_resources.h"

#include <vulkan/vulkan.h>

#include <cstdint>
#include <vector>

namespace tv::gfx {

class RetireList {
public:
    RetireList(VkDevice device, GpuAllocator& allocator) : m_device(device), m_allocator(allocator) {}
    ~RetireList(); // asserts it was flushed
    RetireList(const RetireList&) = delete;
    RetireList& operator=(const RetireList&) = delete;

    void retire(uint64_t value, Buffer buffer);
    void retire(uint64_t value, Image image);
    void retire(uint64_t value, VkImageView view);
    void retire(uint64_t value, VkSampler sampler);
    void retire(uint64_t value, VkDescriptorPool pool);
    void retire(uint64_t value, VkPipeline pipeline);

    // Destroys every object whose value <= completedValue; returns how many.
    size_t collect(uint64_t completedValue);
    // Destroys everything (only after vkDeviceWaitIdle).
    void flush() { collect(UINT64_MAX); }
    size_t pending() const { return m_entries.size(); }

private:
    enum class Kind : uint8_t { Buffer, Image, ImageView, Sampler, DescriptorPool, Pipeline };
    struct Entry {
        uint64_t value = 0;
        Kind kind = Kind::Buffer;
        Buffer buffer;
        Image image;
        uint64_t handle = 0; // the non-dispatchable handle for the plain kinds
    };
    VkDevice m_device;
    GpuAllocator& m_allocator;
    std::vector<Entry> m_entries;
};

} // namespace tv::gfx
