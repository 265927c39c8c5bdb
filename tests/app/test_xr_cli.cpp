// `twinview --xr` through the real binary, the real OpenXR loader and the project's simulated headset
// (xr/sim_runtime, strict: every spec violation it sees is counted in its report, and each test asserts none):
// a session runs N frames and ends cleanly; the submitted eyes are the scene seen from two eyes; a scripted trigger
// on a known node selects it; the teleport arc moves the user; AR passthrough has a transparent background; focus
// loss and a runtime's exit request are survived; a lost runtime and a missing one fall back to the desktop with
// one clear line (or exit 1 with --xr-no-fallback).
#include "cli_runner.h"
#include "image/image_compare.h"
#include "image/png_io.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using tv::testing::RunResult;
using tv::testing::runTwinview;
using tv::testing::shellQuote;

namespace {

// The plant's tank-3 (a 1.8 m radius tank at x -12, z 1) straight ahead of a user standing at x -12, z 10.
constexpr const char* kFacingTank3 = "--camera -12,1.7,10,-12,1.7,1,60";

struct XrRun {
    RunResult result;
    nlohmann::json report;
    fs::path captures;
};

// Runs twinview --xr with `script` (the simulated headset's JSON script; a small eye size keeps lavapipe fast).
XrRun runXr(const std::string& tag, nlohmann::json script, const std::string& args,
            const std::string& runtimeJson = TV_XRSIM_MANIFEST) {
    const fs::path dir = tv::testing::cliOutputDir() / ("xr-" + tag);
    fs::remove_all(dir);
    fs::create_directories(dir);
    if (!script.contains("width")) script["width"] = 256;
    if (!script.contains("height")) script["height"] = 256;
    XrRun run;
    run.captures = dir / "captures";
    if (script.contains("capture")) script["capture"]["dir"] = run.captures.string();
    const fs::path scriptFile = dir / "script.json", reportFile = dir / "report.json";
    std::ofstream(scriptFile) << script.dump(2);
    const std::string env = "XDG_RUNTIME_DIR=/tmp XR_RUNTIME_JSON=" + shellQuote(runtimeJson) +
                            " TV_XRSIM_SCRIPT=" + shellQuote(scriptFile.string()) +
                            " TV_XRSIM_REPORT=" + shellQuote(reportFile.string());
    run.result = runTwinview("--xr --validate --msaa 1 " + args, "xr-" + tag, env);
    std::ifstream in(reportFile);
    if (in) run.report = nlohmann::json::parse(in, nullptr, false);
    return run;
}

std::string describe(const XrRun& r) { return "stdout:\n" + r.result.out + "\nstderr:\n" + r.result.err; }

void expectCleanRun(const XrRun& r) {
    EXPECT_EQ(r.result.exitCode, 0) << describe(r);
    EXPECT_NE(r.result.out.find("0 validation messages"), std::string::npos) << describe(r);
    ASSERT_TRUE(r.report.is_object()) << "no runtime report: " << describe(r);
    EXPECT_EQ(r.report.value("violationsTotal", -1), 0) << r.report.dump();
}

tv::image::Rgba8Image readCapture(const XrRun& r, int frame, const char* eye) {
    char name[64];
    std::snprintf(name, sizeof name, "frame-%06d-%s.png", frame, eye);
    auto img = tv::image::readPng((r.captures / name).string());
    EXPECT_TRUE(img) << name << ": " << (img ? "" : img.error().message);
    return img ? std::move(*img) : tv::image::Rgba8Image{};
}

size_t differingPixels(const tv::image::Rgba8Image& a, const tv::image::Rgba8Image& b, int tolerance) {
    size_t n = 0;
    for (size_t i = 0; i + 3 < a.pixels.size() && i + 3 < b.pixels.size(); i += 4)
        for (size_t c = 0; c < 3; ++c)
            if (std::abs(int(a.pixels[i + c]) - int(b.pixels[i + c])) > tolerance) {
                ++n;
                break;
            }
    return n;
}

// The project's own approved eye images (tests/gpu/goldens, approved with scripts/approve-goldens like the other
// goldens): a channel may differ by 8/255 on at most 1% of the pixels.
void checkGolden(const std::string& name, const tv::image::Rgba8Image& actual) {
    const fs::path out = TV_GOLDENS_OUTPUT_DIR;
    fs::create_directories(out);
    ASSERT_TRUE(tv::image::writePng(out / (name + ".actual.png"), actual));
    const fs::path golden = fs::path(TV_SOURCE_DIR) / "tests/gpu/goldens" / (name + ".png");
    auto g = tv::image::readPng(golden);
    ASSERT_TRUE(g) << "missing golden " << golden << ": look at " << out / (name + ".actual.png")
                   << " and run scripts/approve-goldens";
    auto cmp = tv::image::compareWithGolden(actual, *g, 8);
    ASSERT_TRUE(tv::image::writePng(out / (name + ".diff.png"), cmp.diff));
    EXPECT_TRUE(cmp.passed(0.01)) << name << ": " << cmp.differingFraction * 100 << "% of pixels differ; see "
                                  << out / (name + ".diff.png");
}

} // namespace

