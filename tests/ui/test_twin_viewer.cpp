// The whole viewer UI over a real TwinRuntime fed hand-made deltas: the inspector's live data for the selected
// node, the alarms panel (click -> selection + FlyToNode), feeds in the status bar, the Twin menu and keys (F8,
// F10, Space only while replaying), and the inspector's command opening the Commands panel.
#include "ui_harness.h"

namespace tv::ui {
namespace {

net::FeedChange property(const char* entity, const char* name, double v, const char* unit) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Property;
    c.entity = entity;
    c.name = name;
    c.property.value.type = net::ValueType::Number;
    c.property.value.number = v;
    c.property.unit.kind = net::UnitKind::Inline;
    c.property.unit.symbol = unit;
    return c;
}

net::FeedChange raise(const char* id, const char* entity, net::AlarmSeverity s, const char* text) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::AlarmRaise;
    c.name = id;
    c.alarm.entity = entity;
    c.alarm.severity = s;
    c.alarm.text = text;
    return c;
}

struct TwinViewerFixture : ::testing::Test {
    test::World w;
    test::Harness h;
    twin::SceneFile file;
    std::unique_ptr<twin::TwinRuntime> runtime;
    ViewerUiState state;
    ViewerUiModel model = w.model();
    std::vector<UiAction> actions;

    void SetUp() override {
        file.feeds.push_back(twin::FeedDecl{.name = "plant"});
        // No scene-file entities: ids resolve to the nodes of that name (pump-3, tank-2).
        runtime = std::make_unique<twin::TwinRuntime>(
            file, twin::ResolvedScene{}, w.graph, [](const std::string& ref) -> Expected<scene::AssetPtr> {
                return Error{ErrorCode::NotFound, "test has no assets: " + ref};
            });
        net::FeedDelta d;
        d.reset = true;
        d.status.name = "plant";
        d.status.liveness = net::FeedLiveness::Live;
        d.changes = {property("pump-3", "speed", 1450.0, "rpm"), property("pump-3", "temperature", 61.5, "degC"),
                     property("tank-2", "level", 2.25, "m"),
                     raise("a-1", "tank-2", net::AlarmSeverity::Warning, "level high"),
                     raise("a-2", "pump-3", net::AlarmSeverity::Critical, "motor overtemperature")};
        runtime->apply(0, d);
        runtime->update(1.0);
        model.twin = runtime.get();
        model.timeSeconds = 3.0;
        h.captureText = true;
        h.draw = [&] {
            runtime->update(model.timeSeconds);
            std::vector<UiAction> a = drawViewerUi(state, model);
            actions.insert(actions.end(), a.begin(), a.end());
        };
        h.frames(2);
    }
    void setLiveness(net::FeedLiveness liveness) {
        net::FeedDelta d;
        d.status.name = "plant";
        d.status.liveness = liveness;
        runtime->apply(0, d);
    }
};

TEST_F(TwinViewerFixture, InspectorShowsTheSelectedEntitysLiveData) {
    w.selection.select(w.pump3);
    h.frames(2);
    const std::string& t = h.text;
    EXPECT_NE(t.find("Entity pump-3"), std::string::npos) << t;
    EXPECT_NE(t.find("speed 1450 rpm"), std::string::npos) << t;
    EXPECT_NE(t.find("temperature 61.5 degC"), std::string::npos) << t;
    EXPECT_NE(t.find("s ago"), std::string::npos) << t;
    setLiveness(net::FeedLiveness::Stale);
    h.frames(2);
    EXPECT_NE(h.text.find("Entity pump-3 [stale]"), std::string::npos) << h.text;
    EXPECT_NE(h.text.find("plant stale"), std::string::npos) << "status bar liveness";
}

TEST_F(TwinViewerFixture, ANodeInsideAnEntityShowsThatEntity) {
    scene::NodeHandle motor = w.graph.createNode("motor", w.pump3);
    w.graph.updateWorldTransforms();
    w.selection.select(motor);
    h.frames(2);
    EXPECT_NE(h.text.find("Entity pump-3"), std::string::npos) << h.text;
    w.selection.select(w.plant);
    h.frames(2);
    EXPECT_NE(h.text.find("Not a twin entity"), std::string::npos) << h.text;
}

