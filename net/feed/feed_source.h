// FeedSource — what the viewer's main loop pulls twin changes from, once per frame: a live feed
// (FeedSubscriber, network thread behind it) or a recording being replayed (FeedPlayer, net/record). The viewer
// does not care which: it drains a delta, applies it to the scene, and sends commands through the same object.
// Main thread.
#pragma once

#include "net/feed/feed_types.h"

#include <span>
#include <string>
#include <string_view>

namespace tv::net {

class FeedSource {
public:
    virtual ~FeedSource() = default;

    // Moves everything that changed since the last call into `out` (cleared first) and fills out.status.
    // dtSeconds = wall time since the previous call (a replay advances its clock by dtSeconds * speed).
    virtual void poll(double dtSeconds, FeedDelta& out) = 0;

    // Sends a command to the twin; returns its id (> 0). The outcome (accepted/rejected/failed/timed out, or
    // NotSent when the source cannot carry commands, e.g. a replay) arrives in a later delta's commandResults.
    virtual uint64_t sendCommand(std::string_view target, std::string_view verb, std::span<const OwnedCommandArg> args,
                                 uint32_t timeoutMs) = 0;

    virtual FeedStatus status() const = 0;
    virtual std::string describe() const = 0; // "tcp://127.0.0.1:5556" or "replay of plant.tvrec"
};

} // namespace tv::net
