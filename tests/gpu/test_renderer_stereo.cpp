// Stereo (multiview) rendering: each eye of a stereo frame matches a mono render from that eye (both eyes, both
// lighting modes, also close up where primitives are clipped at the image edges: the case llvmpipe gets wrong in a
// two-view pass, see engine/gfx/README.md "Driver bugs"), the eyes differ by the parallax the IPD and field of view
// predict, AR background alpha, and the external-image path OpenXR uses (2-layer colour and depth images the test
// owns, COLOR_ATTACHMENT_OPTIMAL before and after). Validation on.
#include "gfx/renderer.h"
#include "scene/frame_extract.h"
#include "scene/scene_generators.h"
#include "scene/scene_graph.h"
#include "test_renderer_fixture.h"
#include "test_scene_builders.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <cstring>
#include <limits>

namespace tv {
namespace {

constexpr uint32_t kSize = 160;

// The demo plant seen from an elevated three-quarter view; `closeUp` moves the camera in until the floor and the
// frame run past the image edges (their triangles are clipped: the case llvmpipe's two-view pass gets wrong).
struct PlantScene {
    scene::SceneGraph graph;
    scene::FrameExtract extract;
    scene::ViewCamera camera;
    explicit PlantScene(bool closeUp = false) {
        auto inst = graph.instantiate(scene::makeDemoPlant(), -1, {}, "plant");
        EXPECT_TRUE(bool(inst));
        graph.updateWorldTransforms();
        scene::extractFrame(graph, extract);
        Aabb b = graph.worldBounds();
        camera = scene::frameBoundsFrom(b, glm::radians(60.0f), 1.0f, vec3(0.8f, 0.6f, 1.0f));
        if (closeUp) camera.eye = camera.target + (camera.eye - camera.target) * 0.4f;
        scene::fitDepthRange(camera, b);
    }
};

// The mono camera that sees what a stereo eye sees (symmetric fov; stereoEyesAround keeps the camera's fov).
scene::ViewCamera monoCameraOf(const gfx::StereoEye& eye, const scene::ViewCamera& like) {
    scene::ViewCamera c = like;
    c.eye = eye.position;
    c.target = eye.position + eye.orientation * vec3(0, 0, -1);
    c.up = eye.orientation * vec3(0, 1, 0);
    return c;
}

struct ImageDiff {
    int maxDiff = 0;
    double fractionOver2 = 0; // pixels with some channel differing by more than 2
    double psnr = 0;
};

ImageDiff compare(const image::Rgba8Image& a, const image::Rgba8Image& b) {
    ImageDiff d;
    double sq = 0;
    size_t over = 0, n = size_t(a.width) * a.height;
    for (size_t p = 0; p < n; ++p) {
        int worst = 0;
        for (int c = 0; c < 4; ++c) {
            int v = std::abs(int(a.pixels[p * 4 + c]) - int(b.pixels[p * 4 + c]));
            worst = std::max(worst, v);
            sq += double(v) * v;
        }
        d.maxDiff = std::max(d.maxDiff, worst);
        if (worst > 2) ++over;
    }
    d.fractionOver2 = double(over) / double(n);
    double mse = sq / double(n * 4);
    d.psnr = mse == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
    return d;
}

test::RendererHolder makeStereoTestRenderer(gfx::LightingMode lighting, gfx::StereoPasses passes, bool shadows = true) {
    gfx::RendererConfig c;
    c.lighting = lighting;
    c.shadows = shadows;
    c.shadowMapSize = 512;
    c.msaaSamples = 4;
    c.stereoPasses = passes;
    return test::makeTestRenderer(c);
}

struct StereoVsMono {
    std::array<ImageDiff, 2> eye; // stereo eye i vs a mono render from eye i
    ImageDiff between;            // left vs right stereo eye
};

// Renders `s` in stereo (0.3 m IPD) and each eye in mono; TV_STEREO_DUMP=1 writes the images to /tmp.
StereoVsMono stereoVsMono(gfx::Renderer& r, gfx::LightingMode lighting, const PlantScene& s, const char* tag) {
    StereoVsMono out;
    auto eyes = gfx::stereoEyesAround(s.camera, 1.0f, 0.3f);
    gfx::StereoOptions opt;
    opt.znear = s.camera.znear;
    opt.zfar = s.camera.zfar;
    // The mono background: (0,0,0,0) in neutral lighting; the sky covers it in default lighting.
    opt.clearAlpha = lighting == gfx::LightingMode::Default ? 1.0f : 0.0f;
    auto stereo = r.renderStereoToImages(s.extract, eyes, kSize, kSize, opt);
    EXPECT_TRUE(bool(stereo)) << stereo.error().message;
    if (!stereo) return out;
    for (uint32_t i = 0; i < 2; ++i) {
        auto mono = r.renderToImage(s.extract, monoCameraOf(eyes[i], s.camera), kSize, kSize);
        EXPECT_TRUE(bool(mono)) << mono.error().message;
        if (!mono) return out;
        if (std::getenv("TV_STEREO_DUMP")) {
            (void)image::writePng(std::string("/tmp/stereo_") + tag + "_eye" + char('0' + i) + ".png", (*stereo)[i]);
            (void)image::writePng(std::string("/tmp/stereo_") + tag + "_mono" + char('0' + i) + ".png", *mono);
        }
        out.eye[i] = compare((*stereo)[i], *mono);
    }
    out.between = compare((*stereo)[0], (*stereo)[1]);
    return out;
}

void expectEyesMatchMono(gfx::LightingMode lighting, bool closeUp, gfx::StereoPasses passes, bool shadows,
                         double minPsnr, double maxFraction) {
    auto h = makeStereoTestRenderer(lighting, passes, shadows);
    TV_REQUIRE_RENDERER(h);
    PlantScene s(closeUp);
    const std::string tag = std::string(lighting == gfx::LightingMode::Default ? "default" : "neutral") +
                            (closeUp ? "_close" : "") + (passes == gfx::StereoPasses::PerEye ? "_pereye" : "");
    StereoVsMono d = stereoVsMono(*h.renderer, lighting, s, tag.c_str());
    for (uint32_t i = 0; i < 2; ++i) {
        EXPECT_GE(d.eye[i].psnr, minPsnr) << "eye " << i << " (" << tag << ")";
        EXPECT_LE(d.eye[i].fractionOver2, maxFraction)
            << "eye " << i << " (" << tag << ") max diff " << d.eye[i].maxDiff;
    }
    EXPECT_GT(d.between.fractionOver2, 0.01) << "the two eyes should differ (parallax)";
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererStereo, EachEyeMatchesMonoRenderNeutral) {
    expectEyesMatchMono(gfx::LightingMode::Neutral, false, gfx::StereoPasses::Auto, true, 45.0, 0.002);
}

// Default lighting: the sky, and shadows fitted once to the centre camera (mono fits them to its own camera), so
// shadow edges may move by a texel (about 2% of the pixels differ by more than 2 levels at 160x160).
TEST(RendererStereo, EachEyeMatchesMonoRenderDefaultLighting) {
    expectEyesMatchMono(gfx::LightingMode::Default, false, gfx::StereoPasses::Auto, true, 35.0, 0.05);
}

// Close up, primitives run past the image edges and are clipped, in both eyes. Default lighting without shadows
// here (close up, the centre camera's cascades move many shadow edges by a texel against mono's), so the sky and
// the image-based light must match as tightly as the neutral rig.
TEST(RendererStereo, EachEyeMatchesMonoCloseUpNeutral) {
    expectEyesMatchMono(gfx::LightingMode::Neutral, true, gfx::StereoPasses::Auto, true, 45.0, 0.002);
}

TEST(RendererStereo, EachEyeMatchesMonoCloseUpDefaultLighting) {
    expectEyesMatchMono(gfx::LightingMode::Default, true, gfx::StereoPasses::Auto, false, 45.0, 0.002);
}

// The per-eye recording (llvmpipe's workaround) forced on whatever device runs the tests: the same pictures.
TEST(RendererStereo, PerEyePassesMatchMono) {
    expectEyesMatchMono(gfx::LightingMode::Default, true, gfx::StereoPasses::PerEye, false, 45.0, 0.002);
}

TEST(RendererStereo, PassCountFollowsConfigAndDriver) {
    for (auto passes : {gfx::StereoPasses::Auto, gfx::StereoPasses::OnePass, gfx::StereoPasses::PerEye}) {
        auto h = makeStereoTestRenderer(gfx::LightingMode::Neutral, passes);
        TV_REQUIRE_RENDERER(h);
        const bool llvmpipe = h.renderer->deviceName().find("llvmpipe") != std::string::npos;
        const uint32_t expected = passes == gfx::StereoPasses::PerEye             ? 2u
                                  : passes == gfx::StereoPasses::Auto && llvmpipe ? 2u
                                                                                  : 1u;
        EXPECT_EQ(h.renderer->stereoPassCount(), expected) << "passes " << int(passes);
    }
}

// The evidence behind StereoPasses::Auto on llvmpipe (engine/gfx/README.md, "Driver bugs"): forced into one two-view
// pass, the right eye loses the clipped primitives (the sky's full-screen triangle, the floor) while the left eye,
// which gets them drawn over it, still nearly matches. When a Mesa release fixes this, the test skips with a note:
// then narrow the Auto gate in stereo_renderer.cpp to the broken versions.
TEST(RendererStereo, LlvmpipeOnePassStillMisrendersClipping) {
    auto h = makeStereoTestRenderer(gfx::LightingMode::Default, gfx::StereoPasses::OnePass, false);
    TV_REQUIRE_RENDERER(h);
    if (h.renderer->deviceName().find("llvmpipe") == std::string::npos)
        GTEST_SKIP() << "only about llvmpipe; this device is " << h.renderer->deviceName();
    PlantScene s(true);
    StereoVsMono d = stereoVsMono(*h.renderer, gfx::LightingMode::Default, s, "default_close_onepass");
    std::printf("llvmpipe, one two-view pass: eye 0 vs mono %.1f dB, eye 1 vs mono %.1f dB (%.0f%% of pixels off)\n",
                d.eye[0].psnr, d.eye[1].psnr, 100.0 * d.eye[1].fractionOver2);
    if (d.eye[1].psnr >= 35.0)
        GTEST_SKIP() << "this llvmpipe renders two-view passes right: StereoPasses::Auto can keep one pass here";
    EXPECT_LT(d.eye[1].psnr, 25.0);
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

// A unit box `distance` metres straight ahead of the eye midpoint; returns the x centroid of covered pixels per eye.
struct BoxParallax {
    double centroid[2] = {0, 0};
    size_t covered[2] = {0, 0};
};

BoxParallax measureParallax(gfx::Renderer& r, float distance, float ipd, float halfFov) {
    scene::FrameExtract ex;
    auto box = test::makeBoxAsset(vec4(0.8f, 0.8f, 0.8f, 1.0f), 0.0f, 0.5f);
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(0, 0, -distance)) * glm::scale(mat4(1.0f), vec3(0.3f)), 1);
    scene::ViewCamera cam;
    cam.eye = vec3(0);
    cam.target = vec3(0, 0, -1);
    cam.yfov = 2.0f * halfFov;
    auto eyes = gfx::stereoEyesAround(cam, 1.0f, ipd);
    gfx::StereoOptions opt;
    opt.clearAlpha = 0.0f;
    opt.znear = 0.05f;
    opt.zfar = std::numeric_limits<float>::infinity();
    auto images = r.renderStereoToImages(ex, eyes, kSize, kSize, opt);
    EXPECT_TRUE(bool(images));
    BoxParallax p;
    if (!images) return p;
    for (uint32_t i = 0; i < 2; ++i) {
        double sum = 0, weight = 0;
        for (uint32_t y = 0; y < kSize; ++y)
            for (uint32_t x = 0; x < kSize; ++x) {
                double a = (*images)[i].at(x, y)[3] / 255.0; // coverage
                sum += a * (x + 0.5);
                weight += a;
                if (a > 0.5) ++p.covered[i];
            }
        p.centroid[i] = weight > 0 ? sum / weight : 0.0;
    }
    return p;
}

TEST(RendererStereo, NearObjectShiftsByExpectedDisparity) {
    auto h = test::makeTestRenderer(gfx::LightingMode::Neutral);
    TV_REQUIRE_RENDERER(h);
    const float ipd = 0.064f, halfFov = glm::radians(45.0f);
    const float focalPixels = (kSize * 0.5f) / std::tan(halfFov);
    for (float distance : {0.5f, 1.0f, 3.0f}) {
        BoxParallax p = measureParallax(*h.renderer, distance, ipd, halfFov);
        ASSERT_GT(p.covered[0], 20u);
        ASSERT_GT(p.covered[1], 20u);
        // The left eye sits at -x: the box appears further right in its image. Disparity = ipd * f / distance
        // (the front face, at distance - 0.15, dominates; the centroid lies between the two).
        double expected = ipd * focalPixels / distance;
        double expectedFront = ipd * focalPixels / (distance - 0.15);
        double measured = p.centroid[0] - p.centroid[1];
        EXPECT_GT(measured, expected - 1.0) << "distance " << distance;
        EXPECT_LT(measured, expectedFront + 1.0) << "distance " << distance;
    }
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererStereo, ClearAlphaZeroGivesTransparentBackground) {
    auto h = test::makeTestRenderer(gfx::LightingMode::Default);
    TV_REQUIRE_RENDERER(h);
    PlantScene s;
    auto eyes = gfx::stereoEyesAround(s.camera, 1.0f, 0.064f);
    gfx::StereoOptions opt;
    opt.znear = s.camera.znear;
    opt.zfar = s.camera.zfar;
    opt.clearAlpha = 0.0f;
    auto ar = h.renderer->renderStereoToImages(s.extract, eyes, kSize, kSize, opt);
    ASSERT_TRUE(bool(ar)) << ar.error().message;
    opt.clearAlpha = 1.0f;
    auto vr = h.renderer->renderStereoToImages(s.extract, eyes, kSize, kSize, opt);
    ASSERT_TRUE(bool(vr)) << vr.error().message;
    for (uint32_t i = 0; i < 2; ++i) {
        size_t transparent = 0, opaque = 0, n = size_t(kSize) * kSize;
        for (size_t p = 0; p < n; ++p) {
            uint8_t a = (*ar)[i].pixels[p * 4 + 3];
            if (a == 0) {
                ++transparent;
                // Nothing drawn there: black, no sky.
                EXPECT_EQ((*ar)[i].pixels[p * 4 + 0], 0);
            }
            if (a == 255) ++opaque;
            EXPECT_EQ((*vr)[i].pixels[p * 4 + 3], 255) << "VR: sky everywhere";
        }
        // The top corners see the sky (nothing there in AR), the centre sees the plant.
        EXPECT_EQ((*ar)[i].at(1, 1)[3], 0);
        EXPECT_EQ((*ar)[i].at(kSize / 2, kSize / 2)[3], 255);
        EXPECT_GT(transparent, n / 20) << "eye " << i;
        EXPECT_GT(opaque, n / 10) << "eye " << i;
    }
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererStereo, RejectsBadArguments) {
    auto h = test::makeTestRenderer(gfx::LightingMode::Neutral);
    TV_REQUIRE_RENDERER(h);
    scene::FrameExtract ex;
    std::array<gfx::StereoEye, 2> eyes{};
    auto r = h.renderer->renderStereoToImages(ex, eyes, 0, 16, {});
    ASSERT_FALSE(bool(r));
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    gfx::ExternalStereoTarget target; // no image
    target.width = target.height = 16;
    auto e = h.renderer->renderStereo(ex, eyes, target, {});
    ASSERT_FALSE(bool(e));
    EXPECT_EQ(e.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererStereo, ProjectionFromAsymmetricFov) {
    gfx::StereoEye eye;
    eye.angleLeft = -0.9f;
    eye.angleRight = 0.6f;
    eye.angleUp = 0.7f;
    eye.angleDown = -0.8f;
    mat4 p = gfx::stereoProjection(eye, 0.1f, 100.0f);
    auto ndc = [&](vec3 v) {
        vec4 c = p * vec4(v, 1.0f);
        return vec3(c) / c.w;
    };
    // Points on the frustum's edges at distance 2 land on the NDC borders; Y is down in Vulkan.
    EXPECT_NEAR(ndc(vec3(2.0f * std::tan(-0.9f), 0, -2)).x, -1.0f, 1e-5f);
    EXPECT_NEAR(ndc(vec3(2.0f * std::tan(0.6f), 0, -2)).x, 1.0f, 1e-5f);
    EXPECT_NEAR(ndc(vec3(0, 2.0f * std::tan(0.7f), -2)).y, -1.0f, 1e-5f);
    EXPECT_NEAR(ndc(vec3(0, 2.0f * std::tan(-0.8f), -2)).y, 1.0f, 1e-5f);
    // Reversed-Z: near -> 1, far -> 0; infinite far: depth = near / distance.
    EXPECT_NEAR(ndc(vec3(0, 0, -0.1f)).z, 1.0f, 1e-5f);
    EXPECT_NEAR(ndc(vec3(0, 0, -100.0f)).z, 0.0f, 1e-5f);
    mat4 inf = gfx::stereoProjection(eye, 0.1f, std::numeric_limits<float>::infinity());
    vec4 c = inf * vec4(0, 0, -4.0f, 1.0f);
    EXPECT_NEAR(c.z / c.w, 0.1f / 4.0f, 1e-6f);
    // A symmetric eye from a camera has the camera's projection.
    scene::ViewCamera cam;
    cam.yfov = 0.9f;
    cam.znear = 0.1f;
    cam.zfar = 100.0f;
    gfx::StereoEye fromCam = gfx::stereoEyeFromCamera(cam, 1.5f);
    mat4 a = gfx::stereoProjection(fromCam, 0.1f, 100.0f), b = cam.projection(1.5f);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) EXPECT_NEAR(a[i][j], b[i][j], 1e-5f);
    mat4 va = gfx::stereoView(fromCam), vb = cam.view();
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) EXPECT_NEAR(va[i][j], vb[i][j], 1e-5f);
}

} // namespace
} // namespace tv
