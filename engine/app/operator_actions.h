// Operator actions — what the operator panels ask the app for (acknowledge an alarm, go to a moment or back to
// live, take everyone in the session to a moment, load older history), executed the same way by every front end
// (the desktop window and the headset's hand panel), plus the per-frame step that follows a presenter's shared
// moment. Main thread.
#pragma once

#include "app/cli_options.h"
#include "app/live_twin.h"
#include "app/session_link.h"
#include "ui/ui_action.h"
#include "ui/viewer_ui.h"

#include <string>

namespace tv::app {

// Executes `action` if it is an operator action; returns false for any other kind (the caller handles it).
// `user` names who acknowledges outside a session (in a session the hub stamps the member's name on the command).
bool executeOperatorAction(const ui::UiAction& action, LiveTwin& live, SessionLink* link, const std::string& user);

// Opens the panels named by --panels and pins the --trend properties (at start, in every front end).
void applyPanelOptions(ui::ViewerUiState& ui, const Options& options);

// Who acknowledges alarms outside a session: --name, else $USER, else "operator".
std::string operatorName(const Options& options);

// Once per frame after the UI: follows a moment change the session's presenter made (or the one the session was
// at when joining), and starts a history load the trends panel asked for.
void stepOperatorPanels(ui::ViewerUiState& ui, LiveTwin& live, SessionLink* link);

} // namespace tv::app
