// Publisher + subscriber over loopback TCP: late join, gaps (lost frame, lost tail), publisher restart, staleness
// and chunked snapshots. Every wait is bounded; each test converges in well under a second when the machine is idle.
#include "feed_test_util.h"

#include "net/codec/decoder.h"

#include <atomic>
#include <mutex>

namespace tv::net::test {
namespace {

TEST(FeedLoopback, LateJoinerConverges) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    // State and a running sequence before the viewer exists.
    for (int i = 0; i < 100; ++i) {
        std::string entity = "pump-" + std::to_string(i % 10);
        ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate(entity, "speed", i)}).hasValue());
    }
    SpawnEntity truck;
    truck.entity = "truck-1";
    truck.asset = "assets/truck.glb";
    ASSERT_TRUE(pub->publish(std::vector<Update>{truck}).hasValue());
    ASSERT_EQ(pub->sequence(), 101u);

    Viewer v = makeViewer(ctx, pub->boundEndpoints());
    ASSERT_TRUE(v.feed);
    // Keep publishing while the viewer joins: updates race the snapshot, the Clone pattern sorts them out.
    int i = 0;
    ASSERT_TRUE(waitFor(
        v, pub.get(), [&] { return i >= 200 && converged(v, *pub); }, 10s,
        [&] {
            if (i < 200) {
                ++i;
                (void)pub->publish(
                    std::vector<Update>{numberUpdate("tank-" + std::to_string(i % 7), "level", i * 0.5)});
            }
        }));
    std::string diff;
    EXPECT_TRUE(v.state.sameAs(pub->state(), &diff)) << diff;
    EXPECT_GE(v.status.counters.snapshots, 1u);
    EXPECT_EQ(v.status.counters.malformed, 0u);
    EXPECT_NE(v.state.findEntity("truck-1"), nullptr);
    EXPECT_EQ(v.status.publisherId, pub->publisherId());
    EXPECT_EQ(v.feed->describe(), pub->boundEndpoints().updates);
}

// onAppliedFrame hands out exactly what became the viewer's state (what `twinview record` writes): replaying those
// frames into an empty TwinState must give the viewer's state, across a re-snapshot.
TEST(FeedLoopback, AppliedFramesReproduceTheViewerState) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    for (int i = 0; i < 20; ++i)
        ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("p" + std::to_string(i % 3), "v", i)}).hasValue());
    std::mutex mutex;
    std::vector<std::vector<uint8_t>> frames;
    SubscriberOptions so;
    so.onAppliedFrame = [&](uint64_t, std::span<const uint8_t> frame) {
        std::lock_guard lock(mutex);
        frames.emplace_back(frame.begin(), frame.end());
    };
    Viewer v = makeViewer(ctx, pub->boundEndpoints(), so);
    int i = 0;
    auto step = [&] {
        if (i < 50) ++i, (void)pub->publish(std::vector<Update>{numberUpdate("q" + std::to_string(i % 4), "w", i)});
        if (i == 25) pub->dropNextFrames(1), ++i; // forces a re-snapshot mid-stream
    };
    ASSERT_TRUE(waitFor(
        v, pub.get(), [&] { return i >= 50 && v.status.counters.gaps >= 1 && converged(v, *pub); }, 10s, step));

    TwinState replayed;
    bool inSnapshot = false;
    std::lock_guard lock(mutex);
    for (const auto& f : frames) {
        auto msg = decodeMessage(f);
        ASSERT_TRUE(msg.hasValue());
        if (msg->header.kind == MessageKind::SnapshotChunk) {
            if (!inSnapshot) replayed.clear(); // a (re)snapshot replaces everything
            inSnapshot = true;
            std::get<SnapshotChunk>(msg->body).updates.forEach([&](const Update& u) { replayed.apply(u); });
        } else if (msg->header.kind == MessageKind::SnapshotEnd) {
            if (!inSnapshot) replayed.clear(); // an empty snapshot
            inSnapshot = false;
        } else {
            ASSERT_EQ(msg->header.kind, MessageKind::Updates);
            std::get<UpdateBatch>(msg->body).forEach([&](const Update& u) { replayed.apply(u); });
        }
    }
    std::string diff;
    EXPECT_TRUE(replayed.sameAs(v.state, &diff)) << diff;
}

