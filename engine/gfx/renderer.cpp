// Renderer lifetime and the public entry points (offscreen rendering, picking, settings).
#include "gfx/renderer.h"

#include "gfx/mesh_upload.h"
#include "gfx/renderer_impl.h"
#include "gfx/vk_barriers.h"
#include "gfx/vk_check.h"
#include "gfx/window_target.h"

#include "core/assert.h"
#include "core/log.h"

#include <algorithm>
#include <cstring>

namespace tv::gfx {

// ---- RendererImpl lifetime ---------------------------------------------------------------------------------------

Expected<void> RendererImpl::init() {
    ContextConfig cc;
    cc.validation = config.validation;
    cc.presentation = config.presentation;
    cc.instanceExtensions = config.instanceExtensions;
    cc.provider = config.deviceProvider;
    auto context = VulkanContext::create(cc);
    if (!context) return context.error();
    ctx = std::move(*context);
    allocator = std::make_unique<GpuAllocator>(ctx->physicalDevice(), ctx->device());
    retire = std::make_unique<RetireList>(ctx->device(), *allocator);
    gpu = std::make_unique<GpuCore>(GpuCore{*ctx, *allocator, *retire});
    uploader = std::make_unique<Uploader>(*gpu);
    auto p = Pipelines::create(*ctx);
    if (!p) return p.error();
    pipelines = std::move(*p);
    samplers = std::make_unique<SamplerCache>(*gpu);
    samples = ctx->clampSamples(config.msaaSamples);

    // Default textures, the constant vertex streams and the shadow map's initial layout in one batch.
    TV_TRY(uploader->begin());
    auto d = createDefaultTextures(*gpu, *uploader);
    if (!d) {
        (void)uploader->submitAndWait();
        return d.error();
    }
    defaults = *d;
    auto streams = createBuffer(*gpu, shader::kAttrCount * 16,
                                VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                MemoryUsage::DeviceLocal, "default vertex streams");
    if (!streams) {
        (void)uploader->submitAndWait();
        return streams.error();
    }
    defaultStreams = *streams;
    std::vector<uint8_t> bytes = defaultStreamBytes();
    auto up = uploader->uploadBuffer(defaultStreams, 0, bytes.data(), bytes.size());
    shadows = std::make_unique<ShadowMaps>(*gpu);
    auto sm = shadows->init(config.shadowMapSize);
    if (sm) {
        // The map is bound in every frame's set even when unused, so it must always be in a readable layout.
        VkCommandBuffer cmd = uploader->commandBuffer();
        transitionImage(cmd, {shadows->image().image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
                              VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_2_NONE, 0,
                              VK_PIPELINE_STAGE_2_CLEAR_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT});
        VkClearDepthStencilValue one{1.0f, 0};
        VkImageSubresourceRange range{VK_IMAGE_ASPECT_DEPTH_BIT, 0, 1, 0, 4};
        vkCmdClearDepthStencilImage(cmd, shadows->image().image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &one, 1, &range);
        transitionImage(cmd, {shadows->image().image, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                              VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_CLEAR_BIT,
                              VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                              VK_ACCESS_2_SHADER_SAMPLED_READ_BIT});
    }
    TV_TRY(uploader->submitAndWait());
    if (!up) return up.error();
    if (!sm) return sm.error();

    auto env = Environment::create(*gpu, *uploader, *pipelines, kNeutralEnvRadiance);
    if (!env) return env.error();
    environment = std::move(*env);
    assets = std::make_unique<AssetCache>(*gpu, *uploader, *pipelines, *samplers, defaults);
    for (uint32_t i = 0; i < kFramesInFlight; ++i) {
        frames[i] = std::make_unique<FrameContext>(*gpu, i);
        TV_TRY(frames[i]->init());
    }
    offscreenAttachments = std::make_unique<SceneAttachments>(*gpu);
    stereoAttachments = std::make_unique<SceneAttachments>(*gpu);
    // External stereo depth (XR): the nearest of the MSAA samples under reversed-Z is the largest value.
    VkPhysicalDeviceDepthStencilResolveProperties resolveProps{
        VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DEPTH_STENCIL_RESOLVE_PROPERTIES};
    VkPhysicalDeviceProperties2 props2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2};
    props2.pNext = &resolveProps;
    vkGetPhysicalDeviceProperties2(ctx->physicalDevice(), &props2);
    if (resolveProps.supportedDepthResolveModes & VK_RESOLVE_MODE_MAX_BIT) depthResolveMode = VK_RESOLVE_MODE_MAX_BIT;
    pickAttachments = std::make_unique<SceneAttachments>(*gpu);
    // Default lighting: build the sky environment now rather than as a hitch on the first frame.
    if (lighting == LightingMode::Default) {
        auto sky = environment->sky(kSunDirection);
        if (!sky) return sky.error();
    }
    return {};
}

