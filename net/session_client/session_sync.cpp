#include "net/session_client/session_sync.h"

namespace tv::net {
namespace {

// The session protocol has one sequencer per hub run: the epoch alone identifies it, so the tracker's publisher id
// is a constant.
constexpr uint64_t kHubPublisher = 1;

} // namespace

void SessionEventSync::begin(uint32_t epoch) {
    m_epoch = epoch;
    m_tracker = SequenceTracker{};
    m_buffer.clear();
}

void SessionEventSync::buffer(const EventMsg& event) {
    if (m_maxBuffered == 0) return;
    while (m_buffer.size() >= m_maxBuffered) {
        m_buffer.pop_front();
        ++m_bufferDropped;
    }
    m_buffer.push_back(event);
}

SessionEventSync::Verdict SessionEventSync::onEvent(const EventMsg& event) {
    if (event.epoch != m_epoch) return Verdict::OtherEpoch;
    if (!m_tracker.synced()) {
        buffer(event);
        return Verdict::Buffered;
    }
    switch (m_tracker.onUpdate(kHubPublisher, event.epoch, event.sequence)) {
    case SequenceVerdict::Apply: return Verdict::Apply;
    case SequenceVerdict::Duplicate: return Verdict::Duplicate;
    case SequenceVerdict::Unsynced: buffer(event); return Verdict::Buffered;
    case SequenceVerdict::Gap:
    case SequenceVerdict::Restart: // cannot happen: the epoch was checked above
        // The next snapshot may be older than this event: keep it for the replay.
        buffer(event);
        return Verdict::Gap;
    }
    return Verdict::Gap;
}

SessionEventSync::Verdict SessionEventSync::onHeartbeat(uint32_t epoch, uint64_t lastSequence) {
    if (epoch != m_epoch) return Verdict::OtherEpoch;
    if (!m_tracker.synced()) return Verdict::Apply;
    return m_tracker.onHeartbeat(kHubPublisher, epoch, lastSequence) == SequenceVerdict::Gap ? Verdict::Gap
                                                                                             : Verdict::Apply;
}

SessionEventSync::Verdict SessionEventSync::onSnapshot(uint32_t epoch, uint64_t sequence,
                                                       std::vector<EventMsg>& replay) {
    replay.clear();
    if (epoch != m_epoch) return Verdict::OtherEpoch;
    if (m_tracker.synced()) return Verdict::Duplicate;
    m_tracker.loadSnapshot(kHubPublisher, epoch, sequence);
    while (!m_buffer.empty()) {
        const EventMsg& e = m_buffer.front();
        switch (m_tracker.onUpdate(kHubPublisher, e.epoch, e.sequence)) {
        case SequenceVerdict::Apply: replay.push_back(std::move(m_buffer.front())); break;
        case SequenceVerdict::Duplicate: break;
        default:
            // A hole between the snapshot and the buffered events: this snapshot is too old. Keep the buffer (from
            // the event after the hole on) for the next snapshot's replay, and drop what was collected for this one.
            replay.clear();
            m_tracker.reset();
            return Verdict::Gap;
        }
        m_buffer.pop_front();
    }
    return Verdict::Apply;
}

bool PresenceOrder::accept(std::string_view user, uint64_t sequence) {
    auto it = m_last.find(user);
    if (it == m_last.end()) {
        m_last.emplace(std::string(user), sequence);
        return true;
    }
    if (sequence <= it->second) return false;
    it->second = sequence;
    return true;
}

void PresenceOrder::forget(std::string_view user) {
    auto it = m_last.find(user);
    if (it != m_last.end()) m_last.erase(it);
}

} // namespace tv::net
