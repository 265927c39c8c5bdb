// Commands panel — the operator's command line ("set pump-3 speed=1200"; Enter yields a SendCommand action with
// the text, which the app parses with twin::parseOperatorCommand) and the history of the app's command log,
// newest first and colour coded by outcome: pending (spinner and elapsed time), done (round trip), rejected /
// failed (the twin's reason), timed out, not sent. Plain data in (a span of CommandEntry), so tests need no feed.
// Main thread, inside an ImGui frame.
#pragma once

#include "ui/ui_action.h"
#include "ui/ui_model.h"

#include <span>
#include <string>
#include <vector>

namespace tv::ui {

struct CommandLogPanelState {
    std::string commandText;
    bool focusCommand = false; // put the keyboard focus in the command line next frame
};

// The status column's text for one entry: "pending 1.2 s", "done (12 ms)", "rejected: speed out of range",
// "timed out after 5.0 s", "not sent: no live feed".
std::string commandStatusText(const CommandEntry& entry, double nowSeconds);

// The command line alone (disabled when !canSend); appends a SendCommand action on Enter / Send.
void drawCommandLine(CommandLogPanelState& state, bool canSend, std::vector<UiAction>& actions);
// The history table alone, newest first.
void drawCommandHistory(std::span<const CommandEntry> log, double nowSeconds);

// The "Commands" window: command line over history.
void drawCommandLogPanel(CommandLogPanelState& state, bool* open, std::span<const CommandEntry> log, double nowSeconds,
                         bool canSend, std::vector<UiAction>& actions);

} // namespace tv::ui
