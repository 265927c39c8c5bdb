// SessionHub over loopback with raw DEALER/SUB viewers: joins and role capping, refusals, snapshot + events
// convergence, the annotation lifecycle with authorship rules, role denials, follow/gather, presence relay and
// spoof rejection, and silent members timing out.
#include "hub_test_util.h"

#include "net/session/session_store.h"

#include <algorithm>

using namespace tv;
using namespace tv::net;
using namespace tv::test;

namespace {

struct HubFixture : ::testing::Test {
    zmq::context_t ctx{1};
    HubTempDir dir;
    std::unique_ptr<SessionHub> hub;

    void startHub(HubOptions o) {
        auto started = SessionHub::start(ctx, std::move(o));
        ASSERT_TRUE(started.hasValue()) << started.error().message;
        hub = std::move(*started);
    }
    void startHub() { startHub(hubOptions(dir.file("hub.sqlite"))); }
};

} // namespace

TEST_F(HubFixture, JoinIsAcceptedWithCappedRole) {
    HubOptions o = hubOptions(dir.file("hub.sqlite"));
    o.maxKeylessRole = Role::Operator;
    o.defaultRole = Role::Observer;
    startHub(o);
    RawViewer alice(ctx, hub->endpoints());
    JoinReplyMsg reply = alice.join("plant", "alice", Role::Presenter, DeviceKind::Xr);
    EXPECT_TRUE(reply.accepted) << reply.reason;
    EXPECT_EQ(reply.user, "alice");
    EXPECT_EQ(reply.role, Role::Operator) << "a keyless joiner gets at most maxKeylessRole";
    EXPECT_EQ(reply.epoch, hub->epoch());
    EXPECT_NE(reply.epoch, 0u);
    EXPECT_EQ(reply.eventsEndpoint, hub->endpoints().events);
    EXPECT_TRUE(reply.feedUpdates.empty()) << "no feed configured";
    EXPECT_EQ(reply.presenceTimeoutMs, 5000u);

    RawViewer bob(ctx, hub->endpoints());
    reply = bob.join("plant", "bob", std::nullopt);
    EXPECT_TRUE(reply.accepted);
    EXPECT_EQ(reply.role, Role::Observer) << "no role requested: the default";
    EXPECT_NE(reply.colour, 0u);
    auto joined = alice.nextEventOfKind(SessionEventKind::MemberJoined);
    ASSERT_TRUE(joined.has_value());
    EXPECT_EQ(joined->event.member.user, "bob");
    EXPECT_NE(joined->event.member.colour, 0u);
    EXPECT_EQ(hub->counters().joins, 2u);
}

TEST_F(HubFixture, BadSessionNameIsRefusedWithAReason) {
    startHub();
    RawViewer v(ctx, hub->endpoints());
    // The encoder refuses a bad session name, so forge one: "plant_1" with the '_' turned into a space.
    std::vector<uint8_t> bytes = encodeMsg(JoinMsg{"plant_1", "alice", std::nullopt, DeviceKind::Desktop, 1});
    bytes[8 + 5] = ' ';
    v.sendRaw(bytes);
    auto reply = v.expect<JoinReplyMsg>();
    ASSERT_TRUE(reply.has_value());
    EXPECT_FALSE(reply->accepted);
    EXPECT_NE(reply->reason.find("session"), std::string::npos) << reply->reason;
    EXPECT_EQ(hub->counters().refusedJoins, 1u);
    EXPECT_EQ(hub->counters().joins, 0u);
}

TEST_F(HubFixture, NotJoinedPeersAreToldSo) {
    startHub();
    RawViewer v(ctx, hub->endpoints());
    v.send(RequestMsg{5, createAnnotation("hello")});
    auto reply = v.expect<ReplyMsg>();
    ASSERT_TRUE(reply.has_value());
    EXPECT_EQ(reply->requestId, 5u);
    EXPECT_EQ(reply->status, ReplyStatus::Invalid);
    EXPECT_EQ(reply->reason, "not joined");
    v.send(PingMsg{777, 0.0f}); // pings work without joining
    auto pong = v.expect<PongMsg>();
    ASSERT_TRUE(pong.has_value());
    EXPECT_EQ(pong->clientTimeUs, 777u);
}

