// Sessions of the simulated runtime: creation on the app's Vulkan device, the session state machine (driven by
// xrBeginSession, the first submitted frame, the script's session events and exit requests) and the frame loop
// (xrWaitFrame / xrBeginFrame / xrEndFrame with the projection and quad layers validated and optionally captured).
#include "runtime.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace tv::xrsim {
namespace {

int level(XrSessionState state) {
    switch (state) {
    case XR_SESSION_STATE_READY: return 0;
    case XR_SESSION_STATE_SYNCHRONIZED: return 1;
    case XR_SESSION_STATE_VISIBLE: return 2;
    case XR_SESSION_STATE_FOCUSED: return 3;
    default: return -1;
    }
}

constexpr XrSessionState kByLevel[] = {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
                                       XR_SESSION_STATE_FOCUSED};

void queueState(Instance& instance, Session& session, XrSessionState state) {
    XrEventDataSessionStateChanged event{XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED};
    event.session = toHandle<XrSession>(session.handle);
    event.state = state;
    event.time = sessionNow(session);
    pushEvent(instance, event);
    session.state = state;
}

bool activeWindow(const SessionEvent& e, double t) { return t >= e.t && (e.duration <= 0.0 || t < e.t + e.duration); }

double steadySeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool loadVulkan(Session& s, PFN_vkGetInstanceProcAddr gipa) {
    VkFns& f = s.vk;
    f.getDeviceProcAddr = reinterpret_cast<PFN_vkGetDeviceProcAddr>(gipa(s.vkInstance, "vkGetDeviceProcAddr"));
    f.getMemoryProperties = reinterpret_cast<PFN_vkGetPhysicalDeviceMemoryProperties>(
        gipa(s.vkInstance, "vkGetPhysicalDeviceMemoryProperties"));
    if (!f.getDeviceProcAddr || !f.getMemoryProperties) return false;
    bool ok = true;
    auto load = [&](auto& fn, const char* name) {
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(f.getDeviceProcAddr(s.device, name));
        ok = ok && fn != nullptr;
    };
    load(f.getDeviceQueue, "vkGetDeviceQueue");
    load(f.createImage, "vkCreateImage");
    load(f.destroyImage, "vkDestroyImage");
    load(f.imageRequirements, "vkGetImageMemoryRequirements");
    load(f.bindImageMemory, "vkBindImageMemory");
    load(f.createBuffer, "vkCreateBuffer");
    load(f.destroyBuffer, "vkDestroyBuffer");
    load(f.bufferRequirements, "vkGetBufferMemoryRequirements");
    load(f.bindBufferMemory, "vkBindBufferMemory");
    load(f.allocateMemory, "vkAllocateMemory");
    load(f.freeMemory, "vkFreeMemory");
    load(f.mapMemory, "vkMapMemory");
    load(f.unmapMemory, "vkUnmapMemory");
    load(f.createCommandPool, "vkCreateCommandPool");
    load(f.destroyCommandPool, "vkDestroyCommandPool");
    load(f.allocateCommandBuffers, "vkAllocateCommandBuffers");
    load(f.freeCommandBuffers, "vkFreeCommandBuffers");
    load(f.beginCommandBuffer, "vkBeginCommandBuffer");
    load(f.endCommandBuffer, "vkEndCommandBuffer");
    load(f.cmdPipelineBarrier, "vkCmdPipelineBarrier");
    load(f.cmdCopyImageToBuffer, "vkCmdCopyImageToBuffer");
    load(f.queueSubmit, "vkQueueSubmit");
    load(f.queueWaitIdle, "vkQueueWaitIdle");
    return ok;
}

XrResult checkSubImage(const char* func, Session& session, const XrSwapchainSubImage& sub, Swapchain*& out) {
    out = Runtime::get().find<Swapchain>(raw(sub.swapchain));
    if (!out || out->session != session.handle)
        return violation(func, XR_ERROR_HANDLE_INVALID, "layer names a swapchain that is not live in this session");
    if (!out->lastReleased) return violation(func, XR_ERROR_LAYER_INVALID, "layer swapchain has no released image");
    const XrRect2Di& r = sub.imageRect;
    if (r.offset.x < 0 || r.offset.y < 0 || r.extent.width <= 0 || r.extent.height <= 0 ||
        uint32_t(r.offset.x + r.extent.width) > out->info.width ||
        uint32_t(r.offset.y + r.extent.height) > out->info.height)
        return violation(func, XR_ERROR_SWAPCHAIN_RECT_INVALID, "imageRect lies outside the swapchain image");
    if (sub.imageArrayIndex >= out->info.arraySize)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "imageArrayIndex >= swapchain arraySize");
    return XR_SUCCESS;
}