// A viewer that gives up on a snapshot request asks again on a fresh socket: replies to the abandoned requests,
// which reflect older sequences, must not be mixed in or loaded.
TEST(FeedLoopback, RepliesToAbandonedSnapshotRequestsAreIgnored) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", 1)}).hasValue());
    SubscriberOptions so;
    so.snapshotTimeoutMs = 100;
    Viewer v = makeViewer(ctx, pub->boundEndpoints(), so);
    // The publisher does not serve for a while, so the viewer gives up and re-requests a few times while the state
    // moves on; then every request that reached the publisher is answered, each with a different sequence.
    auto end = std::chrono::steady_clock::now() + 450ms;
    while (std::chrono::steady_clock::now() < end) {
        std::this_thread::sleep_for(20ms);
        ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", pub->sequence() + 1.0)}).hasValue());
        v.drain();
    }
    EXPECT_EQ(v.status.counters.snapshots, 0u);
    EXPECT_NE(v.status.lastError.find("no complete snapshot"), std::string::npos) << v.status.lastError;
    std::string diff;
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub, &diff); })) << diff;
    EXPECT_GE(pub->counters().snapshotsServed, 2u); // the abandoned requests were answered too, into closed sockets
    // Stays converged: no late chunk of an old snapshot is loaded afterwards.
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", 1000)}).hasValue());
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub, &diff); })) << diff;
    waitFor(
        v, pub.get(), [] { return false; }, 300ms);
    EXPECT_TRUE(converged(v, *pub, &diff)) << diff;
    EXPECT_EQ(v.status.counters.malformed, 0u);
}

TEST(FeedLoopback, LostFrameTriggersResnapshotAndConverges) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", 1)}).hasValue());
    Viewer v = makeViewer(ctx, pub->boundEndpoints());
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub); }));
    // The SUB is connected once the viewer has applied a live update (not only the snapshot).
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", 2)}).hasValue());
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub); }));

    pub->dropNextFrames(1);
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", 3)}).hasValue()); // lost
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("b", "y", 4)}).hasValue()); // reveals the gap
    EXPECT_EQ(pub->counters().dropped, 1u);
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return v.status.counters.gaps >= 1 && converged(v, *pub); }));
    EXPECT_EQ(v.state.findProperty("a", "x")->value.number, 3.0); // the lost value came with the snapshot
    EXPECT_GE(v.status.counters.snapshots, 2u);
    EXPECT_NE(v.status.lastError.find("gap: expected"), std::string::npos) << v.status.lastError;
}

TEST(FeedLoopback, LostTailIsRevealedByHeartbeat) {
    zmq::context_t ctx;
    PublisherOptions o;
    o.heartbeatMs = 50;
    auto pub = makePublisher(ctx, o);
    ASSERT_TRUE(pub);
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", 1)}).hasValue());
    Viewer v = makeViewer(ctx, pub->boundEndpoints());
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub); }));

    pub->dropNextFrames(1);
    ASSERT_TRUE(pub->publish(std::vector<Update>{numberUpdate("a", "x", 99)}).hasValue()); // lost, nothing follows
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return v.status.counters.gaps >= 1 && converged(v, *pub); }));
    EXPECT_EQ(v.state.findProperty("a", "x")->value.number, 99.0);
    EXPECT_GE(pub->counters().heartbeats, 1u);
}

TEST(FeedLoopback, PublisherRestartResyncsAndDropsVanishedState) {
    zmq::context_t ctx;
    auto a = makePublisher(ctx);
    ASSERT_TRUE(a);
    SpawnEntity truck;
    truck.entity = "truck-1";
    truck.asset = "assets/truck.glb";
    ASSERT_TRUE(a->publish(std::vector<Update>{truck, numberUpdate("pump", "speed", 10)}).hasValue());
    ASSERT_TRUE(a->publish(std::vector<Update>{AlarmRaise{"al-1", "pump", AlarmSeverity::Major, "hot"}}).hasValue());
    FeedEndpoints endpoints = a->boundEndpoints();
    uint32_t oldEpoch = a->epoch();

    Viewer v = makeViewer(ctx, endpoints);
    ASSERT_TRUE(waitFor(v, a.get(), [&] { return converged(v, *a); }));
    ASSERT_NE(v.state.findEntity("truck-1"), nullptr);
    int resetsBefore = v.resets;

    a.reset();
    PublisherOptions o;
    o.bind = endpoints; // same ports: viewers reconnect by themselves
    o.heartbeatMs = 50;
    auto b = makePublisher(ctx, o);
    ASSERT_TRUE(b);
    ASSERT_NE(b->epoch(), oldEpoch);
    ASSERT_TRUE(b->publish(std::vector<Update>{numberUpdate("pump", "speed", 20)}).hasValue());

    std::string diff;
    ASSERT_TRUE(waitFor(v, b.get(), [&] { return converged(v, *b, &diff); })) << diff;
    EXPECT_EQ(v.state.findEntity("truck-1"), nullptr); // the reset delta removed what the new state lacks
    EXPECT_TRUE(v.state.alarms().empty());
    EXPECT_GT(v.resets, resetsBefore);
    EXPECT_GE(v.status.counters.restarts, 1u);
    EXPECT_NE(v.status.lastError.find("publisher restarted"), std::string::npos) << v.status.lastError;
}

