// SessionClient — the viewer side of a shared session (issue 5, docs/sessions.md): joins a session on
// `twinview hub`, keeps a replica of the session state (Clone pattern: subscribe, snapshot, sequenced events),
// sends this viewer's presence at a steady rate and receives the other members', carries session requests
// (annotations, viewpoints, follow, gather, the shared moment) and twin commands to the hub, and measures the round
// trip to it.
//
// What it owns: one network thread with a DEALER on the hub's control ROUTER and a SUB on its events PUB (both
// CURVE clients when keys are given; linger 0). It rejoins by itself: after a hub restart (an event or heartbeat
// of another epoch), after hub silence longer than hubTimeoutMs, or when the hub says it does not know us — with a
// fresh DEALER (the hub forgot the old routing id) and a new snapshot. Requests and commands still waiting when
// the connection is lost are answered locally (Failed "hub connection lost"), so nothing waits forever. A refused
// join (bad name, unknown key) is final: the state stays Refused with the hub's reason.
//
// Link states: Connecting (joining, first time) -> Joined (join accepted and the first snapshot loaded) ->
// Lost (connection lost; rejoining by itself) -> Joined ...; Refused is terminal.
//
// Thread-safety: start(), the destructor, setPresence(), request(), requestMoment(), sendCommand(),
// takeCommandResults() and poll() / state() belong to one thread (the viewer's main thread); status() may be called
// from any thread. SessionClientOptions::onPending runs on the network thread.
#pragma once

#include "core/expected.h"
#include "net/feed/feed_publisher.h"
#include "net/feed/feed_types.h"
#include "net/security/curve_options.h"
#include "net/session/presence.h"
#include "net/session/session_protocol.h"
#include "net/session_client/session_replica.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zmq {
class context_t;
}

namespace tv::net {

struct SessionClientOptions {
    std::string hubEndpoint;  // the hub's control ROUTER, "tcp://127.0.0.1:7600"
    std::string session;      // [A-Za-z0-9._-]{1,64}
    std::string user;         // 1..64 bytes of UTF-8 (with CURVE the hub may know us by the allow list's name)
    std::optional<Role> role; // requested; nullopt = the hub's default
    DeviceKind device = DeviceKind::Desktop;
    CurveClientOptions curve;     // enabled -> every socket (control, events) is a CURVE client of the hub
    double presenceHz = 60.0;     // the latest local presence goes out at this rate (>= 30); it is also our heartbeat
    uint32_t hubTimeoutMs = 3000; // nothing from the hub this long (it heartbeats every second) -> Lost, rejoin
    uint64_t instanceId = 0;      // 0 = random; a rejoin of this client reuses it
    std::function<void()> onPending; // network thread: something new to poll (wake a waiting UI loop)

    // Tuning (defaults suit viewers; tests shorten them).
    uint32_t joinRetryMs = 1000;     // no JoinReply this long -> send Join again on a fresh socket
    uint32_t snapshotRetryMs = 2000; // no snapshot this long while unsynced -> ask again
    uint32_t pingIntervalMs = 1000;
    uint32_t requestTimeoutMs = 10000; // a session request the hub never answers is answered locally (Failed)
    // Simulates a crash for tests: the destructor stops the thread without sending Leave, so the hub notices the
    // silence (presence timeout) as it would for a killed viewer.
    bool skipLeaveOnDestroy = false;
};

enum class SessionLinkState : uint8_t { Connecting, Joined, Refused, Lost };
const char* sessionLinkStateName(SessionLinkState state); // "connecting", "joined", "refused", "lost"

struct SessionClientStatus {
    SessionLinkState state = SessionLinkState::Connecting;
    std::string user; // as the hub knows us (from the JoinReply)
    Role role = Role::Observer;
    uint32_t colour = 0xffffff;
    uint32_t epoch = 0;    // the hub run we are joined to
    uint64_t sequence = 0; // last session event applied
    float hubRttMs = 0.0f; // last ping round trip
    FeedEndpoints feed;    // the relayed twin feed (empty when the hub has none)
    std::string lastError; // refusal reason / resync cause / malformed kind
    uint32_t joins = 0;    // successful joins (a reconnect increments it)
    uint64_t malformed = 0, resyncs = 0, presenceSent = 0, presenceReceived = 0;
    uint64_t bytesSent = 0, bytesReceived = 0; // message bodies on both sockets (topics included), for the bench
};

struct PeerPresence {
    PresenceRecord record;
    uint64_t receivedUs = 0; // wall clock (wallClockUs()) when the network thread received it
};

struct SessionUpdate {                  // drained once per frame
    bool reset = false;                 // the replica was (re)loaded from a snapshot before `events`
    std::vector<SessionEvent> events;   // applied in order since the last poll (after the reset, if any)
    std::vector<ReplyMsg> replies;      // answers to request()
    std::vector<PeerPresence> presence; // OTHER members' records received since the last poll, arrival order
    void clear();
};

class SessionClient {
public:
    // Validates the options (session/user names, endpoint, rates) and starts the network thread, which joins in the
    // background; returns at once. `context` must outlive the client.
    static Expected<std::unique_ptr<SessionClient>> start(zmq::context_t& context, SessionClientOptions options);
    ~SessionClient(); // sends Leave (best effort, unless skipLeaveOnDestroy), stops and joins the thread (bounded)

    SessionClient(const SessionClient&) = delete;
    SessionClient& operator=(const SessionClient&) = delete;

    // Latest wins. The client fills userId (the hub's name for us), device, sequence and sentTimeUs when it sends.
    // A record the presence codec would refuse (non-unit quaternion, NaN, ...) is dropped with a warning (once),
    // keeping the previous one. Until the first call the client sends an identity pose at the origin (presence is
    // also our heartbeat to the hub).
    void setPresence(const PresenceRecord& record);

    // Sends a session request; returns its id (> 0). The answer arrives in a later SessionUpdate::replies: the
    // hub's, or a local Failed one (not joined, connection lost, no reply within requestTimeoutMs).
    uint64_t request(const SessionRequest& request);
    // The shared moment (issue 7): asks the hub to take every member to `twinTimeUs` (µs since the Unix epoch, the
    // twin publisher's clock; 0 = back to live). Presenter only: others get a Denied reply naming the reason. The
    // moment in force is state().moment(), changed by a MomentChanged event in SessionUpdate::events.
    uint64_t requestMoment(uint64_t twinTimeUs);

    // Sends a twin command through the hub (it checks the role and audits); returns its id (> 0). The outcome
    // arrives through takeCommandResults(): the hub's, or a local one (NotSent when not joined or the command is
    // invalid, Failed "hub connection lost", TimedOut when no reply within timeoutMs + 2 s).
    uint64_t sendCommand(std::string_view target, std::string_view verb, std::span<const OwnedCommandArg> args,
                         uint32_t timeoutMs);
    void takeCommandResults(std::vector<CommandResult>& out); // appends finished commands (commandId = the id)

    // Drains what arrived since the last poll into `out` (cleared first) and applies it to state().
    void poll(SessionUpdate& out);
    const SessionReplica& state() const; // as of the last poll
    SessionClientStatus status() const;  // thread-safe
    const SessionClientOptions& options() const;

private:
    struct Impl;
    explicit SessionClient(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace tv::net
