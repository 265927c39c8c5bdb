// Replay bar — a strip above the status bar while a recording plays: play / pause, the speed (0.25x .. 64x), a
// timeline slider to seek and the position / duration labels. It reads the player's position from ReplayView and
// only asks for changes (ReplaySetPaused, ReplaySetSpeed, ReplaySeek actions): the app's player owns the clock.
// A seek is sent once when the slider is released, not every frame of a drag, because each seek makes the player
// rebuild state from the recording's snapshot. Main thread, inside an ImGui frame.
#pragma once

#include "ui/ui_action.h"
#include "ui/ui_model.h"

#include <span>
#include <vector>

namespace tv::ui {

struct ReplayBarState {
    bool dragging = false;    // the timeline slider is held
    double dragSeconds = 0.0; // where it is held (shown instead of the player's position)
};

// The speeds the combo offers, slowest first.
std::span<const double> replaySpeeds();

// Play / pause as the button and the Space key do it: pause while playing; play while paused; when the
// recording has finished, seek to the start and play.
void toggleReplayPaused(const ReplayView& replay, std::vector<UiAction>& actions);

// Draws the bar (nothing unless replay.available) and appends the actions it asks for.
void drawReplayBar(ReplayBarState& state, const ReplayView& replay, std::vector<UiAction>& actions);

} // namespace tv::ui
