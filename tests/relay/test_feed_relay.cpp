// FeedRelay state relaying: a downstream viewer converges on the upstream twin (spawns, removes, transforms,
// overrides, alarms, bursts); an upstream restart (a new publisher on the same ports, different state) reaches
// viewers as a downstream restart with the removed entities gone; a late joiner converges; upstream silence makes
// the downstream go Stale and its return makes it Live again.
#include "relay_test_util.h"

namespace tv::net::test {
namespace {

Update spawnOf(std::string_view entity, std::string_view asset, std::string_view parent = {}) {
    SpawnEntity s;
    s.entity = entity;
    s.asset = asset;
    s.parent = parent;
    s.transform.translation = {1, 2, 3};
    return s;
}

TEST(FeedRelay, DownstreamConvergesOnTheUpstreamTwin) {
    zmq::context_t ctx;
    PublisherOptions po;
    po.heartbeatMs = 100;
    auto up = makePublisher(ctx, po);
    ASSERT_TRUE(up);
    // State before the relay exists: it arrives through the relay's snapshot and the downstream restart.
    ASSERT_TRUE(up->publish(std::vector<Update>{spawnOf("crane", "crane"), numberUpdate("tank-1", "level", 41.5),
                                                AlarmRaise{"a0", "tank-1", AlarmSeverity::Warning, "filling"}}));
    auto relay = makeRelay(ctx, relayOptions(up->boundEndpoints()));
    ASSERT_TRUE(relay);
    EXPECT_TRUE(relay->boundEndpoints().commands.empty());
    Viewer v = makeViewer(ctx, relay->boundEndpoints());
    std::string diff;
    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return sameTwin(v, *up, &diff); })) << diff;

    // Every kind of change, then a burst of property updates.
    TransformUpdate t;
    t.entity = "crane";
    t.mask = kTransformTranslation | kTransformRotation;
    t.translation = {4, 5, 6};
    t.rotation = quat(0, 1, 0, 0);
    ColourOverride c;
    c.entity = "tank-1";
    c.mask = kColourBase | kColourEmissive;
    c.baseColour = {1, 0, 0, 1};
    c.emissive = {0.5f, 0, 0};
    ASSERT_TRUE(up->publish(std::vector<Update>{spawnOf("box-1", "box", "crane"), spawnOf("box-2", "box"), t,
                                                VisibilityUpdate{"box-2", false}, c,
                                                AlarmRaise{"a1", "tank-1", AlarmSeverity::Critical, "level high"}}));
    ASSERT_TRUE(up->publish(std::vector<Update>{RemoveEntity{"box-2"}, AlarmClear{"a0"}, ColourClear{"tank-1"}}));
    ASSERT_TRUE(up->publish(std::vector<Update>{AlarmAck{"a1", "alice"}, AlarmAck{"a0", "nobody"}}));
    for (int i = 0; i < 500; ++i) ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("pump-1", "speed", i)}));
    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return sameTwin(v, *up, &diff); })) << diff;
    EXPECT_EQ(v.state.findEntity("box-2"), nullptr);
    ASSERT_NE(v.state.findEntity("box-1"), nullptr);
    EXPECT_EQ(v.state.findEntity("box-1")->spawn.parent, "crane");
    ASSERT_EQ(v.state.alarms().size(), 1u);
    EXPECT_TRUE(v.state.alarms().at("a1").acknowledged);
    EXPECT_EQ(v.state.alarms().at("a1").acknowledgedBy, "alice");
    EXPECT_EQ(v.state.findProperty("pump-1", "speed")->value.number, 499.0);
    EXPECT_EQ(v.status.counters.gaps, 0u);

    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return relay->status().upstreamSequence == up->sequence(); }));
    RelayStatus s = relay->status();
    EXPECT_EQ(s.upstream, FeedLiveness::Live);
    EXPECT_EQ(s.resyncs, 1u);
    // Coalesced per drain (a spawn removed in the same drain is one Remove, a burst of speeds may be one record),
    // so between "the snapshot and something" and "every record".
    EXPECT_GE(s.updatesRelayed, 3u + 1u);
    EXPECT_LE(s.updatesRelayed, 3u + 11u + 500u);
    EXPECT_EQ(s.commandsForwarded, 0u);
}

