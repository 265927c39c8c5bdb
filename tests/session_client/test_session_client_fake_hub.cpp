// SessionClient against a scripted fake hub (fake_hub.h): the join / snapshot / events flow, gap and restart
// handling, hub silence, refusal, local answers for requests and commands, presence pacing and filtering, and
// malformed traffic. The real hub is exercised in test_session_client_hub.cpp.
#include "fake_hub.h"
#include "net/session_client/session_client.h"

#include <gtest/gtest.h>

#include <cstring>

namespace tv::net {
namespace {

using namespace test;

// A fake hub that answers joins, snapshot requests and pings, heartbeats every 50 ms, and lets the test emit
// events (delivered or "lost" on the way).
struct ScriptedHub : FakeHub {
    explicit ScriptedHub(zmq::context_t& context) : FakeHub(context) {
        snapshot.session = "plant";
        snapshot.epoch = epoch;
    }

    SessionSnapshotMsg snapshot; // the state as of snapshot.sequence
    uint32_t epoch = 5;
    bool heartbeats = true;
    std::optional<std::string> refuseWith;
    int joins = 0, snapshotRequests = 0, leaves = 0;
    std::vector<std::string> routingIds; // one per join
    std::vector<std::pair<std::string, RequestMsg>> requests;
    std::vector<std::pair<std::string, CommandMsg>> commands;
    std::chrono::steady_clock::time_point lastHeartbeat;

    void handle(const Received& r) {
        if (!r.message) return;
        const SessionMessage& m = *r.message;
        if (auto* j = std::get_if<JoinMsg>(&m)) {
            ++joins;
            routingIds.push_back(r.routingId);
            if (refuseWith) {
                JoinReplyMsg no;
                no.reason = *refuseWith;
                return send(r.routingId, no);
            }
            snapshot.epoch = epoch;
            return send(r.routingId, accept(j->user, epoch));
        }
        if (std::holds_alternative<SnapshotRequestMsg>(m)) {
            ++snapshotRequests;
            snapshot.epoch = epoch;
            return send(r.routingId, snapshot);
        }
        if (auto* p = std::get_if<PingMsg>(&m)) return send(r.routingId, PongMsg{p->clientTimeUs});
        if (std::holds_alternative<LeaveMsg>(m)) ++leaves;
        if (auto* q = std::get_if<RequestMsg>(&m)) requests.emplace_back(r.routingId, *q);
        if (auto* c = std::get_if<CommandMsg>(&m)) commands.emplace_back(r.routingId, *c);
    }

    void heartbeat() {
        if (!heartbeats || std::chrono::steady_clock::now() - lastHeartbeat < 50ms) return;
        lastHeartbeat = std::chrono::steady_clock::now();
        publish("plant", HeartbeatMsg{"plant", epoch, snapshot.sequence, 0, {}});
    }

    // Serves until `condition` holds (checked after each step) or the timeout passes.
    template <class F>
    bool serveUntil(F&& condition, std::chrono::milliseconds timeout = 10000ms) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!condition()) {
            if (std::chrono::steady_clock::now() > deadline) return condition();
            heartbeat();
            if (auto r = receive(5ms)) handle(*r);
        }
        return true;
    }

    void serveFor(std::chrono::milliseconds duration) {
        serveUntil([] { return false; }, duration);
    }

    // A new state change: sequence + 1; the snapshot includes it; published unless `lost`.
    void emit(SessionEvent event, bool lost = false) {
        ++snapshot.sequence;
        if (event.kind == SessionEventKind::AnnotationUpserted) snapshot.annotations.push_back(event.annotation);
        if (event.kind == SessionEventKind::FollowChanged) snapshot.leader = event.leader;
        if (lost) return;
        publish("plant", EventMsg{"plant", epoch, snapshot.sequence, 0, std::move(event)});
    }
};

SessionEvent pin(uint64_t id, std::string text) {
    SessionEvent e;
    e.kind = SessionEventKind::AnnotationUpserted;
    e.annotation.id = id;
    e.annotation.session = "plant";
    e.annotation.text = std::move(text);
    e.annotation.author = "ada";
    return e;
}