RendererImpl::~RendererImpl() {
    TV_ASSERT(liveWindowTargets == 0, "destroy every WindowTarget before its Renderer");
    if (!ctx) return;
    // Shutdown: wait idle, hand everything to the retire list in reverse order of creation, flush, check counters.
    ctx->waitIdle();
    uint64_t value = ctx->lastSubmitted();
    if (retire) {
        pickAttachments.reset();
        stereoAttachments.reset();
        offscreenAttachments.reset();
        retire->retire(value, stereoColor);
        retire->retire(value, stereoReadback);
        retire->retire(value, pickImage);
        retire->retire(value, pickReadback);
        retire->retire(value, offscreenColor);
        retire->retire(value, offscreenReadback);
        for (auto& f : frames) f.reset();
        if (assets) assets->releaseAll();
        assets.reset();
        environment.reset();
        shadows.reset();
        retire->retire(value, defaultStreams);
        retire->retire(value, defaults.whiteSrgb);
        retire->retire(value, defaults.whiteLinear);
        retire->flush();
    }
    samplers.reset();
    pipelines.reset();
    uploader.reset();
    retire.reset();
    if (allocator && allocator->liveAllocations() != 0)
        logError("gfx: %zu GPU memory allocations still live at shutdown", allocator->liveAllocations());
    allocator.reset();
    ctx.reset();
}

