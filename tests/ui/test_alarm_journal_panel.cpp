// The alarms panel's acknowledge controls (Ack per row, Ack all, disabled with the reason when the role may not),
// its state column and filter, the Journal tab listing raise / ack / clear history, and the status bar's
// unacknowledged counts — driven through the null backend, read back through ImGui's text capture.
#include "ui_harness.h"

#include "ops/alarms/alarm_journal.h"
#include "ui/alarm_journal_panel.h"
#include "ui/alarms_panel.h"
#include "ui/twin_status.h"

namespace tv::ui {
namespace {

twin::LiveAlarm liveAlarm(const char* id, const char* entity, net::AlarmSeverity s, const char* text, double at) {
    twin::LiveAlarm a;
    a.id = id;
    a.entity = entity;
    a.severity = s;
    a.text = text;
    a.raisedAtSeconds = at;
    return a;
}

bool has(const std::string& hay, const char* needle) { return hay.find(needle) != std::string::npos; }

struct AckFixture : ::testing::Test {
    test::World w;
    test::Harness h;
    AlarmsPanelState state;
    std::vector<twin::LiveAlarm> alarms;
    std::vector<UiAction> actions;
    ops::AlarmJournal journal;
    bool open = true;
    bool canAcknowledge = true;
    std::string whyNot;
    bool withJournal = false;

    void SetUp() override {
        alarms = {liveAlarm("a-crit", "pump-3", net::AlarmSeverity::Critical, "motor overtemperature", 95.0),
                  liveAlarm("a-warn", "tank-2", net::AlarmSeverity::Warning, "level high", 98.0),
                  liveAlarm("a-info", "Tank-1", net::AlarmSeverity::Info, "maintenance due", 40.0)};
        alarms[1].acknowledged = true;
        alarms[1].acknowledgedBy = "alice";
        alarms[1].acknowledgedAtSeconds = -20.0; // 2 min before now (100 s)
        h.captureText = true;
        h.draw = [&] {
            AlarmsPanelInput in;
            in.alarms = alarms;
            in.nowSeconds = 100.0;
            in.nodeOf = [&](std::string_view e) { return w.graph.findByName(std::string(e)); };
            in.canAcknowledge = canAcknowledge;
            in.whyNot = whyNot;
            in.journal = withJournal ? &journal : nullptr;
            drawAlarmsPanel(state, &open, in, w.selection, actions);
        };
        h.frames(2);
    }
};

TEST_F(AckFixture, StateColumnAndCounts) {
    const std::string& t = h.text;
    // (The stretching text column narrows to make room for the state column, so check around it.)
    EXPECT_TRUE(has(t, "CRITICAL pump-3 motor")) << t;
    EXPECT_TRUE(has(t, "5.0 s ago feed UNACK Ack")) << t;
    EXPECT_TRUE(has(t, "2.0 s ago feed ack by alice 2 min ago")) << t;
    EXPECT_TRUE(has(t, "critical 1 (1 unacked)")) << t;
    EXPECT_TRUE(has(t, "warning 1")) << t;
    EXPECT_FALSE(has(t, "warning 1 (")) << t;
    EXPECT_TRUE(has(t, "Ack all (2)")) << t;
    ASSERT_EQ(state.ackButtons.size(), 2u); // the unacknowledged rows only
    EXPECT_EQ(state.ackButtons[0].alarm, "a-crit");
    EXPECT_EQ(state.ackButtons[1].alarm, "a-info");
}

TEST_F(AckFixture, ClickingAckEmitsTheActionAndDoesNotFlyToTheEntity) {
    const AlarmRowRect& b = state.ackButtons[0];
    h.click((b.min + b.max) * 0.5f);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::AcknowledgeAlarm);
    EXPECT_EQ(actions[0].name, "a-crit");
    EXPECT_FALSE(w.selection.selected()) << "the Ack click is not a row click";

    // A click on the row elsewhere still selects and flies.
    actions.clear();
    const AlarmRowRect& row = state.drawnRows[1];
    h.click(vec2(row.min.x + 4.0f, (row.min.y + row.max.y) * 0.5f));
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::FlyToNode);
    EXPECT_EQ(actions[0].node, w.tank2);
}

TEST_F(AckFixture, AckAllAcknowledgesEveryUnacknowledgedAlarmTheFilterShows) {
    ImGuiWindow* win = h.window("Alarms (3)###Alarms");
    ASSERT_NE(win, nullptr);
    auto pos = h.findInWindow(win, win->GetID("###ackall"));
    ASSERT_TRUE(pos);
    h.click(*pos);
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].name, "a-crit");
    EXPECT_EQ(actions[1].name, "a-info");

    // Filtered to "tank": only Tank-1's info alarm is unacknowledged and shown.
    actions.clear();
    std::snprintf(state.filter, sizeof state.filter, "%s", "TANK");
    h.frames(2);
    ASSERT_EQ(state.drawnRows.size(), 2u);
    EXPECT_EQ(state.drawnRows[0].alarm, "a-warn");
    EXPECT_EQ(state.drawnRows[1].alarm, "a-info");
    EXPECT_TRUE(has(h.text, "Ack all (1)")) << h.text;
    pos = h.findInWindow(win, win->GetID("###ackall"));
    ASSERT_TRUE(pos);
    h.click(*pos);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].name, "a-info");
}

