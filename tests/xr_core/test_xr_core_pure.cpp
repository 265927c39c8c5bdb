// Pure parts of the OpenXR core (label unit, no runtime, no GPU): blend mode parsing and choice, extension choice,
// startup error messages, the Vulkan version check, result names, math conversions and eyeFromXrView.
#include "xr/core/blend_mode.h"
#include "xr/core/xr_math.h"
#include "xr/core/xr_result.h"
#include "xr/core/xr_runtime.h"
#include "xr/core/xr_vulkan_provider.h"

#include <gtest/gtest.h>

#include <vector>

namespace tv::xr {
namespace {

TEST(XrBlendMode, ParseAndFormatRoundTrip) {
    for (BlendMode m : {BlendMode::Opaque, BlendMode::Additive, BlendMode::AlphaBlend}) {
        auto parsed = parseBlendMode(blendModeName(m));
        ASSERT_TRUE(bool(parsed));
        EXPECT_EQ(*parsed, m);
    }
    EXPECT_EQ(blendModeName(BlendMode::AlphaBlend), "alpha-blend");
    EXPECT_EQ(*parseBlendMode("alpha_blend"), BlendMode::AlphaBlend);
    auto bad = parseBlendMode("Opaque");
    ASSERT_FALSE(bool(bad));
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(bad.error().message.find("'Opaque'"), std::string::npos);
    EXPECT_NE(bad.error().message.find("alpha-blend"), std::string::npos);
}

TEST(XrBlendMode, ChoiceFollowsRequestThenRuntimePreference) {
    const std::vector<BlendMode> ar{BlendMode::AlphaBlend, BlendMode::Opaque};
    EXPECT_EQ(*chooseBlendMode(ar, std::nullopt), BlendMode::AlphaBlend); // the runtime's first = preferred
    EXPECT_EQ(*chooseBlendMode(ar, BlendMode::Opaque), BlendMode::Opaque);
    auto missing = chooseBlendMode(ar, BlendMode::Additive);
    ASSERT_FALSE(bool(missing));
    EXPECT_EQ(missing.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(missing.error().message, "blend mode additive is not offered by this headset (it offers: alpha-blend, "
                                       "opaque)");
    auto none = chooseBlendMode({}, std::nullopt);
    ASSERT_FALSE(bool(none));
    EXPECT_EQ(none.error().code, ErrorCode::Unsupported);
}

TEST(XrBlendMode, ClearAlphaAndOpenXrEnums) {
    EXPECT_EQ(clearAlphaFor(BlendMode::Opaque), 1.0f);
    EXPECT_EQ(clearAlphaFor(BlendMode::Additive), 0.0f);
    EXPECT_EQ(clearAlphaFor(BlendMode::AlphaBlend), 0.0f);
    for (BlendMode m : {BlendMode::Opaque, BlendMode::Additive, BlendMode::AlphaBlend}) EXPECT_EQ(fromXr(toXr(m)), m);
    EXPECT_EQ(toXr(BlendMode::AlphaBlend), XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND);
    EXPECT_FALSE(fromXr(XrEnvironmentBlendMode(1000)).has_value());
}

TEST(XrRuntimeHelpers, ExtensionChoiceNeedsVulkanEnable2) {
    const std::vector<std::string> all{"XR_EXT_debug_utils", XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME,
                                       XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME};
    auto both = chooseExtensions(all, true);
    ASSERT_TRUE(bool(both));
    EXPECT_TRUE(both->depthLayer);
    EXPECT_EQ(both->enabled.size(), 2u);
    auto noDepth = chooseExtensions(all, false);
    ASSERT_TRUE(bool(noDepth));
    EXPECT_FALSE(noDepth->depthLayer);
    EXPECT_EQ(noDepth->enabled, std::vector<std::string>{XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME});
    const std::vector<std::string> depthOnly{XR_KHR_COMPOSITION_LAYER_DEPTH_EXTENSION_NAME, "XR_KHR_vulkan_enable"};
    auto missing = chooseExtensions(depthOnly, true);
    ASSERT_FALSE(bool(missing));
    EXPECT_EQ(missing.error().code, ErrorCode::Unsupported);
    EXPECT_NE(missing.error().message.find("does not offer XR_KHR_vulkan_enable2"), std::string::npos);
}

TEST(XrRuntimeHelpers, StartupErrorsSpeakToTheUser) {
    EXPECT_EQ(startupError("xrCreateInstance", XR_ERROR_RUNTIME_UNAVAILABLE, nullptr).message,
              "no OpenXR runtime is installed or active (set XR_RUNTIME_JSON to a runtime manifest, e.g. Monado's or "
              "SteamVR's; see README)");
    const std::string withJson = startupError("xrCreateInstance", XR_ERROR_RUNTIME_UNAVAILABLE, "/x.json").message;
    EXPECT_NE(withJson.find("XR_RUNTIME_JSON=/x.json could not be loaded"), std::string::npos) << withJson;
    EXPECT_EQ(
        startupError("xrGetSystem", XR_ERROR_FORM_FACTOR_UNAVAILABLE, nullptr).message.rfind("no headset connected", 0),
        0u);
    EXPECT_EQ(startupError("xrGetSystem", XR_ERROR_FORM_FACTOR_UNSUPPORTED, nullptr).code, ErrorCode::Unsupported);
    EXPECT_EQ(startupError("xrCreateInstance", XR_ERROR_EXTENSION_NOT_PRESENT, nullptr).message,
              "xrCreateInstance failed: XR_ERROR_EXTENSION_NOT_PRESENT");
}

TEST(XrRuntimeHelpers, VulkanVersionRangeIsComparedOnMajorMinor) {
    const XrVersion v11 = XR_MAKE_VERSION(1, 1, 0), v13 = XR_MAKE_VERSION(1, 3, 250);
    EXPECT_EQ(fitApiVersion(VK_API_VERSION_1_3, v11, v13), ApiVersionFit::Inside);
    EXPECT_EQ(fitApiVersion(VK_MAKE_API_VERSION(0, 1, 3, 0), v13, v13), ApiVersionFit::Inside); // patch ignored
    EXPECT_EQ(fitApiVersion(VK_API_VERSION_1_3, v11, XR_MAKE_VERSION(1, 2, 0)), ApiVersionFit::Above);
    EXPECT_EQ(fitApiVersion(VK_API_VERSION_1_1, XR_MAKE_VERSION(1, 2, 0), v13), ApiVersionFit::Below);
    EXPECT_EQ(vulkanVersionText(v13), "1.3");
}

TEST(XrResultNames, KnownAndUnknownResults) {
    EXPECT_EQ(resultName(XR_ERROR_SESSION_LOST), "XR_ERROR_SESSION_LOST");
    EXPECT_EQ(resultName(XR_SESSION_LOSS_PENDING), "XR_SESSION_LOSS_PENDING");
    EXPECT_EQ(resultName(XrResult(-123456)), "XrResult(-123456)");
    EXPECT_EQ(resultString(XR_NULL_HANDLE, XR_ERROR_RUNTIME_UNAVAILABLE), "XR_ERROR_RUNTIME_UNAVAILABLE");
    EXPECT_EQ(callError(XR_NULL_HANDLE, "xrBeginSession", XR_ERROR_SESSION_NOT_READY).message,
              "xrBeginSession failed: XR_ERROR_SESSION_NOT_READY");
}

TEST(XrMath, ConversionsRoundTripAndKeepComponentOrder) {
    const XrQuaternionf q{0.1f, 0.2f, 0.3f, 0.9f}; // x, y, z, w
    const quat g = fromXr(q);
    EXPECT_FLOAT_EQ(g.w, 0.9f);
    EXPECT_FLOAT_EQ(g.x, 0.1f);
    const XrQuaternionf back = toXr(g);
    EXPECT_FLOAT_EQ(back.x, q.x);
    EXPECT_FLOAT_EQ(back.w, q.w);
    const XrPosef pose = toXr(vec3(1, 2, 3), glm::angleAxis(glm::radians(90.0f), vec3(0, 1, 0)));
    const Pose p = fromXr(pose);
    EXPECT_FLOAT_EQ(p.position.z, 3.0f);
    // 90 degrees about +Y turns -Z (forward) into -X.
    const vec3 forward = p.orientation * vec3(0, 0, -1);
    EXPECT_NEAR(forward.x, -1.0f, 1e-6f);
    EXPECT_NEAR(forward.z, 0.0f, 1e-6f);
    // Composition and inverse agree with matrices.
    const Pose a{vec3(0.5f, 0, 0), glm::angleAxis(0.3f, glm::normalize(vec3(1, 1, 0)))};
    const vec3 pt(0.2f, -1.0f, 4.0f);
    const vec3 viaMatrix = vec3((a.matrix() * p.matrix()) * vec4(pt, 1.0f));
    const vec3 viaPose = (a * p).transformPoint(pt);
    EXPECT_NEAR(glm::distance(viaMatrix, viaPose), 0.0f, 1e-5f);
    EXPECT_NEAR(glm::distance((a.inverse() * a).transformPoint(pt), pt), 0.0f, 1e-5f);
}

TEST(XrMath, EyeFromXrViewKeepsPoseAndAsymmetricFov) {
    XrView view{XR_TYPE_VIEW};
    view.pose = toXr(vec3(-0.032f, 1.7f, 0.0f), glm::angleAxis(glm::radians(30.0f), vec3(0, 1, 0)));
    view.fov = {-0.9f, 0.7f, 0.8f, -0.85f}; // left, right, up, down
    const gfx::StereoEye eye = eyeFromXrView(view);
    EXPECT_FLOAT_EQ(eye.position.x, -0.032f);
    EXPECT_FLOAT_EQ(eye.position.y, 1.7f);
    EXPECT_FLOAT_EQ(eye.angleLeft, -0.9f);
    EXPECT_FLOAT_EQ(eye.angleRight, 0.7f);
    EXPECT_FLOAT_EQ(eye.angleUp, 0.8f);
    EXPECT_FLOAT_EQ(eye.angleDown, -0.85f);
    // A point straight along the view's -Z lands in front of the eye in the renderer's view space.
    const vec3 ahead = eye.position + eye.orientation * vec3(0, 0, -2);
    const vec4 inEye = gfx::stereoView(eye) * vec4(ahead, 1.0f);
    EXPECT_NEAR(inEye.x, 0.0f, 1e-5f);
    EXPECT_NEAR(inEye.z, -2.0f, 1e-5f);
    // With a world transform (teleported 3 m along +X, turned 180 degrees): the eye moves with it.
    const Pose worldFromReference{vec3(3, 0, 0), glm::angleAxis(glm::radians(180.0f), vec3(0, 1, 0))};
    const gfx::StereoEye moved = eyeFromXrView(view, worldFromReference);
    EXPECT_NEAR(moved.position.x, 3.032f, 1e-5f);
    EXPECT_NEAR(moved.position.y, 1.7f, 1e-5f);
    EXPECT_FLOAT_EQ(moved.angleLeft, -0.9f);
}

} // namespace
} // namespace tv::xr
