// SessionHub and issue 7 over loopback with raw viewers: the shared moment (a presenter takes everyone to a moment
// of the twin's history and back to live; others are denied with the reason; every request is audited; late
// joiners find the moment in the snapshot; it outlives its presenter but not a hub restart), and the trusted
// command author (every command forwarded to the twin carries by = the member's user name, whatever `by` the
// viewer sent).
#include "hub_test_util.h"

#include "net/feed/feed_publisher.h"
#include "net/session/session_store.h"

#include <atomic>
#include <mutex>

using namespace tv;
using namespace tv::net;
using namespace tv::test;

namespace {

constexpr uint64_t kMomentUs = 1'795'528'951'250'000ull; // 2026-11-24 14:02:31.250 UTC

SessionRequest momentRequest(uint64_t twinTimeUs) {
    SessionRequest r;
    r.kind = SessionRequestKind::SetMoment;
    r.twinTimeUs = twinTimeUs;
    return r;
}

std::unique_ptr<SessionHub> startOrFail(zmq::context_t& ctx, HubOptions o) {
    auto started = SessionHub::start(ctx, std::move(o));
    EXPECT_TRUE(started.hasValue()) << started.error().message;
    return started ? std::move(*started) : nullptr;
}

std::vector<AuditEntry> auditOf(const std::string& db, const std::string& session, const std::string& action) {
    auto store = SessionStore::open(db);
    EXPECT_TRUE(store.hasValue()) << store.error().message;
    if (!store) return {};
    auto audit = (*store)->listAudit(session, 1000);
    EXPECT_TRUE(audit.hasValue());
    std::vector<AuditEntry> out;
    if (audit)
        for (const AuditEntry& e : *audit)
            if (e.action == action) out.push_back(e);
    return out;
}

SessionSnapshotMsg snapshotOf(RawViewer& viewer) {
    viewer.send(SnapshotRequestMsg{});
    auto snap = viewer.expect<SessionSnapshotMsg>();
    EXPECT_TRUE(snap.has_value()) << "no snapshot";
    return snap.value_or(SessionSnapshotMsg{});
}

} // namespace

