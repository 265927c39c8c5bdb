// Panels driven with real mouse input through the null backend: tree row click selects, the eye hides, isolate
// isolates, inspector drags edit the local transform, the override checkbox sets a material override, sections
// and viewpoints buttons edit their state.
#include "ui_harness.h"

#include "ui/inspector_panel.h"
#include "ui/scene_tree_panel.h"
#include "ui/section_panel.h"
#include "ui/viewpoints_panel.h"

namespace tv::ui {
namespace {

vec2 centre(vec2 a, vec2 b) { return (a + b) * 0.5f; }

struct TreeFixture : ::testing::Test {
    test::World w;
    test::Harness h;
    SceneTreePanelState state;
    ViewerUiModel model = w.model();
    bool open = true;

    void SetUp() override {
        h.draw = [&] { drawSceneTreePanel(state, &open, model); };
        h.frames(2);
    }
    const TreeRowRects* rowOf(scene::NodeHandle n) const {
        for (const TreeRowRects& r : state.drawnRows)
            if (r.node == n) return &r;
        return nullptr;
    }
};

TEST_F(TreeFixture, ClickingARowSelectsItsNode) {
    const TreeRowRects* row = rowOf(w.pump3);
    ASSERT_NE(row, nullptr);
    // Click on the name, right of the arrow.
    h.click({row->labelMin.x + ImGui::GetFontSize() * 2.5f, centre(row->labelMin, row->labelMax).y});
    EXPECT_EQ(w.selection.selected(), w.pump3);
    row = rowOf(w.tank2);
    h.click({row->labelMin.x + ImGui::GetFontSize() * 2.5f, centre(row->labelMin, row->labelMax).y});
    EXPECT_EQ(w.selection.selected(), w.tank2);
}

TEST_F(TreeFixture, ArrowExpandsWithoutSelecting) {
    const TreeRowRects* row = rowOf(w.tank1);
    ASSERT_NE(row, nullptr);
    h.click({row->labelMin.x + ImGui::GetFontSize() * 0.8f, centre(row->labelMin, row->labelMax).y});
    EXPECT_TRUE(state.index.isExpanded(w.tank1));
    EXPECT_NE(rowOf(w.level), nullptr);
    EXPECT_FALSE(w.selection.selected());
}

TEST_F(TreeFixture, EyeToggleHidesTheNodeInTheGraph) {
    const TreeRowRects* row = rowOf(w.tank2);
    ASSERT_NE(row, nullptr);
    vec2 eye = centre(row->eyeMin, row->eyeMax);
    h.click(eye);
    EXPECT_FALSE(w.graph.isVisible(w.tank2));
    EXPECT_TRUE(w.graph.isVisible(w.tank1));
    h.click(eye);
    EXPECT_TRUE(w.graph.isVisible(w.tank2));
}

TEST_F(TreeFixture, IsolateButtonSetsTheIsolateSet) {
    const TreeRowRects* row = rowOf(w.tank1);
    ASSERT_NE(row, nullptr);
    vec2 iso = centre(row->isolateMin, row->isolateMax);
    h.click(iso);
    ASSERT_EQ(w.selection.isolated().size(), 1u);
    EXPECT_TRUE(w.selection.isolated().contains(w.tank1));
    EXPECT_TRUE(w.selection.isShown(w.graph, w.level));
    EXPECT_FALSE(w.selection.isShown(w.graph, w.tank2));
    h.click(iso);
    EXPECT_FALSE(w.selection.isolating());
}

TEST_F(TreeFixture, SelectionFromTheViewRevealsTheRow) {
    EXPECT_EQ(rowOf(w.valve), nullptr);
    w.selection.select(w.valve);
    h.frames(2);
    EXPECT_NE(rowOf(w.valve), nullptr);
}

// ImGui IDs of widgets inside a window: the window's ID, then each PushID / label on the stack.
ImGuiID idIn(ImGuiWindow* w, std::initializer_list<const char*> path) {
    ImGuiID id = w->ID;
    for (const char* p : path) id = ImHashStr(p, 0, id);
    return id;
}
ImGuiID dragComponentId(ImGuiWindow* w, const char* label, int component) {
    ImGuiID id = ImHashStr(label, 0, w->ID);
    id = ImHashData(&component, sizeof(int), id);
    return ImHashStr("", 0, id);
}

struct InspectorFixture : ::testing::Test {
    test::World w;
    test::Harness h;
    InspectorPanelState state;
    ViewerUiModel model = w.model();
    bool open = true;

