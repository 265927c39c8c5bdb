// The simulated runtime's script format and interaction-profile tables, tested directly (label unit: no GPU,
// no loader). The runtime's sources are compiled into this test; the runtime module itself stays hidden.
#include "profiles.h"
#include "script.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tv::xrsim {
namespace {

TEST(XrSimScript, DefaultsDescribeAStandingUserAt90Hz) {
    Script s;
    std::string error;
    ASSERT_TRUE(parseScript("{}", s, error)) << error;
    EXPECT_DOUBLE_EQ(s.displayHz, 90.0);
    EXPECT_EQ(s.width, 640u);
    EXPECT_EQ(s.blendModes, std::vector<std::string>{"opaque"});
    const Pose head = sampleTrack(s.head, 3.0);
    EXPECT_FLOAT_EQ(head.position[1], 1.7f);
    EXPECT_FLOAT_EQ(head.orientation[3], 1.0f);
    EXPECT_LT(sampleTrack(s.hands[0], 0.0).position[0], 0.0f); // left hand on the left
}

TEST(XrSimScript, MalformedScriptsNameTheProblem) {
    Script s;
    std::string error;
    EXPECT_FALSE(parseScript("{\"displayHz\": 0}", s, error));
    EXPECT_NE(error.find("displayHz"), std::string::npos);
    EXPECT_FALSE(parseScript("{\"blendModes\": [\"passthrough\"]}", s, error));
    EXPECT_NE(error.find("passthrough"), std::string::npos);
    EXPECT_FALSE(parseScript("{\"inputs\": [{\"t\": 1, \"input\": \"jump\"}]}", s, error));
    EXPECT_NE(error.find("jump"), std::string::npos);
    EXPECT_FALSE(parseScript("{\"head\": [{\"t\": 1}, {\"t\": 0}]}", s, error));
    EXPECT_NE(error.find("time order"), std::string::npos);
    EXPECT_FALSE(parseScript("{\"sessionEvents\": [{\"t\": 1, \"event\": \"explode\"}]}", s, error));
    EXPECT_FALSE(parseScript("not json", s, error));
}

TEST(XrSimScript, TracksInterpolateLinearlyAndSlerp) {
    Script s;
    std::string error;
    ASSERT_TRUE(parseScript(R"({"head": [{"t": 1, "position": [0, 1, 0], "orientation": [0, 0, 0, 1]},
                                         {"t": 3, "position": [2, 1, -4], "orientation": [0, 1, 0, 0]}]})",
                            s, error))
        << error;
    const Pose mid = sampleTrack(s.head, 2.0);
    EXPECT_FLOAT_EQ(mid.position[0], 1.0f);
    EXPECT_FLOAT_EQ(mid.position[2], -2.0f);
    // Halfway between identity and 180 degrees about Y is 90 degrees about Y.
    EXPECT_NEAR(mid.orientation[1], std::sqrt(0.5f), 1e-5f);
    EXPECT_NEAR(mid.orientation[3], std::sqrt(0.5f), 1e-5f);
    EXPECT_FLOAT_EQ(sampleTrack(s.head, 0.0).position[0], 0.0f);  // clamped before the first keyframe
    EXPECT_FLOAT_EQ(sampleTrack(s.head, 9.0).position[2], -4.0f); // and after the last
}

TEST(XrSimScript, InputsHoldTheirValueForTheirDuration) {
    Script s;
    std::string error;
    ASSERT_TRUE(parseScript(R"({"inputs": [{"t": 1, "hand": "left", "input": "select", "duration": 0.5},
                                           {"t": 2, "hand": "right", "input": "thumbstick_y", "value": -0.5}]})",
                            s, error))
        << error;
    EXPECT_EQ(scriptedInput(s, 0, "trigger", 0.99), 0.0f);
    EXPECT_EQ(scriptedInput(s, 0, "trigger", 1.0), 1.0f); // "select" is an alias of the trigger
    EXPECT_EQ(scriptedInput(s, 0, "trigger", 1.5), 0.0f);
    EXPECT_EQ(scriptedInput(s, 1, "trigger", 1.2), 0.0f);
    EXPECT_EQ(scriptedInput(s, 1, "thumbstick_y", 2.05), -0.5f); // default duration 0.1 s
    BoundSource stick;
    ASSERT_TRUE(parseBinding("/user/hand/right/input/thumbstick", stick));
    float y = 0.0f;
    EXPECT_EQ(sourceValue(s, stick, 2.05, &y), 0.0f);
    EXPECT_EQ(y, -0.5f);
}

TEST(XrSimScript, CaptureSelectsListedOrEveryNthFrame) {
    Script s;
    std::string error;
    ASSERT_TRUE(parseScript(R"({"capture": {"dir": "/tmp/x", "frames": [3, 7], "every": 5}})", s, error)) << error;
    EXPECT_TRUE(shouldCapture(s, 0));
    EXPECT_TRUE(shouldCapture(s, 3));
    EXPECT_TRUE(shouldCapture(s, 10));
    EXPECT_FALSE(shouldCapture(s, 4));
    EXPECT_FALSE(parseScript(R"({"capture": {"frames": [1]}})", s, error)); // dir is required
}

TEST(XrSimProfiles, SpecificationPathsPerProfile) {
    EXPECT_TRUE(profileKnown("/interaction_profiles/khr/simple_controller"));
    EXPECT_FALSE(profileKnown("/interaction_profiles/khr/fancy_controller"));
    const std::string touch = "/interaction_profiles/oculus/touch_controller";
    EXPECT_TRUE(bindingValid(touch, "/user/hand/left/input/x/click"));
    EXPECT_FALSE(bindingValid(touch, "/user/hand/right/input/x/click")); // X/Y are on the left controller
    EXPECT_TRUE(bindingValid(touch, "/user/hand/right/input/a/click"));
    EXPECT_TRUE(bindingValid(touch, "/user/hand/right/input/trigger")); // identifier without component
    EXPECT_TRUE(bindingValid(touch, "/user/hand/right/output/haptic"));
    EXPECT_FALSE(bindingValid(touch, "/user/head/input/trigger/value"));
    const std::string vive = "/interaction_profiles/htc/vive_controller";
    EXPECT_TRUE(bindingValid(vive, "/user/hand/left/input/trackpad/click"));
    EXPECT_FALSE(bindingValid(vive, "/user/hand/left/input/thumbstick/x"));
    EXPECT_TRUE(bindingValid("/interaction_profiles/valve/index_controller", "/user/hand/left/input/squeeze/force"));
    EXPECT_TRUE(bindingValid("/interaction_profiles/microsoft/motion_controller", "/user/hand/left/input/menu/click"));
    EXPECT_FALSE(bindingValid("/interaction_profiles/microsoft/motion_controller", "/user/hand/left/input/a/click"));
}

} // namespace
} // namespace tv::xrsim
