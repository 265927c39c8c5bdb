// The operator view of the twin's 3D labels through the null backend: layers hide their labels' text, the layer
// menu's checkboxes and buttons edit the settings, overlapping labels stay readable (moved) or are hidden and
// counted, far labels fade and vanish past the fade distance, alarmed and selected labels win the contested spot.
// What was drawn is read back with the harness' text capture (glyphs of the frame's draw data, with colours).
#include "ui_harness.h"

#include "ui/label_layer_menu.h"
#include "ui/world_labels.h"

#include <string>
#include <vector>

namespace tv::ui {
namespace {

ImGuiID idIn(ImGuiID seed, std::initializer_list<const char*> path) {
    ImGuiID id = seed;
    for (const char* p : path) id = ImHashStr(p, 0, id);
    return id;
}

bool shows(const std::string& text, const char* needle) { return text.find(needle) != std::string::npos; }

twin::LiveLabel label(const char* entity, const char* property, const char* layer, const char* text, vec3 at) {
    twin::LiveLabel l;
    l.entity = entity;
    l.property = property;
    l.layer = layer;
    l.text = text;
    l.worldPosition = at;
    return l;
}

unsigned alphaOf(ImU32 colour) { return (colour >> IM_COL32_A_SHIFT) & 0xFF; }

struct LabelFixture : ::testing::Test {
    test::Harness h;
    scene::ViewCamera camera;
    std::vector<twin::LiveLabel> labels;
    LabelLayerSettings settings;
    LabelFocus focus;
    int drawn = -1;
    bool menu = false;

