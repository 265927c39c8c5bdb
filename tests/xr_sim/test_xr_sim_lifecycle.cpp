// Scripted session events on the simulated runtime: exit request, focus and visibility loss, runtime loss;
// depth submission through XR_KHR_composition_layer_depth.
#include "xr_test_client.h"

#include <algorithm>

namespace tv::xrsim::test {
namespace {

TEST(XrSimLifecycle, ScriptedExitRequestStopsAndExits) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 16, "height": 16, "displayHz": 10,
                                 "sessionEvents": [{"t": 0.45, "event": "exit_request"}]})");
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    ASSERT_TRUE(client.runUntil(XR_SESSION_STATE_STOPPING, 10));
    EXPECT_GE(client.lastFrame.predictedDisplayTime, 1'500'000'000);
    ASSERT_EQ(xrEndSession(client.session), XR_SUCCESS);
    client.pollEvents();
    EXPECT_EQ(client.state, XR_SESSION_STATE_EXITING);
    XrFrameState frameState{XR_TYPE_FRAME_STATE};
    EXPECT_EQ(xrWaitFrame(client.session, nullptr, &frameState), XR_ERROR_SESSION_NOT_RUNNING);
    client.shutdown();
    EXPECT_EQ(client.validationMessages, 0);
}

TEST(XrSimLifecycle, FocusLossAndVisibilityLossComeAndGo) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 16, "height": 16, "displayHz": 10,
        "sessionEvents": [{"t": 0.25, "event": "focus_lost", "duration": 0.3},
                          {"t": 0.95, "event": "visibility_lost", "duration": 0.3}]})");
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    XrActionSet set = XR_NULL_HANDLE;
    XrActionSetCreateInfo setInfo{XR_TYPE_ACTION_SET_CREATE_INFO};
    std::snprintf(setInfo.actionSetName, sizeof(setInfo.actionSetName), "main");
    std::snprintf(setInfo.localizedActionSetName, sizeof(setInfo.localizedActionSetName), "Main");
    ASSERT_EQ(xrCreateActionSet(client.instance, &setInfo, &set), XR_SUCCESS);
    XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    attach.countActionSets = 1;
    attach.actionSets = &set;
    ASSERT_EQ(xrAttachSessionActionSets(client.session, &attach), XR_SUCCESS);
    XrActiveActionSet active{set, XR_NULL_PATH};
    XrActionsSyncInfo syncInfo{XR_TYPE_ACTIONS_SYNC_INFO};
    syncInfo.countActiveActionSets = 1;
    syncInfo.activeActionSets = &active;
    int unfocusedSyncs = 0, hiddenFrames = 0;
    for (int i = 0; i < 16; ++i) {
        ASSERT_NO_FATAL_FAILURE(client.frame());
        client.pollEvents();
        const XrResult r = xrSyncActions(client.session, &syncInfo);
        ASSERT_TRUE(r == XR_SUCCESS || r == XR_SESSION_NOT_FOCUSED);
        unfocusedSyncs += r == XR_SESSION_NOT_FOCUSED ? 1 : 0;
        hiddenFrames += client.lastFrame.shouldRender ? 0 : 1;
    }
    const std::vector<XrSessionState> expected{
        XR_SESSION_STATE_IDLE,    XR_SESSION_STATE_READY,   XR_SESSION_STATE_SYNCHRONIZED,
        XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_FOCUSED, XR_SESSION_STATE_VISIBLE,      // focus lost
        XR_SESSION_STATE_FOCUSED, XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_SYNCHRONIZED, // hidden
        XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_FOCUSED};
    EXPECT_EQ(client.stateHistory, expected);
    EXPECT_EQ(hiddenFrames, 1 + 3);   // the first frame (READY) and 0.3 s at 10 Hz
    EXPECT_EQ(unfocusedSyncs, 3 + 3); // the first frame's end already brought FOCUSED
    client.shutdown();
    EXPECT_EQ(client.validationMessages, 0);
    EXPECT_EQ(readReport(dir)["violationsTotal"].get<int>(), 0);
}

TEST(XrSimLifecycle, RuntimeLossAnnouncesLossPendingThenSessionLost) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 16, "height": 16, "displayHz": 10,
                                 "sessionEvents": [{"t": 0.35, "event": "runtime_lost"}]})");
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    XrResult result = XR_SUCCESS;
    int frames = 0;
    while (result == XR_SUCCESS && frames < 20) {
        client.pollEvents();
        XrFrameState frameState{XR_TYPE_FRAME_STATE};
        result = xrWaitFrame(client.session, nullptr, &frameState);
        if (result != XR_SUCCESS) break;
        ASSERT_EQ(xrBeginFrame(client.session, nullptr), XR_SUCCESS);
        XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
        end.displayTime = frameState.predictedDisplayTime;
        end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
        result = xrEndFrame(client.session, &end);
        ++frames;
    }
    EXPECT_EQ(result, XR_ERROR_SESSION_LOST);
    EXPECT_EQ(frames, 3); // frames at t = 0.1, 0.2, 0.3 complete; the wait for t = 0.4 reports the loss
    client.pollEvents();
    ASSERT_FALSE(client.stateHistory.empty());
    EXPECT_EQ(client.stateHistory.back(), XR_SESSION_STATE_LOSS_PENDING);
    EXPECT_EQ(xrRequestExitSession(client.session), XR_ERROR_SESSION_LOST);
    client.shutdown(); // destroying a lost session is allowed
    EXPECT_EQ(client.validationMessages, 0);
    EXPECT_EQ(readReport(dir)["violationsTotal"].get<int>(), 0);
}

