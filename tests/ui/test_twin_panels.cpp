// The live-twin panels driven through the null backend with hand-made LiveEntity / LiveAlarm / CommandEntry /
// FeedStatus values: what the inspector's live section, the alarms and commands panels, the replay bar and the
// status bar segment show (read back through ImGui's text capture), and what real clicks and typing yield.
#include "ui_harness.h"

#include "ui/alarms_panel.h"
#include "twin_test_values.h"
#include "ui/command_log_panel.h"
#include "ui/live_data_section.h"
#include "ui/replay_bar.h"
#include "ui/twin_status.h"
#include "ui/world_labels.h"

#include <limits>

namespace tv::ui {
namespace {

ImGuiID idIn(ImGuiID seed, std::initializer_list<const char*> path) {
    ImGuiID id = seed;
    for (const char* p : path) id = ImHashStr(p, 0, id);
    return id;
}

using tv::test::numberProperty;

twin::LiveAlarm alarm(const char* id, const char* entity, net::AlarmSeverity s, const char* text, double at,
                      twin::AlarmOrigin origin = twin::AlarmOrigin::Feed) {
    twin::LiveAlarm a;
    a.id = id;
    a.entity = entity;
    a.severity = s;
    a.text = text;
    a.raisedAtSeconds = at;
    a.origin = origin;
    return a;
}

// Position of `needle` in `hay`, or npos; for "drawn before" checks.
size_t at(const std::string& hay, const char* needle) { return hay.find(needle); }

// ---- Inspector live data section ------------------------------------------------------------------------------

struct LiveSectionFixture : ::testing::Test {
    test::Harness h;
    LiveDataState state;
    twin::LiveEntity entity;
    net::FeedStatus feed;
    double now = 10.0;
    bool canSend = true;
    std::vector<UiAction> actions;

    void SetUp() override {
        entity.id = "pump-3";
        entity.properties = {numberProperty("speed", 1450.0, "rpm", 7.9, 1700000000123456ull),
                             numberProperty("temperature", std::numeric_limits<double>::quiet_NaN(), "C", 9.5)};
        feed.name = "plant";
        feed.liveness = net::FeedLiveness::Live;
        h.captureText = true;
        h.draw = [&] {
            ImGui::SetNextWindowPos(ImVec2(10.0f, 10.0f));
            ImGui::SetNextWindowSize(ImVec2(900.0f, 400.0f));
            ImGui::Begin("Live");
            drawLiveDataSection(state, entity, &feed, now, canSend, actions);
            ImGui::End();
        };
        h.frames(2);
    }
    ImGuiID inSection(const char* label) { return idIn(h.window("Live")->ID, {"live-data", label}); }
};

TEST_F(LiveSectionFixture, RowsShowValueUnitAgeAndSourceTime) {
    const std::string& t = h.text;
    EXPECT_NE(at(t, "Entity pump-3"), std::string::npos) << t;
    EXPECT_NE(at(t, "Feed plant live"), std::string::npos) << t;
    EXPECT_NE(at(t, "speed 1450 rpm 2.1 s ago 22:13:20.123 UTC"), std::string::npos) << t;
    EXPECT_NE(at(t, "temperature no reading 0.5 s ago"), std::string::npos) << t;
    EXPECT_EQ(at(t, "[stale]"), std::string::npos);
    EXPECT_EQ(h.colourOf("1450 rpm"), ImGui::GetColorU32(ImGuiCol_Text));
    EXPECT_EQ(h.colourOf("no reading"), ImGui::GetColorU32(ImGuiCol_TextDisabled)) << "the no-reading style";
    EXPECT_EQ(h.colourOf("live"), livenessColour(net::FeedLiveness::Live));
    now = 14.0;
    h.frame();
    EXPECT_NE(at(h.text, "speed 1450 rpm 6.1 s ago"), std::string::npos) << "ages follow the runtime clock";
}

TEST_F(LiveSectionFixture, StaleEntityIsMarked) {
    entity.stale = true;
    feed.liveness = net::FeedLiveness::Stale;
    h.frame();
    EXPECT_NE(at(h.text, "Entity pump-3 [stale]"), std::string::npos) << h.text;
    EXPECT_NE(at(h.text, "Feed plant stale"), std::string::npos) << h.text;
    EXPECT_NE(at(h.text, "1450 rpm"), std::string::npos) << "the last values stay readable";
    EXPECT_EQ(h.colourOf("1450 rpm"), ImGui::GetColorU32(ImGuiCol_TextDisabled)) << "but greyed";
    EXPECT_EQ(h.colourOf("speed"), ImGui::GetColorU32(ImGuiCol_TextDisabled));
    EXPECT_EQ(h.colourOf("[stale]"), livenessColour(net::FeedLiveness::Stale));
}

TEST_F(LiveSectionFixture, EnterInTheCommandLineSendsItsText) {
    EXPECT_EQ(state.commandText, "set pump-3 ") << "prefilled with the entity";
    ImGuiWindow* win = h.window("Live");
    std::optional<vec2> field = h.findInWindow(win, inSection("##entity-command"));
    ASSERT_TRUE(field.has_value());
    h.click(*field);
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[int(Key::End)] = true; // the cursor to the end of the prefill, then type the arguments
    h.frame();
    io.KeysDown[int(Key::End)] = false;
    h.type("speed=1200");
    EXPECT_TRUE(actions.empty()) << "nothing is sent while typing";
    h.pressKey(Key::Enter);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::SendCommand);
    EXPECT_EQ(actions[0].text, "set pump-3 speed=1200");
    EXPECT_EQ(state.commandText, "set pump-3 ") << "ready for the next command";
}

TEST_F(LiveSectionFixture, QuickVerbButtonsSendVerbAndEntity) {
    ImGuiWindow* win = h.window("Live");
    std::optional<vec2> stop = h.findInWindow(win, inSection("stop"));
    ASSERT_TRUE(stop.has_value());
    h.click(*stop);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::SendCommand);
    EXPECT_EQ(actions[0].text, "stop pump-3");
}

