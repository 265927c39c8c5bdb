// OperatorView — what the app hands the operator panels each frame (docs/operator-panels.md): the property history
// (live and archive) and its loader's progress, thresholds and ranges for the trends chart, the KPI board, the alarm
// journal, the timeline's state and whether this user may acknowledge alarms. Plain pointers and spans into objects
// the app owns for the frame; null/empty when there is no live twin. Main thread.
#pragma once

#include "ops/alarms/alarm_journal.h"
#include "ops/history/history_store.h"
#include "ops/kpi/kpi_board.h"
#include "ui/compare_panel.h"
#include "ui/timeline_panel.h"
#include "ui/trends_panel.h"

#include <span>
#include <string>

namespace tv::ui {

struct OperatorView {
    const ops::HistoryStore* history = nullptr; // live history, fed by every live delta
    const ops::HistoryStore* archive = nullptr; // older history read from a recording (null until loaded)
    HistoryLoadProgress historyLoad;
    std::span<const TrendThreshold> thresholds; // from the scene file's threshold bindings
    std::span<const TrendRange> ranges;         // from the scene file's declared min/max
    const ops::KpiBoard* kpis = nullptr;        // null: the scene file declares none (or they failed to parse)
    const ops::AlarmJournal* journal = nullptr;
    TimelineView timeline;
    CompareView compare;         // the comparison the app computed for the Compare panel's request
    double twinNowSeconds = 0.0; // the twin's now (s since the epoch, publisher clock)
    // Acknowledging needs a role that may send commands, and the live twin (not a past moment).
    bool canAcknowledge = true;
    std::string whyNotAcknowledge;
};

} // namespace tv::ui
