// Shortcuts — the single keyboard (and mouse) binding table of the desktop viewer. The app dispatches key presses
// from it (pressedCommands / findShortcut), the camera reads held movement keys from it (heldMoveInput), and the
// help overlay prints it, so the help can never list a key that does something else.
//
// Key codes are GLFW's (GLFW_KEY_*; the values are part of GLFW's stable API and are what the ImGui 1.86 GLFW
// backend stores in io.KeysDown[]), so tv::ui needs no GLFW header: static_cast<Key>(glfwKey) is valid for every
// key listed here. Data is constant; the functions reading ImGui state need the current ImGui context (main thread).
#pragma once

#include "interact/navigation_controller.h"
#include "ui/commands.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tv::ui {

enum class Key : int {
    Space = 32,
    Num0 = 48,
    Num1,
    Num2,
    Num3,
    Num4,
    Num5,
    Num6,
    Num7,
    Num8,
    Num9,
    A = 65,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
    I,
    J,
    K,
    L,
    M,
    N,
    O,
    P,
    Q,
    R,
    S,
    T,
    U,
    V,
    W,
    X,
    Y,
    Z,
    Escape = 256,
    Enter = 257,
    Tab = 258,
    Backspace = 259,
    Insert = 260,
    Delete = 261,
    Right = 262,
    Left = 263,
    Down = 264,
    Up = 265,
    PageUp = 266,
    PageDown = 267,
    Home = 268,
    End = 269,
    F1 = 290,
    F2,
    F3,
    F4,
    F5,
    F6,
    F7,
    F8,
    F9,
    F10,
    F11,
    F12,
    LeftShift = 340,
    LeftControl = 341,
    LeftAlt = 342,
    RightShift = 344,
    RightControl = 345,
    RightAlt = 346,
};

// Modifier bit set (Ctrl | Shift | Alt); matching is exact for pressed commands.
enum Modifiers : uint8_t { kModNone = 0, kModCtrl = 1, kModShift = 2, kModAlt = 4 };

struct Shortcut {
    Key key;
    uint8_t mods; // Modifiers bits
    Command command;
};

// A mouse gesture for the help overlay (the window code implements these directly).
struct MouseBinding {
    const char* gesture;     // "Left drag"
    const char* description; // "Orbit around the pivot"
};

std::span<const Shortcut> shortcuts();
std::span<const MouseBinding> mouseBindings();

const char* keyName(Key key); // "F", "Home", "F12", "Esc"; "?" for codes outside the enum
// "Ctrl+Shift+M"-style text of a binding (what menus and the help show).
std::string shortcutLabel(const Shortcut& shortcut);
// First binding of `command`, or nullptr (menus show it next to the item).
const Shortcut* shortcutFor(Command command);
// The non-held binding for a key press with exactly these modifiers, or nullptr.
const Shortcut* findShortcut(Key key, uint8_t mods);
// Shortcuts that act even while a text field has the keyboard: function keys and Ctrl+Q / Ctrl+O type no text,
// and a user typing a command must still be able to quit or close the panel they type in.
bool worksWhileTyping(const Shortcut& shortcut);

// Current modifier state from ImGui's IO.
uint8_t currentModifiers();
// Appends the commands whose keys went down this frame (no key repeat) with exactly their modifiers. Nothing while
// ImGui has keyboard focus (a text field is being edited), so typing a name never triggers a tool.
void pressedCommands(std::vector<Command>& out);
// The movement axes from the held movement keys (ignoring modifiers, so Shift can mean "fast"); zero while ImGui
// has keyboard focus or Ctrl/Alt is down (Ctrl+Q must not also fly down).
interact::MoveInput heldMoveInput();

} // namespace tv::ui
