#include "app/cli_options.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

using namespace tv::app;

namespace {
ParseOutcome parse(std::initializer_list<const char*> args) {
    std::vector<const char*> argv{"twinview"};
    argv.insert(argv.end(), args.begin(), args.end());
    return parseCommandLine(int(argv.size()), argv.data());
}
} // namespace

TEST(CliOptions, DefaultsMeanDemoInWindowWithDefaultLighting) {
    auto o = parse({});
    ASSERT_TRUE(o.options);
    EXPECT_TRUE(o.options->file.empty());
    EXPECT_FALSE(o.options->headless);
    EXPECT_EQ(o.options->width, 1280u);
    EXPECT_EQ(o.options->height, 720u);
    EXPECT_EQ(o.options->lighting, LightingChoice::Default);
    EXPECT_FALSE(o.options->frames);
}

TEST(CliOptions, FullContract) {
    auto o = parse({"model.glb", "--headless", "--frames", "5", "--size", "256x128", "--screenshot", "out.png",
                    "--camera", "0,1,2.5,0,0,0,45", "--lighting", "neutral", "--validate"});
    ASSERT_TRUE(o.options) << o.text;
    EXPECT_EQ(o.options->file, "model.glb");
    EXPECT_TRUE(o.options->headless);
    EXPECT_EQ(*o.options->frames, 5u);
    EXPECT_EQ(o.options->width, 256u);
    EXPECT_EQ(o.options->height, 128u);
    EXPECT_EQ(o.options->screenshot, "out.png");
    ASSERT_TRUE(o.options->camera);
    EXPECT_EQ(o.options->camera->eye, tv::vec3(0, 1, 2.5f));
    EXPECT_FLOAT_EQ(o.options->camera->yfovDeg, 45.0f);
    EXPECT_EQ(o.options->lighting, LightingChoice::Neutral);
    EXPECT_TRUE(o.options->validate);
}

TEST(CliOptions, HelpExitsZeroWithEveryOption) {
    auto o = parse({"--help"});
    EXPECT_FALSE(o.options);
    EXPECT_EQ(o.exitCode, kExitOk);
    for (const char* opt : {"--headless", "--frames", "--size", "--screenshot", "--camera", "--lighting", "--validate"})
        EXPECT_NE(o.text.find(opt), std::string::npos) << opt;
}

TEST(CliOptions, BadUsageExitsTwoWithOneErrorLine) {
    for (auto args : {std::vector<const char*>{"--size", "12"},
                      {"--size", "0x10"},
                      {"--camera", "1,2,3"},
                      {"--camera", "0,0,0,0,0,0,45"},
                      {"--camera", "0,0,1,0,0,0,200"},
                      {"--lighting", "bright"},
                      {"--frames", "0"},
                      {"--frames", "abc"},
                      {"--bogus"},
                      {"--anim", "x@y"},
                      {"a.glb", "b.glb"}}) {
        std::vector<const char*> argv{"twinview"};
        argv.insert(argv.end(), args.begin(), args.end());
        auto o = parseCommandLine(int(argv.size()), argv.data());
        EXPECT_FALSE(o.options) << args[0];
        EXPECT_EQ(o.exitCode, kExitUsage) << args[0];
        EXPECT_EQ(o.text.rfind("error: ", 0), 0u) << o.text;
        EXPECT_EQ(o.text.find('\n'), std::string::npos) << o.text;
    }
}

TEST(CliOptions, AnimationArgument) {
    auto o = parse({"--anim", "2@1.5"});
    ASSERT_TRUE(o.options && o.options->anim);
    EXPECT_EQ(o.options->anim->index, 2);
    EXPECT_FLOAT_EQ(o.options->anim->time, 1.5f);
    o = parse({"--anim", "play"});
    ASSERT_TRUE(o.options && o.options->anim);
    EXPECT_TRUE(o.options->anim->play);
}

