#include "net/session_client/session_client.h"

#include "core/assert.h"
#include "core/log.h"
#include "net/codec/decode_stats.h"
#include "net/session_client/session_sync.h"

#include <zmq.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

namespace tv::net {
namespace {

using Clock = std::chrono::steady_clock;
using Ms = std::chrono::milliseconds;

// The network thread wakes at least this often to send queued requests and check timers: a request leaves within
// a few ms, and an idle client costs nothing measurable.
constexpr auto kMaxPollWait = Ms(5);
// At most this many messages per socket per wake-up, so timers (presence pacing) run even under a flood.
constexpr int kMaxMessagesPerWake = 1024;
// Peer presence records waiting for a main thread that does not poll: beyond this the oldest are dropped (only
// the latest record of each peer matters to a viewer).
constexpr size_t kMaxPendingPresence = 4096;
constexpr uint32_t kDefaultCommandTimeoutMs = 3000;
// The hub forwards a command with its timeout and answers TimedOut itself; ours fires only if that answer is lost.
constexpr uint32_t kCommandGraceMs = 2000;
// How long the destructor's Leave may wait in the socket before the socket closes.
constexpr int kLeaveLingerMs = 100;
constexpr const char* kConnectionLost = "hub connection lost";

uint64_t steadyUs() {
    return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count());
}

std::span<const uint8_t> bytesOf(const zmq::message_t& m) { return {static_cast<const uint8_t*>(m.data()), m.size()}; }

struct Outgoing {
    enum class Kind : uint8_t { Request, Command } kind = Kind::Request;
    uint64_t id = 0;
    uint32_t timeoutMs = 0; // commands
    std::vector<uint8_t> bytes;
};

struct PendingRequest {
    Clock::time_point deadline;
};

struct PendingCommand {
    Clock::time_point sentAt;
    Clock::time_point deadline;
    uint32_t timeoutMs = 0;
};

// What the network thread has for the next poll(). Guarded by Impl::mutex.
struct PendingUpdate {
    bool reset = false;
    std::optional<SessionSnapshotMsg> snapshot;
    std::vector<SessionEvent> events;
    std::vector<ReplyMsg> replies;
    std::deque<PeerPresence> presence;
    std::optional<std::vector<MemberLatency>> latencies;

    bool empty() const {
        return !reset && events.empty() && replies.empty() && presence.empty() && !latencies.has_value();
    }
};

uint64_t randomInstanceId() {
    std::random_device rd;
    uint64_t v = 0;
    while (v == 0) v = (uint64_t(rd()) << 32) ^ uint64_t(rd());
    return v;
}

bool isNotJoinedReason(std::string_view reason) { return reason.substr(0, 10) == "not joined"; }

// The hub advertises its other sockets as it bound them ("tcp://127.0.0.1:7601", or a wildcard made loopback),
// which is only right on the hub's own machine. All of the hub's sockets live in one process on one host, so the
// host a viewer reached the control socket through is the one that reaches the others: keep the advertised port,
// take the host from the join endpoint (this also works through NAT and DNS names).
std::string rehostEndpoint(const std::string& advertised, const std::string& hubEndpoint) {
    const size_t port = advertised.rfind(':'), hubPort = hubEndpoint.rfind(':');
    if (advertised.empty() || port == std::string::npos || hubPort == std::string::npos) return advertised;
    return hubEndpoint.substr(0, hubPort) + advertised.substr(port);
}

} // namespace

const char* sessionLinkStateName(SessionLinkState state) {
    switch (state) {
    case SessionLinkState::Connecting: return "connecting";
    case SessionLinkState::Joined: return "joined";
    case SessionLinkState::Refused: return "refused";
    case SessionLinkState::Lost: return "lost";
    }
    return "?";
}

void SessionUpdate::clear() {
    reset = false;
    events.clear();
    replies.clear();
    presence.clear();
}

struct SessionClient::Impl {
    zmq::context_t& context;
    SessionClientOptions options;
    std::string eventsTopic, presenceTopic;

    // --- shared between the main thread and the network thread (guarded by `mutex`)
    mutable std::mutex mutex;
    PendingUpdate pending;
    bool pendingSignalled = false; // onPending fired since the last poll()
    std::vector<CommandResult> commandResults;
    std::deque<Outgoing> outbox;
    std::optional<PresenceRecord> localPresence;
    SessionClientStatus shared;
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> nextId{1};
    std::thread thread;

