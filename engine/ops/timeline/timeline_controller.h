// TimelineController — the viewer's mode machine Live <-> AtMoment(t) over a TwinTimeline. Every live delta is
// recorded; while Live it also goes to the runtime, while at a moment the runtime keeps showing the moment (live
// data keeps arriving and is kept). goTo(t) / goLive() hand back one reset delta per feed: the complete state at t
// (liveness Replay, so the UI shows it is not live) or the live state (the feed's last live status), built through
// net::DeltaBuilder from TwinState::toUpdates exactly like a snapshot, so the runtime and every panel that reads
// deltas rebuild themselves as they do after a resync.
//
// Owns the timeline; not thread-safe: main thread only.
#pragma once

#include "net/feed/twin_state.h"
#include "ops/timeline/twin_timeline.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace tv::ops {

class TimelineController {
public:
    explicit TimelineController(TimelineOptions options = {});

    // Records the delta (time: deltaTwinTimeUs, or the given twin time) and remembers the feed's status.
    // Returns true when the runtime should get it (Live), false at a moment.
    bool onLiveDelta(size_t feed, const net::FeedDelta& delta);
    bool onLiveDelta(size_t feed, const net::FeedDelta& delta, uint64_t twinTimeUs);

    // Goes to the moment tUs, clamped into range(); `resetDeltas` receives one reset delta per feed (index =
    // feed) holding the state then. Returns the moment used, or nullopt (nothing changes) when nothing is recorded.
    std::optional<uint64_t> goTo(uint64_t tUs, std::vector<net::FeedDelta>& resetDeltas);
    // Back to live: one reset delta per feed with its live state and last live status. A no-op (no deltas) when
    // already live.
    void goLive(std::vector<net::FeedDelta>& resetDeltas);

    bool live() const { return !m_moment; }
    std::optional<uint64_t> moment() const { return m_moment; }
    // The latest twin time recorded (0 before the first delta).
    uint64_t nowUs() const { return m_timeline.range().latestUs; }

    TwinTimeline& timeline() { return m_timeline; }
    const TwinTimeline& timeline() const { return m_timeline; }

private:
    // The reset delta that rebuilds `state` (property and alarm times restored from the state).
    void buildReset(const net::TwinState& state, const net::FeedStatus& status, net::FeedDelta& out);

    TwinTimeline m_timeline;
    std::optional<uint64_t> m_moment;
    std::vector<net::FeedStatus> m_status; // the last live status per feed
    net::TwinState m_scratch;
    std::vector<net::Update> m_updates;
    net::DeltaBuilder m_builder;
};

} // namespace tv::ops
