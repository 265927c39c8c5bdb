#include "net/codec/sequence_tracker.h"

namespace tv::net {

const char* sequenceVerdictName(SequenceVerdict v) {
    switch (v) {
    case SequenceVerdict::Apply: return "Apply";
    case SequenceVerdict::Duplicate: return "Duplicate";
    case SequenceVerdict::Gap: return "Gap";
    case SequenceVerdict::Restart: return "Restart";
    case SequenceVerdict::Unsynced: return "Unsynced";
    }
    return "Unknown";
}

void SequenceTracker::loadSnapshot(uint64_t publisherId, uint32_t epoch, uint64_t snapshotSequence) {
    m_synced = true;
    m_publisherId = publisherId;
    m_epoch = epoch;
    m_last = snapshotSequence;
}

SequenceVerdict SequenceTracker::count(SequenceVerdict v) {
    switch (v) {
    case SequenceVerdict::Apply: ++m_counters.applied; break;
    case SequenceVerdict::Duplicate: ++m_counters.duplicates; break;
    case SequenceVerdict::Gap:
        ++m_counters.gaps;
        m_synced = false;
        break;
    case SequenceVerdict::Restart:
        ++m_counters.restarts;
        m_synced = false;
        break;
    case SequenceVerdict::Unsynced: ++m_counters.unsynced; break;
    }
    return v;
}

SequenceVerdict SequenceTracker::onUpdate(uint64_t publisherId, uint32_t epoch, uint64_t sequence) {
    if (!m_synced) return count(SequenceVerdict::Unsynced);
    if (publisherId != m_publisherId || epoch != m_epoch) return count(SequenceVerdict::Restart);
    if (sequence <= m_last) return count(SequenceVerdict::Duplicate);
    if (sequence != m_last + 1) return count(SequenceVerdict::Gap);
    m_last = sequence;
    return count(SequenceVerdict::Apply);
}

SequenceVerdict SequenceTracker::onHeartbeat(uint64_t publisherId, uint32_t epoch, uint64_t lastSequence) {
    if (!m_synced) return SequenceVerdict::Unsynced; // heartbeats are not counted as buffered updates
    if (publisherId != m_publisherId || epoch != m_epoch) return count(SequenceVerdict::Restart);
    if (lastSequence > m_last) return count(SequenceVerdict::Gap);
    return SequenceVerdict::Apply;
}

} // namespace tv::net
