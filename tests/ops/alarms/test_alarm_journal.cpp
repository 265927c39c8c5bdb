// AlarmJournal: raise / acknowledge / clear detected by id from the runtime's active list, ISA-18.2 phases,
// per-severity counts with unacknowledged ones, new occurrences of the same id, the cap and no work when nothing
// changed.
#include "ops/alarms/alarm_journal.h"

#include <gtest/gtest.h>

#include <vector>

using namespace tv;
using namespace tv::ops;
using twin::LiveAlarm;

namespace {

LiveAlarm alarm(std::string id, std::string entity, net::AlarmSeverity severity, uint64_t raisedUs = 0) {
    LiveAlarm a;
    a.id = std::move(id);
    a.entity = std::move(entity);
    a.severity = severity;
    a.text = a.id + " text";
    a.raisedUs = raisedUs;
    return a;
}

LiveAlarm acked(LiveAlarm a, std::string by, uint64_t atUs = 0) {
    a.acknowledged = true;
    a.acknowledgedBy = std::move(by);
    a.acknowledgedUs = atUs;
    return a;
}

} // namespace

TEST(AlarmJournal, RaiseAcknowledgeClear) {
    AlarmJournal j;
    j.update({}, 1000, 1.0);
    EXPECT_EQ(j.size(), 0u);

    std::vector<LiveAlarm> list = {alarm("a1", "pump-1", net::AlarmSeverity::Major, 900)};
    j.update(list, 1000, 1.0);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j.entry(0).id, "a1");
    EXPECT_EQ(j.entry(0).entity, "pump-1");
    EXPECT_EQ(j.entry(0).raisedUs, 900u); // the publisher's time of the raise
    EXPECT_EQ(j.entry(0).phase(), AlarmPhase::Unacknowledged);
    EXPECT_STREQ(alarmPhaseName(j.entry(0).phase()), "unacknowledged");
    EXPECT_EQ(j.counts().activeOf(net::AlarmSeverity::Major), 1u);
    EXPECT_EQ(j.counts().unacknowledgedOf(net::AlarmSeverity::Major), 1u);

    list[0] = acked(list[0], "alice", 1500);
    j.update(list, 2000, 2.0);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j.entry(0).phase(), AlarmPhase::Acknowledged);
    EXPECT_EQ(j.entry(0).acknowledgedBy, "alice");
    EXPECT_EQ(j.entry(0).acknowledgedUs, 1500u);
    EXPECT_EQ(j.entry(0).acknowledgedAtSeconds, 2.0);
    EXPECT_EQ(j.counts().unacknowledgedOf(net::AlarmSeverity::Major), 0u);
    EXPECT_EQ(j.counts().activeOf(net::AlarmSeverity::Major), 1u);
    ASSERT_NE(j.findActive("a1"), nullptr);

    j.update({}, 3000, 3.0);
    ASSERT_EQ(j.size(), 1u);
    EXPECT_EQ(j.entry(0).phase(), AlarmPhase::Cleared);
    EXPECT_STREQ(alarmPhaseName(j.entry(0).phase()), "cleared");
    EXPECT_EQ(j.entry(0).clearedUs, 3000u);
    EXPECT_EQ(j.counts().totalActive(), 0u);
    EXPECT_EQ(j.findActive("a1"), nullptr);
}

TEST(AlarmJournal, ClearedUnacknowledgedStaysAndTheSameIdAgainIsANewEntry) {
    AlarmJournal j;
    std::vector<LiveAlarm> list = {alarm("t1", "tank-1", net::AlarmSeverity::Warning)};
    j.update(list, 100, 0.1); // no publisher time (a threshold alarm): the frame's twin time
    EXPECT_EQ(j.entry(0).raisedUs, 100u);
    j.update({}, 200, 0.2);
    EXPECT_EQ(j.entry(0).phase(), AlarmPhase::ClearedUnacknowledged);
    EXPECT_STREQ(alarmPhaseName(j.entry(0).phase()), "cleared, unacknowledged");
    j.update(list, 300, 0.3);
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j.entry(0).phase(), AlarmPhase::Unacknowledged); // newest first
    EXPECT_EQ(j.entry(0).raisedUs, 300u);
    EXPECT_EQ(j.entry(1).phase(), AlarmPhase::ClearedUnacknowledged);
    EXPECT_GT(j.entry(0).sequence, j.entry(1).sequence);
}

