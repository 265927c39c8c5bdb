// Session sync — the viewer's bookkeeping for the hub's two streams, as pure logic (no sockets, no clock), so the
// Clone-pattern decisions are unit-testable apart from the network thread that makes them (session_client.cpp).
//
// SessionEventSync: the sequenced session events. The viewer subscribes first, buffers events while it waits for
// a snapshot, then replays those after the snapshot's sequence and drops older ones; a missed sequence (an event
// that jumps ahead, or a heartbeat whose last sequence is ahead of ours) means "take a new snapshot"; an event or
// heartbeat of another epoch means the hub restarted (the caller rejoins). It reuses the twin feed's
// SequenceTracker (net/codec/sequence_tracker.h) for the sequence rules, with the hub's epoch as the publisher.
//
// PresenceOrder: presence records are never stored or sequenced by the hub; each sender numbers its own. A record
// older than the last one seen from the same user is dropped (UDP-like reordering cannot happen on one TCP
// connection, but a sender's records can reach us over two hub connections around a reconnect). Forgetting a user
// (they left or rejoined) lets a restarted sender's new numbering through.
//
// Owned by the client's network thread; not thread-safe.
#pragma once

#include "net/codec/sequence_tracker.h"
#include "net/session/session_protocol.h"

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tv::net {

class SessionEventSync {
public:
    enum class Verdict : uint8_t {
        Apply,      // next in order: apply it now
        Buffered,   // no snapshot yet (or a resync is pending): kept for the replay after the snapshot
        Duplicate,  // already part of the state: drop
        Gap,        // something was missed: request a new snapshot (the event is kept for the replay)
        OtherEpoch, // the hub restarted (or this is from its previous run): rejoin
    };

    // Buffered events beyond this are dropped oldest first; the replay then finds a gap and resyncs again.
    explicit SessionEventSync(size_t maxBuffered = 10000) : m_maxBuffered(maxBuffered) {}

    // Starts over for a (re)join to a hub run: unsynced, nothing buffered, events of other epochs refused.
    void begin(uint32_t epoch);

    // One event from the events stream. Events are copied only when buffered.
    Verdict onEvent(const EventMsg& event);

    // A heartbeat: Apply (nothing missed, or unsynced: nothing to judge yet), Gap (it says the hub sent a
    // sequence we have not applied: the tail was lost) or OtherEpoch.
    Verdict onHeartbeat(uint32_t epoch, uint64_t lastSequence);

    // A snapshot arrived. Returns Apply when it was loaded: `replay` receives the buffered events that follow it,
    // in order (the caller applies them after the snapshot); Duplicate when it is not wanted (already synced: an
    // answer to an earlier request that a newer snapshot overtook); OtherEpoch for another hub run; Gap when the
    // buffered events after it are not contiguous (request again: the buffer is kept).
    Verdict onSnapshot(uint32_t epoch, uint64_t sequence, std::vector<EventMsg>& replay);

    // Forget the state (e.g. a snapshot request timed out and will be sent again): events buffer until the next.
    void resync() { m_tracker.reset(); }

    bool synced() const { return m_tracker.synced(); }
    uint32_t epoch() const { return m_epoch; }
    uint64_t lastApplied() const { return m_tracker.lastApplied(); }
    size_t buffered() const { return m_buffer.size(); }
    uint64_t bufferDropped() const { return m_bufferDropped; }

private:
    void buffer(const EventMsg& event);

    size_t m_maxBuffered;
    uint32_t m_epoch = 0;
    SequenceTracker m_tracker;
    std::deque<EventMsg> m_buffer;
    uint64_t m_bufferDropped = 0;
};

class PresenceOrder {
public:
    // True when `sequence` is newer than the last record accepted from `user` (or the first from them); the
    // record is then the user's latest.
    bool accept(std::string_view user, uint64_t sequence);
    // The user left or (re)joined: their next record is accepted whatever its sequence.
    void forget(std::string_view user);
    void clear() { m_last.clear(); }
    size_t users() const { return m_last.size(); }

private:
    std::map<std::string, uint64_t, std::less<>> m_last;
};

} // namespace tv::net
