// Renderer overlays on lavapipe with validation on: the selection/hover outline (mask + edge pass after tone
// mapping) and section planes (cut-away geometry discarded in every pass, flat caps on the cut, picking through
// the cut). Also the outline pass's cost at 1280x720, printed for the record.
#include "gfx/renderer.h"
#include "test_renderer_fixture.h"
#include "test_scene_builders.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace tv;

namespace {

using test::orthoFront;

test::RendererHolder makeRenderer(gfx::LightingMode lighting = gfx::LightingMode::Neutral) {
    return test::makeTestRenderer(lighting);
}

bool near(const uint8_t* p, int r, int g, int b, int tolerance = 2) {
    return std::abs(p[0] - r) <= tolerance && std::abs(p[1] - g) <= tolerance && std::abs(p[2] - b) <= tolerance;
}

int countCovered(const image::Rgba8Image& img) {
    int n = 0;
    for (size_t i = 3; i < img.pixels.size(); i += 4) n += img.pixels[i] > 0;
    return n;
}

mat4 at(float x, float y, float z) { return glm::translate(mat4(1.0f), vec3(x, y, z)); }

} // namespace

TEST(RendererOverlays, SelectionOutlineSurroundsOnlyTheSelectedDraw) {
    auto h = makeRenderer();
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f, 0.4f);
    scene::FrameExtract ex;
    test::addDraw(ex, box, at(-0.75f, 0, 0), 1); // pixels ~ 8..24
    test::addDraw(ex, box, at(0.75f, 0, 0), 2);  // pixels ~ 40..56
    auto plain = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(plain) << plain.error().message;

    h.renderer->setHighlight({.selected = {scene::NodeHandle{1, 1}}, .hovered = {}});
    auto outlined = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(outlined) << outlined.error().message;
    const gfx::OutlineStyle style;
    const int want[3] = {int(style.selectedColor.r * 255.0f + 0.5f), int(style.selectedColor.g * 255.0f + 0.5f),
                         int(style.selectedColor.b * 255.0f + 0.5f)};
    int leftOutline = 0, rightChanged = 0, insideChanged = 0;
    for (uint32_t y = 0; y < 64; ++y) {
        for (uint32_t x = 0; x < 64; ++x) {
            const uint8_t* a = plain->at(x, y);
            const uint8_t* b = outlined->at(x, y);
            bool changed = std::memcmp(a, b, 4) != 0;
            if (x >= 32)
                rightChanged += changed;
            else if (a[3] == 255)
                insideChanged += changed; // fully covered by the selected box
            else if (changed && near(b, want[0], want[1], want[2]) && b[3] == 255)
                ++leftOutline;
        }
    }
    // The box's silhouette is ~17x17 px; a 2 px ring around it has well over 100 pixels.
    EXPECT_GT(leftOutline, 100) << "no outline around the selected box";
    EXPECT_EQ(rightChanged, 0) << "the unselected box must not be outlined";
    EXPECT_EQ(insideChanged, 0) << "the outline is drawn outside the silhouette only";
    // A pixel two to the left of the box's edge (x = -1.15 -> px 7.5) is outline; the corner far away is not.
    EXPECT_TRUE(near(outlined->at(6, 32), want[0], want[1], want[2]));
    EXPECT_EQ(outlined->at(0, 0)[3], 0);

    // Hover only: the subtler colour (opacity 0.75 over the transparent background).
    h.renderer->setHighlight({.selected = {}, .hovered = {scene::NodeHandle{2, 1}}});
    auto hovered = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(hovered);
    const uint8_t* hp = hovered->at(57, 32); // right of box 2 (x = 1.15 -> px 56.5)
    EXPECT_TRUE(near(hp, int(style.hoveredColor.r * style.hoveredColor.a * 255.0f + 0.5f),
                     int(style.hoveredColor.g * style.hoveredColor.a * 255.0f + 0.5f),
                     int(style.hoveredColor.b * style.hoveredColor.a * 255.0f + 0.5f)))
        << int(hp[0]) << "," << int(hp[1]) << "," << int(hp[2]);
    EXPECT_NEAR(hp[3], int(style.hoveredColor.a * 255.0f + 0.5f), 2);
    EXPECT_EQ(hovered->at(6, 32)[3], 0) << "box 1 is not hovered";

    // Nothing highlighted: the very same image as before.
    h.renderer->setHighlight({});
    auto cleared = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(cleared);
    EXPECT_EQ(cleared->pixels, plain->pixels);
    h.renderer->waitIdle();
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererOverlays, SelectionOutlineOffCentreIsComplete) {
    // The edge pass covers only the selection's projected rectangle: off centre (and off the vertical axis, where a
    // flipped rectangle would miss) the ring must still be whole.
    auto h = makeRenderer();
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f, 0.3f);
    scene::FrameExtract ex;
    test::addDraw(ex, box, at(0.6f, 0.8f, 0), 7); // pixels x ~ 38..51, y ~ 8..21 (row 0 = top)
    h.renderer->setHighlight({.selected = {scene::NodeHandle{7, 1}}, .hovered = {}});
    auto img = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(img);
    int ring = 0, above = 0, below = 0;
    for (uint32_t y = 0; y < 64; ++y)
        for (uint32_t x = 0; x < 64; ++x)
            if (near(img->at(x, y), 255, 153, 0) && img->at(x, y)[3] == 255) {
                ++ring;
                above += y < 10;
                below += y > 19;
            }
    EXPECT_GT(ring, 80);
    EXPECT_GT(above, 10) << "the ring's top edge";
    EXPECT_GT(below, 10) << "the ring's bottom edge";
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererOverlays, SelectionOutlineShowsThroughOccluders) {
    // x-ray style: the selected box behind a bigger one still gets its full outline ring.
    auto h = makeRenderer();
    TV_REQUIRE_RENDERER(h);
    auto small = test::makeBoxAsset(vec4(0.8f, 0.2f, 0.2f, 1.0f), 0.0f, 0.5f, 0.3f);
    auto big = test::makeBoxAsset(vec4(0.2f, 0.2f, 0.8f, 1.0f), 0.0f, 0.5f, 0.6f);
    scene::FrameExtract ex;
    test::addDraw(ex, small, at(0, 0, -1.5f), 1);
    test::addDraw(ex, big, at(0, 0, 0), 2);
    auto plain = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    h.renderer->setHighlight({.selected = {scene::NodeHandle{1, 1}}, .hovered = {}});
    auto outlined = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(plain && outlined);
    // The hidden box spans x in [-0.3, 0.3] -> px 25.6..38.4; the ring lies on the big box's face.
    const uint8_t* ring = outlined->at(24, 32);
    EXPECT_NE(std::memcmp(plain->at(24, 32), ring, 4), 0);
    EXPECT_TRUE(near(ring, 255, 153, 0)) << int(ring[0]) << "," << int(ring[1]) << "," << int(ring[2]);
    EXPECT_EQ(std::memcmp(plain->at(32, 32), outlined->at(32, 32), 4), 0) << "inside the silhouette: untouched";
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererOverlays, SectionPlaneHidesHalfTheBox) {
    auto h = makeRenderer();
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f, 0.5f);
    scene::FrameExtract ex;
    test::addDraw(ex, box, mat4(1.0f), 1);
    auto whole = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(whole);
    const vec4 keepPositiveX(1.0f, 0.0f, 0.0f, 0.0f);
    ASSERT_TRUE(h.renderer->setSectionPlanes(std::span(&keepPositiveX, 1)));
    auto half = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(half) << half.error().message;
    int all = countCovered(*whole), kept = countCovered(*half);
    EXPECT_NEAR(double(kept) / all, 0.5, 0.08) << kept << " of " << all;
    EXPECT_EQ(half->at(26, 32)[3], 0) << "x = -0.28: cut away";
    EXPECT_EQ(half->at(38, 32)[3], 255) << "x = +0.28: kept";
    EXPECT_EQ(std::memcmp(half->at(38, 32), whole->at(38, 32), 4), 0) << "the kept half is shaded as before";
    ASSERT_TRUE(h.renderer->setSectionPlanes({}));
    auto again = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->pixels, whole->pixels) << "no planes: the image is unchanged";
    std::vector<vec4> tooMany(10, keepPositiveX);
    EXPECT_FALSE(h.renderer->setSectionPlanes(tooMany));
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererOverlays, SectionCutShowsCapColour) {
    auto h = makeRenderer();
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f, 0.5f);
    scene::FrameExtract ex;
    test::addDraw(ex, box, mat4(1.0f), 1);
    h.renderer->setSectionCapColor(vec3(0.0f, 1.0f, 0.0f));
    // Keep z <= 0: the face towards the camera is cut off, so the camera looks into the box.
    const vec4 keepBack(0.0f, 0.0f, -1.0f, 0.0f);
    ASSERT_TRUE(h.renderer->setSectionPlanes(std::span(&keepBack, 1)));
    auto img = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(img) << img.error().message;
    EXPECT_TRUE(near(img->at(32, 32), 0, 255, 0)) << "cap colour on the cut";
    EXPECT_EQ(img->at(32, 32)[3], 255);
    int cap = 0;
    for (size_t i = 0; i < img->pixels.size(); i += 4) cap += near(&img->pixels[i], 0, 255, 0);
    EXPECT_GT(cap, 350) << "the whole 21x21 px cut reads as capped";

    // Seen from an angle with an oblique cut: shaded faces and the cap both show.
    scene::ViewCamera cam = orthoFront();
    cam.eye = vec3(2.0f, 1.5f, 2.0f);
    const vec4 diagonal = vec4(glm::normalize(vec3(-1.0f, 0.0f, -1.0f)), 0.1f);
    ASSERT_TRUE(h.renderer->setSectionPlanes(std::span(&diagonal, 1)));
    auto oblique = h.renderer->renderToImage(ex, cam, 64, 64);
    ASSERT_TRUE(oblique);
    int capPixels = 0, shaded = 0;
    for (size_t i = 0; i < oblique->pixels.size(); i += 4) {
        if (oblique->pixels[i + 3] != 255) continue;
        if (near(&oblique->pixels[i], 0, 255, 0))
            ++capPixels;
        else
            ++shaded;
    }
    EXPECT_GT(capPixels, 50);
    EXPECT_GT(shaded, 50);
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererOverlays, PickingSeesThroughTheCut) {
    auto h = makeRenderer();
    TV_REQUIRE_RENDERER(h);
    auto front = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f, 0.5f);
    auto back = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f, 1.0f);
    scene::FrameExtract ex;
    test::addDraw(ex, front, mat4(1.0f), 1);
    test::addDraw(ex, back, at(0, 0, -2.5f), 2);
    auto before = h.renderer->pick(ex, orthoFront(), 64, 64, 26, 32);
    ASSERT_TRUE(before);
    EXPECT_EQ(before->index, 1u);
    // Keep x - z >= 0.5 (a slanted cut): along the ray at x = -0.28 the front box (z in [-0.5, 0.5]) is cut away
    // entirely while the back box's face (z = -1.5) is kept; at x = +0.38 part of the front box remains (its
    // inside, drawn as cap, is what the user sees there).
    const vec4 planes[1] = {vec4(glm::normalize(vec3(1.0f, 0.0f, -1.0f)), -0.5f * glm::sqrt(0.5f))};
    ASSERT_TRUE(h.renderer->setSectionPlanes(planes));
    auto left = h.renderer->pick(ex, orthoFront(), 64, 64, 26, 32);  // x = -0.28
    auto right = h.renderer->pick(ex, orthoFront(), 64, 64, 40, 32); // x = +0.38
    ASSERT_TRUE(left && right);
    EXPECT_EQ(left->index, 2u) << "through the cut: the box behind";
    EXPECT_EQ(right->index, 1u);
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererOverlays, DefaultLightingWithShadowsCutsAndOutlinesCleanly) {
    // Exercises the sectioned shadow pipeline and the outline over the sky background with validation on.
    auto h = makeRenderer(gfx::LightingMode::Default);
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.7f, 0.7f, 0.7f, 1.0f), 0.0f, 0.5f, 0.5f);
    auto ground = test::makeBoxAsset(vec4(0.7f, 0.7f, 0.7f, 1.0f), 0.0f, 0.8f, 1.0f);
    scene::FrameExtract ex;
    test::addDraw(ex, box, at(0, 0.5f, 0), 1);
    test::addDraw(ex, ground, glm::scale(at(0, -0.05f, 0), vec3(3.0f, 0.05f, 3.0f)), 2);
    scene::ViewCamera cam;
    cam.eye = vec3(2.5f, 2.5f, 3.0f);
    cam.target = vec3(0, 0.3f, 0);
    auto plain = h.renderer->renderToImage(ex, cam, 96, 96);
    const vec4 plane(0.0f, -1.0f, 0.0f, 0.6f); // keep y <= 0.6: the box's top is cut off
    ASSERT_TRUE(h.renderer->setSectionPlanes(std::span(&plane, 1)));
    h.renderer->setHighlight({.selected = {scene::NodeHandle{1, 1}}, .hovered = {scene::NodeHandle{2, 1}}});
    auto both = h.renderer->renderToImage(ex, cam, 96, 96);
    ASSERT_TRUE(plain && both) << (both ? "" : both.error().message);
    EXPECT_NE(plain->pixels, both->pixels);
    h.renderer->waitIdle();
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererOverlays, OutlinePassCost) {
    // Not a pass/fail benchmark: prints the GPU time of a 1280x720 frame with and without the outline.
    auto h = makeRenderer();
    TV_REQUIRE_RENDERER(h);
    auto box = test::makeBoxAsset(vec4(0.5f, 0.5f, 0.5f, 1.0f), 0.0f, 0.5f, 0.1f);
    scene::FrameExtract ex;
    for (int i = 0; i < 100; ++i)
        test::addDraw(ex, box, at(-1.2f + 0.25f * (i % 10), -1.2f + 0.25f * (i / 10), 0), uint32_t(i + 1));
    gfx::HighlightSet everything;
    for (uint32_t i = 1; i <= 100; ++i) everything.selected.push_back(scene::NodeHandle{i, 1});
    auto measure = [&](int outline) {
        h.renderer->setHighlight(outline == 1   ? gfx::HighlightSet{.selected = {scene::NodeHandle{45, 1}},
                                                                    .hovered = {scene::NodeHandle{12, 1}}}
                                 : outline == 2 ? everything
                                                : gfx::HighlightSet{});
        double best = 1e9;
        for (int i = 0; i < 6; ++i) {
            auto img = h.renderer->renderToImage(ex, orthoFront(), 1280, 720);
            EXPECT_TRUE(img);
            if (i > 0) best = std::min(best, h.renderer->lastFrameStats().gpuMs);
        }
        return best;
    };
    double off = measure(0), on = measure(1), all = measure(2);
    std::printf("[ outline ] 1280x720 MSAA 4, %s: %.2f ms without, %.2f ms with two small boxes outlined (%+.2f ms), "
                "%.2f ms with all 100 outlined (%+.2f ms)\n",
                h.renderer->deviceName().c_str(), off, on, on - off, all, all - off);
    RecordProperty("outline_ms", std::to_string(on - off));
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}

