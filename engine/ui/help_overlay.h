// Help overlay — every keyboard shortcut (straight from the shortcut table, so it cannot drift from what the keys
// do) and the mouse gestures, as a table in a centred window. Main thread, inside an ImGui frame.
#pragma once

namespace tv::ui {

void drawHelpOverlay(bool* open);

} // namespace tv::ui
