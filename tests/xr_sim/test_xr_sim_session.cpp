// The simulated OpenXR runtime through the real loader: instance, system, enable2, session lifecycle, frames,
// captures, views and the strictness checks (call order, handle validity). Label gpu (lavapipe + validation).
#include "xr_test_client.h"

#include "image/png_io.h"

#include <chrono>
#include <cmath>

namespace tv::xrsim::test {
namespace {

const char* kSmallScript = R"({"width": 64, "height": 48})";

TEST(XrSimRuntime, MissingRuntimeManifestGivesTheLoadersError) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, "{}");
    setenv("XR_RUNTIME_JSON", (dir / "no-such-runtime.json").c_str(), 1);
    XrTestClient client;
    const XrResult result = client.createInstance();
    EXPECT_EQ(result, XR_ERROR_RUNTIME_UNAVAILABLE);
    EXPECT_EQ(client.instance, XR_NULL_HANDLE);
}

TEST(XrSimRuntime, InstanceSystemAndViewConfiguration) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 320, "height": 200, "blendModes": ["alpha_blend", "opaque"]})");
    uint32_t count = 0;
    ASSERT_EQ(xrEnumerateInstanceExtensionProperties(nullptr, 0, &count, nullptr), XR_SUCCESS);
    std::vector<XrExtensionProperties> extensions(count, {XR_TYPE_EXTENSION_PROPERTIES});
    ASSERT_EQ(xrEnumerateInstanceExtensionProperties(nullptr, count, &count, extensions.data()), XR_SUCCESS);
    std::vector<std::string> names;
    for (const auto& e : extensions) names.push_back(e.extensionName);
    EXPECT_NE(std::find(names.begin(), names.end(), XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME), names.end());

    XrTestClient client;
    ASSERT_EQ(client.createInstance(), XR_SUCCESS);
    XrInstanceProperties properties{XR_TYPE_INSTANCE_PROPERTIES};
    ASSERT_EQ(xrGetInstanceProperties(client.instance, &properties), XR_SUCCESS);
    EXPECT_STREQ(properties.runtimeName, "twinview simulated headset");
    XrSystemProperties system{XR_TYPE_SYSTEM_PROPERTIES};
    ASSERT_EQ(xrGetSystemProperties(client.instance, client.system, &system), XR_SUCCESS);
    EXPECT_TRUE(system.trackingProperties.positionTracking);
    ASSERT_EQ(xrEnumerateViewConfigurationViews(client.instance, client.system,
                                                XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 0, &count, nullptr),
              XR_SUCCESS);
    ASSERT_EQ(count, 2u);
    std::vector<XrViewConfigurationView> views(2, {XR_TYPE_VIEW_CONFIGURATION_VIEW});
    ASSERT_EQ(xrEnumerateViewConfigurationViews(client.instance, client.system,
                                                XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2, &count, views.data()),
              XR_SUCCESS);
    EXPECT_EQ(views[1].recommendedImageRectWidth, 320u);
    EXPECT_EQ(views[1].recommendedImageRectHeight, 200u);
    std::vector<XrEnvironmentBlendMode> modes(4);
    ASSERT_EQ(xrEnumerateEnvironmentBlendModes(client.instance, client.system,
                                               XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 4, &count, modes.data()),
              XR_SUCCESS);
    ASSERT_EQ(count, 2u);
    EXPECT_EQ(modes[0], XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND);
    EXPECT_EQ(modes[1], XR_ENVIRONMENT_BLEND_MODE_OPAQUE);
    // Too small a capacity is the two-call idiom's error.
    EXPECT_EQ(xrEnumerateEnvironmentBlendModes(client.instance, client.system,
                                               XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 1, &count, modes.data()),
              XR_ERROR_SIZE_INSUFFICIENT);
    // Paths round-trip; malformed ones are rejected.
    XrPath path = XR_NULL_PATH;
    ASSERT_EQ(xrStringToPath(client.instance, "/user/hand/left", &path), XR_SUCCESS);
    char text[64];
    ASSERT_EQ(xrPathToString(client.instance, path, sizeof(text), &count, text), XR_SUCCESS);
    EXPECT_STREQ(text, "/user/hand/left");
    EXPECT_EQ(xrStringToPath(client.instance, "/user//hand", &path), XR_ERROR_PATH_FORMAT_INVALID);
    EXPECT_EQ(xrStringToPath(client.instance, "/User/Hand", &path), XR_ERROR_PATH_FORMAT_INVALID);
    char resultText[XR_MAX_RESULT_STRING_SIZE];
    ASSERT_EQ(xrResultToString(client.instance, XR_ERROR_CALL_ORDER_INVALID, resultText), XR_SUCCESS);
    EXPECT_STREQ(resultText, "XR_ERROR_CALL_ORDER_INVALID");
}

