// SessionHub — the process side of `twinview hub` (issue 5, docs/session-protocol.md "Hub rules"): serves named
// shared sessions to viewers. It is the single sequencer of every session's state (Clone pattern: members,
// annotations, viewpoints, follow mode, the shared moment), checks every request and command against the sender's
// role, persists what must survive a restart in a SessionStore (SQLite), relays presence records between members,
// relays the twin feed through a FeedRelay and forwards members' commands to the twin (with `by` = the member's
// user name, so the twin knows who acted), auditing each.
//
// What it owns: one thread running the session loop; the control ROUTER and events PUB sockets; the SessionStore;
// the FeedRelay (when it relays a feed) and the ZapAuthenticator (with CURVE). Viewers talk to it only through
// sockets; nothing a peer sends is trusted (every frame is decoded strictly, sizes capped, users checked).
//
// Thread-safety: start(), endpoints(), epoch(), counters() and the destructor may be called from any one
// controlling thread; everything else happens on the hub's thread. HubOptions::onLog runs on the hub's thread.
#pragma once

#include "core/expected.h"
#include "net/feed/feed_publisher.h"
#include "net/security/curve_options.h"
#include "net/security/zap_authenticator.h"
#include "net/session/session_types.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace zmq {
class context_t;
}

namespace tv::net {

struct HubOptions {
    std::string bindHost = "127.0.0.1";
    uint16_t port = 0;        // control ROUTER; 0 = ephemeral (then events and relay ports are ephemeral too);
                              // else events = port+1, relayed feed updates = port+2, snapshot = port+3
    std::string dbPath;       // SQLite file (":memory:" for a hub that forgets); required
    CurveServerOptions curve; // enabled -> every socket CURVE server + the hub starts a ZapAuthenticator
    AllowList allow;          // with curve: key -> user, role (the role is the most this user may have)
    std::optional<FeedEndpoints> upstreamFeed;     // relayed through a FeedRelay when set
    Role defaultRole = Role::Operator;             // keyless joiners that request nothing
    Role maxKeylessRole = Role::Presenter;         // the most a keyless joiner may claim
    uint32_t presenceTimeoutMs = 2000;             // silent member -> MemberLeft(TimedOut) (issue: gone within 3 s)
    uint32_t heartbeatMs = 500;                    // per-session Heartbeat on the events PUB
    uint32_t maxPresencePerSecond = 250;           // flood guard per member; records beyond it are dropped
    std::function<void(const std::string&)> onLog; // join/leave/denial lines for `twinview hub` (hub thread)
};

struct HubEndpoints {
    std::string control; // ROUTER: what `--join tcp://HOST:PORT/SESSION` connects to
    std::string events;  // PUB: session events, heartbeats, presence
    FeedEndpoints feed;  // the relayed twin feed (updates + snapshot; commands empty); empty without a feed
};

struct HubCounters {
    uint64_t joins = 0;             // accepted joins
    uint64_t refusedJoins = 0;      // joins answered with accepted = false
    uint64_t requests = 0;          // session requests handled (any outcome)
    uint64_t denied = 0;            // requests and commands refused for the sender's role
    uint64_t commands = 0;          // commands received from members (any outcome)
    uint64_t presenceIn = 0;        // valid presence records received
    uint64_t presenceOut = 0;       // presence records republished
    uint64_t malformed = 0;         // frames dropped as malformed (bad framing, decode failure, wrong direction)
    uint64_t spoofed = 0;           // presence records carrying another user's id
    uint64_t timeouts = 0;          // members dropped for silence
    uint64_t presenceThrottled = 0; // presence records dropped by the flood guard
    uint64_t notJoined = 0;         // messages from peers that have not joined (answered "not joined" or dropped)
};

class SessionHub {
public:
    // Opens the store, starts the ZAP handler (with CURVE), binds every socket, starts the relay (with a feed) and
    // the hub thread. Errors name the cause: the database (path + SQLite's reason), a busy port (the endpoint),
    // a bad key, a relay that cannot start. `context` must outlive the hub; with CURVE it must not already run a
    // ZAP handler (one per context).
    static Expected<std::unique_ptr<SessionHub>> start(zmq::context_t& context, HubOptions options);
    ~SessionHub(); // stops, joins (bounded), closes the store

    SessionHub(const SessionHub&) = delete;
    SessionHub& operator=(const SessionHub&) = delete;

    const HubEndpoints& endpoints() const;
    uint32_t epoch() const;       // random per start, never 0: events of another epoch tell viewers to resync
    HubCounters counters() const; // thread-safe

    struct Impl;

private:
    explicit SessionHub(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace tv::net