XrResult checkProjection(const char* func, Instance& instance, Session& session,
                         const XrCompositionLayerProjection& layer) {
    const Space* space = Runtime::get().find<Space>(raw(layer.space));
    if (!space || space->session != session.handle)
        return violation(func, XR_ERROR_HANDLE_INVALID, "projection layer space is not live in this session");
    if (layer.viewCount != 2 || !layer.views)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "projection layer must have 2 views (PRIMARY_STEREO)");
    for (uint32_t v = 0; v < 2; ++v) {
        const XrCompositionLayerProjectionView& view = layer.views[v];
        if (view.type != XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW)
            return violation(func, XR_ERROR_VALIDATION_FAILURE, "projection view has the wrong structure type");
        Swapchain* swapchain = nullptr;
        if (XrResult r = checkSubImage(func, session, view.subImage, swapchain); r < 0) return r;
        if (swapchain->depth)
            return violation(func, XR_ERROR_VALIDATION_FAILURE, "projection view names a depth swapchain");
        for (auto* next = static_cast<const XrBaseInStructure*>(view.next); next; next = next->next) {
            if (next->type != XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR) continue;
            if (!instance.depthExtension)
                return violation(func, XR_ERROR_VALIDATION_FAILURE,
                                 "depth info chained but XR_KHR_composition_layer_depth is not enabled");
            const auto* depth = reinterpret_cast<const XrCompositionLayerDepthInfoKHR*>(next);
            Swapchain* depthSwapchain = nullptr;
            if (XrResult r = checkSubImage(func, session, depth->subImage, depthSwapchain); r < 0) return r;
            if (!depthSwapchain->depth)
                return violation(func, XR_ERROR_VALIDATION_FAILURE, "depth info names a colour swapchain");
            if (!(depth->minDepth >= 0.0f && depth->minDepth < depth->maxDepth && depth->maxDepth <= 1.0f) ||
                depth->nearZ == depth->farZ)
                return violation(func, XR_ERROR_VALIDATION_FAILURE, "depth info ranges are invalid");
        }
    }
    return XR_SUCCESS;
}

// Writes the captured frame's images: the first projection layer's two views (frame-NNNNNN-left/right.png) and
// every quad layer's sub-image (frame-NNNNNN-quad<i>.png, i counting quad layers in submission order), each from
// its swapchain's last released image. A frame with only quad layers (a menu over passthrough) is captured too.
void captureFrame(Instance& instance, Session& session, uint64_t frameIndex,
                  const XrCompositionLayerProjection* projection,
                  const std::vector<const XrCompositionLayerQuad*>& quads) {
    const auto capture = [&](const XrSwapchainSubImage& sub, const std::string& suffix) {
        Swapchain& swapchain = *Runtime::get().find<Swapchain>(raw(sub.swapchain));
        char name[64];
        std::snprintf(name, sizeof(name), "frame-%06llu-%s.png", static_cast<unsigned long long>(frameIndex),
                      suffix.c_str());
        const std::string file = instance.script.captureDir + "/" + name;
        if (captureView(session, swapchain, sub, file)) Runtime::get().report().captures.push_back(file);
    };
    if (projection) {
        capture(projection->views[0].subImage, "left");
        capture(projection->views[1].subImage, "right");
    }
    for (size_t i = 0; i < quads.size(); ++i) capture(quads[i]->subImage, "quad" + std::to_string(i));
}

} // namespace

XrResult lookupSession(const char* func, XrSession handle, Session*& out) {
    out = Runtime::get().find<Session>(raw(handle));
    if (!out) return violation(func, XR_ERROR_HANDLE_INVALID, "session is not a live XrSession");
    if (out->lost) return XR_ERROR_SESSION_LOST; // announced by the runtime: not the app's fault
    return XR_SUCCESS;
}

