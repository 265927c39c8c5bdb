// HistoryStore — the bounded in-memory history of every numeric property a feed reports: one HistoryRing per
// (entity, property), created lazily on the key's first numeric sample, fed once per frame with the feed's
// coalesced delta. Numbers are recorded as they are (NaN/inf = "no reading"), bools as 0/1; strings and vectors are
// ignored. Samples carry twin time: PropertyState::sentUs, else receivedUs, else the delta's time (its largest
// sentUs, else the wall clock). A reset delta (re-snapshot) does not clear anything: history survives resyncs.
//
// Memory is bounded by a budget (default 128 MiB) shared fairly by all rings. The rule: the store plans for P keys
// (P starts at Options::plannedKeys rounded up to a power of two, or exactly what reserveKeys() asked) and every
// ring gets the same
//     capacity = clamp((budget / P − per-key overhead) / bytes per sample, 256, 65,536) samples
// (bytes per sample ≈ 17 with the min/max pyramid; per-key overhead ≈ 200 B: its series record and table slots;
// rounded down to a multiple of 16). When a new key would push the ring count past P, P doubles and every existing
// ring is shrunk to the new capacity, keeping its newest samples — a one-off O(total samples) step that happens
// log2(keys) times in a store's life, and never when reserveKeys() was told the key count (e.g. the scene file's
// bound properties). This deliberately differs from fixing each ring's size when it is created: later keys are
// not starved, and the total stays within the budget. Only when 256-sample rings no longer fit (more than ~29,000
// keys at 128 MiB) is the budget exceeded, by ~4.4 KiB per extra key; memoryBytes() reports the real figure.
// Example: 10,000 keys reserved at 128 MiB -> 768 samples each (77 s at 10 Hz), 128.0 MiB.
//
// Lookup by key is O(1) and allocation-free: an open-addressing table of (hash, series index) probed with the
// borrowed key (no node per key, so a lookup costs one cache line of table plus the series itself); record()
// allocates only when a key is new.
// Main thread only (not thread-safe); pointers from find() are valid until the next call that creates a ring.
#pragma once

#include "net/feed/feed_types.h"
#include "ops/history/history_key.h"
#include "ops/history/history_ring.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tv::ops {

struct HistorySeries {
    HistoryKey key;
    net::OwnedUnit unit; // the latest unit the feed sent with the property
    HistoryRing ring;
};

class HistoryStore {
public:
    static constexpr size_t kDefaultBudgetBytes = size_t(128) << 20;
    static constexpr size_t kMinCapacity = 256;
    static constexpr size_t kMaxCapacity = 65536;

    struct Options {
        size_t budgetBytes = kDefaultBudgetBytes;
        size_t plannedKeys = 64; // initial plan P (rounded up to a power of two)
    };

    HistoryStore() : HistoryStore(Options{}) {}
    explicit HistoryStore(Options options);

    // Records every numeric property change of `delta` (see the header comment for times and types).
    void record(const net::FeedDelta& delta);
    // Records one sample directly (tests, recordings). Returns false when dropped as out of order.
    bool record(HistoryKeyView key, uint64_t timeUs, double value, const net::OwnedUnit* unit = nullptr);

    // The series of a key, or nullptr when the key never had a numeric sample. O(1), no allocation.
    const HistorySeries* find(HistoryKeyView key) const;
    const HistoryRing* ring(HistoryKeyView key) const {
        const HistorySeries* s = find(key);
        return s == nullptr ? nullptr : &s->ring;
    }

    size_t seriesCount() const { return m_series.size(); }
    const HistorySeries& series(size_t i) const { return m_series[i]; } // creation order

    // Plans for at least `keys` rings now (shrinking existing rings if needed), so later creations do not reshuffle.
    void reserveKeys(size_t keys);
    // Changes the budget; existing rings are resized (newest samples kept) to the new fair capacity.
    void setBudgetBytes(size_t bytes);
    size_t budgetBytes() const { return m_options.budgetBytes; }
    // The capacity a ring gets under the current plan.
    size_t ringCapacity() const { return m_capacity; }
    size_t plannedKeys() const { return m_planned; }
    // Bytes held by all rings (samples + pyramids) plus the key table, approximately.
    size_t memoryBytes() const;

    uint64_t samplesRecorded() const { return m_recorded; }
    uint64_t samplesDropped() const { return m_dropped; } // out of order (older than the ring's newest)
    uint64_t resizes() const { return m_resizes; }        // how many times the plan grew and rings were shrunk

    // Forgets everything (the budget and plan stay).
    void clear();

private:
    struct Slot {
        uint64_t hash = 0;
        uint32_t index = kEmpty; // into m_series
    };
    static constexpr uint32_t kEmpty = UINT32_MAX;

    HistorySeries& seriesFor(HistoryKeyView key, uint64_t hash);
    bool append(HistorySeries& series, uint64_t timeUs, double value, const net::OwnedUnit* unit);
    size_t findSlot(HistoryKeyView key, uint64_t hash) const; // the key's slot, or the empty slot ending its probe
    void growTable();
    size_t capacityFor(size_t planned) const;
    void replan(size_t planned);

    Options m_options;
    size_t m_planned = 0;
    size_t m_capacity = 0;
    std::vector<HistorySeries> m_series;
    std::vector<Slot> m_table; // power-of-two size, at most half full
    uint64_t m_recorded = 0;
    uint64_t m_dropped = 0;
    uint64_t m_resizes = 0;
};

using net::deltaTwinTimeUs;

} // namespace tv::ops
