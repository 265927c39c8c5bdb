// Rendering correctness against an outside oracle: every model of ../shared/gltf-samples/manifest.tsv loads and
// renders with zero validation messages, and its neutral-rig render matches what the official Khronos glTF Sample
// Renderer drew (../shared/gltf-reference) to >= 30 dB PSNR over the object interior, with matching silhouette.
// SimpleInstancing is checked against our own golden (that renderer ignores EXT_mesh_gpu_instancing).
// Each test writes <Model>.png (actual) and <Model>-diff.png to build/test-output/reference and a line to
// results.tsv there, pass or fail, so a failure can be looked at.
#include "reference_suite.h"

#include "gltf/gltf_import.h"
#include "image/image_compare.h"
#include "scene/frame_extract.h"
#include "scene/scene_graph.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace fs = std::filesystem;
using namespace tv;

namespace {

constexpr double kMinPsnr = 30.0;
constexpr double kMinSilhouetteIoU = 0.95;
constexpr uint64_t kMinInteriorForPsnr = 64; // line/point-only models have no interior to compare

class ReferenceRenders : public ::testing::TestWithParam<golden::SampleModel> {
protected:
    static void SetUpTestSuite() {
        gfx::RendererConfig config;
        config.validation = true;
        config.lighting = gfx::LightingMode::Neutral;
        config.msaaSamples = 4;
        auto r = gfx::Renderer::create(config);
        if (r)
            s_renderer = std::move(*r);
        else
            s_createError = r.error().message;
    }
    static void TearDownTestSuite() { s_renderer.reset(); }
    static std::unique_ptr<gfx::Renderer> s_renderer;
    static std::string s_createError;
};
std::unique_ptr<gfx::Renderer> ReferenceRenders::s_renderer;
std::string ReferenceRenders::s_createError;

std::string testName(const ::testing::TestParamInfo<golden::SampleModel>& info) {
    std::string n;
    for (char c : info.param.name) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n;
}

void appendResult(const std::string& line) {
    std::ofstream out(golden::testOutputDir("reference") / "results.tsv", std::ios::app);
    out << line << "\n";
}

} // namespace

TEST_P(ReferenceRenders, MatchesKhronosSampleRenderer) {
    const golden::SampleModel& model = GetParam();
    if (!s_renderer) GTEST_SKIP() << "no Vulkan device: " << s_createError;
    auto asset = gltf::importGltf(model.file);
    ASSERT_TRUE(asset) << model.name << ": " << asset.error().message;

    const uint32_t validationBefore = s_renderer->validationMessageCount();
    std::optional<golden::ReferenceRig> rig;
    if (!model.referenceJson.empty()) rig = golden::readReferenceRig(model.referenceJson);
    const bool ownGolden = model.name == "SimpleInstancing";
    if (!rig || ownGolden) {
        // No usable reference (none, or the reference renderer ignores the feature): frame what we draw, from
        // above at three quarters so every instance is visible; the model must still load and render cleanly.
        rig = golden::ReferenceRig{};
        scene::SceneGraph graph;
        ASSERT_TRUE(graph.instantiate(*asset, -1, {}, "m"));
        graph.updateWorldTransforms();
        scene::FrameExtract extract;
        scene::extractFrame(graph, extract);
        rig->camera = scene::frameBoundsFrom(extract.bounds, glm::radians(45.0f), 1.0f, vec3(1.0f, 0.8f, 1.2f));
    }
    auto img = golden::renderAsset(*s_renderer, *asset, rig->camera, rig->width, rig->height);
    ASSERT_TRUE(img) << img.error().message;
    s_renderer->waitIdle();
    EXPECT_EQ(s_renderer->validationMessageCount(), validationBefore) << "validation messages while rendering";

    const fs::path out = golden::testOutputDir("reference");
    const std::string safe = testName({GetParam(), 0});
    ASSERT_TRUE(image::writePng(out / (safe + ".png"), *img));

    if (ownGolden) {
        // The reference renderer draws one cube here; our own approved golden is the oracle.
        const fs::path golden = fs::path(TV_SOURCE_DIR) / "tests/gpu/goldens/SimpleInstancing.png";
        auto g = image::readPng(golden);
        ASSERT_TRUE(g) << "missing golden " << golden << " (look at " << (out / (safe + ".png"))
                       << " and run scripts/approve-goldens)";
        auto cmp = image::compareWithGolden(*img, *g, 8);
        ASSERT_TRUE(image::writePng(out / (safe + "-diff.png"), cmp.diff));
        appendResult(model.name + "\tgolden\tdiffering=" + std::to_string(cmp.differingFraction));
        EXPECT_TRUE(cmp.passed(0.01)) << cmp.differingFraction * 100 << "% of pixels differ from the golden";
        return;
    }
    if (model.referencePng.empty()) GTEST_SKIP() << model.name << " has no reference render";

    auto ref = image::readPng(model.referencePng);
    ASSERT_TRUE(ref) << ref.error().message;
    auto cmp = image::compareWithReference(*img, *ref);
    ASSERT_TRUE(image::writePng(out / (safe + "-diff.png"), cmp.diff));
    char line[256];
    std::snprintf(line, sizeof line, "%s\tpsnr=%.2f\tiou=%.4f\tinterior=%llu", model.name.c_str(), cmp.interiorPsnr,
                  cmp.silhouetteIoU, static_cast<unsigned long long>(cmp.interiorPixels));
    appendResult(line);
    RecordProperty("psnr", std::to_string(cmp.interiorPsnr));
    RecordProperty("iou", std::to_string(cmp.silhouetteIoU));
    EXPECT_GE(cmp.silhouetteIoU, kMinSilhouetteIoU) << "silhouette differs; see " << out / (safe + "-diff.png");
    if (cmp.interiorPixels >= kMinInteriorForPsnr) {
        EXPECT_GE(cmp.interiorPsnr, kMinPsnr) << "shading differs; see " << out / (safe + "-diff.png");
    }
}

INSTANTIATE_TEST_SUITE_P(Samples, ReferenceRenders, ::testing::ValuesIn(golden::sampleModels()), testName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ReferenceRenders);

TEST(ReferenceRendersAvailability, SharedSamplesPresentOrSkipped) {
    if (golden::sharedDir().empty())
        GTEST_SKIP() << "../shared/gltf-samples not found (a user's clone has none): reference tests skipped; "
                        "the project's own goldens still run";
    EXPECT_FALSE(golden::sampleModels().empty()) << "manifest.tsv lists no models";
}