    void SetUp() override {
        camera.eye = vec3(0.0f, 0.0f, 10.0f);
        camera.target = vec3(0.0f);
        h.captureText = true;
        h.draw = [&] {
            drawn = drawTwinLabels(ImGui::GetBackgroundDrawList(), camera, h.display, labels, settings, focus);
            if (menu) {
                ImGui::SetNextWindowPos(ImVec2(1200.0f, 20.0f));
                ImGui::SetNextWindowSize(ImVec2(380.0f, 400.0f));
                ImGui::Begin("Labels");
                drawLabelLayerMenu(settings, labels);
                ImGui::End();
            }
        };
    }
    ImGuiID menuItem(const char* label) { return idIn(h.window("Labels")->ID, {"label-layers", label}); }
    void clickMenuItem(const char* label) {
        std::optional<vec2> at = h.findInWindow(h.window("Labels"), menuItem(label));
        ASSERT_TRUE(at) << "no widget " << label;
        h.click(*at);
    }
};

TEST_F(LabelFixture, HidingALayerRemovesItsLabels) {
    labels = {label("tank-1", "level", "levels", "T1 42.0 %", vec3(-3.0f, 0.0f, 0.0f)),
              label("pump-1", "speed", "pumps", "P1 1450 rpm", vec3(3.0f, 0.0f, 0.0f)),
              label("agv-1", "battery", "", "AGV1 80 %", vec3(0.0f, -3.0f, 0.0f))}; // layer: its property
    h.frame();
    EXPECT_EQ(drawn, 3);
    EXPECT_TRUE(shows(h.text, "T1 42.0 %")) << h.text;
    EXPECT_TRUE(shows(h.text, "P1 1450 rpm")) << h.text;
    EXPECT_TRUE(shows(h.text, "AGV1 80 %")) << h.text;
    EXPECT_EQ(h.colourOf("P1 1450 rpm"), kTwinLabelColour);

    settings.hiddenLayers.insert("pumps");
    settings.hiddenLayers.insert("battery");
    h.frame();
    EXPECT_EQ(drawn, 1);
    EXPECT_TRUE(shows(h.text, "T1 42.0 %")) << h.text;
    EXPECT_FALSE(shows(h.text, "P1")) << h.text;
    EXPECT_FALSE(shows(h.text, "AGV1")) << h.text;
    EXPECT_EQ(settings.lastHiddenByLayer, 2u);
}

TEST_F(LabelFixture, MenuListsLayersWithCountsAndTogglesThem) {
    labels = {label("tank-1", "level", "levels", "T1 42.0 %", vec3(-3.0f, 0.0f, 0.0f)),
              label("tank-2", "level", "levels", "T2 17.5 %", vec3(-3.0f, 2.0f, 0.0f)),
              label("pump-1", "speed", "pumps", "P1 1450 rpm", vec3(3.0f, 0.0f, 0.0f))};
    menu = true;
    h.frames(2);
    EXPECT_TRUE(shows(h.text, "levels (2)")) << h.text;
    EXPECT_TRUE(shows(h.text, "pumps (1)")) << h.text;
    EXPECT_TRUE(shows(h.text, "0 labels hidden by declutter")) << h.text;
    EXPECT_LT(h.text.find("levels (2)"), h.text.find("pumps (1)")) << "sorted by name";

    clickMenuItem("pumps (1)###pumps");
    EXPECT_EQ(settings.hiddenLayers, (std::set<std::string, std::less<>>{"pumps"}));
    EXPECT_FALSE(shows(h.text, "P1 1450 rpm")) << h.text;
    EXPECT_TRUE(shows(h.text, "T2 17.5 %")) << h.text;
    EXPECT_TRUE(shows(h.text, "1 in hidden layers")) << h.text;

    clickMenuItem("None");
    EXPECT_EQ(settings.hiddenLayers.size(), 2u);
    EXPECT_EQ(drawn, 0);
    EXPECT_FALSE(shows(h.text, "T1 42.0 %")) << h.text;

    clickMenuItem("All");
    EXPECT_TRUE(settings.hiddenLayers.empty());
    EXPECT_EQ(drawn, 3);

    // A hidden layer whose labels are all gone stays listed (count 0) so it can be shown again.
    settings.hiddenLayers.insert("vehicles");
    h.frame();
    EXPECT_TRUE(shows(h.text, "vehicles (0)")) << h.text;
    clickMenuItem("vehicles (0)###vehicles");
    EXPECT_TRUE(settings.hiddenLayers.empty());

    clickMenuItem("Declutter");
    EXPECT_FALSE(settings.declutter);
    EXPECT_FALSE(shows(h.text, "hidden by declutter")) << h.text;
    clickMenuItem("Fade with distance");
    EXPECT_FALSE(settings.fade);
}

TEST_F(LabelFixture, OverlappingLabelsAreBothReadableOrHiddenAndCounted) {
    labels = {label("tank-1", "level", "levels", "Tank level 42 %", vec3(0.0f)),
              label("pump-1", "speed", "pumps", "Pump speed 1450 rpm", vec3(0.1f, 0.0f, 0.0f))};
    settings.declutter = false;
    h.frame();
    EXPECT_EQ(drawn, 2);
    // Drawn on top of each other, their glyphs interleave: the capture cannot read both (what declutter prevents).
    EXPECT_FALSE(shows(h.text, "Tank level 42 %") && shows(h.text, "Pump speed 1450 rpm")) << h.text;

    settings.declutter = true;
    h.frame();
    EXPECT_EQ(drawn, 2);
    EXPECT_TRUE(shows(h.text, "Tank level 42 %")) << h.text;
    EXPECT_TRUE(shows(h.text, "Pump speed 1450 rpm")) << h.text;
    EXPECT_EQ(settings.lastFrame.moved, 1u);

    // A crowd on one anchor: six positions, the rest hidden and counted in the menu's read-out.
    labels.clear();
    static const char* kNames[] = {"alpha 1", "bravo 2",   "charlie 3", "delta 4",
                                   "echo 5",  "foxtrot 6", "golf 7",    "hotel 8"};
    for (int i = 0; i < 8; ++i)
        labels.push_back(label("e", "p", "l", kNames[i], vec3(0.0f, 0.0f, -0.01f * float(i)))); // nearer first
    menu = true;
    h.frames(2);
    EXPECT_EQ(drawn, 6);
    EXPECT_EQ(settings.lastFrame.hiddenByDeclutter, 2u);
    for (int i = 0; i < 6; ++i) EXPECT_TRUE(shows(h.text, kNames[i])) << kNames[i] << "\n" << h.text;
    EXPECT_FALSE(shows(h.text, "golf 7")) << h.text;
    EXPECT_FALSE(shows(h.text, "hotel 8")) << h.text;
    EXPECT_TRUE(shows(h.text, "2 labels hidden by declutter")) << h.text;
}

TEST_F(LabelFixture, FarLabelsFadeAndVanishPastTheFadeDistance) {
    settings.fadeStart = 11.0f;
    settings.fadeEnd = 31.0f;
    labels = {label("a", "p", "l", "near 1", vec3(-2.0f, 0.0f, 0.0f)),    // 10.2 m: opaque
              label("b", "p", "l", "middle 2", vec3(0.0f, 0.0f, -10.0f)), // 20 m: about half
              label("c", "p", "l", "far 3", vec3(2.0f, 0.0f, -30.0f))};   // 40 m: gone
    h.frame();
    EXPECT_EQ(drawn, 2);
    EXPECT_EQ(alphaOf(h.colourOf("near 1")), 255u) << h.text;
    unsigned mid = alphaOf(h.colourOf("middle 2"));
    EXPECT_GT(mid, 100u) << h.text;
    EXPECT_LT(mid, 160u);
    EXPECT_FALSE(shows(h.text, "far 3")) << h.text;
    EXPECT_EQ(settings.lastFrame.beyondFade, 1u);

    settings.fade = false;
    h.frame();
    EXPECT_EQ(drawn, 3);
    EXPECT_EQ(alphaOf(h.colourOf("far 3")), 255u) << h.text;
}

TEST_F(LabelFixture, AlarmedAndSelectedLabelsWinTheContestedSpot) {
    labels = {label("tank-1", "level", "levels", "near normal", vec3(0.0f, 0.0f, 1.0f)),
              label("pump-1", "speed", "pumps", "far alarm", vec3(0.0f, 0.0f, -5.0f))};
    labels[1].alert = true;
    h.frame();
    ASSERT_TRUE(shows(h.text, "near normal") && shows(h.text, "far alarm")) << h.text;
    // The alarmed label holds the spot just above the anchor; the normal one moved a line up (drawn earlier in
    // the capture's top-to-bottom order).
    EXPECT_LT(h.text.find("near normal"), h.text.find("far alarm")) << h.text;
    EXPECT_EQ(h.colourOf("far alarm"), kTwinLabelAlertColour);

    labels[1].alert = false;
    h.frame();
    EXPECT_LT(h.text.find("far alarm"), h.text.find("near normal")) << "nearer wins among equals\n" << h.text;

    focus.selectedEntity = "pump-1";
    h.frame();
    EXPECT_LT(h.text.find("near normal"), h.text.find("far alarm")) << "the selected entity wins\n" << h.text;
}

TEST(LabelLayerCounts, CountsRunsAndKeepsHiddenEmptyLayers) {
    std::vector<twin::LiveLabel> labels(5);
    const char* layers[] = {"pumps", "pumps", "levels", "pumps", ""};
    for (size_t i = 0; i < labels.size(); ++i) {
        labels[i].layer = layers[i];
        labels[i].property = "speed";
    }
    LabelLayerSettings settings;
    settings.hiddenLayers = {"vehicles", "levels"};
    std::vector<LabelLayerCount> c = labelLayerCounts(labels, settings);
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(c[0].layer, "levels");
    EXPECT_EQ(c[0].labels, 1u);
    EXPECT_EQ(c[1].layer, "pumps");
    EXPECT_EQ(c[1].labels, 3u);
    EXPECT_EQ(c[2].layer, "speed"); // no layer: its property
    EXPECT_EQ(c[2].labels, 1u);
    EXPECT_EQ(c[3].layer, "vehicles");
    EXPECT_EQ(c[3].labels, 0u);
}

} // namespace
} // namespace tv::ui
