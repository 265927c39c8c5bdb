// FeedPublisher — the publishing side of the twin feed (docs/protocol.md, "Flow: the Clone pattern"): binds a PUB
// socket for updates and heartbeats, a ROUTER for snapshot requests and a ROUTER for commands; keeps the twin's
// state (TwinState) and the sequence counter; answers snapshot requests with chunked snapshots under the frame cap;
// sends a heartbeat whenever it was silent for one interval; hands command requests to a handler and sends its
// reply. Used by the plant simulator, `twinview sim`, the hub later, tests and benchmarks.
//
// Not thread-safe: one owner thread calls publish() and poll() (typically a simulation loop).
#pragma once

#include "core/expected.h"
#include "net/codec/messages.h"
#include "net/feed/twin_state.h"

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

    // Serves snapshot requests and commands, and sends a heartbeat if one is due; waits at most `timeout` for
    // socket activity. Malformed requests are counted and logged once per kind.
    void poll(std::chrono::milliseconds timeout, const CommandHandler& onCommand);

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
