// Renderer tests of KHR_materials_transmission (thin walls, as the Khronos Sample Renderer): a transmissive quad in
// front of an opaque coloured quad shows that colour, where nothing is behind it shows the transmission
// framebuffer's clear colour (black) rather than its own diffuse colour, its roughness blurs what is behind,
// it stays pickable, and the extra pass is validation-clean with MSAA, frames in flight, resizes and both
// lighting modes. No Vulkan device -> skipped.
#include "gfx/renderer.h"
#include "test_renderer_fixture.h"
#include "test_scene_builders.h"

#include <gtest/gtest.h>

#include <cstdlib>

using namespace tv;

namespace {

test::RendererHolder makeRenderer(gfx::LightingMode lighting) { return test::makeTestRenderer(lighting); }

// Orthographic, looking down -Z; 3 world units span the image height.
scene::ViewCamera frontCamera() { return test::orthoFront(); }

// A white transmissive quad (side 2, at z = 0, node 2) in front of a smaller opaque red quad (side 1, z = -0.5,
// node 1). With 64 px over 3 units the red quad covers pixels ~21..42; the transmissive one ~11..53.
struct Scene {
    std::shared_ptr<scene::Asset> red, glass;
    scene::FrameExtract extract;
};

Scene makeScene(float transmission, float glassRoughness) {
    Scene s;
    s.red = test::makeQuadAsset(vec4(1.0f, 0.0f, 0.0f, 1.0f), 0.0f, 1.0f, 0.5f);
    s.glass = test::makeQuadAsset(vec4(1.0f), 0.0f, glassRoughness, 1.0f);
    s.glass->materials[0].transmissionFactor = transmission;
    test::addDraw(s.extract, s.red, glm::translate(mat4(1.0f), vec3(0, 0, -0.5f)), 1);
    test::addDraw(s.extract, s.glass, mat4(1.0f), 2);
    return s;
}

int redExcess(const image::Rgba8Image& img, uint32_t x, uint32_t y) {
    const uint8_t* p = img.at(x, y);
    return int(p[0]) - int(p[1]);
}

} // namespace

TEST(RendererTransmission, ShowsTheColourBehind) {
    auto h = makeRenderer(gfx::LightingMode::Neutral);
    TV_REQUIRE_RENDERER(h);
    Scene glass = makeScene(1.0f, 0.2f);
    Scene plain = makeScene(0.0f, 0.2f);
    auto withT = h.renderer->renderToImage(glass.extract, frontCamera(), 64, 64);
    auto without = h.renderer->renderToImage(plain.extract, frontCamera(), 64, 64);
    ASSERT_TRUE(withT) << withT.error().message;
    ASSERT_TRUE(without) << without.error().message;

    // Without transmission the white quad hides the red one: grey-white, no red cast.
    EXPECT_LT(std::abs(redExcess(*without, 32, 32)), 8);
    EXPECT_GT(without->at(32, 32)[1], 100);
    // With it, the red quad shows through the (white, hence untinted) transmissive one.
    EXPECT_GT(redExcess(*withT, 32, 32), 60) << "centre pixel " << int(withT->at(32, 32)[0]) << ","
                                             << int(withT->at(32, 32)[1]) << "," << int(withT->at(32, 32)[2]);
    // Where nothing is behind it, the transmission framebuffer's clear colour (black) replaces the diffuse term:
    // much darker than the opaque white quad there, and no red.
    EXPECT_LT(std::abs(redExcess(*withT, 14, 32)), 8);
    EXPECT_LT(int(withT->at(14, 32)[1]) + 40, int(without->at(14, 32)[1]));
    // An opaque transmissive material is still an opaque object: alpha is the object mask.
    EXPECT_EQ(withT->at(32, 32)[3], 255);
    EXPECT_EQ(withT->at(14, 32)[3], 255);
    EXPECT_EQ(withT->at(2, 2)[3], 0);
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererTransmission, TransmissionTextureScalesTheFactor) {
    auto h = makeRenderer(gfx::LightingMode::Neutral);
    TV_REQUIRE_RENDERER(h);
    Scene s = makeScene(1.0f, 0.2f);
    // A 1x1 texture whose R channel is 0: the factor times texture.r is 0, so no transmission at all.
    scene::Image img;
    img.name = "no transmission";
    img.width = img.height = 1;
    img.rgba8 = {0, 255, 255, 255};
    s.glass->images.push_back(img);
    scene::Texture tex;
    tex.image = 0;
    s.glass->textures.push_back(tex);
    s.glass->materials[0].transmissionTexture.texture = 0;
    auto out = h.renderer->renderToImage(s.extract, frontCamera(), 64, 64);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_LT(std::abs(redExcess(*out, 32, 32)), 8) << "texture.r = 0 must cancel the transmission";
    EXPECT_GT(out->at(14, 32)[1], 100);
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererTransmission, RoughnessBlursWhatIsBehind) {
    auto h = makeRenderer(gfx::LightingMode::Neutral);
    TV_REQUIRE_RENDERER(h);
    Scene sharp = makeScene(1.0f, 0.2f);
    Scene rough = makeScene(1.0f, 1.0f);
    auto a = h.renderer->renderToImage(sharp.extract, frontCamera(), 64, 64);
    auto b = h.renderer->renderToImage(rough.extract, frontCamera(), 64, 64);
    ASSERT_TRUE(a && b);
    // Beside the red quad (pixel 16 is 5 px from its edge): the sharp glass shows none of it, the rough glass
    // (a high mip of the transmission framebuffer) spreads some red there and less in the centre.
    EXPECT_LT(std::abs(redExcess(*a, 16, 32)), 8);
    EXPECT_GT(redExcess(*b, 16, 32), 10);
    EXPECT_LT(redExcess(*b, 32, 32), redExcess(*a, 32, 32));
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererTransmission, PickableAndCleanAcrossFramesSizesAndLighting) {
    for (gfx::LightingMode mode : {gfx::LightingMode::Neutral, gfx::LightingMode::Default}) {
        auto h = makeRenderer(mode);
        TV_REQUIRE_RENDERER(h);
        Scene s = makeScene(1.0f, 0.3f);
        // Several frames (both frames in flight reuse the transmission framebuffer), then a resize (retired and
        // recreated), then frames without any transmissive draw.
        for (uint32_t size : {64u, 64u, 64u, 48u, 48u}) {
            auto img = h.renderer->renderToImage(s.extract, frontCamera(), size, size);
            ASSERT_TRUE(img) << img.error().message;
            EXPECT_GT(redExcess(*img, size / 2, size / 2), 40) << "size " << size;
        }
        auto picked = h.renderer->pick(s.extract, frontCamera(), 64, 64, 32, 32);
        ASSERT_TRUE(picked) << picked.error().message;
        EXPECT_EQ(picked->index, 2u) << "the transmissive quad is in front";
        scene::FrameExtract opaqueOnly;
        test::addDraw(opaqueOnly, s.red, mat4(1.0f), 1);
        ASSERT_TRUE(h.renderer->renderToImage(opaqueOnly, frontCamera(), 48, 48));
        h.renderer->waitIdle();
        EXPECT_EQ(h.renderer->validationMessageCount(), 0u) << "lighting mode " << int(mode);
    }
}
