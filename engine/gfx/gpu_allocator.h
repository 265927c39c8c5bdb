// GpuAllocator — sub-allocates VkDeviceMemory from large blocks (one list of blocks per memory type), so the
// renderer makes a handful of vkAllocateMemory calls instead of one per buffer/image (drivers cap the count).
// First-fit over a sorted free list with coalescing; requests larger than half a block get a block of their own,
// released as soon as it is empty. Host-visible blocks are persistently mapped.
// Not thread-safe: the render thread owns it.
#pragma once

#include "core/expected.h"

#include <vulkan/vulkan.h>

#include <cstdint>
#include <map>
#include <vector>

namespace tv::gfx {

struct Allocation {
    VkDeviceMemory memory = VK_NULL_HANDLE;
    VkDeviceSize offset = 0;
    VkDeviceSize size = 0;
    uint8_t* mapped = nullptr; // host pointer at `offset` (host-visible memory only)
    uint32_t memoryType = 0;
    uint32_t block = UINT32_MAX;
    bool valid() const { return memory != VK_NULL_HANDLE; }
};

enum class MemoryUsage { DeviceLocal, Upload, Readback };

class GpuAllocator {
public:
    GpuAllocator(VkPhysicalDevice physicalDevice, VkDevice device, VkDeviceSize blockSize = 64ull << 20);
    ~GpuAllocator(); // asserts every allocation was freed
    GpuAllocator(const GpuAllocator&) = delete;
    GpuAllocator& operator=(const GpuAllocator&) = delete;

    Expected<Allocation> allocate(const VkMemoryRequirements& requirements, MemoryUsage usage);
    void free(const Allocation& allocation);

    size_t liveAllocations() const { return m_live; }
    size_t blockCount() const;
    VkDeviceSize bytesInBlocks() const;

private:
    struct Block {
        VkDeviceMemory memory = VK_NULL_HANDLE;
        VkDeviceSize size = 0;
        uint8_t* mapped = nullptr;
        uint32_t memoryType = 0;
        bool dedicated = false;
        uint32_t liveCount = 0;
        std::map<VkDeviceSize, VkDeviceSize> freeRanges; // offset -> size
    };

    Expected<uint32_t> findMemoryType(uint32_t typeBits, MemoryUsage usage) const;
    Expected<uint32_t> createBlock(uint32_t memoryType, VkDeviceSize size, bool dedicated);
    void releaseBlock(uint32_t index);

    VkDevice m_device;
    VkPhysicalDeviceMemoryProperties m_memoryProperties{};
    VkDeviceSize m_blockSize;
    VkDeviceSize m_granularity;
    std::vector<Block> m_blocks; // released blocks keep their slot (memory == null) so indices stay stable
    size_t m_live = 0;
};

} // namespace tv::gfx