TEST(HubMoment, PresenterTakesEveryoneToAMomentOthersAreDeniedAndAllIsAudited) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    const std::string db = dir.file("hub.sqlite");
    auto hub = startOrFail(ctx, hubOptions(db));
    ASSERT_TRUE(hub);
    RawViewer paula(ctx, hub->endpoints()), oscar(ctx, hub->endpoints()), olga(ctx, hub->endpoints());
    ASSERT_TRUE(paula.join("plant", "paula", Role::Presenter).accepted);
    ASSERT_TRUE(oscar.join("plant", "oscar", Role::Operator).accepted);
    ASSERT_TRUE(olga.join("plant", "olga", Role::Observer).accepted);

    // Operators and observers: denied, with the reason, and nothing is published.
    ReplyMsg r = oscar.request(1, momentRequest(kMomentUs));
    EXPECT_EQ(r.status, ReplyStatus::Denied);
    EXPECT_EQ(r.reason, "only a presenter can take everyone to a moment");
    r = olga.request(2, momentRequest(0));
    EXPECT_EQ(r.status, ReplyStatus::Denied);
    EXPECT_EQ(r.reason, "only a presenter can take everyone to a moment");
    EXPECT_EQ(hub->counters().denied, 2u);
    EXPECT_EQ(snapshotOf(olga).moment, SharedMoment{}) << "a denied request changes nothing";

    // The presenter: Ok, and every member receives the sequenced event.
    ASSERT_EQ(paula.request(3, momentRequest(kMomentUs)).status, ReplyStatus::Ok);
    for (RawViewer* v : {&oscar, &olga}) {
        auto ev = v->nextEventOfKind(SessionEventKind::MomentChanged);
        ASSERT_TRUE(ev.has_value());
        EXPECT_EQ(ev->event.by, "paula");
        EXPECT_EQ(ev->event.moment, (SharedMoment{kMomentUs, "paula", ev->timeUs, ev->sequence}));
    }

    // A late joiner finds the moment (who set it, when, which event) in the snapshot; events continue after it.
    RawViewer carl(ctx, hub->endpoints());
    ASSERT_TRUE(carl.join("plant", "carl", Role::Observer).accepted);
    SessionSnapshotMsg snap = snapshotOf(carl);
    EXPECT_EQ(snap.moment.twinTimeUs, kMomentUs);
    EXPECT_EQ(snap.moment.by, "paula");
    EXPECT_GT(snap.moment.setUs, 0u);
    EXPECT_GT(snap.moment.sequence, 0u);
    EXPECT_LT(snap.moment.sequence, snap.sequence) << "carl's join came after it";

    // Back to live: also an event, also in the snapshot.
    ASSERT_EQ(paula.request(4, momentRequest(0)).status, ReplyStatus::Ok);
    auto live = carl.nextEventOfKind(SessionEventKind::MomentChanged);
    ASSERT_TRUE(live.has_value());
    EXPECT_EQ(live->sequence, snap.sequence + 1);
    EXPECT_TRUE(live->event.moment.live());
    EXPECT_EQ(live->event.moment.by, "paula");
    snap = snapshotOf(carl);
    EXPECT_TRUE(snap.moment.live());
    EXPECT_EQ(snap.moment.sequence, live->sequence);

    // The same moment twice is two instructions (members who scrubbed away come back): two events.
    ASSERT_EQ(paula.request(5, momentRequest(kMomentUs)).status, ReplyStatus::Ok);
    ASSERT_EQ(paula.request(6, momentRequest(kMomentUs)).status, ReplyStatus::Ok);
    auto first = carl.nextEventOfKind(SessionEventKind::MomentChanged);
    auto second = carl.nextEventOfKind(SessionEventKind::MomentChanged);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(second->sequence, first->sequence + 1);

    // The presenter leaving does not take the group back to live: the review goes on at that moment.
    paula.send(LeaveMsg{});
    ASSERT_TRUE(carl.nextEventOfKind(SessionEventKind::MemberLeft).has_value());
    snap = snapshotOf(carl);
    EXPECT_EQ(snap.moment.twinTimeUs, kMomentUs);
    EXPECT_EQ(snap.moment.sequence, second->sequence);

    // Audited: target "moment", the moment as UTC text or "live", and the outcome.
    hub.reset();
    const std::vector<AuditEntry> rows = auditOf(db, "plant", "set-moment");
    ASSERT_EQ(rows.size(), 6u);
    EXPECT_EQ(rows[0].user, "oscar");
    EXPECT_EQ(rows[0].target, "moment");
    EXPECT_EQ(rows[0].detail, "2026-11-24 14:02:31.250 UTC");
    EXPECT_EQ(rows[0].result, "denied: only a presenter can take everyone to a moment");
    EXPECT_EQ(rows[1].user, "olga");
    EXPECT_EQ(rows[1].detail, "live");
    EXPECT_EQ(rows[2].user, "paula");
    EXPECT_EQ(rows[2].detail, "2026-11-24 14:02:31.250 UTC");
    EXPECT_EQ(rows[2].result, "ok");
    EXPECT_EQ(rows[3].detail, "live");
    EXPECT_EQ(rows[3].result, "ok");

    // Not persisted: a restarted hub (same database) is live.
    hub = startOrFail(ctx, hubOptions(db));
    ASSERT_TRUE(hub);
    RawViewer again(ctx, hub->endpoints());
    ASSERT_TRUE(again.join("plant", "carl", Role::Observer).accepted);
    EXPECT_EQ(snapshotOf(again).moment, SharedMoment{});
}

TEST(HubMoment, SessionsHaveTheirOwnMoment) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    auto hub = startOrFail(ctx, hubOptions(dir.file("hub.sqlite")));
    ASSERT_TRUE(hub);
    RawViewer a(ctx, hub->endpoints()), b(ctx, hub->endpoints());
    ASSERT_TRUE(a.join("plant", "paula", Role::Presenter).accepted);
    ASSERT_TRUE(b.join("plant-2", "pia", Role::Presenter).accepted);
    ASSERT_EQ(a.request(1, momentRequest(kMomentUs)).status, ReplyStatus::Ok);
    EXPECT_EQ(snapshotOf(a).moment.twinTimeUs, kMomentUs);
    EXPECT_EQ(snapshotOf(b).moment, SharedMoment{});
}

// A twin that records the arguments of every command it receives (the hub's FeedRelay forwards to it).
class RecordingTwin {
public:
    explicit RecordingTwin(zmq::context_t& ctx) {
        PublisherOptions o;
        o.bind = {"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"};
        o.heartbeatMs = 50;
        auto created = FeedPublisher::create(ctx, o);
        EXPECT_TRUE(created.hasValue()) << created.error().message;
        if (!created) return;
        m_publisher = std::move(*created);
        m_endpoints = m_publisher->boundEndpoints();
        m_thread = std::thread([this] {
            while (!m_stop.load())
                m_publisher->poll(std::chrono::milliseconds(10), [this](const CommandRequest& r) {
                    std::vector<OwnedCommandArg> args;
                    for (const CommandArg& a : r.args) args.push_back({std::string(a.name), OwnedValue::from(a.value)});
                    std::lock_guard lock(m_mutex);
                    m_received.push_back({std::string(r.verb), std::move(args)});
                    return CommandVerdict{};
                });
        });
    }
    ~RecordingTwin() {
        m_stop.store(true);
        if (m_thread.joinable()) m_thread.join();
    }
    const FeedEndpoints& endpoints() const { return m_endpoints; }

