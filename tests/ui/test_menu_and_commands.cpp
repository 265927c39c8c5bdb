// Commands and actions: runCommand's effect for each command, key presses through drawViewerUi, keys ignored
// while typing, and real clicks on the main menu bar producing actions.
#include "ui_harness.h"

namespace tv::ui {
namespace {

struct ViewerFixture : ::testing::Test {
    test::World w;
    test::Harness h;
    ViewerUiState state;
    ViewerUiModel model = w.model();
    std::vector<UiAction> actions; // accumulated over frames

    void SetUp() override {
        h.draw = [&] {
            std::vector<UiAction> a = drawViewerUi(state, model);
            actions.insert(actions.end(), a.begin(), a.end());
        };
        h.frames(2);
    }
    std::vector<UiAction> run(Command c) {
        std::vector<UiAction> out;
        runCommand(c, state, model, out);
        return out;
    }
    std::optional<UiActionKind> onlyKind(const std::vector<UiAction>& a) {
        if (a.size() != 1) return std::nullopt;
        return a[0].kind;
    }
};

TEST_F(ViewerFixture, CommandsToActions) {
    EXPECT_EQ(onlyKind(run(Command::Screenshot)), UiActionKind::TakeScreenshot);
    EXPECT_EQ(onlyKind(run(Command::Quit)), UiActionKind::Quit);
    EXPECT_EQ(onlyKind(run(Command::FrameAll)), UiActionKind::FrameAll);
    EXPECT_EQ(onlyKind(run(Command::FrameSelection)), UiActionKind::FrameAll) << "nothing selected: frame all";
    w.selection.select(w.tank1);
    EXPECT_EQ(onlyKind(run(Command::FrameSelection)), UiActionKind::FrameSelection);
    auto top = run(Command::ViewTop);
    ASSERT_EQ(onlyKind(top), UiActionKind::SetStandardView);
    EXPECT_EQ(top[0].view, interact::StandardView::Top);
    EXPECT_EQ(run(Command::ViewIso)[0].view, interact::StandardView::Iso);
    auto ortho = run(Command::ToggleOrthographic);
    ASSERT_EQ(onlyKind(ortho), UiActionKind::SetOrthographic);
    EXPECT_TRUE(ortho[0].flag);
    model.camera.orthographic = true;
    EXPECT_FALSE(run(Command::ToggleOrthographic)[0].flag);
    model.navigationMode = interact::NavigationMode::Walk;
    auto mode = run(Command::CycleNavigationMode);
    ASSERT_EQ(onlyKind(mode), UiActionKind::SetNavigationMode);
    EXPECT_EQ(mode[0].mode, interact::NavigationMode::Orbit);
    EXPECT_TRUE(run(Command::NextViewpoint).empty()) << "no viewpoints: nothing to fly to";
}

TEST_F(ViewerFixture, CommandsOnInteractionState) {
    run(Command::ToggleXray);
    EXPECT_TRUE(w.selection.xray());
    w.selection.select(w.tank1);
    run(Command::IsolateSelection);
    EXPECT_TRUE(w.selection.isolated().contains(w.tank1));
    run(Command::IsolateSelection);
    EXPECT_FALSE(w.selection.isolating());
    run(Command::HideSelection);
    EXPECT_FALSE(w.graph.isVisible(w.tank1));
    w.graph.setVisible(w.pump3, false);
    w.selection.isolate({w.tank2});
    run(Command::ShowAll);
    EXPECT_TRUE(w.graph.isVisible(w.tank1));
    EXPECT_TRUE(w.graph.isVisible(w.pump3));
    EXPECT_FALSE(w.selection.isolating());

    run(Command::ToggleMeasureMode);
    EXPECT_TRUE(state.measureMode);
    EXPECT_TRUE(state.panels.measurements);
    (void)w.measurements.addPoint({vec3(0.0f), {}});
    run(Command::Cancel); // 1: the pending point
    EXPECT_FALSE(w.measurements.hasPending());
    EXPECT_TRUE(state.measureMode);
    run(Command::Cancel); // 2: measure mode
    EXPECT_FALSE(state.measureMode);
    run(Command::Cancel); // 3: the selection
    EXPECT_FALSE(w.selection.selected());

    for (int i = 0; i < 4; ++i) run(Command::AddSectionPlane);
    EXPECT_EQ(w.sections.planes().size(), 3u) << "at most three planes";
    run(Command::ToggleSectionBox);
    ASSERT_TRUE(w.sections.box().has_value());
    EXPECT_TRUE(w.sections.box()->enabled);
    run(Command::ToggleSectionBox);
    EXPECT_FALSE(w.sections.box()->enabled);

    model.camera.eye = vec3(1.0f, 2.0f, 3.0f);
    run(Command::SaveViewpoint);
    run(Command::SaveViewpoint);
    ASSERT_EQ(w.viewpoints.size(), 2u);
    EXPECT_EQ(w.viewpoints.all()[1].name, "View 2");
    auto prev = run(Command::PreviousViewpoint);
    ASSERT_EQ(onlyKind(prev), UiActionKind::FlyTo);
    EXPECT_EQ(prev[0].name, "View 2") << "previous from nothing starts at the last";

    bool before = state.panels.inspector;
    run(Command::ToggleInspector);
    EXPECT_NE(state.panels.inspector, before);
}

TEST_F(ViewerFixture, KeysDispatchThroughTheTable) {
    h.pressKey(Key::X);
    EXPECT_TRUE(w.selection.xray());
    h.pressKey(Key::P);
    h.pressKey(Key::Q, kModCtrl);
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].kind, UiActionKind::TakeScreenshot);
    EXPECT_EQ(actions[1].kind, UiActionKind::Quit);
    h.pressKey(Key::F1);
    EXPECT_TRUE(state.panels.help);
}

