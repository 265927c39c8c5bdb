// The trends panel driven through the null backend with real history stores: what the chart shows (legends, axis
// units, threshold labels, the normalised mode, load progress, the moment marker), hover read-outs checked against
// the stores, wheel zoom around the cursor, drag to pan, double-click back to live, and the legend's remove button;
// plus the inspector's "trend" button that asks to pin a property.
#include "ui_harness.h"

#include "ops/history/history_query.h"
#include "twin_test_values.h"
#include "ui/live_data_section.h"
#include "ui/trends_panel.h"
#include "ui/twin_format.h"

#include <cstdio>
#include <limits>

namespace tv::ui {
namespace {

ImGuiID idIn(ImGuiID seed, std::initializer_list<const char*> path) {
    ImGuiID id = seed;
    for (const char* p : path) id = ImHashStr(p, 0, id);
    return id;
}

constexpr double kStart = 1767225600.0; // 2026-01-01 00:00:00 UTC
constexpr uint64_t kStartUs = 1767225600000000ull;

std::string exact(double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

struct TrendsFixture : ::testing::Test {
    test::Harness h;
    TrendsPanelState state;
    ops::HistoryStore live, archive;
    std::vector<twin::LiveEntity> entities;
    std::vector<TrendThreshold> thresholds;
    std::vector<TrendRange> ranges;
    TrendsPanelInput input;
    std::vector<UiAction> actions;
    bool open = true;

    void SetUp() override {
        // 10 min of live history: pump-1.speed every 1 s (rpm), tank-1.pressure every 7 s (bar), tank-1.temp (C).
        for (uint64_t i = 0; i <= 600; ++i) live.record({"pump-1", "speed"}, kStartUs + i * 1000000, 1000.0 + i * 0.25);
        for (uint64_t i = 0; i <= 600; i += 7)
            live.record({"tank-1", "pressure"}, kStartUs + i * 1000000, 2.0 + i * 0.001);
        for (uint64_t i = 0; i <= 600; i += 3) live.record({"tank-1", "temp"}, kStartUs + i * 1000000, 20.0 + i % 5);
        // Older history from a recording: the hour before.
        for (uint64_t i = 0; i < 3600; i += 2)
            archive.record({"pump-1", "speed"}, kStartUs - 3600000000ull + i * 1000000, 500.0);
        twin::LiveEntity pump, tank;
        pump.id = "pump-1";
        pump.properties = {tv::test::numberProperty("speed", 1150.0, "rpm")};
        tank.id = "tank-1";
        tank.properties = {tv::test::numberProperty("pressure", 2.6, "bar"),
                           tv::test::numberProperty("temp", 24.0, "C")};
        entities = {pump, tank};
        input.live = &live;
        input.archive = &archive;
        input.entities = entities;
        input.nowSeconds = kStart + 600.0;
        h.captureText = true;
        h.draw = [&] {
            input.thresholds = thresholds;
            input.ranges = ranges;
            ImGui::SetNextWindowPos(ImVec2(10.0f, 10.0f));
            ImGui::SetNextWindowSize(ImVec2(600.0f, 500.0f));
            drawTrendsPanel(state, &open, input, actions);
        };
    }
    ImGuiWindow* win() { return h.window("Trends"); }
    // A point inside the plot area (the chart fills the window below the toolbar).
    vec2 plotPoint(float fx) { return vec2(10.0f + 60.0f + fx * 480.0f, 220.0f); }
    bool has(const std::string& s) const { return h.text.find(s) != std::string::npos; }
};

TEST_F(TrendsFixture, TwoUnitsGiveTwoAxesAndBothLegends) {
    state.pin({"pump-1", "speed"});
    state.pin({"tank-1", "pressure"});
    h.frames(3);
    EXPECT_TRUE(has("pump-1.speed [rpm] 1150 rpm")) << h.text;
    EXPECT_TRUE(has("tank-1.pressure [bar] 2.595 bar")) << h.text; // value in force at now (sample at 595 s)
    // The unit names above the left and right axes share the chart's top line.
    bool axisLine = false;
    size_t start = 0;
    while (start < h.text.size()) {
        size_t end = h.text.find('\n', start);
        std::string line = h.text.substr(start, end - start);
        if (line.rfind("rpm", 0) == 0 && line.size() >= 3 && line.substr(line.size() - 3) == "bar") axisLine = true;
        start = end + 1;
    }
    EXPECT_TRUE(axisLine) << h.text;
    EXPECT_TRUE(state.followLive);
    EXPECT_DOUBLE_EQ(state.t1, kStart + 600.0);
    EXPECT_DOUBLE_EQ(state.t1 - state.t0, 600.0);
    EXPECT_TRUE(has("00:02:00 00:04:00")) << "time ticks in HH:MM:SS\n" << h.text;
}

TEST_F(TrendsFixture, HoverShowsEverySeriesExactValueAtTheCursor) {
    state.pin({"pump-1", "speed"});
    state.pin({"tank-1", "pressure"});
    h.frames(2);
    h.mouseTo(plotPoint(0.37f));
    h.frames(2);
    ASSERT_TRUE(state.hoverTime.has_value());
    const uint64_t t = uint64_t(std::llround(*state.hoverTime * 1e6));
    const double speed = ops::historyValueAt({live.ring({"pump-1", "speed"}), nullptr}, t)->value;
    const double pressure = ops::historyValueAt({live.ring({"tank-1", "pressure"}), nullptr}, t)->value;
    EXPECT_TRUE(has("pump-1.speed " + exact(speed) + " rpm")) << h.text;
    EXPECT_TRUE(has("tank-1.pressure " + exact(pressure) + " bar")) << h.text;
    EXPECT_TRUE(has(" UTC")) << h.text;
    EXPECT_EQ(h.colourOf("tank-1.pressure " + exact(pressure)), state.series[1].colour);
}

TEST_F(TrendsFixture, WheelZoomsAroundTheCursor) {
    state.pin({"pump-1", "speed"});
    h.frames(2);
    h.mouseTo(plotPoint(0.25f));
    h.frames(2);
    ASSERT_TRUE(state.hoverTime.has_value());
    const double under = *state.hoverTime;
    const double span = state.t1 - state.t0;
    ImGui::GetIO().MouseWheel = 2.0f; // two notches in
    h.frame();
    ImGui::GetIO().MouseWheel = 0.0f;
    h.frame();
    EXPECT_FALSE(state.followLive);
    EXPECT_NEAR(state.t1 - state.t0, span * 0.64, 1e-6);
    ASSERT_TRUE(state.hoverTime.has_value());
    EXPECT_NEAR(*state.hoverTime, under, span / 480.0 * 2.0) << "the time under the cursor stays there";
    // The window stays put in twin time while "now" moves on.
    const double t0 = state.t0;
    input.nowSeconds += 30.0;
    h.frames(2);
    EXPECT_DOUBLE_EQ(state.t0, t0);
}

TEST_F(TrendsFixture, DragPansAndDoubleClickReturnsToLive) {
    state.pin({"pump-1", "speed"});
    h.frames(2);
    const double t0 = state.t0, span = state.t1 - state.t0;
    ImGuiIO& io = ImGui::GetIO();
    h.mouseTo(plotPoint(0.5f));
    h.frame();
    io.MouseDown[0] = true;
    h.frame();
    for (int i = 1; i <= 10; ++i) {
        h.mouseTo(plotPoint(0.5f) + vec2(float(i) * 10.0f, 0.0f));
        h.frame();
    }
    io.MouseDown[0] = false;
    h.frames(2);
    EXPECT_FALSE(state.followLive);
    EXPECT_LT(state.t0, t0 - span * 0.1) << "dragging right shows earlier times";
    EXPECT_NEAR(state.t1 - state.t0, span, 1e-6);
    // Double-click: follow live again.
    for (int c = 0; c < 2; ++c) {
        io.MouseDown[0] = true;
        h.frame();
        io.MouseDown[0] = false;
        h.frame();
    }
    h.frame();
    EXPECT_TRUE(state.followLive);
    EXPECT_DOUBLE_EQ(state.t1, input.nowSeconds);
}

TEST_F(TrendsFixture, LiveButtonAndSpanButtonsReturnToFollowMode) {
    state.pin({"pump-1", "speed"});
    state.followLive = false;
    state.t0 = kStart + 10.0;
    state.t1 = kStart + 20.0;
    h.frames(2);
    auto liveButton = h.findInWindow(win(), idIn(win()->ID, {"trends", "Live"}));
    ASSERT_TRUE(liveButton);
    h.click(*liveButton);
    EXPECT_TRUE(state.followLive);
    auto hour = h.findInWindow(win(), idIn(win()->ID, {"trends", "1 h"}));
    ASSERT_TRUE(hour);
    h.click(*hour);
    EXPECT_EQ(state.span, TrendSpan::OneHour);
    EXPECT_DOUBLE_EQ(state.t1 - state.t0, 3600.0);
}

TEST_F(TrendsFixture, RemoveButtonUnpins) {
    state.pin({"pump-1", "speed"});
    state.pin({"tank-1", "pressure"});
    h.frames(2);
    auto x = h.findInWindow(win(), idIn(win()->ID, {"trends", "pump-1.speed", "x"}));
    ASSERT_TRUE(x);
    h.click(*x);
    ASSERT_EQ(state.series.size(), 1u);
    EXPECT_EQ(state.series[0].key.label(), "tank-1.pressure");
    h.frames(1);
    EXPECT_FALSE(has("pump-1.speed")) << h.text;
}

TEST_F(TrendsFixture, ThresholdsAreLabelledInSeverityColours) {
    state.pin({"pump-1", "speed"});
    thresholds.push_back({{"pump-1", "speed"}, 1200.0, "high", net::AlarmSeverity::Critical});
    thresholds.push_back({{"tank-1", "pressure"}, 9.0, "unpinned", net::AlarmSeverity::Warning});
    h.frames(2);
    EXPECT_TRUE(has("high 1200 rpm")) << h.text;
    EXPECT_EQ(h.colourOf("high 1200 rpm"), severityColour(net::AlarmSeverity::Critical));
    EXPECT_FALSE(has("unpinned")) << "thresholds of series not on the chart are not drawn";
}

TEST_F(TrendsFixture, MoreThanTwoUnitsNormaliseAndSaySo) {
    state.pin({"pump-1", "speed"});
    state.pin({"tank-1", "pressure"});
    state.pin({"tank-1", "temp"});
    ranges.push_back({{"pump-1", "speed"}, 0.0, 2000.0});
    h.frames(2);
    EXPECT_TRUE(has("% of range")) << h.text;
    EXPECT_TRUE(has("pump-1.speed normalised 0..2000 rpm (declared)")) << h.text;
    EXPECT_TRUE(has("tank-1.temp normalised")) << h.text;
    EXPECT_TRUE(has("C (observed)")) << h.text;
}

TEST_F(TrendsFixture, ArchiveHistoryAnswersBeforeLiveHistory) {
    state.pin({"pump-1", "speed"});
    state.span = TrendSpan::All;
    h.frames(2);
    EXPECT_NEAR(state.t0, kStart - 3600.0, 1.0) << "All starts at the recording's oldest sample";
    h.mouseTo(plotPoint(0.2f)); // well inside the archive's hour
    h.frames(2);
    ASSERT_TRUE(state.hoverTime.has_value());
    ASSERT_LT(*state.hoverTime, kStart);
    EXPECT_TRUE(has("pump-1.speed 500 rpm")) << h.text;
}

TEST_F(TrendsFixture, MomentMarkerIsTheRightEdgeWhenFollowing) {
    state.pin({"pump-1", "speed"});
    input.momentSeconds = kStart + 300.0;
    state.span = TrendSpan::OneMinute;
    h.frames(2);
    EXPECT_DOUBLE_EQ(state.t1, kStart + 300.0);
    EXPECT_TRUE(has("pump-1.speed [rpm] 1075 rpm")) << h.text; // the value at the moment, not now
    state.followLive = false;
    state.t0 = kStart + 200.0;
    state.t1 = kStart + 400.0;
    h.frames(2);
    EXPECT_TRUE(has("moment")) << h.text;
}

TEST_F(TrendsFixture, LoadProgressAndErrorsAreShown) {
    input.load.running = true;
    input.load.fraction = 0.4;
    input.load.status = "Loading plant.tvrec";
    h.frames(2);
    EXPECT_TRUE(has("Loading plant.tvrec")) << h.text;
    input.load.running = false;
    input.load.error = "plant.tvrec: record at byte 12: Truncated";
    h.frames(2);
    EXPECT_TRUE(has("plant.tvrec: record at byte 12: Truncated")) << h.text;
}

TEST_F(TrendsFixture, HistoryPopupReturnsTheLoadRequest) {
    h.frames(2);
    auto history = h.findInWindow(win(), idIn(win()->ID, {"trends", "History..."}));
    ASSERT_TRUE(history);
    h.click(*history);
    state.recordingPath = "plant.tvrec";
    h.frames(1);
    ImGuiWindow* popup = ImGui::GetCurrentContext()->OpenPopupStack.Size > 0
                             ? ImGui::GetCurrentContext()->OpenPopupStack[0].Window
                             : nullptr;
    ASSERT_NE(popup, nullptr);
    auto load = h.findInWindow(popup, ImHashStr("Load", 0, popup->ID));
    ASSERT_TRUE(load);
    h.click(*load);
    ASSERT_TRUE(state.loadRecordingRequest.has_value());
    EXPECT_EQ(*state.loadRecordingRequest, "plant.tvrec");
}

TEST_F(TrendsFixture, ChartDrawsPixelColumnsNotSamples) {
    // 36,000 samples in the hour: the draw list grows with the chart's width, not with the samples.
    ops::HistoryStore dense;
    for (uint64_t i = 0; i < 36000; ++i) dense.record({"pump-1", "speed"}, kStartUs + i * 100000, double(i % 100));
    input.live = &dense;
    input.archive = nullptr;
    input.nowSeconds = kStart + 3600.0;
    state.span = TrendSpan::OneHour;
    state.pin({"pump-1", "speed"});
    h.frames(2);
    ImGuiWindow* w = win();
    ASSERT_NE(w, nullptr);
    EXPECT_LT(w->DrawList->VtxBuffer.Size, 30000) << "one bar and one joint per pixel column at most";
}

TEST(ChartDraw, TicksAndClockLabels) {
    EXPECT_EQ(niceTicks(0.0, 10.0, 5), (std::vector<double>{0.0, 5.0, 10.0}));
    const std::vector<double> t = niceTicks(0.13, 0.92, 4);
    ASSERT_FALSE(t.empty());
    EXPECT_LE(t.size(), 4u);
    EXPECT_GE(t.front(), 0.13);
    EXPECT_LE(t.back(), 0.92);
    EXPECT_DOUBLE_EQ(t[1] - t[0], 0.2);
    EXPECT_TRUE(niceTicks(1.0, 1.0, 5).empty());
    const std::vector<double> tt = timeTicks(kStart + 7.0, kStart + 607.0, 6); // 10 min: 2 min steps
    ASSERT_EQ(tt.size(), 5u);
    EXPECT_DOUBLE_EQ(tt[0], kStart + 120.0);
    EXPECT_EQ(formatTimeOfDay(kStart + 3723.25), "01:02:03");
    EXPECT_EQ(formatTimeOfDay(kStart + 3723.25, true), "01:02:03.250");
}

TEST(ChartDraw, SparklineAndColumnsDrawOnlyWhatFits) {
    test::Harness h;
    std::vector<float> values(5000);
    for (size_t i = 0; i < values.size(); ++i) values[i] = float(i % 50);
    values[10] = std::numeric_limits<float>::quiet_NaN();
    int vertices = 0;
    h.draw = [&] {
        ImDrawList* dl = ImGui::GetForegroundDrawList();
        const int before = dl->VtxBuffer.Size;
        drawSparkline(dl, ImVec2(10, 10), ImVec2(110, 40), values, IM_COL32(255, 255, 255, 255));
        vertices = dl->VtxBuffer.Size - before;
    };
    h.frames(1);
    EXPECT_GT(vertices, 0);
    EXPECT_LT(vertices, 100 * 2 * 4 + 64) << "decimated to ~100 columns of 2 lines";
    values.assign({1.0f});
    h.frames(1);
    EXPECT_EQ(vertices, 0) << "one value is not a line";
}

TEST(LiveSectionTrendButton, AsksToPinNumericProperties) {
    test::Harness h;
    LiveDataState state;
    twin::LiveEntity entity;
    entity.id = "pump-3";
    twin::LiveProperty mode;
    mode.name = "mode";
    mode.state.value.type = net::ValueType::String;
    mode.state.value.text = "auto";
    entity.properties = {mode, tv::test::numberProperty("speed", 1450.0, "rpm")};
    std::vector<UiAction> actions;
    std::vector<TrendKey> pins;
    h.captureText = true;
    h.draw = [&] {
        ImGui::SetNextWindowPos(ImVec2(10.0f, 10.0f));
        ImGui::SetNextWindowSize(ImVec2(700.0f, 300.0f));
        ImGui::Begin("Live");
        drawLiveDataSection(state, entity, nullptr, 10.0, true, actions, &pins);
        ImGui::End();
    };
    h.frames(2);
    // One "trend" button: the string property has none.
    size_t first = h.text.find("trend"), second = first == std::string::npos ? first : h.text.find("trend", first + 1);
    ASSERT_NE(first, std::string::npos) << h.text;
    EXPECT_EQ(second, std::string::npos) << h.text;
    // Click it: sweep the row for the button (its ID lives inside the table's ID scope).
    ImGuiWindow* w = h.window("Live");
    bool clicked = false;
    for (float y = w->Pos.y; y < w->Pos.y + w->Size.y && !clicked; y += 4.0f) {
        for (float x = w->Pos.x; x < w->Pos.x + w->Size.x && !clicked; x += 8.0f) {
            h.mouseTo({x, y});
            h.frame();
            if (h.hoveredId() != 0 && ImGui::GetCurrentContext()->HoveredIdPreviousFrame != 0 &&
                h.text.find("Pin speed on the trends chart") != std::string::npos) {
                h.click({x, y});
                clicked = true;
            }
        }
    }
    ASSERT_TRUE(clicked);
    ASSERT_EQ(pins.size(), 1u);
    EXPECT_EQ(pins[0].entity, "pump-3");
    EXPECT_EQ(pins[0].property, "speed");
}

} // namespace
} // namespace tv::ui