TEST_F(HubFixture, SnapshotAndEventsConverge) {
    startHub();
    RawViewer alice(ctx, hub->endpoints());
    ASSERT_TRUE(alice.join("plant", "alice", Role::Operator).accepted);
    ReplyMsg created = alice.request(1, createAnnotation("check the seal"));
    ASSERT_EQ(created.status, ReplyStatus::Ok) << created.reason;
    EXPECT_GT(created.createdId, 0u);
    ASSERT_EQ(alice.request(2, viewpointRequest(SessionRequestKind::SaveViewpoint, "overview")).status,
              ReplyStatus::Ok);

    // A late joiner: snapshot first, then events continue from its sequence.
    RawViewer bob(ctx, hub->endpoints());
    ASSERT_TRUE(bob.join("plant", "bob", Role::Operator).accepted);
    bob.send(SnapshotRequestMsg{});
    auto snap = bob.expect<SessionSnapshotMsg>();
    ASSERT_TRUE(snap.has_value());
    EXPECT_EQ(snap->session, "plant");
    EXPECT_EQ(snap->epoch, hub->epoch());
    ASSERT_EQ(snap->annotations.size(), 1u);
    EXPECT_EQ(snap->annotations[0].id, created.createdId);
    EXPECT_EQ(snap->annotations[0].text, "check the seal");
    EXPECT_EQ(snap->annotations[0].author, "alice");
    ASSERT_EQ(snap->viewpoints.size(), 1u);
    EXPECT_EQ(snap->viewpoints[0].name, "overview");
    EXPECT_EQ(snap->viewpoints[0].author, "alice");
    EXPECT_EQ(snap->members.size(), 2u);
    std::vector<std::string> online = snap->online;
    std::sort(online.begin(), online.end());
    EXPECT_EQ(online, (std::vector<std::string>{"alice", "bob"}));
    // alice joined (1), annotation (2), viewpoint (3), bob joined (4).
    EXPECT_EQ(snap->sequence, 4u);

    ASSERT_EQ(
        alice.request(3, annotationRequest(SessionRequestKind::EditAnnotation, created.createdId, "seal ok")).status,
        ReplyStatus::Ok);
    auto edited = bob.nextEventOfKind(SessionEventKind::AnnotationUpserted);
    ASSERT_TRUE(edited.has_value());
    EXPECT_EQ(edited->sequence, snap->sequence + 1) << "the next event follows the snapshot without a gap";
    EXPECT_EQ(edited->event.annotation.text, "seal ok");
    EXPECT_EQ(edited->event.by, "alice");
    // Heartbeats carry the last sequence, so a viewer that missed the event would know.
    auto hb = bob.nextEvent<HeartbeatMsg>();
    ASSERT_TRUE(hb.has_value());
    EXPECT_EQ(hb->sequence, edited->sequence);
    EXPECT_EQ(hb->latencies.size(), 2u);
}

TEST_F(HubFixture, AnnotationLifecycleFollowsAuthorship) {
    startHub();
    RawViewer alice(ctx, hub->endpoints()), bob(ctx, hub->endpoints()), carol(ctx, hub->endpoints());
    ASSERT_TRUE(alice.join("plant", "alice", Role::Operator).accepted);
    ASSERT_TRUE(bob.join("plant", "bob", Role::Operator).accepted);
    ASSERT_TRUE(carol.join("plant", "carol", Role::Presenter).accepted);
    const uint64_t id = alice.request(1, createAnnotation("valve sticks")).createdId;
    ASSERT_GT(id, 0u);

    ReplyMsg r = bob.request(2, annotationRequest(SessionRequestKind::EditAnnotation, id, "mine now"));
    EXPECT_EQ(r.status, ReplyStatus::Denied);
    EXPECT_EQ(r.reason, denialReason(Role::Operator, SessionAction::EditOthersAnnotation));
    EXPECT_EQ(bob.request(3, annotationRequest(SessionRequestKind::ResolveAnnotation, id)).status, ReplyStatus::Ok);
    auto resolved = alice.nextEvent<EventMsg>([](const EventMsg& e) {
        return e.event.kind == SessionEventKind::AnnotationUpserted && e.event.annotation.resolved;
    });
    ASSERT_TRUE(resolved.has_value());
    EXPECT_EQ(resolved->event.annotation.resolvedBy, "bob");
    r = bob.request(4, annotationRequest(SessionRequestKind::DeleteAnnotation, id));
    EXPECT_EQ(r.status, ReplyStatus::Denied);
    EXPECT_EQ(r.reason, denialReason(Role::Operator, SessionAction::DeleteAnnotation));
    EXPECT_EQ(alice.request(5, annotationRequest(SessionRequestKind::ReopenAnnotation, id)).status, ReplyStatus::Ok);
    EXPECT_EQ(alice.request(6, annotationRequest(SessionRequestKind::EditAnnotation, id, "valve fixed")).status,
              ReplyStatus::Ok);
    EXPECT_EQ(carol.request(7, annotationRequest(SessionRequestKind::EditAnnotation, id, "presenter edit")).status,
              ReplyStatus::Ok)
        << "the presenter may edit anyone's annotation";
    EXPECT_EQ(alice.request(8, annotationRequest(SessionRequestKind::EditAnnotation, id, "")).status,
              ReplyStatus::Invalid);
    EXPECT_EQ(alice.request(9, annotationRequest(SessionRequestKind::DeleteAnnotation, id)).status, ReplyStatus::Ok);
    auto deleted = bob.nextEventOfKind(SessionEventKind::AnnotationDeleted);
    ASSERT_TRUE(deleted.has_value());
    EXPECT_EQ(deleted->event.annotationId, id);
    r = alice.request(10, annotationRequest(SessionRequestKind::EditAnnotation, id, "gone?"));
    EXPECT_EQ(r.status, ReplyStatus::Invalid);
    EXPECT_NE(r.reason.find("does not exist"), std::string::npos);
    EXPECT_EQ(hub->counters().denied, 2u);

    // The audit log has every request with its outcome.
    hub.reset();
    auto store = SessionStore::open(dir.file("hub.sqlite"));
    ASSERT_TRUE(store.hasValue());
    auto audit = (*store)->listAudit("plant", 100);
    ASSERT_TRUE(audit.hasValue());
    size_t deniedRows = 0, okRows = 0;
    for (const AuditEntry& e : *audit) {
        if (e.result.rfind("denied: ", 0) == 0) ++deniedRows;
        if (e.result == "ok" && e.action != "join") ++okRows;
    }
    EXPECT_EQ(deniedRows, 2u);
    EXPECT_GE(okRows, 6u);
}