TEST_F(ViewerFixture, KeysAreIgnoredWhileTyping) {
    h.pressKey(Key::F, kModCtrl); // focus the scene tree's filter box
    h.frames(2);
    ASSERT_TRUE(ImGui::GetIO().WantTextInput);
    h.pressKey(Key::X);
    EXPECT_FALSE(w.selection.xray());
    EXPECT_TRUE(actions.empty());
}

TEST_F(ViewerFixture, OpenDialogEmitsOpenFile) {
    run(Command::OpenFile);
    state.openPath = "/data/plant.glb";
    h.frames(2);
    ImGuiWindow* win = h.window("Open file");
    ASSERT_NE(win, nullptr);
    std::optional<vec2> open = h.findInWindow(win, ImHashStr("Open", 0, win->ID));
    ASSERT_TRUE(open.has_value());
    h.click(*open);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::OpenFile);
    EXPECT_EQ(actions[0].path, "/data/plant.glb");
    EXPECT_FALSE(state.panels.openDialog);
}

TEST_F(ViewerFixture, MenuItemsEmitActions) {
    ImGuiWindow* bar = h.window("##MainMenuBar");
    ASSERT_NE(bar, nullptr);
    auto openMenu = [&](const char* name) {
        ImGuiID id = ImHashStr(name, 0, ImHashStr("##menubar", 0, bar->ID));
        std::optional<vec2> at = h.findItem(id, {0.0f, 0.0f}, {400.0f, bar->Size.y}, 2.0f);
        ASSERT_TRUE(at.has_value()) << name;
        h.click(*at);
    };
    auto clickItem = [&](const char* label) {
        ImGuiWindow* popup = h.window("##Menu_00");
        ASSERT_NE(popup, nullptr);
        std::optional<vec2> at = h.findInWindow(popup, ImHashStr(label, 0, popup->ID), 2.0f);
        ASSERT_TRUE(at.has_value()) << label;
        h.click(*at);
    };
    openMenu("File");
    clickItem(commandLabel(Command::Screenshot));
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::TakeScreenshot);

    openMenu("View");
    clickItem(commandLabel(Command::ToggleXray));
    EXPECT_TRUE(w.selection.xray());

    openMenu("View");
    clickItem(commandLabel(Command::FrameAll));
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[1].kind, UiActionKind::FrameAll);

    openMenu("Tools");
    clickItem(commandLabel(Command::ToggleMeasureMode));
    EXPECT_TRUE(state.measureMode);
}

TEST_F(ViewerFixture, LoadErrorIsShownAndDismissable) {
    model.load.error = "bad.glb: not a glTF file (magic 0x00000000)";
    h.frames(3);
    ImGuiWindow* win = h.window("Load failed");
    ASSERT_NE(win, nullptr);
    EXPECT_TRUE(win->Active);
    std::optional<vec2> dismiss = h.findInWindow(win, ImHashStr("Dismiss", 0, win->ID));
    ASSERT_TRUE(dismiss.has_value());
    h.click(*dismiss);
    EXPECT_EQ(state.status.dismissedError, model.load.error);
    EXPECT_FALSE(h.window("Load failed")->Active);
}

} // namespace
} // namespace tv::ui
