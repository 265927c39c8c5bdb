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
