// The OpenXR core against the simulated runtime (labels gpu, xr): a session starts, runs frames and exits cleanly;
// the captured eyes match an offscreen stereo render of the same views and differ by the expected parallax; blend
// modes (VR, AR alpha-blend, additive, overrides); depth submission with and without the extension. Every test
// runs the Khronos validation layer and checks the runtime's report for violations.
#include "xr_core_test_util.h"

#include <cmath>

namespace tv::xr::test {
namespace {

constexpr const char* kSize = R"("width": 128, "height": 128)";

struct ImageDiff {
    int maxDiff = 0;
    double fractionOver = 0; // pixels with a channel differing by more than `threshold`
};

ImageDiff compareImages(const image::Rgba8Image& a, const image::Rgba8Image& b, int threshold) {
    ImageDiff d;
    size_t over = 0;
    const size_t n = size_t(a.width) * a.height;
    for (size_t p = 0; p < n; ++p) {
        int worst = 0;
        for (int c = 0; c < 4; ++c)
            worst = std::max(worst, std::abs(int(a.pixels[p * 4 + c]) - int(b.pixels[p * 4 + c])));
        d.maxDiff = std::max(d.maxDiff, worst);
        if (worst > threshold) ++over;
    }
    d.fractionOver = n ? double(over) / double(n) : 0.0;
    return d;
}

// Alpha-weighted x centroid (pixels) and covered pixel count of an image.
std::pair<double, size_t> alphaCentroid(const image::Rgba8Image& img) {
    double sum = 0, weight = 0;
    size_t covered = 0;
    for (uint32_t y = 0; y < img.height; ++y)
        for (uint32_t x = 0; x < img.width; ++x) {
            const double a = img.at(x, y)[3] / 255.0;
            sum += a * (x + 0.5);
            weight += a;
            covered += a > 0.5 ? 1 : 0;
        }
    return {weight > 0 ? sum / weight : 0.0, covered};
}

void expectCleanReport(const std::filesystem::path& dir, int minFrames) {
    const auto report = readReport(dir);
    ASSERT_FALSE(report.is_null()) << "no report in " << dir;
    EXPECT_EQ(report["violationsTotal"].get<int>(), 0) << report.dump();
    EXPECT_GE(report["frames"].get<int>(), minFrames);
}

TEST(XrCoreSession, StartsRunsThirtyFramesAndExitsCleanly) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, std::string("{") + kSize + "}");
    XrRig rig;
    ASSERT_NO_FATAL_FAILURE(makeRig(rig));
    EXPECT_EQ(rig.runtime->systemInfo().runtimeName, "twinview simulated headset");
    EXPECT_EQ(rig.host->info().referenceSpace, "STAGE");
    EXPECT_EQ(rig.host->eyeSize().width, 128u);
    EXPECT_EQ(rig.host->info().colorFormat, VK_FORMAT_R8G8B8A8_SRGB);
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->lifecycle().focused; }, 10));
    const uint64_t start = rig.host->stats().frames;
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->stats().frames >= start + 30; }, 40));
    EXPECT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    rig.host->requestExit();
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->lifecycle().shouldQuit; }, 10));
    const XrLifecycle& life = rig.host->lifecycle();
    EXPECT_EQ(life.state, XR_SESSION_STATE_EXITING);
    EXPECT_FALSE(life.lost);
    EXPECT_FALSE(life.running);
    const std::vector<XrSessionState> expected{XR_SESSION_STATE_READY, XR_SESSION_STATE_FOCUSED,
                                               XR_SESSION_STATE_EXITING};
    // pollEvents drains several changes at once: the driver sees READY (begun), FOCUSED after the first frame and
    // EXITING once the exit went through STOPPING.
    EXPECT_EQ(driver.states, expected);
    EXPECT_TRUE(driver.sawEvent("session started"));
    EXPECT_TRUE(driver.sawEvent("headset focused"));
    EXPECT_TRUE(driver.sawEvent("exit requested by the app"));
    EXPECT_TRUE(driver.sawEvent("session exiting"));
    const XrFrameStats stats = rig.host->stats();
    EXPECT_GE(stats.framesRendered, 30u);
    EXPECT_EQ(stats.invalidPoseFrames, 0u);
    EXPECT_GT(stats.lastPoseToSubmitMs, 0.0);
    std::printf("pose to submission %.2f ms, render %.2f ms\n", stats.lastPoseToSubmitMs, stats.lastRenderMs);
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    expectCleanReport(dir, 31);
}

