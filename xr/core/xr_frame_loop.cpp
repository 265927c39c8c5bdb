// XrSessionHost's frame loop: xrWaitFrame + xrBeginFrame, then (late) view location, swapchain images, the app's
// render callback and xrEndFrame with the projection layer (+ depth info) and the app's extra layers.
#include "xr/core/xr_session_host.h"

#include "xr/core/xr_result.h"
#include "xr/core/xr_runtime.h"

#include "core/assert.h"
#include "core/log.h"

#include <chrono>
#include <cmath>

namespace tv::xr {

namespace {
using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point start, Clock::time_point end) {
    return std::chrono::duration<double, std::milli>(end - start).count();
}
} // namespace

Expected<XrFrameTiming> XrSessionHost::beginFrame() {
    TV_ASSERT(!m_frameOpen, "XrSessionHost::beginFrame twice without endFrame");
    if (!m_life.running)
        return makeError(ErrorCode::InvalidArgument, "XrSessionHost::beginFrame: the session is not running");
    XrFrameState state{XR_TYPE_FRAME_STATE};
    // Blocks until the runtime wants the next frame: this is what paces the app at the display rate.
    if (XrResult r = xrWaitFrame(m_session, nullptr, &state); XR_FAILED(r)) return frameCallFailed("xrWaitFrame", r);
    // XR_FRAME_DISCARDED (a success code) only says a previous begun frame was dropped: go on with this one.
    if (XrResult r = xrBeginFrame(m_session, nullptr); XR_FAILED(r)) return frameCallFailed("xrBeginFrame", r);
    m_frameOpen = true;
    m_openTiming =
        XrFrameTiming{state.predictedDisplayTime, state.predictedDisplayPeriod, state.shouldRender == XR_TRUE};
    return m_openTiming;
}

Expected<std::optional<std::array<XrView, 2>>> XrSessionHost::locateViews(XrTime time) {
    XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
    locate.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    locate.displayTime = time;
    locate.space = m_referenceSpace;
    XrViewState viewState{XR_TYPE_VIEW_STATE};
    std::array<XrView, 2> views{XrView{XR_TYPE_VIEW}, XrView{XR_TYPE_VIEW}};
    uint32_t count = 0;
    if (XrResult r = xrLocateViews(m_session, &locate, &viewState, 2, &count, views.data()); XR_FAILED(r))
        return frameCallFailed("xrLocateViews", r);
    const XrViewStateFlags valid = XR_VIEW_STATE_ORIENTATION_VALID_BIT | XR_VIEW_STATE_POSITION_VALID_BIT;
    if (count != 2 || (viewState.viewStateFlags & valid) != valid) return std::optional<std::array<XrView, 2>>{};
    return std::optional<std::array<XrView, 2>>{views};
}

Expected<bool> XrSessionHost::renderViews(const std::array<XrView, 2>& views, const RenderFn& render,
                                          std::array<XrCompositionLayerProjectionView, 2>& projectionViews,
                                          std::array<XrCompositionLayerDepthInfoKHR, 2>& depthInfo) {
    auto color = m_color->acquire();
    if (!color) return color.error();
    gfx::ExternalStereoTarget target;
    target.color = *color;
    target.colorFormat = m_info.colorFormat;
    target.width = m_info.width;
    target.height = m_info.height;
    target.baseLayer = 0;
    if (m_depth) {
        auto depth = m_depth->acquire();
        if (!depth) {
            (void)m_color->release();
            return depth.error();
        }
        target.depth = *depth;
    }
    const auto start = Clock::now();
    Expected<DepthRange> range = render(target, views);
    m_stats.lastRenderMs = msSince(start, Clock::now());
    // Release after the render was submitted (or failed): the runtime orders its reads on our queue.
    Expected<void> released = m_color->release();
    if (m_depth) {
        auto depthReleased = m_depth->release();
        if (released && !depthReleased) released = depthReleased;
    }
    if (!range) return range.error();
    if (!released) return released.error();

    const XrRect2Di rect{{0, 0}, {int32_t(m_info.width), int32_t(m_info.height)}};
    for (uint32_t eye = 0; eye < 2; ++eye) {
        XrCompositionLayerProjectionView& v = projectionViews[eye];
        v = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
        v.pose = views[eye].pose; // the pose the image was rendered with, so the compositor can reproject
        v.fov = views[eye].fov;
        v.subImage = {m_color->handle(), rect, eye};
        if (!m_depth) continue;
        TV_ASSERT(range->nearZ > 0.0f && range->farZ > range->nearZ, "RenderFn returned an invalid DepthRange");
        // Reversed-Z (gfx::ExternalStereoTarget): depth 0 lies at zfar and 1 at znear. nearZ names the distance at
        // minDepth, so nearZ = zfar (possibly +infinity) and farZ = znear.
        XrCompositionLayerDepthInfoKHR& d = depthInfo[eye];
        d = {XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR};
        d.subImage = {m_depth->handle(), rect, eye};
        d.minDepth = 0.0f;
        d.maxDepth = 1.0f;
        d.nearZ = range->farZ;
        d.farZ = range->nearZ;
        v.next = &d;
    }
    return m_depth != nullptr;
}

