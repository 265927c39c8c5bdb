#include "ops/timeline/timeline_controller.h"

#include <algorithm>

namespace tv::ops {

TimelineController::TimelineController(TimelineOptions options) : m_timeline(options) {}

bool TimelineController::onLiveDelta(size_t feed, const net::FeedDelta& delta) {
    return onLiveDelta(feed, delta, deltaTwinTimeUs(delta));
}

bool TimelineController::onLiveDelta(size_t feed, const net::FeedDelta& delta, uint64_t twinTimeUs) {
    if (m_status.size() <= feed) m_status.resize(feed + 1);
    m_status[feed] = delta.status;
    // Frames without twin changes (command results only, or nothing this frame) carry no twin time of their own.
    if (delta.reset || !delta.changes.empty()) m_timeline.record(feed, delta, twinTimeUs);
    return live();
}

void TimelineController::buildReset(const net::TwinState& state, const net::FeedStatus& status, net::FeedDelta& out) {
    state.toUpdates(m_updates);
    m_builder.beginReset();
    for (const net::Update& u : m_updates) m_builder.add(u, 0, 0);
    m_builder.take(out);
    out.reset = true; // also for an empty state: everything shown before is gone
    // The builder stamps every record with one time; put back each property's and alarm's own times, so ages
    // ("3 s ago") read as they did at that moment.
    for (net::FeedChange& c : out.changes) {
        if (c.kind == net::FeedChange::Kind::Property) {
            if (const net::PropertyState* p = state.findProperty(c.entity, c.name)) {
                c.property.sentUs = p->sentUs;
                c.property.receivedUs = p->receivedUs;
            }
        } else if (c.kind == net::FeedChange::Kind::AlarmRaise) {
            if (auto it = state.alarms().find(c.name); it != state.alarms().end())
                c.alarm.raisedUs = it->second.raisedUs;
        }
    }
    out.status = status;
}

std::optional<uint64_t> TimelineController::goTo(uint64_t tUs, std::vector<net::FeedDelta>& resetDeltas) {
    const TimelineRange r = m_timeline.range();
    if (r.empty()) return std::nullopt;
    const uint64_t t = std::clamp(tUs, r.earliestUs, r.latestUs);
    const size_t feeds = m_timeline.feedCount();
    resetDeltas.resize(feeds);
    for (size_t f = 0; f < feeds; ++f) {
        m_timeline.stateAt(f, t, m_scratch);
        net::FeedStatus status = f < m_status.size() ? m_status[f] : net::FeedStatus{};
        status.liveness = net::FeedLiveness::Replay;
        buildReset(m_scratch, status, resetDeltas[f]);
    }
    m_moment = t;
    return t;
}

void TimelineController::goLive(std::vector<net::FeedDelta>& resetDeltas) {
    resetDeltas.clear();
    if (!m_moment) return;
    m_moment.reset();
    const size_t feeds = m_timeline.feedCount();
    resetDeltas.resize(feeds);
    for (size_t f = 0; f < feeds; ++f) {
        m_timeline.liveState(f, m_scratch);
        buildReset(m_scratch, f < m_status.size() ? m_status[f] : net::FeedStatus{}, resetDeltas[f]);
    }
}

} // namespace tv::ops
