// Commands through the relay: forwarded to the upstream twin and answered (accepted; rejected with the twin's
// reason), timed out when the twin does not answer, NotSent when the upstream has no command endpoint, and NotSent
// "relay stopped" for everything pending when the relay is destroyed. Each callback runs exactly once, on the
// relay's thread.
#include "relay_test_util.h"

namespace tv::net::test {
namespace {

TEST(RelayCommands, AcceptedAndRejectedComeBackWithTheTwinsVerdict) {
    zmq::context_t ctx;
    auto up = makePublisher(ctx);
    ASSERT_TRUE(up);
    auto relay = makeRelay(ctx, relayOptions(up->boundEndpoints()));
    ASSERT_TRUE(relay);
    std::vector<std::string> seen;
    CommandHandler handler = [&](const CommandRequest& r) {
        seen.push_back(std::string(r.target) + " " + std::string(r.verb));
        if (r.verb == "set" && r.args.size() == 1 && r.args[0].name == "speed" && r.args[0].value.number == 1200)
            return CommandVerdict{CommandStatus::Accepted, ""};
        return CommandVerdict{CommandStatus::Rejected, "interlock: tank-1 level high"};
    };
    Outcomes outcomes;
    relay->forwardCommand("pump-3", "set", speedArg(1200), 5000, outcomes.callback("set"));
    relay->forwardCommand("valve-1", "open", {}, 5000, outcomes.callback("open"));
    ASSERT_TRUE(pumpUntil(
        {}, up.get(), [&] { return outcomes.size() == 2; }, 10s, handler));

    auto set = outcomes.of("set"), open = outcomes.of("open");
    ASSERT_EQ(set.size(), 1u);
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(set[0].outcome, CommandOutcome::Accepted);
    EXPECT_GT(set[0].roundTripMs, 0.0);
    EXPECT_EQ(open[0].outcome, CommandOutcome::Rejected);
    EXPECT_EQ(open[0].reason, "interlock: tank-1 level high");
    EXPECT_EQ(seen, (std::vector<std::string>{"pump-3 set", "valve-1 open"}));
    for (std::thread::id t : outcomes.threads) EXPECT_NE(t, std::this_thread::get_id());
    EXPECT_EQ(relay->status().commandsForwarded, 2u);

    // No second call for any of them, even while the relay keeps running.
    pumpUntil(
        {}, up.get(), [] { return false; }, 200ms, handler);
    EXPECT_EQ(outcomes.size(), 2u);
}

TEST(RelayCommands, NoReplyTimesOut) {
    zmq::context_t ctx;
    auto up = makePublisher(ctx);
    ASSERT_TRUE(up);
    auto relay = makeRelay(ctx, relayOptions(up->boundEndpoints()));
    ASSERT_TRUE(relay);
    Outcomes outcomes;
    auto start = std::chrono::steady_clock::now();
    relay->forwardCommand("pump-3", "stop", {}, 200, outcomes.callback("stop"));
    // Nobody polls the twin: no reply can come.
    ASSERT_TRUE(pumpUntil({}, nullptr, [&] { return outcomes.size() == 1; }));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 190ms);
    auto r = outcomes.of("stop");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].outcome, CommandOutcome::TimedOut);
    EXPECT_EQ(r[0].reason, "no reply within 200 ms");
    // The twin answers late: no second callback.
    CommandHandler accept = [](const CommandRequest&) { return CommandVerdict{}; };
    ASSERT_TRUE(pumpUntil(
        {}, up.get(), [&] { return up->counters().commands == 1; }, 10s, accept));
    pumpUntil(
        {}, up.get(), [] { return false; }, 200ms, accept);
    EXPECT_EQ(outcomes.size(), 1u);
}

TEST(RelayCommands, NoUpstreamCommandEndpointIsNotSent) {
    zmq::context_t ctx;
    auto up = makePublisher(ctx);
    ASSERT_TRUE(up);
    FeedEndpoints upstream = up->boundEndpoints();
    upstream.commands.clear();
    auto relay = makeRelay(ctx, relayOptions(upstream));
    ASSERT_TRUE(relay);
    Outcomes outcomes;
    relay->forwardCommand("pump-3", "start", {}, 1000, outcomes.callback("start"));
    ASSERT_TRUE(pumpUntil({}, up.get(), [&] { return outcomes.size() == 1; }));
    auto r = outcomes.of("start");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].outcome, CommandOutcome::NotSent);
    EXPECT_FALSE(r[0].reason.empty());
    EXPECT_EQ(relay->status().commandsForwarded, 0u);
    EXPECT_EQ(up->counters().commands, 0u);
}

TEST(RelayCommands, DestroyingTheRelayFinishesPendingCommandsAsNotSent) {
    zmq::context_t ctx;
    auto up = makePublisher(ctx);
    ASSERT_TRUE(up);
    auto relay = makeRelay(ctx, relayOptions(up->boundEndpoints()));
    ASSERT_TRUE(relay);
    Outcomes outcomes;
    relay->forwardCommand("pump-3", "stop", {}, 30000, outcomes.callback("in flight"));
    // Wait until the first one has left (the twin holds it unanswered: nobody polls it), then queue another.
    ASSERT_TRUE(pumpUntil({}, nullptr, [&] { return relay->status().commandsForwarded == 1; }));
    relay->forwardCommand("pump-4", "stop", {}, 30000, outcomes.callback("queued"));
    relay.reset();
    ASSERT_EQ(outcomes.size(), 2u);
    for (const char* label : {"in flight", "queued"}) {
        auto r = outcomes.of(label);
        ASSERT_EQ(r.size(), 1u) << label;
        EXPECT_EQ(r[0].outcome, CommandOutcome::NotSent) << label;
        EXPECT_EQ(r[0].reason, "relay stopped") << label;
    }
}

} // namespace
} // namespace tv::net::test