TEST(XrCli, SessionRunsFramesAndEndsCleanly) {
    XrRun r = runXr("frames", nlohmann::json::object(), "builtin:demo --frames 12");
    expectCleanRun(r);
    EXPECT_NE(r.result.out.find("xr: runtime \"twinview simulated headset\""), std::string::npos) << describe(r);
    EXPECT_NE(r.result.out.find("12 frames"), std::string::npos) << describe(r);
    EXPECT_NE(r.result.out.find("depth on"), std::string::npos) << describe(r);
    EXPECT_GE(r.report.value("frames", 0), 12);
    EXPECT_NE(r.result.err.find("xr: session exiting"), std::string::npos) << "ended through the proper exit path";
}

TEST(XrCli, EyesAreTheSceneFromTwoEyesAndMatchTheirOffscreenRender) {
    const fs::path left = tv::testing::cliOutputDir() / "xr-eyes-left.png";
    XrRun r = runXr("eyes", {{"capture", {{"frames", {5}}}}},
                    std::string("builtin:demo --lighting neutral --frames 6 ") + kFacingTank3 + " --screenshot " +
                        shellQuote(left.string()));
    expectCleanRun(r);
    auto capturedLeft = readCapture(r, 5, "left"), capturedRight = readCapture(r, 5, "right");
    ASSERT_EQ(capturedLeft.width, 256u);
    ASSERT_EQ(capturedRight.width, 256u);
    // --screenshot draws the last submitted eyes again offscreen: the same eyes, the same picture.
    auto shot = tv::image::readPng(left.string());
    ASSERT_TRUE(shot) << describe(r);
    EXPECT_LT(differingPixels(capturedLeft, *shot, 2), capturedLeft.pixels.size() / 4 / 200)
        << "the submitted left eye is not what the renderer draws for that eye";
    // The approved pictures of both eyes (the scripted head is still: every run sees the same frame).
    checkGolden("xr-eye-left", capturedLeft);
    checkGolden("xr-eye-right", capturedRight);
    // Parallax: the eyes are 64 mm apart, so the near tank shifts between them.
    const size_t diff = differingPixels(capturedLeft, capturedRight, 8);
    EXPECT_GT(diff, capturedLeft.pixels.size() / 4 / 100) << "left and right eyes are identical";
}

TEST(XrCli, ScriptedTriggerOnAKnownNodeSelectsIt) {
    // The right controller (0.2 m right of the head, 1 m above the floor) points straight ahead at tank-3.
    nlohmann::json script = {{"inputs", {{{"t", 0.2}, {"hand", "right"}, {"input", "trigger"}, {"duration", 0.15}}}}};
    XrRun r = runXr("select", script, std::string("builtin:demo --frames 40 ") + kFacingTank3);
    expectCleanRun(r);
    EXPECT_NE(r.result.err.find("xr: selected"), std::string::npos) << describe(r);
    EXPECT_NE(r.result.err.find("tank-3"), std::string::npos) << describe(r);
    EXPECT_GE(r.report.value("haptics", 0), 1) << "a selection pulses the controller";
}

