// Renderer unit tests on the Vulkan device (lavapipe in CI) with the validation layer on: device creation, the
// neutral shading of a code-built quad against the BRDF evaluated on the CPU, alpha/coverage, mirrored winding,
// picking, culling counts, instancing, resource release through the retire list, default lighting's shadows, and
// the window target under Xvfb. No Vulkan device -> every test is skipped with the creation error.
#include "gfx/gpu_resources.h"
#include "gfx/renderer.h"
#include "test_renderer_fixture.h"
#include "test_scene_builders.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

using namespace tv;

namespace {

// ---- CPU reference of the neutral rig (shared/gltf-reference/README.md) -------------------------------------------

constexpr double kPi = 3.14159265358979323846;

double dGgx(double NdotH, double a) {
    double a2 = a * a, f = NdotH * NdotH * (a2 - 1) + 1;
    return a2 / (kPi * f * f);
}
double vGgx(double NdotL, double NdotV, double a) {
    double a2 = a * a;
    double v = NdotL * std::sqrt(NdotV * NdotV * (1 - a2) + a2) + NdotV * std::sqrt(NdotL * NdotL * (1 - a2) + a2);
    return v > 0 ? 0.5 / v : 0;
}

// The split-sum LUT entry (scale, bias) at (NdotV, perceptual roughness), 512 Hammersley samples.
glm::dvec2 lutEntry(double NdotV, double roughness) {
    const uint32_t n = 512;
    double alpha = roughness * roughness;
    glm::dvec3 v(std::sqrt(1 - NdotV * NdotV), 0, NdotV);
    double a = 0, b = 0;
    for (uint32_t i = 0; i < n; ++i) {
        uint32_t bits = i;
        bits = (bits << 16u) | (bits >> 16u);
        bits = ((bits & 0x55555555u) << 1u) | ((bits & 0xAAAAAAAAu) >> 1u);
        bits = ((bits & 0x33333333u) << 2u) | ((bits & 0xCCCCCCCCu) >> 2u);
        bits = ((bits & 0x0F0F0F0Fu) << 4u) | ((bits & 0xF0F0F0F0u) >> 4u);
        bits = ((bits & 0x00FF00FFu) << 8u) | ((bits & 0xFF00FF00u) >> 8u);
        double x1 = double(i) / n, x2 = double(bits) * 2.3283064365386963e-10;
        double cosT = std::sqrt((1 - x2) / (1 + (alpha * alpha - 1) * x2));
        double sinT = std::sqrt(std::max(0.0, 1 - cosT * cosT));
        double phi = 2 * kPi * x1;
        glm::dvec3 h(sinT * std::cos(phi), sinT * std::sin(phi), cosT);
        glm::dvec3 l = glm::normalize(2.0 * glm::dot(v, h) * h - v);
        double NdotL = std::clamp(l.z, 0.0, 1.0), NdotH = std::clamp(h.z, 0.0, 1.0);
        double VdotH = std::clamp(glm::dot(v, h), 0.0, 1.0);
        if (NdotL > 0) {
            double vPdf = vGgx(NdotL, NdotV, alpha) * VdotH * NdotL / NdotH;
            double fc = std::pow(1 - VdotH, 5.0);
            a += (1 - fc) * vPdf;
            b += fc * vPdf;
        }
    }
    return {4 * a / n, 4 * b / n};
}

// What the GPU's bilinear fetch of the 128^2 LUT at (1.0, roughness) returns.
glm::dvec2 lutSample(double roughness) {
    double t = std::clamp(roughness * 128.0 - 0.5, 0.0, 127.0);
    int i0 = int(std::floor(t));
    int i1 = std::min(i0 + 1, 127);
    double f = t - i0;
    double nv = 127.5 / 128.0;
    return glm::mix(lutEntry(nv, (i0 + 0.5) / 128.0), lutEntry(nv, (i1 + 0.5) / 128.0), f);
}

glm::dvec3 iblFresnel(glm::dvec3 f0, glm::dvec2 fab) {
    glm::dvec3 kS = f0; // NdotV = 1: the (1 - NdotV)^5 term vanishes
    glm::dvec3 fssEss = kS * fab.x + fab.y;
    double ems = 1 - (fab.x + fab.y);
    glm::dvec3 fAvg = f0 + (1.0 - f0) / 21.0;
    return fssEss + ems * fssEss * fAvg / (1.0 - fAvg * ems);
}

glm::dvec3 toneMap(glm::dvec3 c) {
    double x = std::min(c.r, std::min(c.g, c.b));
    double offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
    c -= offset;
    double peak = std::max(c.r, std::max(c.g, c.b));
    if (peak >= 0.76) {
        double d = 0.24, newPeak = 1 - d * d / (peak + d - 0.76);
        c *= newPeak / peak;
        double g = 1 - 1 / (0.15 * (peak - newPeak) + 1);
        c = glm::mix(c, glm::dvec3(newPeak), g);
    }
    c = glm::clamp(c, 0.0, 1.0);
    return glm::pow(c, glm::dvec3(1 / 2.2));
}

// Neutral-rig colour (8-bit) of a surface with normal +Z seen along -Z (v = +Z).
glm::dvec3 expectedNeutral(glm::dvec3 base, double metallic, double roughness) {
    glm::dvec3 n(0, 0, 1), v(0, 0, 1);
    double alpha = roughness * roughness;
    glm::dvec2 fab = lutSample(roughness);
    glm::dvec3 env(0.3);
    glm::dvec3 dielectricIbl = glm::mix(env * base, env, iblFresnel(glm::dvec3(0.04), fab));
    glm::dvec3 metalIbl = env * iblFresnel(base, fab);
    glm::dvec3 color = glm::mix(dielectricIbl, metalIbl, metallic);
    const glm::dvec3 dirs[2] = {{-0.45, -0.8, -0.4}, {0.7, -0.1, -0.7}};
    const double intensity[2] = {3.0, 1.0};
    for (int i = 0; i < 2; ++i) {
        glm::dvec3 l = -glm::normalize(dirs[i]);
        glm::dvec3 h = glm::normalize(l + v);
        double NdotL = std::clamp(glm::dot(n, l), 0.0, 1.0), NdotH = std::clamp(glm::dot(n, h), 0.0, 1.0);
        double VdotH = std::clamp(glm::dot(v, h), 0.0, 1.0), NdotV = 1.0;
        glm::dvec3 radiance(intensity[i]);
        glm::dvec3 diffuse = radiance * NdotL * base / kPi;
        glm::dvec3 spec = radiance * NdotL * dGgx(NdotH, alpha) * vGgx(NdotL, NdotV, alpha);
        double fc = std::pow(1 - VdotH, 5.0);
        glm::dvec3 fDielectric = glm::dvec3(0.04) + (1.0 - 0.04) * fc;
        glm::dvec3 fMetal = base + (1.0 - base) * fc;
        color += glm::mix(glm::mix(diffuse, spec, fDielectric), spec * fMetal, metallic);
    }
    return toneMap(color) * 255.0;
}

// ---- Fixture -------------------------------------------------------------------------------------------------------

test::RendererHolder makeRenderer(gfx::RendererConfig config) { return test::makeTestRenderer(config); }

gfx::RendererConfig neutralConfig() {
    gfx::RendererConfig c;
    c.lighting = gfx::LightingMode::Neutral;
    c.shadowMapSize = 512;
    return c;
}

using test::orthoFront;

const uint8_t* px(const image::Rgba8Image& img, uint32_t x, uint32_t y) { return img.at(x, y); }

} // namespace