SessionClientOptions clientOptions(const FakeHub& hub, std::string user = "ada") {
    SessionClientOptions o;
    o.hubEndpoint = hub.controlEndpoint;
    o.session = "plant";
    o.user = std::move(user);
    o.hubTimeoutMs = 1000;
    o.joinRetryMs = 200;
    o.snapshotRetryMs = 500;
    return o;
}

class SessionClientFakeHub : public ::testing::Test {
protected:
    zmq::context_t context;
    ScriptedHub hub{context};
    std::unique_ptr<SessionClient> client;
    SessionUpdate update;
    std::vector<SessionEvent> events; // every event polled so far
    std::vector<ReplyMsg> replies;
    std::vector<PeerPresence> presence;
    bool sawReset = false;

    void startClient(SessionClientOptions options) {
        auto c = SessionClient::start(context, std::move(options));
        ASSERT_TRUE(c.hasValue()) << c.error().message;
        client = std::move(c.value());
    }

    void pollClient() {
        client->poll(update);
        sawReset = sawReset || update.reset;
        events.insert(events.end(), update.events.begin(), update.events.end());
        replies.insert(replies.end(), update.replies.begin(), update.replies.end());
        presence.insert(presence.end(), update.presence.begin(), update.presence.end());
    }

    bool serveUntilClient(std::function<bool()> condition, std::chrono::milliseconds timeout = 10000ms) {
        return hub.serveUntil(
            [&] {
                pollClient();
                return condition();
            },
            timeout);
    }

    bool joined() { return client->status().state == SessionLinkState::Joined; }
    bool hasPin(uint64_t id) { return client->state().annotations().count(id) == 1; }

    void joinFirst() {
        startClient(clientOptions(hub));
        ASSERT_TRUE(serveUntilClient([&] { return joined(); })) << client->status().lastError;
    }
};

TEST_F(SessionClientFakeHub, JoinsLoadsTheSnapshotAndAppliesEvents) {
    hub.snapshot.annotations.push_back(pin(1, "from the snapshot").annotation);
    hub.snapshot.sequence = 10;
    startClient(clientOptions(hub));
    EXPECT_EQ(client->status().state, SessionLinkState::Connecting);
    ASSERT_TRUE(serveUntilClient([&] { return joined(); })) << client->status().lastError;
    EXPECT_TRUE(sawReset);
    EXPECT_TRUE(hasPin(1));
    SessionClientStatus s = client->status();
    EXPECT_EQ(s.joins, 1u);
    EXPECT_EQ(s.epoch, 5u);
    EXPECT_EQ(s.colour, 0x336699u);
    EXPECT_EQ(s.user, "ada");
    EXPECT_EQ(hub.joins, 1);

    hub.emit(pin(2, "live"));
    ASSERT_TRUE(serveUntilClient([&] { return hasPin(2); }));
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().annotation.text, "live");
    EXPECT_EQ(client->status().sequence, 11u);
    EXPECT_EQ(client->status().resyncs, 0u);
    // Pings measure the round trip (the fake hub answers at once).
    EXPECT_TRUE(serveUntilClient([&] { return client->status().hubRttMs > 0.0f; }));
}

TEST_F(SessionClientFakeHub, AMissedEventTriggersANewSnapshot) {
    joinFirst();
    int requestsBefore = hub.snapshotRequests;
    hub.emit(pin(1, "lost on the way"), /*lost=*/true);
    hub.emit(pin(2, "arrives"));
    ASSERT_TRUE(serveUntilClient([&] { return hasPin(1) && hasPin(2); })) << client->status().lastError;
    EXPECT_GT(hub.snapshotRequests, requestsBefore);
    EXPECT_GE(client->status().resyncs, 1u);
    EXPECT_EQ(client->status().sequence, 2u);

    // A lost last event shows in the next heartbeat.
    hub.emit(pin(3, "lost at the tail"), /*lost=*/true);
    ASSERT_TRUE(serveUntilClient([&] { return hasPin(3); })) << client->status().lastError;
    EXPECT_GE(client->status().resyncs, 2u);
    EXPECT_EQ(client->status().joins, 1u) << "a gap is not a rejoin";
}

