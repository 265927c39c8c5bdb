// Fills the parts of the UI's ViewerUiModel that come from the live twin and the shared session — the same for
// every front end that draws the viewer's panels (the desktop window, the headset's hand panel). Main thread.
#pragma once

#include "app/live_twin.h"
#include "app/operator_data.h"
#include "app/session_link.h"
#include "net/record/feed_player.h"
#include "ui/ui_model.h"

namespace tv::app {

// The operator panels' view of the live twin: history, KPIs, journal, timeline, and whether this user may
// acknowledge alarms (a session observer may not; nobody may while the timeline shows a past moment).
inline void fillOperatorView(ui::OperatorView& view, const LiveTwin& live, const SessionLink* link) {
    const OperatorData& ops = live.operators();
    view.history = &ops.history();
    view.archive = ops.archive();
    view.historyLoad = ops.historyLoad();
    view.thresholds = ops.trendThresholds();
    view.ranges = ops.trendRanges();
    view.kpis = ops.kpis();
    view.journal = &ops.journal();
    view.twinNowSeconds = double(live.twinNowUs()) / 1e6;
    ui::TimelineView& t = view.timeline;
    t.range = live.timelineRange();
    t.nowUs = live.twinNowUs();
    t.momentUs = live.moment();
    t.markers = live.timeline().alarmMarkers();
    const ui::SessionViewModel* session = link ? &link->viewModel() : nullptr;
    t.inSession = session && session->active;
    if (t.inSession) {
        t.canShare = session->canShareMoment;
        t.whyNotShare = session->shareMomentWhyNot;
        if (session->sharedMomentUs != 0) { // a presenter took everyone to a moment ("" when back to live)
            t.sharedBy = session->sharedMomentBy;
            t.sharedMomentUs = session->sharedMomentUs;
        }
    }
    const OperatorData::CompareResult& cmp = ops.compare();
    view.compare.comparison = cmp.computed ? &cmp.comparison : nullptr;
    view.compare.error = cmp.error;
    view.compare.range = t.range;
    view.compare.nowUs = t.nowUs;
    view.compare.momentUs = t.momentUs;
    view.compare.computedSerial = cmp.serial;
    view.canAcknowledge = true;
    view.whyNotAcknowledge.clear();
    if (live.moment()) {
        view.canAcknowledge = false;
        view.whyNotAcknowledge = "the timeline shows a past moment: go live to acknowledge";
    } else if (live.player()) {
        view.canAcknowledge = false;
        view.whyNotAcknowledge = "a recording cannot be acknowledged";
    } else if (t.inSession && !net::mayPerform(session->selfRole, net::SessionAction::SendCommand)) {
        // Acknowledging is a twin command: the session's permission matrix decides, as the hub will.
        view.canAcknowledge = false;
        view.whyNotAcknowledge = std::string("acknowledging is a command: ") +
                                 net::denialReason(session->selfRole, net::SessionAction::SendCommand);
    }
}

inline void fillLiveModel(ui::ViewerUiModel& model, const LiveTwin* live, const SessionLink* link) {
    if (live) {
        fillOperatorView(model.operators, *live, link);
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