// Renders `req` (its target left in TRANSFER_SRC_OPTIMAL), copies the region at `offset`/`extent` of the target into
// the host-visible `readback` buffer and waits until it is there (headless frames and picking are synchronous).
static Expected<void> renderAndReadBack(RendererImpl& r, FrameRequest& req, VkBuffer readback, VkOffset3D offset,
                                        VkExtent3D extent) {
    VkImage image = req.target.image;
    req.afterPass = [&](VkCommandBuffer cmd) {
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.imageOffset = offset;
        region.imageExtent = extent;
        vkCmdCopyImageToBuffer(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, readback, 1, &region);
        memoryBarrier(cmd, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                      VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
    };
    auto value = r.renderFrame(req);
    if (!value) return value.error();
    r.ctx->waitFor(*value);
    return {};
}

Expected<void> ensureReadbackTarget(GpuCore& gpu, Image& image, Buffer& readback, uint32_t width, uint32_t height,
                                    VkFormat format, const char* name) {
    if (image && image.width == width && image.height == height && image.format == format) return {};
    uint64_t value = gpu.ctx.lastSubmitted();
    gpu.retire.retire(value, image);
    gpu.retire.retire(value, readback);
    image = Image{};
    readback = Buffer{};
    ImageDesc desc;
    desc.format = format;
    desc.width = width;
    desc.height = height;
    desc.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    auto img = createImage(gpu, desc, tv::format("%s %ux%u", name, width, height));
    if (!img) return img.error();
    image = *img;
    auto buf = createBuffer(gpu, VkDeviceSize(width) * height * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                            MemoryUsage::Readback, tv::format("%s readback", name));
    if (!buf) return buf.error();
    readback = *buf;
    return {};
}

// ---- Renderer ----------------------------------------------------------------------------------------------------

Renderer::Renderer(std::unique_ptr<RendererImpl> impl) : m_impl(std::move(impl)) {}
Renderer::~Renderer() = default;

Expected<std::unique_ptr<Renderer>> Renderer::create(const RendererConfig& config) {
    auto impl = std::make_unique<RendererImpl>(config);
    auto r = impl->init();
    if (!r) return r.error();
    return std::unique_ptr<Renderer>(new Renderer(std::move(impl)));
}

std::string Renderer::deviceName() const { return m_impl->ctx->deviceName(); }
Renderer::VulkanHandles Renderer::vulkanHandles() const {
    const auto& c = *m_impl->ctx;
    return {c.instance(), c.physicalDevice(), c.device(), c.queue(), c.queueFamily()};
}
void Renderer::setHighlight(const HighlightSet& highlight) {
    m_impl->highlightSelected = {highlight.selected.begin(), highlight.selected.end()};
    m_impl->highlightHovered = {highlight.hovered.begin(), highlight.hovered.end()};
}
void Renderer::setOutlineStyle(const OutlineStyle& style) {
    m_impl->outlineStyle = style;
    m_impl->outlineStyle.radiusPixels = std::clamp(style.radiusPixels, 1u, 8u);
}
Expected<void> Renderer::setSectionPlanes(std::span<const vec4> planes) {
    if (planes.size() > shader::kMaxClipPlanes)
        return makeError(ErrorCode::InvalidArgument, format("%zu section planes; the renderer takes at most %u",
                                                            planes.size(), shader::kMaxClipPlanes));
    m_impl->sectionPlanes.assign(planes.begin(), planes.end());
    return {};
}
void Renderer::setSectionCapColor(const vec3& displayColor) { m_impl->sectionCapColor = displayColor; }
const FrameStats& Renderer::lastFrameStats() const { return m_impl->stats; }
uint32_t Renderer::validationMessageCount() const { return m_impl->ctx->validationMessageCount(); }
void Renderer::setLighting(LightingMode mode) { m_impl->lighting = mode; }
LightingMode Renderer::lighting() const { return m_impl->lighting; }
void Renderer::waitIdle() { m_impl->ctx->waitIdle(); }
size_t Renderer::residentAssetCount() const { return m_impl->assets->residentCount(); }
bool Renderer::isAssetResident(uint64_t assetId) const { return m_impl->assets->isResident(assetId); }
size_t Renderer::pendingRetireCount() const { return m_impl->retire->pending(); }
size_t Renderer::liveAllocationCount() const { return m_impl->allocator->liveAllocations(); }
uint64_t Renderer::gpuMemoryBytes() const { return m_impl->allocator->bytesInBlocks(); }
size_t Renderer::releaseUnusedAssets(uint64_t frames) {
    return m_impl->assets->releaseUnused(m_impl->frameCounter, frames);
}

Expected<image::Rgba8Image> Renderer::renderToImage(const scene::FrameExtract& extract, const scene::ViewCamera& camera,
                                                    uint32_t width, uint32_t height) {
    if (width == 0 || height == 0 || width > 16384 || height > 16384)
        return makeError(ErrorCode::InvalidArgument, format("image size %ux%u is out of range", width, height));
    RendererImpl& r = *m_impl;
    // The previous offscreen frame must be done before its image is reused (renderToImage is synchronous, so it is).
    TV_TRY(ensureReadbackTarget(*r.gpu, r.offscreenColor, r.offscreenReadback, width, height, VK_FORMAT_R8G8B8A8_UNORM,
                                "offscreen colour"));
    FrameRequest req;
    req.extract = &extract;
    req.camera = &camera;
    req.target.image = r.offscreenColor.image;
    req.target.view = r.offscreenColor.view;
    req.target.format = r.offscreenColor.format;
    req.target.width = width;
    req.target.height = height;
    req.target.layoutBefore = VK_IMAGE_LAYOUT_UNDEFINED;
    req.target.layoutAfter = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
    req.attachments = r.offscreenAttachments.get();
    req.pass = PassKind::Color;
    TV_TRY(renderAndReadBack(r, req, r.offscreenReadback.buffer, {0, 0, 0}, {width, height, 1}));
    // The frame context is now idle: read its timestamps so gpuMs describes this very frame.
    r.lastFrame->collectTimestamps();
    if (r.lastFrame->lastGpuMs() >= 0.0) r.stats.gpuMs = r.lastFrame->lastGpuMs();
    image::Rgba8Image out;
    out.width = width;
    out.height = height;
    out.pixels.resize(size_t(width) * height * 4);
    std::memcpy(out.pixels.data(), r.offscreenReadback.mapped(), out.pixels.size());
    return out;
}

Expected<scene::NodeHandle> Renderer::pick(const scene::FrameExtract& extract, const scene::ViewCamera& camera,
                                           uint32_t width, uint32_t height, uint32_t x, uint32_t y) {
    if (width == 0 || height == 0 || x >= width || y >= height)
        return makeError(ErrorCode::InvalidArgument,
                         format("pick pixel (%u,%u) is outside the %ux%u view", x, y, width, height));
    RendererImpl& r = *m_impl;
    TV_TRY(ensureReadbackTarget(*r.gpu, r.pickImage, r.pickReadback, width, height, VK_FORMAT_R32_UINT, "pick ids"));
    FrameRequest req;
    req.extract = &extract;
    req.camera = &camera;
    req.target.image = r.pickImage.image;
    req.target.view = r.pickImage.view;
    req.target.format = VK_FORMAT_R32_UINT;
    req.target.width = width;
    req.target.height = height;
    req.attachments = r.pickAttachments.get();
    req.pass = PassKind::Pick;
    // One pixel is all we need.
    TV_TRY(renderAndReadBack(r, req, r.pickReadback.buffer, {int32_t(x), int32_t(y), 0}, {1, 1, 1}));
    uint32_t id = 0;
    std::memcpy(&id, r.pickReadback.mapped(), sizeof(id));
    if (id == 0 || id > r.drawList.pickNodes.size()) return scene::NodeHandle{};
    return r.drawList.pickNodes[id - 1];
}

} // namespace tv::gfx