TEST_F(SessionClientFakeHub, AnotherEpochMeansRejoinAndPendingRequestsFail) {
    joinFirst();
    SessionRequest req;
    req.kind = SessionRequestKind::StopLead;
    uint64_t id = client->request(req);
    ASSERT_TRUE(hub.serveUntil([&] { return !hub.requests.empty(); }));
    EXPECT_EQ(hub.requests[0].second.requestId, id);
    // The hub "restarts": a new epoch, and it never answers the request.
    hub.epoch = 6;
    hub.snapshot.sequence = 0;
    hub.snapshot.annotations.push_back(pin(7, "after restart").annotation);
    ASSERT_TRUE(serveUntilClient([&] { return client->status().joins == 2 && joined(); }))
        << client->status().lastError;
    EXPECT_EQ(hub.joins, 2);
    EXPECT_NE(hub.routingIds[0], hub.routingIds[1]) << "a rejoin uses a fresh socket";
    EXPECT_EQ(client->status().epoch, 6u);
    EXPECT_TRUE(hasPin(7));
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].requestId, id);
    EXPECT_EQ(replies[0].status, ReplyStatus::Failed);
    EXPECT_EQ(replies[0].reason, "hub connection lost");
}

TEST_F(SessionClientFakeHub, NotJoinedReplyMeansRejoin) {
    joinFirst();
    SessionRequest req;
    req.kind = SessionRequestKind::Lead;
    client->request(req);
    ASSERT_TRUE(hub.serveUntil([&] { return !hub.requests.empty(); }));
    hub.send(hub.requests[0].first, ReplyMsg{hub.requests[0].second.requestId, ReplyStatus::Invalid, "not joined", 0});
    ASSERT_TRUE(serveUntilClient([&] { return client->status().joins == 2 && joined(); }));
    EXPECT_EQ(hub.joins, 2);
}

TEST_F(SessionClientFakeHub, HubSilenceMeansLostThenBack) {
    joinFirst();
    hub.heartbeats = false;
    ASSERT_TRUE(serveUntilClient([&] { return client->status().state == SessionLinkState::Lost; }));
    EXPECT_NE(client->status().lastError.find("no word from the hub"), std::string::npos) << client->status().lastError;
    hub.heartbeats = true;
    ASSERT_TRUE(serveUntilClient([&] { return joined(); }));
    EXPECT_EQ(client->status().joins, 2u);
}

TEST_F(SessionClientFakeHub, ARefusedJoinIsFinal) {
    hub.refuseWith = "unknown key";
    startClient(clientOptions(hub));
    ASSERT_TRUE(serveUntilClient([&] { return client->status().state == SessionLinkState::Refused; }));
    EXPECT_NE(client->status().lastError.find("unknown key"), std::string::npos) << client->status().lastError;
    SessionRequest req;
    req.kind = SessionRequestKind::Lead;
    uint64_t id = client->request(req);
    ASSERT_TRUE(serveUntilClient([&] { return !replies.empty(); }));
    EXPECT_EQ(replies[0].requestId, id);
    EXPECT_EQ(replies[0].status, ReplyStatus::Failed);
    hub.serveFor(700ms); // several join retry intervals
    EXPECT_EQ(hub.joins, 1) << "no retries after a refusal";
    EXPECT_EQ(client->status().state, SessionLinkState::Refused);
}

