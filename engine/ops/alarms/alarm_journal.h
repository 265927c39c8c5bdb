// AlarmJournal — the history of the twin's alarms for the operator: fed once per frame with the runtime's active
// alarms (twin::TwinRuntime::alarms()), it detects by id when an alarm was raised, acknowledged (and by whom) and
// cleared, keeps a bounded journal of those occurrences (newest first) and counts the active alarms per severity,
// with how many of them are unacknowledged. States use ISA-18.2 wording: "unacknowledged", "acknowledged",
// "cleared" (returned to normal), and "cleared, unacknowledged" for an alarm that returned to normal before anyone
// acknowledged it (it stays in the journal so nobody misses it).
//
// An occurrence ends when its id leaves the active list. The same id raised again later is a new occurrence (a new
// entry); so is an active alarm the feed raised again (a new publisher time, or an acknowledged alarm that became
// unacknowledged): its previous entry is closed as cleared at that moment.
//
// Cost per update(): one hash lookup per active alarm (string_view, no allocation) plus work proportional to what
// changed; nothing is rebuilt when nothing changed. Entries: at most `capacity` (oldest cleared-and-acknowledged
// dropped first, then oldest cleared; active alarms are never dropped, so the journal may exceed the cap while more
// alarms than that are active). Main thread only (the frame loop), like TwinRuntime.
#pragma once

#include "twin/twin_runtime.h"

#include <array>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tv::ops {

enum class AlarmPhase : uint8_t { Unacknowledged, Acknowledged, Cleared, ClearedUnacknowledged };
// "unacknowledged", "acknowledged", "cleared", "cleared, unacknowledged".
const char* alarmPhaseName(AlarmPhase phase);

struct AlarmJournalEntry {
    uint64_t sequence = 0; // increasing per occurrence: a stable identity for panels (ids repeat)
    std::string id;
    std::string entity;
    net::AlarmSeverity severity = net::AlarmSeverity::Warning;
    std::string text;
    twin::AlarmOrigin origin = twin::AlarmOrigin::Feed;
    // Twin time (µs since the Unix epoch, publisher clock where the feed gave one; see docs of update()).
    uint64_t raisedUs = 0;
    uint64_t acknowledgedUs = 0; // 0 = not acknowledged
    std::string acknowledgedBy;
    uint64_t clearedUs = 0; // 0 = still active
    bool acknowledged = false;
    bool cleared = false;
    double raisedAtSeconds = 0.0; // runtime clock (TwinRuntime::update's time), for "2 min ago"
    double acknowledgedAtSeconds = 0.0;
    double clearedAtSeconds = 0.0;

    AlarmPhase phase() const {
        if (cleared) return acknowledged ? AlarmPhase::Cleared : AlarmPhase::ClearedUnacknowledged;
        return acknowledged ? AlarmPhase::Acknowledged : AlarmPhase::Unacknowledged;
    }
};

// Active alarms per severity (index = severity 1..4; 0 unused), and how many of those are unacknowledged.
struct AlarmSeverityCounts {
    std::array<uint32_t, 5> active{};
    std::array<uint32_t, 5> unacknowledged{};
    uint32_t activeOf(net::AlarmSeverity s) const { return active[size_t(s)]; }
    uint32_t unacknowledgedOf(net::AlarmSeverity s) const { return unacknowledged[size_t(s)]; }
    uint32_t totalActive() const { return active[1] + active[2] + active[3] + active[4]; }
    uint32_t totalUnacknowledged() const {
        return unacknowledged[1] + unacknowledged[2] + unacknowledged[3] + unacknowledged[4];
    }
    bool operator==(const AlarmSeverityCounts&) const = default;
};

class AlarmJournal {
public:
    static constexpr size_t kDefaultCapacity = 2000;
    explicit AlarmJournal(size_t capacity = kDefaultCapacity);

    // Once per frame, after TwinRuntime::update(): `active` = the runtime's alarms, `twinTimeUs` = the twin time of
    // this frame (see docs: the publisher's clock), `runtimeSeconds` = the runtime clock. A transition's twin time
    // is the alarm's own publisher time when the feed gave one (raisedUs, acknowledgedUs), else `twinTimeUs`; a
    // clear is seen when the id leaves the list, at `twinTimeUs`.
    void update(std::span<const twin::LiveAlarm> active, uint64_t twinTimeUs, double runtimeSeconds);

    // The journal, newest occurrence first: index 0 .. size()-1.
    size_t size() const { return m_entries.size(); }
    const AlarmJournalEntry& entry(size_t newestFirst) const;
    // The open (not cleared) occurrence of an active alarm id, or null.
    const AlarmJournalEntry* findActive(std::string_view id) const;

    const AlarmSeverityCounts& counts() const { return m_counts; }
    // Increases whenever the journal or the counts change: a panel can cache what it derived from them.
    uint64_t revision() const { return m_revision; }
    size_t capacity() const { return m_capacity; }
    void clear();

private:
    struct Tracked {
        uint64_t sequence = 0; // of its open entry
        uint64_t seenFrame = 0;
        uint64_t alarmRaisedUs = 0; // the alarm's own raisedUs (a new value = raised again)
    };
    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    AlarmJournalEntry* bySequence(uint64_t sequence);
    void open(const twin::LiveAlarm& a, uint64_t twinTimeUs, double runtimeSeconds);
    void close(AlarmJournalEntry& e, uint64_t twinTimeUs, double runtimeSeconds);
    void evict();
    void recount();

    size_t m_capacity;
    std::deque<AlarmJournalEntry> m_entries; // oldest first (sequence increasing); entry() reverses
    std::unordered_map<std::string, Tracked, StringHash, std::equal_to<>> m_active;
    AlarmSeverityCounts m_counts;
    uint64_t m_nextSequence = 1;
    uint64_t m_frame = 0;
    uint64_t m_revision = 0;
};

} // namespace tv::ops
