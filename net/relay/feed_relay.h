// FeedRelay — the hub's copy of the twin feed (issue 5, "the hub relays the twin feed"): remote viewers need only
// the hub's endpoint, so the hub subscribes to the real twin feed (a FeedSubscriber, Clone pattern) and republishes
// it on its own FeedPublisher (same protocol, docs/protocol.md), optionally with CURVE on the downstream sockets.
// Viewers connect to the relay exactly as they would to the twin.
//
// What it owns: one thread, the upstream subscriber and the downstream publisher (updates PUB + snapshot ROUTER;
// no commands ROUTER: viewers' commands reach the hub's control socket, where roles are checked and audited, and
// the hub hands them to forwardCommand()).
//
// Behaviour:
// - Upstream changes are republished downstream in order, one Updates frame per drain (split under the frame cap
//   by the publisher), so a burst costs downstream only what changed.
// - An upstream (re)snapshot restarts the downstream publisher with a new epoch carrying the complete new state:
//   viewers resnapshot by themselves (a snapshot cannot say "removed", a new epoch can).
// - While the upstream is Stale the relay withholds downstream heartbeats, so viewers see the feed go stale too,
//   and live again when the upstream returns.
// - Commands: forwardCommand() queues; the relay thread sends them on the upstream subscriber's command socket and
//   calls `done` exactly once per call, on the relay thread: with the upstream's outcome, TimedOut, NotSent when
//   the upstream has no commands endpoint, or NotSent "relay stopped" when the relay is destroyed first.
//
// Thread-safety: start(), boundEndpoints(), forwardCommand(), status() and the destructor may be called from any
// thread (the destructor not from a `done` callback). Everything else happens on the relay's own thread.
#pragma once

#include "core/expected.h"
#include "net/feed/feed_publisher.h"
#include "net/feed/feed_types.h"
#include "net/security/curve_options.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace zmq {
class context_t;
}

namespace tv::net {

struct RelayOptions {
    std::string name = "relay";             // for log lines and the upstream subscriber's name
    FeedEndpoints upstream;                 // the real twin feed (commands endpoint needed to forward commands)
    CurveClientOptions upstreamCurve;       // usually empty (plain upstream)
    FeedEndpoints bind;                     // downstream updates + snapshot binds ("tcp://127.0.0.1:*" ok); no commands
    CurveServerOptions downstreamCurve;     // the hub's CURVE server options (ZAP handled by the hub's authenticator)
    uint32_t heartbeatMs = 1000;            // downstream heartbeat interval (withheld while the upstream is Stale)
    uint32_t upstreamStaleTimeoutMs = 3000; // upstream silence before it counts as Stale (SubscriberOptions)
};

struct RelayStatus {
    FeedLiveness upstream = FeedLiveness::Connecting;
    uint64_t upstreamSequence = 0;  // last upstream Updates sequence applied
    uint64_t updatesRelayed = 0;    // update records republished downstream (restart states included)
    uint32_t resyncs = 0;           // upstream (re)snapshots, each a downstream restart with a new epoch
    uint64_t commandsForwarded = 0; // commands sent upstream (not counting NotSent ones)
};

class FeedRelay { // runs its own thread; start() returns once the downstream sockets are bound
public:
    // Connects upstream, binds downstream (errors name the endpoint and cause) and starts the relay thread.
    // `context` must outlive the relay; with downstreamCurve set, the caller runs the ZapAuthenticator in it.
    static Expected<std::unique_ptr<FeedRelay>> start(zmq::context_t& context, RelayOptions options);
    ~FeedRelay(); // stops and joins (bounded: linger 0); pending commands' callbacks get NotSent "relay stopped"

    FeedRelay(const FeedRelay&) = delete;
    FeedRelay& operator=(const FeedRelay&) = delete;

    const FeedEndpoints& boundEndpoints() const; // downstream (resolved ports), what JoinReply advertises

    // Thread-safe. Forwards a command upstream; `done` runs exactly once, on the relay's thread, with the outcome
    // (Accepted/Rejected/Failed/TimedOut/NotSent + reason + round trip). commandId in the result is unspecified.
    void forwardCommand(std::string target, std::string verb, std::vector<OwnedCommandArg> args, uint32_t timeoutMs,
                        std::function<void(const CommandResult&)> done);

    RelayStatus status() const; // thread-safe

private:
    struct Impl;
    explicit FeedRelay(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace tv::net
