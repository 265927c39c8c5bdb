#include "gfx/gpu_allocator.h"

#include "gfx/vk_check.h"

#include "core/assert.h"
#include "core/log.h"

#include <algorithm>

namespace tv::gfx {
namespace {
VkDeviceSize alignUp(VkDeviceSize v, VkDeviceSize a) { return (v + a - 1) / a * a; }
} // namespace

GpuAllocator::GpuAllocator(VkPhysicalDevice physicalDevice, VkDevice device, VkDeviceSize blockSize)
    : m_device(device), m_blockSize(blockSize) {
    vkGetPhysicalDeviceMemoryProperties(physicalDevice, &m_memoryProperties);
    VkPhysicalDeviceProperties props;
    vkGetPhysicalDeviceProperties(physicalDevice, &props);
    // Linear (buffers) and optimal (images) resources share blocks; aligning every allocation to the granularity
    // keeps them on separate "pages" without tracking which is which.
    m_granularity = std::max<VkDeviceSize>(props.limits.bufferImageGranularity, 16);
}

GpuAllocator::~GpuAllocator() {
    if (m_live != 0) logError("gpu allocator: %zu allocations leaked at shutdown", m_live);
    TV_ASSERT(m_live == 0, "GPU memory allocations leaked");
    for (uint32_t i = 0; i < m_blocks.size(); ++i)
        if (m_blocks[i].memory) releaseBlock(i);
}

Expected<uint32_t> GpuAllocator::findMemoryType(uint32_t typeBits, MemoryUsage usage) const {
    VkMemoryPropertyFlags required = 0, preferred = 0;
    switch (usage) {
    case MemoryUsage::DeviceLocal: required = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT; break;
    case MemoryUsage::Upload:
        required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        preferred = VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT; // resizable BAR when available: the GPU reads it directly
        break;
    case MemoryUsage::Readback:
        required = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        preferred = VK_MEMORY_PROPERTY_HOST_CACHED_BIT;
        break;
    }
    int best = -1;
    for (uint32_t i = 0; i < m_memoryProperties.memoryTypeCount; ++i) {
        if (!(typeBits & (1u << i))) continue;
        VkMemoryPropertyFlags flags = m_memoryProperties.memoryTypes[i].propertyFlags;
        if ((flags & required) != required) continue;
        if ((flags & preferred) == preferred) return i;
        if (best < 0) best = int(i);
    }
    if (best < 0 && usage == MemoryUsage::DeviceLocal) {
        // Some devices expose no DEVICE_LOCAL type matching this resource: any type will do.
        for (uint32_t i = 0; i < m_memoryProperties.memoryTypeCount; ++i)
            if (typeBits & (1u << i)) return i;
    }
    if (best < 0) return makeError(ErrorCode::Device, format("no memory type for type bits 0x%x", typeBits));
    return uint32_t(best);
}

Expected<uint32_t> GpuAllocator::createBlock(uint32_t memoryType, VkDeviceSize size, bool dedicated) {
    Block block;
    VkMemoryAllocateInfo mai{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    mai.allocationSize = size;
    mai.memoryTypeIndex = memoryType;
    TV_VK_TRY(vkAllocateMemory(m_device, &mai, nullptr, &block.memory));
    if (m_memoryProperties.memoryTypes[memoryType].propertyFlags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) {
        void* p = nullptr;
        VkResult r = vkMapMemory(m_device, block.memory, 0, VK_WHOLE_SIZE, 0, &p);
        if (r != VK_SUCCESS) {
            vkFreeMemory(m_device, block.memory, nullptr);
            return vkError("vkMapMemory", r, __FILE__, __LINE__);
        }
        block.mapped = static_cast<uint8_t*>(p);
    }
    block.size = size;
    block.memoryType = memoryType;
    block.dedicated = dedicated;
    block.freeRanges[0] = size;
    for (uint32_t i = 0; i < m_blocks.size(); ++i) {
        if (!m_blocks[i].memory) {
            m_blocks[i] = std::move(block);
            return i;
        }
    }
    m_blocks.push_back(std::move(block));
    return uint32_t(m_blocks.size() - 1);
}

void GpuAllocator::releaseBlock(uint32_t index) {
    Block& b = m_blocks[index];
    if (b.mapped) vkUnmapMemory(m_device, b.memory);
    vkFreeMemory(m_device, b.memory, nullptr);
    b = Block{};
}

Expected<Allocation> GpuAllocator::allocate(const VkMemoryRequirements& req, MemoryUsage usage) {
    auto type = findMemoryType(req.memoryTypeBits, usage);
    if (!type) return type.error();
    VkDeviceSize align = std::max(req.alignment, m_granularity);
    VkDeviceSize size = alignUp(req.size, m_granularity);

    auto place = [&](uint32_t blockIndex) -> Expected<Allocation> {
        Block& b = m_blocks[blockIndex];
        for (auto it = b.freeRanges.begin(); it != b.freeRanges.end(); ++it) {
            VkDeviceSize start = alignUp(it->first, align);
            VkDeviceSize end = it->first + it->second;
            if (start + size > end) continue;
            VkDeviceSize rangeStart = it->first;
            b.freeRanges.erase(it);
            if (start > rangeStart) b.freeRanges[rangeStart] = start - rangeStart;
            if (start + size < end) b.freeRanges[start + size] = end - (start + size);
            ++b.liveCount;
            ++m_live;
            Allocation a;
            a.memory = b.memory;
            a.offset = start;
            a.size = size;
            a.mapped = b.mapped ? b.mapped + start : nullptr;
            a.memoryType = b.memoryType;
            a.block = blockIndex;
            return a;
        }
        return makeError(ErrorCode::Device, "block full");
    };

    if (size > m_blockSize / 2) {
        auto block = createBlock(*type, size, true);
        if (!block) return block.error();
        return place(*block);
    }
    for (uint32_t i = 0; i < m_blocks.size(); ++i) {
        if (!m_blocks[i].memory || m_blocks[i].dedicated || m_blocks[i].memoryType != *type) continue;
        auto a = place(i);
        if (a) return a;
    }
    auto block = createBlock(*type, m_blockSize, false);
    if (!block) return block.error();
    return place(*block);
}

void GpuAllocator::free(const Allocation& a) {
    if (!a.valid()) return;
    TV_ASSERT(a.block < m_blocks.size() && m_blocks[a.block].memory == a.memory, "freeing a foreign allocation");
    Block& b = m_blocks[a.block];
    auto next = b.freeRanges.lower_bound(a.offset);
    TV_ASSERT(next == b.freeRanges.end() || next->first >= a.offset + a.size, "double free of GPU memory");
    VkDeviceSize start = a.offset, size = a.size;
    // Coalesce with the neighbours so fragmentation does not accumulate.
    if (next != b.freeRanges.end() && next->first == start + size) {
        size += next->second;
        next = b.freeRanges.erase(next);
    }
    if (next != b.freeRanges.begin()) {
        auto prev = std::prev(next);
        if (prev->first + prev->second == start) {
            start = prev->first;
            size += prev->second;
            b.freeRanges.erase(prev);
        }
    }
    b.freeRanges[start] = size;
    --b.liveCount;
    --m_live;
    if (b.liveCount == 0) {
        // Keep at most one empty shared block per memory type as a cushion; dedicated blocks go at once.
        bool keep = !b.dedicated;
        if (keep) {
            for (uint32_t i = 0; i < m_blocks.size(); ++i)
                if (i != a.block && m_blocks[i].memory && !m_blocks[i].dedicated &&
                    m_blocks[i].memoryType == b.memoryType && m_blocks[i].liveCount == 0)
                    keep = false;
        }
        if (!keep) releaseBlock(a.block);
    }
}

size_t GpuAllocator::blockCount() const {
    return size_t(
        std::count_if(m_blocks.begin(), m_blocks.end(), [](const Block& b) { return b.memory != VK_NULL_HANDLE; }));
}

VkDeviceSize GpuAllocator::bytesInBlocks() const {
    VkDeviceSize total = 0;
    for (const Block& b : m_blocks) total += b.size;
    return total;
}

} // namespace tv::gfx
