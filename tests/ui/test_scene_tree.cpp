// SceneTreeIndex: the filter rule (case-insensitive substring, matches keep their ancestors), expansion and reveal,
// resync on structure changes; and a 10k-node tree frame through the real panel.
#include "ui_harness.h"

#include "core/log.h"
#include "ui/scene_tree.h"
#include "ui/scene_tree_panel.h"

#include <chrono>
#include <cstdio>

namespace tv::ui {
namespace {

std::vector<std::string> rowNames(SceneTreeIndex& index, const scene::SceneGraph& graph) {
    std::vector<std::string> names;
    for (const TreeRow& r : index.rows()) names.push_back(graph.name(r.node));
    return names;
}

TEST(SceneTree, FilterRule) {
    EXPECT_TRUE(nameMatchesFilter("Tank-1", "tank"));
    EXPECT_TRUE(nameMatchesFilter("tank-2", "TANK-"));
    EXPECT_TRUE(nameMatchesFilter("anything", ""));
    EXPECT_FALSE(nameMatchesFilter("pump-3", "tank"));
    EXPECT_EQ(toLowerAscii("AbC-\xc3\x84"), "abc-\xc3\x84"); // UTF-8 bytes untouched
}

TEST(SceneTree, DefaultExpansionAndToggles) {
    test::World w;
    SceneTreeIndex index;
    EXPECT_TRUE(index.sync(w.graph));
    EXPECT_FALSE(index.sync(w.graph)) << "no change, no rebuild";
    EXPECT_EQ(rowNames(index, w.graph), (std::vector<std::string>{"plant", "Tank-1", "tank-2", "pump-3"}));
    index.setExpanded(w.tank1, true);
    EXPECT_EQ(rowNames(index, w.graph),
              (std::vector<std::string>{"plant", "Tank-1", "level", "valve", "tank-2", "pump-3"}));
    index.setExpanded(w.plant, false);
    EXPECT_EQ(rowNames(index, w.graph), (std::vector<std::string>{"plant"}));
    index.reveal(w.valve);
    EXPECT_GE(index.rowOf(w.valve), 0);
}

TEST(SceneTree, MatchesAreShownWithTheirAncestorsOnly) {
    test::World w;
    SceneTreeIndex index;
    index.sync(w.graph);
    index.setFilter("TANK");
    EXPECT_EQ(index.matchCount(), 2u);
    EXPECT_EQ(rowNames(index, w.graph), (std::vector<std::string>{"plant", "Tank-1", "tank-2"}));
    index.setFilter("lev");
    const auto& rows = index.rows();
    ASSERT_EQ(rowNames(index, w.graph), (std::vector<std::string>{"plant", "Tank-1", "level"}));
    EXPECT_FALSE(rows[0].matches);
    EXPECT_FALSE(rows[1].matches);
    EXPECT_TRUE(rows[2].matches);
    EXPECT_TRUE(rows[1].expanded) << "filtering expands the path to each match";
    index.setFilter("no such node");
    EXPECT_TRUE(index.rows().empty());
    index.setFilter("");
    EXPECT_EQ(index.rows().size(), 4u);
}

TEST(SceneTree, ResyncsWhenTheGraphChanges) {
    test::World w;
    SceneTreeIndex index;
    index.sync(w.graph);
    index.setFilter("pump");
    EXPECT_EQ(index.matchCount(), 1u);
    w.graph.createNode("pump-9", w.tank2);
    EXPECT_TRUE(index.sync(w.graph));
    EXPECT_EQ(index.matchCount(), 2u) << "the filter is re-applied to the new hierarchy";
    EXPECT_EQ(rowNames(index, w.graph), (std::vector<std::string>{"plant", "tank-2", "pump-9", "pump-3"}));
    w.graph.destroyNode(w.tank2);
    index.sync(w.graph);
    EXPECT_EQ(rowNames(index, w.graph), (std::vector<std::string>{"plant", "pump-3"}));
}

TEST(SceneTree, TenThousandNodeFrameIsBounded) {
    test::World w;
    // 100 groups x 100 leaves under one root: 10,101 nodes.
    scene::NodeHandle site = w.graph.createNode("site");
    for (int g = 0; g < 100; ++g) {
        scene::NodeHandle group = w.graph.createNode(tv::format("group-%d", g), site);
        for (int i = 0; i < 100; ++i) w.graph.createNode(tv::format("sensor-%d-%d", g, i), group);
    }
    ASSERT_GT(w.graph.nodeCount(), 10000u);
    test::Harness h;
    SceneTreePanelState state;
    ViewerUiModel model = w.model();
    bool open = true;
    h.draw = [&] { drawSceneTreePanel(state, &open, model); };

    auto time = [&](const char* what, int frames) {
        auto t0 = std::chrono::steady_clock::now();
        h.frames(frames);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / frames;
        std::printf("[ scene tree ] %s: %.3f ms per frame (%zu rows, %zu drawn)\n", what, ms, state.index.rows().size(),
                    state.drawnRows.size());
        return ms;
    };
    time("first frame (index build)", 1);
    state.filterText = "sensor"; // every leaf matches: all 10,101 rows are listed
    state.index.setFilter(state.filterText);
    time("filter 'sensor'", 1);
    EXPECT_GT(state.index.rows().size(), 10000u);
    double steady = time("steady state, all rows listed", 20);
    EXPECT_LT(state.drawnRows.size(), 200u) << "the clipper must draw only the rows on screen";
    EXPECT_LT(steady, 250.0) << "a very generous bound: this is about not walking 10k widgets";
    // Selecting a node deep in the list from the 3D view reveals and scrolls to it.
    scene::NodeHandle deep = w.graph.findByName("sensor-97-42");
    w.selection.select(deep);
    h.frames(3);
    bool drawn = false;
    for (const TreeRowRects& r : state.drawnRows) drawn |= r.node == deep;
    EXPECT_TRUE(drawn) << "the selected row must be scrolled into view";
}

} // namespace
} // namespace tv::ui
