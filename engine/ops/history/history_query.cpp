// History queries over live + archive rings (see history_query.h).
#include "ops/history/history_query.h"

#include <algorithm>

namespace tv::ops {

namespace {

bool has(const HistoryRing* r) { return r != nullptr && !r->empty(); }

} // namespace

uint64_t HistorySource::archiveLimitUs() const { return has(live) ? live->earliestUs() : UINT64_MAX; }

uint64_t HistorySource::earliestUs() const {
    if (has(archive) && archive->earliestUs() < archiveLimitUs()) { return archive->earliestUs(); }
    return has(live) ? live->earliestUs() : 0;
}

uint64_t HistorySource::latestUs() const {
    if (has(live)) { return live->latestUs(); }
    return has(archive) ? archive->latestUs() : 0;
}

std::optional<HistorySample> historyValueAt(const HistorySource& source, uint64_t tUs) {
    if (has(source.live)) {
        if (auto s = source.live->valueAt(tUs)) { return s; }
    }
    if (has(source.archive)) {
        // Before the live ring's first sample: every archive sample <= tUs is older than the live data.
        return source.archive->valueAt(std::min(tUs, source.archiveLimitUs() - 1));
    }
    return std::nullopt;
}

void historyColumns(const HistorySource& source, uint64_t t0Us, uint64_t t1Us, std::span<HistoryColumn> out,
                    std::vector<HistoryColumn>& scratch) {
    std::fill(out.begin(), out.end(), HistoryColumn{});
    if (has(source.live)) { source.live->columns(t0Us, t1Us, out); }
    if (!has(source.archive)) { return; }
    const uint64_t limit = source.archiveLimitUs();
    if (source.archive->earliestUs() >= limit || t0Us >= limit) {
        return; // the window is all live
    }
    scratch.resize(out.size());
    source.archive->columns(t0Us, t1Us, scratch, limit);
    for (size_t c = 0; c < out.size(); ++c) {
        const HistoryColumn& a = scratch[c];
        if (a.count == 0) { continue; }
        HistoryColumn& l = out[c];
        if (l.count == 0) {
            l = a;
            continue;
        }
        // Archive samples precede live ones inside a column (they stop at the live ring's first sample).
        l.first = a.first;
        if (a.finite != 0) {
            l.min = l.finite != 0 ? std::min(l.min, a.min) : a.min;
            l.max = l.finite != 0 ? std::max(l.max, a.max) : a.max;
            l.finite = 1;
        }
        l.count += a.count;
    }
}

} // namespace tv::ops