TEST(XrSimRuntime, SessionRunsFramesAndExitsCleanly) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, kSmallScript);
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    ASSERT_TRUE(client.runUntil(XR_SESSION_STATE_FOCUSED, 5));
    XrTime previous = 0;
    for (int i = 0; i < 10; ++i) {
        ASSERT_NO_FATAL_FAILURE(client.frame());
        EXPECT_TRUE(client.lastFrame.shouldRender);
        EXPECT_EQ(client.lastFrame.predictedDisplayPeriod, XrDuration(1e9 / 90.0));
        if (previous) {
            EXPECT_EQ(client.lastFrame.predictedDisplayTime - previous, client.lastFrame.predictedDisplayPeriod);
        }
        previous = client.lastFrame.predictedDisplayTime;
    }
    ASSERT_EQ(xrRequestExitSession(client.session), XR_SUCCESS);
    ASSERT_TRUE(client.runUntil(XR_SESSION_STATE_STOPPING, 3));
    ASSERT_EQ(xrEndSession(client.session), XR_SUCCESS);
    client.pollEvents();
    EXPECT_EQ(client.state, XR_SESSION_STATE_EXITING);
    const std::vector<XrSessionState> expected{
        XR_SESSION_STATE_IDLE,    XR_SESSION_STATE_READY,   XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
        XR_SESSION_STATE_FOCUSED, XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_STOPPING,
        XR_SESSION_STATE_IDLE,    XR_SESSION_STATE_EXITING};
    EXPECT_EQ(client.stateHistory, expected);
    const int frames = 11; // the one that reached FOCUSED plus ten
    client.shutdown();
    std::printf("validation layer: %s\n", client.validationOn ? "on" : "not installed");
    EXPECT_EQ(client.validationMessages, 0);
    const auto report = readReport(dir);
    ASSERT_FALSE(report.is_null());
    EXPECT_GE(report["frames"].get<int>(), frames);
    EXPECT_EQ(report["violationsTotal"].get<int>(), 0) << report.dump();
}

TEST(XrSimRuntime, CapturedEyeImagesHoldTheSubmittedColours) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 64, "height": 48, "capture": {"dir": ")" + (dir / "captures").string() +
                                 R"(", "frames": [4]}})");
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    for (int i = 0; i < 6; ++i) ASSERT_NO_FATAL_FAILURE(client.frame());
    client.shutdown();
    EXPECT_EQ(client.validationMessages, 0);
    const auto left = image::readPng(dir / "captures/frame-000004-left.png");
    const auto right = image::readPng(dir / "captures/frame-000004-right.png");
    ASSERT_TRUE(left.hasValue()) << left.error().message;
    ASSERT_TRUE(right.hasValue()) << right.error().message;
    ASSERT_EQ(left->width, 64u);
    ASSERT_EQ(left->height, 48u);
    const uint8_t* l = left->at(10, 10);
    const uint8_t* r = right->at(63, 47);
    EXPECT_EQ((std::array<int, 4>{l[0], l[1], l[2], l[3]}), (std::array<int, 4>{255, 0, 0, 255}));
    EXPECT_EQ((std::array<int, 4>{r[0], r[1], r[2], r[3]}), (std::array<int, 4>{0, 255, 0, 255}));
    const auto report = readReport(dir);
    EXPECT_EQ(report["captures"].size(), 2u);
    EXPECT_FALSE(std::filesystem::exists(dir / "captures/frame-000003-left.png"));
}

