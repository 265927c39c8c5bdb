// Selection state: isolate filters the extract by subtree, x-ray overrides opacity, stale handles are harmless.
#include "interact/selection_state.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

namespace tv::interact {
namespace {

// group-a { a1, a2 }, group-b { b1 }, loose
scene::AssetPtr groupedAsset() {
    scene::AssetBuilder b;
    scene::MeshBuilder mb;
    int32_t mesh = b.mesh("cube", {mb.box(mat4(1.0f), vec3(0.5f)).finish()});
    int32_t ga = b.node("group-a", -1);
    b.node("a1", ga, scene::at(vec3(0, 0, 0)), mesh);
    b.node("a2", ga, scene::at(vec3(2, 0, 0)), mesh);
    int32_t gb = b.node("group-b", -1, scene::at(vec3(0, 0, 10)));
    b.node("b1", gb, {}, mesh);
    b.node("loose", -1, scene::at(vec3(-20, 0, 0)), mesh);
    return b.finish("generated:grouped");
}

std::vector<std::string> drawNames(const test::TestWorld& w) {
    std::vector<std::string> out;
    for (const auto& d : w.extract.draws) out.push_back(w.graph.name(d.node));
    return out;
}

TEST(Selection, IsolateKeepsSubtreesAndRecomputesBounds) {
    test::TestWorld w(groupedAsset());
    ASSERT_EQ(w.extract.draws.size(), 4u);
    SelectionState s;
    EXPECT_EQ(s.applyTo(w.graph, w.extract), 0u); // nothing isolated: untouched
    EXPECT_EQ(w.extract.draws.size(), 4u);

    s.isolate({w.node("group-a")});
    std::vector<bool> vis = s.visibleDraws(w.graph, w.extract);
    EXPECT_EQ(std::count(vis.begin(), vis.end(), true), 2);
    EXPECT_EQ(s.applyTo(w.graph, w.extract), 2u);
    EXPECT_EQ(drawNames(w), (std::vector<std::string>{"a1", "a2"}));
    EXPECT_TRUE(test::vecNear(w.extract.bounds.min, vec3(-0.5f)));
    EXPECT_TRUE(test::vecNear(w.extract.bounds.max, vec3(2.5f, 0.5f, 0.5f)));

    // A single leaf plus another group.
    w.refresh();
    s.isolate({w.node("a2"), w.node("group-b")});
    s.applyTo(w.graph, w.extract);
    EXPECT_EQ(drawNames(w), (std::vector<std::string>{"a2", "b1"}));
    EXPECT_TRUE(s.isShown(w.graph, w.node("b1")));
    EXPECT_FALSE(s.isShown(w.graph, w.node("a1")));
    s.clearIsolation();
    EXPECT_TRUE(s.isShown(w.graph, w.node("a1")));
}

TEST(Selection, IsolateSelection) {
    test::TestWorld w(groupedAsset());
    SelectionState s;
    s.isolateSelection();
    EXPECT_FALSE(s.isolating());
    s.select(w.node("loose"));
    s.isolateSelection();
    s.applyTo(w.graph, w.extract);
    EXPECT_EQ(drawNames(w), (std::vector<std::string>{"loose"}));
}

TEST(Selection, XrayMakesEverythingButSelectionTranslucent) {
    test::TestWorld w(groupedAsset());
    scene::MaterialOverride red;
    red.baseColor = vec4(1, 0, 0, 1);
    red.opacity = 0.5f;
    w.graph.setMaterialOverride(w.node("b1"), red);
    w.refresh();
    SelectionState s;
    s.setXray(true);
    s.applyTo(w.graph, w.extract); // x-ray without a selection changes nothing
    for (const auto& d : w.extract.draws) EXPECT_EQ(d.override.opacity, w.graph.name(d.node) == "b1" ? 0.5f : 1.0f);

    s.select(w.node("group-a"));
    s.setXrayOpacity(0.2f);
    s.applyTo(w.graph, w.extract);
    for (const auto& d : w.extract.draws) {
        std::string n = w.graph.name(d.node);
        if (n == "a1" || n == "a2") {
            EXPECT_FALSE(d.hasOverride) << n;
            EXPECT_EQ(d.override.opacity, 1.0f);
        } else {
            EXPECT_TRUE(d.hasOverride) << n;
            EXPECT_FLOAT_EQ(d.override.opacity, n == "b1" ? 0.1f : 0.2f); // multiplies an existing override
        }
        if (n == "b1") {
            EXPECT_EQ(*d.override.baseColor, vec4(1, 0, 0, 1)); // the rest of the override survives
        }
    }
    EXPECT_TRUE(s.isSelected(w.graph, w.node("a1")));
    EXPECT_FALSE(s.isSelected(w.graph, w.node("b1")));
    s.setXrayOpacity(3.0f);
    EXPECT_EQ(s.xrayOpacity(), 1.0f);
}

TEST(Selection, StaleHandlesArePrunedAndIgnored) {
    test::TestWorld w(groupedAsset());
    SelectionState s;
    scene::NodeHandle gone = w.node("group-b");
    s.select(gone);
    s.setHover(w.node("b1"));
    s.isolate({gone, w.node("loose")});
    w.graph.destroyNode(gone);
    w.refresh();
    EXPECT_FALSE(s.isSelected(w.graph, w.node("loose")));
    s.setXray(true);
    s.applyTo(w.graph, w.extract); // stale selection: no x-ray; stale isolate entry: ignored
    EXPECT_EQ(drawNames(w), (std::vector<std::string>{"loose"}));
    EXPECT_FALSE(w.extract.draws[0].hasOverride);
    s.prune(w.graph);
    EXPECT_FALSE(s.selected());
    EXPECT_FALSE(s.hover());
    EXPECT_EQ(s.isolated().size(), 1u);
}

} // namespace
} // namespace tv::interact
