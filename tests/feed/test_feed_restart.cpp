// FeedPublisher::restart and paused heartbeats over loopback: the same publisher id with a new epoch makes
// subscribers resnapshot and drop what the new state no longer has; a refused record changes nothing; while
// heartbeats are paused an idle feed goes Stale (snapshot requests are still answered) and comes back Live on resume.
#include "feed_test_util.h"

namespace tv::net::test {
namespace {

Update spawnOf(std::string_view entity, std::string_view asset) {
    SpawnEntity s;
    s.entity = entity;
    s.asset = asset;
    return s;
}

TEST(FeedRestart, SamePublisherNewEpochMakesSubscribersResnapshot) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    std::vector<Update> first{spawnOf("box-1", "box"), numberUpdate("tank-1", "level", 41.5),
                              AlarmRaise{"a1", "tank-1", AlarmSeverity::Major, "level high"}};
    ASSERT_TRUE(pub->publish(first));
    Viewer v = makeViewer(ctx, pub->boundEndpoints());
    std::string diff;
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub, &diff); })) << diff;
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("tank-1", "level", 42.0)}));
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub, &diff); })) << diff;
    ASSERT_NE(v.state.findEntity("box-1"), nullptr);

    const uint64_t id = pub->publisherId();
    const uint32_t oldEpoch = pub->epoch();
    const int resetsBefore = v.resets;
    std::vector<Update> second{spawnOf("box-2", "box"), numberUpdate("tank-1", "level", 7.0)};
    ASSERT_TRUE(pub->restart(second));
    EXPECT_EQ(pub->publisherId(), id);
    EXPECT_NE(pub->epoch(), oldEpoch);
    EXPECT_EQ(pub->sequence(), 0u);
    ASSERT_NE(pub->state().findProperty("tank-1", "level"), nullptr);
    EXPECT_EQ(pub->state().findProperty("tank-1", "level")->value.number, 7.0);

    // The restart heartbeat alone (no update yet) brings the subscriber to the new epoch and state.
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub, &diff); })) << diff;
    EXPECT_EQ(v.state.findEntity("box-1"), nullptr);
    EXPECT_NE(v.state.findEntity("box-2"), nullptr);
    EXPECT_TRUE(v.state.alarms().empty());
    EXPECT_GT(v.resets, resetsBefore);
    EXPECT_GE(v.status.counters.restarts, 1u);

    // Updates continue from sequence 1 of the new epoch.
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("tank-1", "level", 8.0)}));
    EXPECT_EQ(pub->sequence(), 1u);
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub, &diff); })) << diff;
    EXPECT_EQ(v.status.counters.gaps, 0u);
}

TEST(FeedRestart, RefusedRecordChangesNothing) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("tank-1", "level", 1.0)}));
    const uint32_t epoch = pub->epoch();
    std::vector<Update> bad{numberUpdate("tank-2", "level", 2.0), numberUpdate("", "level", 3.0)};
    auto r = pub->restart(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(pub->epoch(), epoch);
    EXPECT_EQ(pub->sequence(), 1u);
    EXPECT_NE(pub->state().findProperty("tank-1", "level"), nullptr);
    EXPECT_EQ(pub->state().findEntity("tank-2"), nullptr);
    // An empty state is a valid restart (the twin has nothing yet).
    ASSERT_TRUE(pub->restart({}));
    EXPECT_TRUE(pub->state().entities().empty());
}

TEST(FeedRestart, PausedHeartbeatsLetAnIdleFeedGoStaleAndResumeBringsItBack) {
    zmq::context_t ctx;
    PublisherOptions o;
    o.heartbeatMs = 100;
    auto pub = makePublisher(ctx, o);
    ASSERT_TRUE(pub);
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("tank-1", "level", 1.0)}));
    SubscriberOptions so;
    so.staleTimeoutMs = 500;
    Viewer v = makeViewer(ctx, pub->boundEndpoints(), so);
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub); }));

    pub->setHeartbeatsPaused(true);
    EXPECT_TRUE(pub->heartbeatsPaused());
    const uint64_t heartbeats = pub->counters().heartbeats;
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return v.status.liveness == FeedLiveness::Stale; }));
    EXPECT_EQ(pub->counters().heartbeats, heartbeats);

    // Snapshot requests are still answered while paused: a late joiner gets the state.
    Viewer late = makeViewer(ctx, pub->boundEndpoints(), so);
    ASSERT_TRUE(waitFor(late, pub.get(), [&] { return late.state.sameAs(pub->state()) && late.resets == 1; }));
    EXPECT_EQ(pub->counters().heartbeats, heartbeats);

    pub->setHeartbeatsPaused(false);
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return v.status.liveness == FeedLiveness::Live; }));
    EXPECT_GT(pub->counters().heartbeats, heartbeats);
    EXPECT_TRUE(converged(v, *pub));
}

} // namespace
} // namespace tv::net::test