TEST(RendererOverlays, StaleSaturationGreysTheDrawAndOnlyIt) {
    // A twin entity whose feed went stale is drawn with saturation 0: same shape, grey, slightly darker; a draw
    // without the override keeps its colour.
    auto h = makeRenderer();
    TV_REQUIRE_RENDERER(h);
    auto red = test::makeBoxAsset(vec4(0.8f, 0.05f, 0.05f, 1.0f), 0.0f, 0.5f, 0.5f);
    scene::FrameExtract ex;
    test::addDraw(ex, red, at(-0.6f, 0, 0), 1);
    test::addDraw(ex, red, at(0.6f, 0, 0), 2);
    auto before = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(before);
    ex.draws[1].hasOverride = true;
    ex.draws[1].override.saturation = 0.0f;
    auto after = h.renderer->renderToImage(ex, orthoFront(), 64, 64);
    ASSERT_TRUE(after) << after.error().message;
    const uint8_t* live = after->at(19, 32);  // centre of the left box (x = -0.6)
    const uint8_t* stale = after->at(45, 32); // centre of the right box (x = +0.6)
    EXPECT_EQ(std::memcmp(live, before->at(19, 32), 4), 0) << "the live box is untouched";
    EXPECT_GT(int(before->at(45, 32)[0]) - int(before->at(45, 32)[1]), 60) << "red before";
    EXPECT_LE(std::abs(int(stale[0]) - int(stale[1])), 3) << "grey: r == g == b";
    EXPECT_LE(std::abs(int(stale[1]) - int(stale[2])), 3);
    EXPECT_EQ(stale[3], 255) << "still opaque, same shape";
    EXPECT_EQ(countCovered(*after), countCovered(*before));
    EXPECT_EQ(h.renderer->validationMessageCount(), 0u);
}
