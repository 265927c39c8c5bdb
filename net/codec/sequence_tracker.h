// Clone-pattern bookkeeping for one publisher, as pure logic (no clocks, no sockets, no allocation):
//
// SequenceTracker decides what a subscriber does with each update it receives, given the snapshot it loaded:
// apply it, discard it (already contained in the snapshot or seen), or resynchronise (a gap: an update was lost,
// e.g. a high-water-mark drop; or a restart: the publisher id or epoch changed). Before the first snapshot and
// after any resync verdict it is unsynced, and the caller buffers updates until the next snapshot is loaded, then
// replays the buffer through it (the Guide's "subscribe first, then ask for the snapshot").
//
// StalenessTracker tells a live but idle publisher (heartbeats keep arriving) from a dead one, from timestamps
// the caller supplies (a monotonic clock in µs).
//
// Both are owned by the feed's network thread; not thread-safe.
#pragma once

#include <cstdint>

namespace tv::net {

enum class SequenceVerdict : uint8_t {
    Apply,     // next in order: apply it (the tracker advanced)
    Duplicate, // sequence <= last applied (in the snapshot or seen before): discard silently
    Gap,       // at least one update is missing: discard it, re-request a snapshot
    Restart,   // publisher id or epoch changed: the old state is void, re-request a snapshot
    Unsynced,  // no snapshot loaded yet (or a resync is pending): buffer it for replay after the snapshot
};
const char* sequenceVerdictName(SequenceVerdict v);

class SequenceTracker {
public:
    // A snapshot for (publisherId, epoch) reflecting every update up to and including `snapshotSequence` has been
    // loaded: updates with sequence <= snapshotSequence are now duplicates, snapshotSequence + 1 applies next.
    void loadSnapshot(uint64_t publisherId, uint32_t epoch, uint64_t snapshotSequence);

    // Verdict for an Updates frame's header fields. Gap and Restart leave the tracker unsynced.
    SequenceVerdict onUpdate(uint64_t publisherId, uint32_t epoch, uint64_t sequence);

    // A heartbeat says the publisher's last sequence is `lastSequence`: if that is ahead of what we applied, the
    // tail updates were lost (Gap); a different epoch is a Restart. Otherwise Apply (nothing to do) or Unsynced.
    SequenceVerdict onHeartbeat(uint64_t publisherId, uint32_t epoch, uint64_t lastSequence);

    // Forget the snapshot (e.g. the caller decided to resync for its own reasons).
    void reset() { m_synced = false; }

    bool synced() const { return m_synced; }
    uint64_t lastApplied() const { return m_last; }
    uint64_t publisherId() const { return m_publisherId; }
    uint32_t epoch() const { return m_epoch; }

    struct Counters {
        uint64_t applied = 0, duplicates = 0, gaps = 0, restarts = 0, unsynced = 0;
    };
    const Counters& counters() const { return m_counters; }

private:
    SequenceVerdict count(SequenceVerdict v);

    bool m_synced = false;
    uint64_t m_publisherId = 0;
    uint32_t m_epoch = 0;
    uint64_t m_last = 0;
    Counters m_counters;
};

enum class Liveness : uint8_t { Unknown, Alive, Stale };

class StalenessTracker {
public:
    // timeoutUs: silence longer than this (no update and no heartbeat) makes the publisher stale. Typically three
    // heartbeat intervals, so one lost heartbeat does not flap the state.
    explicit StalenessTracker(uint64_t timeoutUs) : m_timeoutUs(timeoutUs) {}

    void heard(uint64_t nowUs) {
        m_heard = true;
        m_lastUs = nowUs;
    }
    // Unknown until first heard; a clock that went backwards counts as "just heard" rather than stale.
    Liveness state(uint64_t nowUs) const {
        if (!m_heard) return Liveness::Unknown;
        return nowUs > m_lastUs && nowUs - m_lastUs > m_timeoutUs ? Liveness::Stale : Liveness::Alive;
    }
    uint64_t lastHeardUs() const { return m_lastUs; }
    uint64_t timeoutUs() const { return m_timeoutUs; }

private:
    uint64_t m_timeoutUs;
    uint64_t m_lastUs = 0;
    bool m_heard = false;
};

} // namespace tv::net
