// SessionHub under hostile input, restarts, CURVE and relayed commands: malformed frames are counted and the hub
// keeps serving; a restart on the same database and ports has a new epoch and the same annotations, viewpoints
// and colours; with CURVE only allow-listed keys get in, as the allow list's user; commands reach a real twin
// feed (the plant simulator) through the relay and are audited.
#include "hub_test_util.h"

#include "net/security/curve_keys.h"
#include "net/session/session_store.h"
#include "net/sim/plant_simulator.h"

#include <random>

using namespace tv;
using namespace tv::net;
using namespace tv::test;

namespace {

std::unique_ptr<SessionHub> startOrFail(zmq::context_t& ctx, HubOptions o) {
    auto started = SessionHub::start(ctx, std::move(o));
    EXPECT_TRUE(started.hasValue()) << started.error().message;
    return started ? std::move(*started) : nullptr;
}

// A port whose three successors are likely free too: ask the OS for an ephemeral one.
uint16_t freePort(zmq::context_t& ctx) {
    zmq::socket_t probe(ctx, zmq::socket_type::router);
    probe.set(zmq::sockopt::linger, 0);
    probe.bind("tcp://127.0.0.1:*");
    const std::string ep = probe.get(zmq::sockopt::last_endpoint);
    return uint16_t(std::stoi(ep.substr(ep.rfind(':') + 1)));
}

} // namespace

TEST(HubRobustness, MalformedFramesAreCountedAndTheHubStillServes) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    auto hub = startOrFail(ctx, hubOptions(dir.file("hub.sqlite")));
    ASSERT_TRUE(hub);
    RawViewer member(ctx, hub->endpoints());
    ASSERT_TRUE(member.join("plant", "alice", Role::Operator).accepted);

    RawViewer stranger(ctx, hub->endpoints());
    std::mt19937 rng(7);
    uint64_t sent = 0;
    for (int i = 0; i < 50; ++i) { // random bytes, some with a session magic in front
        std::vector<uint8_t> junk(size_t(rng() % 200 + 1));
        for (auto& b : junk) b = uint8_t(rng());
        if (i % 2 == 0 && junk.size() > 6) std::memcpy(junk.data(), "TVSS\x01", 5);
        stranger.sendRaw(junk);
        ++sent;
    }
    std::vector<uint8_t> join = encodeMsg(JoinMsg{"plant", "eve", std::nullopt, DeviceKind::Desktop, 9});
    join.resize(join.size() - 3); // truncated join: refused with the reason, not silently dropped
    stranger.sendRaw(join);
    ++sent;
    auto refusal = stranger.expect<JoinReplyMsg>();
    ASSERT_TRUE(refusal.has_value());
    EXPECT_FALSE(refusal->accepted);
    EXPECT_NE(refusal->reason.find("malformed join"), std::string::npos);
    member.send(PongMsg{1}); // a hub-only kind sent to the hub
    ++sent;
    // A three-frame message.
    stranger.dealer().send(zmq::str_buffer("a"), zmq::send_flags::sndmore);
    stranger.dealer().send(zmq::str_buffer("b"), zmq::send_flags::none);
    ++sent;
    // Presence garbage from a joined member.
    std::vector<uint8_t> presence = presenceBytes("alice", 1);
    presence.back() ^= 0xff;
    presence.push_back(0);
    member.sendRaw(presence);
    ++sent;
    EXPECT_TRUE(waitFor([&] { return hub->counters().malformed >= sent; }))
        << "malformed " << hub->counters().malformed << " of " << sent;

    // Oversize: libzmq drops the sender's connection (ZMQ_MAXMSGSIZE) before the hub sees a byte.
    RawViewer huge(ctx, hub->endpoints());
    huge.sendRaw(std::vector<uint8_t>(kSessionMaxMessageBytes + 100, 0x41));

    // Still serving: the member's requests work and a newcomer can join.
    EXPECT_EQ(member.request(1, createAnnotation("still here")).status, ReplyStatus::Ok);
    RawViewer late(ctx, hub->endpoints());
    EXPECT_TRUE(late.join("plant", "bob", Role::Observer).accepted);
    EXPECT_EQ(hub->counters().joins, 2u);
}

