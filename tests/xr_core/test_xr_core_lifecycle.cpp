// Session lifecycle of the OpenXR core against the simulated runtime's scripted events (labels gpu, xr): focus loss
// and return, visibility loss (frames without layers), an exit requested by the runtime, runtime loss; and the
// startup failures: no runtime (XR_RUNTIME_JSON pointing nowhere, or unset with no active runtime) and a renderer
// whose device was not made through OpenXR.
#include "xr_core_test_util.h"

#include <optional>

namespace tv::xr::test {
namespace {

// 10 Hz keeps the scripted times easy to read: frame n is displayed at t = n / 10 s.
std::string lifecycleScript(const std::string& sessionEvents) {
    return R"({"width": 48, "height": 48, "displayHz": 10, "sessionEvents": )" + sessionEvents + "}";
}

TEST(XrCoreLifecycle, FocusLossAndReturnKeepFramesGoing) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, lifecycleScript(R"([{"t": 0.3, "event": "focus_lost", "duration": 0.4}])"));
    XrRig rig;
    ASSERT_NO_FATAL_FAILURE(makeRig(rig));
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    std::vector<bool> focused;
    uint64_t renderedWhileUnfocused = 0;
    for (int i = 0; i < 14; ++i) {
        const uint64_t before = rig.host->stats().framesRendered;
        ASSERT_TRUE(driver.step());
        focused.push_back(rig.host->lifecycle().focused);
        if (!rig.host->lifecycle().focused && rig.host->lifecycle().visible)
            renderedWhileUnfocused += rig.host->stats().framesRendered - before;
    }
    EXPECT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    // focused, then not, then focused again.
    const auto firstFocused = std::find(focused.begin(), focused.end(), true);
    ASSERT_NE(firstFocused, focused.end());
    const auto lost = std::find(firstFocused, focused.end(), false);
    ASSERT_NE(lost, focused.end());
    EXPECT_NE(std::find(lost, focused.end(), true), focused.end());
    EXPECT_TRUE(driver.sawEvent("headset focus lost"));
    EXPECT_TRUE(driver.sawEvent("headset focus regained"));
    EXPECT_GE(renderedWhileUnfocused, 3u); // VISIBLE still renders
    EXPECT_EQ(rig.host->stats().frames, 14u);
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    EXPECT_EQ(readReport(dir)["violationsTotal"].get<int>(), 0) << readReport(dir).dump();
}

TEST(XrCoreLifecycle, VisibilityLossSubmitsNoLayers) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, lifecycleScript(R"([{"t": 0.3, "event": "visibility_lost", "duration": 0.4}])"));
    XrRig rig;
    ASSERT_NO_FATAL_FAILURE(makeRig(rig));
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    for (int i = 0; i < 14; ++i) ASSERT_TRUE(driver.step());
    EXPECT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    const size_t hidden =
        size_t(std::count(driver.shouldRenderPerFrame.begin(), driver.shouldRenderPerFrame.end(), false));
    EXPECT_EQ(hidden, 1u + 4u); // the first frame (READY) and 0.4 s at 10 Hz
    const XrFrameStats stats = rig.host->stats();
    EXPECT_EQ(stats.framesWithoutLayers, hidden);
    EXPECT_EQ(stats.framesRendered, stats.frames - hidden);
    EXPECT_TRUE(driver.sawEvent("headset display hidden"));
    EXPECT_TRUE(driver.sawEvent("headset display shown"));
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    EXPECT_EQ(readReport(dir)["violationsTotal"].get<int>(), 0) << readReport(dir).dump();
}

TEST(XrCoreLifecycle, ExitRequestedByTheRuntimeStopsAndExits) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, lifecycleScript(R"([{"t": 0.5, "event": "exit_request"}])"));
    XrRig rig;
    ASSERT_NO_FATAL_FAILURE(makeRig(rig));
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->lifecycle().shouldQuit; }, 20));
    EXPECT_EQ(rig.host->lifecycle().state, XR_SESSION_STATE_EXITING);
    EXPECT_FALSE(rig.host->lifecycle().lost);
    EXPECT_TRUE(driver.sawEvent("exit requested by the runtime"));
    EXPECT_FALSE(driver.sawEvent("exit requested by the app"));
    EXPECT_EQ(rig.host->stats().frames, 5u); // t = 0.1 .. 0.5; the wait for t = 0.5 already saw the request
    EXPECT_EQ(driver.frameErrors, 0) << driver.lastFrameError;
    rig.teardown();
    EXPECT_EQ(rig.validationMessages, 0u);
    EXPECT_EQ(readReport(dir)["violationsTotal"].get<int>(), 0) << readReport(dir).dump();
}