    // --- main thread only
    SessionReplica replica;
    bool presenceWarned = false;

    // --- network thread only
    zmq::socket_t control, events;
    SessionClientStatus status;
    bool joinAccepted = false; // the hub knows our current control connection
    bool everSynced = false;   // a snapshot was loaded since the join was accepted
    JoinReplyMsg join;
    SessionEventSync sync;
    PresenceOrder presenceOrder;
    DecodeStats decodeStats;
    std::array<bool, 16> unexpectedLogged{};
    std::unordered_map<uint64_t, PendingRequest> pendingRequests;
    std::unordered_map<uint64_t, PendingCommand> pendingCommands;
    Clock::time_point joinSentAt, snapshotSentAt, lastEventsHeard, nextPresence, nextPing;
    uint64_t presenceSequence = 0;
    float lastRttMs = 0.0f;
    std::vector<uint8_t> scratch;
    std::vector<EventMsg> replay;

    Impl(zmq::context_t& ctx, SessionClientOptions opts) : context(ctx), options(std::move(opts)) {
        eventsTopic = sessionEventsTopic(options.session);
        presenceTopic = sessionPresenceTopic(options.session);
        // Numbered from the wall clock so that a restarted viewer's records are newer than its previous run's,
        // even for a receiver that has not yet seen it leave.
        presenceSequence = wallClockUs();
    }

    Ms presencePeriod() const { return Ms(std::max<int64_t>(1, std::llround(1000.0 / options.presenceHz))); }

    // ------------------------------------------------------------------------------------------------ plumbing

    template <class F>
    void withPending(F&& f) {
        bool signal = false;
        {
            std::lock_guard lock(mutex);
            f(pending);
            signal = !pendingSignalled;
            pendingSignalled = true;
        }
        if (signal && options.onPending) options.onPending();
    }

    void publishStatus() {
        status.sequence = sync.lastApplied();
        std::lock_guard lock(mutex);
        shared = status;
    }

    void setError(std::string message, bool log) {
        if (log) logInfo("session %s: %s", options.session.c_str(), message.c_str());
        status.lastError = std::move(message);
    }

    void malformed(const DecodeFailure& failure, const char* stream) {
        ++status.malformed;
        if (decodeStats.record(failure.code))
            logWarn("session %s: dropped a malformed %s message from the hub (%s at byte %zu: %s); further %s "
                    "messages are only counted",
                    options.session.c_str(), stream, decodeErrorName(failure.code), failure.offset,
                    failure.message.c_str(), decodeErrorName(failure.code));
        status.lastError = format("malformed %s message: %s", stream, decodeErrorName(failure.code));
    }

    // A well-formed message that has no business where it arrived (a Join from the hub, another session's event).
    void unexpected(SessionMsgKind kind, const char* why) {
        ++status.malformed;
        size_t slot = std::min<size_t>(size_t(kind), unexpectedLogged.size() - 1);
        if (!unexpectedLogged[slot]) {
            unexpectedLogged[slot] = true;
            logWarn("session %s: dropped a %s message from the hub (%s); further ones are only counted",
                    options.session.c_str(), sessionMsgKindName(kind), why);
        }
        status.lastError = format("unexpected %s message (%s)", sessionMsgKindName(kind), why);
    }