TEST(XrCoreSession, EyeCapturesMatchOffscreenStereoOfTheSameViews) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, std::string("{") + kSize + ", " + captureJson(dir, "[6]") + "}");
    XrRig rig;
    // One sample per pixel: an MSAA resolve into the sRGB swapchain averages linear values, into the UNORM
    // offscreen target encoded ones, so multisampled edges would differ between the two paths by design.
    ASSERT_NO_FATAL_FAILURE(makeRig(rig, {}, gfx::LightingMode::Neutral, 1));
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->stats().frames >= 8; }, 12));
    ASSERT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    ASSERT_TRUE(driver.viewsByFrame.count(6));
    const auto& views = driver.viewsByFrame[6];
    // The golden: the same renderer draws the same eyes offscreen (display-encoded RGBA8, like the sRGB swapchain
    // the runtime captured).
    const std::array<gfx::StereoEye, 2> eyes{eyeFromXrView(views[0]), eyeFromXrView(views[1])};
    gfx::StereoOptions options = driver.stereo;
    options.clearAlpha = 1.0f;
    auto golden = rig.renderer->renderStereoToImages(scene->extract, eyes, 128, 128, options);
    ASSERT_TRUE(bool(golden)) << golden.error().message;
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    expectCleanReport(dir, 8);
    const auto left = image::readPng(captureName(dir, 6, "left"));
    const auto right = image::readPng(captureName(dir, 6, "right"));
    ASSERT_TRUE(left.hasValue()) << left.error().message;
    ASSERT_TRUE(right.hasValue()) << right.error().message;
    ASSERT_EQ(left->width, 128u);
    ASSERT_EQ(right->height, 128u);
    // Not empty: the plant covers a good part of each eye (the neutral rig's background is black).
    size_t lit = 0;
    for (size_t p = 0; p < left->pixels.size(); p += 4)
        lit += (left->pixels[p] + left->pixels[p + 1] + left->pixels[p + 2]) > 30;
    EXPECT_GT(lit, size_t(128 * 128 / 20));
    const ImageDiff eyesDiff = compareImages(*left, *right, 2);
    std::printf("left vs right: %.1f%% of pixels differ by more than 2\n", 100.0 * eyesDiff.fractionOver);
    EXPECT_GT(eyesDiff.fractionOver, 0.01) << "left and right eye should differ (parallax)";
    const std::array<const image::Rgba8Image*, 2> captured{&*left, &*right};
    for (int eye = 0; eye < 2; ++eye) {
        const ImageDiff d = compareImages(*captured[size_t(eye)], (*golden)[size_t(eye)], 2);
        std::printf("eye %d vs offscreen stereo: max diff %d, %.3f%% of pixels over 2\n", eye, d.maxDiff,
                    100.0 * d.fractionOver);
        EXPECT_LE(d.fractionOver, 0.001) << "eye " << eye << " max diff " << d.maxDiff;
        EXPECT_LE(d.maxDiff, 2) << "eye " << eye; // the sRGB encode round trip may differ by one
        if (d.fractionOver > 0.001 || d.maxDiff > 2) {
            (void)image::writePng(dir / ("golden-" + std::to_string(eye) + ".png"), (*golden)[size_t(eye)]);
        }
    }
}