TEST_F(TwinViewerFixture, AlarmsPanelClickSelectsAndFlies) {
    ASSERT_EQ(state.alarms.drawnRows.size(), 2u);
    EXPECT_EQ(state.alarms.drawnRows[0].alarm, "a-2") << "critical first";
    const AlarmRowRect& row = state.alarms.drawnRows[1];
    h.click((row.min + row.max) * 0.5f);
    EXPECT_EQ(w.selection.selected(), w.tank2);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::FlyToNode);
    EXPECT_EQ(actions[0].node, w.tank2);
    EXPECT_NE(h.text.find("alarms: 1 critical (1 unacked) 1 warning (1 unacked)"), std::string::npos) << h.text;
}

TEST_F(TwinViewerFixture, PanelsNeedATwin) {
    EXPECT_NE(h.window("Alarms (2)###Alarms"), nullptr);
    EXPECT_TRUE(h.window("Alarms (2)###Alarms")->Active);
    model.twin = nullptr;
    h.frames(2);
    EXPECT_FALSE(h.window("Alarms (2)###Alarms")->Active);
    EXPECT_EQ(h.text.find("upd/s"), std::string::npos);
}

TEST_F(TwinViewerFixture, KeysToggleTwinPanelsAndReplay) {
    h.pressKey(Key::F8);
    EXPECT_FALSE(state.panels.alarms);
    h.pressKey(Key::F10);
    EXPECT_TRUE(state.panels.commands);
    h.frames(2);
    EXPECT_TRUE(ImGui::GetIO().WantTextInput) << "opening the Commands panel focuses its command line";
    ImGui::FocusWindow(nullptr);
    h.frames(2);
    actions.clear();
    h.pressKey(Key::Space);
    EXPECT_TRUE(actions.empty()) << "Space does nothing without a recording";
    model.replay.available = true;
    model.replay.durationSeconds = 60.0;
    h.frames(1);
    h.pressKey(Key::Space);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::ReplaySetPaused);
    EXPECT_TRUE(actions[0].flag);
    EXPECT_NE(h.window("##replaybar"), nullptr);
}

TEST_F(TwinViewerFixture, InspectorCommandOpensTheCommandsPanel) {
    w.selection.select(w.pump3);
    h.frames(2);
    ImGuiWindow* win = h.window("Inspector");
    ASSERT_NE(win, nullptr);
    ImGuiID start = ImHashStr("start", 0, ImHashStr("live-data", 0, win->ID));
    std::optional<vec2> button = h.findInWindow(win, start);
    ASSERT_TRUE(button.has_value());
    h.click(*button);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, UiActionKind::SendCommand);
    EXPECT_EQ(actions[0].text, "start pump-3");
    EXPECT_TRUE(state.panels.commands);
}

TEST_F(TwinViewerFixture, TwinMenuListsItsCommands) {
    ImGuiWindow* bar = h.window("##MainMenuBar");
    ASSERT_NE(bar, nullptr);
    ImGuiID id = ImHashStr("Twin", 0, ImHashStr("##menubar", 0, bar->ID));
    std::optional<vec2> menu = h.findItem(id, {0.0f, 0.0f}, {500.0f, bar->Size.y}, 2.0f);
    ASSERT_TRUE(menu.has_value());
    h.click(*menu);
    ImGuiWindow* popup = h.window("##Menu_00");
    ASSERT_NE(popup, nullptr);
    std::optional<vec2> item =
        h.findInWindow(popup, ImHashStr(commandLabel(Command::ToggleCommandsPanel), 0, popup->ID), 2.0f);
    ASSERT_TRUE(item.has_value());
    h.click(*item);
    EXPECT_TRUE(state.panels.commands);
}

} // namespace
} // namespace tv::ui