TEST_F(HubFixture, RolesAreEnforcedWithReasons) {
    startHub();
    RawViewer obs(ctx, hub->endpoints()), op(ctx, hub->endpoints());
    ASSERT_TRUE(obs.join("plant", "olga", Role::Observer).accepted);
    ASSERT_TRUE(op.join("plant", "oscar", Role::Operator).accepted);

    ReplyMsg r = obs.request(1, createAnnotation("can I?"));
    EXPECT_EQ(r.status, ReplyStatus::Denied);
    EXPECT_EQ(r.reason, "observers may view and point only");
    r = obs.request(2, viewpointRequest(SessionRequestKind::SaveViewpoint, "mine"));
    EXPECT_EQ(r.status, ReplyStatus::Denied);

    obs.send(CommandMsg{3, 1000, "pump-1", "stop", {}});
    auto cmd = obs.expect<CommandReplyMsg>();
    ASSERT_TRUE(cmd.has_value());
    EXPECT_EQ(cmd->requestId, 3u);
    EXPECT_EQ(cmd->outcome, CommandOutcome::Rejected);
    EXPECT_EQ(cmd->reason, "denied: observers may view and point only");

    SessionRequest lead;
    lead.kind = SessionRequestKind::Lead;
    r = op.request(4, lead);
    EXPECT_EQ(r.status, ReplyStatus::Denied);
    EXPECT_EQ(r.reason, "only the presenter may lead the session");
    SessionRequest gather = viewpointRequest(SessionRequestKind::Gather, "");
    r = op.request(5, gather);
    EXPECT_EQ(r.status, ReplyStatus::Denied);

    // An operator's command without a feed: allowed, but there is nowhere to send it.
    op.send(CommandMsg{6, 1000, "pump-1", "stop", {}});
    cmd = op.expect<CommandReplyMsg>();
    ASSERT_TRUE(cmd.has_value());
    EXPECT_EQ(cmd->outcome, CommandOutcome::NotSent);
    EXPECT_EQ(cmd->reason, "the hub has no twin feed");
    EXPECT_EQ(hub->counters().denied, 5u);
}

TEST_F(HubFixture, FollowAndGather) {
    startHub();
    RawViewer lead(ctx, hub->endpoints()), follower(ctx, hub->endpoints());
    ASSERT_TRUE(lead.join("plant", "paula", Role::Presenter).accepted);
    ASSERT_TRUE(follower.join("plant", "fred", Role::Observer).accepted);

    SessionRequest req;
    req.kind = SessionRequestKind::Lead;
    ASSERT_EQ(lead.request(1, req).status, ReplyStatus::Ok);
    auto follow = follower.nextEventOfKind(SessionEventKind::FollowChanged);
    ASSERT_TRUE(follow.has_value());
    EXPECT_EQ(follow->event.leader, "paula");

    // A late joiner learns the leader from the snapshot.
    follower.send(SnapshotRequestMsg{});
    auto snap = follower.expect<SessionSnapshotMsg>();
    ASSERT_TRUE(snap.has_value());
    EXPECT_EQ(snap->leader, "paula");

    SessionRequest gather = viewpointRequest(SessionRequestKind::Gather, "pump room");
    ASSERT_EQ(lead.request(2, gather).status, ReplyStatus::Ok);
    auto g = follower.nextEventOfKind(SessionEventKind::Gather);
    ASSERT_TRUE(g.has_value());
    EXPECT_EQ(g->event.viewpoint.name, "pump room");
    EXPECT_EQ(g->event.viewpoint.eye, vec3(5.0f, 2.0f, 5.0f));
    EXPECT_EQ(g->event.by, "paula");

    // The leader leaving ends follow mode for everyone.
    lead.send(LeaveMsg{});
    auto ended = follower.nextEventOfKind(SessionEventKind::FollowChanged);
    ASSERT_TRUE(ended.has_value());
    EXPECT_EQ(ended->event.leader, "");
}

