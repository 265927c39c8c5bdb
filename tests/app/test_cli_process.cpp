// The twinview command-line contract, tested on the real binary: exit codes, the one-line error on bad input,
// the headless summary and screenshot, and (when ../shared exists) that a neutral-rig render from the command
// line agrees with the Khronos Sample Renderer.
#include "cli_runner.h"
#include "core/log.h"
#include "image/image_compare.h"
#include "image/png_io.h"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

using tv::testing::RunResult;
using tv::testing::runTwinview;
using tv::testing::slurp;

fs::path outputDir() { return tv::testing::cliOutputDir(); }
std::string quote(const std::string& s) { return tv::testing::shellQuote(s); }

size_t countLines(const std::string& s, const std::string& prefix) {
    size_t n = 0;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(prefix, 0) == 0) ++n;
    return n;
}

void writeFile(const fs::path& p, const std::string& bytes) {
    std::ofstream o(p, std::ios::binary);
    o << bytes;
}

fs::path sharedDir() {
    if (const char* env = std::getenv("TV_SHARED_DIR")) return env;
    return fs::path(TV_SOURCE_DIR) / ".." / "shared";
}

} // namespace

TEST(Cli, HelpListsEveryOptionAndExitsZero) {
    auto r = runTwinview("--help", "help");
    EXPECT_EQ(r.exitCode, 0);
    for (const char* opt : {"--headless", "--frames", "--size", "--screenshot", "--camera", "--lighting", "--validate"})
        EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
}

TEST(Cli, BadUsageExitsTwo) {
    auto r = runTwinview("--size banana", "usage");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(countLines(r.err, "error: "), 1u) << r.err;
}

TEST(Cli, MissingFileExitsOneNamingTheFile) {
    auto r = runTwinview("/nonexistent/plant.glb --headless", "missing");
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_EQ(countLines(r.err, "error: /nonexistent/plant.glb: "), 1u) << r.err;
}

TEST(Cli, MalformedFilesGiveOneErrorLineAndExitOne) {
    const fs::path dir = outputDir() / "malformed";
    fs::create_directories(dir);
    struct Case {
        const char* name;
        std::string bytes;
    };
    const Case cases[] = {
        {"garbage.glb", std::string("this is not a glb file at all")},
        {"truncated.glb", std::string("glTF\x02\x00\x00\x00\xff\x00\x00\x00", 12)},
        {"syntax.gltf", std::string("{\"asset\": {\"version\": \"2.0\"}, \"nodes\": [")},
        {"required.gltf",
         std::string(R"({"asset":{"version":"2.0"},"extensionsRequired":["KHR_draco_mesh_compression"],)"
                     R"("extensionsUsed":["KHR_draco_mesh_compression"]})")},
        {"escape.gltf",
         std::string(R"({"asset":{"version":"2.0"},"buffers":[{"uri":"../../../../etc/passwd","byteLength":16}]})")},
        {"empty.gltf", std::string()},
    };
    for (const Case& c : cases) {
        fs::path p = dir / c.name;
        writeFile(p, c.bytes);
        auto r = runTwinview(quote(p.string()) + " --headless --validate", std::string("malformed-") + c.name);
        EXPECT_EQ(r.exitCode, 1) << c.name << ": " << r.err;
        EXPECT_EQ(countLines(r.err, "error: " + p.string() + ": "), 1u) << c.name << ": " << r.err;
        EXPECT_EQ(r.err.find("Validation"), std::string::npos) << c.name;
    }
}

TEST(Cli, DemoRendersHeadlessWithSummaryAndNoValidationMessages) {
    fs::path png = outputDir() / "demo.png";
    fs::remove(png);
    auto r = runTwinview("--headless --validate --frames 3 --size 320x180 --screenshot " + quote(png.string()), "demo");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(countLines(r.out, "twinview: "), 1u) << r.out;
    EXPECT_NE(r.out.find("0 validation messages"), std::string::npos) << r.out;
    auto img = tv::image::readPng(png);
    ASSERT_TRUE(img) << img.error().message;
    EXPECT_EQ(img->width, 320u);
    EXPECT_EQ(img->height, 180u);
    // The plant must be drawn: a good share of the pixels differ from the top-left (sky) pixel.
    size_t different = 0;
    for (uint32_t y = 0; y < img->height; ++y)
        for (uint32_t x = 0; x < img->width; ++x)
            if (std::abs(int(img->at(x, y)[0]) - int(img->at(0, 0)[0])) > 24) ++different;
    EXPECT_GT(different, size_t(img->width) * img->height / 10);
    // With no FILE the demo is the live twin: the embedded simulator's feed was live when the frames were drawn.
    EXPECT_NE(r.out.find("(embedded) live"), std::string::npos) << r.out;
}