TEST(Renderer, DeviceCreationWithValidationIsClean) {
    auto h = makeRenderer(neutralConfig());
    TV_REQUIRE_RENDERER(h);
    EXPECT_FALSE(h.renderer->deviceName().empty());
    scene::FrameExtract empty;
    auto img = h.renderer->renderToImage(empty, orthoFront(), 32, 32);
    ASSERT_TRUE(img) << img.error().message;
    h.renderer->waitIdle();
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
    // Nothing drawn: the clear colour (0,0,0,0) is written as-is, not tone mapped.
    for (size_t i = 0; i < img->pixels.size(); ++i) ASSERT_EQ(img->pixels[i], 0) << "byte " << i;
}

TEST(Renderer, NeutralQuadMatchesCpuBrdf) {
    auto h = makeRenderer(neutralConfig());
    TV_REQUIRE_RENDERER(h);
    struct Case {
        vec3 base;
        float metallic, roughness;
    };
    const Case cases[] = {{{0.8f, 0.2f, 0.1f}, 0.0f, 0.5f},
                          {{0.9f, 0.6f, 0.2f}, 1.0f, 0.3f},
                          {{0.2f, 0.5f, 0.9f}, 0.0f, 1.0f},
                          {{0.7f, 0.7f, 0.7f}, 0.5f, 0.7f}};
    for (const Case& c : cases) {
        auto quad = test::makeQuadAsset(vec4(c.base, 1.0f), c.metallic, c.roughness);
        scene::FrameExtract ex;
        test::addDraw(ex, quad, mat4(1.0f), 1);
        auto img = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
        ASSERT_TRUE(img) << img.error().message;
        glm::dvec3 want = expectedNeutral(glm::dvec3(c.base), c.metallic, c.roughness);
        const uint8_t* p = px(*img, 32, 32);
        for (int ch = 0; ch < 3; ++ch)
            EXPECT_NEAR(double(p[ch]), want[ch], 2.0) << "channel " << ch << " base " << c.base[ch] << " metallic "
                                                      << c.metallic << " roughness " << c.roughness;
        EXPECT_EQ(p[3], 255);
        EXPECT_EQ(px(*img, 1, 1)[3], 0) << "outside the quad stays transparent";
    }
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(Renderer, MsaaSmoothsEdges) {
    auto h = makeRenderer(neutralConfig());
    TV_REQUIRE_RENDERER(h);
    auto quad = test::makeQuadAsset(vec4(1.0f), 0.0f, 1.0f, 0.8f);
    scene::FrameExtract ex;
    test::addDraw(ex, quad, glm::rotate(mat4(1.0f), 0.5f, vec3(0, 0, 1)), 1);
    auto img = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(img);
    int partial = 0;
    for (size_t i = 3; i < img->pixels.size(); i += 4) partial += img->pixels[i] > 0 && img->pixels[i] < 255;
    // A rotated square's edges cross ~4 * 60 pixels; with 4x MSAA most of them are partially covered.
    EXPECT_GT(partial, 100) << "edges are not anti-aliased (MSAA off?)";
}

TEST(Renderer, BlendedQuadKeepsObjectMaskAlpha) {
    auto h = makeRenderer(neutralConfig());
    TV_REQUIRE_RENDERER(h);
    auto quad = test::makeQuadAsset(vec4(1.0f, 1.0f, 1.0f, 0.5f), 0.0f, 1.0f);
    auto& mat = const_cast<scene::Material&>(quad->materials[0]);
    mat.alphaMode = scene::AlphaMode::Blend;
    scene::FrameExtract ex;
    test::addDraw(ex, quad, mat4(1.0f), 1);
    auto img = h.renderer->renderToImage(ex, orthoFront(), 32, 32);
    ASSERT_TRUE(img) << img.error().message;
    // Over a transparent background: alpha = a + 0 * (1 - a).
    EXPECT_NEAR(px(*img, 16, 16)[3], 128, 1);
    EXPECT_EQ(px(*img, 0, 0)[3], 0);
}

TEST(Renderer, MirroredNodeKeepsFrontFaces) {
    auto h = makeRenderer(neutralConfig());
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f);
    scene::ViewCamera cam = orthoFront();
    scene::FrameExtract plain, mirrored;
    test::addDraw(plain, box, mat4(1.0f), 1);
    test::addDraw(mirrored, box, glm::scale(mat4(1.0f), vec3(-1.0f, 1.0f, 1.0f)), 1);
    auto a = h.renderer->renderToImage(plain, cam, 32, 32);
    auto b = h.renderer->renderToImage(mirrored, cam, 32, 32);
    ASSERT_TRUE(a && b);
    // A box mirrored in X looks the same from the front; with the winding not flipped its front faces would be
    // culled and the far (back) face would show, lit differently.
    EXPECT_EQ(a->pixels, b->pixels);
}

