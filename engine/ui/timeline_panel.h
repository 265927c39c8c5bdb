// Timeline panel — scrub the twin's recorded history: the covered range as a bar with alarm markers (severity
// colours, hover = the alarm's text), a scrub handle (dragging previews with TimelineGoTo at most ~5 times a
// second, release = the final TimelineGoTo), step buttons (-1 min, -10 s, +10 s, +1 min), the moment's UTC time
// and age ("3 min 12 s ago"), a clear LIVE / VIEWING PAST MOMENT state, Go live (TimelineGoLive), and for a
// session presenter Take everyone here / Everyone back to live (ShareMoment), disabled with the reason for other
// roles. When a presenter took everyone to a moment, a banner says so, with a local Go live.
// It reads plain data (TimelineView) and only asks for changes through UiActions: the app's LiveTwin owns the
// timeline. Usable at ~600 px wide (XR hand panel). Main thread, inside an ImGui frame.
#pragma once

#include "ops/timeline/twin_timeline.h"
#include "ui/ui_action.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tv::ui {

struct TimelineView {
    ops::TimelineRange range;         // covered twin time (µs)
    uint64_t nowUs = 0;               // the twin's now (latest twin time)
    std::optional<uint64_t> momentUs; // the moment shown; nullopt = live
    std::span<const ops::AlarmMarker> markers;
    bool canShare = false;       // this user may take everyone to a moment (presenter)
    std::string whyNotShare;     // shown when !canShare ("only a presenter can ...")
    bool inSession = false;      // the share buttons are shown only in a shared session
    std::string sharedBy;        // a presenter took everyone to a moment: their name ("" = none)
    uint64_t sharedMomentUs = 0; // that moment
};

struct TimelinePanelState {
    bool dragging = false;
    uint64_t dragUs = 0;              // where the handle is held
    double lastPreviewSeconds = -1e9; // ImGui time of the last preview TimelineGoTo
};

// "3 min 12 s ago" / "in 5 s" relative to nowUs (the clock itself: core/utc_time.h, utcClockText).
std::string formatAgo(uint64_t twinTimeUs, uint64_t nowUs);

// Draws the panel as its own window (nothing when *open is false) and appends what the user asked for.
void drawTimelinePanel(TimelinePanelState& state, bool* open, const TimelineView& view, std::vector<UiAction>& actions);
// The panel's contents, for embedding in another window (the XR hand panel, a docked strip).
void drawTimelineContents(TimelinePanelState& state, const TimelineView& view, std::vector<UiAction>& actions);

} // namespace tv::ui
