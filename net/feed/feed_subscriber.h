// FeedSubscriber — the viewer side of one live twin feed, on its own network thread. It follows the ZeroMQ
// Guide's Clone pattern (docs/protocol.md "Flow"): SUB connected and subscribed first, updates buffered, snapshot
// requested on a DEALER, snapshot applied, buffered updates replayed through a SequenceTracker (duplicates
// discarded), then live updates; a gap (missed sequence, heartbeat tail check), a publisher restart (new id or
// epoch) or an incomplete snapshot triggers a new snapshot. Heartbeats and updates keep the feed Live; silence past
// the stale timeout makes it Stale until the publisher is heard again. Malformed frames are counted and logged
// once per kind; nothing a peer sends can stop the thread.
//
// Decoded updates are coalesced (DeltaBuilder, latest value wins) and handed to the main thread by poll(), so a
// burst of thousands of updates costs the main thread only what changed. Commands go out on a second DEALER with
// an id and a timeout; replies, rejections and timeouts come back through poll() as CommandResults. With
// SubscriberOptions::curve set, every socket is a CURVE client (a hub's relayed feed).
//
// Thread-safety: poll(), sendCommand(), status() and describe() may be called from any one thread (the main
// thread); the network thread is internal. The callbacks in SubscriberOptions run on the network thread.
#pragma once

#include "core/expected.h"
#include "net/codec/wire_format.h"
#include "net/feed/feed_publisher.h"
#include "net/feed/feed_source.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace tv::net {

struct SubscriberOptions {
    std::string name;               // for status and log lines; defaults to the updates endpoint
    FeedEndpoints connect;          // where the publisher's sockets are (commands may be empty: sendCommand -> NotSent)
    std::string identity;           // sent in snapshot requests (logs); default "twinview-<pid>"
    uint32_t staleTimeoutMs = 3000; // silence before the feed is Stale (3 heartbeat intervals by default)
    uint32_t snapshotTimeoutMs = 2000; // no complete snapshot within this -> request again
    size_t maxBufferedFrames = 100000; // updates buffered while syncing; beyond that the oldest are dropped and
                                       // the replay will detect the gap and resync again
    Limits limits;
    // Network thread: called when the pending delta goes from empty to non-empty (e.g. glfwPostEmptyEvent, so a
    // viewer idling in glfwWaitEvents draws the update at once).
    std::function<void()> onPending;
    // Network thread: every frame that became part of the applied state, in the order it was applied: on each
    // (re)snapshot its chunks and end marker (after the snapshot completed), then each applied Updates frame.
    // Lets `twinview record` write exactly what the viewer saw. The span is valid only during the call.
    std::function<void(uint64_t receivedUs, std::span<const uint8_t> frame)> onAppliedFrame;
    // CURVE client options for the SUB, snapshot DEALER and command DEALER (applied before connect); empty = plain.
    // A key the server refuses leaves the feed Connecting (ZeroMQ keeps retrying the handshake).
    CurveClientOptions curve;
};

class FeedSubscriber final : public FeedSource {
public:
    // Creates the sockets, connects (errors name the endpoint: "tcp://nohost:1: Invalid argument") and starts the
    // network thread. `context` must outlive the subscriber.
    static Expected<std::unique_ptr<FeedSubscriber>> start(zmq::context_t& context, SubscriberOptions options);
    ~FeedSubscriber() override; // stops and joins the network thread (bounded: sockets use linger 0)

    void poll(double dtSeconds, FeedDelta& out) override;
    uint64_t sendCommand(std::string_view target, std::string_view verb, std::span<const OwnedCommandArg> args,
                         uint32_t timeoutMs) override;
    FeedStatus status() const override;
    std::string describe() const override;

private:
    struct Impl;
    explicit FeedSubscriber(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace tv::net