TEST_F(SessionClientFakeHub, RequestsAndCommandsGetAnswersLocalOrRemote) {
    joinFirst();
    SessionRequest req;
    req.kind = SessionRequestKind::DeleteAnnotation;
    req.annotationId = 4;
    uint64_t reqId = client->request(req);
    OwnedCommandArg arg{"rpm", OwnedValue{}};
    arg.value.number = 1200.0;
    uint64_t answered = client->sendCommand("pump-1", "set", std::span(&arg, 1), 5000);
    uint64_t ignored = client->sendCommand("pump-2", "stop", {}, 100);
    EXPECT_NE(reqId, answered);
    ASSERT_TRUE(hub.serveUntil([&] { return hub.requests.size() == 1 && hub.commands.size() == 2; }));
    EXPECT_EQ(hub.requests[0].second.request.annotationId, 4u);
    EXPECT_EQ(hub.commands[0].second.target, "pump-1");
    ASSERT_EQ(hub.commands[0].second.args.size(), 1u);
    EXPECT_EQ(hub.commands[0].second.args[0].value.number, 1200.0);
    hub.send(hub.requests[0].first, ReplyMsg{reqId, ReplyStatus::Denied, "observers may view and point only", 0});
    hub.send(hub.commands[0].first, CommandReplyMsg{answered, CommandOutcome::Rejected, "interlock"});

    std::vector<CommandResult> results;
    ASSERT_TRUE(serveUntilClient([&] {
        client->takeCommandResults(results);
        return !replies.empty() && results.size() == 2;
    })) << "the unanswered command times out locally (timeout + grace)";
    EXPECT_EQ(replies[0].status, ReplyStatus::Denied);
    EXPECT_EQ(replies[0].reason, "observers may view and point only");
    EXPECT_EQ(results[0].commandId, answered);
    EXPECT_EQ(results[0].outcome, CommandOutcome::Rejected);
    EXPECT_EQ(results[0].reason, "interlock");
    EXPECT_GT(results[0].roundTripMs, 0.0);
    EXPECT_EQ(results[1].commandId, ignored);
    EXPECT_EQ(results[1].outcome, CommandOutcome::TimedOut);

    // Invalid input never leaves: answered at once.
    SessionRequest bad;
    bad.kind = SessionRequestKind::EditAnnotation;
    bad.annotationId = 1;
    bad.text = std::string(kSessionMaxTextBytes + 1, 'x');
    uint64_t badId = client->request(bad);
    pollClient();
    ASSERT_FALSE(replies.empty());
    EXPECT_EQ(replies.back().requestId, badId);
    EXPECT_EQ(replies.back().status, ReplyStatus::Invalid);
}

TEST_F(SessionClientFakeHub, PresenceIsPacedFilledInAndFiltered) {
    SessionClientOptions o = clientOptions(hub);
    o.presenceHz = 60.0;
    o.device = DeviceKind::Xr;
    startClient(o);
    PresenceRecord mine;
    mine.head.position = vec3(1.0f, 1.7f, 2.0f);
    mine.selectionPath = "/plant/pump-1";
    client->setPresence(mine);
    PresenceRecord broken = mine;
    broken.head.orientation = quat(2.0f, 0.0f, 0.0f, 0.0f); // not unit length: refused, the previous one stays
    client->setPresence(broken);
    ASSERT_TRUE(serveUntilClient([&] { return joined(); }));

    // Count what reaches the hub over one second.
    std::vector<PresenceRecord> got;
    auto until = std::chrono::steady_clock::now() + 1000ms;
    while (std::chrono::steady_clock::now() < until) {
        hub.heartbeat();
        if (auto r = hub.receive(5ms, /*wantPresence=*/true)) {
            if (r->presence)
                got.push_back(*r->presence);
            else
                hub.handle(*r);
        }
    }
    EXPECT_GE(got.size(), 45u) << "60 Hz requested";
    EXPECT_LE(got.size(), 75u);
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got[0].userId, "ada");
    EXPECT_EQ(got[0].device, DeviceKind::Xr);
    EXPECT_EQ(got[0].head.position, mine.head.position);
    EXPECT_EQ(got[0].selectionPath, "/plant/pump-1");
    for (size_t i = 1; i < got.size(); ++i) EXPECT_GT(got[i].sequence, got[i - 1].sequence);

    // Peers: ours relayed back is dropped; an older record of a peer is dropped.
    PresenceRecord bob;
    bob.userId = "bob";
    bob.sequence = 100;
    hub.publishPresence("plant", got.back());
    hub.publishPresence("plant", bob);
    bob.sequence = 99;
    hub.publishPresence("plant", bob);
    bob.sequence = 101;
    hub.publishPresence("plant", bob);
    ASSERT_TRUE(serveUntilClient([&] { return presence.size() >= 2; }));
    hub.serveFor(100ms);
    pollClient();
    ASSERT_EQ(presence.size(), 2u);
    EXPECT_EQ(presence[0].record.sequence, 100u);
    EXPECT_EQ(presence[1].record.sequence, 101u);
    EXPECT_GT(presence[1].receivedUs, 0u);
    EXPECT_EQ(client->status().presenceReceived, 2u);
    EXPECT_GE(client->status().presenceSent, got.size());
}

