// The timeline panel through the null backend: the LIVE / VIEWING PAST MOMENT state, Go live, dragging the scrub
// handle (previews, then the final TimelineGoTo inside the range), step buttons, alarm markers' tooltip, and the
// presenter's share buttons disabled with the reason for other roles.
#include "ui_harness.h"

#include "core/utc_time.h"
#include "ui/timeline_panel.h"

namespace tv::ui {
namespace {

constexpr uint64_t kT0 = 1'764'000'000'000'000ull; // 2025-11-24 16:00:00 UTC

struct TimelineFixture : ::testing::Test {
    test::Harness h;
    TimelinePanelState state;
    TimelineView view;
    std::vector<ops::AlarmMarker> markers;
    std::vector<UiAction> actions;
    bool open = true;

    void SetUp() override {
        view.range = {kT0, kT0 + 600'000'000};
        view.nowUs = kT0 + 600'000'000;
        markers.push_back({kT0 + 300'000'000, 0, "high-level", "tank-1", net::AlarmSeverity::Critical, "level high"});
        view.markers = markers;
        h.captureText = true;
        h.draw = [&] {
            ImGui::SetNextWindowPos(ImVec2(10.0f, 10.0f));
            ImGui::SetNextWindowSize(ImVec2(600.0f, 260.0f));
            drawTimelinePanel(state, &open, view, actions);
        };
        h.frames(2);
    }
    ImGuiID id(const char* label) { return ImHashStr(label, 0, h.window("Timeline")->ID); }
    std::optional<vec2> find(const char* label) { return h.findInWindow(h.window("Timeline"), id(label)); }
    size_t count(UiActionKind k) const {
        return size_t(std::count_if(actions.begin(), actions.end(), [&](const UiAction& a) { return a.kind == k; }));
    }
};

TEST_F(TimelineFixture, LiveStateAndGoLiveAtAMoment) {
    EXPECT_NE(h.text.find("LIVE"), std::string::npos) << h.text;
    EXPECT_EQ(h.text.find("VIEWING PAST MOMENT"), std::string::npos);
    auto goLive = find("Go live");
    ASSERT_TRUE(goLive);
    h.click(*goLive);
    EXPECT_EQ(count(UiActionKind::TimelineGoLive), 0u) << "disabled while live";

    view.momentUs = kT0 + 408'000'000; // 16:06:48, 3 min 12 s before now
    h.frames(2);
    EXPECT_NE(h.text.find("VIEWING PAST MOMENT 16:06:48 UTC (3 min 12 s ago)"), std::string::npos) << h.text;
    goLive = find("Go live"); // the state line is longer now: the button moved
    ASSERT_TRUE(goLive);
    h.click(*goLive);
    EXPECT_EQ(count(UiActionKind::TimelineGoLive), 1u);
}

TEST_F(TimelineFixture, DraggingTheHandlePreviewsAndReleaseGoesToATimeInRange) {
    ImGuiWindow* w = h.window("Timeline");
    auto bar = find("##scrub");
    ASSERT_TRUE(bar);
    h.mouseTo(*bar);
    h.frame();
    ImGui::GetIO().MouseDown[0] = true;
    for (int i = 0; i < 30; ++i) { // half a second of dragging to the left
        h.mouseTo({bar->x - float(i) * 4.0f, bar->y});
        h.frame();
    }
    const size_t previews = count(UiActionKind::TimelineGoTo);
    EXPECT_GE(previews, 2u) << "a drag previews";
    EXPECT_LE(previews, 4u) << "at most ~5 per second";
    ImGui::GetIO().MouseDown[0] = false;
    h.frames(2);
    ASSERT_EQ(count(UiActionKind::TimelineGoTo), previews + 1) << "release sends the final position";
    const UiAction& last = actions.back();
    EXPECT_EQ(last.kind, UiActionKind::TimelineGoTo);
    EXPECT_GE(last.value, double(kT0) * 1e-6);
    EXPECT_LE(last.value, double(kT0 + 600'000'000) * 1e-6);
    EXPECT_LT(last.value, double(kT0 + 600'000'000) * 1e-6) << "dragged left of the live end";
    (void)w;
}

TEST_F(TimelineFixture, StepButtonsMoveFromTheMomentWithinTheRange) {
    view.momentUs = kT0 + 30'000'000;
    h.frames(2);
    auto minus = find("-1 min");
    ASSERT_TRUE(minus);
    h.click(*minus);
    ASSERT_EQ(count(UiActionKind::TimelineGoTo), 1u);
    EXPECT_DOUBLE_EQ(actions.back().value, double(kT0) * 1e-6) << "clamped to the range start";
    auto plus = find("+10 s");
    ASSERT_TRUE(plus);
    h.click(*plus);
    EXPECT_DOUBLE_EQ(actions.back().value, double(kT0 + 40'000'000) * 1e-6);
}

TEST_F(TimelineFixture, ShareIsDisabledWithTheReasonForNonPresenters) {
    view.inSession = true;
    view.canShare = false;
    view.whyNotShare = "only a presenter can take everyone to a moment";
    h.frames(2);
    EXPECT_NE(h.text.find("only a presenter can take everyone to a moment"), std::string::npos) << h.text;
    auto take = find("Take everyone here");
    ASSERT_TRUE(take);
    h.click(*take);
    EXPECT_EQ(count(UiActionKind::ShareMoment), 0u);

    view.canShare = true;
    view.momentUs = kT0 + 120'000'000;
    h.frames(2);
    h.click(*take);
    ASSERT_EQ(count(UiActionKind::ShareMoment), 1u);
    EXPECT_TRUE(actions.back().flag);
    EXPECT_DOUBLE_EQ(actions.back().value, double(kT0 + 120'000'000) * 1e-6);
    auto back = find("Everyone back to live");
    ASSERT_TRUE(back);
    h.click(*back);
    EXPECT_FALSE(actions.back().flag);
}

TEST_F(TimelineFixture, PresenterBannerOffersALocalGoLive) {
    view.sharedBy = "alice";
    view.sharedMomentUs = kT0 + 151'000'000; // 16:02:31
    view.momentUs = view.sharedMomentUs;
    h.frames(2);
    EXPECT_NE(h.text.find("alice took everyone to 16:02:31"), std::string::npos) << h.text;
    auto local = find("Go live (only me)");
    ASSERT_TRUE(local);
    h.click(*local);
    EXPECT_EQ(count(UiActionKind::TimelineGoLive), 1u);
}

TEST(TimelineFormat, ClockAndAge) {
    EXPECT_EQ(utcClockText(kT0 + 151'250'000), "16:02:31");
    EXPECT_EQ(formatAgo(kT0, kT0 + 192'000'000), "3 min 12 s ago");
    EXPECT_EQ(formatAgo(kT0, kT0 + 5'000'000), "5 s ago");
    EXPECT_EQ(formatAgo(kT0 + 7'200'000'000ull, kT0), "in 2 h 0 min");
}

} // namespace
} // namespace tv::ui