TEST(Cli, LiveDataChangesWhatTheDemoShows) {
    // The same plant and camera with and without its feed: heat maps, moved parts and spawned crates must show.
    fs::path live = outputDir() / "demo-live.png", still = outputDir() / "demo-still.png";
    auto a = runTwinview("--headless --frames 2 --size 320x180 --screenshot " + quote(live.string()), "live");
    auto b =
        runTwinview("builtin:demo --headless --frames 2 --size 320x180 --screenshot " + quote(still.string()), "still");
    ASSERT_EQ(a.exitCode, 0) << a.err;
    ASSERT_EQ(b.exitCode, 0) << b.err;
    auto ia = tv::image::readPng(live), ib = tv::image::readPng(still);
    ASSERT_TRUE(ia && ib);
    size_t changed = 0;
    for (uint32_t y = 0; y < ia->height; ++y)
        for (uint32_t x = 0; x < ia->width; ++x)
            for (int c = 0; c < 3; ++c)
                if (std::abs(int(ia->at(x, y)[c]) - int(ib->at(x, y)[c])) > 24) {
                    ++changed;
                    break;
                }
    EXPECT_GT(changed, size_t(100)) << "the live demo looks like the static plant";
}

TEST(Cli, UnreachableFeedStillRendersWithAWarning) {
    // A feed nobody publishes on: the viewer waits --wait-feed seconds, says so once, and still draws the plant.
    fs::path png = outputDir() / "no-feed.png";
    auto r =
        runTwinview("--no-sim --connect tcp://127.0.0.1:9,tcp://127.0.0.1:10 --wait-feed 0.5 --headless --size 160x90 "
                    "--screenshot " +
                        quote(png.string()),
                    "nofeed");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("not live"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("connecting"), std::string::npos) << r.out;
}

TEST(Cli, BadConnectEndpointIsOneErrorLine) {
    auto r = runTwinview("--connect banana --headless", "badconnect");
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_EQ(countLines(r.err, "error: "), 1u) << r.err;
}

TEST(Cli, NeutralRenderFromCommandLineMatchesKhronosReference) {
    const fs::path model = sharedDir() / "gltf-samples/Box/glTF-Binary/Box.glb";
    const fs::path reference = sharedDir() / "gltf-reference/Box.png";
    if (!fs::exists(model) || !fs::exists(reference))
        GTEST_SKIP() << "../shared/gltf-samples is not present (a user's clone): skipping the reference check";
    fs::path png = outputDir() / "Box-neutral.png";
    auto r = runTwinview(quote(model.string()) +
                             " --headless --validate --lighting neutral --size 256x256 "
                             "--camera 0,0,2.3761850701775216,0,0,0,45 --screenshot " +
                             quote(png.string()),
                         "box");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto actual = tv::image::readPng(png);
    auto ref = tv::image::readPng(reference);
    ASSERT_TRUE(actual && ref);
    auto cmp = tv::image::compareWithReference(*actual, *ref);
    EXPECT_GE(cmp.silhouetteIoU, 0.97);
    EXPECT_GE(cmp.interiorPsnr, 30.0);
}

TEST(Cli, KeygenWritesAPrivateKeyPairAndRefusesToOverwrite) {
    fs::path dir = outputDir() / "keys";
    fs::remove_all(dir);
    auto r = runTwinview("keygen bob --dir " + quote(dir.string()), "keygen");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir / "bob.key"));
    EXPECT_TRUE(fs::exists(dir / "bob.pub"));
    EXPECT_EQ(fs::status(dir / "bob.key").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    auto again = runTwinview("keygen bob --dir " + quote(dir.string()), "keygen-again");
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_EQ(countLines(again.err, "error: "), 1u) << again.err;
}
