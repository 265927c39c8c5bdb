// HistoryRing (see history_ring.h).
#include "ops/history/history_ring.h"

#include "core/assert.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tv::ops {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

size_t roundCapacity(size_t capacity) {
    const size_t blocks = std::max<size_t>(1, (capacity + HistoryRing::kBlockSmall - 1) / HistoryRing::kBlockSmall);
    return blocks * HistoryRing::kBlockSmall;
}

size_t largeBlocks(size_t capacity) { return (capacity + HistoryRing::kBlockLarge - 1) / HistoryRing::kBlockLarge; }

} // namespace

HistoryRing::HistoryRing(size_t capacity) : m_capacity(roundCapacity(capacity)) {
    // Default-initialised (not zeroed): the OS maps pages lazily, so a large ring that is never filled costs
    // address space, not resident memory.
    m_samples.reset(new HistorySample[m_capacity]);
    m_small.reset(new Block[m_capacity / kBlockSmall]);
    m_large.reset(new Block[largeBlocks(m_capacity)]);
}

size_t HistoryRing::memoryBytesFor(size_t capacity) {
    const size_t c = roundCapacity(capacity);
    return sizeof(HistoryRing) + c * sizeof(HistorySample) + (c / kBlockSmall + largeBlocks(c)) * sizeof(Block);
}

size_t HistoryRing::memoryBytes() const { return memoryBytesFor(m_capacity); }

bool HistoryRing::append(uint64_t tUs, double value) {
    if (m_size > 0 && tUs < latestUs()) {
        ++m_dropped;
        return false;
    }
    size_t slot;
    if (m_size < m_capacity) {
        slot = physical(m_size);
        ++m_size;
    } else {
        slot = m_tail; // overwrite the oldest
        m_tail = m_tail + 1 == m_capacity ? 0 : m_tail + 1;
    }
    m_samples[slot] = HistorySample{tUs, value};
    // The pyramid is summarised when a block's last slot is written (reading the block's 16 samples, or the large
    // block's 16 small summaries), not on every append: that keeps an append to one cache line in the steady state.
    // Only complete blocks are ever used whole by queries (see physicalMinMax), so deferring is exact.
    if (slot % kBlockSmall == kBlockSmall - 1) {
        const size_t first = slot + 1 - kBlockSmall;
        Block b{kInf, -kInf};
        for (size_t i = first; i <= slot; ++i) {
            const double v = m_samples[i].value;
            if (std::isfinite(v)) {
                b.min = std::min(b.min, v);
                b.max = std::max(b.max, v);
            }
        }
        m_small[slot / kBlockSmall] = b;
        if (slot % kBlockLarge == kBlockLarge - 1) {
            Block l{kInf, -kInf};
            const size_t firstSmall = (slot + 1 - kBlockLarge) / kBlockSmall;
            for (size_t i = firstSmall; i < firstSmall + kBlockLarge / kBlockSmall; ++i) {
                l.min = std::min(l.min, m_small[i].min);
                l.max = std::max(l.max, m_small[i].max);
            }
            m_large[slot / kBlockLarge] = l;
        }
    }
    return true;
}

size_t HistoryRing::lowerBound(uint64_t tUs) const {
    size_t lo = 0;
    size_t hi = m_size;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (at(mid).timeUs < tUs) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

// Times are whole microseconds: "after tUs" is "at or after tUs + 1".
size_t HistoryRing::upperBound(uint64_t tUs) const { return tUs == UINT64_MAX ? m_size : lowerBound(tUs + 1); }

std::optional<HistorySample> HistoryRing::valueAt(uint64_t tUs) const {
    const size_t i = upperBound(tUs);
    if (i == 0) { return std::nullopt; }
    return at(i - 1);
}

void HistoryRing::physicalMinMax(size_t begin, size_t end, double& mn, double& mx) const {
    size_t i = begin;
    while (i < end) {
        if (i % kBlockLarge == 0 && i + kBlockLarge <= end) {
            const Block& b = m_large[i / kBlockLarge];
            mn = std::min(mn, b.min);
            mx = std::max(mx, b.max);
            i += kBlockLarge;
        } else if (i % kBlockSmall == 0 && i + kBlockSmall <= end) {
            const Block& b = m_small[i / kBlockSmall];
            mn = std::min(mn, b.min);
            mx = std::max(mx, b.max);
            i += kBlockSmall;
        } else {
            const double v = m_samples[i].value;
            if (std::isfinite(v)) {
                mn = std::min(mn, v);
                mx = std::max(mx, v);
            }
            ++i;
        }
    }
}

bool HistoryRing::rangeMinMax(size_t begin, size_t end, double& outMin, double& outMax) const {
    end = std::min(end, m_size);
    if (begin >= end) { return false; }
    double mn = kInf;
    double mx = -kInf;
    const size_t pBegin = physical(begin);
    const size_t pLast = physical(end - 1);
    if (pBegin <= pLast) {
        physicalMinMax(pBegin, pLast + 1, mn, mx);
    } else { // wraps past the end of the storage
        physicalMinMax(pBegin, m_capacity, mn, mx);
        physicalMinMax(0, pLast + 1, mn, mx);
    }
    if (mn > mx) {
        return false; // only non-finite values
    }
    outMin = mn;
    outMax = mx;
    return true;
}

void HistoryRing::columns(uint64_t t0Us, uint64_t t1Us, std::span<HistoryColumn> out, uint64_t limitUs) const {
    std::fill(out.begin(), out.end(), HistoryColumn{});
    if (out.empty() || t1Us <= t0Us || m_size == 0 || latestUs() < t0Us || earliestUs() > t1Us) { return; }
    const size_t limit = limitUs == UINT64_MAX ? m_size : lowerBound(limitUs);
    const double width = static_cast<double>(t1Us - t0Us) / static_cast<double>(out.size());
    size_t begin = lowerBound(t0Us);
    for (size_t c = 0; c < out.size() && begin < limit; ++c) {
        const bool lastColumn = c + 1 == out.size();
        const uint64_t colEnd = t0Us + static_cast<uint64_t>(std::llround(width * static_cast<double>(c + 1)));
        // Binary search only when the column is not already past the next sample (sparse data skips columns cheaply).
        size_t end;
        if (lastColumn) {
            end = upperBound(t1Us);
        } else if (at(begin).timeUs >= colEnd) {
            end = begin;
        } else {
            end = lowerBound(colEnd);
        }
        end = std::min(end, limit);
        if (end > begin) {
            HistoryColumn& col = out[c];
            col.count = static_cast<uint32_t>(end - begin);
            col.first = at(begin).value;
            col.last = at(end - 1).value;
            double mn = 0.0;
            double mx = 0.0;
            if (rangeMinMax(begin, end, mn, mx)) {
                col.min = mn;
                col.max = mx;
                col.finite = 1; // at least one finite value (exact count is not needed by charts)
            }
        }
        begin = end;
    }
}

HistoryRing HistoryRing::resized(size_t newCapacity) const {
    HistoryRing r(newCapacity);
    const size_t keep = std::min(m_size, r.m_capacity);
    for (size_t i = m_size - keep; i < m_size; ++i) { r.append(at(i).timeUs, at(i).value); }
    r.m_dropped = m_dropped;
    return r;
}

} // namespace tv::ops