TEST(FeedRelay, UpstreamRestartReachesViewersWithRemovedEntitiesGone) {
    zmq::context_t ctx;
    PublisherOptions po;
    po.heartbeatMs = 100;
    auto up = makePublisher(ctx, po);
    ASSERT_TRUE(up);
    ASSERT_TRUE(up->publish(std::vector<Update>{spawnOf("box-1", "box"), numberUpdate("tank-1", "level", 1.0),
                                                AlarmRaise{"a1", "tank-1", AlarmSeverity::Major, "level high"}}));
    auto relay = makeRelay(ctx, relayOptions(up->boundEndpoints()));
    ASSERT_TRUE(relay);
    Viewer v = makeViewer(ctx, relay->boundEndpoints());
    std::string diff;
    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return sameTwin(v, *up, &diff); })) << diff;
    const int resetsBefore = v.resets;
    const uint32_t epochBefore = v.status.epoch;

    // The twin restarts: a new process on the same ports with a different state.
    po.bind = up->boundEndpoints();
    up.reset();
    up = makePublisher(ctx, po);
    ASSERT_TRUE(up);
    ASSERT_TRUE(up->publish(std::vector<Update>{spawnOf("box-2", "box"), numberUpdate("tank-1", "level", 2.0)}));
    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return sameTwin(v, *up, &diff); })) << diff;
    EXPECT_EQ(v.state.findEntity("box-1"), nullptr);
    EXPECT_NE(v.state.findEntity("box-2"), nullptr);
    EXPECT_TRUE(v.state.alarms().empty());
    EXPECT_GT(v.resets, resetsBefore);
    EXPECT_NE(v.status.epoch, epochBefore);
    EXPECT_GE(relay->status().resyncs, 2u);

    // And it keeps relaying after the restart.
    ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("tank-1", "level", 3.0)}));
    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return sameTwin(v, *up, &diff); })) << diff;
}

TEST(FeedRelay, LateDownstreamJoinerConverges) {
    zmq::context_t ctx;
    auto up = makePublisher(ctx);
    ASSERT_TRUE(up);
    auto relay = makeRelay(ctx, relayOptions(up->boundEndpoints()));
    ASSERT_TRUE(relay);
    Viewer early = makeViewer(ctx, relay->boundEndpoints());
    for (int i = 0; i < 50; ++i)
        ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("tank-" + std::to_string(i % 5), "level", i),
                                                    spawnOf("box-" + std::to_string(i), "box")}));
    ASSERT_TRUE(up->publish(std::vector<Update>{RemoveEntity{"box-7"}}));
    std::string diff;
    ASSERT_TRUE(pumpUntil({&early}, up.get(), [&] { return sameTwin(early, *up, &diff); })) << diff;

    Viewer late = makeViewer(ctx, relay->boundEndpoints());
    ASSERT_TRUE(pumpUntil({&early, &late}, up.get(), [&] { return sameTwin(late, *up, &diff); })) << diff;
    EXPECT_EQ(late.state.findEntity("box-7"), nullptr);
    EXPECT_EQ(late.resets, 1);
    // Both keep following live updates.
    ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("tank-0", "level", -1)}));
    ASSERT_TRUE(pumpUntil({&early, &late}, up.get(), [&] {
        return sameTwin(early, *up, &diff) && sameTwin(late, *up, &diff);
    })) << diff;
}

TEST(FeedRelay, UpstreamSilenceMakesTheDownstreamStaleAndItsReturnLive) {
    zmq::context_t ctx;
    PublisherOptions po;
    po.heartbeatMs = 100;
    auto up = makePublisher(ctx, po);
    ASSERT_TRUE(up);
    ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("tank-1", "level", 1.0)}));
    RelayOptions ro = relayOptions(up->boundEndpoints());
    ro.heartbeatMs = 100;
    ro.upstreamStaleTimeoutMs = 500;
    auto relay = makeRelay(ctx, ro);
    ASSERT_TRUE(relay);
    SubscriberOptions so;
    so.staleTimeoutMs = 500;
    Viewer v = makeViewer(ctx, relay->boundEndpoints(), so);
    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return sameTwin(v, *up); }));

    // The twin stops (nobody polls it: no heartbeats); the relay is fine, yet viewers must see the twin go stale.
    ASSERT_TRUE(pumpUntil({&v}, nullptr, [&] { return v.status.liveness == FeedLiveness::Stale; }));
    EXPECT_EQ(relay->status().upstream, FeedLiveness::Stale);
    EXPECT_TRUE(v.state.sameAs(up->state())); // the last known state stays (shown greyed)

    // The twin is back: heartbeats resume upstream and downstream.
    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return v.status.liveness == FeedLiveness::Live; }));
    EXPECT_EQ(relay->status().upstream, FeedLiveness::Live);
    ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("tank-1", "level", 2.0)}));
    ASSERT_TRUE(pumpUntil({&v}, up.get(), [&] { return sameTwin(v, *up); }));
}

TEST(FeedRelay, StartErrorsNameTheCause) {
    zmq::context_t ctx;
    RelayOptions o = relayOptions({"tcp://127.0.0.1:1", "tcp://127.0.0.1:2", ""});
    o.bind.commands = "tcp://127.0.0.1:*";
    auto withCommands = FeedRelay::start(ctx, o);
    ASSERT_FALSE(withCommands);
    EXPECT_NE(withCommands.error().message.find("no commands"), std::string::npos);

    o = relayOptions({"tcp://127.0.0.1:1", "tcp://127.0.0.1:2", ""});
    o.bind.updates = "tcp://256.0.0.1:1";
    auto badBind = FeedRelay::start(ctx, o);
    ASSERT_FALSE(badBind);
    EXPECT_NE(badBind.error().message.find("tcp://256.0.0.1:1"), std::string::npos) << badBind.error().message;
}

} // namespace
} // namespace tv::net::test