    void SetUp() override {
        w.selection.select(w.tank2);
        h.draw = [&] {
            drawInspectorPanel(state, &open, model);
            w.graph.updateWorldTransforms(); // what the app does every frame
        };
        h.frames(2);
    }
    void drag(vec2 from, float dx) {
        h.mouseTo(from);
        h.frame();
        ImGui::GetIO().MouseDown[0] = true;
        h.frame();
        for (int i = 1; i <= 10; ++i) {
            h.mouseTo({from.x + dx * float(i) / 10.0f, from.y});
            h.frame();
        }
        ImGui::GetIO().MouseDown[0] = false;
        h.frames(2);
    }
};

TEST_F(InspectorFixture, DraggingTranslationMovesTheNode) {
    ImGuiWindow* win = h.window("Inspector");
    ASSERT_NE(win, nullptr);
    std::optional<vec2> x = h.findInWindow(win, dragComponentId(win, "Translation", 0));
    ASSERT_TRUE(x.has_value()) << "translation X field not found";
    drag(*x, 50.0f);
    const Transform& t = w.graph.localTransform(w.tank2);
    EXPECT_GT(t.translation.x, 0.2f);
    EXPECT_EQ(t.translation.y, 0.0f);
    EXPECT_NEAR(vec3(w.graph.worldMatrix(w.tank2)[3]).x, t.translation.x, 1e-5f);
}

TEST_F(InspectorFixture, DraggingRotationTurnsTheNode) {
    ImGuiWindow* win = h.window("Inspector");
    std::optional<vec2> yaw = h.findInWindow(win, dragComponentId(win, "Rotation (deg)", 1));
    ASSERT_TRUE(yaw.has_value());
    drag(*yaw, 40.0f);
    vec3 euler = eulerDegreesFromRotation(w.graph.localTransform(w.tank2).rotation);
    EXPECT_GT(euler.y, 5.0f);
    EXPECT_NEAR(euler.x, 0.0f, 1e-3f);
    EXPECT_NEAR(state.eulerDegrees.y, euler.y, 1e-2f);
}

TEST_F(InspectorFixture, OverrideCheckboxSetsAMaterialOverride) {
    ImGuiWindow* win = h.window("Inspector");
    std::optional<vec2> box = h.findInWindow(win, idIn(win, {"Override colour"}));
    ASSERT_TRUE(box.has_value());
    h.click(*box);
    const scene::MaterialOverride* o = w.graph.materialOverride(w.tank2);
    ASSERT_NE(o, nullptr);
    EXPECT_TRUE(o->baseColor.has_value());
    h.click(*box);
    EXPECT_EQ(w.graph.materialOverride(w.tank2), nullptr) << "an empty override is cleared, not kept";
}

TEST(SectionPanel, AddPlaneAndBox) {
    test::World w;
    test::Harness h;
    SectionPanelState state;
    ViewerUiModel model = w.model();
    bool open = true;
    h.draw = [&] { drawSectionPanel(state, &open, model); };
    h.frames(2);
    ImGuiWindow* win = h.window("Section planes");
    ASSERT_NE(win, nullptr);
    std::optional<vec2> add = h.findInWindow(win, idIn(win, {"Add plane"}));
    ASSERT_TRUE(add.has_value());
    h.click(*add);
    ASSERT_EQ(w.sections.planes().size(), 1u);
    EXPECT_EQ(planeAxis(w.sections.planes()[0].normal), 0);
    std::optional<vec2> box = h.findInWindow(win, idIn(win, {"Section box"}));
    ASSERT_TRUE(box.has_value());
    h.click(*box);
    ASSERT_TRUE(w.sections.box().has_value());
    EXPECT_TRUE(w.sections.active());
}

TEST(ViewpointsPanel, SaveAndTour) {
    test::World w;
    test::Harness h;
    ViewpointsPanelState state;
    ViewerUiModel model = w.model();
    model.camera.eye = vec3(5.0f, 2.0f, 1.0f);
    std::vector<UiAction> actions;
    bool open = true;
    h.draw = [&] { drawViewpointsPanel(state, &open, model, actions); };
    h.frames(2);
    ImGuiWindow* win = h.window("Viewpoints");
    ASSERT_NE(win, nullptr);
    std::optional<vec2> save = h.findInWindow(win, idIn(win, {"Save current"}));
    ASSERT_TRUE(save.has_value());
    h.click(*save);
    ASSERT_EQ(w.viewpoints.size(), 1u);
    EXPECT_EQ(w.viewpoints.all()[0].name, "View 1");
    EXPECT_EQ(w.viewpoints.all()[0].camera.eye, model.camera.eye);
    std::optional<vec2> next = h.findInWindow(win, idIn(win, {"Next >"}));
    ASSERT_TRUE(next.has_value());
    actions.clear();
    h.click(*next);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::FlyTo);
    EXPECT_EQ(actions[0].name, "View 1");
    EXPECT_EQ(actions[0].camera.eye, model.camera.eye);
}

} // namespace
} // namespace tv::ui