// Submits one frame whose projection views carry depth info; returns xrEndFrame's result.
XrResult submitWithDepth(XrTestClient& client, XrSwapchain depth) {
    XrFrameState frameState{XR_TYPE_FRAME_STATE};
    EXPECT_EQ(xrWaitFrame(client.session, nullptr, &frameState), XR_SUCCESS);
    EXPECT_EQ(xrBeginFrame(client.session, nullptr), XR_SUCCESS);
    for (XrSwapchain s : {client.swapchain, depth}) {
        uint32_t index = 0;
        EXPECT_EQ(xrAcquireSwapchainImage(s, nullptr, &index), XR_SUCCESS);
        XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
        wait.timeout = XR_INFINITE_DURATION;
        EXPECT_EQ(xrWaitSwapchainImage(s, &wait), XR_SUCCESS);
        EXPECT_EQ(xrReleaseSwapchainImage(s, nullptr), XR_SUCCESS);
    }
    std::array<XrCompositionLayerDepthInfoKHR, 2> depthInfo{};
    std::array<XrCompositionLayerProjectionView, 2> views{};
    for (uint32_t eye = 0; eye < 2; ++eye) {
        depthInfo[eye] = {XR_TYPE_COMPOSITION_LAYER_DEPTH_INFO_KHR};
        depthInfo[eye].subImage = {depth, {{0, 0}, {int32_t(client.width), int32_t(client.height)}}, eye};
        depthInfo[eye].minDepth = 0.0f;
        depthInfo[eye].maxDepth = 1.0f;
        depthInfo[eye].nearZ = 0.05f;
        depthInfo[eye].farZ = 100.0f;
        views[eye] = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
        views[eye].next = &depthInfo[eye];
        views[eye].pose.orientation.w = 1.0f;
        views[eye].subImage = {client.swapchain, {{0, 0}, {int32_t(client.width), int32_t(client.height)}}, eye};
    }
    XrCompositionLayerProjection layer{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    layer.space = client.stage;
    layer.viewCount = 2;
    layer.views = views.data();
    const XrCompositionLayerBaseHeader* layers[] = {reinterpret_cast<XrCompositionLayerBaseHeader*>(&layer)};
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = frameState.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    end.layerCount = 1;
    end.layers = layers;
    const XrResult result = xrEndFrame(client.session, &end);
    if (result != XR_SUCCESS) { // leave the frame loop in order for the next frame
        end.layerCount = 0;
        EXPECT_EQ(xrEndFrame(client.session, &end), XR_SUCCESS);
    }
    return result;
}

XrSwapchain createDepthSwapchain(XrTestClient& client) {
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.usageFlags = XR_SWAPCHAIN_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
    info.format = VK_FORMAT_D32_SFLOAT;
    info.sampleCount = info.faceCount = info.mipCount = 1;
    info.arraySize = 2;
    info.width = client.width;
    info.height = client.height;
    XrSwapchain depth = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateSwapchain(client.session, &info, &depth), XR_SUCCESS);
    return depth;
}

TEST(XrSimLifecycle, DepthInfoIsAcceptedOnlyWithTheDepthExtension) {
    for (const bool enable : {true, false}) {
        const auto dir = testDir();
        useSimulatedRuntime(dir, R"({"width": 16, "height": 16})");
        XrTestClient client;
        std::vector<const char*> extensions{XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME};
        if (enable) extensions.push_back(XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME);
        ASSERT_EQ(client.createInstance(extensions), XR_SUCCESS);
        ASSERT_NO_FATAL_FAILURE(client.createVulkan());
        ASSERT_NO_FATAL_FAILURE(client.beginSession());
        const XrSwapchain depth = createDepthSwapchain(client);
        EXPECT_EQ(submitWithDepth(client, depth), enable ? XR_SUCCESS : XR_ERROR_VALIDATION_FAILURE);
        client.shutdown();
        EXPECT_EQ(client.validationMessages, 0);
    }
}

TEST(XrSimLifecycle, ScriptWithoutDepthDoesNotOfferTheExtension) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"depthExtension": false})");
    XrTestClient client;
    EXPECT_EQ(
        client.createInstance({XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME, XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME}),
        XR_ERROR_EXTENSION_NOT_PRESENT);
}

TEST(XrSimLifecycle, MalformedScriptFailsInstanceCreation) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"displayHz": 90, "headd": []})");
    XrTestClient client;
    EXPECT_EQ(client.createInstance(), XR_ERROR_RUNTIME_FAILURE);
}

} // namespace
} // namespace tv::xrsim::test
