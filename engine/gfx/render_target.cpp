#include "gfx/render_target.h"

#include "gfx/retire_list.h"
#include "gfx/vk_context.h"

#include "core/log.h"

namespace tv::gfx {

SceneAttachments::~SceneAttachments() {
    uint64_t value = m_gpu.ctx.lastSubmitted();
    m_gpu.retire.retire(value, m_color);
    m_gpu.retire.retire(value, m_depth);
}

Expected<void> SceneAttachments::ensure(uint32_t width, uint32_t height, VkFormat colorFormat,
                                        VkSampleCountFlagBits samples, uint32_t layers) {
    if (m_depth && width == m_width && height == m_height && colorFormat == m_format && samples == m_samples &&
        layers == m_layers)
        return {};
    uint64_t value = m_gpu.ctx.lastSubmitted();
    m_gpu.retire.retire(value, m_color);
    m_gpu.retire.retire(value, m_depth);
    m_color = Image{};
    m_depth = Image{};
    ImageDesc desc;
    desc.width = width;
    desc.height = height;
    desc.samples = samples;
    desc.layers = layers;
    if (samples != VK_SAMPLE_COUNT_1_BIT) {
        desc.format = colorFormat;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
        auto c = createImage(m_gpu, desc, format("scene colour %ux%u x%d", width, height, int(samples)));
        if (!c) return c.error();
        m_color = *c;
    }
    desc.format = kDepthFormat;
    desc.usage = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
    auto d = createImage(m_gpu, desc, format("scene depth %ux%u x%d", width, height, int(samples)));
    if (!d) return d.error();
    m_depth = *d;
    m_width = width;
    m_height = height;
    m_format = colorFormat;
    m_samples = samples;
    m_layers = layers;
    return {};
}

} // namespace tv::gfx
