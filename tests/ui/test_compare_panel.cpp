// The compare panel through the null backend at the XR hand panel's size (600x500): the side-by-side table's texts
// and delta colours, the summary and alarm lists, "only changed" and the filter, 10,000 rows drawn clipped, the
// moments' defaults and every control that asks for a new comparison (requestSerial), Show, the difference tab's
// colouring checkbox, legend and entity list, and the error line.
#include "ui_harness.h"

#include "core/log.h"
#include "core/utc_time.h"
#include "ui/compare_panel.h"

#include <cstdio>
#include <initializer_list>

namespace tv::ui {
namespace {

constexpr uint64_t kT0 = 1'764'000'000'000'000ull; // 2025-11-24 16:00:00 UTC
constexpr uint64_t kMinute = 60'000'000ull;

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }
// A wrapped line reads as one: the captured text with its line breaks as spaces.
std::string unwrapped(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

ops::CompareRow numberRow(const char* entity, const char* property, const char* unit, double a, double b,
                          double normalised) {
    ops::CompareRow r;
    r.entity = entity;
    r.property = property;
    r.unit = unit;
    r.numeric = true;
    r.valueA = a;
    r.valueB = b;
    r.a = tv::format("%g", a);
    r.b = tv::format("%g", b);
    r.delta = b - a;
    r.normalised = normalised;
    return r;
}

ops::CompareRow textRow(const char* entity, const char* property, const char* a, const char* b) {
    ops::CompareRow r;
    r.entity = entity;
    r.property = property;
    r.a = a;
    r.b = b;
    r.normalised = r.a == r.b ? 0.0 : 1.0;
    return r;
}

struct CompareFixture : ::testing::Test {
    test::Harness h;
    ComparePanelState state;
    CompareView view;
    ops::Comparison comparison;
    std::vector<UiAction> actions;
    bool open = true;

    void SetUp() override {
        // As compareStates orders them: changed rows first by normalised change.
        comparison.rows = {textRow("pump-3", "state", "run", "stop"), numberRow("tank-1", "level", "m", 2.5, 2.9, 0.4),
                           numberRow("pump-3", "speed", "rpm", 1500, 1200, 0.3),
                           numberRow("tank-2", "level", "m", 1.0, 1.0, 0.0)};
        comparison.entities = {{"tank-1", 0.4}, {"pump-3", -0.3}, {"tank-2", 0.0}};
        comparison.alarmsOnlyB = {"high-level"};
        comparison.alarmsOnlyA = {"dry-run"};
        view.range = {kT0, kT0 + 10 * kMinute};
        view.nowUs = kT0 + 10 * kMinute;
        h.captureText = true;
        h.draw = [&] {
            ImGui::SetNextWindowPos(ImVec2(10.0f, 10.0f));
            ImGui::SetNextWindowSize(ImVec2(600.0f, 500.0f));
            drawComparePanel(state, &open, view, actions);
        };
    }
    // The app's side: answer the latest request with the comparison.
    void answer() {
        view.comparison = &comparison;
        view.computedSerial = state.requestSerial;
        h.frames(2);
    }
    // The ID of a widget under a chain of ID scopes in the Compare window ({"A", "-1 min"}, {"##mode", tab, item}).
    ImGuiID id(std::initializer_list<const char*> path) {
        ImGuiID seed = h.window("Compare")->ID;
        for (const char* p : path) seed = ImHashStr(p, 0, seed);
        return seed;
    }
    std::optional<vec2> find(std::initializer_list<const char*> path) {
        return h.findInWindow(h.window("Compare"), id(path), 3.0f);
    }
    bool clickOn(std::initializer_list<const char*> path) {
        auto at = find(path);
        if (!at) return false;
        h.click(*at);
        return true;
    }
};

TEST_F(CompareFixture, DefaultsAskForAComparisonOfOneMinuteAgoWithLive) {
    h.frames(2);
    EXPECT_TRUE(state.initialised);
    EXPECT_EQ(state.requestSerial, 1u);
    EXPECT_FALSE(state.a.live);
    EXPECT_EQ(state.a.timeUs, view.nowUs - kMinute);
    EXPECT_TRUE(state.b.live);
    EXPECT_TRUE(has(h.text, "A: Live Moment 16:09:00 UTC (1 min 0 s ago) Show")) << h.text;
    EXPECT_TRUE(has(h.text, "B: Live Moment now, 16:10:00 UTC Show")) << h.text;
    EXPECT_TRUE(has(h.text, "comparing...")) << h.text;

    // With a timeline moment, A starts there.
    ComparePanelState other;
    view.momentUs = kT0 + 3 * kMinute;
    h.draw = [&] { drawComparePanel(other, &open, view, actions); };
    h.frames(2);
    EXPECT_EQ(other.a.timeUs, kT0 + 3 * kMinute);
    EXPECT_FALSE(other.a.live);
}

TEST_F(CompareFixture, WaitsForAClockBeforeSettingDefaults) {
    view.nowUs = 0;
    view.range = {};
    h.frames(2);
    EXPECT_FALSE(state.initialised);
    EXPECT_EQ(state.requestSerial, 0u) << "nothing to compare yet";
    EXPECT_TRUE(has(h.text, "No comparison yet.")) << h.text;
}

TEST_F(CompareFixture, TableShowsTheRowsTheirDeltasAndTheSummary) {
    h.frames(2);
    answer();
    const std::string& t = h.text;
    EXPECT_TRUE(has(unwrapped(t), "3 of 4 properties changed; 1 alarm raised, 1 cleared between A and B")) << t;
    EXPECT_TRUE(has(t, "Raised: high-level")) << t;
    EXPECT_TRUE(has(t, "Cleared: dry-run")) << t;
    EXPECT_TRUE(has(t, "Entity Property A B B - A")) << t;
    EXPECT_TRUE(has(t, "pump-3 state run stop changed")) << t;
    EXPECT_TRUE(has(t, "tank-1 level 2.5 m 2.9 m +0.4 m")) << t;
    EXPECT_TRUE(has(t, "pump-3 speed 1500 rpm 1200 rpm -300 rpm")) << t;
    EXPECT_FALSE(has(t, "tank-2")) << "only changed rows by default\n" << t;
    EXPECT_EQ(state.drawnRows, (std::vector<uint32_t>{0, 1, 2})) << "in the comparison's order";
    EXPECT_FALSE(has(t, "comparing...")) << t;

    // Higher in B reads red, lower in B blue, both from the diverging ramp.
    const ImU32 up = h.colourOf("+0.4 m"), down = h.colourOf("-300 rpm");
    EXPECT_EQ(up, compareDeltaColour(0.4));
    EXPECT_EQ(down, compareDeltaColour(-0.3));
    const ImVec4 upRgb = ImGui::ColorConvertU32ToFloat4(up), downRgb = ImGui::ColorConvertU32ToFloat4(down);
    EXPECT_GT(upRgb.x, upRgb.z + 0.2f);
    EXPECT_GT(downRgb.z, downRgb.x + 0.2f);

    // Unticking "Only changed" shows the unchanged row, greyed.
    ASSERT_TRUE(clickOn({"##mode", "Side by side", "Only changed"}));
    EXPECT_FALSE(state.onlyChanged);
    EXPECT_TRUE(has(h.text, "tank-2 level 1 m 1 m 0")) << h.text;
    EXPECT_EQ(h.colourOf("tank-2"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    EXPECT_EQ(state.drawnRows.size(), 4u);
}

TEST_F(CompareFixture, FilterHidesRows) {
    h.frames(2);
    answer();
    ASSERT_TRUE(clickOn({"##mode", "Side by side", "##filter"}));
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    h.type("PUMP");
    h.frame();
    EXPECT_STREQ(state.filter, "PUMP");
    EXPECT_EQ(state.drawnRows, (std::vector<uint32_t>{0, 2})) << h.text;
    EXPECT_FALSE(has(h.text, "tank-1 level")) << h.text;
    EXPECT_TRUE(has(h.text, "pump-3 speed")) << h.text;
    EXPECT_TRUE(has(h.text, "2 shown")) << h.text;

    // Every word must match the entity or the property. (Click the title bar first: a focused field keeps its
    // own copy of the text and would write it back.)
    ImGuiWindow* w = h.window("Compare");
    h.click({w->Pos.x + 300.0f, w->Pos.y + 5.0f});
    ASSERT_FALSE(ImGui::GetIO().WantTextInput);
    std::snprintf(state.filter, sizeof state.filter, "%s", "pump speed");
    h.frames(2);
    EXPECT_EQ(state.drawnRows, (std::vector<uint32_t>{2}));
    std::snprintf(state.filter, sizeof state.filter, "%s", "level");
    h.frames(2);
    EXPECT_EQ(state.drawnRows, (std::vector<uint32_t>{1})) << "tank-2's level is unchanged";
    std::snprintf(state.filter, sizeof state.filter, "%s", "valve");
    h.frames(2);
    EXPECT_TRUE(state.drawnRows.empty());
    EXPECT_TRUE(has(h.text, "0 shown")) << h.text;
}

TEST_F(CompareFixture, TenThousandRowsAreClippedToTheVisibleOnes) {
    ops::Comparison big;
    for (int i = 0; i < 10'000; ++i) {
        const std::string entity = tv::format("sensor-%05d", i);
        big.rows.push_back(numberRow(entity.c_str(), "temp", "C", 20.0, i < 312 ? 25.0 : 20.0, i < 312 ? 0.5 : 0.0));
    }
    big.alarmsOnlyB = {"a1", "a2"};
    big.alarmsOnlyA = {"c1"};
    h.frames(2);
    view.comparison = &big;
    view.computedSerial = state.requestSerial;
    state.onlyChanged = false;
    h.frames(2);
    EXPECT_TRUE(has(unwrapped(h.text), "312 of 10,000 properties changed; 2 alarms raised, 1 cleared between A and B"))
        << h.text;
    EXPECT_TRUE(has(h.text, "10,000 shown")) << h.text;
    EXPECT_GT(state.drawnRows.size(), 3u);
    EXPECT_LT(state.drawnRows.size(), 40u) << "only the rows in view are drawn";
    EXPECT_EQ(state.drawnRows.front(), 0u);
    state.onlyChanged = true;
    h.frames(2);
    EXPECT_TRUE(has(h.text, "312 shown")) << h.text;
}

TEST_F(CompareFixture, ChangingAMomentIncrementsRequestSerial) {
    h.frames(2);
    answer();
    const uint64_t start = state.requestSerial;
    ASSERT_TRUE(clickOn({"A", "-1 min"}));
    EXPECT_EQ(state.requestSerial, start + 1);
    EXPECT_EQ(state.a.timeUs, view.nowUs - 2 * kMinute);
    EXPECT_TRUE(has(h.text, "comparing...")) << "waiting for the app\n" << h.text;

    // Nudges stay in the recorded range.
    state.a.timeUs = kT0 + kMinute / 2;
    h.frames(2);
    ASSERT_TRUE(clickOn({"A", "-1 min"}));
    EXPECT_EQ(state.a.timeUs, kT0);
    EXPECT_EQ(state.requestSerial, start + 2);

    // B: live -> a moment, and back.
    ASSERT_TRUE(clickOn({"B", "-1 min"}));
    EXPECT_FALSE(state.b.live);
    EXPECT_EQ(state.b.timeUs, view.nowUs - kMinute);
    EXPECT_EQ(state.requestSerial, start + 3);
    ASSERT_TRUE(clickOn({"B", "Live"}));
    EXPECT_TRUE(state.b.live);
    EXPECT_EQ(state.requestSerial, start + 4);

    // The timeline's moment, offered only when there is one.
    EXPECT_FALSE(find({"A", "Timeline moment"}));
    view.momentUs = kT0 + 4 * kMinute;
    h.frames(2);
    ASSERT_TRUE(clickOn({"A", "Timeline moment"}));
    EXPECT_EQ(state.a.timeUs, kT0 + 4 * kMinute);
    EXPECT_EQ(state.requestSerial, start + 5);

    // Refresh asks again without changing A or B.
    ASSERT_TRUE(clickOn({"Refresh"}));
    EXPECT_EQ(state.requestSerial, start + 6);
    EXPECT_EQ(state.a.timeUs, kT0 + 4 * kMinute);
}

TEST_F(CompareFixture, TheSliderMovesTheMomentAndAsksOnRelease) {
    h.frames(2);
    answer();
    const uint64_t start = state.requestSerial;
    auto slider = find({"A", "##at"});
    ASSERT_TRUE(slider);
    h.mouseTo(*slider);
    h.frame();
    ImGui::GetIO().MouseDown[0] = true;
    for (int i = 1; i <= 20; ++i) { // drag left
        h.mouseTo({slider->x - float(i) * 5.0f, slider->y});
        h.frame();
    }
    EXPECT_EQ(state.requestSerial, start) << "no comparison while dragging";
    const uint64_t dragged = state.a.timeUs;
    EXPECT_LT(dragged, view.nowUs - kMinute) << "moved left of where A was";
    EXPECT_GE(dragged, kT0);
    ImGui::GetIO().MouseDown[0] = false;
    h.frames(2);
    EXPECT_EQ(state.requestSerial, start + 1) << "release asks for the comparison";
    EXPECT_EQ(state.a.timeUs, dragged);
    EXPECT_TRUE(has(h.text, utcClockText(dragged) + " UTC (")) << h.text;
}

TEST_F(CompareFixture, ShowTakesTheSceneToASide) {
    h.frames(2);
    ASSERT_TRUE(clickOn({"A", "Show"}));
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::TimelineGoTo);
    EXPECT_DOUBLE_EQ(actions[0].value, double(view.nowUs - kMinute) * 1e-6);
    ASSERT_TRUE(clickOn({"B", "Show"}));
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[1].kind, UiActionKind::TimelineGoLive);
}

TEST_F(CompareFixture, ColouringCheckboxTogglesAndTheLegendAndEntitiesShow) {
    h.frames(2);
    answer();
    ASSERT_TRUE(clickOn({"##mode", "Difference colouring"}));
    EXPECT_EQ(state.mode, CompareMode::Difference);
    EXPECT_TRUE(has(h.text, "lower in B same higher in B")) << h.text;
    EXPECT_TRUE(has(h.text, "Most changed entities (2 of 3 changed)")) << h.text;
    EXPECT_TRUE(has(h.text, "tank-1 +40%")) << h.text;
    EXPECT_TRUE(has(h.text, "pump-3 -30%")) << h.text;
    EXPECT_EQ(state.drawnEntities, (std::vector<uint32_t>{0, 1})) << "unchanged entities are not listed";
    EXPECT_EQ(h.colourOf("-30%"), compareDeltaColour(-0.3));

    EXPECT_FALSE(state.colouring);
    ASSERT_TRUE(clickOn({"##mode", "Difference colouring", "Colour the 3D view"}));
    EXPECT_TRUE(state.colouring);
    ASSERT_TRUE(clickOn({"##mode", "Difference colouring", "Colour the 3D view"}));
    EXPECT_FALSE(state.colouring);

    // Back to the table through the tab; and the app may switch the mode itself (a menu item).
    ASSERT_TRUE(clickOn({"##mode", "Side by side"}));
    EXPECT_EQ(state.mode, CompareMode::SideBySide);
    state.mode = CompareMode::Difference;
    h.frames(3);
    EXPECT_EQ(state.mode, CompareMode::Difference);
    EXPECT_TRUE(has(h.text, "Colour the 3D view")) << h.text;
}

TEST_F(CompareFixture, ErrorIsShownInRed) {
    h.frames(2);
    view.error = "moment A is outside the recorded range";
    view.computedSerial = state.requestSerial;
    h.frames(2);
    EXPECT_TRUE(has(h.text, "moment A is outside the recorded range")) << h.text;
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(h.colourOf("moment A is outside"));
    EXPECT_GT(c.x, 0.9f);
    EXPECT_LT(c.y, 0.5f);
    view.error.clear();
    h.frames(2);
    EXPECT_FALSE(has(h.text, "outside the recorded range"));
}

TEST_F(CompareFixture, ClosedPanelDrawsNothing) {
    open = false;
    h.frames(2);
    EXPECT_EQ(h.window("Compare"), nullptr);
    EXPECT_FALSE(state.initialised);
}

TEST(CompareFormat, CountsAndDeltas) {
    EXPECT_EQ(groupThousands(0), "0");
    EXPECT_EQ(groupThousands(999), "999");
    EXPECT_EQ(groupThousands(10'000), "10,000");
    EXPECT_EQ(groupThousands(1'234'567), "1,234,567");
    EXPECT_EQ(formatCompareDelta(numberRow("e", "p", "m", 2.5, 2.9, 0.4)), "+0.4 m");
    EXPECT_EQ(formatCompareDelta(numberRow("e", "p", "", 1500, 1200, 0.3)), "-300");
    EXPECT_EQ(formatCompareDelta(numberRow("e", "p", "W", 0, 25000, 1.0)), "+25000 W");
    EXPECT_EQ(formatCompareDelta(numberRow("e", "p", "m", 1, 1, 0.0)), "0");
    EXPECT_EQ(formatCompareDelta(textRow("e", "p", "-", "on")), "added");
    EXPECT_EQ(formatCompareDelta(textRow("e", "p", "on", "-")), "removed");
    EXPECT_EQ(formatCompareDelta(textRow("e", "p", "on", "off")), "changed");
    EXPECT_EQ(formatCompareDelta(textRow("e", "p", "on", "on")), "");
    // A small change is still clearly blue / red, a larger one stronger.
    const ImVec4 small = ImGui::ColorConvertU32ToFloat4(compareDeltaColour(0.01));
    const ImVec4 large = ImGui::ColorConvertU32ToFloat4(compareDeltaColour(1.0));
    EXPECT_LT(small.z, 0.95f);
    EXPECT_LT(large.z, small.z);
    EXPECT_EQ(compareDeltaColour(0.0), IM_COL32_WHITE);
}

} // namespace
} // namespace tv::ui