TEST(XrCoreSession, NearObjectParallaxMatchesIpdAndFieldOfView) {
    const auto dir = testDir();
    // AR alpha-blend: alpha is the card's coverage, the background has alpha 0.
    useSimulatedRuntime(dir, std::string(R"({"width": 256, "height": 256, "ipd": 0.064, "fovHalfAngleDeg": 45,
                                             "blendModes": ["alpha_blend"], )") +
                                 captureJson(dir, "[3]") + "}");
    XrRig rig;
    ASSERT_NO_FATAL_FAILURE(makeRig(rig));
    const float distance = 0.8f; // card centre straight ahead of the head (eyes at y = 1.7)
    const auto scene = TestScene::card(vec3(0.0f, 1.7f, -distance));
    FrameDriver driver(rig, *scene);
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->stats().frames >= 4; }, 8));
    ASSERT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    ASSERT_TRUE(driver.viewsByFrame.count(3));
    const auto& views = driver.viewsByFrame[3];
    const float ipd = std::abs(views[1].pose.position.x - views[0].pose.position.x);
    EXPECT_NEAR(ipd, 0.064f, 1e-5f);
    EXPECT_NEAR(views[0].fov.angleRight, glm::radians(45.0f), 1e-5f);
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    expectCleanReport(dir, 4);
    const auto left = image::readPng(captureName(dir, 3, "left"));
    const auto right = image::readPng(captureName(dir, 3, "right"));
    ASSERT_TRUE(left.hasValue() && right.hasValue());
    const auto [cl, nl] = alphaCentroid(*left);
    const auto [cr, nr] = alphaCentroid(*right);
    ASSERT_GT(nl, 1000u);
    ASSERT_GT(nr, 1000u);
    // The left eye sits at -x, so the card appears further right in its image: disparity = ipd * f / depth with
    // f = (width / 2) / tan(45 deg) pixels and depth = the card's front face (5 mm nearer than its centre).
    const double focal = 128.0 / std::tan(glm::radians(45.0));
    const double expected = 0.064 * focal / (distance - 0.005);
    EXPECT_NEAR(cl - cr, expected, 2.0) << "centroids " << cl << " / " << cr;
    // And the midpoint sits where the card is: in the middle of the image.
    EXPECT_NEAR(0.5 * (cl + cr), 128.0, 2.0);
}

// Runs a short session with `script` and `options`; returns the chosen mode and the left eye of frame 2.
struct BlendRun {
    BlendMode chosen = BlendMode::Opaque;
    image::Rgba8Image left;
};

void runBlend(const std::string& blendModes, std::optional<BlendMode> requested, BlendRun& out) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, std::string("{") + kSize + R"(, "blendModes": )" + blendModes + ", " +
                                 captureJson(dir, "[2]") + "}");
    XrRig rig;
    XrSessionOptions options;
    options.blend = requested;
    ASSERT_NO_FATAL_FAILURE(makeRig(rig, options, gfx::LightingMode::Default));
    out.chosen = rig.host->blendMode();
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->stats().frames >= 3; }, 6));
    EXPECT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    expectCleanReport(dir, 3);
    auto left = image::readPng(captureName(dir, 2, "left"));
    ASSERT_TRUE(left.hasValue()) << left.error().message;
    out.left = std::move(*left);
}

TEST(XrCoreBlend, AlphaBlendPreferredByTheRuntimeGivesTransparentBackground) {
    BlendRun run;
    ASSERT_NO_FATAL_FAILURE(runBlend(R"(["alpha_blend", "opaque"])", std::nullopt, run));
    EXPECT_EQ(run.chosen, BlendMode::AlphaBlend);
    // Top-left corner: sky in VR, nothing in AR. Centre: the plant.
    const uint8_t* corner = run.left.at(2, 2);
    EXPECT_EQ(corner[3], 0);
    EXPECT_EQ(corner[0] + corner[1] + corner[2], 0);
    EXPECT_EQ(run.left.at(64, 64)[3], 255);
}

TEST(XrCoreBlend, AdditiveOnlyRuntimeGetsAdditive) {
    BlendRun run;
    ASSERT_NO_FATAL_FAILURE(runBlend(R"(["additive"])", std::nullopt, run));
    EXPECT_EQ(run.chosen, BlendMode::Additive);
    const uint8_t* corner = run.left.at(2, 2); // black adds nothing
    EXPECT_EQ(corner[0] + corner[1] + corner[2], 0);
}