TEST_F(SessionClientFakeHub, MalformedTrafficIsCountedAndTheClientKeepsGoing) {
    joinFirst();
    const std::string id = hub.routingIds.back();
    const uint8_t garbage[] = {'T', 'V', 'S', 'S', 1, 99, 0, 0};
    const uint8_t noise[] = {0xde, 0xad, 0xbe, 0xef};
    uint64_t before = client->status().malformed;
    hub.sendRaw(id, garbage);                                                        // unknown kind
    hub.send(id, JoinMsg{"plant", "mallory", std::nullopt, DeviceKind::Desktop, 1}); // wrong direction
    hub.publishRaw(sessionEventsTopic("plant"), noise);                              // not a message
    hub.publishRaw(sessionPresenceTopic("plant"), garbage);                          // not a presence record
    hub.publish("plant", HeartbeatMsg{"other", hub.epoch, 0, 0, {}});                // another session's heartbeat
    hub.publish("plant", PingMsg{1, 0.0f});                                          // not an event
    ASSERT_TRUE(serveUntilClient([&] { return client->status().malformed >= before + 6; }))
        << client->status().malformed;
    EXPECT_FALSE(client->status().lastError.empty());
    // Still joined and still applying.
    hub.emit(pin(3, "after the noise"));
    ASSERT_TRUE(serveUntilClient([&] { return hasPin(3); }));
    EXPECT_EQ(client->status().state, SessionLinkState::Joined);
    EXPECT_EQ(client->status().joins, 1u);
}

TEST_F(SessionClientFakeHub, DestroySendsLeaveUnlessSimulatingACrash) {
    joinFirst();
    client.reset();
    ASSERT_TRUE(hub.serveUntil([&] { return hub.leaves == 1; }, 3000ms));

    SessionClientOptions o = clientOptions(hub, "bob");
    o.skipLeaveOnDestroy = true;
    startClient(o);
    ASSERT_TRUE(serveUntilClient([&] { return joined(); }));
    client.reset();
    hub.serveFor(300ms);
    EXPECT_EQ(hub.leaves, 1) << "a simulated crash says nothing";
}

TEST(SessionClientOptionsCheck, BadOptionsAreRefusedAtStart) {
    zmq::context_t context;
    SessionClientOptions o;
    o.hubEndpoint = "tcp://127.0.0.1:1";
    o.session = "bad name!";
    o.user = "ada";
    EXPECT_FALSE(SessionClient::start(context, o).hasValue());
    o.session = "plant";
    o.user = "";
    EXPECT_FALSE(SessionClient::start(context, o).hasValue());
    o.user = "ada";
    o.presenceHz = 10.0;
    EXPECT_FALSE(SessionClient::start(context, o).hasValue());
    o.presenceHz = 60.0;
    o.hubEndpoint = "nonsense";
    auto r = SessionClient::start(context, o);
    ASSERT_FALSE(r.hasValue());
    EXPECT_NE(r.error().message.find("nonsense"), std::string::npos) << r.error().message;
    o.hubEndpoint = "tcp://127.0.0.1:1";
    o.curve.serverKey = "short";
    EXPECT_FALSE(SessionClient::start(context, o).hasValue());
}

} // namespace
} // namespace tv::net