TEST(CliOptions, JoinUrlNamesHubEndpointAndSession) {
    auto o = parse({"--join", "tcp://10.0.0.5:7600/plant-review", "--name", "ana", "--role", "observer"});
    ASSERT_TRUE(o.options) << o.text;
    EXPECT_EQ(o.options->joinEndpoint, "tcp://10.0.0.5:7600");
    EXPECT_EQ(o.options->joinSession, "plant-review");
    EXPECT_EQ(o.options->userName, "ana");
    EXPECT_EQ(o.options->role, "observer");

    std::string endpoint, session, error;
    EXPECT_TRUE(parseJoinUrl("tcp://[::1]:7600/s.1_x", endpoint, session, error)) << error;
    EXPECT_EQ(endpoint, "tcp://[::1]:7600");
    EXPECT_EQ(session, "s.1_x");
    for (const char* bad : {"http://h:1/s", "tcp://h:1", "tcp://h:1/", "tcp://h/s", "tcp://h:0/s", "tcp://h:70000/s",
                            "tcp://:1/s", "tcp://h:1/a b", "tcp://h:1/a/b"}) {
        error.clear();
        EXPECT_FALSE(parseJoinUrl(bad, endpoint, session, error)) << bad;
        EXPECT_FALSE(error.empty()) << bad;
    }
}

TEST(CliOptions, SessionOptionsNeedJoinAndKeysGoTogether) {
    for (auto args : {std::vector<const char*>{"--name", "ana"},
                      {"--join", "tcp://h:1/s", "--key", "me.key"},
                      {"--join", "tcp://h:1/s", "--role", "king"},
                      {"--join", "tcp://h:1/s", "--connect", "tcp://a:1,tcp://a:2"},
                      {"--join", "nope"}}) {
        std::vector<const char*> argv{"twinview"};
        argv.insert(argv.end(), args.begin(), args.end());
        auto o = parseCommandLine(int(argv.size()), argv.data());
        EXPECT_FALSE(o.options) << args[0] << " " << args[1];
        EXPECT_EQ(o.exitCode, kExitUsage);
        EXPECT_EQ(o.text.find('\n'), std::string::npos) << o.text;
    }
}

TEST(CliOptions, XrOptions) {
    auto o = parse({"plant.json", "--xr", "--xr-blend", "alpha-blend", "--xr-smooth-turn", "--frames", "30"});
    ASSERT_TRUE(o.options) << o.text;
    EXPECT_TRUE(o.options->xr);
    EXPECT_EQ(o.options->xrBlend, "alpha-blend");
    EXPECT_TRUE(o.options->xrSmoothTurn);
    EXPECT_TRUE(o.options->xrFallback);
    EXPECT_EQ(*o.options->frames, 30u);
    auto noFallback = parse({"--xr", "--xr-no-fallback"});
    ASSERT_TRUE(noFallback.options) << noFallback.text;
    EXPECT_FALSE(noFallback.options->xrFallback);
    // XR options without --xr, an unknown blend mode, and --xr with --headless are usage errors.
    for (auto args : {std::vector<const char*>{"--xr-blend", "opaque"},
                      {"--xr-smooth-turn"},
                      {"--xr", "--xr-blend", "transparent"},
                      {"--xr", "--headless"}}) {
        std::vector<const char*> argv{"twinview"};
        argv.insert(argv.end(), args.begin(), args.end());
        auto bad = parseCommandLine(int(argv.size()), argv.data());
        EXPECT_FALSE(bad.options) << args.back();
        EXPECT_EQ(bad.exitCode, kExitUsage);
        EXPECT_EQ(bad.text.rfind("error: ", 0), 0u) << bad.text;
    }
}

TEST(CliOptions, OperatorPanelOptions) {
    auto o = parse({"--panels", "trends,kpis", "--panels", "timeline", "--trend", "pump-1.speed", "--trend",
                    "tank-3.level", "--history", "plant.tvrec"});
    ASSERT_TRUE(o.options) << o.text;
    EXPECT_EQ(o.options->panels, (std::vector<std::string>{"trends", "kpis", "timeline"}));
    EXPECT_EQ(o.options->trends, (std::vector<std::string>{"pump-1.speed", "tank-3.level"}));
    EXPECT_EQ(o.options->history, "plant.tvrec");

    auto badPanel = parse({"--panels", "trends,charts"});
    EXPECT_EQ(badPanel.exitCode, kExitUsage);
    EXPECT_NE(badPanel.text.find("charts"), std::string::npos) << badPanel.text;
    auto badTrend = parse({"--trend", "pump-1"});
    EXPECT_EQ(badTrend.exitCode, kExitUsage);
    EXPECT_NE(badTrend.text.find("ENTITY.PROPERTY"), std::string::npos) << badTrend.text;
}
