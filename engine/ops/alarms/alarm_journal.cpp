#include "ops/alarms/alarm_journal.h"

#include "core/assert.h"

#include <algorithm>

namespace tv::ops {

const char* alarmPhaseName(AlarmPhase phase) {
    switch (phase) {
    case AlarmPhase::Unacknowledged: return "unacknowledged";
    case AlarmPhase::Acknowledged: return "acknowledged";
    case AlarmPhase::Cleared: return "cleared";
    case AlarmPhase::ClearedUnacknowledged: return "cleared, unacknowledged";
    }
    return "unknown";
}

AlarmJournal::AlarmJournal(size_t capacity) : m_capacity(std::max<size_t>(1, capacity)) {}

const AlarmJournalEntry& AlarmJournal::entry(size_t newestFirst) const {
    TV_ASSERT(newestFirst < m_entries.size(), "AlarmJournal::entry: index out of range");
    return m_entries[m_entries.size() - 1 - newestFirst];
}

AlarmJournalEntry* AlarmJournal::bySequence(uint64_t sequence) {
    // Entries are appended in sequence order and only ever erased, so the deque stays sorted.
    auto it = std::lower_bound(m_entries.begin(), m_entries.end(), sequence,
                               [](const AlarmJournalEntry& e, uint64_t s) { return e.sequence < s; });
    return it != m_entries.end() && it->sequence == sequence ? &*it : nullptr;
}

const AlarmJournalEntry* AlarmJournal::findActive(std::string_view id) const {
    auto it = m_active.find(id);
    if (it == m_active.end()) return nullptr;
    return const_cast<AlarmJournal*>(this)->bySequence(it->second.sequence);
}

void AlarmJournal::open(const twin::LiveAlarm& a, uint64_t twinTimeUs, double runtimeSeconds) {
    AlarmJournalEntry& e = m_entries.emplace_back();
    e.sequence = m_nextSequence++;
    e.id = a.id;
    e.entity = a.entity;
    e.severity = a.severity;
    e.text = a.text;
    e.origin = a.origin;
    e.raisedUs = a.raisedUs ? a.raisedUs : twinTimeUs;
    e.raisedAtSeconds = runtimeSeconds;
    if (a.acknowledged) { // acknowledged before this journal saw it (joined late, or raised and acked in a frame)
        e.acknowledged = true;
        e.acknowledgedBy = a.acknowledgedBy;
        e.acknowledgedUs = a.acknowledgedUs ? a.acknowledgedUs : twinTimeUs;
        e.acknowledgedAtSeconds = runtimeSeconds;
    }
    auto [it, fresh] = m_active.try_emplace(a.id);
    it->second = Tracked{e.sequence, m_frame, a.raisedUs};
}

void AlarmJournal::close(AlarmJournalEntry& e, uint64_t twinTimeUs, double runtimeSeconds) {
    e.cleared = true;
    e.clearedUs = std::max(twinTimeUs, e.raisedUs);
    e.clearedAtSeconds = runtimeSeconds;
}

void AlarmJournal::update(std::span<const twin::LiveAlarm> active, uint64_t twinTimeUs, double runtimeSeconds) {
    ++m_frame;
    bool changed = false;
    size_t seen = 0;
    for (const twin::LiveAlarm& a : active) {
        auto it = m_active.find(std::string_view(a.id));
        if (it == m_active.end()) {
            open(a, twinTimeUs, runtimeSeconds);
            ++seen;
            changed = true;
            continue;
        }
        if (it->second.seenFrame == m_frame) continue; // the same id twice (two feeds): one occurrence
        it->second.seenFrame = m_frame;
        ++seen;
        AlarmJournalEntry* e = bySequence(it->second.sequence);
        TV_ASSERT(e, "an active alarm's journal entry was evicted");
        // Raised again while active: the previous occurrence ends here, a new one starts.
        bool again =
            (a.raisedUs != 0 && a.raisedUs != it->second.alarmRaisedUs) || (e->acknowledged && !a.acknowledged);
        if (again) {
            close(*e, twinTimeUs, runtimeSeconds);
            open(a, twinTimeUs, runtimeSeconds);
            changed = true;
            continue;
        }
        if (a.acknowledged && (!e->acknowledged || e->acknowledgedBy != a.acknowledgedBy)) {
            if (!e->acknowledged) {
                e->acknowledgedUs = a.acknowledgedUs ? a.acknowledgedUs : twinTimeUs;
                e->acknowledgedAtSeconds = runtimeSeconds;
            }
            e->acknowledged = true;
            e->acknowledgedBy = a.acknowledgedBy;
            changed = true;
        }
        if (e->severity != a.severity || e->text != a.text || e->entity != a.entity) {
            e->severity = a.severity;
            e->text = a.text;
            e->entity = a.entity;
            changed = true;
        }
    }
    if (seen < m_active.size()) { // some ids left the list: returned to normal
        for (auto it = m_active.begin(); it != m_active.end();) {
            if (it->second.seenFrame == m_frame) {
                ++it;
                continue;
            }
            if (AlarmJournalEntry* e = bySequence(it->second.sequence)) close(*e, twinTimeUs, runtimeSeconds);
            it = m_active.erase(it);
        }
        changed = true;
    }
    if (!changed) return;
    recount();
    evict();
    ++m_revision;
}

// From the open entries (one per active id, so an id listed twice counts once).
void AlarmJournal::recount() {
    m_counts = {};
    for (const auto& [id, t] : m_active) {
        (void)id;
        const AlarmJournalEntry* e = bySequence(t.sequence);
        if (!e) continue;
        size_t s = size_t(e->severity);
        if (s >= m_counts.active.size()) continue;
        ++m_counts.active[s];
        if (!e->acknowledged) ++m_counts.unacknowledged[s];
    }
}

void AlarmJournal::evict() {
    while (m_entries.size() > m_capacity) {
        auto victim = std::find_if(m_entries.begin(), m_entries.end(),
                                   [](const AlarmJournalEntry& e) { return e.cleared && e.acknowledged; });
        if (victim == m_entries.end())
            victim =
                std::find_if(m_entries.begin(), m_entries.end(), [](const AlarmJournalEntry& e) { return e.cleared; });
        if (victim == m_entries.end()) return; // every entry is active: keep them all
        m_entries.erase(victim);
    }
}

void AlarmJournal::clear() {
    m_entries.clear();
    m_active.clear();
    m_counts = {};
    ++m_revision;
}

} // namespace tv::ops
