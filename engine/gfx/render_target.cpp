#include "gfx/render_target.h"

#include "gfx/retire_list.h"
#include "gfx/vk_context.h"

#include "core/assert.h"
#include "core/log.h"

#include <algorithm>
#include <cmath>

namespace tv::gfx {

SceneAttachments::~SceneAttachments() { retireAll(); }

void SceneAttachments::retireAll() {
    uint64_t value = m_gpu.ctx.lastSubmitted();
    m_gpu.retire.retire(value, m_color);
    m_gpu.retire.retire(value, m_depth);
    m_gpu.retire.retire(value, m_transmissionMsaa);
    // The view before its image: entries of one timeline value are destroyed in the order they were retired.
    m_gpu.retire.retire(value, m_transmissionMip0);
    m_gpu.retire.retire(value, m_transmission);
    m_gpu.retire.retire(value, m_highlightMask);
    m_color = m_depth = m_transmissionMsaa = m_transmission = m_highlightMask = Image{};
    m_transmissionMip0 = VK_NULL_HANDLE;
}

Expected<void> SceneAttachments::ensure(uint32_t width, uint32_t height, VkFormat colorFormat,
                                        VkSampleCountFlagBits samples, uint32_t layers) {
    if (m_depth && width == m_width && height == m_height && colorFormat == m_format && samples == m_samples &&
        layers == m_layers)
        return {};
    retireAll();
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

Expected<void> SceneAttachments::ensureTransmission() {
    TV_ASSERT(m_depth, "ensureTransmission() before ensure()");
    if (m_transmission) return {};
    ImageDesc desc;
    desc.format = kTransmissionFormat;
    desc.width = m_width;
    desc.height = m_height;
    desc.layers = m_layers;
    if (m_samples != VK_SAMPLE_COUNT_1_BIT) {
        desc.samples = m_samples;
        desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT;
        auto msaa =
            createImage(m_gpu, desc, format("transmission colour %ux%u x%d", m_width, m_height, int(m_samples)));
        if (!msaa) return msaa.error();
        m_transmissionMsaa = *msaa;
    }
    desc.samples = VK_SAMPLE_COUNT_1_BIT;
    desc.mipLevels = uint32_t(std::floor(std::log2(double(std::max(m_width, m_height))))) + 1;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT |
                 VK_IMAGE_USAGE_TRANSFER_DST_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    auto image = createImage(m_gpu, desc, format("transmission framebuffer %ux%u", m_width, m_height));
    if (!image) return image.error();
    m_transmission = *image;
    auto view = createImageView(m_gpu, m_transmission, VK_IMAGE_VIEW_TYPE_2D, 0, 1, 0, 1, "transmission mip 0");
    if (!view) return view.error();
    m_transmissionMip0 = *view;
    return {};
}

Expected<void> SceneAttachments::ensureHighlightMask() {
    TV_ASSERT(m_depth, "ensureHighlightMask() before ensure()");
    if (m_highlightMask) return {};
    ImageDesc desc;
    desc.format = kHighlightMaskFormat;
    desc.width = m_width;
    desc.height = m_height;
    desc.layers = m_layers;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT;
    auto image = createImage(m_gpu, desc, format("highlight mask %ux%u", m_width, m_height));
    if (!image) return image.error();
    m_highlightMask = *image;
    return {};
}

} // namespace tv::gfx
