// HistoryRing — the bounded in-memory history of one numeric property: a fixed-capacity ring of (twin time µs,
// value) samples in time order, with a two-level min/max pyramid (blocks of 16 and 256 samples) so that a chart can
// ask for "min/max/first/last per pixel column over [t0, t1]" in O(columns × (log n + 32)) however many samples
// the window holds. Owns its sample storage, allocated once at construction: append is O(1) and never allocates.
// Samples older than the newest are dropped and counted (time never goes backwards inside a ring). NaN / inf
// values ("no reading") are stored, shown as gaps in charts and as "no reading" in read-outs, and skipped by
// min/max. Not thread-safe: one writer (the main thread's feed drain) and readers on the same thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

namespace tv::ops {

struct HistorySample {
    uint64_t timeUs = 0; // twin time, µs since the Unix epoch (publisher clock)
    double value = 0.0;
};

// One pixel column of a decimated range query. `count` = samples whose time falls in the column (0: none; the
// other fields are then meaningless). min/max skip non-finite values; `finite` is 0 when no value in the column was
// finite (min/max meaningless too). first/last are the first and last samples' values as stored (possibly NaN).
struct HistoryColumn {
    double min = 0.0;
    double max = 0.0;
    double first = 0.0;
    double last = 0.0;
    uint32_t count = 0;
    uint32_t finite = 0;
};

class HistoryRing {
public:
    static constexpr size_t kBlockSmall = 16;
    static constexpr size_t kBlockLarge = 256;

    // `capacity` is rounded up to a multiple of kBlockSmall (a trailing partial large block is never summarised).
    explicit HistoryRing(size_t capacity);
    HistoryRing(HistoryRing&&) noexcept = default;
    HistoryRing& operator=(HistoryRing&&) noexcept = default;

    // Appends a sample. Returns false (and counts it in droppedOutOfOrder()) when tUs is older than the newest
    // sample; equal times are kept (two changes in one frame). When full, the oldest sample is overwritten.
    bool append(uint64_t tUs, double value);

    size_t size() const { return m_size; }
    size_t capacity() const { return m_capacity; }
    bool empty() const { return m_size == 0; }
    uint64_t droppedOutOfOrder() const { return m_dropped; }
    // Bytes held by this ring (samples + pyramid).
    size_t memoryBytes() const;
    // Bytes a ring of `capacity` samples holds (after rounding), for budgeting before creating one.
    static size_t memoryBytesFor(size_t capacity);

    // Sample i in time order (0 = oldest). i < size().
    const HistorySample& at(size_t i) const { return m_samples[physical(i)]; }
    // Where the next append writes (for prefetching ahead of a batch of appends).
    const void* nextWriteAddress() const { return &m_samples[m_size < m_capacity ? physical(m_size) : m_tail]; }
    // Oldest / newest time; 0 when empty.
    uint64_t earliestUs() const { return m_size == 0 ? 0 : at(0).timeUs; }
    uint64_t latestUs() const { return m_size == 0 ? 0 : at(m_size - 1).timeUs; }

    // Index (time order) of the first sample with time >= tUs (size() when none). O(log n).
    size_t lowerBound(uint64_t tUs) const;
    // Index of the first sample with time > tUs. O(log n).
    size_t upperBound(uint64_t tUs) const;

    // The sample in force at tUs (step interpolation: the newest sample with time <= tUs), or nullopt when tUs is
    // before the oldest sample held (or the ring is empty). O(log n).
    std::optional<HistorySample> valueAt(uint64_t tUs) const;

    // Min/max of the finite values among samples [begin, end) (time-order indices). Returns false when there is no
    // finite value there. Cost: at most ~60 single samples and small blocks plus the large blocks between.
    bool rangeMinMax(size_t begin, size_t end, double& outMin, double& outMax) const;

    // Decimates [t0Us, t1Us) into out.size() equal columns (column c covers [t0 + c·w, t0 + (c+1)·w), the last
    // column includes t1). Samples at or after `limitUs` are ignored (the archive ring stops where the live ring
    // starts). Cost O(columns × (log n + 64)), independent of the samples in the window.
    void columns(uint64_t t0Us, uint64_t t1Us, std::span<HistoryColumn> out, uint64_t limitUs = UINT64_MAX) const;

    // Copies the newest min(size(), newCapacity) samples into a ring of `newCapacity` (the store shrinks its rings
    // this way when the number of keys grows past its plan). The dropped-sample count carries over.
    HistoryRing resized(size_t newCapacity) const;

private:
    size_t physical(size_t i) const {
        size_t p = m_tail + i;
        return p >= m_capacity ? p - m_capacity : p;
    }
    // Min/max over physical slots [begin, end) (no wrap), using pyramid blocks fully inside the range: a block fully
    // inside a contiguous run of held samples was written completely in the current pass (or wholly in the
    // previous one), so its summary is exact.
    void physicalMinMax(size_t begin, size_t end, double& mn, double& mx) const;

    struct Block {
        double min;
        double max;
    };
    size_t m_capacity = 0;
    size_t m_size = 0;
    size_t m_tail = 0; // physical index of the oldest sample
    uint64_t m_dropped = 0;
    std::unique_ptr<HistorySample[]> m_samples;
    std::unique_ptr<Block[]> m_small; // capacity / 16 blocks
    std::unique_ptr<Block[]> m_large; // ceil(capacity / 256) blocks
};

} // namespace tv::ops