TEST(Renderer, PickReturnsNodeUnderPixel) {
    auto h = makeRenderer(neutralConfig());
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f, 0.4f);
    scene::FrameExtract ex;
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(-0.75f, 0, 0)), 11);
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(0.75f, 0, 0)), 22);
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(0.75f, 0, -1.0f)), 33); // hidden behind node 22
    scene::ViewCamera cam = orthoFront();
    // 64 px span 3 world units: x = -0.75 -> px 16, x = +0.75 -> px 48.
    auto left = h.renderer->pick(ex, cam, 64, 64, 16, 32);
    auto right = h.renderer->pick(ex, cam, 64, 64, 48, 32);
    auto none = h.renderer->pick(ex, cam, 64, 64, 32, 4);
    ASSERT_TRUE(left && right && none);
    EXPECT_EQ(left->index, 11u);
    EXPECT_EQ(right->index, 22u);
    EXPECT_TRUE(none->isNull());
    EXPECT_FALSE(h.renderer->pick(ex, cam, 64, 64, 64, 0)) << "pixel outside the view is an error";
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(Renderer, FrustumCullingCounts) {
    auto h = makeRenderer(neutralConfig());
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.5f), 0.0f, 0.5f, 0.2f);
    scene::FrameExtract ex;
    test::addDraw(ex, box, mat4(1.0f), 1);                                  // visible
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(0, 0, 6)), 2);   // behind the camera
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(10, 0, 0)), 3);  // far to the right
    test::addDraw(ex, box, glm::translate(mat4(1.0f), vec3(0, 0, -20)), 4); // beyond the far plane
    scene::DrawInstance unbounded = ex.draws[0];
    unbounded.worldBounds = Aabb{}; // empty bounds: never culled (skinned)
    unbounded.world = glm::translate(mat4(1.0f), vec3(10, 10, 0));
    ex.draws.push_back(unbounded);
    auto img = h.renderer->renderToImage(ex, orthoFront(), 32, 32);
    ASSERT_TRUE(img);
    const gfx::FrameStats& s = h.renderer->lastFrameStats();
    EXPECT_EQ(s.visibleDraws, 2u);
    EXPECT_EQ(s.culledDraws, 3u);
    EXPECT_EQ(s.triangles, 24u) << "two boxes of 12 triangles drawn";
}

