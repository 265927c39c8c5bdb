// The selection outline: the highlighted draws (InstanceData::ids.z != 0) rendered into a single-sample R8G8 mask
// without a depth test, then a full-screen pass over the finished, tone-mapped target that paints the pixels just
// outside the mask. Drawn after the MSAA resolve, so it costs one mask fill of the highlighted draws plus one
// (2r+1)^2-tap pass over the highlighted draws' screen rectangle, independent of the sample count, and leaves frames
// without a highlight untouched.
#include "gfx/renderer_impl.h"
#include "gfx/vk_barriers.h"

#include <algorithm>
#include <cmath>

namespace tv::gfx {
using namespace shader;

namespace {
// The pixels the outline can touch: the highlighted draws' projected bounds grown by the radius (the edge pass is
// the expensive part, up to (2r+1)^2 taps per pixel, and a selection is usually a small part of the view). The whole
// target when a highlighted draw has no bounds (skinned) or reaches behind the eye.
VkRect2D outlineRect(const DrawList& list, const mat4& viewProj, const RenderTarget& target, uint32_t radius) {
    const VkRect2D full{{0, 0}, {target.width, target.height}};
    const Aabb& box = list.highlightBounds;
    if (list.highlightUnbounded || box.empty()) return full;
    vec2 lo(1e30f), hi(-1e30f);
    for (int c = 0; c < 8; ++c) {
        vec3 p((c & 1) ? box.max.x : box.min.x, (c & 2) ? box.max.y : box.min.y, (c & 4) ? box.max.z : box.min.z);
        vec4 clip = viewProj * vec4(p, 1.0f);
        if (clip.w <= 1e-6f) return full;
        vec2 ndc = vec2(clip) / clip.w;
        lo = glm::min(lo, ndc);
        hi = glm::max(hi, ndc);
    }
    const vec2 size(float(target.width), float(target.height));
    const float pad = float(radius) + 2.0f; // + rasterisation slack
    vec2 a = glm::clamp((lo * 0.5f + 0.5f) * size - pad, vec2(0.0f), size);
    vec2 b = glm::clamp((hi * 0.5f + 0.5f) * size + pad, vec2(0.0f), size);
    VkRect2D r;
    r.offset = {int32_t(std::floor(a.x)), int32_t(std::floor(a.y))};
    r.extent = {uint32_t(std::ceil(b.x)) - uint32_t(r.offset.x), uint32_t(std::ceil(b.y)) - uint32_t(r.offset.y)};
    return r;
}
} // namespace

Expected<void> RendererImpl::recordOutline(VkCommandBuffer cmd, SceneAttachments& att, const RenderTarget& target,
                                           const mat4& viewProj, VkDescriptorSet frameSet, uint32_t& drawCalls) {
    const Image& mask = att.highlightMask();
    const VkPipelineStageFlags2 colorStage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    const VkAccessFlags2 colorAccess = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT;
    // The previous frame in flight may still be reading the mask in its outline pass; its contents are not needed.
    transitionImage(cmd, {mask.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                          VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, 0,
                          colorStage, colorAccess});
    VkViewport vp{0.0f, 0.0f, float(target.width), float(target.height), 0.0f, 1.0f};
    // Both passes touch only the rectangle the outline can reach (llvmpipe and tilers pay per covered tile): the
    // edge pass covers `rect`, and reads the mask up to `radius` beyond it, so the mask pass covers that much more.
    const uint32_t radius = outlineStyle.radiusPixels;
    const VkRect2D rect = outlineRect(drawList, viewProj, target, radius);
    VkRect2D maskRect;
    maskRect.offset = {std::max(rect.offset.x - int32_t(radius), 0), std::max(rect.offset.y - int32_t(radius), 0)};
    maskRect.extent = {
        std::min(uint32_t(rect.offset.x) + rect.extent.width + radius, target.width) - uint32_t(maskRect.offset.x),
        std::min(uint32_t(rect.offset.y) + rect.extent.height + radius, target.height) - uint32_t(maskRect.offset.y)};

    VkRenderingAttachmentInfo maskAttachment{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    maskAttachment.imageView = mask.view;
    maskAttachment.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    maskAttachment.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    maskAttachment.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    maskAttachment.clearValue.color = VkClearColorValue{{0.0f, 0.0f, 0.0f, 0.0f}};
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = maskRect;
    ri.layerCount = 1;
    ri.colorAttachmentCount = 1;
    ri.pColorAttachments = &maskAttachment;
    vkCmdBeginRendering(cmd, &ri);
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &maskRect);
    PipelineKey key;
    key.pass = PassKind::HighlightMask;
    key.colorFormat = kHighlightMaskFormat;
    key.depthFormat = VK_FORMAT_UNDEFINED;
    key.samples = VK_SAMPLE_COUNT_1_BIT;
    for (const auto* list : {&drawList.opaque, &drawList.transmissive, &drawList.blended})
        recordBatches(cmd, *list, key, frameSet, 0, false, drawCalls, nullptr);
    vkCmdEndRendering(cmd);

    transitionImage(cmd, {mask.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, colorStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                          VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    // The colour pass (and its resolve) wrote the target; the outline blends over it.
    transitionImage(cmd, {target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, colorStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                          colorStage, colorAccess});

    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    color.imageView = target.view;
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_LOAD;
    color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    ri.pColorAttachments = &color;
    ri.renderArea = rect;
    vkCmdBeginRendering(cmd, &ri);
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &rect);
    key.pass = PassKind::Outline;
    key.colorFormat = target.format;
    auto pipeline = pipelines->get(key);
    if (!pipeline) {
        vkCmdEndRendering(cmd);
        return pipeline.error();
    }
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, *pipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines->layout(), kSetFrame, 1, &frameSet, 0,
                            nullptr);
    vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
    vkCmdSetFrontFace(cmd, VK_FRONT_FACE_COUNTER_CLOCKWISE);
    vkCmdSetDepthWriteEnable(cmd, VK_FALSE);
    DrawPush push{};
    vkCmdPushConstants(cmd, pipelines->layout(), VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof(push), &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    ++drawCalls;
    vkCmdEndRendering(cmd);
    return {};
}

} // namespace tv::gfx
