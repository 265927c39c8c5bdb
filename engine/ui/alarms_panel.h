// Alarms panel — the twin's active alarms as a table in the order TwinRuntime::alarms() keeps them (severity
// first, then newest): a coloured severity badge, entity, text, age, origin (feed / threshold), and the count per
// severity above it. Clicking a row selects the entity's node and asks the app to fly to it (FlyToNode). Plain
// data in (a span of LiveAlarm and a resolver from entity id to node), so tests need no TwinRuntime. Main thread,
// inside an ImGui frame.
#pragma once

#include "interact/selection_state.h"
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
    std::string selectedAlarm;           // id of the alarm row last clicked (highlighted while it stays active)
    std::vector<AlarmRowRect> drawnRows; // rebuilt every frame the table is drawn
};

// Entity id -> its node (null when the entity has none: the click then only highlights the row).
using EntityNodeResolver = std::function<scene::NodeHandle(std::string_view entity)>;

// The table alone, into the current window; returns the index of the row clicked this frame, if any.
std::optional<size_t> drawAlarmTable(AlarmsPanelState& state, std::span<const twin::LiveAlarm> alarms,
                                     double nowSeconds);

// The "Alarms" window: counts, the table, and the click -> selection + FlyToNode action.
void drawAlarmsPanel(AlarmsPanelState& state, bool* open, std::span<const twin::LiveAlarm> alarms, double nowSeconds,
                     const EntityNodeResolver& nodeOf, interact::SelectionState& selection,
                     std::vector<UiAction>& actions);

} // namespace tv::ui
