// One frame: draw list, frame uniforms and lights, shadow cascades, transmission framebuffer, colour or pick pass,
// selection outline, submission.
#include "gfx/renderer_impl.h"

#include "gfx/mesh_upload.h"
#include "gfx/vk_barriers.h"
#include "gfx/vk_check.h"

#include "core/assert.h"
#include "core/log.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

namespace tv::gfx {
using namespace shader;

namespace {

// Where a stereo frame's scene depth goes: resolved into `resolveView` (MSAA) or, single-sampled, rendered straight
// into `attachmentView` and stored. Both null: the depth is scratch (mono frames).
struct DepthOutput {
    VkImageView resolveView = VK_NULL_HANDLE;
    VkResolveModeFlagBits resolveMode = VK_RESOLVE_MODE_NONE;
    VkImageView attachmentView = VK_NULL_HANDLE;
};

// Begins dynamic rendering into one colour attachment plus the scene depth, cleared to far (0: reversed Z) and not
// stored unless `out` names a destination. viewMask != 0: multiview (layer i = view i, XR stereo).
void beginSceneRendering(VkCommandBuffer cmd, const VkRenderingAttachmentInfo& color, VkImageView depthView,
                         uint32_t width, uint32_t height, uint32_t viewMask = 0, const DepthOutput& out = {}) {
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = out.attachmentView ? out.attachmentView : depthView;
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depth.storeOp = out.attachmentView ? VK_ATTACHMENT_STORE_OP_STORE : VK_ATTACHMENT_STORE_OP_DONT_CARE;
    depth.clearValue.depthStencil = {0.0f, 0};
    if (out.resolveView) {
        depth.resolveMode = out.resolveMode;
        depth.resolveImageView = out.resolveView;
        depth.resolveImageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    }
    VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
    ri.renderArea = {{0, 0}, {width, height}};
    ri.layerCount = 1;
    ri.viewMask = viewMask;
    ri.colorAttachmentCount = 1;
    ri.pColorAttachments = &color;
    ri.pDepthAttachment = &depth;
    vkCmdBeginRendering(cmd, &ri);
}
// The neutral rig's lights (shared/gltf-reference/README.md): key and fill, directions of travel.
const vec3 kKeyDirection = glm::normalize(vec3(-0.45f, -0.8f, -0.4f));
const vec3 kFillDirection = glm::normalize(vec3(0.7f, -0.1f, -0.7f));
constexpr float kSunIntensity = 3.0f;
constexpr float kSunAngularRadius = 0.0093f * 2.0f; // drawn a little larger than the real sun (0.53 degrees)

LightData directional(const vec3& direction, float intensity, bool castsShadow) {
    LightData l{};
    l.positionType = vec4(0.0f, 0.0f, 0.0f, float(kLightDirectional));
    l.directionRange = vec4(direction, 0.0f);
    l.colorIntensity = vec4(1.0f, 1.0f, 1.0f, intensity);
    l.cone = vec4(-1.0f, 1.0f, castsShadow ? 1.0f : 0.0f, 0.0f);
    return l;
}

LightData fromExtract(const scene::LightInstance& li) {
    LightData l{};
    uint32_t type = li.light.type == scene::LightType::Directional ? kLightDirectional
                    : li.light.type == scene::LightType::Spot      ? kLightSpot
                                                                   : kLightPoint;
    l.positionType = vec4(li.position, float(type));
    vec3 dir = glm::length(li.direction) > 0.0f ? glm::normalize(li.direction) : vec3(0, 0, -1);
    l.directionRange = vec4(dir, li.light.range);
    l.colorIntensity = vec4(li.light.color, li.light.intensity);
    l.cone = vec4(std::cos(li.light.outerConeAngle), std::cos(li.light.innerConeAngle), 0.0f, 0.0f);
    return l;
}

VkDeviceSize alignUp(VkDeviceSize v, VkDeviceSize a) { return (v + a - 1) / a * a; }
} // namespace

void RendererImpl::recordBatches(VkCommandBuffer cmd, const std::vector<DrawBatch>& batches, PipelineKey key,
                                 VkDescriptorSet frameSet, uint32_t viewIndex, bool forceDepthWrite,
                                 uint32_t& drawCalls, uint64_t* triangles) {
    bool shadowPass = key.pass == PassKind::Shadow;
    const bool maskPass = key.pass == PassKind::HighlightMask;
    const bool sectioned = !sectionPlanes.empty();
    key.sectioned = shadowPass && sectioned;
    VkPipeline bound = VK_NULL_HANDLE;
    VkDescriptorSet boundMaterial = VK_NULL_HANDLE, boundGeometry = VK_NULL_HANDLE;
    int cull = -1, front = -1, depthWrite = -1;
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines->layout(), kSetFrame, 1, &frameSet, 0,
                            nullptr);
    for (const DrawBatch& b : batches) {
        if (!shadowPass && !b.visible) continue;
        if (maskPass && !b.highlighted) continue;
        if (shadowPass && (b.primitive->topology != scene::Topology::Triangles || b.blend)) continue;
        // Shadow cascades: skip casters outside this cascade's light-space box (its depth range spans the scene).
        if (shadowPass && !b.bounds.empty() && !aabbInFrustum(b.bounds, m_cascadeViewProj[viewIndex])) continue;
        key.topology = b.primitive->topology;
        key.blend = (key.pass == PassKind::Color || key.pass == PassKind::Transmission) && b.blend;
        auto pipeline = pipelines->get(key);
        if (!pipeline) {
            logError("gfx: %s", pipeline.error().message.c_str());
            continue;
        }
        if (*pipeline != bound) {
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, *pipeline);
            bound = *pipeline;
        }
        if (b.material->set != boundMaterial) {
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines->layout(), kSetMaterial, 1,
                                    &b.material->set, 0, nullptr);
            boundMaterial = b.material->set;
        }
        if (b.asset->geometrySet != boundGeometry) {
            vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines->layout(), kSetGeometry, 1,
                                    &b.asset->geometrySet, 0, nullptr);
            boundGeometry = b.asset->geometrySet;
        }
        // Section caps: a cut closed surface shows its back faces through the cut; they are drawn, flat (pbr.frag).
        // Blended and transmissive surfaces are not solids to cap.
        const bool capped = sectioned && !shadowPass && !b.doubleSided && !b.blend && !b.material->transmissive;
        int wantCull = (shadowPass || maskPass || capped || b.doubleSided) ? VK_CULL_MODE_NONE : VK_CULL_MODE_BACK_BIT;
        // The projection flips Y, which keeps glTF's counter-clockwise front faces counter-clockwise in Vulkan's
        // framebuffer convention; a mirroring world matrix (negative determinant) flips them.
        int wantFront = b.mirrored ? VK_FRONT_FACE_CLOCKWISE : VK_FRONT_FACE_COUNTER_CLOCKWISE;
        int wantDepthWrite = (!b.blend || forceDepthWrite) ? 1 : 0;
        if (wantCull != cull) vkCmdSetCullMode(cmd, VkCullModeFlags(wantCull)), cull = wantCull;
        if (wantFront != front) vkCmdSetFrontFace(cmd, VkFrontFace(wantFront)), front = wantFront;
        if (wantDepthWrite != depthWrite)
            vkCmdSetDepthWriteEnable(cmd, VkBool32(wantDepthWrite)), depthWrite = wantDepthWrite;

        VkBuffer buffers[kAttrCount];
        VkDeviceSize offsets[kAttrCount], strides[kAttrCount];
        for (uint32_t a = 0; a < kAttrCount; ++a) {
            bool present = (b.primitive->presentStreams >> a) & 1u;
            buffers[a] = present ? b.asset->vertices.buffer : defaultStreams.buffer;
            offsets[a] = present ? b.primitive->streamOffset[a] : defaultStreamOffset(a);
            strides[a] = present ? attributeStride(a) : 0;
        }
        vkCmdBindVertexBuffers2(cmd, 0, kAttrCount, buffers, offsets, nullptr, strides);
        vkCmdBindIndexBuffer(cmd, b.asset->indices.buffer, b.primitive->indexOffset, VK_INDEX_TYPE_UINT32);
        DrawPush push = b.push;
        if (capped) push.flags |= kDrawCapBackFaces;
        push.pass = shadowPass                           ? kPassShadow
                    : maskPass                           ? kPassHighlightMask
                    : key.pass == PassKind::Pick         ? kPassPick
                    : key.pass == PassKind::Transmission ? kPassTransmission
                                                         : kPassColor;
        push.viewIndex = viewIndex;
        vkCmdPushConstants(cmd, pipelines->layout(), VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                           sizeof(DrawPush), &push);
        vkCmdDrawIndexed(cmd, b.primitive->indexCount, b.instanceCount, 0, 0, b.firstInstance);
        ++drawCalls;
        if (triangles && b.primitive->topology == scene::Topology::Triangles)
            *triangles += uint64_t(b.primitive->indexCount / 3) * b.instanceCount;
    }
}

