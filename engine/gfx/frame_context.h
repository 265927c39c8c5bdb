// FrameContext — what one frame in flight owns: a command pool and buffer, a descriptor arena (reset each use), a
// host-visible upload ring for the frame's uniforms and storage data, GPU timestamp queries and, for windows, the
// image-acquired semaphore. The renderer keeps two and cycles them; before reusing one it waits for the timeline
// value of that context's previous submission, so everything it wrote is no longer read by the GPU.
// Render thread only.
#pragma once

#include "core/expected.h"
#include "gfx/gpu_resources.h"

#include <vulkan/vulkan.h>

#include <cstdint>

namespace tv::gfx {

struct ArenaSlice {
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize size = 0;
    uint8_t* data = nullptr;
};

class FrameContext {
public:
    FrameContext(GpuCore& gpu, uint32_t index);
    ~FrameContext();
    FrameContext(const FrameContext&) = delete;
    FrameContext& operator=(const FrameContext&) = delete;

    Expected<void> init();
    // Waits for the previous use, reads its timestamps, resets command buffer, descriptors and the ring.
    Expected<void> begin();
    VkCommandBuffer cmd() const { return m_cmd; }
    // Allocates a descriptor set from this frame's arena.
    Expected<VkDescriptorSet> allocateSet(VkDescriptorSetLayout layout);
    // Reserves `size` bytes (aligned) in the upload ring, growing it (old buffer retired) when needed.
    // Growth happens before any slice of the frame is handed out; call reserve() first with the frame's total.
    Expected<void> reserve(VkDeviceSize bytes);
    ArenaSlice allocate(VkDeviceSize size, VkDeviceSize alignment);

    void writeTimestamp(VkPipelineStageFlags2 stage, uint32_t query);
    // Reads the timestamps of the last submission if it has completed (begin() does this too).
    void collectTimestamps();
    void resetQueries();
    // GPU time (ms) of the previous submission of this context, or a negative value when unknown.
    double lastGpuMs() const { return m_lastGpuMs; }

    void setSubmitted(uint64_t value) {
        m_submittedValue = value;
        m_queriesWritten = true;
    }
    uint64_t submittedValue() const { return m_submittedValue; }
    VkSemaphore acquireSemaphore() const { return m_acquire; }

private:
    GpuCore& m_gpu;
    uint32_t m_index;
    VkCommandPool m_pool = VK_NULL_HANDLE;
    VkCommandBuffer m_cmd = VK_NULL_HANDLE;
    VkDescriptorPool m_descriptors = VK_NULL_HANDLE;
    VkQueryPool m_queries = VK_NULL_HANDLE;
    VkSemaphore m_acquire = VK_NULL_HANDLE;
    Buffer m_ring;
    VkDeviceSize m_ringUsed = 0;
    uint64_t m_submittedValue = 0;
    bool m_queriesWritten = false;
    double m_lastGpuMs = -1.0;
};

} // namespace tv::gfx