    bool sendBytes(zmq::socket_t& socket, std::span<const uint8_t> bytes, const char* what) {
        try {
            if (!socket.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait)) {
                setError(format("%s not sent: send queue full", what), false);
                return false;
            }
            status.bytesSent += bytes.size();
            return true;
        } catch (const zmq::error_t& e) {
            setError(format("%s not sent: %s", what, e.what()), true);
            return false;
        }
    }

    bool sendMessage(const SessionMessage& message) {
        auto r = encodeSessionMessage(message, scratch);
        TV_ASSERT(r.hasValue(), "the client only builds messages from validated fields");
        return sendBytes(control, scratch, sessionMsgKindName(sessionMessageKind(message)));
    }

    // ------------------------------------------------------------------------------------------------ joining

    zmq::socket_t makeSocket(zmq::socket_type type, int maxMessageBytes) {
        zmq::socket_t s(context, type);
        s.set(zmq::sockopt::linger, 0);
        s.set(zmq::sockopt::maxmsgsize, int64_t(maxMessageBytes));
        auto curve = applyCurveClient(s, options.curve);
        TV_ASSERT(curve.hasValue(), "CURVE options were validated at start");
        return s;
    }

    // Joins on a fresh DEALER: after a reconnect the hub has forgotten the old routing id, and a fresh socket also
    // discards a Join still queued for a hub that never answered (so retries do not pile up).
    void startJoin() {
        closeSockets();
        joinAccepted = false;
        everSynced = false;
        try {
            control = makeSocket(zmq::socket_type::dealer, int(kSessionMaxSnapshotBytes + 1024));
            control.connect(options.hubEndpoint);
        } catch (const zmq::error_t& e) {
            setError(format("cannot connect to %s: %s", options.hubEndpoint.c_str(), e.what()), true);
        }
        JoinMsg msg{options.session, options.user, options.role, options.device, options.instanceId};
        if (control) sendMessage(msg);
        joinSentAt = Clock::now();
    }

    void closeSockets() {
        if (control) control.close();
        if (events) events.close();
    }

    // Everything still waiting on the old connection gets a local answer: nothing waits forever.
    void failPending(const char* reason) {
        std::vector<ReplyMsg> replies;
        for (auto& [id, p] : pendingRequests) replies.push_back(ReplyMsg{id, ReplyStatus::Failed, reason, 0});
        std::vector<CommandResult> results;
        for (auto& [id, p] : pendingCommands) results.push_back(CommandResult{id, CommandOutcome::Failed, reason, 0.0});
        pendingRequests.clear();
        pendingCommands.clear();
        if (replies.empty() && results.empty()) return;
        withPending([&](PendingUpdate& u) {
            for (ReplyMsg& r : replies) u.replies.push_back(std::move(r));
            commandResults.insert(commandResults.end(), results.begin(), results.end());
        });
    }

    void connectionLost(std::string cause) {
        setError(cause, true);
        failPending(kConnectionLost);
        if (status.state == SessionLinkState::Joined) status.state = SessionLinkState::Lost;
        startJoin();
    }

    void refused(std::string reason) {
        status.state = SessionLinkState::Refused;
        setError(format("join refused: %s", reason.c_str()), true);
        failPending(kConnectionLost);
        closeSockets();
        joinAccepted = false;
    }

    void onJoinReply(const JoinReplyMsg& reply) {
        if (joinAccepted) return; // an answer to a retried Join of this same socket
        if (!reply.accepted) return refused(reply.reason);
        join = reply;
        status.user = reply.user;
        status.role = reply.role;
        status.colour = reply.colour;
        status.epoch = reply.epoch;
        status.feed = FeedEndpoints{rehostEndpoint(reply.feedUpdates, options.hubEndpoint),
                                    rehostEndpoint(reply.feedSnapshot, options.hubEndpoint),
                                    {}};
        // Subscribe before asking for the snapshot (Clone pattern): events published meanwhile are buffered.
        try {
            events = makeSocket(zmq::socket_type::sub, int(kSessionMaxMessageBytes + 1024));
            events.set(zmq::sockopt::rcvhwm, 100000);
            events.set(zmq::sockopt::subscribe, eventsTopic);
            events.set(zmq::sockopt::subscribe, presenceTopic);
            events.connect(rehostEndpoint(reply.eventsEndpoint, options.hubEndpoint));
        } catch (const zmq::error_t& e) {
            return refused(
                format("the hub's events endpoint \"%s\" is unusable: %s", reply.eventsEndpoint.c_str(), e.what()));
        }
        joinAccepted = true;
        sync.begin(reply.epoch);
        presenceOrder.clear();
        requestSnapshot();
        auto now = Clock::now();
        lastEventsHeard = now;
        nextPresence = now;
        nextPing = now;
    }

    void requestSnapshot() {
        sendMessage(SnapshotRequestMsg{});
        snapshotSentAt = Clock::now();
    }

    void resync(std::string cause) {
        ++status.resyncs;
        setError(std::move(cause), true);
        requestSnapshot();
    }

    // ------------------------------------------------------------------------------------------------ events

    void deliver(const EventMsg& e) {
        const SessionEvent& ev = e.event;
        if (ev.kind == SessionEventKind::MemberJoined) presenceOrder.forget(ev.member.user);
        if (ev.kind == SessionEventKind::MemberLeft) presenceOrder.forget(ev.user);
        withPending([&](PendingUpdate& u) { u.events.push_back(ev); });
    }

    // Our own departure, as the hub saw it: replaced by another viewer with our name (final: fighting over a name
    // would never end), or timed out / left while we still run (we stalled, or the hub lost us: rejoin).
    bool checkOwnDeparture(const SessionEvent& ev) {
        if (ev.kind != SessionEventKind::MemberLeft || ev.user != status.user) return false;
        if (ev.leftReason == MemberLeftReason::Replaced) {
            refused("another viewer joined with the same user name");
            return true;
        }
        connectionLost("the hub dropped this member; rejoining");
        return true;
    }

    void onEvent(const EventMsg& e) {
        uint64_t expected = sync.lastApplied() + 1;
        switch (sync.onEvent(e)) {
        case SessionEventSync::Verdict::Apply:
            deliver(e);
            checkOwnDeparture(e.event);
            return;
        case SessionEventSync::Verdict::Buffered:
        case SessionEventSync::Verdict::Duplicate: return;
        case SessionEventSync::Verdict::Gap:
            return resync(format("event gap: expected %llu, got %llu; new snapshot", (unsigned long long)expected,
                                 (unsigned long long)e.sequence));
        case SessionEventSync::Verdict::OtherEpoch:
            return connectionLost(format("hub restarted (epoch %u -> %u); rejoining", sync.epoch(), e.epoch));
        }
    }

    void onHeartbeat(const HeartbeatMsg& h) {
        switch (sync.onHeartbeat(h.epoch, h.sequence)) {
        case SessionEventSync::Verdict::OtherEpoch:
            return connectionLost(format("hub restarted (epoch %u -> %u); rejoining", sync.epoch(), h.epoch));
        case SessionEventSync::Verdict::Gap:
            resync(format("missed events: heartbeat says %llu, applied %llu; new snapshot",
                          (unsigned long long)h.sequence, (unsigned long long)sync.lastApplied()));
            break;
        default: break;
        }
        withPending([&](PendingUpdate& u) { u.latencies = h.latencies; });
    }

    void onSnapshot(SessionSnapshotMsg&& snapshot) {
        if (!joinAccepted) return unexpected(SessionMsgKind::Snapshot, "not joined");
        if (snapshot.session != options.session) return unexpected(SessionMsgKind::Snapshot, "another session");
        switch (sync.onSnapshot(snapshot.epoch, snapshot.sequence, replay)) {
        case SessionEventSync::Verdict::Apply: break;
        case SessionEventSync::Verdict::Gap: return resync("events missing after the snapshot; new snapshot");
        case SessionEventSync::Verdict::OtherEpoch:
            return connectionLost(format("hub restarted (epoch %u -> %u); rejoining", sync.epoch(), snapshot.epoch));
        default: return; // overtaken by a newer snapshot already loaded
        }
        withPending([&](PendingUpdate& u) {
            u.reset = true;
            u.events.clear(); // superseded by the snapshot
            u.snapshot = std::move(snapshot);
        });
        for (const EventMsg& e : replay) deliver(e);
        if (!everSynced) {
            everSynced = true;
            status.state = SessionLinkState::Joined;
            ++status.joins;
            logInfo("session %s: joined %s as %s (%s), epoch %u", options.session.c_str(), options.hubEndpoint.c_str(),
                    status.user.c_str(), roleName(status.role), status.epoch);
        }
        for (const EventMsg& e : replay)
            if (checkOwnDeparture(e.event)) return;
    }

    void onPresence(std::span<const uint8_t> body, uint64_t receivedUs) {
        auto record = decodePresence(body);
        if (!record) return malformed(record.error(), "presence");
        if (record->userId == status.user) return; // our own, relayed back
        if (!presenceOrder.accept(record->userId, record->sequence)) return;
        ++status.presenceReceived;
        withPending([&](PendingUpdate& u) {
            if (u.presence.size() >= kMaxPendingPresence) u.presence.pop_front();
            u.presence.push_back(PeerPresence{std::move(*record), receivedUs});
        });
    }

    void onEventsMessage(zmq::message_t& topic, zmq::message_t& body) {
        std::string_view t(static_cast<const char*>(topic.data()), topic.size());
        status.bytesReceived += topic.size() + body.size();
        if (t == presenceTopic) return onPresence(bytesOf(body), wallClockUs());
        if (t != eventsTopic) {
            ++status.malformed;
            status.lastError = "message with an unknown topic on the events stream";
            return;
        }
        auto msg = decodeSessionMessage(bytesOf(body));
        if (!msg) return malformed(msg.error(), "event");
        if (auto* e = std::get_if<EventMsg>(&*msg)) {
            if (e->session != options.session) return unexpected(SessionMsgKind::Event, "another session");
            lastEventsHeard = Clock::now();
            return onEvent(*e);
        }
        if (auto* h = std::get_if<HeartbeatMsg>(&*msg)) {
            if (h->session != options.session) return unexpected(SessionMsgKind::Heartbeat, "another session");
            lastEventsHeard = Clock::now();
            return onHeartbeat(*h);
        }
        unexpected(sessionMessageKind(*msg), "not an event or heartbeat");
    }

    // ------------------------------------------------------------------------------------------------ control

    void onReply(ReplyMsg&& reply) {
        auto it = pendingRequests.find(reply.requestId);
        // The hub restarted (or timed us out) and forgot our routing id.
        if (reply.status == ReplyStatus::Invalid && isNotJoinedReason(reply.reason))
            return connectionLost("the hub does not know this connection; rejoining");
        if (it == pendingRequests.end()) return; // answered locally already (timed out)
        pendingRequests.erase(it);
        withPending([&](PendingUpdate& u) { u.replies.push_back(std::move(reply)); });
    }

    void onCommandReply(CommandReplyMsg&& reply) {
        if (reply.outcome != CommandOutcome::Accepted && isNotJoinedReason(reply.reason))
            return connectionLost("the hub does not know this connection; rejoining");
        auto it = pendingCommands.find(reply.requestId);
        if (it == pendingCommands.end()) return;
        CommandResult result{reply.requestId, reply.outcome, std::move(reply.reason),
                             std::chrono::duration<double, std::milli>(Clock::now() - it->second.sentAt).count()};
        pendingCommands.erase(it);
        withPending([&](PendingUpdate&) { commandResults.push_back(std::move(result)); });
    }

    void onControlMessage(zmq::message_t& frame) {
        status.bytesReceived += frame.size();
        auto msg = decodeSessionMessage(bytesOf(frame));
        if (!msg) return malformed(msg.error(), "control");
        SessionMessage& m = *msg;
        if (auto* r = std::get_if<JoinReplyMsg>(&m)) return onJoinReply(*r);
        if (!joinAccepted) return unexpected(sessionMessageKind(m), "before the join was accepted");
        if (auto* s = std::get_if<SessionSnapshotMsg>(&m)) return onSnapshot(std::move(*s));
        if (auto* r = std::get_if<ReplyMsg>(&m)) return onReply(std::move(*r));
        if (auto* c = std::get_if<CommandReplyMsg>(&m)) return onCommandReply(std::move(*c));
        if (auto* p = std::get_if<PongMsg>(&m)) {
            uint64_t now = steadyUs();
            if (p->clientTimeUs <= now) {
                lastRttMs = float(double(now - p->clientTimeUs) / 1000.0);
                status.hubRttMs = lastRttMs;
            }
            return;
        }
        unexpected(sessionMessageKind(m), "not a message the hub sends on the control socket");
    }

    // ------------------------------------------------------------------------------------------------ outgoing

    void sendOutbox() {
        std::deque<Outgoing> queued;
        {
            std::lock_guard lock(mutex);
            queued.swap(outbox);
        }
        std::vector<ReplyMsg> localReplies;
        std::vector<CommandResult> localResults;
        const auto now = Clock::now();
        for (Outgoing& o : queued) {
            const bool isRequest = o.kind == Outgoing::Kind::Request;
            const char* why = nullptr;
            if (!joinAccepted)
                why =
                    status.state == SessionLinkState::Refused ? "the hub refused this viewer" : "not joined to the hub";
            else if (!sendBytes(control, o.bytes, isRequest ? "request" : "command"))
                why = "could not be sent to the hub";
            if (why) {
                if (isRequest)
                    localReplies.push_back(ReplyMsg{o.id, ReplyStatus::Failed, why, 0});
                else
                    localResults.push_back(CommandResult{o.id, CommandOutcome::NotSent, why, 0.0});
                continue;
            }
            if (isRequest)
                pendingRequests[o.id] = PendingRequest{now + Ms(options.requestTimeoutMs)};
            else
                pendingCommands[o.id] = PendingCommand{now, now + Ms(o.timeoutMs + kCommandGraceMs), o.timeoutMs};
        }
        if (localReplies.empty() && localResults.empty()) return;
        withPending([&](PendingUpdate& u) {
            for (ReplyMsg& r : localReplies) u.replies.push_back(std::move(r));
            commandResults.insert(commandResults.end(), localResults.begin(), localResults.end());
        });
    }

    void checkTimeouts(Clock::time_point now) {
        std::vector<ReplyMsg> replies;
        for (auto it = pendingRequests.begin(); it != pendingRequests.end();) {
            if (now < it->second.deadline) {
                ++it;
                continue;
            }
            replies.push_back(ReplyMsg{it->first, ReplyStatus::Failed,
                                       format("no reply from the hub within %u ms", options.requestTimeoutMs), 0});
            it = pendingRequests.erase(it);
        }
        std::vector<CommandResult> results;
        for (auto it = pendingCommands.begin(); it != pendingCommands.end();) {
            if (now < it->second.deadline) {
                ++it;
                continue;
            }
            results.push_back(CommandResult{it->first, CommandOutcome::TimedOut,
                                            format("no reply from the hub within %u ms", it->second.timeoutMs), 0.0});
            it = pendingCommands.erase(it);
        }
        if (replies.empty() && results.empty()) return;
        withPending([&](PendingUpdate& u) {
            for (ReplyMsg& r : replies) u.replies.push_back(std::move(r));
            commandResults.insert(commandResults.end(), results.begin(), results.end());
        });
    }

    void sendPresence() {
        PresenceRecord record;
        {
            std::lock_guard lock(mutex);
            if (localPresence) record = *localPresence;
        }
        record.userId = status.user;
        record.device = options.device;
        record.sequence = ++presenceSequence;
        record.sentTimeUs = wallClockUs();
        if (auto r = encodePresence(record, scratch); !r) {
            // setPresence() validated it with our requested name; the hub's name for us is valid too.
            setError(format("presence not sent: %s", r.error().message.c_str()), false);
            return;
        }
        if (sendBytes(control, scratch, "presence")) ++status.presenceSent;
    }

    void runTimers() {
        const auto now = Clock::now();
        if (!joinAccepted) {
            if (status.state != SessionLinkState::Refused && now - joinSentAt > Ms(options.joinRetryMs)) startJoin();
            return;
        }
        if (now - lastEventsHeard > Ms(options.hubTimeoutMs))
            return connectionLost(format("no word from the hub for %u ms; rejoining", options.hubTimeoutMs));
        if (!sync.synced() && now - snapshotSentAt > Ms(options.snapshotRetryMs)) {
            sync.resync();
            resync(format("no snapshot within %u ms; asking again", options.snapshotRetryMs));
        }
        if (now >= nextPresence) {
            sendPresence();
            nextPresence += presencePeriod();
            if (nextPresence < now) nextPresence = now + presencePeriod(); // late: no burst to catch up
        }
        if (now >= nextPing) {
            sendMessage(PingMsg{steadyUs(), lastRttMs});
            nextPing = now + Ms(options.pingIntervalMs);
        }
        checkTimeouts(now);
    }

    // ------------------------------------------------------------------------------------------------ thread

    template <class F>
    void drain(zmq::socket_t& socket, F&& onMessage) {
        for (int i = 0; i < kMaxMessagesPerWake && socket && !stop.load(std::memory_order_relaxed); ++i) {
            std::vector<zmq::message_t> parts;
            zmq::message_t part;
            if (!socket.recv(part, zmq::recv_flags::dontwait)) return;
            parts.push_back(std::move(part));
            while (parts.back().more()) {
                zmq::message_t rest;
                if (!socket.recv(rest, zmq::recv_flags::dontwait)) break;
                parts.push_back(std::move(rest));
            }
            onMessage(parts);
        }
    }

    Ms pollWait() const {
        if (!joinAccepted) return kMaxPollWait;
        auto untilPresence = std::chrono::duration_cast<Ms>(nextPresence - Clock::now());
        return std::clamp(untilPresence, Ms(0), kMaxPollWait);
    }

    void run() {
        startJoin();
        publishStatus();
        while (!stop.load()) {
            try {
                std::vector<zmq::pollitem_t> items;
                if (control) items.push_back({control.handle(), 0, ZMQ_POLLIN, 0});
                if (events) items.push_back({events.handle(), 0, ZMQ_POLLIN, 0});
                if (items.empty())
                    std::this_thread::sleep_for(kMaxPollWait); // refused: nothing to listen to any more
                else
                    zmq::poll(items, pollWait());
                // Each handler may replace the sockets (rejoin): drain the current ones, whatever they are now.
                drain(control, [&](std::vector<zmq::message_t>& parts) {
                    if (parts.size() != 1) {
                        ++status.malformed;
                        status.lastError = "multipart message on the control socket";
                        return;
                    }
                    onControlMessage(parts[0]);
                });
                drain(events, [&](std::vector<zmq::message_t>& parts) {
                    if (parts.size() != 2) {
                        ++status.malformed;
                        status.lastError = format("%zu-part message on the events socket", parts.size());
                        return;
                    }
                    onEventsMessage(parts[0], parts[1]);
                });
                sendOutbox();
                runTimers();
            } catch (const zmq::error_t& e) {
                if (e.num() == ETERM) break;
                setError(format("socket error: %s", e.what()), true);
            }
            publishStatus();
        }
        if (joinAccepted && !options.skipLeaveOnDestroy) {
            try {
                control.set(zmq::sockopt::linger, kLeaveLingerMs);
                sendMessage(LeaveMsg{});
            } catch (const zmq::error_t&) {
                // best effort: the hub times us out instead
            }
        }
        failPending("session client stopped");
        closeSockets();
    }
};