TEST(Renderer, InstancingReducesDrawCalls) {
    auto box = test::makeBoxAsset(vec4(0.5f), 0.0f, 0.5f, 0.05f);
    scene::FrameExtract ex;
    for (int i = 0; i < 100; ++i)
        test::addDraw(ex, box,
                      glm::translate(mat4(1.0f), vec3(-1.2f + 0.25f * float(i % 10), -1.2f + 0.25f * float(i / 10), 0)),
                      uint32_t(i + 1));
    gfx::RendererConfig instanced = neutralConfig(), separate = neutralConfig();
    separate.instancing = false;
    image::Rgba8Image a, b;
    for (auto* cfg : {&instanced, &separate}) {
        auto h = makeRenderer(*cfg);
        TV_REQUIRE_RENDERER(h);
        auto img = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
        ASSERT_TRUE(img);
        const gfx::FrameStats& s = h.renderer->lastFrameStats();
        EXPECT_EQ(s.visibleDraws, 100u);
        EXPECT_EQ(s.triangles, 1200u);
        EXPECT_EQ(s.drawCalls, cfg == &instanced ? 1u : 100u);
        (cfg == &instanced ? a : b) = *img;
        // Picking still names each instance's own node.
        auto picked = h.renderer->pick(ex, orthoFront(), 64, 64, 33, 30); // box 56 at (0.05, 0.05)
        ASSERT_TRUE(picked);
        EXPECT_EQ(picked->index, 56u);
    }
    EXPECT_EQ(a.pixels, b.pixels) << "instanced and separate draws must produce the same image";
}

