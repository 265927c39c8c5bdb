// PlantSimulator over loopback: a subscriber joins the running plant, converges to the publisher's state (also
// with injected frame drops that force resyncs), and commands go round trip with accepted/rejected verdicts.
#include "net/sim/plant_simulator.h"
#include "net/sim/sim_main.h"
#include "sim_test_util.h"

#include <gtest/gtest.h>
#include <zmq.hpp>

using namespace tv;
using namespace tv::net;
using namespace tv::net::sim;
using namespace tv::net::testing;

namespace {

SimulatorOptions loopbackOptions() {
    SimulatorOptions o;
    o.bind = {"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"};
    o.updateHz = 50.0;
    o.seed = 3;
    o.quiet = true;
    return o;
}

// Pauses the plant and waits until the subscriber has applied the publisher's last frame; then both must hold
// the same twin.
void expectConverged(PlantSimulator& sim, LiveMirror& live) {
    sim.setPaused(true);
    TwinState published = sim.publishedState();
    uint64_t last = sim.stats().lastSequence;
    ASSERT_GT(last, 0u);
    ASSERT_TRUE(live.waitFor([&] {
        return live.status.lastSequence == last && live.status.liveness == FeedLiveness::Live;
    })) << "subscriber at sequence "
        << live.status.lastSequence << ", publisher at " << last;
    std::string diff;
    EXPECT_TRUE(live.state.sameAs(published, &diff)) << diff;
    EXPECT_GT(published.entities().size(), 20u);
}

} // namespace

TEST(SimulatorLoopback, SubscriberConvergesAndCommandsRoundTrip) {
    zmq::context_t ctx(1);
    auto sim = PlantSimulator::start(ctx, loopbackOptions());
    ASSERT_TRUE(sim.hasValue()) << sim.error().message;
    SubscriberOptions so;
    so.connect = (*sim)->endpoints();
    auto sub = FeedSubscriber::start(ctx, so);
    ASSERT_TRUE(sub.hasValue()) << sub.error().message;
    LiveMirror live;
    live.source = sub->get();
    ASSERT_TRUE(live.waitFor([&] {
        return live.status.liveness == FeedLiveness::Live && live.state.findProperty("pump-1", "speed") != nullptr;
    }));
    EXPECT_NEAR(live.number("pump-1", "speed"), 1450.0, 1.0);

    auto args = numberArg("speed", 1200.0);
    uint64_t id = (*sub)->sendCommand("pump-1", "set", args, 5000);
    ASSERT_TRUE(live.waitFor([&] { return live.resultFor(id).has_value(); }));
    EXPECT_EQ(live.resultFor(id)->outcome, CommandOutcome::Accepted) << live.resultFor(id)->reason;
    // The speed ramps towards the new setpoint (about a second at 400 rpm/s) and the setpoint is published.
    ASSERT_TRUE(live.waitFor([&] { return std::abs(live.number("pump-1", "speed") - 1200.0) < 1.0; }))
        << live.number("pump-1", "speed");
    EXPECT_EQ(live.number("pump-1", "setpoint"), 1200.0);

    auto bad = numberArg("speed", 5000.0);
    id = (*sub)->sendCommand("pump-1", "set", bad, 5000);
    ASSERT_TRUE(live.waitFor([&] { return live.resultFor(id).has_value(); }));
    EXPECT_EQ(live.resultFor(id)->outcome, CommandOutcome::Rejected);
    EXPECT_NE(live.resultFor(id)->reason.find("5000"), std::string::npos) << live.resultFor(id)->reason;

    id = (*sub)->sendCommand("pump-5", "start", {}, 5000);
    ASSERT_TRUE(live.waitFor([&] { return live.resultFor(id).has_value(); }));
    EXPECT_EQ(live.resultFor(id)->outcome, CommandOutcome::Rejected);
    EXPECT_NE(live.resultFor(id)->reason.find("pump-5"), std::string::npos);

    expectConverged(**sim, live);
    EXPECT_GE((*sim)->stats().commands, 3u);
    EXPECT_GE((*sim)->stats().snapshotsServed, 1u);
}

TEST(SimulatorLoopback, DroppedFramesResyncAndConverge) {
    zmq::context_t ctx(1);
    SimulatorOptions o = loopbackOptions();
    o.dropEveryN = 15;
    auto sim = PlantSimulator::start(ctx, o);
    ASSERT_TRUE(sim.hasValue()) << sim.error().message;
    SubscriberOptions so;
    so.connect = (*sim)->endpoints();
    auto sub = FeedSubscriber::start(ctx, so);
    ASSERT_TRUE(sub.hasValue()) << sub.error().message;
    LiveMirror live;
    live.source = sub->get();
    ASSERT_TRUE(live.waitFor([&] { return live.status.counters.gaps >= 2 && live.status.counters.snapshots >= 3; }))
        << "gaps " << live.status.counters.gaps << " snapshots " << live.status.counters.snapshots;
    expectConverged(**sim, live);
}

TEST(SimulatorLoopback, BindErrorNamesTheEndpoint) {
    zmq::context_t ctx(1);
    SimulatorOptions o = loopbackOptions();
    o.bind.updates = "tcp://256.1.1.1:1";
    auto sim = PlantSimulator::start(ctx, o);
    ASSERT_FALSE(sim.hasValue());
    EXPECT_NE(sim.error().message.find("256.1.1.1"), std::string::npos) << sim.error().message;
    o = loopbackOptions();
    o.updateHz = 0.0;
    EXPECT_FALSE(PlantSimulator::start(ctx, o).hasValue());
}

TEST(SimulatorLoopback, RunSimulatorStopsAfterItsDurationOrOnRequest) {
    SimulatorOptions o = loopbackOptions();
    std::atomic<bool> stop{false};
    auto begin = std::chrono::steady_clock::now();
    EXPECT_EQ(runSimulator(o, 0.3, stop, 0.1), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(5));
    stop = true; // already set: returns at once even with no duration
    EXPECT_EQ(runSimulator(o, 0.0, stop), 0);
    o.bind.snapshot = "nonsense";
    EXPECT_EQ(runSimulator(o, 0.3, stop), 1);
}
