// History queries over a key's two sources: the live ring (HistoryStore fed by the feed) and the archive ring
// (a HistoryStore filled from a recording by loadHistory). The archive answers only for times before the live
// ring's earliest sample, so a chart shows recording history, then live history, without double counting the
// overlap. Either source may be null. Pure functions over const rings; same thread as the rings' writer.
#pragma once

#include "ops/history/history_ring.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace tv::ops {

struct HistorySource {
    const HistoryRing* live = nullptr;
    const HistoryRing* archive = nullptr;

    bool empty() const { return (live == nullptr || live->empty()) && (archive == nullptr || archive->empty()); }
    // Oldest and newest time over both sources (0 when empty).
    uint64_t earliestUs() const;
    uint64_t latestUs() const;
    // Time where the archive stops answering: the live ring's earliest sample (UINT64_MAX without live samples).
    uint64_t archiveLimitUs() const;
};

// The sample in force at tUs (step interpolation), from the live ring, else from the archive for earlier times.
std::optional<HistorySample> historyValueAt(const HistorySource& source, uint64_t tUs);

// Per-pixel-column decimation of [t0Us, t1Us) over both sources (see HistoryRing::columns). `scratch` is reused
// storage for the archive's columns (resized to out.size(); no allocation once it is large enough).
void historyColumns(const HistorySource& source, uint64_t t0Us, uint64_t t1Us, std::span<HistoryColumn> out,
                    std::vector<HistoryColumn>& scratch);

} // namespace tv::ops
