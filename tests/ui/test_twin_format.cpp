// The live-twin panels' text: values with units and the "no reading" style, ages, UTC source times, replay clock
// labels, command status lines, quick verbs, alarm counts and the updates-per-second meter. No ImGui frame needed.
#include "twin_test_values.h"
#include "ui/command_log_panel.h"
#include "ui/live_data_section.h"
#include "ui/replay_bar.h"
#include "ui/twin_format.h"
#include "ui/world_labels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tv::ui {
namespace {

using tv::test::numberProperty;

TEST(TwinFormat, ValuesCarryTheirUnit) {
    EXPECT_EQ(propertyValueText(numberProperty("speed", 1200.0, "rpm")), "1200 rpm");
    EXPECT_EQ(propertyValueText(numberProperty("opening", 42.5, "%")), "42.5%");
    EXPECT_EQ(propertyValueText(numberProperty("count", 3.0, "")), "3");
    twin::LiveProperty state;
    state.state.value.type = net::ValueType::String;
    state.state.value.text = "running";
    EXPECT_EQ(propertyValueText(state), "running");
    twin::LiveProperty flag;
    flag.state.value.type = net::ValueType::Bool;
    flag.state.value.boolean = true;
    EXPECT_EQ(propertyValueText(flag), "true");
}

TEST(TwinFormat, NotFiniteIsNoReadingWithoutUnit) {
    twin::LiveProperty nan = numberProperty("level", std::numeric_limits<double>::quiet_NaN(), "m");
    EXPECT_TRUE(isNoReading(nan.state.value));
    EXPECT_EQ(propertyValueText(nan), "no reading");
    twin::LiveProperty inf = numberProperty("flow", std::numeric_limits<double>::infinity(), "m3/h");
    EXPECT_EQ(propertyValueText(inf), "no reading");
    net::OwnedValue v;
    v.type = net::ValueType::Vec3;
    v.vector = glm::dvec4(1.0, std::nan(""), 2.0, 0.0);
    EXPECT_TRUE(isNoReading(v));
    v.vector = glm::dvec4(1.0, 2.0, 3.0, std::nan("")); // the 4th component of a vec3 is not part of it
    EXPECT_FALSE(isNoReading(v));
    EXPECT_FALSE(isNoReading(numberProperty("x", 1.0, "").state.value));
}

TEST(TwinFormat, Ages) {
    EXPECT_EQ(formatAge(10.0, 7.9), "2.1 s ago");
    EXPECT_EQ(formatAge(10.0, 10.0), "just now");
    EXPECT_EQ(formatAge(10.0, 11.0), "just now") << "clock skew never shows a negative age";
    EXPECT_EQ(formatAge(100.0, 50.5), "49 s ago");
    EXPECT_EQ(formatAge(1000.0, 700.0), "5 min ago");
    EXPECT_EQ(formatAge(20000.0, 0.0), "5 h ago");
}

TEST(TwinFormat, UtcTimes) {
    // 1700000000 s = 2023-11-14 22:13:20 UTC.
    EXPECT_EQ(formatUtc(1700000000123456ull), "22:13:20.123 UTC");
    EXPECT_EQ(formatUtc(1700000000123456ull, true), "2023-11-14 22:13:20.123 UTC");
    EXPECT_EQ(formatUtc(0), "-");
}

TEST(TwinFormat, ReplayClock) {
    EXPECT_EQ(formatClock(7.5), "0:07.5");
    EXPECT_EQ(formatClock(723.0), "12:03.0");
    EXPECT_EQ(formatClock(3723.04), "1:02:03.0");
    EXPECT_EQ(formatClock(59.96), "1:00.0") << "rounding carries into the minutes";
    EXPECT_EQ(formatClock(-3.0), "0:00.0");
}

TEST(TwinFormat, LivePropertyRow) {
    twin::LiveProperty p = numberProperty("speed", 1450.0, "rpm", 7.9, 1700000000123456ull);
    LivePropertyRow row = livePropertyRow(p, 10.0);
    EXPECT_EQ(row.name, "speed");
    EXPECT_EQ(row.value, "1450 rpm");
    EXPECT_EQ(row.age, "2.1 s ago");
    EXPECT_EQ(row.source, "22:13:20.123 UTC");
    EXPECT_FALSE(row.noReading);
    EXPECT_EQ(livePropertyRow(numberProperty("t", 1.0, "", 0.0, 0), 1.0).source, "") << "no source timestamp: blank";
}

TEST(TwinFormat, QuickVerbsFollowProperties) {
    twin::LiveEntity pump;
    pump.id = "pump-3";
    pump.properties = {numberProperty("speed", 1.0, "rpm"), numberProperty("temperature", 40.0, "C")};
    std::vector<const char*> verbs = quickVerbs(pump);
    ASSERT_EQ(verbs.size(), 2u);
    EXPECT_STREQ(verbs[0], "start");
    EXPECT_STREQ(verbs[1], "stop");
    twin::LiveEntity valve;
    valve.properties = {numberProperty("opening", 50.0, "%")};
    verbs = quickVerbs(valve);
    ASSERT_EQ(verbs.size(), 2u);
    EXPECT_STREQ(verbs[0], "open");
    twin::LiveEntity tank;
    tank.properties = {numberProperty("level", 2.0, "m")};
    EXPECT_TRUE(quickVerbs(tank).empty());
    EXPECT_EQ(entityCommandPrefill("pump-3"), "set pump-3 ");
}

TEST(TwinFormat, CommandStatusLines) {
    CommandEntry e;
    e.sentAtSeconds = 10.0;
    EXPECT_EQ(commandStatusText(e, 11.25), "pending 1.2 s");
    e.outcome = net::CommandOutcome::Accepted;
    e.roundTripMs = 12.4;
    EXPECT_EQ(commandStatusText(e, 20.0), "done (12 ms)");
    e.outcome = net::CommandOutcome::Rejected;
    e.reason = "speed out of range 0..3000";
    EXPECT_EQ(commandStatusText(e, 20.0), "rejected: speed out of range 0..3000");
    e.outcome = net::CommandOutcome::Failed;
    e.reason = "pump in fault";
    EXPECT_EQ(commandStatusText(e, 20.0), "failed: pump in fault");
    e.outcome = net::CommandOutcome::TimedOut;
    e.reason = "no reply within 5000 ms";
    EXPECT_EQ(commandStatusText(e, 20.0), "timed out: no reply within 5000 ms");
    e.outcome = net::CommandOutcome::NotSent;
    e.reason.clear();
    EXPECT_EQ(commandStatusText(e, 20.0), "not sent");
    EXPECT_NE(commandOutcomeColour(net::CommandOutcome::Accepted), commandOutcomeColour(net::CommandOutcome::Rejected));
    EXPECT_NE(commandOutcomeColour(net::CommandOutcome::TimedOut), commandOutcomeColour(net::CommandOutcome::Pending));
}

TEST(TwinFormat, AlarmCountsPerSeverity) {
    std::vector<twin::LiveAlarm> alarms(5);
    alarms[0].severity = net::AlarmSeverity::Critical;
    alarms[1].severity = net::AlarmSeverity::Warning;
    alarms[2].severity = net::AlarmSeverity::Warning;
    alarms[3].severity = net::AlarmSeverity::Info;
    alarms[4].severity = net::AlarmSeverity::Major;
    AlarmCounts c = countAlarms(alarms);
    EXPECT_EQ(c.critical, 1u);
    EXPECT_EQ(c.major, 1u);
    EXPECT_EQ(c.warning, 2u);
    EXPECT_EQ(c.info, 1u);
    EXPECT_EQ(c.total(), 5u);
    EXPECT_EQ(c.of(net::AlarmSeverity::Warning), 2u);
    EXPECT_STREQ(severityName(net::AlarmSeverity::Major), "major");
}

TEST(TwinFormat, LivenessColoursDiffer) {
    using L = net::FeedLiveness;
    const L all[] = {L::Connecting, L::Syncing, L::Live, L::Stale, L::Replay};
    for (L a : all) {
        for (L b : all) {
            if (a != b) { EXPECT_NE(livenessColour(a), livenessColour(b)) << int(a) << " vs " << int(b); }
        }
    }
}

TEST(TwinFormat, RateMeterAveragesOverWindows) {
    RateMeter m(1.0);
    m.sample(0.0, 1000);
    EXPECT_FALSE(m.rate());
    m.sample(0.5, 1050);
    EXPECT_FALSE(m.rate()) << "no complete window yet";
    m.sample(1.0, 1100);
    ASSERT_TRUE(m.rate());
    EXPECT_DOUBLE_EQ(*m.rate(), 100.0);
    m.sample(1.5, 1400);
    EXPECT_DOUBLE_EQ(*m.rate(), 100.0) << "kept until the next window completes";
    m.sample(2.0, 1600);
    EXPECT_DOUBLE_EQ(*m.rate(), 500.0);
    m.sample(2.1, 10); // counter went backwards: a new runtime
    EXPECT_FALSE(m.rate());
    m.sample(3.1, 60);
    ASSERT_TRUE(m.rate());
    EXPECT_NEAR(*m.rate(), 50.0, 1e-9);
}

TEST(TwinFormat, ReplayPlayPause) {
    std::vector<UiAction> a;
    ReplayView r;
    toggleReplayPaused(r, a);
    EXPECT_TRUE(a.empty()) << "no recording: Space does nothing";
    r.available = true;
    toggleReplayPaused(r, a);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].kind, UiActionKind::ReplaySetPaused);
    EXPECT_TRUE(a[0].flag);
    a.clear();
    r.paused = true;
    toggleReplayPaused(r, a);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_FALSE(a[0].flag);
    a.clear();
    r.paused = false;
    r.finished = true;
    toggleReplayPaused(r, a);
    ASSERT_EQ(a.size(), 2u) << "finished: rewind and play";
    EXPECT_EQ(a[0].kind, UiActionKind::ReplaySeek);
    EXPECT_EQ(a[0].value, 0.0);
    EXPECT_EQ(a[1].kind, UiActionKind::ReplaySetPaused);
    EXPECT_FALSE(a[1].flag);
    ASSERT_GE(replaySpeeds().size(), 2u);
    EXPECT_EQ(replaySpeeds().front(), 0.25);
    EXPECT_EQ(replaySpeeds().back(), 64.0);
}

TEST(TwinFormat, TwinLabelColours) {
    twin::LiveLabel l;
    EXPECT_EQ(twinLabelColour(l), kTwinLabelColour);
    l.alert = true;
    EXPECT_EQ(twinLabelColour(l), kTwinLabelAlertColour);
    l.stale = true;
    EXPECT_EQ(twinLabelColour(l), kTwinLabelStaleColour);
}

TEST(TwinFormat, NewActionKindsAreNamed) {
    EXPECT_STREQ(uiActionKindName(UiActionKind::SendCommand), "send-command");
    EXPECT_STREQ(uiActionKindName(UiActionKind::ReplaySeek), "replay-seek");
    EXPECT_STREQ(uiActionKindName(UiActionKind::ReplaySetSpeed), "replay-speed");
    EXPECT_STREQ(uiActionKindName(UiActionKind::ReplaySetPaused), "replay-paused");
    EXPECT_STREQ(uiActionKindName(UiActionKind::FlyToNode), "fly-to-node");
}

} // namespace
} // namespace tv::ui