TEST(XrCli, TeleportArcMovesTheUser) {
    // Left thumbstick forward shows the arc (from the left hand, 1 m up, aiming level: it lands ~3 m ahead on the
    // plant's floor slab); letting go teleports.
    nlohmann::json script = {
        {"inputs", {{{"t", 0.1}, {"hand", "left"}, {"input", "thumbstick_y"}, {"value", 1.0}, {"duration", 0.2}}}}};
    XrRun r = runXr("teleport", script, std::string("builtin:demo --frames 40 ") + kFacingTank3);
    expectCleanRun(r);
    const size_t at = r.result.err.find("xr: teleported ");
    ASSERT_NE(at, std::string::npos) << describe(r);
    const float metres = std::stof(r.result.err.substr(at + std::string("xr: teleported ").size()));
    EXPECT_GT(metres, 1.5f) << describe(r);
    EXPECT_LT(metres, 8.0f) << describe(r);
}

TEST(XrCli, ArPassthroughHasATransparentBackground) {
    nlohmann::json script = {{"blendModes", {"alpha_blend", "opaque"}}, {"capture", {{"frames", {3}}}}};
    XrRun r = runXr("ar", script, std::string("builtin:demo --frames 4 ") + kFacingTank3);
    expectCleanRun(r);
    EXPECT_NE(r.result.out.find("alpha-blend"), std::string::npos) << describe(r);
    auto eye = readCapture(r, 3, "left");
    ASSERT_GT(eye.width, 0u);
    EXPECT_EQ(eye.pixels[3], 0) << "the top-left corner (sky) must be transparent";
    size_t opaque = 0;
    for (size_t i = 3; i < eye.pixels.size(); i += 4) opaque += eye.pixels[i] == 255;
    EXPECT_GT(opaque, eye.pixels.size() / 4 / 20) << "the plant must stay opaque over the real world";

    // Overridden to opaque (the runtime offers it): the sky is back.
    XrRun vr = runXr("ar-override", script, std::string("builtin:demo --frames 4 --xr-blend opaque ") + kFacingTank3);
    expectCleanRun(vr);
    auto vrEye = readCapture(vr, 3, "left");
    ASSERT_GT(vrEye.width, 0u);
    EXPECT_EQ(vrEye.pixels[3], 255);
}

TEST(XrCli, SurvivesFocusLossAndEndsOnTheRuntimesExitRequest) {
    nlohmann::json script = {{"sessionEvents",
                              {{{"t", 0.1}, {"event", "focus_lost"}, {"duration", 0.1}},
                               {{"t", 0.3}, {"event", "visibility_lost"}, {"duration", 0.1}},
                               {{"t", 0.5}, {"event", "exit_request"}}}}};
    XrRun r = runXr("lifecycle", script, "builtin:demo"); // no --frames: the runtime ends it
    expectCleanRun(r);
    for (const char* line : {"focus lost", "xr: session exiting"})
        EXPECT_NE(r.result.err.find(line), std::string::npos) << line << "\n" << describe(r);
    EXPECT_GE(r.report.value("frames", 0), 40);
}

TEST(XrCli, LostRuntimeFallsBackToTheDesktop) {
    nlohmann::json script = {{"sessionEvents", {{{"t", 0.1}, {"event", "runtime_lost"}}}}};
    const fs::path png = tv::testing::cliOutputDir() / "xr-lost-desktop.png";
    XrRun r = runXr("lost", script, "builtin:demo --size 160x90 --screenshot " + shellQuote(png.string()));
    EXPECT_EQ(r.result.exitCode, 0) << describe(r);
    EXPECT_NE(r.result.err.find("error: XR: "), std::string::npos) << describe(r);
    EXPECT_NE(r.result.out.find("headless"), std::string::npos) << "the desktop viewer took over: " << describe(r);
    EXPECT_TRUE(fs::exists(png));

    XrRun strict = runXr("lost-strict", script, "builtin:demo --xr-no-fallback");
    EXPECT_EQ(strict.result.exitCode, 1) << describe(strict);
}

