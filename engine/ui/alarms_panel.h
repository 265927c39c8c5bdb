// Alarms panel — the twin's active alarms as a table in the order TwinRuntime::alarms() keeps them (severity
// first, then newest): a coloured severity badge, entity, text, age, origin (feed / threshold), the ISA-18.2 state
// (a flashing UNACK badge, or "ack by alice 2 min ago") and an Ack button per unacknowledged row, with the count
// per severity (and how many are unacknowledged) above it, an "Ack all" button and a filter box. Clicking a row
// selects the entity's node and asks the app to fly to it (FlyToNode); Ack asks the app to acknowledge
// (UiActionKind::AcknowledgeAlarm, name = alarm id): the app sends the twin the "ack" command for a feed alarm
// (roles, audit) or acknowledges a threshold alarm locally. When the user's role may not acknowledge, the buttons
// are disabled and say why. With an ops::AlarmJournal, a "Journal" tab lists the raise / ack / clear history
// (alarm_journal_panel.h). Plain data in, so tests need no TwinRuntime. Main thread, inside an ImGui frame.
#pragma once

#include "interact/selection_state.h"
#include "ops/alarms/alarm_journal.h"
#include "ui/alarm_journal_panel.h"
#include "twin/twin_runtime.h"
#include "ui/ui_action.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tv::ui {

// Where a row was drawn last frame (window coordinates): lets tests and tools click a row wherever layout put it.
struct AlarmRowRect {
    std::string alarm;
    vec2 min{0.0f}, max{0.0f};
};

struct AlarmsPanelState {
    std::string selectedAlarm;            // id of the alarm row last clicked (highlighted while it stays active)
    std::vector<AlarmRowRect> drawnRows;  // rebuilt every frame the table is drawn (rows the filter shows)
    std::vector<AlarmRowRect> ackButtons; // the Ack button of each unacknowledged row drawn (alarm = its id)
    char filter[128] = {};                // case-insensitive substring of id, entity or text ("" = all)
    bool showJournal = false;             // the Journal tab is the one shown
    AlarmJournalPanelState journal;       // the Journal tab
};

// Entity id -> its node (null when the entity has none: the click then only highlights the row).
using EntityNodeResolver = std::function<scene::NodeHandle(std::string_view entity)>;

// The table alone, into the current window; returns the index of the row clicked this frame, if any. Ack buttons
// (unacknowledged rows) push AcknowledgeAlarm actions when `actions` is given; disabled with `whyNot` as tooltip
// when !canAcknowledge.
std::optional<size_t> drawAlarmTable(AlarmsPanelState& state, std::span<const twin::LiveAlarm> alarms,
                                     double nowSeconds, std::vector<UiAction>* actions = nullptr,
                                     bool canAcknowledge = true, const std::string& whyNot = {});

// What the panel shows and what the user may do.
struct AlarmsPanelInput {
    std::span<const twin::LiveAlarm> alarms;    // TwinRuntime::alarms() (already sorted)
    double nowSeconds = 0.0;                    // the runtime clock (ages, the UNACK badge's flashing)
    EntityNodeResolver nodeOf;                  // may be empty: clicks then only highlight
    bool canAcknowledge = true;                 // the session role allows acknowledging
    std::string whyNot;                         // shown on the disabled Ack buttons, e.g. "viewers cannot acknowledge"
    const ops::AlarmJournal* journal = nullptr; // null: no Journal tab
};

// The "Alarms" window: counts, Ack all, filter, the table (or the journal); row click -> selection + FlyToNode,
// Ack -> AcknowledgeAlarm actions.
void drawAlarmsPanel(AlarmsPanelState& state, bool* open, const AlarmsPanelInput& input,
                     interact::SelectionState& selection, std::vector<UiAction>& actions);

// The earlier form: acknowledging allowed, no journal.
void drawAlarmsPanel(AlarmsPanelState& state, bool* open, std::span<const twin::LiveAlarm> alarms, double nowSeconds,
                     const EntityNodeResolver& nodeOf, interact::SelectionState& selection,
                     std::vector<UiAction>& actions);

// True when `alarm` matches the panel's filter text (case-insensitive substring of id, entity or text).
bool alarmMatchesFilter(const twin::LiveAlarm& alarm, std::string_view filter);

} // namespace tv::ui