TEST(XrSimRuntime, AlphaBlendModeKeepsATransparentBackground) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 32, "height": 32, "blendModes": ["alpha_blend", "opaque"],
                                 "capture": {"dir": ")" +
                                 (dir / "captures").string() + R"(", "every": 3}})");
    XrTestClient client;
    client.blendMode = XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND;
    client.eyeColours = {{{0, 0, 0, 0}, {0, 0, 1, 0.0f}}};
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    for (int i = 0; i < 4; ++i) ASSERT_NO_FATAL_FAILURE(client.frame());
    client.shutdown();
    const auto right = image::readPng(dir / "captures/frame-000003-right.png");
    ASSERT_TRUE(right.hasValue()) << right.error().message;
    EXPECT_EQ(right->at(5, 5)[3], 0);
    EXPECT_EQ(right->at(5, 5)[2], 255);
}

TEST(XrSimRuntime, BgraSwapchainsAreCapturedAsRgba) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 8, "height": 8, "capture": {"dir": ")" + (dir / "captures").string() +
                                 R"(", "frames": [2]}})");
    XrTestClient client;
    ASSERT_EQ(client.createInstance(), XR_SUCCESS);
    ASSERT_NO_FATAL_FAILURE(client.createVulkan());
    ASSERT_NO_FATAL_FAILURE(client.beginSession(VK_FORMAT_B8G8R8A8_SRGB));
    for (int i = 0; i < 3; ++i) ASSERT_NO_FATAL_FAILURE(client.frame());
    client.shutdown();
    EXPECT_EQ(client.validationMessages, 0);
    const auto left = image::readPng(dir / "captures/frame-000002-left.png");
    ASSERT_TRUE(left.hasValue()) << left.error().message;
    EXPECT_EQ(left->at(1, 1)[0], 255); // red stays red
    EXPECT_EQ(left->at(1, 1)[2], 0);
}

TEST(XrSimRuntime, AdditiveOnlySystemRejectsOpaqueFrames) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 8, "height": 8, "blendModes": ["additive"]})");
    XrTestClient client;
    client.blendMode = XR_ENVIRONMENT_BLEND_MODE_ADDITIVE;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    ASSERT_NO_FATAL_FAILURE(client.frame());
    XrFrameState frameState{XR_TYPE_FRAME_STATE};
    ASSERT_EQ(xrWaitFrame(client.session, nullptr, &frameState), XR_SUCCESS);
    ASSERT_EQ(xrBeginFrame(client.session, nullptr), XR_SUCCESS);
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = frameState.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    EXPECT_EQ(xrEndFrame(client.session, &end), XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED);
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_ADDITIVE;
    EXPECT_EQ(xrEndFrame(client.session, &end), XR_SUCCESS);
}

TEST(XrSimRuntime, EyesFollowTheScriptedHeadAnIpdApart) {
    const auto dir = testDir();
    // The head walks 1 m along +X in 1 s while turning 90 degrees to the left (about +Y).
    useSimulatedRuntime(dir, R"({"width": 16, "height": 16, "displayHz": 10,
        "head": [{"t": 0, "position": [0, 1.7, 0], "orientation": [0, 0, 0, 1]},
                 {"t": 1, "position": [1, 1.7, 0], "orientation": [0, 0.70710678, 0, 0.70710678]}]})");
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    for (int i = 0; i < 12; ++i) {
        std::vector<XrView> views;
        ASSERT_NO_FATAL_FAILURE(client.frame(&views));
        if (views.empty()) continue;
        const double t = std::min(1.0, double(client.lastFrame.predictedDisplayTime - 1'000'000'000) * 1e-9);
        const XrVector3f& a = views[0].pose.position;
        const XrVector3f& b = views[1].pose.position;
        const float dx = b.x - a.x, dy = b.y - a.y, dz = b.z - a.z;
        EXPECT_NEAR(std::sqrt(dx * dx + dy * dy + dz * dz), 0.064f, 1e-5f);
        EXPECT_NEAR((a.x + b.x) / 2, t, 1e-4);
        EXPECT_NEAR((a.y + b.y) / 2, 1.7, 1e-4);
        // Right minus left eye = the head's +X axis, which turns from +X toward -Z.
        const double angle = t * M_PI / 2;
        EXPECT_NEAR(dx / 0.064, std::cos(angle), 1e-3);
        EXPECT_NEAR(dz / 0.064, -std::sin(angle), 1e-3);
        EXPECT_NEAR(views[0].fov.angleRight, 45.0 * M_PI / 180.0, 1e-5);
        EXPECT_NEAR(views[0].fov.angleLeft, -45.0 * M_PI / 180.0, 1e-5);
    }
}

TEST(XrSimRuntime, RealtimeScriptHoldsTheDisplayRateOnTheWallClock) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 16, "height": 16, "displayHz": 50, "realtime": true})");
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    ASSERT_NO_FATAL_FAILURE(client.frame()); // the pacing clock starts at the first xrWaitFrame
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 10; ++i) ASSERT_NO_FATAL_FAILURE(client.frame());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_GE(seconds, 10 / 50.0 - 0.005); // ten periods of 20 ms (frames are cheap: the wait dominates)
}

