// Alarm journal panel — the raise / acknowledge / clear history an ops::AlarmJournal keeps, newest first: severity,
// entity, text, the twin times (UTC, publisher clock) of the raise, the acknowledgement (and by whom) and the clear,
// and the ISA-18.2 state ("unacknowledged", "acknowledged", "cleared", "cleared, unacknowledged"). A filter box
// narrows it by id, entity or text. Drawn inside the Alarms panel's "Journal" tab, or as its own window. Rows are
// clipped to the visible ones and the filtered row list is rebuilt only when the journal or the filter changed, so
// a long journal costs nothing per frame. Main thread, inside an ImGui frame.
#pragma once

#include "ops/alarms/alarm_journal.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tv::ui {

struct AlarmJournalPanelState {
    char filter[128] = {};
    bool hideCleared = false;
    // What the last frame drew: the entries' sequence numbers (AlarmJournalEntry::sequence), top to bottom.
    std::vector<uint64_t> drawnRows;
    // Cache: journal indices (newest first) that pass the filter, for (revision, filter, hideCleared).
    std::vector<uint32_t> rows;
    uint64_t rowsRevision = ~uint64_t(0);
    std::string rowsFilter;
    bool rowsHideCleared = false;
    const void* rowsJournal = nullptr;
};

// The journal into the current window (a tab's body).
void drawAlarmJournal(AlarmJournalPanelState& state, const ops::AlarmJournal& journal, double nowSeconds);

// The journal as its own "Alarm journal" window.
void drawAlarmJournalPanel(AlarmJournalPanelState& state, bool* open, const ops::AlarmJournal& journal,
                           double nowSeconds);

} // namespace tv::ui