TEST(Renderer, UnusedAssetsAreReleasedAfterTheirFramesRetire) {
    int64_t before = gfx::liveGpuObjects().total();
    {
        gfx::RendererConfig cfg = neutralConfig();
        cfg.releaseAfterFrames = 3;
        auto h = makeRenderer(cfg);
        TV_REQUIRE_RENDERER(h);
        auto box = test::makeBoxAsset(vec4(0.5f), 0.0f, 0.5f);
        scene::FrameExtract ex, empty;
        test::addDraw(ex, box, mat4(1.0f), 1);
        ASSERT_TRUE(h.renderer->renderToImage(ex, orthoFront(), 16, 16));
        EXPECT_TRUE(h.renderer->isAssetResident(box->id));
        size_t allocationsWithAsset = h.renderer->liveAllocationCount();
        for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.renderer->renderToImage(empty, orthoFront(), 16, 16));
        EXPECT_TRUE(h.renderer->isAssetResident(box->id)) << "released too early";
        ASSERT_TRUE(h.renderer->renderToImage(empty, orthoFront(), 16, 16));
        EXPECT_FALSE(h.renderer->isAssetResident(box->id));
        // The release went through the retire list; the next frames collect it once its frame completed.
        ASSERT_TRUE(h.renderer->renderToImage(empty, orthoFront(), 16, 16));
        ASSERT_TRUE(h.renderer->renderToImage(empty, orthoFront(), 16, 16));
        EXPECT_LT(h.renderer->liveAllocationCount(), allocationsWithAsset);
        // Drawing it again uploads it again.
        ASSERT_TRUE(h.renderer->renderToImage(ex, orthoFront(), 16, 16));
        EXPECT_TRUE(h.renderer->isAssetResident(box->id));
        EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
    }
    // Shutdown flushed every retire list and destroyed everything.
    EXPECT_EQ(gfx::liveGpuObjects().total(), before);
}

TEST(Renderer, DefaultLightingCastsSunShadows) {
    gfx::RendererConfig cfg;
    cfg.lighting = gfx::LightingMode::Default;
    cfg.shadowMapSize = 1024;
    auto h = makeRenderer(cfg);
    TV_REQUIRE_RENDERER(h);
    auto floor = test::makeBoxAsset(vec4(0.8f, 0.8f, 0.8f, 1.0f), 0.0f, 0.9f);
    auto blocker = test::makeBoxAsset(vec4(0.8f, 0.8f, 0.8f, 1.0f), 0.0f, 0.9f);
    scene::FrameExtract ex;
    test::addDraw(ex, floor, glm::scale(mat4(1.0f), vec3(6.0f, 0.1f, 6.0f)), 1);
    // The sun travels along (-0.45,-0.8,-0.4): a plate at height 2 shadows the floor around (-1.1, 0, -1).
    test::addDraw(ex, blocker,
                  glm::translate(mat4(1.0f), vec3(0, 2, 0)) * glm::scale(mat4(1.0f), vec3(1.0f, 0.05f, 1.0f)), 2);
    scene::ViewCamera cam;
    cam.eye = vec3(0, 8, 0.01f);
    cam.target = vec3(0, 0, 0);
    cam.yfov = glm::radians(60.0f);
    cam.znear = 1.0f;
    cam.zfar = 20.0f;
    auto img = h.renderer->renderToImage(ex, cam, 128, 128);
    ASSERT_TRUE(img) << img.error().message;
    auto lum = [&](vec3 world) {
        vec4 clip = cam.projection(1.0f) * cam.view() * vec4(world, 1.0f);
        vec2 ndc = vec2(clip) / clip.w;
        uint32_t x = uint32_t((ndc.x * 0.5f + 0.5f) * 128.0f), y = uint32_t((ndc.y * 0.5f + 0.5f) * 128.0f);
        const uint8_t* p = img->at(x, y);
        return int(p[0]) + int(p[1]) + int(p[2]);
    };
    const float t = 2.0f / 0.8f; // from height 2 to the floor top (0.05) along the sun: ~ (-1.1, -1.0)
    vec3 shadowed = vec3(0, 0.05f, 0) + vec3(-0.45f, 0, -0.4f) * (1.95f / 0.8f);
    (void)t;
    vec3 lit = vec3(2.0f, 0.05f, 2.0f);
    EXPECT_LT(lum(shadowed) + 60, lum(lit)) << "the plate's shadow must darken the floor";
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
    EXPECT_GT(h.renderer->lastFrameStats().shadowDrawCalls, 0u);
}