Expected<void> RendererImpl::recordShadows(VkCommandBuffer cmd, VkDescriptorSet frameSet, uint32_t& drawCalls) {
    const Image& map = shadows->image();
    transitionImage(cmd,
                    {map.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                     VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                     VK_ACCESS_2_SHADER_SAMPLED_READ_BIT,
                     VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                     VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT});
    PipelineKey key;
    key.pass = PassKind::Shadow;
    key.colorFormat = VK_FORMAT_UNDEFINED;
    key.depthFormat = VK_FORMAT_D32_SFLOAT;
    key.samples = VK_SAMPLE_COUNT_1_BIT;
    uint32_t size = shadows->size();
    for (uint32_t c = 0; c < kCascadeCount; ++c) {
        VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        depth.imageView = shadows->layerView(c);
        depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
        depth.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
        depth.clearValue.depthStencil = {1.0f, 0};
        VkRenderingInfo ri{VK_STRUCTURE_TYPE_RENDERING_INFO};
        ri.renderArea = {{0, 0}, {size, size}};
        ri.layerCount = 1;
        ri.pDepthAttachment = &depth;
        vkCmdBeginRendering(cmd, &ri);
        VkViewport vp{0.0f, 0.0f, float(size), float(size), 0.0f, 1.0f};
        VkRect2D scissor{{0, 0}, {size, size}};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &scissor);
        recordBatches(cmd, drawList.opaque, key, frameSet, c, true, drawCalls, nullptr);
        vkCmdEndRendering(cmd);
    }
    transitionImage(cmd, {map.image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                          VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
                          VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                          VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    return {};
}

Expected<void> RendererImpl::recordSky(VkCommandBuffer cmd, PipelineKey key, VkDescriptorSet frameSet) {
    const bool linear = key.pass == PassKind::Transmission;
    key.pass = PassKind::Sky;
    auto skyPipeline = pipelines->get(key);
    if (!skyPipeline) return skyPipeline.error();
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, *skyPipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines->layout(), kSetFrame, 1, &frameSet, 0,
                            nullptr);
    vkCmdSetCullMode(cmd, VK_CULL_MODE_NONE);
    vkCmdSetFrontFace(cmd, VK_FRONT_FACE_COUNTER_CLOCKWISE);
    vkCmdSetDepthWriteEnable(cmd, VK_FALSE);
    DrawPush push{};
    push.pass = linear ? kPassTransmission : kPassColor;
    vkCmdPushConstants(cmd, pipelines->layout(), VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof(push), &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    return {};
}

Expected<void> RendererImpl::recordTransmission(VkCommandBuffer cmd, SceneAttachments& att, const RenderTarget& target,
                                                VkDescriptorSet frameSet, bool drawSky, uint32_t& drawCalls) {
    const Image& tex = att.transmission();
    const bool msaa = att.samples() != VK_SAMPLE_COUNT_1_BIT;
    const VkPipelineStageFlags2 colorStage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    const VkAccessFlags2 colorAccess = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT;
    // The previous frame in flight may still sample the image (its transmissive draws) or blit its mips: wait for
    // that before overwriting; the old contents are not needed.
    const VkPipelineStageFlags2 previousUse =
        VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT;
    transitionImage(cmd, {tex.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                          VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, previousUse, 0, colorStage, colorAccess, 0, 1});
    if (msaa)
        transitionImage(cmd,
                        {att.transmissionMsaa().image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, colorStage, colorAccess, colorStage, colorAccess});

    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    color.imageView = msaa ? att.transmissionMsaa().view : att.transmissionMip0();
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
    // The Sample Renderer clears it to the clear colour (0,0,0,0) and draws the environment into it only where
    // the environment is shown as background (our default lighting's sky; not the neutral rig).
    color.clearValue.color = VkClearColorValue{{0.0f, 0.0f, 0.0f, 0.0f}};
    if (msaa) {
        color.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
        color.resolveImageView = att.transmissionMip0();
        color.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    }
    beginSceneRendering(cmd, color, att.depth().view, target.width, target.height);
    VkViewport vp{0.0f, 0.0f, float(target.width), float(target.height), 0.0f, 1.0f};
    VkRect2D scissor{{0, 0}, {target.width, target.height}};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
    PipelineKey key;
    key.pass = PassKind::Transmission;
    key.colorFormat = kTransmissionFormat;
    key.depthFormat = kDepthFormat;
    key.samples = att.samples();
    recordBatches(cmd, drawList.opaque, key, frameSet, 0, false, drawCalls, nullptr);
    if (drawSky) TV_TRY(recordSky(cmd, key, frameSet));
    recordBatches(cmd, drawList.blended, key, frameSet, 0, false, drawCalls, nullptr);
    vkCmdEndRendering(cmd);

    // Mip chain: mip 0 holds the resolved frame, the others are rebuilt from it by blits.
    transitionImage(cmd, {tex.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, colorStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                          VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_READ_BIT, 0, 1});
    if (tex.mipLevels > 1)
        transitionImage(cmd, {tex.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                              VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, previousUse, 0, VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                              VK_ACCESS_2_TRANSFER_WRITE_BIT, 1, VK_REMAINING_MIP_LEVELS});
    generateMips(cmd, tex, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                 VK_ACCESS_2_SHADER_SAMPLED_READ_BIT);
    return {};
}

Expected<uint64_t> RendererImpl::renderFrame(const FrameRequest& req) {
    FrameContext& fc = req.frame ? *req.frame : nextFrame();
    if (!req.frame) TV_TRY(fc.begin());
    // CPU time starts after the wait for the frame context, so it measures our work, not the GPU's.
    auto cpuStart = std::chrono::steady_clock::now();
    retire->collect(ctx->completedValue());

    const scene::FrameExtract& extract = *req.extract;
    // Stereo: the centre camera stands in for the camera wherever one view serves both eyes (culling fallback,
    // cascades, view depth, blend order); the eyes' own matrices go to FrameUniforms::views.
    const StereoFrame* stereo = req.stereo;
    const scene::ViewCamera& camera = stereo ? stereo->centre : *req.camera;
    const RenderTarget& target = req.target;
    TV_ASSERT(target.viewCount == (stereo ? 2u : 1u), "RenderTarget::viewCount must be 2 for stereo frames, else 1");
    TV_ASSERT(!stereo || req.pass == PassKind::Color, "stereo frames are colour frames");
    bool pickPass = req.pass == PassKind::Pick;
    float aspect = stereo ? stereo->centreAspect : float(target.width) / float(std::max(target.height, 1u));
    mat4 view = camera.view();
    mat4 proj = camera.projection(aspect);
    mat4 viewProj = proj * view;
    bool defaultMode = lighting == LightingMode::Default && !pickPass;
    bool useShadows = defaultMode && config.shadows;

    FrameStats frameStats;
    DrawListOptions options;
    options.viewProj = viewProj;
    std::array<mat4, 2> eyeViewProj{};
    if (stereo) {
        // Culling keeps what either eye sees.
        for (uint32_t i = 0; i < 2; ++i) eyeViewProj[i] = stereo->proj[i] * stereo->view[i];
        options.viewProj = eyeViewProj[0];
        options.secondViewProj = &eyeViewProj[1];
    }
    options.eye = camera.eye;
    options.cull = config.frustumCulling;
    options.instancing = config.instancing;
    options.keepCulled = useShadows;
    options.frame = frameCounter + 1; // the number this frame will have once counted
    if (!pickPass && !highlightSelected.empty()) options.selected = &highlightSelected;
    if (!pickPass && !highlightHovered.empty()) options.hovered = &highlightHovered;
    options.sectionPlanes = sectionPlanes;
    TV_TRY(buildDrawList(extract, *assets, options, drawList));
    // Transmissive surfaces need what lies behind them first (the pick pass just draws them like the rest).
    // Not in stereo yet: the transmission framebuffer and the outline would need per-view (layered) images.
    const bool transmissionPass = !pickPass && !stereo && !drawList.transmissive.empty();
    bool outlinePass = false;
    if (!stereo && (options.selected || options.hovered))
        for (const auto* list : {&drawList.opaque, &drawList.blended, &drawList.transmissive})
            for (const DrawBatch& b : *list) outlinePass = outlinePass || (b.highlighted && b.visible);

    EnvironmentMaps env = environment->neutral();
    if (defaultMode) {
        auto sky = environment->sky(kSunDirection);
        if (!sky) return sky.error();
        env = *sky;
    }

    // ---- Frame uniforms ----
    FrameUniforms fu{};
    fu.view = view;
    fu.proj = proj;
    fu.viewProj = viewProj;
    fu.invViewProj = glm::inverse(viewProj);
    fu.cameraPos = vec4(camera.eye, camera.orthographic ? 1.0f : 0.0f);
    fu.cameraForward = vec4(camera.forward(), 0.0f);
    fu.env = vec4(1.0f, float(env.prefilteredMips), float(defaultMode ? kLightingDefault : kLightingNeutral),
                  useShadows ? 1.0f : 0.0f);
    fu.sun = vec4(kSunDirection, kSunAngularRadius);
    fu.transmission = vec4(std::log2(float(std::max(target.width, 1u)) / kTransmissionReferenceSize),
                           transmissionPass ? 1.0f : 0.0f, 0.0f, 0.0f);
    uint32_t lightCount = 0;
    if (defaultMode) {
        fu.lights[lightCount++] = directional(kSunDirection, kSunIntensity, useShadows);
    } else {
        fu.lights[lightCount++] = directional(kKeyDirection, 3.0f, false);
        fu.lights[lightCount++] = directional(kFillDirection, 1.0f, false);
    }
    for (const scene::LightInstance& li : extract.lights) {
        if (lightCount >= kMaxLights) {
            logWarn("gfx: more than %u lights; the rest are ignored", kMaxLights);
            break;
        }
        fu.lights[lightCount++] = fromExtract(li);
    }
    fu.counts = uvec4(lightCount, uint32_t(sectionPlanes.size()), outlineStyle.radiusPixels, 0);
    for (size_t i = 0; i < sectionPlanes.size() && i < kMaxClipPlanes; ++i) fu.clipPlanes[i] = sectionPlanes[i];
    fu.capColor = vec4(sectionCapColor, 1.0f);
    fu.outlineSelected = outlineStyle.selectedColor;
    fu.outlineHovered = outlineStyle.hoveredColor;
    for (uint32_t i = 0; i < kMaxViews; ++i) {
        if (stereo) {
            fu.views[i].viewProj = eyeViewProj[i];
            fu.views[i].invViewProj = glm::inverse(eyeViewProj[i]);
            fu.views[i].cameraPos = vec4(stereo->eye[i], 0.0f);
        } else {
            fu.views[i].viewProj = fu.viewProj;
            fu.views[i].invViewProj = fu.invViewProj;
            fu.views[i].cameraPos = fu.cameraPos;
        }
    }
    if (useShadows) {
        CascadeSetup cascades = computeCascades(camera, aspect, extract.bounds, kSunDirection, shadows->size());
        for (uint32_t c = 0; c < kCascadeCount; ++c)
            fu.cascadeViewProj[c] = m_cascadeViewProj[c] = cascades.viewProj[c];
        fu.cascadeSplits = cascades.splits;
        fu.cascadeTexel = cascades.texelWorld;
        fu.shadowParams = vec4(1.0f / float(shadows->size()), 0.0f, 0.0f, 0.0f);
    }

    // ---- Upload ring ----
    const auto& limits = ctx->properties().limits;
    VkDeviceSize align =
        std::max<VkDeviceSize>({limits.minUniformBufferOffsetAlignment, limits.minStorageBufferOffsetAlignment, 16});
    VkDeviceSize instBytes = std::max<VkDeviceSize>(drawList.instances.size() * sizeof(InstanceData), 64);
    VkDeviceSize jointBytes = std::max<VkDeviceSize>(extract.jointMatrices.size() * sizeof(mat4), 64);
    VkDeviceSize weightBytes = std::max<VkDeviceSize>(extract.morphWeights.size() * sizeof(float), 64);
    TV_TRY(fc.reserve(alignUp(sizeof(FrameUniforms), align) + alignUp(instBytes, align) + alignUp(jointBytes, align) +
                      alignUp(weightBytes, align) + align));
    ArenaSlice uniformSlice = fc.allocate(sizeof(FrameUniforms), align);
    std::memcpy(uniformSlice.data, &fu, sizeof(fu));
    ArenaSlice instSlice = fc.allocate(instBytes, align);
    if (!drawList.instances.empty())
        std::memcpy(instSlice.data, drawList.instances.data(), drawList.instances.size() * sizeof(InstanceData));
    ArenaSlice jointSlice = fc.allocate(jointBytes, align);
    if (!extract.jointMatrices.empty())
        std::memcpy(jointSlice.data, extract.jointMatrices.data(), extract.jointMatrices.size() * sizeof(mat4));
    ArenaSlice weightSlice = fc.allocate(weightBytes, align);
    if (!extract.morphWeights.empty())
        std::memcpy(weightSlice.data, extract.morphWeights.data(), extract.morphWeights.size() * sizeof(float));

    SceneAttachments& att = *req.attachments;
    TV_TRY(att.ensure(target.width, target.height, target.format, pickPass ? VK_SAMPLE_COUNT_1_BIT : samples,
                      target.viewCount));
    if (transmissionPass) TV_TRY(att.ensureTransmission());
    if (outlinePass) TV_TRY(att.ensureHighlightMask());

    // Two frame sets when there is a transmission pass: it renders into the transmission framebuffer, so its set
    // names a placeholder there (a bound descriptor must match its image's layout even if the shader skips it).
    // The outline pass gets a third one naming the highlight mask, which every other set leaves as a placeholder.
    VkDescriptorSet frameSet = VK_NULL_HANDLE, transmissionFrameSet = VK_NULL_HANDLE, outlineFrameSet = VK_NULL_HANDLE;
    auto linear = samplers->linearClamp();
    if (!linear) return linear.error();
    auto writeFrameSet = [&](VkImageView transmissionView,
                             VkImageView maskView = VK_NULL_HANDLE) -> Expected<VkDescriptorSet> {
        auto set = fc.allocateSet(pipelines->frameLayout());
        if (!set) return set.error();
        auto compare = samplers->shadowCompare();
        if (!compare) return compare.error();
        VkDescriptorBufferInfo bufs[4] = {{uniformSlice.buffer, uniformSlice.offset, uniformSlice.size},
                                          {instSlice.buffer, instSlice.offset, instSlice.size},
                                          {jointSlice.buffer, jointSlice.offset, jointSlice.size},
                                          {weightSlice.buffer, weightSlice.offset, weightSlice.size}};
        const VkImageLayout ro = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL;
        VkDescriptorImageInfo imgs[7] = {{*linear, environment->brdfLut().view, ro},
                                         {*linear, env.irradiance->view, ro},
                                         {*linear, env.prefiltered->view, ro},
                                         {*compare, shadows->image().view, ro},
                                         {*linear, env.sky->view, ro},
                                         {*linear, transmissionView, ro},
                                         {*linear, maskView ? maskView : defaults.whiteLinear.view, ro}};
        VkWriteDescriptorSet writes[kFrameBindingCount];
        for (uint32_t b = 0; b < kFrameBindingCount; ++b) {
            writes[b] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
            writes[b].dstSet = *set;
            writes[b].dstBinding = b;
            writes[b].descriptorCount = 1;
            if (b < 4) {
                writes[b].descriptorType =
                    b == kBindingFrame ? VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER : VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
                writes[b].pBufferInfo = &bufs[b];
            } else {
                writes[b].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER;
                writes[b].pImageInfo = &imgs[b - 4];
            }
        }
        vkUpdateDescriptorSets(ctx->device(), kFrameBindingCount, writes, 0, nullptr);
        return *set;
    };
    {
        auto set = writeFrameSet(transmissionPass ? att.transmission().view : defaults.whiteLinear.view);
        if (!set) return set.error();
        frameSet = *set;
    }
    if (transmissionPass) {
        auto set = writeFrameSet(defaults.whiteLinear.view);
        if (!set) return set.error();
        transmissionFrameSet = *set;
    }
    if (outlinePass) {
        auto set = writeFrameSet(defaults.whiteLinear.view, att.highlightMask().view);
        if (!set) return set.error();
        outlineFrameSet = *set;
    }

    // ---- Record ----
    VkCommandBuffer cmd = fc.cmd();
    fc.resetQueries();
    fc.writeTimestamp(VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT, 0);
    if (useShadows) TV_TRY(recordShadows(cmd, frameSet, frameStats.shadowDrawCalls));

    bool msaa = att.samples() != VK_SAMPLE_COUNT_1_BIT;
    const VkPipelineStageFlags2 colorStage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    const VkAccessFlags2 colorAccess = VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT;
    const VkPipelineStageFlags2 depthStage =
        VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
    const VkAccessFlags2 depthAccess =
        VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT;
    // The target: whatever came before it (a readback copy, the presentation engine) must finish first.
    transitionImage(cmd, {target.image, VK_IMAGE_ASPECT_COLOR_BIT, target.layoutBefore,
                          VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                          VK_ACCESS_2_MEMORY_READ_BIT | VK_ACCESS_2_MEMORY_WRITE_BIT, colorStage, colorAccess, 0,
                          VK_REMAINING_MIP_LEVELS, target.baseLayer, target.viewCount});
    // Stereo depth output (XR depth layer): its old contents are not needed.
    const bool depthOut = stereo && stereo->depthImage;
    const VkPipelineStageFlags2 depthOutStage = depthStage | colorStage;
    const VkAccessFlags2 depthOutAccess = depthAccess | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT;
    if (depthOut)
        transitionImage(cmd, {stereo->depthImage, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                              VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                              VK_ACCESS_2_MEMORY_READ_BIT | VK_ACCESS_2_MEMORY_WRITE_BIT, depthOutStage, depthOutAccess,
                              0, VK_REMAINING_MIP_LEVELS, stereo->depthBaseLayer, 2});
    if (msaa)
        transitionImage(cmd,
                        {att.color().image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, colorStage, colorAccess, colorStage, colorAccess});
    transitionImage(cmd, {att.depth().image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                          VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, depthStage, depthAccess, depthStage, depthAccess});
    if (transmissionPass) {
        TV_TRY(recordTransmission(cmd, att, target, transmissionFrameSet, defaultMode, frameStats.drawCalls));
        // The colour pass clears the shared depth image again: order that after the transmission pass's use.
        transitionImage(cmd,
                        {att.depth().image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                         VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL, depthStage, depthAccess, depthStage, depthAccess});
    }

    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    color.imageView = msaa ? att.color().view : target.view;
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
    color.clearValue.color = VkClearColorValue{{0.0f, 0.0f, 0.0f, 0.0f}}; // uint 0 for the pick target: background
    if (stereo) color.clearValue.color.float32[3] = stereo->clearAlpha;
    if (msaa) {
        color.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
        color.resolveImageView = target.view;
        color.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    }
    DepthOutput depthTarget;
    if (depthOut && msaa) {
        depthTarget.resolveView = stereo->depthView;
        depthTarget.resolveMode = depthResolveMode;
    } else if (depthOut) {
        depthTarget.attachmentView = stereo->depthView;
    }
    // Mono: one pass, viewMask 0. Stereo: one multiview pass for both eyes, or one single-view multiview pass per
    // eye where the driver misrenders two views (StereoFrame::viewMasks; each pass clears and resolves its layer).
    const uint32_t passCount = stereo ? stereo->passCount : 1u;
    TV_ASSERT(passCount >= 1 && passCount <= 2, "a frame has one or two colour passes");
    for (uint32_t pass = 0; pass < passCount; ++pass) {
        const uint32_t viewMask = stereo ? stereo->viewMasks[pass] : 0u;
        beginSceneRendering(cmd, color, att.depth().view, target.width, target.height, viewMask, depthTarget);
        VkViewport vp{0.0f, 0.0f, float(target.width), float(target.height), 0.0f, 1.0f};
        VkRect2D scissor{{0, 0}, {target.width, target.height}};
        vkCmdSetViewport(cmd, 0, 1, &vp);
        vkCmdSetScissor(cmd, 0, 1, &scissor);

        PipelineKey key;
        key.pass = req.pass;
        key.colorFormat = target.format;
        key.depthFormat = kDepthFormat;
        key.samples = att.samples();
        key.viewMask = viewMask;
        recordBatches(cmd, drawList.opaque, key, frameSet, 0, false, frameStats.drawCalls, &frameStats.triangles);
        if (defaultMode && (!stereo || stereo->drawSky)) TV_TRY(recordSky(cmd, key, frameSet));
        // Transmissive surfaces after the sky (the Sample Renderer's order: opaque, transmissive, transparent);
        // blended transmissive materials blend, the others write depth. Pick pass: blended surfaces are pickable
        // like opaque ones (they write depth there).
        recordBatches(cmd, drawList.transmissive, key, frameSet, 0, pickPass, frameStats.drawCalls,
                      &frameStats.triangles);
        recordBatches(cmd, drawList.blended, key, frameSet, 0, pickPass, frameStats.drawCalls, &frameStats.triangles);
        vkCmdEndRendering(cmd);
    }
    if (outlinePass) TV_TRY(recordOutline(cmd, att, target, viewProj, outlineFrameSet, frameStats.drawCalls));

    transitionImage(cmd, {target.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          target.layoutAfter, colorStage, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, target.nextStage,
                          target.nextAccess, 0, VK_REMAINING_MIP_LEVELS, target.baseLayer, target.viewCount});
    if (depthOut)
        transitionImage(cmd,
                        {stereo->depthImage, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL,
                         stereo->depthLayoutAfter, depthOutStage, depthOutAccess, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT,
                         VK_ACCESS_2_MEMORY_READ_BIT | VK_ACCESS_2_MEMORY_WRITE_BIT, 0, VK_REMAINING_MIP_LEVELS,
                         stereo->depthBaseLayer, 2});
    if (req.afterPass) req.afterPass(cmd);
    fc.writeTimestamp(VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, 1);
    TV_VK_TRY(vkEndCommandBuffer(cmd));
    uint64_t value = ctx->submit(cmd, req.waits, req.signals);
    fc.setSubmitted(value);
    lastFrame = &fc;

    if (!pickPass) {
        ++frameCounter;
        assets->releaseUnused(frameCounter, config.releaseAfterFrames);
        frameStats.visibleDraws = drawList.visibleDraws;
        frameStats.culledDraws = drawList.culledDraws;
        frameStats.instances = uint32_t(drawList.instances.size());
        frameStats.gpuMs = fc.lastGpuMs() >= 0.0 ? fc.lastGpuMs() : stats.gpuMs;
        frameStats.cpuMs =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cpuStart).count();
        stats = frameStats;
    }
    return value;
}

} // namespace tv::gfx