TEST(XrSimRuntime, CallOrderViolationsAreRejectedAndReported) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, kSmallScript);
    XrTestClient client;
    ASSERT_EQ(client.createInstance(), XR_SUCCESS);
    // A session before the graphics requirements were queried.
    EXPECT_EQ(client.createSession(), XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING);
    ASSERT_NO_FATAL_FAILURE(client.createVulkan());
    ASSERT_EQ(client.createSession(), XR_SUCCESS);
    XrFrameState frameState{XR_TYPE_FRAME_STATE};
    EXPECT_EQ(xrWaitFrame(client.session, nullptr, &frameState), XR_ERROR_SESSION_NOT_RUNNING);
    XrSessionBeginInfo beginInfo{XR_TYPE_SESSION_BEGIN_INFO};
    beginInfo.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    EXPECT_EQ(xrBeginSession(client.session, &beginInfo), XR_ERROR_SESSION_NOT_READY); // READY not polled yet
    client.pollEvents();
    XrSessionBeginInfo wrongType{XR_TYPE_SESSION_CREATE_INFO};
    EXPECT_EQ(xrBeginSession(client.session, &wrongType), XR_ERROR_VALIDATION_FAILURE);
    ASSERT_EQ(xrBeginSession(client.session, &beginInfo), XR_SUCCESS);
    EXPECT_EQ(xrBeginSession(client.session, &beginInfo), XR_ERROR_SESSION_RUNNING);
    EXPECT_EQ(xrBeginFrame(client.session, nullptr), XR_ERROR_CALL_ORDER_INVALID);
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = 1;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    EXPECT_EQ(xrEndFrame(client.session, &end), XR_ERROR_CALL_ORDER_INVALID);
    ASSERT_EQ(xrWaitFrame(client.session, nullptr, &frameState), XR_SUCCESS);
    ASSERT_EQ(xrBeginFrame(client.session, nullptr), XR_SUCCESS);
    end.displayTime = frameState.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_ADDITIVE; // not offered by the default script
    EXPECT_EQ(xrEndFrame(client.session, &end), XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED);
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    ASSERT_EQ(xrEndFrame(client.session, &end), XR_SUCCESS);
    EXPECT_EQ(xrEndSession(client.session), XR_ERROR_SESSION_NOT_STOPPING);

    // Swapchain image order: wait/release before acquire, acquire beyond the image count.
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT;
    info.format = VK_FORMAT_R8G8B8A8_UNORM;
    info.sampleCount = info.faceCount = info.arraySize = info.mipCount = 1;
    info.width = info.height = 8;
    XrSwapchain swapchain = XR_NULL_HANDLE;
    ASSERT_EQ(xrCreateSwapchain(client.session, &info, &swapchain), XR_SUCCESS);
    XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    EXPECT_EQ(xrWaitSwapchainImage(swapchain, &wait), XR_ERROR_CALL_ORDER_INVALID);
    EXPECT_EQ(xrReleaseSwapchainImage(swapchain, nullptr), XR_ERROR_CALL_ORDER_INVALID);
    uint32_t index = 0;
    for (int i = 0; i < 3; ++i) ASSERT_EQ(xrAcquireSwapchainImage(swapchain, nullptr, &index), XR_SUCCESS);
    EXPECT_EQ(index, 2u);
    EXPECT_EQ(xrAcquireSwapchainImage(swapchain, nullptr, &index), XR_ERROR_CALL_ORDER_INVALID);
    ASSERT_EQ(xrWaitSwapchainImage(swapchain, &wait), XR_SUCCESS);
    EXPECT_EQ(xrWaitSwapchainImage(swapchain, &wait), XR_ERROR_CALL_ORDER_INVALID); // release first
    ASSERT_EQ(xrReleaseSwapchainImage(swapchain, nullptr), XR_SUCCESS);
    info.format = VK_FORMAT_R32G32B32A32_SFLOAT;
    XrSwapchain unsupported = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateSwapchain(client.session, &info, &unsupported), XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED);

    client.shutdown();
    EXPECT_EQ(client.validationMessages, 0);
    const auto report = readReport(dir);
    ASSERT_FALSE(report.is_null());
    const auto& v = report["violations"];
    EXPECT_EQ(v.value("XR_ERROR_GRAPHICS_REQUIREMENTS_CALL_MISSING", 0), 1);
    EXPECT_EQ(v.value("XR_ERROR_CALL_ORDER_INVALID", 0), 6);
    EXPECT_EQ(v.value("XR_ERROR_SESSION_NOT_RUNNING", 0), 1);
    EXPECT_EQ(v.value("XR_ERROR_SESSION_NOT_READY", 0), 1);
    EXPECT_EQ(v.value("XR_ERROR_SESSION_RUNNING", 0), 1);
    EXPECT_EQ(v.value("XR_ERROR_SESSION_NOT_STOPPING", 0), 1);
    EXPECT_EQ(v.value("XR_ERROR_VALIDATION_FAILURE", 0), 1);
    EXPECT_EQ(v.value("XR_ERROR_ENVIRONMENT_BLEND_MODE_UNSUPPORTED", 0), 1);
    EXPECT_EQ(v.value("XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED", 0), 1);
}

