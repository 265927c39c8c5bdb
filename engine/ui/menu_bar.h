// Main menu bar (File, View, Tools, Twin, Session, Help) and the open-file dialog. Every menu item is a Command,
// labelled with commandLabel() and its shortcut from the shortcut table; clicking one appends it to state.commands,
// which drawViewerUi() then runs, so a menu item and its key always do the same thing. Main thread, in an ImGui frame.
#pragma once

#include "ui/viewer_ui.h"

namespace tv::ui {

void drawMenuBar(ViewerUiState& state, const ViewerUiModel& model);
// The "Open file" window: a path field; Enter or Open appends an OpenFile action and closes it.
void drawOpenDialog(ViewerUiState& state, const ViewerUiModel& model, std::vector<UiAction>& actions);

} // namespace tv::ui
