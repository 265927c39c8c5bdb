// Fills the parts of the UI's ViewerUiModel that come from the live twin and the shared session — the same for
// every front end that draws the viewer's panels (the desktop window, the headset's hand panel). Main thread.
#pragma once

#include "app/live_twin.h"
#include "app/session_link.h"
#include "net/record/feed_player.h"
#include "ui/ui_model.h"

namespace tv::app {

inline void fillLiveModel(ui::ViewerUiModel& model, const LiveTwin* live, const SessionLink* link) {
    if (live) {
        model.twin = &live->runtime();
        model.timeSeconds = live->timeSeconds();
        model.commandLog = live->commandLog();
        if (const net::FeedPlayer* player = live->player()) {
            model.replay.available = true;
            model.replay.positionSeconds = double(player->positionUs()) / 1e6;
            model.replay.durationSeconds = double(player->durationUs()) / 1e6;
            model.replay.speed = player->speed();
            model.replay.paused = player->paused();
            model.replay.finished = player->finished();
        }
    }
    if (link) model.session = &link->viewModel();
}

} // namespace tv::app
