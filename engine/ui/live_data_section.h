// Live data section — the inspector's view of the selected node's twin entity: its id, its feed's name and
// liveness (a stale feed greys the whole section and says "stale"), one row per property (name, value with unit,
// age of the last change, the source's UTC timestamp when it sent one; NaN / inf in the "no reading" style), a
// per-entity command line prefilled with "set <entity> " whose Enter yields a SendCommand action with the text,
// and quick buttons for the verbs the entity's properties suggest (speed/running: start, stop; opening: open,
// close). Plain data in (a LiveEntity and a FeedStatus), so tests need no TwinRuntime. Main thread, inside an
// ImGui window.
#pragma once

#include "ops/history/history_key.h"
#include "twin/twin_runtime.h"
#include "ui/ui_action.h"

#include <string>
#include <vector>

namespace tv::ui {

struct LiveDataState {
    std::string entity;      // the entity the command line was prefilled for (a new entity re-prefills it)
    std::string commandText; // the command line's contents
};

// One property row as text (what the table shows).
struct LivePropertyRow {
    std::string name;
    std::string value;  // propertyValueText: value and unit, or "no reading"
    std::string age;    // "2.1 s ago"
    std::string source; // "08:27:34.123 UTC", or "" when the source sent no timestamp
    bool noReading = false;
};
LivePropertyRow livePropertyRow(const twin::LiveProperty& property, double nowSeconds);

// The command line's prefill for an entity: "set <id> ", ready for "speed=1200".
std::string entityCommandPrefill(const std::string& entityId);
// The quick verbs offered for an entity ("start", "stop", "open", "close"), from its property names.
std::vector<const char*> quickVerbs(const twin::LiveEntity& entity);

// A property to pin on the trends chart (same type as trends_panel.h's TrendKey).
using TrendKey = ops::HistoryKey;

// Draws the section into the current window. `feed` may be null (unknown feed index). Commands are only offered
// when `canSendCommands` (a live feed; not during replay). Appends SendCommand actions to `actions`. With
// `pinRequests`, each numeric (number or bool) property gets a "trend" button that appends its key there (the
// app pins it on the trends panel: TrendsPanelState::pin); without it, no button is drawn.
void drawLiveDataSection(LiveDataState& state, const twin::LiveEntity& entity, const net::FeedStatus* feed,
                         double nowSeconds, bool canSendCommands, std::vector<UiAction>& actions,
                         std::vector<TrendKey>* pinRequests = nullptr);

} // namespace tv::ui
