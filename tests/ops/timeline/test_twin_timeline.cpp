// TwinTimeline: stateAt equals what the live viewer held at every recorded time (across keyframes, resets, every
// kind of change), eviction under a memory budget moves the range and keeps stateAt exact, alarm markers, an
// attached recording answers before the in-memory range, and the recording cost at the bench rate.
#include "ops/timeline/twin_timeline.h"
#include "timeline_test_feed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace tv::ops {
namespace {

using test::ScriptedFeed;

constexpr uint64_t kT0 = 1'750'000'000'000'000ull; // a twin time (µs since the epoch)
constexpr uint64_t kStep = 100'000;                // 100 ms between deltas

void expectSame(const net::TwinState& expected, const net::TwinState& actual, const std::string& where) {
    std::string diff;
    EXPECT_TRUE(actual.sameAs(expected, &diff)) << where << ": " << diff;
}

TEST(TwinTimeline, StateAtEqualsTheLiveStateAtEveryRecordedTimeAcrossKeyframes) {
    TimelineOptions options;
    options.keyframeIntervalUs = 1'000'000; // a keyframe every 10 deltas
    TwinTimeline timeline(options);
    ScriptedFeed feed(7);
    std::map<uint64_t, net::TwinState> truth;
    for (int i = 0; i < 240; ++i) {
        const uint64_t t = kT0 + uint64_t(i) * kStep;
        net::FeedDelta d = feed.next(t, 30, i == 0 || i == 97 || i == 180);
        timeline.record(0, d, deltaTwinTimeUs(d));
        truth[t] = feed.state;
    }
    EXPECT_GT(timeline.history(0)->segmentCount(), 20u);
    EXPECT_GT(timeline.history(0)->numericChangesLogged(), 1000u) << "numbers go to the compact log";
    EXPECT_EQ(timeline.range().earliestUs, kT0);
    EXPECT_EQ(timeline.range().latestUs, kT0 + 239 * kStep);
    net::TwinState at;
    for (const auto& [t, expected] : truth) {
        timeline.stateAt(0, t, at);
        expectSame(expected, at, "at +" + std::to_string((t - kT0) / 1000) + " ms");
        if (t + kStep / 2 <= timeline.range().latestUs) { // between deltas: the earlier one
            timeline.stateAt(0, t + kStep / 2, at);
            expectSame(expected, at, "between deltas");
        }
    }
    timeline.liveState(0, at);
    expectSame(feed.state, at, "live");
}

TEST(TwinTimeline, ResetDeltaIsAKeyframeAndForgetsWhatTheSnapshotDoesNotMention) {
    TwinTimeline timeline;
    ScriptedFeed feed(3);
    net::FeedDelta first = feed.next(kT0, 40, true);
    timeline.record(0, first, kT0);
    const net::TwinState before = feed.state;
    const size_t segments = timeline.history(0)->segmentCount();
    net::FeedDelta again = feed.next(kT0 + kStep, 5, true);
    timeline.record(0, again, kT0 + kStep);
    EXPECT_EQ(timeline.history(0)->segmentCount(), segments + 1) << "a reset starts a keyframe";
    net::TwinState at;
    timeline.stateAt(0, kT0, at);
    expectSame(before, at, "before the reset");
    timeline.stateAt(0, kT0 + kStep, at);
    expectSame(feed.state, at, "after the reset");
    EXPECT_FALSE(before.sameAs(feed.state)) << "the test needs the snapshot to differ";
}

TEST(TwinTimeline, BackwardsTimeIsClampedAndMultipleFeedsAreIndependent) {
    TwinTimeline timeline;
    ScriptedFeed a(1), b(2);
    timeline.record(0, a.next(kT0, 20, true), kT0 + 5 * kStep);
    timeline.record(0, a.next(kT0 + kStep, 20), kT0 + kStep); // the publisher's clock stepped back
    EXPECT_EQ(timeline.history(0)->latestUs(), kT0 + 5 * kStep);
    timeline.record(2, b.next(kT0 + 9 * kStep, 20, true), kT0 + 9 * kStep);
    EXPECT_EQ(timeline.feedCount(), 3u);
    EXPECT_EQ(timeline.range().earliestUs, kT0 + 5 * kStep);
    EXPECT_EQ(timeline.range().latestUs, kT0 + 9 * kStep);
    net::TwinState at;
    timeline.stateAt(0, kT0 + 5 * kStep, at);
    expectSame(a.state, at, "feed 0");
    timeline.stateAt(2, kT0 + 9 * kStep, at);
    expectSame(b.state, at, "feed 2");
    timeline.stateAt(1, kT0 + 9 * kStep, at);
    EXPECT_TRUE(at.entities().empty()) << "feed 1 never said anything";
}

TEST(TwinTimeline, MemoryBudgetDropsTheOldestSegmentsAndStateAtStillMatches) {
    TimelineOptions options;
    options.keyframeIntervalUs = 500'000;
    TwinTimeline timeline(options);
    ScriptedFeed feed(11, 40);
    std::map<uint64_t, net::TwinState> truth;
    size_t unbounded = 0;
    for (int i = 0; i < 200; ++i) {
        const uint64_t t = kT0 + uint64_t(i) * kStep;
        timeline.record(0, feed.next(t, 200, i == 0), t);
        truth[t] = feed.state;
        if (i == 99) {
            unbounded = timeline.bytesUsed();
            timeline.setMemoryBudget(unbounded / 2); // about half of what 100 deltas took
        }
        if (i >= 99) { EXPECT_LE(timeline.bytesUsed(), unbounded / 2) << "delta " << i; }
    }
    const TimelineRange r = timeline.range();
    EXPECT_GT(r.earliestUs, kT0 + 100 * kStep) << "the oldest segments went";
    EXPECT_EQ(r.latestUs, kT0 + 199 * kStep);
    net::TwinState at;
    int checked = 0;
    for (const auto& [t, expected] : truth) {
        if (t < r.earliestUs) continue;
        timeline.stateAt(0, t, at);
        expectSame(expected, at, "+" + std::to_string((t - kT0) / 1000) + " ms after eviction");
        ++checked;
    }
    EXPECT_GT(checked, 20);
}

TEST(TwinTimeline, AlarmMarkersRecordEveryRaiseAndFollowTheRange) {
    TimelineOptions options;
    options.keyframeIntervalUs = 200'000;
    TwinTimeline timeline(options);
    net::DeltaBuilder builder;
    auto raise = [&](uint64_t t, const char* id, net::AlarmSeverity s) {
        net::AlarmRaise a;
        a.alarmId = id;
        a.entity = "tank-1";
        a.severity = s;
        a.text = "level high";
        builder.add(net::Update(a), t, t);
        builder.addSentTimestamp(t);
        net::FeedDelta d;
        builder.take(d);
        timeline.record(1, d, deltaTwinTimeUs(d));
    };
    raise(kT0, "high-level", net::AlarmSeverity::Major);
    raise(kT0 + kStep, "leak", net::AlarmSeverity::Critical);
    ASSERT_EQ(timeline.alarmMarkers().size(), 2u);
    const AlarmMarker& m = timeline.alarmMarkers()[1];
    EXPECT_EQ(m.timeUs, kT0 + kStep);
    EXPECT_EQ(m.feed, 1u);
    EXPECT_EQ(m.id, "leak");
    EXPECT_EQ(m.entity, "tank-1");
    EXPECT_EQ(m.severity, net::AlarmSeverity::Critical);
    EXPECT_EQ(m.text, "level high");
    // Scroll the early markers out of memory: they go with their segments.
    ScriptedFeed feed(5);
    for (int i = 0; i < 60; ++i)
        timeline.record(1, feed.next(kT0 + uint64_t(i + 2) * kStep, 50), kT0 + uint64_t(i + 2) * kStep);
    timeline.setMemoryBudget(timeline.bytesUsed() / 3);
    for (const AlarmMarker& a : timeline.alarmMarkers()) EXPECT_GE(a.timeUs, timeline.range().earliestUs);
    EXPECT_GT(timeline.range().earliestUs, kT0 + kStep);
}

// The bench rate: 10,000 numeric properties changing every 100 ms, one delta each, in the steady state (budget
// reached, segments recycled) across keyframes: the state is still exact. (What it costs is measured by
// bench/bench_panels, not asserted here.)
TEST(TwinTimeline, TenThousandChangesPerDeltaInSteadyState) {
    TwinTimeline timeline;
    net::FeedDelta d;
    d.changes.resize(10'000);
    for (size_t i = 0; i < d.changes.size(); ++i) {
        net::FeedChange& c = d.changes[i];
        c.kind = net::FeedChange::Kind::Property;
        c.entity = "line-" + std::to_string(i / 10) + "/machine";
        c.name = "sensor-" + std::to_string(i % 10);
        c.property.unit = net::OwnedUnit{net::UnitKind::Code, 3, ""};
    }
    auto fill = [&](int step) {
        const uint64_t t = kT0 + uint64_t(step) * kStep;
        for (size_t i = 0; i < d.changes.size(); ++i) {
            net::PropertyState& p = d.changes[i].property;
            p.value.number = double(step) + double(i) * 0.001;
            p.sentUs = t;
            p.receivedUs = t + 800;
            p.sourceTimestampUs = t - 2000;
        }
        return t;
    };
    // Warm up to the steady state: keys interned, then the budget reached so segments' buffers are recycled.
    int step = 0;
    for (; step < 50; ++step) timeline.record(0, d, fill(step));
    timeline.setMemoryBudget(timeline.bytesUsed());
    for (; step < 150; ++step) timeline.record(0, d, fill(step));
    for (const int end = step + 200; step < end; ++step) timeline.record(0, d, fill(step)); // two keyframes
    net::TwinState at;
    ASSERT_TRUE(timeline.range().contains(kT0 + 347 * kStep));
    timeline.stateAt(0, kT0 + 347 * kStep, at);
    const net::PropertyState* p = at.findProperty("line-3/machine", "sensor-4");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->value.number, 347.0 + 34 * 0.001);
    EXPECT_EQ(p->sourceTimestampUs, kT0 + 347 * kStep - 2000);
    EXPECT_EQ(p->receivedUs, kT0 + 347 * kStep + 800);
}

} // namespace
} // namespace tv::ops