TEST(XrCli, MissingRuntimeIsOneClearLine) {
    XrRun r = runXr("missing", nlohmann::json::object(), "builtin:demo --xr-no-fallback", "/nonexistent/runtime.json");
    EXPECT_EQ(r.result.exitCode, 1) << describe(r);
    EXPECT_NE(r.result.err.find("error: XR: no OpenXR runtime"), std::string::npos) << describe(r);
    size_t errors = 0;
    for (size_t at = 0; (at = r.result.err.find("error:", at)) != std::string::npos; ++at) ++errors;
    EXPECT_EQ(errors, 1u) << describe(r);

    const fs::path png = tv::testing::cliOutputDir() / "xr-missing-desktop.png";
    XrRun fallBack =
        runXr("missing-fallback", nlohmann::json::object(),
              "builtin:demo --size 160x90 --screenshot " + shellQuote(png.string()), "/nonexistent/runtime.json");
    EXPECT_EQ(fallBack.result.exitCode, 0) << describe(fallBack);
    EXPECT_TRUE(fs::exists(png)) << describe(fallBack);
}

TEST(XrCli, MenuButtonOpensTheViewerPanelsOnTheHand) {
    nlohmann::json script = {{"inputs", {{{"t", 0.1}, {"hand", "left"}, {"input", "menu"}, {"duration", 0.1}}}},
                             {"capture", {{"frames", {5, 25}}}}};
    XrRun r = runXr("panel", script, "builtin:demo --frames 26");
    expectCleanRun(r);
    EXPECT_FALSE(fs::exists(r.captures / "frame-000005-quad0.png")) << "the panel is closed until the menu button";
    auto panel = tv::image::readPng((r.captures / "frame-000025-quad0.png").string());
    ASSERT_TRUE(panel) << describe(r);
    EXPECT_EQ(panel->width, 1024u);
    size_t opaque = 0;
    for (size_t i = 3; i < panel->pixels.size(); i += 4) opaque += panel->pixels[i] > 200;
    // The menu bar, the scene tree, the inspector and the status bar cover a good part of the panel.
    EXPECT_GT(opaque, panel->pixels.size() / 4 / 5) << "the panel shows no windows";
}

// The operator panels are the viewer's panels, so they appear on the hand panel too: with only the KPI tiles open
// (--panels), the panel shows the demo twin's tiles (their dark backgrounds, as written or sRGB-encoded).
TEST(XrCli, OperatorPanelsShowOnTheHandPanel) {
    nlohmann::json script = {{"inputs", {{{"t", 0.1}, {"hand", "left"}, {"input", "menu"}, {"duration", 0.1}}}},
                             {"capture", {{"frames", {25}}}}};
    XrRun r = runXr("operator-panels", script, "--frames 26 --panels kpis");
    expectCleanRun(r);
    auto panel = tv::image::readPng((r.captures / "frame-000025-quad0.png").string());
    ASSERT_TRUE(panel) << describe(r);
    auto near = [](const uint8_t* p, int r0, int g0, int b0) {
        return std::abs(p[0] - r0) <= 3 && std::abs(p[1] - g0) <= 3 && std::abs(p[2] - b0) <= 3;
    };
    size_t tile = 0;
    for (size_t i = 0; i + 3 < panel->pixels.size(); i += 4) {
        const uint8_t* p = &panel->pixels[i];
        tile += near(p, 32, 34, 38) || near(p, 99, 102, 108); // kpi_panel.cpp kTileBackground
    }
    EXPECT_GT(tile, 5000u) << "no KPI tiles on the hand panel; " << describe(r);
}
