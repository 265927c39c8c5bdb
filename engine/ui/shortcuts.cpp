#include "ui/shortcuts.h"

#include <imgui.h>

#include <array>

namespace tv::ui {
namespace {

// Standard views follow Blender's numpad convention on the top-row digits (1 front, 3 right, 7 top, Ctrl for the
// opposite side), which CAD and DCC users already know.
constexpr Shortcut kShortcuts[] = {
    {Key::O, kModCtrl, Command::OpenFile},
    {Key::P, kModNone, Command::Screenshot},
    {Key::Q, kModCtrl, Command::Quit},
    {Key::F1, kModNone, Command::ToggleHelp},
    {Key::F2, kModNone, Command::ToggleSceneTree},
    {Key::F3, kModNone, Command::ToggleInspector},
    {Key::F4, kModNone, Command::ToggleStats},
    {Key::F5, kModNone, Command::ToggleMeasurePanel},
    {Key::F6, kModNone, Command::ToggleSectionPanel},
    {Key::F7, kModNone, Command::ToggleViewpointsPanel},
    {Key::F8, kModNone, Command::ToggleAlarmsPanel},
    {Key::F8, kModShift, Command::ToggleTrendsPanel},
    {Key::F7, kModShift, Command::ToggleKpiPanel},
    {Key::F9, kModShift, Command::ToggleTimelinePanel},
    {Key::F6, kModShift, Command::ToggleComparePanel},
    {Key::F10, kModNone, Command::ToggleCommandsPanel},
    {Key::F12, kModNone, Command::ToggleUsersPanel},
    {Key::F12, kModShift, Command::ToggleAnnotationsPanel},
    {Key::X, kModNone, Command::ToggleXray},
    {Key::O, kModNone, Command::ToggleOrthographic},
    {Key::F11, kModNone, Command::ToggleFullscreen},
    {Key::F9, kModNone, Command::ToggleVsync},
    {Key::F, kModNone, Command::FrameSelection},
    {Key::Home, kModNone, Command::FrameAll},
    {Key::Num1, kModNone, Command::ViewFront},
    {Key::Num1, kModCtrl, Command::ViewBack},
    {Key::Num3, kModNone, Command::ViewRight},
    {Key::Num3, kModCtrl, Command::ViewLeft},
    {Key::Num7, kModNone, Command::ViewTop},
    {Key::Num7, kModCtrl, Command::ViewBottom},
    {Key::Num0, kModNone, Command::ViewIso},
    {Key::Tab, kModNone, Command::CycleNavigationMode},
    {Key::F, kModCtrl, Command::FocusSearch},
    {Key::I, kModNone, Command::IsolateSelection},
    {Key::H, kModNone, Command::HideSelection},
    {Key::H, kModAlt, Command::ShowAll},
    {Key::Escape, kModNone, Command::Cancel},
    {Key::M, kModNone, Command::ToggleMeasureMode},
    {Key::M, kModShift, Command::ClearMeasurements},
    {Key::C, kModNone, Command::AddSectionPlane},
    {Key::B, kModNone, Command::ToggleSectionBox},
    {Key::V, kModNone, Command::SaveViewpoint},
    {Key::N, kModNone, Command::NextViewpoint},
    {Key::N, kModShift, Command::PreviousViewpoint},
    {Key::Space, kModNone, Command::ReplayPlayPause},
    {Key::W, kModNone, Command::MoveForward},
    {Key::S, kModNone, Command::MoveBack},
    {Key::A, kModNone, Command::MoveLeft},
    {Key::D, kModNone, Command::MoveRight},
    {Key::E, kModNone, Command::MoveUp},
    {Key::Q, kModNone, Command::MoveDown},
    {Key::LeftShift, kModNone, Command::MoveFast},
};

constexpr MouseBinding kMouse[] = {
    {"Left click", "Select the node under the cursor (in measure mode: pick a point)"},
    {"Left drag", "Orbit around the selection or the point under the cursor"},
    {"Right drag / Middle drag", "Pan"},
    {"Wheel", "Zoom towards the cursor (fly/walk: change speed)"},
    {"Hover", "Show the name of the node under the cursor"},
    {"Drag a section handle", "Move that section plane along its normal"},
};

bool keyDown(Key key) {
    int k = static_cast<int>(key);
    return k >= 0 && k < IM_ARRAYSIZE(ImGuiIO::KeysDown) && ImGui::GetIO().KeysDown[k];
}

} // namespace

std::span<const Shortcut> shortcuts() { return kShortcuts; }
std::span<const MouseBinding> mouseBindings() { return kMouse; }

const char* keyName(Key key) {
    static constexpr const char* kLetters[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
                                               "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"};
    static constexpr const char* kDigits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    static constexpr const char* kFn[] = {"F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12"};
    int k = static_cast<int>(key);
    if (k >= int(Key::A) && k <= int(Key::Z)) return kLetters[k - int(Key::A)];
    if (k >= int(Key::Num0) && k <= int(Key::Num9)) return kDigits[k - int(Key::Num0)];
    if (k >= int(Key::F1) && k <= int(Key::F12)) return kFn[k - int(Key::F1)];
    switch (key) {
    case Key::Space: return "Space";
    case Key::Escape: return "Esc";
    case Key::Enter: return "Enter";
    case Key::Tab: return "Tab";
    case Key::Backspace: return "Backspace";
    case Key::Insert: return "Insert";
    case Key::Delete: return "Delete";
    case Key::Right: return "Right";
    case Key::Left: return "Left";
    case Key::Down: return "Down";
    case Key::Up: return "Up";
    case Key::PageUp: return "PageUp";
    case Key::PageDown: return "PageDown";
    case Key::Home: return "Home";
    case Key::End: return "End";
    case Key::LeftShift:
    case Key::RightShift: return "Shift";
    case Key::LeftControl:
    case Key::RightControl: return "Ctrl";
    case Key::LeftAlt:
    case Key::RightAlt: return "Alt";
    default: return "?";
    }
}

std::string shortcutLabel(const Shortcut& shortcut) {
    std::string text;
    if (shortcut.mods & kModCtrl) text += "Ctrl+";
    if (shortcut.mods & kModShift) text += "Shift+";
    if (shortcut.mods & kModAlt) text += "Alt+";
    text += keyName(shortcut.key);
    if (isHeldCommand(shortcut.command)) text += " (hold)";
    return text;
}

const Shortcut* shortcutFor(Command command) {
    for (const Shortcut& s : kShortcuts)
        if (s.command == command) return &s;
    return nullptr;
}

bool worksWhileTyping(const Shortcut& shortcut) {
    if (shortcut.key >= Key::F1 && shortcut.key <= Key::F12) return true;
    return shortcut.mods == kModCtrl && (shortcut.command == Command::Quit || shortcut.command == Command::OpenFile);
}

const Shortcut* findShortcut(Key key, uint8_t mods) {
    for (const Shortcut& s : kShortcuts)
        if (s.key == key && s.mods == mods && !isHeldCommand(s.command)) return &s;
    return nullptr;
}

uint8_t currentModifiers() {
    const ImGuiIO& io = ImGui::GetIO();
    return uint8_t((io.KeyCtrl ? kModCtrl : 0) | (io.KeyShift ? kModShift : 0) | (io.KeyAlt ? kModAlt : 0));
}

void pressedCommands(std::vector<Command>& out) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantCaptureKeyboard || io.WantTextInput) return;
    uint8_t mods = currentModifiers();
    for (const Shortcut& s : kShortcuts) {
        if (isHeldCommand(s.command) || s.mods != mods) continue;
        if (ImGui::IsKeyPressed(static_cast<int>(s.key), /*repeat=*/false)) out.push_back(s.command);
    }
}

interact::MoveInput heldMoveInput() {
    interact::MoveInput in;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantCaptureKeyboard || io.WantTextInput || io.KeyCtrl || io.KeyAlt) return in;
    for (const Shortcut& s : kShortcuts) {
        if (!isHeldCommand(s.command) || !keyDown(s.key)) continue;
        switch (s.command) {
        case Command::MoveForward: in.forward += 1.0f; break;
        case Command::MoveBack: in.forward -= 1.0f; break;
        case Command::MoveRight: in.right += 1.0f; break;
        case Command::MoveLeft: in.right -= 1.0f; break;
        case Command::MoveUp: in.up += 1.0f; break;
        case Command::MoveDown: in.up -= 1.0f; break;
        case Command::MoveFast: in.fast = true; break;
        default: break;
        }
    }
    in.fast = in.fast || io.KeyShift;
    return in;
}

} // namespace tv::ui