Expected<std::unique_ptr<SessionClient>> SessionClient::start(zmq::context_t& context, SessionClientOptions options) {
    if (options.hubEndpoint.empty()) return makeError(ErrorCode::InvalidArgument, "session: no hub endpoint given");
    if (!isValidSessionName(options.session))
        return makeError(ErrorCode::InvalidArgument,
                         format("session name \"%s\": 1..64 characters of A-Z a-z 0-9 . _ -", options.session.c_str()));
    if (!isValidUserName(options.user))
        return makeError(
            ErrorCode::InvalidArgument,
            format("user name \"%s\": 1..64 bytes of UTF-8 without control characters", options.user.c_str()));
    if (!(options.presenceHz >= 30.0 && options.presenceHz <= 1000.0))
        return makeError(ErrorCode::InvalidArgument,
                         format("presence rate %.1f Hz: must be between 30 and 1000", options.presenceHz));
    if (options.hubTimeoutMs < 100)
        return makeError(ErrorCode::InvalidArgument, format("hub timeout %u ms is too short", options.hubTimeoutMs));
    if (options.joinRetryMs == 0) options.joinRetryMs = 1000;
    if (options.snapshotRetryMs == 0) options.snapshotRetryMs = 2000;
    if (options.pingIntervalMs == 0) options.pingIntervalMs = 1000;
    if (options.requestTimeoutMs == 0) options.requestTimeoutMs = 10000;
    if (options.instanceId == 0) options.instanceId = randomInstanceId();
    // Probe the endpoint and the CURVE keys here so that a bad one is an error now, not a log line later.
    try {
        zmq::socket_t probe(context, zmq::socket_type::dealer);
        probe.set(zmq::sockopt::linger, 0);
        if (auto r = applyCurveClient(probe, options.curve); !r) return r.error();
        probe.connect(options.hubEndpoint);
    } catch (const zmq::error_t& e) {
        return makeError(ErrorCode::Network, format("%s: %s", options.hubEndpoint.c_str(), e.what()));
    }

    auto impl = std::make_unique<Impl>(context, std::move(options));
    Impl& m = *impl;
    m.status.user = m.options.user;
    m.shared = m.status;
    m.thread = std::thread([&m] { m.run(); });
    return std::unique_ptr<SessionClient>(new SessionClient(std::move(impl)));
}

