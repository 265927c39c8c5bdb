// Clone-pattern sequencing (late join, duplicates, gaps, restarts, heartbeats) and publisher staleness.
#include "net/codec/sequence_tracker.h"

#include <gtest/gtest.h>

#include <vector>

namespace tv::net {
namespace {

constexpr uint64_t kPub = 0xAB;
constexpr uint32_t kEpoch = 7;

TEST(SequenceTracker, UnsyncedUntilSnapshot) {
    SequenceTracker t;
    EXPECT_FALSE(t.synced());
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 1), SequenceVerdict::Unsynced);
    EXPECT_EQ(t.onHeartbeat(kPub, kEpoch, 1), SequenceVerdict::Unsynced);
    EXPECT_EQ(t.counters().unsynced, 1u);
}

TEST(SequenceTracker, LateJoinerReplaysBufferAgainstSnapshot) {
    // Subscribed first: updates 101..105 arrive and are buffered; then the snapshot says "state as of 103".
    SequenceTracker t;
    std::vector<uint64_t> buffered;
    for (uint64_t s = 101; s <= 105; ++s)
        if (t.onUpdate(kPub, kEpoch, s) == SequenceVerdict::Unsynced) buffered.push_back(s);
    ASSERT_EQ(buffered.size(), 5u);
    t.loadSnapshot(kPub, kEpoch, 103);
    std::vector<SequenceVerdict> verdicts;
    for (uint64_t s : buffered) verdicts.push_back(t.onUpdate(kPub, kEpoch, s));
    EXPECT_EQ(verdicts, (std::vector<SequenceVerdict>{SequenceVerdict::Duplicate, SequenceVerdict::Duplicate,
                                                      SequenceVerdict::Duplicate, SequenceVerdict::Apply,
                                                      SequenceVerdict::Apply}));
    EXPECT_EQ(t.lastApplied(), 105u);
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 106), SequenceVerdict::Apply);
    EXPECT_EQ(t.counters().applied, 3u);
    EXPECT_EQ(t.counters().duplicates, 3u);
}

TEST(SequenceTracker, DuplicatesAreDiscarded) {
    SequenceTracker t;
    t.loadSnapshot(kPub, kEpoch, 10);
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 11), SequenceVerdict::Apply);
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 11), SequenceVerdict::Duplicate); // redelivered
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 3), SequenceVerdict::Duplicate);  // long ago
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 12), SequenceVerdict::Apply);
    EXPECT_TRUE(t.synced());
}

TEST(SequenceTracker, GapForcesResync) {
    SequenceTracker t;
    t.loadSnapshot(kPub, kEpoch, 10);
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 11), SequenceVerdict::Apply);
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 13), SequenceVerdict::Gap); // 12 was dropped (HWM)
    EXPECT_FALSE(t.synced());
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 14), SequenceVerdict::Unsynced); // buffer until the new snapshot
    t.loadSnapshot(kPub, kEpoch, 14);
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 14), SequenceVerdict::Duplicate);
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 15), SequenceVerdict::Apply);
    EXPECT_EQ(t.counters().gaps, 1u);
}

TEST(SequenceTracker, RestartOnNewEpochOrPublisher) {
    SequenceTracker t;
    t.loadSnapshot(kPub, kEpoch, 500);
    // Restarted publisher: sequence starts over at 1 with a new epoch. Without the epoch this would look like a
    // duplicate and the viewer would silently ignore the new publisher forever.
    EXPECT_EQ(t.onUpdate(kPub, kEpoch + 1, 1), SequenceVerdict::Restart);
    EXPECT_FALSE(t.synced());
    t.loadSnapshot(kPub, kEpoch + 1, 1);
    EXPECT_EQ(t.onUpdate(kPub, kEpoch + 1, 2), SequenceVerdict::Apply);
    EXPECT_EQ(t.onUpdate(kPub + 1, kEpoch + 1, 3), SequenceVerdict::Restart); // another publisher took over
    EXPECT_EQ(t.counters().restarts, 2u);
}

TEST(SequenceTracker, HeartbeatRevealsLostTail) {
    SequenceTracker t;
    t.loadSnapshot(kPub, kEpoch, 20);
    EXPECT_EQ(t.onHeartbeat(kPub, kEpoch, 20), SequenceVerdict::Apply); // idle, nothing missed
    EXPECT_EQ(t.onHeartbeat(kPub, kEpoch, 19), SequenceVerdict::Apply); // stale heartbeat, harmless
    EXPECT_TRUE(t.synced());
    EXPECT_EQ(t.onHeartbeat(kPub, kEpoch, 21), SequenceVerdict::Gap); // update 21 never arrived
    EXPECT_FALSE(t.synced());
    t.loadSnapshot(kPub, kEpoch, 21);
    EXPECT_EQ(t.onHeartbeat(kPub, kEpoch + 1, 0), SequenceVerdict::Restart);
}

TEST(SequenceTracker, ResetDropsSync) {
    SequenceTracker t;
    t.loadSnapshot(kPub, kEpoch, 1);
    t.reset();
    EXPECT_EQ(t.onUpdate(kPub, kEpoch, 2), SequenceVerdict::Unsynced);
    EXPECT_STREQ(sequenceVerdictName(SequenceVerdict::Gap), "Gap");
}

TEST(StalenessTracker, AliveThenStaleThenAliveAgain) {
    StalenessTracker s(3'000'000); // 3 s: three 1-second heartbeats
    EXPECT_EQ(s.state(0), Liveness::Unknown);
    s.heard(10'000'000);
    EXPECT_EQ(s.state(10'000'000), Liveness::Alive);
    EXPECT_EQ(s.state(13'000'000), Liveness::Alive); // exactly at the timeout: still alive
    EXPECT_EQ(s.state(13'000'001), Liveness::Stale);
    s.heard(14'000'000); // a heartbeat after silence revives it
    EXPECT_EQ(s.state(14'500'000), Liveness::Alive);
    EXPECT_EQ(s.state(1'000), Liveness::Alive); // monotonic clock misuse is not "stale"
    EXPECT_EQ(s.lastHeardUs(), 14'000'000u);
}

} // namespace
} // namespace tv::net