Expected<void> XrSessionHost::endFrame(const XrFrameTiming& timing, const RenderFn& render,
                                       std::span<const XrCompositionLayerBaseHeader* const> extraLayers) {
    TV_ASSERT(m_frameOpen, "XrSessionHost::endFrame without beginFrame");
    m_frameOpen = false;
    XrCompositionLayerProjection projection{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    std::array<XrCompositionLayerProjectionView, 2> projectionViews{};
    std::array<XrCompositionLayerDepthInfoKHR, 2> depthInfo{};
    std::vector<const XrCompositionLayerBaseHeader*> layers;
    Expected<void> outcome; // the first failure of this frame; the frame is still ended
    bool depthSubmitted = false;
    const auto start = Clock::now();
    if (timing.shouldRender && render) {
        auto located = locateViews(timing.predictedDisplayTime);
        if (!located) {
            outcome = located.error();
        } else if (!*located) {
            m_stats.invalidPoseFrames += 1; // tracking lost: show nothing rather than a wrongly placed world
        } else if (auto drawn = renderViews(**located, render, projectionViews, depthInfo); !drawn) {
            outcome = drawn.error();
        } else {
            depthSubmitted = *drawn;
            projection.space = m_referenceSpace;
            projection.viewCount = 2;
            projection.views = projectionViews.data();
            // AR passthrough: the renderer's straight (not premultiplied) alpha says where the world shows through.
            if (m_info.blend == BlendMode::AlphaBlend)
                projection.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT |
                                        XR_COMPOSITION_LAYER_UNPREMULTIPLIED_ALPHA_BIT;
            layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(&projection));
            const size_t room = std::max<size_t>(m_runtime.systemInfo().maxLayerCount, 1) - 1;
            if (extraLayers.size() > room)
                logWarn("xr: %zu extra layers but the runtime takes %zu more; the rest are dropped", extraLayers.size(),
                        room);
            for (size_t i = 0; i < extraLayers.size() && i < room; ++i) layers.push_back(extraLayers[i]);
        }
    }
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = timing.predictedDisplayTime;
    end.environmentBlendMode = toXr(m_info.blend);
    end.layerCount = uint32_t(layers.size());
    end.layers = layers.empty() ? nullptr : layers.data();
    const XrResult r = xrEndFrame(m_session, &end);
    const auto submitted = Clock::now();
    if (XR_FAILED(r)) {
        Error e = frameCallFailed("xrEndFrame", r);
        return outcome ? Expected<void>(e) : outcome;
    }
    m_stats.frames += 1;
    if (layers.empty()) {
        m_stats.framesWithoutLayers += 1;
    } else {
        m_stats.framesRendered += 1;
        m_stats.lastPoseToSubmitMs = msSince(start, submitted);
        if (depthSubmitted) m_stats.depthFramesSubmitted += 1;
    }
    return outcome;
}

} // namespace tv::xr