TEST_F(LiveSectionFixture, NoCommandsWithoutALiveFeed) {
    ImGuiWindow* win = h.window("Live");
    std::optional<vec2> stop = h.findInWindow(win, inSection("stop"));
    ASSERT_TRUE(stop.has_value()) << "found while enabled";
    canSend = false;
    h.frame();
    EXPECT_NE(at(h.text, "Commands need a live feed"), std::string::npos);
    h.click(*stop);
    EXPECT_TRUE(actions.empty()) << "a disabled button does nothing";
}

TEST_F(LiveSectionFixture, ANewEntityRePrefillsTheCommandLine) {
    entity.id = "valve-7";
    entity.properties = {numberProperty("opening", 40.0, "%", 9.0)};
    h.frame();
    EXPECT_EQ(state.commandText, "set valve-7 ");
    EXPECT_NE(at(h.text, "opening 40% 1.0 s ago"), std::string::npos) << h.text;
}

// ---- Alarms panel ---------------------------------------------------------------------------------------------

struct AlarmsFixture : ::testing::Test {
    test::World w;
    test::Harness h;
    AlarmsPanelState state;
    std::vector<twin::LiveAlarm> alarms;
    std::vector<UiAction> actions;
    bool open = true;

    void SetUp() override {
        // In TwinRuntime::alarms() order: severity first, then newest first.
        alarms = {alarm("a-crit", "pump-3", net::AlarmSeverity::Critical, "motor overtemperature", 95.0),
                  alarm("a-warn2", "tank-2", net::AlarmSeverity::Warning, "level high", 98.0),
                  alarm("tank-1.level#0", "Tank-1", net::AlarmSeverity::Warning, "level above 3.5 m", 40.0,
                        twin::AlarmOrigin::Threshold),
                  alarm("a-info", "ghost", net::AlarmSeverity::Info, "no node for this one", 99.0)};
        h.captureText = true;
        h.draw = [&] {
            auto nodeOf = [&](std::string_view e) { return w.graph.findByName(std::string(e)); };
            drawAlarmsPanel(state, &open, alarms, 100.0, nodeOf, w.selection, actions);
        };
        h.frames(2);
    }
};

