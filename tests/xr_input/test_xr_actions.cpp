// XrActions against the simulated OpenXR runtime through the real loader (labels gpu;xr): for each of the five
// interaction profiles, the suggested bindings are accepted with zero violations, currentProfile() names the
// profile the script holds, scripted trigger / squeeze / thumbstick / menu values arrive on the right actions at
// the scripted times where the profile has them, the aim and grip poses follow their scripted tracks, haptics
// reach the runtime; without focus, sync reports focused = false and zeroed input, not an error.
#include "xr/input/xr_actions.h"
#include "xr_test_client.h"

#include <optional>

namespace tv::xr {
namespace {

using xrsim::test::XrTestClient;

double scriptSeconds(XrTime t) { return double(t - 1'000'000'000) * 1e-9; }

vec3 lerp(const vec3& a, const vec3& b, double t) { return a + (b - a) * float(t); }

// The scripted right aim track: from A at t = 0 to B at t = 1 s.
const vec3 kAimA(0.2f, 1.0f, -0.2f);
const vec3 kAimB(0.6f, 1.4f, -1.0f);
const vec3 kLeftGrip(-0.25f, 0.9f, -0.3f);

struct ProfileExpectation {
    const char* profile;
    bool squeeze;     // has an analogue or click squeeze
    bool thumbstick;  // thumbstick or trackpad
    const char* menu; // scripted input that presses the left menu action
};

std::string profileScript(const ProfileExpectation& e) {
    nlohmann::json script = {
        {"width", 64},
        {"height", 64},
        {"interactionProfile", e.profile},
        {"head", {{{"t", 0}, {"position", {0.0, 1.7, 0.0}}}}},
        {"left", {{{"t", 0}, {"position", {kLeftGrip.x, kLeftGrip.y, kLeftGrip.z}}}}},
        {"rightAim",
         {{{"t", 0}, {"position", {kAimA.x, kAimA.y, kAimA.z}}},
          {{"t", 1}, {"position", {kAimB.x, kAimB.y, kAimB.z}}}}},
        {"inputs",
         {{{"t", 0.3}, {"hand", "right"}, {"input", "trigger"}, {"value", 1.0}, {"duration", 0.3}},
          {{"t", 0.3}, {"hand", "right"}, {"input", "squeeze"}, {"value", 0.8}, {"duration", 0.3}},
          {{"t", 0.3}, {"hand", "left"}, {"input", "thumbstick_x"}, {"value", -0.5}, {"duration", 0.3}},
          {{"t", 0.3}, {"hand", "left"}, {"input", "thumbstick_y"}, {"value", 0.9}, {"duration", 0.3}},
          {{"t", 0.3}, {"hand", "left"}, {"input", e.menu}, {"value", 1.0}, {"duration", 0.3}}}},
    };
    return script.dump();
}

// Instance, actions (suggested before the session exists), Vulkan through enable2, session begun, set attached.
// The client is declared before the actions so the actions are destroyed first (their spaces belong to the
// session the client destroys).
struct Harness {
    XrTestClient client;
    std::optional<XrActions> actions;

    void start() {
        ASSERT_EQ(client.createInstance(), XR_SUCCESS);
        auto created = XrActions::create(client.instance);
        ASSERT_TRUE(created) << created.error().message;
        actions.emplace(std::move(*created));
        ASSERT_NO_FATAL_FAILURE(client.createVulkan());
        ASSERT_NO_FATAL_FAILURE(client.beginSession());
        auto attached = actions->attach(client.session);
        ASSERT_TRUE(attached) << attached.error().message;
    }
    // One frame, then the input state at its predicted display time (only when focused, else nullopt).
    std::optional<XrInputState> frameAndSync() {
        client.frame();
        if (::testing::Test::HasFatalFailure() || client.state != XR_SESSION_STATE_FOCUSED) return std::nullopt;
        auto state = actions->sync(client.session, client.stage, client.lastFrame.predictedDisplayTime);
        EXPECT_TRUE(state) << state.error().message;
        if (!state) return std::nullopt;
        return std::move(*state);
    }
    void finish() {
        actions.reset();
        client.shutdown(); // the runtime writes its report at xrDestroyInstance
    }
};

void runProfile(const ProfileExpectation& e) {
    const auto dir = xrsim::test::testDir();
    xrsim::test::useSimulatedRuntime(dir, profileScript(e));
    Harness h;
    ASSERT_NO_FATAL_FAILURE(h.start());
    EXPECT_EQ(h.actions->acceptedProfiles().size(), 5u);

    int frames = 0, pressedFrames = 0, focusedFrames = 0;
    bool profileSeen = false, vibrated = false;
    while (frames++ < 110) {
        const int profileEvents = h.client.profileChangedEvents;
        auto state = h.frameAndSync();
        ASSERT_FALSE(::testing::Test::HasFatalFailure());
        if (h.client.profileChangedEvents != profileEvents) {
            auto changed = h.actions->onInteractionProfileChanged(h.client.session);
            ASSERT_TRUE(changed) << changed.error().message;
            profileSeen = true;
        }
        if (!state) continue;
        ++focusedFrames;
        EXPECT_EQ(h.actions->currentProfile(), e.profile);
        const double t = scriptSeconds(state->time);
        const bool inside = t > 0.31 && t < 0.59, outside = t < 0.29 || t > 0.61;
        const HandInput& left = state->hands[kLeftHand];
        const HandInput& right = state->hands[kRightHand];
        EXPECT_TRUE(state->focused);
        EXPECT_EQ(state->profile, e.profile);
        // Head and poses follow the script.
        ASSERT_TRUE(state->headTracked);
        EXPECT_NEAR(state->head.position.y, 1.7f, 1e-4f);
        ASSERT_TRUE(right.tracked) << t;
        const vec3 aim = lerp(kAimA, kAimB, std::clamp(t, 0.0, 1.0));
        EXPECT_NEAR(glm::distance(right.aim.position, aim), 0.0f, 1e-4f) << "t=" << t;
        ASSERT_TRUE(left.gripTracked);
        EXPECT_NEAR(glm::distance(left.grip.position, kLeftGrip), 0.0f, 1e-4f);
        // Buttons and axes at the scripted times.
        if (inside) {
            ++pressedFrames;
            EXPECT_GT(right.trigger, 0.5f) << "t=" << t;
            EXPECT_EQ(right.squeeze > 0.5f, e.squeeze) << "t=" << t;
            EXPECT_TRUE(left.menu) << "t=" << t;
            if (e.thumbstick) {
                EXPECT_NEAR(left.thumbstick.x, -0.5f, 1e-6f);
                EXPECT_NEAR(left.thumbstick.y, 0.9f, 1e-6f);
            } else {
                EXPECT_EQ(left.thumbstick, vec2(0.0f));
            }
            EXPECT_EQ(right.thumbstick, vec2(0.0f)); // scripted on the left only
            if (!vibrated) {
                auto v = h.actions->vibrate(kRightHand, 0.05f, 0.7f);
                EXPECT_TRUE(v) << v.error().message;
                vibrated = true;
            }
        } else if (outside) {
            EXPECT_LT(right.trigger, 0.5f) << "t=" << t;
            EXPECT_LT(right.squeeze, 0.5f) << "t=" << t;
            EXPECT_FALSE(left.menu) << "t=" << t;
            EXPECT_EQ(left.thumbstick, vec2(0.0f)) << "t=" << t;
        }
    }
    EXPECT_TRUE(profileSeen);
    EXPECT_GT(focusedFrames, 80);
    EXPECT_GT(pressedFrames, 20);
    h.finish();
    const nlohmann::json report = xrsim::test::readReport(dir);
    ASSERT_FALSE(report.is_null());
    EXPECT_EQ(report.value("violationsTotal", -1), 0) << report.dump();
    EXPECT_EQ(report.value("haptics", -1), 1) << report.dump();
}

TEST(XrActionsRuntime, KhrSimpleController) {
    runProfile({"/interaction_profiles/khr/simple_controller", false, false, "menu"});
}
TEST(XrActionsRuntime, OculusTouchController) {
    runProfile({"/interaction_profiles/oculus/touch_controller", true, true, "menu"});
}
TEST(XrActionsRuntime, ValveIndexController) {
    // No menu button on Index: the left B opens the menu (xr_bindings.h).
    runProfile({"/interaction_profiles/valve/index_controller", true, true, "b"});
}
TEST(XrActionsRuntime, HtcViveController) {
    runProfile({"/interaction_profiles/htc/vive_controller", true, true, "menu"});
}
TEST(XrActionsRuntime, MicrosoftMotionController) {
    runProfile({"/interaction_profiles/microsoft/motion_controller", true, true, "menu"});
}

TEST(XrActionsRuntime, NotFocusedIsNotAnError) {
    const auto dir = xrsim::test::testDir();
    nlohmann::json script = {
        {"width", 64},
        {"height", 64},
        {"inputs", {{{"t", 0.0}, {"hand", "right"}, {"input", "trigger"}, {"value", 1.0}, {"duration", 5.0}}}},
        {"sessionEvents", {{{"t", 0.2}, {"event", "focus_lost"}, {"duration", 0.3}}}},
    };
    xrsim::test::useSimulatedRuntime(dir, script.dump());
    Harness h;
    ASSERT_NO_FATAL_FAILURE(h.start());
    int unfocusedSyncs = 0, focusedAfter = 0;
    bool lostFocus = false;
    for (int frame = 0; frame < 80; ++frame) {
        h.client.frame();
        ASSERT_FALSE(::testing::Test::HasFatalFailure());
        h.client.pollEvents(); // the state as of this frame's display time, which sync reads too
        const XrSessionState s = h.client.state;
        if (s != XR_SESSION_STATE_FOCUSED && s != XR_SESSION_STATE_VISIBLE) continue;
        auto state = h.actions->sync(h.client.session, h.client.stage, h.client.lastFrame.predictedDisplayTime);
        ASSERT_TRUE(state) << state.error().message;
        EXPECT_EQ(state->focused, s == XR_SESSION_STATE_FOCUSED);
        if (!state->focused) {
            lostFocus = true;
            ++unfocusedSyncs;
            for (const HandInput& hand : state->hands) {
                EXPECT_FALSE(hand.tracked);
                EXPECT_FALSE(hand.gripTracked);
                EXPECT_EQ(hand.trigger, 0.0f); // scripted as held the whole time
            }
            EXPECT_TRUE(state->headTracked); // the user still sees the world
        } else {
            EXPECT_GT(state->hands[kRightHand].trigger, 0.5f);
            if (lostFocus) ++focusedAfter;
        }
    }
    EXPECT_GT(unfocusedSyncs, 10);
    EXPECT_GT(focusedAfter, 10);
    h.finish();
    const nlohmann::json report = xrsim::test::readReport(dir);
    EXPECT_EQ(report.value("violationsTotal", -1), 0) << report.dump();
}

} // namespace
} // namespace tv::xr
