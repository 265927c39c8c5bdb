// FeedPublisher — the publishing side of the twin feed (docs/protocol.md, "Flow: the Clone pattern"): binds a PUB
// socket for updates and heartbeats, a ROUTER for snapshot requests and a ROUTER for commands; keeps the twin's
// state (TwinState) and the sequence counter; answers snapshot requests with chunked snapshots under the frame cap;
// sends a heartbeat whenever it was silent for one interval; hands command requests to a handler and sends its
// reply. Used by the plant simulator, `twinview sim`, the hub's FeedRelay (net/relay), tests and benchmarks.
// With PublisherOptions::curve set, every socket is a CURVE server (the ZapAuthenticator in the same context
// decides who may connect).
//
// Not thread-safe: one owner thread calls publish() and poll() (typically a simulation loop).
#pragma once

#include "core/expected.h"
#include "net/codec/messages.h"
#include "net/feed/twin_state.h"
#include "net/security/curve_options.h"

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace zmq {
class context_t;
}

namespace tv::net {

struct FeedEndpoints {
    std::string updates;  // PUB (publisher binds, viewers connect)
    std::string snapshot; // ROUTER
    std::string commands; // ROUTER; may be empty (no commands)
};

struct PublisherOptions {
    // Bind addresses. "tcp://127.0.0.1:*" binds an ephemeral port; boundEndpoints() then has the real one.
    FeedEndpoints bind;
    uint64_t publisherId = 0; // 0 = random
    uint32_t epoch = 0;       // 0 = derived from the clock and a random number (never reused across restarts)
    uint32_t heartbeatMs = 1000;
    Limits limits;
    int sendHighWaterMark = 100000; // frames queued per subscriber before ZeroMQ drops (a gap the viewer heals)
    // CURVE server options for the PUB, snapshot ROUTER and command ROUTER (applied before bind); empty = plain.
    CurveServerOptions curve;
};

struct CommandVerdict {
    CommandStatus status = CommandStatus::Accepted;
    std::string reason;
};
// Called on the owner thread for each valid command request; the publisher sends the verdict as the reply.
using CommandHandler = std::function<CommandVerdict(const CommandRequest&)>;

struct PublisherCounters {
    uint64_t updateFrames = 0, updates = 0, heartbeats = 0, snapshotsServed = 0, commands = 0, malformed = 0,
             dropped = 0; // dropped = frames withheld by dropNextFrames() (fault injection)
};

class FeedPublisher {
public:
    // Binds the sockets on `context` (which must outlive the publisher). Errors name the endpoint and cause
    // ("tcp://127.0.0.1:5556: Address already in use").
    static Expected<std::unique_ptr<FeedPublisher>> create(zmq::context_t& context, PublisherOptions options);
    ~FeedPublisher();

    // The endpoints viewers connect to (wildcard ports resolved; "0.0.0.0"/"*" hosts replaced by 127.0.0.1).
    const FeedEndpoints& boundEndpoints() const;
    uint64_t publisherId() const;
    uint32_t epoch() const;
    uint64_t sequence() const; // last Updates sequence sent (0 before the first)

    // Applies `updates` to the state and sends them as one Updates frame (one sequence number), or several
    // frames if they exceed the frame cap. Rejects (InvalidArgument) records the encoder would refuse, sending
    // nothing and leaving the state unchanged.
    Expected<void> publish(std::span<const Update> updates);
    // Same, with the frames' header timestamp given (µs since the Unix epoch, publisher-side wall clock) instead of
    // "now": a relay passes on the upstream frame's timestamp so viewers' feed-to-photon latency spans every hop.
    Expected<void> publish(std::span<const Update> updates, uint64_t sentUs);

    // Starts over as the same publisher id with a new epoch (never equal to the current one): the state becomes
    // exactly `state` (applied in order to an empty state), the sequence restarts at 0 and a heartbeat announcing
    // the new epoch goes out at once (unless heartbeats are paused: then the next update or heartbeat announces
    // it). Subscribers see a restart and resnapshot. This is how a relay says "entities are gone", which a
    // snapshot alone cannot. Rejects (InvalidArgument) a record the encoder would refuse, changing nothing.
    Expected<void> restart(std::span<const Update> state);

    // While paused no heartbeats go out (updates and snapshot replies still do), so subscribers that hear nothing
    // else go Stale: a relay whose upstream is stale passes that on. Resuming sends a heartbeat at the next poll.
    void setHeartbeatsPaused(bool paused);
    bool heartbeatsPaused() const;

    // Serves snapshot requests and commands, and sends a heartbeat if one is due; waits at most `timeout` for
    // socket activity. Malformed requests are counted and logged once per kind.
    void poll(std::chrono::milliseconds timeout, const CommandHandler& onCommand);
    // Same, and also wakes when the file descriptor `wakeFd` becomes readable (e.g. an eventfd another thread
    // signals): an owner thread waits for its sockets and its own work in one call. Returns true when `wakeFd` is
    // readable (the caller consumes it); `wakeFd` < 0 means none.
    bool poll(std::chrono::milliseconds timeout, const CommandHandler& onCommand, int wakeFd);

    // Fault injection for tests and the simulator's --drop option: the next `count` Updates frames consume
    // their sequence numbers and change the state but are not sent, so subscribers see a gap.
    void dropNextFrames(uint32_t count);

    const TwinState& state() const;
    const PublisherCounters& counters() const;

private:
    struct Impl;
    explicit FeedPublisher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace tv::net