TEST_F(AlarmsFixture, RowsInRuntimeOrderWithCounts) {
    ASSERT_EQ(state.drawnRows.size(), 4u);
    EXPECT_EQ(state.drawnRows[0].alarm, "a-crit");
    EXPECT_EQ(state.drawnRows[1].alarm, "a-warn2");
    EXPECT_EQ(state.drawnRows[2].alarm, "tank-1.level#0");
    EXPECT_EQ(state.drawnRows[3].alarm, "a-info");
    for (size_t i = 1; i < state.drawnRows.size(); ++i)
        EXPECT_GT(state.drawnRows[i].min.y, state.drawnRows[i - 1].min.y) << "drawn top to bottom";
    const std::string& t = h.text;
    EXPECT_NE(at(t, "critical 1"), std::string::npos) << t;
    EXPECT_NE(at(t, "major 0"), std::string::npos) << t;
    EXPECT_NE(at(t, "warning 2"), std::string::npos) << t;
    EXPECT_NE(at(t, "info 1"), std::string::npos) << t;
    EXPECT_NE(at(t, "CRITICAL pump-3 motor overtemperature 5.0 s ago feed"), std::string::npos) << t;
    EXPECT_NE(at(t, "WARNING Tank-1 level above 3.5 m 60 s ago threshold"), std::string::npos) << t;
    EXPECT_LT(at(t, "motor overtemperature"), at(t, "level high"));
    EXPECT_EQ(h.colourOf("critical 1"), severityColour(net::AlarmSeverity::Critical));
    EXPECT_EQ(h.colourOf("warning 2"), severityColour(net::AlarmSeverity::Warning));
    EXPECT_EQ(h.colourOf("major 0"), ImGui::GetColorU32(ImGuiCol_TextDisabled)) << "zero counts are greyed";
    ImGuiWindow* win = h.window("Alarms (4)###Alarms");
    ASSERT_NE(win, nullptr) << "the title carries the count";
}

TEST_F(AlarmsFixture, ClickingARowSelectsTheEntityAndFliesToIt) {
    const AlarmRowRect& row = state.drawnRows[1];
    h.click((row.min + row.max) * 0.5f);
    EXPECT_EQ(w.selection.selected(), w.tank2);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::FlyToNode);
    EXPECT_EQ(actions[0].node, w.tank2);
    EXPECT_EQ(state.selectedAlarm, "a-warn2");
}

TEST_F(AlarmsFixture, AnEntityWithoutANodeOnlyHighlights) {
    w.selection.select(w.pump3);
    const AlarmRowRect& row = state.drawnRows[3];
    h.click((row.min + row.max) * 0.5f);
    EXPECT_EQ(state.selectedAlarm, "a-info");
    EXPECT_EQ(w.selection.selected(), w.pump3) << "the selection is kept";
    EXPECT_TRUE(actions.empty());
}

TEST_F(AlarmsFixture, NoAlarms) {
    alarms.clear();
    h.frames(2);
    EXPECT_NE(at(h.text, "No active alarms."), std::string::npos);
    EXPECT_TRUE(state.drawnRows.empty());
}

// ---- Commands panel -------------------------------------------------------------------------------------------

struct CommandsFixture : ::testing::Test {
    test::Harness h;
    CommandLogPanelState state;
    std::vector<CommandEntry> log;
    std::vector<UiAction> actions;
    bool open = true;
    bool canSend = true;