void advanceSessionState(Instance& instance, Session& session) {
    if (session.state == XR_SESSION_STATE_EXITING || session.state == XR_SESSION_STATE_LOSS_PENDING) return;
    const double t = scriptSeconds(sessionNow(session));
    bool visible = true, focused = true, exitNow = session.exitRequested, lost = false;
    for (const SessionEvent& e : instance.script.sessionEvents) {
        switch (e.kind) {
        case SessionEventKind::FocusLost: focused = focused && !activeWindow(e, t); break;
        case SessionEventKind::VisibilityLost: visible = visible && !activeWindow(e, t); break;
        case SessionEventKind::ExitRequest: exitNow = exitNow || t >= e.t; break;
        case SessionEventKind::RuntimeLost: lost = lost || t >= e.t; break;
        }
    }
    if (lost) {
        queueState(instance, session, XR_SESSION_STATE_LOSS_PENDING);
        session.lost = true;
        return;
    }
    if (!session.running || session.state == XR_SESSION_STATE_STOPPING) return;
    session.exitRequested = exitNow;
    if (exitNow) {
        for (int l = level(session.state); l > 1; --l) queueState(instance, session, kByLevel[l - 1]);
        if (session.state == XR_SESSION_STATE_READY) queueState(instance, session, XR_SESSION_STATE_SYNCHRONIZED);
        queueState(instance, session, XR_SESSION_STATE_STOPPING);
        return;
    }
    if (!session.everFramed) return;
    const int target = focused && visible ? 3 : visible ? 2 : 1;
    for (int l = level(session.state); l < target; ++l) queueState(instance, session, kByLevel[l + 1]);
    for (int l = level(session.state); l > target; --l) queueState(instance, session, kByLevel[l - 1]);
}

void destroySessionObjects(Session& session) {
    for (uint64_t child : session.children) {
        if (Swapchain* swapchain = Runtime::get().find<Swapchain>(child)) destroySwapchainImages(session, *swapchain);
        Runtime::get().remove(child);
    }
    session.children.clear();
    if (session.commandPool) session.vk.destroyCommandPool(session.device, session.commandPool, nullptr);
    session.commandPool = VK_NULL_HANDLE;
    if (Instance* instance = Runtime::get().find<Instance>(session.instance)) {
        instance->session = 0;
        // Events of a destroyed session must not reach the app (their handle is dead).
        std::erase_if(instance->events, [&](const XrEventDataBuffer& e) {
            return e.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED &&
                   raw(reinterpret_cast<const XrEventDataSessionStateChanged&>(e).session) == session.handle;
        });
    }
}