TEST_F(AckFixture, DisabledWhenTheRoleMayNotWithTheReason) {
    canAcknowledge = false;
    whyNot = "viewers cannot acknowledge alarms";
    h.frames(2);
    const AlarmRowRect& b = state.ackButtons[0];
    h.mouseTo((b.min + b.max) * 0.5f);
    h.frames(3);
    EXPECT_TRUE(has(h.text, "viewers cannot acknowledge alarms")) << h.text;
    h.click((b.min + b.max) * 0.5f);
    EXPECT_TRUE(actions.empty() || actions[0].kind != UiActionKind::AcknowledgeAlarm);
    for (const UiAction& a : actions) EXPECT_NE(a.kind, UiActionKind::AcknowledgeAlarm);
    ImGuiWindow* win = h.window("Alarms (3)###Alarms");
    ASSERT_NE(win, nullptr);
    actions.clear();
    auto pos = h.findInWindow(win, win->GetID("###ackall"));
    if (pos) h.click(*pos); // a disabled button may not even report hover; either way nothing is emitted
    for (const UiAction& a : actions) EXPECT_NE(a.kind, UiActionKind::AcknowledgeAlarm);
}

TEST_F(AckFixture, JournalTabListsRaiseAckAndClearedEntries) {
    withJournal = true;
    // 10:00:00 raise, 10:00:30 ack by bob, 10:01:00 clear; a second alarm cleared without an ack.
    const uint64_t t0 = 1767261600000000ull; // 2026-01-01T10:00:00Z
    std::vector<twin::LiveAlarm> live = {liveAlarm("j1", "pump-1", net::AlarmSeverity::Major, "trip", 1.0),
                                         liveAlarm("j2", "tank-4", net::AlarmSeverity::Warning, "level low", 1.0)};
    live[0].raisedUs = t0;
    journal.update(live, t0, 1.0);
    live[0].acknowledged = true;
    live[0].acknowledgedBy = "bob";
    live[0].acknowledgedUs = t0 + 30000000ull;
    journal.update(live, t0 + 30000000ull, 31.0);
    journal.update({}, t0 + 60000000ull, 61.0);
    h.frames(2);
    ImGuiWindow* win = h.window("Alarms (3)###Alarms");
    ASSERT_NE(win, nullptr);
    // Open the Journal tab.
    ImGuiID tabBar = win->GetID("##alarmtabs");
    ImGuiID tab = ImHashStr("Journal", 0, tabBar); // a tab's ID is its label hashed under the tab bar's
    auto pos = h.findInWindow(win, tab);
    ASSERT_TRUE(pos) << "Journal tab not found";
    h.click(*pos);
    h.frames(2);
    EXPECT_TRUE(state.showJournal);
    const std::string& t = h.text;
    EXPECT_TRUE(has(t, "2 of 2 entries")) << t;
    // (The message column, last, is what narrows at the panel's default width.)
    EXPECT_TRUE(has(t, "major pump-1 10:00:00 10:00:30 by bob 10:01:00 cleared tr")) << t;
    EXPECT_TRUE(has(t, "warning tank-4 10:00:00 - 10:01:00 cleared, unacknowledged")) << t;
    EXPECT_LT(t.find("tank-4"), t.find("pump-1")) << "newest first";
    ASSERT_EQ(state.journal.drawnRows.size(), 2u);

    // Filtered, and "Hide cleared" hides both.
    std::snprintf(state.journal.filter, sizeof state.journal.filter, "%s", "tank");
    h.frames(2);
    EXPECT_EQ(state.journal.drawnRows.size(), 1u);
    state.journal.hideCleared = true;
    h.frames(2);
    EXPECT_TRUE(state.journal.drawnRows.empty());
}

TEST(AlarmJournalPanel, OwnWindowWithoutEntries) {
    test::Harness h;
    h.captureText = true;
    ops::AlarmJournal journal;
    AlarmJournalPanelState state;
    bool open = true;
    h.draw = [&] { drawAlarmJournalPanel(state, &open, journal, 0.0); };
    h.frames(2);
    EXPECT_TRUE(has(h.text, "No alarms yet.")) << h.text;
    ASSERT_NE(h.window("Alarm journal"), nullptr);
}

TEST(TwinStatusAlarms, UnacknowledgedCountsInTheStatusBar) {
    test::Harness h;
    h.captureText = true;
    TwinStatusState state;
    std::vector<twin::LiveAlarm> alarms = {liveAlarm("c1", "a", net::AlarmSeverity::Critical, "x", 0.0),
                                           liveAlarm("c2", "b", net::AlarmSeverity::Critical, "y", 0.0),
                                           liveAlarm("w1", "c", net::AlarmSeverity::Warning, "z", 0.0)};
    alarms[1].acknowledged = true;
    alarms[2].acknowledged = true;
    net::FeedStatus feed;
    feed.name = "sim";
    feed.liveness = net::FeedLiveness::Live;
    h.draw = [&] {
        ImGui::Begin("status");
        drawTwinStatus(state, std::span<const net::FeedStatus>(&feed, 1), alarms, 0, 1.0);
        ImGui::End();
    };
    h.frames(2);
    EXPECT_TRUE(has(h.text, "2 critical (1 unacked)")) << h.text;
    EXPECT_TRUE(has(h.text, "1 warning")) << h.text;
    EXPECT_FALSE(has(h.text, "1 warning (")) << h.text;
    EXPECT_EQ(h.colourOf("2 critical"), severityColour(net::AlarmSeverity::Critical));
    const AlarmCounts u = countUnacknowledged(alarms);
    EXPECT_EQ(u.critical, 1u);
    EXPECT_EQ(u.warning, 0u);
}

} // namespace
} // namespace tv::ui