TEST(HubRobustness, PresenceFloodIsThrottled) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    HubOptions o = hubOptions(dir.file("hub.sqlite"));
    o.maxPresencePerSecond = 20;
    auto hub = startOrFail(ctx, o);
    ASSERT_TRUE(hub);
    RawViewer alice(ctx, hub->endpoints());
    ASSERT_TRUE(alice.join("plant", "alice", Role::Observer).accepted);
    for (uint64_t i = 1; i <= 200; ++i) alice.sendRaw(presenceBytes("alice", i));
    EXPECT_TRUE(waitFor([&] { return hub->counters().presenceIn + hub->counters().presenceThrottled == 200; }));
    EXPECT_GT(hub->counters().presenceThrottled, 0u);
    EXPECT_LE(hub->counters().presenceIn, 200u - hub->counters().presenceThrottled);
}

TEST(HubRobustness, RestartKeepsStateWithANewEpoch) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    std::unique_ptr<SessionHub> hub;
    HubOptions o = hubOptions(dir.file("hub.sqlite"));
    for (int attempt = 0; attempt < 5 && !hub; ++attempt) {
        o.port = freePort(ctx);
        auto started = SessionHub::start(ctx, o);
        if (started) hub = std::move(*started);
    }
    ASSERT_TRUE(hub) << "no free port run found";
    const uint32_t firstEpoch = hub->epoch();
    const std::string control = hub->endpoints().control;
    EXPECT_EQ(control, "tcp://127.0.0.1:" + std::to_string(o.port));
    EXPECT_EQ(hub->endpoints().events, "tcp://127.0.0.1:" + std::to_string(o.port + 1));

    uint64_t annotationId = 0;
    uint32_t aliceColour = 0;
    {
        RawViewer alice(ctx, hub->endpoints());
        JoinReplyMsg joined = alice.join("plant", "alice", Role::Presenter);
        ASSERT_TRUE(joined.accepted);
        aliceColour = joined.colour;
        annotationId = alice.request(1, createAnnotation("survives restarts")).createdId;
        ASSERT_GT(annotationId, 0u);
        ASSERT_EQ(alice.request(2, viewpointRequest(SessionRequestKind::SaveViewpoint, "entrance")).status,
                  ReplyStatus::Ok);
        RawViewer bob(ctx, hub->endpoints());
        ASSERT_TRUE(bob.join("plant", "bob", Role::Operator).accepted);
    }
    hub.reset();

    hub = startOrFail(ctx, o);
    ASSERT_TRUE(hub);
    EXPECT_NE(hub->epoch(), firstEpoch);
    EXPECT_EQ(hub->endpoints().control, control);
    RawViewer alice(ctx, hub->endpoints());
    JoinReplyMsg joined = alice.join("plant", "alice", Role::Presenter);
    ASSERT_TRUE(joined.accepted);
    EXPECT_EQ(joined.epoch, hub->epoch());
    EXPECT_EQ(joined.colour, aliceColour) << "a returning user keeps the colour";
    alice.send(SnapshotRequestMsg{});
    auto snap = alice.expect<SessionSnapshotMsg>();
    ASSERT_TRUE(snap.has_value());
    ASSERT_EQ(snap->annotations.size(), 1u);
    EXPECT_EQ(snap->annotations[0].id, annotationId);
    EXPECT_EQ(snap->annotations[0].text, "survives restarts");
    ASSERT_EQ(snap->viewpoints.size(), 1u);
    EXPECT_EQ(snap->viewpoints[0].name, "entrance");
    EXPECT_EQ(snap->members.size(), 2u) << "membership persists";
    EXPECT_EQ(snap->online, std::vector<std::string>{"alice"});
    EXPECT_EQ(snap->sequence, 1u) << "a new epoch numbers its events from 1 (alice's join)";
    for (const Member& m : snap->members)
        if (m.user == "bob") { EXPECT_NE(m.colour, aliceColour) << "members get distinct colours"; }
}