    void SetUp() override {
        auto entry = [&](const char* text, net::CommandOutcome o, const char* reason, double sent, double rtt) {
            CommandEntry e;
            e.id = log.size() + 1;
            e.text = text;
            e.outcome = o;
            e.reason = reason;
            e.sentAtSeconds = sent;
            e.roundTripMs = rtt;
            log.push_back(e);
        };
        entry("start pump-3", net::CommandOutcome::Accepted, "", 10.0, 12.0);
        entry("set pump-3 speed=9000", net::CommandOutcome::Rejected, "speed out of range 0..3000", 11.0, 8.0);
        entry("close valve-7", net::CommandOutcome::Failed, "valve stuck", 12.0, 30.0);
        entry("open valve-2", net::CommandOutcome::TimedOut, "no reply within 5000 ms", 13.0, 0.0);
        entry("start conveyor", net::CommandOutcome::NotSent, "no live feed", 14.0, 0.0);
        entry("stop pump-1", net::CommandOutcome::Pending, "", 19.5, 0.0);
        h.captureText = true;
        h.draw = [&] { drawCommandLogPanel(state, &open, log, 21.0, canSend, actions); };
        h.frames(2);
    }
};

TEST_F(CommandsFixture, HistoryShowsEachOutcomeNewestFirst) {
    const std::string& t = h.text;
    EXPECT_NE(at(t, "stop pump-1 "), std::string::npos) << t;
    EXPECT_NE(at(t, "pending 1.5 s"), std::string::npos) << t;
    EXPECT_NE(at(t, "start pump-3 done (12 ms)"), std::string::npos) << t;
    EXPECT_NE(at(t, "set pump-3 speed=9000 rejected: speed out of range 0..3000"), std::string::npos) << t;
    EXPECT_NE(at(t, "close valve-7 failed: valve stuck"), std::string::npos) << t;
    EXPECT_NE(at(t, "open valve-2 timed out: no reply within 5000 ms"), std::string::npos) << t;
    EXPECT_NE(at(t, "start conveyor not sent: no live feed"), std::string::npos) << t;
    EXPECT_LT(at(t, "stop pump-1"), at(t, "start conveyor"));
    EXPECT_LT(at(t, "close valve-7"), at(t, "start pump-3"));
    EXPECT_EQ(h.colourOf("done (12 ms)"), commandOutcomeColour(net::CommandOutcome::Accepted));
    EXPECT_EQ(h.colourOf("rejected:"), commandOutcomeColour(net::CommandOutcome::Rejected));
    EXPECT_EQ(h.colourOf("failed:"), commandOutcomeColour(net::CommandOutcome::Failed));
    EXPECT_EQ(h.colourOf("timed out:"), commandOutcomeColour(net::CommandOutcome::TimedOut));
    EXPECT_EQ(h.colourOf("not sent:"), commandOutcomeColour(net::CommandOutcome::NotSent));
    EXPECT_EQ(h.colourOf("pending"), commandOutcomeColour(net::CommandOutcome::Pending));
}

TEST_F(CommandsFixture, EnterSendsTheTypedCommand) {
    ImGuiWindow* win = h.window("Commands");
    ASSERT_NE(win, nullptr);
    std::optional<vec2> field = h.findInWindow(win, idIn(win->ID, {"##command"}));
    ASSERT_TRUE(field.has_value());
    h.click(*field);
    h.type("  set pump-3 speed=1200 ");
    h.pressKey(Key::Enter);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::SendCommand);
    EXPECT_EQ(actions[0].text, "set pump-3 speed=1200") << "surrounding blanks trimmed";
    EXPECT_TRUE(state.commandText.empty());
    h.frames(2);
    EXPECT_TRUE(ImGui::GetIO().WantTextInput) << "the line keeps the focus for the next command";
    h.pressKey(Key::Enter);
    EXPECT_EQ(actions.size(), 1u) << "an empty line sends nothing";
}

TEST_F(CommandsFixture, DisabledDuringReplay) {
    state.commandText = "start pump-3";
    ImGuiWindow* win = h.window("Commands");
    std::optional<vec2> send = h.findInWindow(win, idIn(win->ID, {"Send"}));
    ASSERT_TRUE(send.has_value()) << "found while enabled";
    canSend = false;
    h.frames(2);
    EXPECT_NE(at(h.text, "Commands need a live feed"), std::string::npos);
    h.click(*send);
    EXPECT_TRUE(actions.empty());
    canSend = true;
    h.click(*send);
    ASSERT_EQ(actions.size(), 1u) << "the same click sends once enabled";
    EXPECT_EQ(actions[0].text, "start pump-3");
}

