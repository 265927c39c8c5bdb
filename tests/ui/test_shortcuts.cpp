// The shortcut table: unique bindings, GLFW-compatible key codes, every command bound, dispatch from ImGui key
// state, held movement keys, and the help overlay printing every entry.
#include "ui_harness.h"

#include "ui/help_overlay.h"

#include <GLFW/glfw3.h> // header only: key code constants to check the Key enum against

#include <set>
#include <string>
#include <utility>

namespace tv::ui {
namespace {

static_assert(int(Key::A) == GLFW_KEY_A && int(Key::Z) == GLFW_KEY_Z && int(Key::Num0) == GLFW_KEY_0);
static_assert(int(Key::Escape) == GLFW_KEY_ESCAPE && int(Key::Tab) == GLFW_KEY_TAB && int(Key::Home) == GLFW_KEY_HOME);
static_assert(int(Key::F1) == GLFW_KEY_F1 && int(Key::F12) == GLFW_KEY_F12 && int(Key::Delete) == GLFW_KEY_DELETE);
static_assert(int(Key::LeftShift) == GLFW_KEY_LEFT_SHIFT && int(Key::RightAlt) == GLFW_KEY_RIGHT_ALT);

TEST(Shortcuts, NoTwoBindingsShareKeyAndModifiers) {
    std::set<std::pair<int, int>> seen;
    for (const Shortcut& s : shortcuts())
        EXPECT_TRUE(seen.insert({int(s.key), int(s.mods)}).second) << "duplicate binding " << shortcutLabel(s);
}

TEST(Shortcuts, EveryCommandHasABindingAndALabel) {
    for (int c = 0; c < kCommandCount; ++c) {
        Command command = Command(c);
        EXPECT_NE(shortcutFor(command), nullptr) << commandLabel(command);
        EXPECT_GT(std::string(commandLabel(command)).size(), 3u);
    }
}

TEST(Shortcuts, LabelsAndLookup) {
    EXPECT_EQ(shortcutLabel(*shortcutFor(Command::OpenFile)), "Ctrl+O");
    EXPECT_EQ(shortcutLabel(*shortcutFor(Command::ShowAll)), "Alt+H");
    EXPECT_EQ(shortcutLabel(*shortcutFor(Command::MoveForward)), "W (hold)");
    EXPECT_STREQ(keyName(Key::Escape), "Esc");
    EXPECT_STREQ(keyName(Key::F11), "F11");
    EXPECT_STREQ(keyName(Key::Num7), "7");
    const Shortcut* s = findShortcut(Key::M, kModShift);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->command, Command::ClearMeasurements);
    EXPECT_EQ(findShortcut(Key::W, kModNone), nullptr) << "held keys are not press commands";
    EXPECT_EQ(findShortcut(Key::M, kModCtrl), nullptr);
}

TEST(Shortcuts, PressedCommandsMatchModifiersExactly) {
    test::Harness h;
    std::vector<Command> got;
    h.draw = [&] { pressedCommands(got); };
    h.pressKey(Key::M);
    h.pressKey(Key::M, kModShift);
    h.pressKey(Key::O, kModCtrl);
    h.pressKey(Key::M, kModCtrl | kModAlt); // unbound
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0], Command::ToggleMeasureMode);
    EXPECT_EQ(got[1], Command::ClearMeasurements);
    EXPECT_EQ(got[2], Command::OpenFile);
}

TEST(Shortcuts, HeldMovementKeys) {
    test::Harness h;
    interact::MoveInput in;
    h.draw = [&] { in = heldMoveInput(); };
    ImGuiIO& io = ImGui::GetIO();
    io.KeysDown[int(Key::W)] = io.KeysDown[int(Key::A)] = io.KeysDown[int(Key::E)] = true;
    h.frame();
    EXPECT_EQ(in.forward, 1.0f);
    EXPECT_EQ(in.right, -1.0f);
    EXPECT_EQ(in.up, 1.0f);
    EXPECT_FALSE(in.fast);
    io.KeyShift = true;
    h.frame();
    EXPECT_TRUE(in.fast);
    io.KeyShift = false;
    io.KeyCtrl = true; // Ctrl+Q and friends must not move the camera
    h.frame();
    EXPECT_EQ(in.forward, 0.0f);
    EXPECT_EQ(in.up, 0.0f);
}

TEST(Shortcuts, HelpOverlayListsEveryShortcutAndGesture) {
    test::Harness h;
    h.display = {1600.0f, 2400.0f}; // tall enough that no row is clipped (clipped text is not rendered)
    bool open = true;
    // ImGui's text logger captures every string the overlay renders; LogFinish hands it to the clipboard hook.
    static std::string text;
    ImGui::GetIO().SetClipboardTextFn = [](void*, const char* t) { text = t; };
    h.draw = [&] {
        ImGui::LogToClipboard();
        drawHelpOverlay(&open);
        ImGui::LogFinish();
    };
    h.frames(4); // auto-resizing windows lay out over the first frames
    ASSERT_FALSE(text.empty());
    for (const Shortcut& s : shortcuts()) {
        EXPECT_NE(text.find(shortcutLabel(s)), std::string::npos) << shortcutLabel(s);
        EXPECT_NE(text.find(commandLabel(s.command)), std::string::npos) << commandLabel(s.command);
    }
    for (const MouseBinding& m : mouseBindings()) EXPECT_NE(text.find(m.description), std::string::npos) << m.gesture;
}

} // namespace
} // namespace tv::ui

namespace tv::ui {
namespace {

TEST(Shortcuts, OnlyKeysThatTypeNothingWorkWhileTyping) {
    auto works = [](Key key, uint8_t mods) {
        const Shortcut* sc = findShortcut(key, mods);
        EXPECT_NE(sc, nullptr) << keyName(key) << " mods " << int(mods);
        return sc && worksWhileTyping(*sc);
    };
    EXPECT_TRUE(works(Key::Q, kModCtrl));
    EXPECT_TRUE(works(Key::O, kModCtrl));
    EXPECT_TRUE(works(Key::F10, kModNone));
    EXPECT_TRUE(works(Key::F12, kModShift));
    EXPECT_FALSE(works(Key::X, kModNone)) << "X types a letter (x-ray otherwise)";
    EXPECT_FALSE(works(Key::F, kModCtrl)) << "Ctrl+F focuses the search field, not while typing in another";
    EXPECT_FALSE(works(Key::Escape, kModNone)) << "Escape leaves the text field first";
    EXPECT_FALSE(works(Key::Num1, kModCtrl));
}

} // namespace
} // namespace tv::ui