TEST(HubRobustness, CurveAdmitsOnlyAllowListedKeysAsTheirUser) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    auto hubKeys = generateCurveKeyPair();
    auto aliceKeys = generateCurveKeyPair();
    auto strangerKeys = generateCurveKeyPair();
    ASSERT_TRUE(hubKeys && aliceKeys && strangerKeys);
    HubOptions o = hubOptions(dir.file("hub.sqlite"));
    o.curve.secretKey = hubKeys->secretKey;
    o.allow[aliceKeys->publicKey] = AllowedKey{"alice", "operator"};
    auto hub = startOrFail(ctx, o);
    ASSERT_TRUE(hub);

    CurveClientOptions aliceCurve{aliceKeys->publicKey, aliceKeys->secretKey, hubKeys->publicKey};
    RawViewer alice(ctx, hub->endpoints(), aliceCurve);
    JoinReplyMsg joined = alice.join("plant", "mallory", Role::Presenter);
    ASSERT_TRUE(joined.accepted) << joined.reason;
    EXPECT_EQ(joined.user, "alice") << "the key decides who joins, not the message";
    EXPECT_EQ(joined.role, Role::Operator) << "capped at the allow list's role";

    CurveClientOptions strangerCurve{strangerKeys->publicKey, strangerKeys->secretKey, hubKeys->publicKey};
    RawViewer stranger(ctx, hub->endpoints(), strangerCurve);
    stranger.send(JoinMsg{"plant", "stranger", std::nullopt, DeviceKind::Desktop, 5});
    stranger.send(PingMsg{1, 0.0f});
    EXPECT_FALSE(stranger.receive(1500ms).has_value()) << "an unknown key gets nothing through";
    RawViewer plain(ctx, hub->endpoints()); // no CURVE at all
    plain.send(PingMsg{1, 0.0f});
    EXPECT_FALSE(plain.receive(500ms).has_value());
    EXPECT_EQ(hub->counters().joins, 1u);
    EXPECT_EQ(hub->counters().malformed, 0u);
}

TEST(HubRobustness, CommandsReachTheTwinThroughTheRelayAndAreAudited) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    sim::SimulatorOptions so;
    so.bind = {"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"};
    so.quiet = true;
    auto plant = sim::PlantSimulator::start(ctx, so);
    ASSERT_TRUE(plant.hasValue()) << plant.error().message;
    HubOptions o = hubOptions(dir.file("hub.sqlite"));
    o.upstreamFeed = (*plant)->endpoints();
    auto hub = startOrFail(ctx, o);
    ASSERT_TRUE(hub);
    EXPECT_FALSE(hub->endpoints().feed.updates.empty());
    EXPECT_FALSE(hub->endpoints().feed.snapshot.empty());
    EXPECT_TRUE(hub->endpoints().feed.commands.empty()) << "commands go through the control socket";

    RawViewer op(ctx, hub->endpoints());
    JoinReplyMsg joined = op.join("plant", "oscar", Role::Operator);
    ASSERT_TRUE(joined.accepted);
    EXPECT_EQ(joined.feedUpdates, hub->endpoints().feed.updates);
    EXPECT_EQ(joined.feedSnapshot, hub->endpoints().feed.snapshot);

    op.send(CommandMsg{1, 5000, "pump-1", "stop", {}});
    auto accepted = op.expect<CommandReplyMsg>();
    ASSERT_TRUE(accepted.has_value());
    EXPECT_EQ(accepted->requestId, 1u);
    EXPECT_EQ(accepted->outcome, CommandOutcome::Accepted) << accepted->reason;

    CommandMsg bad{2, 5000, "pump-1", "set", {{"speed", OwnedValue::from(Value::makeNumber(99999.0))}}};
    op.send(bad);
    auto rejected = op.expect<CommandReplyMsg>();
    ASSERT_TRUE(rejected.has_value());
    EXPECT_EQ(rejected->requestId, 2u);
    EXPECT_EQ(rejected->outcome, CommandOutcome::Rejected);
    EXPECT_FALSE(rejected->reason.empty());
    EXPECT_EQ(hub->counters().commands, 2u);

    hub.reset();
    auto store = SessionStore::open(dir.file("hub.sqlite"));
    ASSERT_TRUE(store.hasValue());
    auto audit = (*store)->listAudit("plant", 100);
    ASSERT_TRUE(audit.hasValue());
    std::vector<AuditEntry> commands;
    for (const AuditEntry& e : *audit)
        if (e.action == "command") commands.push_back(e);
    ASSERT_EQ(commands.size(), 2u);
    EXPECT_EQ(commands[0].user, "oscar");
    EXPECT_EQ(commands[0].target, "pump-1");
    EXPECT_EQ(commands[0].detail, "stop");
    EXPECT_EQ(commands[0].result, "accepted");
    EXPECT_EQ(commands[1].detail, "set speed=99999");
    EXPECT_EQ(commands[1].result, "rejected: " + rejected->reason);
}
