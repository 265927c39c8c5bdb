#include "gfx/retire_list.h"

#include "core/assert.h"

namespace tv::gfx {

RetireList::~RetireList() { TV_ASSERT(m_entries.empty(), "retire list destroyed before flush()"); }

void RetireList::retire(uint64_t value, Buffer buffer) {
    if (!buffer) return;
    Entry e;
    e.value = value;
    e.kind = Kind::Buffer;
    e.buffer = buffer;
    m_entries.push_back(std::move(e));
}

void RetireList::retire(uint64_t value, Image image) {
    if (!image) return;
    Entry e;
    e.value = value;
    e.kind = Kind::Image;
    e.image = image;
    m_entries.push_back(std::move(e));
}

#define TV_RETIRE_PLAIN(Type, KindName)                                                                                \
    void RetireList::retire(uint64_t value, Type object) {                                                             \
        if (object == VK_NULL_HANDLE) return;                                                                          \
        Entry e;                                                                                                       \
        e.value = value;                                                                                               \
        e.kind = Kind::KindName;                                                                                       \
        e.handle = reinterpret_cast<uint64_t>(object);                                                                 \
        m_entries.push_back(std::move(e));                                                                             \
    }
TV_RETIRE_PLAIN(VkImageView, ImageView)
TV_RETIRE_PLAIN(VkSampler, Sampler)
TV_RETIRE_PLAIN(VkDescriptorPool, DescriptorPool)
TV_RETIRE_PLAIN(VkPipeline, Pipeline)
#undef TV_RETIRE_PLAIN

size_t RetireList::collect(uint64_t completedValue) {
    size_t destroyed = 0;
    size_t keep = 0;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        Entry& e = m_entries[i];
        if (e.value > completedValue) {
            if (keep != i) m_entries[keep] = std::move(e);
            ++keep;
            continue;
        }
        switch (e.kind) {
        case Kind::Buffer: destroyBuffer(m_device, m_allocator, e.buffer); break;
        case Kind::Image: destroyImage(m_device, m_allocator, e.image); break;
        case Kind::ImageView: destroyImageView(m_device, reinterpret_cast<VkImageView>(e.handle)); break;
        case Kind::Sampler: destroySampler(m_device, reinterpret_cast<VkSampler>(e.handle)); break;
        case Kind::DescriptorPool: destroyDescriptorPool(m_device, reinterpret_cast<VkDescriptorPool>(e.handle)); break;
        case Kind::Pipeline: vkDestroyPipeline(m_device, reinterpret_cast<VkPipeline>(e.handle), nullptr); break;
        }
        ++destroyed;
    }
    m_entries.resize(keep);
    return destroyed;
}

} // namespace tv::gfx