TEST_F(HubFixture, PresenceReachesPeersAndSpoofsAreDropped) {
    startHub();
    RawViewer alice(ctx, hub->endpoints()), bob(ctx, hub->endpoints());
    ASSERT_TRUE(alice.join("plant", "alice", Role::Observer).accepted);
    ASSERT_TRUE(bob.join("plant", "bob", Role::Observer).accepted);

    const std::vector<uint8_t> spoof = presenceBytes("bob", 1);
    alice.sendRaw(spoof);
    const std::vector<uint8_t> record = presenceBytes("alice", 2);
    alice.sendRaw(record);
    auto got = bob.nextPresence();
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, record) << "relayed verbatim; the spoofed record before it never arrives";
    EXPECT_TRUE(waitFor([&] { return hub->counters().spoofed == 1; }));
    EXPECT_TRUE(waitFor([&] { return hub->counters().presenceOut == 1; })) << "counted after the send returns";
    EXPECT_EQ(hub->counters().presenceIn, 1u);
}

TEST_F(HubFixture, SilentMemberTimesOut) {
    HubOptions o = hubOptions(dir.file("hub.sqlite"));
    o.presenceTimeoutMs = 400;
    startHub(o);
    RawViewer alice(ctx, hub->endpoints()), bob(ctx, hub->endpoints());
    ASSERT_TRUE(alice.join("plant", "alice", Role::Observer).accepted);
    ASSERT_TRUE(bob.join("plant", "bob", Role::Observer).accepted);
    // bob keeps talking (presence at ~20 Hz); alice goes silent right after her join.
    const auto lastFromAlice = Clock::now();
    std::optional<EventMsg> left;
    uint64_t seq = 0;
    const auto deadline = Clock::now() + kWait;
    while (!left && Clock::now() < deadline) {
        bob.sendRaw(presenceBytes("bob", ++seq));
        left = bob.nextEvent<EventMsg>([](const EventMsg& e) { return e.event.kind == SessionEventKind::MemberLeft; },
                                       50ms);
    }
    ASSERT_TRUE(left.has_value());
    EXPECT_EQ(left->event.user, "alice");
    EXPECT_EQ(left->event.leftReason, MemberLeftReason::TimedOut);
    const auto after = Clock::now() - lastFromAlice;
    EXPECT_LT(after, 3s) << "the issue: a crashed viewer disappears within 3 s";
    EXPECT_EQ(hub->counters().timeouts, 1u);

    // Her requests are now answered "not joined"; she rejoins and is back.
    ReplyMsg r = alice.request(1, createAnnotation("x"));
    EXPECT_EQ(r.reason, "not joined");
    EXPECT_TRUE(alice.join("plant", "alice", Role::Observer).accepted);
}

TEST_F(HubFixture, SecondConnectionOfAUserReplacesTheFirst) {
    startHub();
    RawViewer first(ctx, hub->endpoints()), second(ctx, hub->endpoints()), watcher(ctx, hub->endpoints());
    ASSERT_TRUE(watcher.join("plant", "wanda", Role::Observer).accepted);
    ASSERT_TRUE(first.join("plant", "alice", Role::Operator, DeviceKind::Desktop, 1).accepted);
    ASSERT_TRUE(second.join("plant", "alice", Role::Operator, DeviceKind::Xr, 2).accepted);
    auto replaced = watcher.nextEventOfKind(SessionEventKind::MemberLeft);
    ASSERT_TRUE(replaced.has_value());
    EXPECT_EQ(replaced->event.user, "alice");
    EXPECT_EQ(replaced->event.leftReason, MemberLeftReason::Replaced);
    EXPECT_EQ(first.request(1, createAnnotation("old")).reason, "not joined");
    EXPECT_EQ(second.request(2, createAnnotation("new")).status, ReplyStatus::Ok);
}