SessionClient::SessionClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

SessionClient::~SessionClient() {
    m_impl->stop.store(true);
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

const SessionClientOptions& SessionClient::options() const { return m_impl->options; }

void SessionClient::setPresence(const PresenceRecord& record) {
    Impl& m = *m_impl;
    PresenceRecord probe = record;
    probe.userId = m.options.user;
    probe.device = m.options.device;
    std::vector<uint8_t> bytes;
    if (auto r = encodePresence(probe, bytes); !r) {
        if (!m.presenceWarned)
            logWarn("session %s: presence record refused (%s); keeping the previous one (logged once)",
                    m.options.session.c_str(), r.error().message.c_str());
        m.presenceWarned = true;
        return;
    }
    std::lock_guard lock(m.mutex);
    m.localPresence = record;
}

uint64_t SessionClient::request(const SessionRequest& request) {
    Impl& m = *m_impl;
    const uint64_t id = m.nextId.fetch_add(1);
    Outgoing out{Outgoing::Kind::Request, id, 0, {}};
    std::lock_guard lock(m.mutex);
    if (auto r = encodeSessionMessage(RequestMsg{id, request}, out.bytes); !r) {
        m.pending.replies.push_back(ReplyMsg{id, ReplyStatus::Invalid, r.error().message, 0});
        return id;
    }
    m.outbox.push_back(std::move(out));
    return id;
}

uint64_t SessionClient::requestMoment(uint64_t twinTimeUs) {
    SessionRequest r;
    r.kind = SessionRequestKind::SetMoment;
    r.twinTimeUs = twinTimeUs;
    return request(r);
}

uint64_t SessionClient::sendCommand(std::string_view target, std::string_view verb,
                                    std::span<const OwnedCommandArg> args, uint32_t timeoutMs) {
    Impl& m = *m_impl;
    const uint64_t id = m.nextId.fetch_add(1);
    if (timeoutMs == 0) timeoutMs = kDefaultCommandTimeoutMs;
    CommandMsg msg{id, timeoutMs, std::string(target), std::string(verb), {args.begin(), args.end()}};
    Outgoing out{Outgoing::Kind::Command, id, timeoutMs, {}};
    std::lock_guard lock(m.mutex);
    if (auto r = encodeSessionMessage(msg, out.bytes); !r) {
        m.commandResults.push_back(
            CommandResult{id, CommandOutcome::NotSent, format("invalid command: %s", r.error().message.c_str()), 0.0});
        return id;
    }
    m.outbox.push_back(std::move(out));
    return id;
}

void SessionClient::takeCommandResults(std::vector<CommandResult>& out) {
    Impl& m = *m_impl;
    std::lock_guard lock(m.mutex);
    out.insert(out.end(), std::make_move_iterator(m.commandResults.begin()),
               std::make_move_iterator(m.commandResults.end()));
    m.commandResults.clear();
}

void SessionClient::poll(SessionUpdate& out) {
    Impl& m = *m_impl;
    out.clear();
    PendingUpdate taken;
    {
        std::lock_guard lock(m.mutex);
        std::swap(taken, m.pending);
        m.pendingSignalled = false;
    }
    if (taken.snapshot) m.replica.load(*taken.snapshot);
    for (const SessionEvent& e : taken.events) m.replica.apply(e);
    if (taken.latencies) m.replica.setLatencies(*taken.latencies);
    out.reset = taken.reset;
    out.events = std::move(taken.events);
    out.replies = std::move(taken.replies);
    out.presence.assign(std::make_move_iterator(taken.presence.begin()), std::make_move_iterator(taken.presence.end()));
}

const SessionReplica& SessionClient::state() const { return m_impl->replica; }

SessionClientStatus SessionClient::status() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->shared;
}

} // namespace tv::net
