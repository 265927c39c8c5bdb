#include "ops/timeline/twin_timeline.h"

#include "core/assert.h"

#include <algorithm>
#include <limits>

namespace tv::ops {

TwinTimeline::TwinTimeline(TimelineOptions options) : m_options(options) {
    TV_ASSERT(m_options.memoryBudgetBytes > 0, "TwinTimeline: the memory budget must be > 0");
    TV_ASSERT(m_options.keyframeIntervalUs > 0, "TwinTimeline: the keyframe interval must be > 0");
}

TwinTimeline::Feed& TwinTimeline::feedSlot(size_t feed) {
    while (m_feeds.size() <= feed) m_feeds.push_back(std::make_unique<Feed>());
    return *m_feeds[feed];
}

void TwinTimeline::record(size_t feed, const net::FeedDelta& delta, uint64_t twinTimeUs) {
    Feed& f = feedSlot(feed);
    const uint64_t t = std::max(twinTimeUs, f.history.latestUs());
    f.history.record(delta, t, m_options.keyframeIntervalUs);
    for (const net::FeedChange& c : delta.changes) {
        if (c.kind != net::FeedChange::Kind::AlarmRaise) continue;
        m_markers.push_back(AlarmMarker{t, feed, c.name, c.alarm.entity, c.alarm.severity, c.alarm.text});
    }
    if (m_markers.size() > m_options.maxAlarmMarkers)
        m_markers.erase(m_markers.begin(),
                        m_markers.begin() + std::ptrdiff_t(m_markers.size() - m_options.maxAlarmMarkers));
    enforceBudget();
}

size_t TwinTimeline::bytesUsed() const {
    size_t bytes = m_markers.capacity() * sizeof(AlarmMarker);
    for (const auto& f : m_feeds) bytes += f->history.bytesUsed();
    return bytes;
}

void TwinTimeline::setMemoryBudget(size_t bytes) {
    TV_ASSERT(bytes > 0, "TwinTimeline::setMemoryBudget: the budget must be > 0");
    m_options.memoryBudgetBytes = bytes;
    enforceBudget();
}

void TwinTimeline::enforceBudget() {
    bool dropped = false;
    while (bytesUsed() > m_options.memoryBudgetBytes) {
        // The oldest segment of any feed that has more than its current one.
        FeedHistory* oldest = nullptr;
        for (auto& f : m_feeds)
            if (f->history.segmentCount() > 1 &&
                (!oldest || f->history.oldestSegmentStartUs() < oldest->oldestSegmentStartUs()))
                oldest = &f->history;
        if (oldest) {
            oldest->dropOldestSegment();
            dropped = true;
            continue;
        }
        // Every feed is down to one segment: give up the buffers kept for reuse first (recycling needs a budget
        // of a few segments), then split the biggest one (a keyframe of its live state) so its log can
        // go. Under a budget smaller than one keyframe this makes every delta a keyframe: the range is then just
        // "now", which is all such a budget can hold.
        bool released = false;
        for (auto& f : m_feeds) released = f->history.releaseSpares() || released;
        if (released) continue;
        FeedHistory* biggest = nullptr;
        for (auto& f : m_feeds)
            if (!biggest || f->history.bytesUsed() > biggest->bytesUsed()) biggest = &f->history;
        if (!biggest || !biggest->forceKeyframe()) break;
    }
    if (dropped) pruneMarkers();
}

void TwinTimeline::pruneMarkers() {
    const uint64_t earliest = range().earliestUs;
    auto keep =
        std::find_if(m_markers.begin(), m_markers.end(), [&](const AlarmMarker& m) { return m.timeUs >= earliest; });
    m_markers.erase(m_markers.begin(), keep);
}

TimelineRange TwinTimeline::memoryRange() const {
    TimelineRange r;
    r.earliestUs = std::numeric_limits<uint64_t>::max();
    for (const auto& f : m_feeds) {
        if (f->history.empty()) continue;
        r.earliestUs = std::min(r.earliestUs, f->history.earliestUs());
        r.latestUs = std::max(r.latestUs, f->history.latestUs());
    }
    if (r.latestUs == 0) r.earliestUs = 0;
    return r;
}

TimelineRange TwinTimeline::range() const {
    TimelineRange r = memoryRange();
    for (const auto& f : m_feeds) {
        if (!f->recording) continue;
        const uint64_t start = f->recording->header().startUs;
        r.earliestUs = r.latestUs == 0 ? start : std::min(r.earliestUs, start);
        r.latestUs = std::max(r.latestUs, start + f->recording->durationUs());
    }
    return r;
}

void TwinTimeline::stateAt(size_t feed, uint64_t tUs, net::TwinState& out) const {
    if (feed >= m_feeds.size()) {
        out.clear();
        return;
    }
    const Feed& f = *m_feeds[feed];
    const bool beforeMemory = f.history.empty() || tUs < f.history.earliestUs();
    if (beforeMemory && f.recording) {
        const uint64_t start = f.recording->header().startUs;
        f.recording->stateAt(tUs > start ? tUs - start : 0, out);
        return;
    }
    f.history.stateAt(tUs, out);
}

void TwinTimeline::liveState(size_t feed, net::TwinState& out) const {
    if (feed >= m_feeds.size()) {
        out.clear();
        return;
    }
    const Feed& f = *m_feeds[feed];
    if (f.history.empty() && f.recording) {
        f.recording->stateAt(f.recording->durationUs(), out);
        return;
    }
    f.history.liveState(out);
}

void TwinTimeline::attachRecording(size_t feed, std::shared_ptr<const net::FeedRecording> recording) {
    feedSlot(feed).recording = std::move(recording);
}

const net::FeedRecording* TwinTimeline::recording(size_t feed) const {
    return feed < m_feeds.size() ? m_feeds[feed]->recording.get() : nullptr;
}

} // namespace tv::ops