XrResult XRAPI_CALL createSession(XrInstance handle, const XrSessionCreateInfo* info, XrSession* out) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateSession";
    Instance* instance = Runtime::get().find<Instance>(raw(handle));
    if (!instance) return violation(func, XR_ERROR_HANDLE_INVALID, "instance is not a live XrInstance");
    if (XrResult r = checkStruct(func, info, XR_TYPE_SESSION_CREATE_INFO, "createInfo"); r < 0) return r;
    if (!out) return violation(func, XR_ERROR_VALIDATION_FAILURE, "session output is null");
    if (info->systemId != kSystemId || !instance->systemQueried)
        return violation(func, XR_ERROR_SYSTEM_INVALID, "systemId was not returned by xrGetSystem");
    if (!instance->vulkanEnable2)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "XR_KHR_vulkan_enable2 is not enabled (no graphics API)");
    if (!instance->requirementsQueried)
        return violation(func, XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING,
                         "xrGetVulkanGraphicsRequirements2KHR was not called");
    if (instance->session != 0) return violation(func, XR_ERROR_LIMIT_REACHED, "a session already exists");
    const XrGraphicsBindingVulkan2KHR* binding = nullptr;
    for (auto* next = static_cast<const XrBaseInStructure*>(info->next); next; next = next->next)
        if (next->type == XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR)
            binding = reinterpret_cast<const XrGraphicsBindingVulkan2KHR*>(next);
    if (!binding)
        return violation(func, XR_ERROR_GRAPHICS_DEVICE_INVALID, "no XrGraphicsBindingVulkan2KHR in the next chain");
    const auto inst = instance->vkInstances.find(binding->instance);
    const auto dev = instance->vkDevices.find(binding->device);
    if (inst == instance->vkInstances.end() || dev == instance->vkDevices.end() ||
        dev->second != binding->physicalDevice)
        return violation(func, XR_ERROR_GRAPHICS_DEVICE_INVALID,
                         "the binding's instance/device were not created through XR_KHR_vulkan_enable2");
    auto session = std::make_unique<Session>();
    session->instance = instance->handle;
    session->vkInstance = binding->instance;
    session->physicalDevice = binding->physicalDevice;
    session->device = binding->device;
    session->queueFamily = binding->queueFamilyIndex;
    session->queueIndex = binding->queueIndex;
    if (!loadVulkan(*session, inst->second))
        return violation(func, XR_ERROR_RUNTIME_FAILURE, "cannot load Vulkan device functions");
    session->vk.getDeviceQueue(session->device, session->queueFamily, session->queueIndex, &session->queue);
    VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    poolInfo.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
    poolInfo.queueFamilyIndex = session->queueFamily;
    if (session->vk.createCommandPool(session->device, &poolInfo, nullptr, &session->commandPool) != VK_SUCCESS)
        return violation(func, XR_ERROR_RUNTIME_FAILURE, "vkCreateCommandPool failed");
    Session& s = *session;
    instance->session = Runtime::get().add(std::move(session));
    queueState(*instance, s, XR_SESSION_STATE_IDLE);
    queueState(*instance, s, XR_SESSION_STATE_READY);
    *out = toHandle<XrSession>(s.handle);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroySession(XrSession handle) {
    std::lock_guard lock(Runtime::get().mutex());
    Session* session = Runtime::get().find<Session>(raw(handle));
    if (!session) return violation("xrDestroySession", XR_ERROR_HANDLE_INVALID, "session is not a live XrSession");
    destroySessionObjects(*session);
    Runtime::get().remove(session->handle);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL beginSession(XrSession handle, const XrSessionBeginInfo* info) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrBeginSession";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_SESSION_BEGIN_INFO, "beginInfo"); r < 0) return r;
    if (info->primaryViewConfigurationType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return violation(func, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, "only PRIMARY_STEREO");
    if (session->running) return violation(func, XR_ERROR_SESSION_RUNNING, "the session is already running");
    if (session->observedState != XR_SESSION_STATE_READY)
        return violation(func, XR_ERROR_SESSION_NOT_READY, "the app has not seen XR_SESSION_STATE_READY");
    session->running = true;
    session->everFramed = false;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL endSession(XrSession handle) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEndSession";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (!session->running) return violation(func, XR_ERROR_SESSION_NOT_RUNNING, "the session is not running");
    if (session->observedState != XR_SESSION_STATE_STOPPING)
        return violation(func, XR_ERROR_SESSION_NOT_STOPPING, "the app has not seen XR_SESSION_STATE_STOPPING");
    session->running = false;
    session->frameBegun = false;
    session->waitsPending = 0;
    Instance& instance = *Runtime::get().find<Instance>(session->instance);
    queueState(instance, *session, XR_SESSION_STATE_IDLE);
    // The only way to STOPPING is an exit request (app or script), so the session then exits.
    queueState(instance, *session, XR_SESSION_STATE_EXITING);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL requestExitSession(XrSession handle) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrRequestExitSession";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (!session->running) return violation(func, XR_ERROR_SESSION_NOT_RUNNING, "the session is not running");
    session->exitRequested = true;
    advanceSessionState(*Runtime::get().find<Instance>(session->instance), *session);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL waitFrame(XrSession handle, const XrFrameWaitInfo* info, XrFrameState* state) {
    std::unique_lock lock(Runtime::get().mutex());
    const char* func = "xrWaitFrame";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (info)
        if (XrResult r = checkStruct(func, info, XR_TYPE_FRAME_WAIT_INFO, "frameWaitInfo"); r < 0) return r;
    if (XrResult r = checkStruct(func, state, XR_TYPE_FRAME_STATE, "frameState"); r < 0) return r;
    if (!session->running) return violation(func, XR_ERROR_SESSION_NOT_RUNNING, "the session is not running");
    Instance& instance = *Runtime::get().find<Instance>(session->instance);
    const double hz = instance.script.displayHz;
    const XrDuration period = XrDuration(1e9 / hz);
    session->framesWaited += 1;
    const XrTime predicted = kEpoch + XrTime(session->framesWaited) * period;
    if (instance.script.realtime) {
        // Hold the runtime's rate on the wall clock (benchmarks); the lock is released while sleeping.
        if (session->realtimeStart == 0.0) session->realtimeStart = steadySeconds();
        const double due = session->realtimeStart + double(session->framesWaited - 1) / hz;
        const uint64_t sessionHandle = session->handle;
        lock.unlock();
        const double wait = due - steadySeconds();
        if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
        lock.lock();
        session = Runtime::get().find<Session>(sessionHandle);
        if (!session) return violation(func, XR_ERROR_HANDLE_INVALID, "session destroyed during xrWaitFrame");
    }
    session->lastPredicted = predicted;
    session->waitsPending = 1;
    advanceSessionState(*Runtime::get().find<Instance>(session->instance), *session);
    state->predictedDisplayTime = predicted;
    state->predictedDisplayPeriod = period;
    state->shouldRender = session->state == XR_SESSION_STATE_VISIBLE || session->state == XR_SESSION_STATE_FOCUSED;
    return session->lost ? XR_ERROR_SESSION_LOST : XR_SUCCESS;
}

XrResult XRAPI_CALL beginFrame(XrSession handle, const XrFrameBeginInfo* info) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrBeginFrame";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (info)
        if (XrResult r = checkStruct(func, info, XR_TYPE_FRAME_BEGIN_INFO, "frameBeginInfo"); r < 0) return r;
    if (!session->running) return violation(func, XR_ERROR_SESSION_NOT_RUNNING, "the session is not running");
    if (session->waitsPending == 0)
        return violation(func, XR_ERROR_CALL_ORDER_INVALID, "xrBeginFrame without a preceding xrWaitFrame");
    session->waitsPending = 0;
    if (session->frameBegun) return XR_FRAME_DISCARDED; // the previous frame is discarded, this one begins
    session->frameBegun = true;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL endFrame(XrSession handle, const XrFrameEndInfo* info) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEndFrame";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_FRAME_END_INFO, "frameEndInfo"); r < 0) return r;
    if (!session->running) return violation(func, XR_ERROR_SESSION_NOT_RUNNING, "the session is not running");
    if (!session->frameBegun)
        return violation(func, XR_ERROR_CALL_ORDER_INVALID, "xrEndFrame without a preceding xrBeginFrame");
    Instance& instance = *Runtime::get().find<Instance>(session->instance);
    if (info->displayTime <= 0) return violation(func, XR_ERROR_TIME_INVALID, "displayTime must be > 0");
    if (!blendModeOffered(instance, info->environmentBlendMode))
        return violation(func, XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED,
                         "environmentBlendMode " + std::to_string(int(info->environmentBlendMode)) +
                             " is not one of the modes the system offers");
    if (info->layerCount > kMaxLayers)
        return violation(func, XR_ERROR_LAYER_LIMIT_EXCEEDED, "more than " + std::to_string(kMaxLayers) + " layers");
    if (info->layerCount > 0 && !info->layers) return violation(func, XR_ERROR_VALIDATION_FAILURE, "layers is null");
    const XrCompositionLayerProjection* firstProjection = nullptr;
    std::vector<const XrCompositionLayerQuad*> quads; // in submission order (capture names them quad0, quad1, ...)
    for (uint32_t i = 0; i < info->layerCount; ++i) {
        const XrCompositionLayerBaseHeader* layer = info->layers[i];
        if (!layer) return violation(func, XR_ERROR_LAYER_INVALID, "layer " + std::to_string(i) + " is null");
        if (layer->type == XR_TYPE_COMPOSITION_LAYER_PROJECTION) {
            const auto& projection = *reinterpret_cast<const XrCompositionLayerProjection*>(layer);
            if (XrResult r = checkProjection(func, instance, *session, projection); r < 0) return r;
            if (!firstProjection) firstProjection = &projection;
        } else if (layer->type == XR_TYPE_COMPOSITION_LAYER_QUAD) {
            const auto& quad = *reinterpret_cast<const XrCompositionLayerQuad*>(layer);
            const Space* space = Runtime::get().find<Space>(raw(quad.space));
            if (!space || space->session != session->handle)
                return violation(func, XR_ERROR_HANDLE_INVALID, "quad layer space is not live in this session");
            Swapchain* swapchain = nullptr;
            if (XrResult r = checkSubImage(func, *session, quad.subImage, swapchain); r < 0) return r;
            quads.push_back(&quad);
        } else {
            return violation(func, XR_ERROR_LAYER_INVALID,
                             "layer type " + std::to_string(int(layer->type)) + " is not supported");
        }
    }
    session->frameBegun = false;
    const uint64_t frameIndex = session->framesEnded++;
    Runtime::get().report().frames += 1;
    if (shouldCapture(instance.script, frameIndex))
        captureFrame(instance, *session, frameIndex, firstProjection, quads);
    session->everFramed = true;
    advanceSessionState(instance, *session);
    return XR_SUCCESS;
}

} // namespace tv::xrsim