TEST(FeedLoopback, SilentPublisherGoesStaleAndComesBack) {
    zmq::context_t ctx;
    PublisherOptions o;
    o.heartbeatMs = 50;
    auto a = makePublisher(ctx, o);
    ASSERT_TRUE(a);
    ASSERT_TRUE(a->publish(std::vector<Update>{numberUpdate("a", "x", 1)}).hasValue());
    FeedEndpoints endpoints = a->boundEndpoints();
    SubscriberOptions so;
    so.staleTimeoutMs = 300;
    Viewer v = makeViewer(ctx, endpoints, so);
    ASSERT_TRUE(waitFor(v, a.get(), [&] { return converged(v, *a); }));
    // Heartbeats alone keep an idle feed live.
    ASSERT_FALSE(waitFor(
        v, a.get(), [&] { return v.status.liveness != FeedLiveness::Live; }, 600ms));

    a.reset();
    auto silentSince = std::chrono::steady_clock::now();
    ASSERT_TRUE(waitFor(v, nullptr, [&] { return v.status.liveness == FeedLiveness::Stale; }));
    auto took = std::chrono::steady_clock::now() - silentSince;
    // Not before the timeout: the feed had been silent for at least staleTimeoutMs (less a little clock slack)...
    EXPECT_GE(wallClockUs() - v.status.lastHeardUs, 290'000u);
    // ...and noticed within the timeout plus a generous margin for a loaded machine.
    EXPECT_LT(took, 300ms + 3s);
    EXPECT_FALSE(v.state.entities().empty()); // stale state is kept, not deleted

    o.bind = endpoints;
    auto b = makePublisher(ctx, o);
    ASSERT_TRUE(b);
    ASSERT_TRUE(b->publish(std::vector<Update>{numberUpdate("a", "x", 2)}).hasValue());
    ASSERT_TRUE(waitFor(v, b.get(), [&] { return converged(v, *b); }));
}

TEST(FeedLoopback, SnapshotLargerThanTheFrameCapArrivesInChunks) {
    zmq::context_t ctx;
    PublisherOptions o;
    o.limits.maxMessageBytes = 16 * 1024;
    auto pub = makePublisher(ctx, o);
    ASSERT_TRUE(pub);
    std::vector<std::string> names;
    for (int i = 0; i < 2000; ++i) names.push_back("sensor-" + std::to_string(i));
    std::vector<Update> batch;
    for (int i = 0; i < 2000; ++i) batch.push_back(numberUpdate(names[size_t(i)], "value", i));
    ASSERT_TRUE(pub->publish(batch).hasValue()); // itself split into several Updates frames
    EXPECT_GT(pub->sequence(), 1u);

    std::atomic<int> chunks{0}, ends{0};
    SubscriberOptions so;
    so.limits = o.limits;
    so.onAppliedFrame = [&](uint64_t, std::span<const uint8_t> frame) {
        auto h = decodeHeader(frame, o.limits);
        ASSERT_TRUE(h.hasValue());
        if (h->kind == MessageKind::SnapshotChunk) ++chunks;
        if (h->kind == MessageKind::SnapshotEnd) ++ends;
    };
    Viewer v = makeViewer(ctx, pub->boundEndpoints(), so);
    std::string diff;
    ASSERT_TRUE(waitFor(v, pub.get(), [&] { return converged(v, *pub, &diff); })) << diff;
    EXPECT_GE(ends.load(), 1);
    EXPECT_GE(chunks.load(), 3 * ends.load());
    EXPECT_EQ(v.state.propertyCount(), 2000u);
}

TEST(FeedLoopback, PublishRejectsInvalidRecordsWithoutSideEffects) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    TransformUpdate bad;
    bad.entity = "crane";
    bad.mask = kTransformTranslation;
    bad.translation = vec3(std::numeric_limits<float>::quiet_NaN());
    auto r = pub->publish(std::vector<Update>{numberUpdate("a", "x", 1), bad});
    EXPECT_FALSE(r.hasValue());
    EXPECT_EQ(pub->sequence(), 0u);
    EXPECT_TRUE(pub->state().entities().empty());
    EXPECT_FALSE(pub->publish({}).hasValue());
}

TEST(FeedLoopback, BindErrorsNameTheEndpoint) {
    zmq::context_t ctx;
    auto a = makePublisher(ctx);
    ASSERT_TRUE(a);
    PublisherOptions o;
    o.bind = {a->boundEndpoints().updates, "tcp://127.0.0.1:*", ""};
    auto b = FeedPublisher::create(ctx, o);
    ASSERT_FALSE(b.hasValue());
    EXPECT_NE(b.error().message.find(a->boundEndpoints().updates), std::string::npos) << b.error().message;

    SubscriberOptions so;
    so.connect = {"tcp://nohost", "tcp://127.0.0.1:1", ""};
    auto s = FeedSubscriber::start(ctx, so);
    ASSERT_FALSE(s.hasValue());
    EXPECT_NE(s.error().message.find("tcp://nohost"), std::string::npos) << s.error().message;
}

} // namespace
} // namespace tv::net::test
