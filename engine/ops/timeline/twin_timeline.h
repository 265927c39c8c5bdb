// TwinTimeline — the viewer's own in-memory recording of what every live feed said, so the operator can scrub
// back: per feed a FeedHistory (keyframes every ~10 s of twin time plus a compact change log between them), the
// alarm markers for the timeline bar (every AlarmRaise seen), and optionally an older feed recording
// (net::FeedRecording) attached per feed as history before the in-memory range.
//
// Memory is bounded (default 256 MiB, settable): when the estimate passes the budget, the oldest keyframe segment
// of any feed is dropped first (the covered range's start moves forward). At the bench rate (10,000 numeric
// properties changing at 10 Hz, 32 bytes per logged change) 256 MiB holds roughly a minute; a plant that changes
// 1,000 properties once a second is covered for about an hour.
//
// Times are twin time (µs since the Unix epoch on the publisher's clock, docs/operator-panels.md): the caller
// passes each delta's time (deltaTwinTimeUs). Times that go backwards (a publisher clock stepping back) are
// clamped to the feed's latest time, so the log stays ordered.
//
// Attached recordings: a recording's records carry offsets from its header's startUs, taken on the RECORDER's
// wall clock when each frame arrived, not the publisher's send time. stateAt(t) below the in-memory range returns
// recording.stateAt(t - startUs): the two clocks agree to within network latency plus the skew between the
// publisher's and the recorder's clocks (milliseconds on a synchronised plant network), which is the accuracy of
// the history before the in-memory range.
//
// Owns its histories; not thread-safe: main thread only.
#pragma once

#include "net/feed/twin_state.h"
#include "net/record/feed_recording.h"
#include "ops/timeline/feed_history.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tv::ops {

inline constexpr size_t kDefaultTimelineBudget = size_t(256) << 20;
inline constexpr uint64_t kDefaultKeyframeIntervalUs = 10'000'000;

struct TimelineOptions {
    size_t memoryBudgetBytes = kDefaultTimelineBudget;
    uint64_t keyframeIntervalUs = kDefaultKeyframeIntervalUs; // twin time between keyframes
    size_t maxAlarmMarkers = 10'000;                          // the oldest markers go first past this
};

struct TimelineRange {
    uint64_t earliestUs = 0;
    uint64_t latestUs = 0;
    bool empty() const { return latestUs == 0; } // nothing recorded and no recording attached
    bool contains(uint64_t tUs) const { return !empty() && tUs >= earliestUs && tUs <= latestUs; }
};

struct AlarmMarker {
    uint64_t timeUs = 0; // twin time of the delta that raised it
    size_t feed = 0;
    std::string id;
    std::string entity;
    net::AlarmSeverity severity = net::AlarmSeverity::Warning;
    std::string text;
};

using net::deltaTwinTimeUs;

class TwinTimeline {
public:
    explicit TwinTimeline(TimelineOptions options = {});

    // Records one live delta of `feed` (feeds are added on first use). Call after every live delta, in order.
    // O(changes); no allocation per numeric change once the budget is reached. May drop old segments.
    void record(size_t feed, const net::FeedDelta& delta, uint64_t twinTimeUs);

    // Changes the budget (bytes, > 0); drops old segments at once when over it.
    void setMemoryBudget(size_t bytes);
    size_t memoryBudget() const { return m_options.memoryBudgetBytes; }
    size_t bytesUsed() const; // estimate of everything the timeline holds in memory

    // Covered twin-time range: memory plus attached recordings. memoryRange(): the in-memory part only.
    TimelineRange range() const;
    TimelineRange memoryRange() const;
    size_t feedCount() const { return m_feeds.size(); }

    // The feed's state after every delta recorded with time <= tUs. Before the in-memory range: the attached
    // recording's state at that time (see the clock note above); else empty when the feed had not said anything
    // yet, or the oldest state held when older history was dropped for the budget. Unknown feed: empty.
    void stateAt(size_t feed, uint64_t tUs, net::TwinState& out) const;
    // The feed's latest state (what the live twin shows).
    void liveState(size_t feed, net::TwinState& out) const;

    // Every AlarmRaise recorded, oldest first (markers before the covered range are dropped).
    std::span<const AlarmMarker> alarmMarkers() const { return m_markers; }

    // Attaches an older recording of `feed` as history before the in-memory range (replaces a previous one).
    void attachRecording(size_t feed, std::shared_ptr<const net::FeedRecording> recording);
    const net::FeedRecording* recording(size_t feed) const;

    const FeedHistory* history(size_t feed) const { return feed < m_feeds.size() ? &m_feeds[feed]->history : nullptr; }

private:
    struct Feed {
        FeedHistory history;
        std::shared_ptr<const net::FeedRecording> recording;
    };
    Feed& feedSlot(size_t feed);
    void enforceBudget();
    void pruneMarkers();

    TimelineOptions m_options;
    std::vector<std::unique_ptr<Feed>> m_feeds;
    std::vector<AlarmMarker> m_markers;
};

} // namespace tv::ops