// ---- Replay bar -----------------------------------------------------------------------------------------------

struct ReplayFixture : ::testing::Test {
    test::Harness h;
    ReplayBarState state;
    ReplayView replay;
    std::vector<UiAction> actions;

    void SetUp() override {
        replay.available = true;
        replay.positionSeconds = 75.0;
        replay.durationSeconds = 300.0;
        replay.speed = 1.0;
        h.captureText = true;
        h.draw = [&] { drawReplayBar(state, replay, actions); };
        h.frames(2);
    }
    ImGuiWindow* bar() { return h.window("##replaybar"); }
};

TEST_F(ReplayFixture, TimeLabels) {
    EXPECT_NE(at(h.text, "Pause 1x 1:15.0"), std::string::npos) << h.text;
    EXPECT_NE(at(h.text, "5:00.0"), std::string::npos) << h.text;
    replay.finished = true;
    replay.positionSeconds = 300.0;
    h.frame();
    EXPECT_NE(at(h.text, "Play"), std::string::npos) << h.text;
    EXPECT_NE(at(h.text, "5:00.0 finished"), std::string::npos) << h.text;
}

TEST_F(ReplayFixture, PlayPauseButton) {
    std::optional<vec2> button = h.findInWindow(bar(), idIn(bar()->ID, {"###playpause"}));
    ASSERT_TRUE(button.has_value());
    h.click(*button);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::ReplaySetPaused);
    EXPECT_TRUE(actions[0].flag);
    replay.paused = true;
    actions.clear();
    h.click(*button);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_FALSE(actions[0].flag);
}

TEST_F(ReplayFixture, SpeedCombo) {
    std::optional<vec2> combo = h.findInWindow(bar(), idIn(bar()->ID, {"##speed"}));
    ASSERT_TRUE(combo.has_value());
    h.click(*combo);
    ImGuiWindow* popup = h.window("##Combo_00");
    ASSERT_NE(popup, nullptr);
    std::optional<vec2> fast = h.findInWindow(popup, idIn(popup->ID, {"8x"}), 2.0f);
    ASSERT_TRUE(fast.has_value());
    h.click(*fast);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::ReplaySetSpeed);
    EXPECT_EQ(actions[0].value, 8.0);
}

TEST_F(ReplayFixture, TimelineSeeksOnRelease) {
    ImGuiID slider = idIn(bar()->ID, {"##timeline"});
    std::optional<vec2> p = h.findInWindow(bar(), slider);
    ASSERT_TRUE(p.has_value());
    // The slider's extent along its row.
    float minX = p->x, maxX = p->x;
    for (float x = p->x; x > 0.0f; x -= 2.0f) {
        h.mouseTo({x, p->y});
        h.frame();
        if (h.hoveredId() != slider) break;
        minX = x;
    }
    for (float x = p->x; x < h.display.x; x += 2.0f) {
        h.mouseTo({x, p->y});
        h.frame();
        if (h.hoveredId() != slider) break;
        maxX = x;
    }
    ASSERT_GT(maxX - minX, 100.0f);
    vec2 target{minX + (maxX - minX) * 0.75f, p->y};
    h.mouseTo(target);
    h.frame();
    ImGui::GetIO().MouseDown[0] = true;
    h.frame();
    h.frame();
    EXPECT_TRUE(actions.empty()) << "no seek while the slider is held";
    EXPECT_TRUE(state.dragging);
    ImGui::GetIO().MouseDown[0] = false;
    h.frames(2);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::ReplaySeek);
    EXPECT_NEAR(actions[0].value, 225.0, 15.0);
    EXPECT_FALSE(state.dragging);
}

