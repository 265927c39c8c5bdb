#include "gfx/frame_context.h"

#include "gfx/retire_list.h"
#include "gfx/vk_check.h"
#include "gfx/vk_context.h"

#include "core/log.h"

#include "core/assert.h"

#include <array>

namespace tv::gfx {

FrameContext::FrameContext(GpuCore& gpu, uint32_t index) : m_gpu(gpu), m_index(index) {}

FrameContext::~FrameContext() {
    VkDevice device = m_gpu.device();
    m_gpu.retire.retire(m_submittedValue, m_ring);
    if (m_descriptors) destroyDescriptorPool(device, m_descriptors);
    if (m_queries) vkDestroyQueryPool(device, m_queries, nullptr);
    if (m_acquire) vkDestroySemaphore(device, m_acquire, nullptr);
    if (m_pool) vkDestroyCommandPool(device, m_pool, nullptr);
}

Expected<void> FrameContext::init() {
    VkDevice device = m_gpu.device();
    VkCommandPoolCreateInfo pci{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pci.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    pci.queueFamilyIndex = m_gpu.ctx.queueFamily();
    TV_VK_TRY(vkCreateCommandPool(device, &pci, nullptr, &m_pool));
    m_gpu.ctx.name(m_pool, VK_OBJECT_TYPE_COMMAND_POOL, format("frame %u command pool", m_index));
    VkCommandBufferAllocateInfo ai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    ai.commandPool = m_pool;
    ai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    ai.commandBufferCount = 1;
    TV_VK_TRY(vkAllocateCommandBuffers(device, &ai, &m_cmd));
    m_gpu.ctx.name(m_cmd, VK_OBJECT_TYPE_COMMAND_BUFFER, format("frame %u commands", m_index));

    std::array<VkDescriptorPoolSize, 3> sizes = {{{VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 16},
                                                  {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 48},
                                                  {VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, 80}}};
    VkDescriptorPoolCreateInfo dpi{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    dpi.maxSets = 16;
    dpi.poolSizeCount = uint32_t(sizes.size());
    dpi.pPoolSizes = sizes.data();
    TV_VK_TRY(vkCreateDescriptorPool(device, &dpi, nullptr, &m_descriptors));
    noteDescriptorPoolCreated();
    m_gpu.ctx.name(m_descriptors, VK_OBJECT_TYPE_DESCRIPTOR_POOL, format("frame %u descriptor arena", m_index));

    VkQueryPoolCreateInfo qpi{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
    qpi.queryType = VK_QUERY_TYPE_TIMESTAMP;
    qpi.queryCount = 2;
    TV_VK_TRY(vkCreateQueryPool(device, &qpi, nullptr, &m_queries));
    m_gpu.ctx.name(m_queries, VK_OBJECT_TYPE_QUERY_POOL, format("frame %u timestamps", m_index));

    VkSemaphoreCreateInfo sci{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    TV_VK_TRY(vkCreateSemaphore(device, &sci, nullptr, &m_acquire));
    m_gpu.ctx.name(m_acquire, VK_OBJECT_TYPE_SEMAPHORE, format("frame %u image acquired", m_index));
    return reserve(256 * 1024);
}

Expected<void> FrameContext::begin() {
    m_gpu.ctx.waitFor(m_submittedValue);
    VkDevice device = m_gpu.device();
    collectTimestamps();
    TV_VK_TRY(vkResetCommandPool(device, m_pool, 0));
    TV_VK_TRY(vkResetDescriptorPool(device, m_descriptors, 0));
    m_ringUsed = 0;
    VkCommandBufferBeginInfo bi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    TV_VK_TRY(vkBeginCommandBuffer(m_cmd, &bi));
    return {};
}

void FrameContext::collectTimestamps() {
    if (!m_queriesWritten || m_gpu.ctx.completedValue() < m_submittedValue) return;
    uint64_t stamps[2] = {0, 0};
    VkResult r = vkGetQueryPoolResults(m_gpu.device(), m_queries, 0, 2, sizeof(stamps), stamps, sizeof(uint64_t),
                                       VK_QUERY_RESULT_64_BIT);
    if (r == VK_SUCCESS && stamps[1] >= stamps[0])
        m_lastGpuMs = double(stamps[1] - stamps[0]) * m_gpu.ctx.properties().limits.timestampPeriod * 1e-6;
    m_queriesWritten = false;
}

void FrameContext::resetQueries() { vkCmdResetQueryPool(m_cmd, m_queries, 0, 2); }

void FrameContext::writeTimestamp(VkPipelineStageFlags2 stage, uint32_t query) {
    vkCmdWriteTimestamp2(m_cmd, stage, m_queries, query);
}

Expected<VkDescriptorSet> FrameContext::allocateSet(VkDescriptorSetLayout layout) {
    VkDescriptorSetAllocateInfo ai{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    ai.descriptorPool = m_descriptors;
    ai.descriptorSetCount = 1;
    ai.pSetLayouts = &layout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    TV_VK_TRY(vkAllocateDescriptorSets(m_gpu.device(), &ai, &set));
    return set;
}

Expected<void> FrameContext::reserve(VkDeviceSize bytes) {
    TV_ASSERT(m_ringUsed == 0, "reserve() after slices were handed out");
    if (m_ring && m_ring.size >= bytes) return {};
    VkDeviceSize size = m_ring ? m_ring.size : 256 * 1024;
    while (size < bytes) size *= 2;
    m_gpu.retire.retire(m_submittedValue, m_ring);
    m_ring = Buffer{};
    auto ring = createBuffer(m_gpu, size, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                             MemoryUsage::Upload, format("frame %u upload ring", m_index));
    if (!ring) return ring.error();
    m_ring = *ring;
    return {};
}

ArenaSlice FrameContext::allocate(VkDeviceSize size, VkDeviceSize alignment) {
    VkDeviceSize offset = (m_ringUsed + alignment - 1) / alignment * alignment;
    TV_ASSERT(offset + size <= m_ring.size, "upload ring overflow: reserve() the frame's total first");
    m_ringUsed = offset + size;
    return ArenaSlice{m_ring.buffer, offset, size, m_ring.mapped() + offset};
}

} // namespace tv::gfx