TEST(XrCoreBlend, OverrideToOpaqueWhenOffered) {
    BlendRun run;
    ASSERT_NO_FATAL_FAILURE(runBlend(R"(["alpha_blend", "opaque"])", BlendMode::Opaque, run));
    EXPECT_EQ(run.chosen, BlendMode::Opaque);
    EXPECT_EQ(run.left.at(2, 2)[3], 255);                      // the sky is drawn
    EXPECT_GT(run.left.at(2, 2)[0] + run.left.at(2, 2)[2], 0); // and is not black
}

TEST(XrCoreBlend, OverrideToAModeNotOfferedFails) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 32, "height": 32, "blendModes": ["opaque"]})");
    XrRig rig;
    ASSERT_NO_FATAL_FAILURE(makeRuntimeAndRenderer(rig));
    XrSessionOptions options;
    options.blend = BlendMode::AlphaBlend;
    auto host = XrSessionHost::create(*rig.runtime, *rig.renderer, options);
    ASSERT_FALSE(bool(host));
    EXPECT_EQ(host.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(host.error().message.find("alpha-blend is not offered"), std::string::npos) << host.error().message;
    EXPECT_NE(host.error().message.find("opaque"), std::string::npos) << host.error().message;
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    EXPECT_EQ(readReport(dir)["violationsTotal"].get<int>(), 0);
}

void runDepth(const std::string& script, const XrRuntimeOptions& runtimeOptions, const XrSessionOptions& options,
              bool expectDepth) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, script);
    XrRig rig;
    ASSERT_NO_FATAL_FAILURE(makeRuntimeAndRenderer(rig, gfx::LightingMode::Neutral, runtimeOptions));
    auto host = XrSessionHost::create(*rig.runtime, *rig.renderer, options);
    ASSERT_TRUE(bool(host)) << host.error().message;
    rig.host = std::move(*host);
    EXPECT_EQ(rig.host->info().depth, expectDepth);
    EXPECT_EQ(rig.host->info().depthNote.empty(), expectDepth) << rig.host->info().depthNote;
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    driver.stereo.zfar = std::numeric_limits<float>::infinity(); // nearZ = +inf in the depth info
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->stats().frames >= 6; }, 10));
    EXPECT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    const XrFrameStats stats = rig.host->stats();
    EXPECT_GE(stats.framesRendered, 5u);
    EXPECT_EQ(stats.depthFramesSubmitted, expectDepth ? stats.framesRendered : 0u);
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    expectCleanReport(dir, 6); // the runtime validates every depth info it receives
}

TEST(XrCoreDepth, DepthInfoIsSubmittedWithTheExtension) {
    ASSERT_NO_FATAL_FAILURE(runDepth(R"({"width": 64, "height": 64})", {}, {}, true));
}

TEST(XrCoreDepth, RunsWithoutDepthWhenTheRuntimeLacksTheExtension) {
    ASSERT_NO_FATAL_FAILURE(runDepth(R"({"width": 64, "height": 64, "depthExtension": false})", {}, {}, false));
}

TEST(XrCoreDepth, DepthCanBeTurnedOff) {
    XrSessionOptions options;
    options.depth = false;
    ASSERT_NO_FATAL_FAILURE(runDepth(R"({"width": 64, "height": 64})", {}, options, false));
}

TEST(XrCoreSession, ResolutionScaleAndBgraPreference) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 100, "height": 80})");
    XrRig rig;
    XrSessionOptions options;
    options.resolutionScale = 0.5f;
    options.colorFormats = {VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_SRGB};
    ASSERT_NO_FATAL_FAILURE(makeRig(rig, options));
    EXPECT_EQ(rig.host->eyeSize().width, 50u);
    EXPECT_EQ(rig.host->eyeSize().height, 40u);
    EXPECT_EQ(rig.host->info().colorFormat, VK_FORMAT_B8G8R8A8_SRGB);
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->stats().frames >= 3; }, 6));
    EXPECT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    rig.teardown(); // the host ends the running session itself (request exit, STOPPING, xrEndSession)
    EXPECT_EQ(rig.validationMessages, 0u);
    expectCleanReport(dir, 3);
}

} // namespace
} // namespace tv::xr::test