TEST(XrSimRuntime, DestroyedAndMistypedHandlesAreInvalid) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, kSmallScript);
    XrTestClient client;
    ASSERT_NO_FATAL_FAILURE(startSession(client));
    XrReferenceSpaceCreateInfo spaceInfo{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    spaceInfo.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
    spaceInfo.poseInReferenceSpace.orientation.w = 1.0f;
    XrSpace view = XR_NULL_HANDLE;
    ASSERT_EQ(xrCreateReferenceSpace(client.session, &spaceInfo, &view), XR_SUCCESS);
    XrSpaceLocation location{XR_TYPE_SPACE_LOCATION};
    ASSERT_EQ(xrLocateSpace(view, client.stage, 1'000'000'000, &location), XR_SUCCESS);
    EXPECT_NEAR(location.pose.position.y, 1.7f, 1e-5f); // the default head height above the stage
    ASSERT_EQ(xrDestroySpace(view), XR_SUCCESS);
    EXPECT_EQ(xrLocateSpace(view, client.stage, 1'000'000'000, &location), XR_ERROR_HANDLE_INVALID);
    EXPECT_EQ(xrDestroySpace(view), XR_ERROR_HANDLE_INVALID);
    // A space handle where a session is expected.
    XrFrameState frameState{XR_TYPE_FRAME_STATE};
    EXPECT_EQ(xrWaitFrame(reinterpret_cast<XrSession>(client.stage), nullptr, &frameState), XR_ERROR_HANDLE_INVALID);
    spaceInfo.poseInReferenceSpace.orientation.w = 2.0f;
    EXPECT_EQ(xrCreateReferenceSpace(client.session, &spaceInfo, &view), XR_ERROR_POSE_INVALID);
    XrSwapchain swapchain = client.swapchain;
    ASSERT_EQ(xrDestroySwapchain(swapchain), XR_SUCCESS);
    client.swapchain = XR_NULL_HANDLE;
    uint32_t index = 0;
    EXPECT_EQ(xrAcquireSwapchainImage(swapchain, nullptr, &index), XR_ERROR_HANDLE_INVALID);
    XrSession session = client.session;
    ASSERT_EQ(xrDestroySession(session), XR_SUCCESS);
    client.session = XR_NULL_HANDLE;
    EXPECT_EQ(xrRequestExitSession(session), XR_ERROR_HANDLE_INVALID);
    EXPECT_EQ(xrLocateSpace(client.stage, client.stage, 1'000'000'000, &location), XR_ERROR_HANDLE_INVALID);
    client.shutdown();
    EXPECT_EQ(readReport(dir)["violations"].value("XR_ERROR_HANDLE_INVALID", 0), 6);
}

} // namespace
} // namespace tv::xrsim::test