    struct Received {
        std::string verb;
        std::vector<OwnedCommandArg> args;
    };
    std::vector<Received> received() const {
        std::lock_guard lock(m_mutex);
        return m_received;
    }

private:
    std::unique_ptr<FeedPublisher> m_publisher;
    FeedEndpoints m_endpoints;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::vector<Received> m_received;
};

// The string values of every argument called `name`.
std::vector<std::string> argTexts(const std::vector<OwnedCommandArg>& args, const std::string& name) {
    std::vector<std::string> out;
    for (const OwnedCommandArg& a : args)
        if (a.name == name) out.push_back(a.value.type == ValueType::String ? a.value.text : "<not a string>");
    return out;
}

TEST(HubCommands, EveryForwardedCommandCarriesTheSendersUserNameAsBy) {
    zmq::context_t ctx(1);
    HubTempDir dir;
    RecordingTwin twin(ctx);
    const std::string db = dir.file("hub.sqlite");
    HubOptions o = hubOptions(db);
    o.upstreamFeed = twin.endpoints();
    auto hub = startOrFail(ctx, o);
    ASSERT_TRUE(hub);
    RawViewer alice(ctx, hub->endpoints()), bob(ctx, hub->endpoints());
    ASSERT_TRUE(alice.join("plant", "alice", Role::Operator).accepted);
    ASSERT_TRUE(bob.join("plant", "bob", Role::Presenter).accepted);

    // No `by` sent: the hub adds it. A forged `by` (even two): replaced, other arguments kept in order.
    alice.send(CommandMsg{1, 5000, "tank-3", "ack", {{"alarm", OwnedValue::from(Value::makeString("tank-3-high"))}}});
    CommandMsg forged{2, 5000, "pump-1", "set", {}};
    forged.args.push_back({"by", OwnedValue::from(Value::makeString("mallory"))});
    forged.args.push_back({"rpm", OwnedValue::from(Value::makeNumber(1200.0))});
    forged.args.push_back({"by", OwnedValue::from(Value::makeNumber(7.0))});
    bob.send(forged);
    for (RawViewer* v : {&alice, &bob}) {
        auto reply = v->expect<CommandReplyMsg>();
        ASSERT_TRUE(reply.has_value());
        EXPECT_EQ(reply->outcome, CommandOutcome::Accepted) << reply->reason;
    }
    const auto received = twin.received();
    ASSERT_EQ(received.size(), 2u);
    const auto& ack = received[0].verb == "ack" ? received[0] : received[1];
    const auto& set = received[0].verb == "ack" ? received[1] : received[0];
    EXPECT_EQ(argTexts(ack.args, "by"), std::vector<std::string>{"alice"});
    EXPECT_EQ(argTexts(ack.args, "alarm"), std::vector<std::string>{"tank-3-high"});
    EXPECT_EQ(argTexts(set.args, "by"), std::vector<std::string>{"bob"});
    ASSERT_EQ(set.args.size(), 2u);
    EXPECT_EQ(set.args[0].name, "rpm");
    EXPECT_EQ(set.args[0].value.number, 1200.0);

    // The argument cap leaves room for `by`: 64 others cannot all be sent (a clear refusal, not a broken frame).
    CommandMsg full{3, 5000, "pump-1", "set", {}};
    for (size_t i = 0; i < kSessionMaxCommandArgs; ++i)
        full.args.push_back({"a" + std::to_string(i), OwnedValue::from(Value::makeNumber(double(i)))});
    alice.send(full);
    auto refused = alice.expect<CommandReplyMsg>();
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->outcome, CommandOutcome::NotSent);
    EXPECT_NE(refused->reason.find("\"by\""), std::string::npos) << refused->reason;
    full.args.pop_back(); // 63 + by: fine
    full.requestId = 4;
    alice.send(full);
    auto fits = alice.expect<CommandReplyMsg>();
    ASSERT_TRUE(fits.has_value());
    EXPECT_EQ(fits->outcome, CommandOutcome::Accepted) << fits->reason;

    // The audit log is unchanged: the command as the member sent it, under the member's name.
    hub.reset();
    const std::vector<AuditEntry> rows = auditOf(db, "plant", "command");
    ASSERT_EQ(rows.size(), 4u);
    bool sawAck = false;
    for (const AuditEntry& e : rows)
        if (e.user == "alice" && e.target == "tank-3") {
            sawAck = true;
            EXPECT_EQ(e.detail, "ack alarm=tank-3-high");
            EXPECT_EQ(e.result, "accepted");
        }
    EXPECT_TRUE(sawAck);
}