TEST_F(ReplayFixture, HiddenWithoutARecording) {
    replay.available = false;
    h.frames(2);
    ImGuiWindow* w = bar();
    EXPECT_TRUE(!w || !w->Active);
}

// ---- Status bar segment and labels ----------------------------------------------------------------------------

TEST(TwinStatus, FeedsRateAndAlarmCounts) {
    test::Harness h;
    TwinStatusState state;
    std::vector<net::FeedStatus> feeds(2);
    feeds[0].name = "plant";
    feeds[0].liveness = net::FeedLiveness::Live;
    feeds[1].name = "line-2";
    feeds[1].liveness = net::FeedLiveness::Stale;
    AlarmCounts alarms;
    alarms.critical = 1;
    alarms.warning = 3;
    uint64_t applied = 5000;
    double now = 0.0;
    h.captureText = true;
    h.draw = [&] {
        ImGui::SetNextWindowPos(ImVec2(0.0f, 900.0f));
        ImGui::SetNextWindowSize(ImVec2(1600.0f, 40.0f));
        ImGui::Begin("bar");
        ImGui::TextUnformatted("Selected: -");
        drawTwinStatus(state, feeds, alarms, applied, now);
        ImGui::End();
        now += 0.1;
        applied += 25; // 250 per second
    };
    h.frame();
    EXPECT_NE(at(h.text, "plant live line-2 stale - upd/s alarms: 1 critical 3 warning"), std::string::npos) << h.text;
    EXPECT_EQ(h.colourOf("plant live"), livenessColour(net::FeedLiveness::Live));
    EXPECT_EQ(h.colourOf("line-2 stale"), livenessColour(net::FeedLiveness::Stale));
    EXPECT_EQ(h.colourOf("1 critical"), severityColour(net::AlarmSeverity::Critical));
    h.frames(12);
    EXPECT_NE(at(h.text, "250 upd/s"), std::string::npos) << h.text;
    alarms = AlarmCounts{};
    feeds.resize(1);
    feeds[0].liveness = net::FeedLiveness::Replay;
    h.frame();
    EXPECT_NE(at(h.text, "plant replay"), std::string::npos) << h.text;
    EXPECT_EQ(h.colourOf("plant replay"), livenessColour(net::FeedLiveness::Replay));
    EXPECT_NE(at(h.text, "no alarms"), std::string::npos) << h.text;
}

TEST(TwinLabels, DrawnAtTheirAnchorsUnlessBehindTheEye) {
    test::Harness h;
    scene::ViewCamera camera;
    camera.eye = vec3(0.0f, 0.0f, 10.0f);
    camera.target = vec3(0.0f);
    std::vector<twin::LiveLabel> labels(3);
    labels[0].text = "T-1 2.3 m";
    labels[0].worldPosition = vec3(0.0f);
    labels[1].text = "P-3 1450 rpm";
    labels[1].worldPosition = vec3(1.0f, 0.0f, 0.0f);
    labels[1].stale = true;
    labels[2].text = "behind";
    labels[2].worldPosition = vec3(0.0f, 0.0f, 20.0f);
    labels.push_back(labels[0]);
    labels[3].text = "V-7 alarm";
    labels[3].worldPosition = vec3(0.0f, 1.0f, 0.0f);
    labels[3].alert = true;
    h.captureText = true;
    int drawn = -1;
    h.draw = [&] { drawn = drawTwinLabels(ImGui::GetBackgroundDrawList(), camera, h.display, labels); };
    h.frame();
    EXPECT_EQ(drawn, 3);
    EXPECT_EQ(h.colourOf("T-1 2.3 m"), kTwinLabelColour) << h.text;
    EXPECT_EQ(h.colourOf("P-3 1450 rpm"), kTwinLabelStaleColour);
    EXPECT_EQ(h.colourOf("V-7 alarm"), kTwinLabelAlertColour);
    EXPECT_EQ(h.text.find("behind"), std::string::npos);
}

} // namespace
} // namespace tv::ui
