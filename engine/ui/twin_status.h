// Twin status — the live twin's segment of the status bar: each feed's name and liveness in its colour (Live
// green, Syncing teal, Stale amber, Connecting grey, Replay blue; the feed's last error in a tooltip), the rate
// of changes applied to the scene per second (measured from the runtime's counter between frames), and the active
// alarm count per severity in its colour, with how many are unacknowledged ("2 critical (1 unacked)"). Plain data
// in, so tests need no TwinRuntime. Main thread, inside the status bar's ImGui window (it draws on the current
// line).
#pragma once

#include "net/feed/feed_types.h"
#include "ui/twin_format.h"

#include <span>
#include <vector>

namespace tv::ui {

struct TwinStatusState {
    RateMeter changesPerSecond;
    std::vector<net::FeedStatus> feeds; // scratch: the runtime's feed statuses gathered for this frame
};

// `changesApplied` is a monotonic counter (RuntimeCounters::changesApplied), sampled at `nowSeconds`. `unacked`
// (optional) = the unacknowledged alarms per severity among `alarms`.
void drawTwinStatus(TwinStatusState& state, std::span<const net::FeedStatus> feeds, const AlarmCounts& alarms,
                    uint64_t changesApplied, double nowSeconds, const AlarmCounts* unacked = nullptr);
// The same from the runtime's alarm list (counts and unacknowledged counts taken from it).
void drawTwinStatus(TwinStatusState& state, std::span<const net::FeedStatus> feeds,
                    std::span<const twin::LiveAlarm> alarms, uint64_t changesApplied, double nowSeconds);

} // namespace tv::ui
