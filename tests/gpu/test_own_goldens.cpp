// The project's own golden images: scenes the project generates itself, so rendering stays covered where
// ../shared is absent. Fixed size, rest pose, fixed camera. Tolerance: a channel may differ by 8/255, and at most
// 1% of pixels may exceed that (driver/rasteriser differences at edges). Failures write actual + diff images;
// after looking at them, scripts/approve-goldens copies actual images over the goldens.
#include "reference_suite.h"

#include "image/image_compare.h"
#include "scene/frame_extract.h"
#include "scene/scene_generators.h"
#include "scene/scene_graph.h"

#include <gtest/gtest.h>

namespace fs = std::filesystem;
using namespace tv;

namespace {

constexpr int kChannelTolerance = 8;
constexpr double kMaxDifferingFraction = 0.01;

struct GoldenCase {
    const char* name;
    gfx::LightingMode lighting;
    bool stress;
};

scene::ViewCamera threeQuarterView(const Aabb& b, float aspect) {
    scene::ViewCamera cam = scene::frameBounds(b, glm::radians(45.0f), aspect);
    float dist = glm::length(cam.eye - cam.target);
    cam.eye = cam.target + glm::normalize(vec3(0.8f, 0.6f, 1.0f)) * dist * 0.85f;
    scene::fitDepthRange(cam, b);
    return cam;
}

void checkGolden(const std::string& name, const image::Rgba8Image& actual) {
    const fs::path out = golden::testOutputDir("goldens");
    ASSERT_TRUE(image::writePng(out / (name + ".actual.png"), actual));
    const fs::path golden = fs::path(TV_SOURCE_DIR) / "tests/gpu/goldens" / (name + ".png");
    auto g = image::readPng(golden);
    ASSERT_TRUE(g) << "missing golden " << golden << ": look at " << out / (name + ".actual.png")
                   << " and run scripts/approve-goldens";
    auto cmp = image::compareWithGolden(actual, *g, kChannelTolerance);
    ASSERT_TRUE(image::writePng(out / (name + ".diff.png"), cmp.diff));
    EXPECT_TRUE(cmp.passed(kMaxDifferingFraction))
        << name << ": " << cmp.differingFraction * 100 << "% of pixels differ (max channel diff " << cmp.maxChannelDiff
        << "); see " << out / (name + ".diff.png");
}

// gtest prints parameters with this (instead of a byte dump).
[[maybe_unused]] void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

class OwnGoldens : public ::testing::TestWithParam<GoldenCase> {};

} // namespace

TEST_P(OwnGoldens, MatchesApprovedImage) {
    const GoldenCase& c = GetParam();
    gfx::RendererConfig config;
    config.validation = true;
    config.lighting = c.lighting;
    auto renderer = gfx::Renderer::create(config);
    if (!renderer) GTEST_SKIP() << "no Vulkan device: " << renderer.error().message;

    scene::AssetPtr asset = c.stress ? scene::makeStressScene(10000, 1000000, 1) : scene::makeDemoPlant();
    scene::SceneGraph graph;
    ASSERT_TRUE(graph.instantiate(asset, -1, {}, "scene"));
    graph.updateWorldTransforms();
    scene::FrameExtract extract;
    scene::extractFrame(graph, extract);
    const uint32_t w = 320, h = 240;
    auto img = (*renderer)->renderToImage(extract, threeQuarterView(extract.bounds, float(w) / h), w, h);
    ASSERT_TRUE(img) << img.error().message;
    (*renderer)->waitIdle();
    EXPECT_EQ((*renderer)->validationMessageCount(), 0u);
    if (c.stress) {
        const auto& st = (*renderer)->lastFrameStats();
        // 10,000 nodes share a handful of meshes: instancing must collapse them into few draw calls.
        EXPECT_LT(st.drawCalls, 200u);
        EXPECT_GT(st.triangles, 100000u);
    }
    checkGolden(c.name, *img);
}

INSTANTIATE_TEST_SUITE_P(Generated, OwnGoldens,
                         ::testing::Values(GoldenCase{"demo-plant-default", gfx::LightingMode::Default, false},
                                           GoldenCase{"demo-plant-neutral", gfx::LightingMode::Neutral, false},
                                           GoldenCase{"stress-10k", gfx::LightingMode::Default, true}),
                         [](const ::testing::TestParamInfo<GoldenCase>& param) {
                             std::string n = param.param.name;
                             for (char& ch : n)
                                 if (ch == '-') ch = '_';
                             return n;
                         });