TEST(XrCoreLifecycle, RuntimeLossIsReportedAndTornDownCleanly) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, lifecycleScript(R"([{"t": 0.45, "event": "runtime_lost"}])"));
    XrRig rig;
    ASSERT_NO_FATAL_FAILURE(makeRig(rig));
    const auto scene = TestScene::plant();
    FrameDriver driver(rig, *scene);
    ASSERT_TRUE(driver.runUntil([&] { return rig.host->lifecycle().lost; }, 20));
    const XrLifecycle& life = rig.host->lifecycle();
    EXPECT_TRUE(life.shouldQuit);
    EXPECT_FALSE(life.running);
    EXPECT_NE(life.lostMessage.find("lost the session"), std::string::npos) << life.lostMessage;
    EXPECT_EQ(rig.host->stats().frames, 4u); // t = 0.1 .. 0.4 complete; the wait for t = 0.5 reports the loss
    rig.host->requestExit();                 // harmless after the loss
    EXPECT_FALSE(driver.step());
    rig.teardown(); // destroys the lost session, then the renderer, then the instance
    EXPECT_EQ(rig.validationMessages, 0u);
    EXPECT_EQ(readReport(dir)["violationsTotal"].get<int>(), 0) << readReport(dir).dump();
}

// Sets an environment variable (or unsets it: null) for one scope, restoring the previous value after.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        if (value)
            setenv(name, value, 1);
        else
            unsetenv(name);
    }
    ~ScopedEnv() {
        if (m_old)
            setenv(m_name.c_str(), m_old->c_str(), 1);
        else
            unsetenv(m_name.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::string m_name;
    std::optional<std::string> m_old;
};

TEST(XrCoreStartup, MissingRuntimeManifestGivesAClearError) {
    const ScopedEnv json("XR_RUNTIME_JSON", "/nonexistent.json");
    auto runtime = XrRuntime::create();
    ASSERT_FALSE(bool(runtime));
    EXPECT_EQ(runtime.error().code, ErrorCode::Device);
    EXPECT_EQ(runtime.error().message.rfind("no OpenXR runtime is installed or active (", 0), 0u)
        << runtime.error().message;
    EXPECT_NE(runtime.error().message.find("/nonexistent.json"), std::string::npos);
    EXPECT_NE(runtime.error().message.find("see README"), std::string::npos);
}

TEST(XrCoreStartup, NoActiveRuntimeGivesAClearError) {
    // The loader looks for active_runtime.json under XDG_CONFIG_HOME and XDG_CONFIG_DIRS (then /etc/xdg).
    if (std::filesystem::exists("/etc/xdg/openxr/1/active_runtime.json"))
        GTEST_SKIP() << "this machine has a system-wide active OpenXR runtime";
    const auto dir = testDir();
    const ScopedEnv noJson("XR_RUNTIME_JSON", nullptr);
    const ScopedEnv configHome("XDG_CONFIG_HOME", dir.c_str());
    const ScopedEnv configDirs("XDG_CONFIG_DIRS", dir.c_str());
    auto runtime = XrRuntime::create();
    ASSERT_FALSE(bool(runtime));
    EXPECT_EQ(runtime.error().message,
              "no OpenXR runtime is installed or active (set XR_RUNTIME_JSON to a runtime manifest, e.g. Monado's or "
              "SteamVR's; see README)");
}

TEST(XrCoreStartup, RendererNotMadeThroughOpenXrIsRejected) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 32, "height": 32})");
    auto runtime = XrRuntime::create();
    ASSERT_TRUE(bool(runtime)) << runtime.error().message;
    {
        gfx::RendererConfig config; // plain Vulkan: no device provider
        config.validation = true;
        auto renderer = gfx::Renderer::create(config);
        ASSERT_TRUE(bool(renderer)) << renderer.error().message;
        auto host = XrSessionHost::create(**runtime, **renderer);
        ASSERT_FALSE(bool(host));
        EXPECT_EQ(host.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(host.error().message.find("not created through OpenXR"), std::string::npos);
        EXPECT_EQ((*renderer)->validationMessageCount(), 0u);
    }
    runtime->reset();
    EXPECT_EQ(readReport(dir)["violationsTotal"].get<int>(), 0);
}

} // namespace
} // namespace tv::xr::test
