// Commands over loopback: accepted round trip, rejection with a reason, timeout (and the late reply ignored),
// NotSent without a command endpoint.
#include "feed_test_util.h"

namespace tv::net::test {
namespace {

TEST(FeedCommands, AcceptedAndRejectedRoundTrips) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    Viewer v = makeViewer(ctx, pub->boundEndpoints());
    std::vector<std::string> seen;
    CommandHandler handler = [&](const CommandRequest& r) {
        seen.push_back(std::string(r.target) + " " + std::string(r.verb));
        if (r.verb == "set" && r.args.size() == 1 && r.args[0].name == "speed" && r.args[0].value.number == 1200)
            return CommandVerdict{CommandStatus::Accepted, ""};
        return CommandVerdict{CommandStatus::Rejected, "interlock: tank-1 level high"};
    };

    uint64_t first = v.feed->sendCommand("pump-3", "set", speedArg(1200), 5000);
    uint64_t second = v.feed->sendCommand("valve-1", "open", {}, 5000);
    EXPECT_EQ(first, 1u);
    EXPECT_EQ(second, 2u);
    ASSERT_TRUE(waitFor(
        v, pub.get(), [&] { return v.results.size() >= 2; }, 10s, {}, handler));
    ASSERT_EQ(v.results.size(), 2u);
    const CommandResult& a = v.results[0].commandId == first ? v.results[0] : v.results[1];
    const CommandResult& b = v.results[0].commandId == first ? v.results[1] : v.results[0];
    EXPECT_EQ(a.outcome, CommandOutcome::Accepted);
    EXPECT_GT(a.roundTripMs, 0.0);
    EXPECT_EQ(b.outcome, CommandOutcome::Rejected);
    EXPECT_EQ(b.reason, "interlock: tank-1 level high");
    EXPECT_EQ(seen, (std::vector<std::string>{"pump-3 set", "valve-1 open"}));
    EXPECT_EQ(pub->counters().commands, 2u);
    EXPECT_EQ(v.status.counters.commandsSent, 2u);
}

TEST(FeedCommands, NoReplyTimesOutAndTheLateReplyIsIgnored) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    Viewer v = makeViewer(ctx, pub->boundEndpoints());
    uint64_t id = v.feed->sendCommand("pump-3", "stop", {}, 200);
    // Nobody polls the publisher: no reply can come.
    auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(waitFor(v, nullptr, [&] { return !v.results.empty(); }));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 190ms);
    ASSERT_EQ(v.results.size(), 1u);
    EXPECT_EQ(v.results[0].commandId, id);
    EXPECT_EQ(v.results[0].outcome, CommandOutcome::TimedOut);
    EXPECT_EQ(v.results[0].reason, "no reply within 200 ms");
    EXPECT_EQ(v.status.counters.commandsTimedOut, 1u);

    // Now the twin answers, too late: the reply must not produce a second result.
    CommandHandler accept = [](const CommandRequest&) { return CommandVerdict{}; };
    ASSERT_TRUE(waitFor(
        v, pub.get(), [&] { return pub->counters().commands == 1; }, 10s, {}, accept));
    waitFor(
        v, pub.get(), [] { return false; }, 200ms, {}, accept);
    EXPECT_EQ(v.results.size(), 1u);
}

TEST(FeedCommands, NotSentWithoutCommandEndpoint) {
    zmq::context_t ctx;
    auto pub = makePublisher(ctx);
    ASSERT_TRUE(pub);
    FeedEndpoints endpoints = pub->boundEndpoints();
    endpoints.commands.clear();
    Viewer v = makeViewer(ctx, endpoints);
    uint64_t id = v.feed->sendCommand("pump-3", "start", {}, 1000);
    EXPECT_GT(id, 0u);
    v.drain();
    ASSERT_EQ(v.results.size(), 1u);
    EXPECT_EQ(v.results[0].commandId, id);
    EXPECT_EQ(v.results[0].outcome, CommandOutcome::NotSent);
    EXPECT_FALSE(v.results[0].reason.empty());
}

} // namespace
} // namespace tv::net::test