TEST(AlarmJournal, ReRaiseWhileActiveStartsANewOccurrence) {
    AlarmJournal j;
    std::vector<LiveAlarm> list = {acked(alarm("a1", "pump-1", net::AlarmSeverity::Warning, 10), "bob")};
    j.update(list, 20, 1.0);
    EXPECT_EQ(j.entry(0).phase(), AlarmPhase::Acknowledged);           // seen already acknowledged (joined late)
    list[0] = alarm("a1", "pump-1", net::AlarmSeverity::Critical, 30); // raised again, unacknowledged
    j.update(list, 40, 2.0);
    ASSERT_EQ(j.size(), 2u);
    EXPECT_EQ(j.entry(0).severity, net::AlarmSeverity::Critical);
    EXPECT_EQ(j.entry(0).phase(), AlarmPhase::Unacknowledged);
    EXPECT_EQ(j.entry(1).phase(), AlarmPhase::Cleared);
    EXPECT_EQ(j.counts().totalActive(), 1u);
    EXPECT_EQ(j.counts().activeOf(net::AlarmSeverity::Critical), 1u);
}

TEST(AlarmJournal, CountsPerSeverity) {
    AlarmJournal j;
    std::vector<LiveAlarm> list = {
        alarm("c1", "a", net::AlarmSeverity::Critical), acked(alarm("c2", "b", net::AlarmSeverity::Critical), ""),
        alarm("w1", "c", net::AlarmSeverity::Warning),  alarm("i1", "d", net::AlarmSeverity::Info),
        alarm("c1", "a", net::AlarmSeverity::Critical), // the same id from a second feed counts once
    };
    j.update(list, 1, 0.0);
    EXPECT_EQ(j.counts().activeOf(net::AlarmSeverity::Critical), 2u);
    EXPECT_EQ(j.counts().unacknowledgedOf(net::AlarmSeverity::Critical), 1u);
    EXPECT_EQ(j.counts().activeOf(net::AlarmSeverity::Warning), 1u);
    EXPECT_EQ(j.counts().activeOf(net::AlarmSeverity::Major), 0u);
    EXPECT_EQ(j.counts().totalActive(), 4u);
    EXPECT_EQ(j.counts().totalUnacknowledged(), 3u);
    EXPECT_EQ(j.size(), 4u);
}

TEST(AlarmJournal, NothingChangedMeansNoNewRevision) {
    AlarmJournal j;
    std::vector<LiveAlarm> list;
    for (int i = 0; i < 200; ++i)
        list.push_back(alarm("a" + std::to_string(i), "e", net::AlarmSeverity(1 + i % 4), uint64_t(i + 1)));
    j.update(list, 1000, 1.0);
    const uint64_t rev = j.revision();
    const AlarmSeverityCounts counts = j.counts();
    for (int frame = 0; frame < 100; ++frame) j.update(list, 1000 + uint64_t(frame), 1.0 + frame / 60.0);
    EXPECT_EQ(j.revision(), rev);
    EXPECT_EQ(j.counts(), counts);
    EXPECT_EQ(j.size(), 200u);
    list[7] = acked(list[7], "zoe");
    j.update(list, 5000, 5.0);
    EXPECT_EQ(j.revision(), rev + 1);
}

TEST(AlarmJournal, CapDropsOldestClearedFirstAndKeepsActive) {
    AlarmJournal j(4);
    std::vector<LiveAlarm> keep = {alarm("live", "e", net::AlarmSeverity::Major, 1)};
    j.update(keep, 1, 0.0);
    // Occurrences that come and go: acknowledged ones, then one cleared unacknowledged.
    for (int i = 0; i < 5; ++i) {
        std::vector<LiveAlarm> list = keep;
        list.push_back(acked(alarm("x" + std::to_string(i), "e", net::AlarmSeverity::Info, uint64_t(10 + i)), "al"));
        j.update(list, uint64_t(10 + i), 0.0);
        j.update(keep, uint64_t(20 + i), 0.0);
    }
    std::vector<LiveAlarm> list = keep;
    list.push_back(alarm("unacked", "e", net::AlarmSeverity::Info, 50));
    j.update(list, 50, 0.0);
    j.update(keep, 60, 0.0);
    ASSERT_EQ(j.size(), 4u);
    EXPECT_EQ(j.entry(0).id, "unacked"); // cleared, unacknowledged: kept over acknowledged ones
    EXPECT_EQ(j.entry(1).id, "x4");
    EXPECT_EQ(j.entry(2).id, "x3");
    EXPECT_EQ(j.entry(3).id, "live"); // the oldest, but active
    ASSERT_NE(j.findActive("live"), nullptr);

    // More active alarms than the cap: all kept.
    std::vector<LiveAlarm> many;
    for (int i = 0; i < 10; ++i) many.push_back(alarm("m" + std::to_string(i), "e", net::AlarmSeverity::Info));
    j.update(many, 70, 0.0);
    EXPECT_EQ(j.counts().totalActive(), 10u);
    EXPECT_GE(j.size(), 10u);
    j.clear();
    EXPECT_EQ(j.size(), 0u);
    EXPECT_EQ(j.counts().totalActive(), 0u);
}
