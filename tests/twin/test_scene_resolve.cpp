// Resolving entity node paths against a live SceneGraph holding the built-in demo plant.
#include "twin/scene_file_parser.h"
#include "twin/scene_resolve.h"

#include "scene/scene_generators.h"

#include <gtest/gtest.h>

using namespace tv;
using namespace tv::twin;

namespace {

struct DemoScene {
    scene::SceneGraph graph;
    InstanceMap instances;
    DemoScene() {
        auto inst = graph.instantiate(scene::makeDemoPlant(), -1, {}, "demo plant");
        EXPECT_TRUE(inst);
        if (inst) instances["plant"] = *inst;
    }
};

} // namespace

TEST(SceneResolve, DemoPlantEntitiesResolve) {
    auto parsed = loadSceneFile(std::string(TV_SCENES_DIR) + "/demo-plant.json");
    ASSERT_TRUE(parsed) << parsed.error().message;
    DemoScene demo;
    auto resolved = resolve(parsed->scene, demo.graph, demo.instances);
    ASSERT_TRUE(resolved) << resolved.error().message;
    ASSERT_EQ(resolved->entityNodes.size(), parsed->scene.entities.size());
    for (scene::NodeHandle n : resolved->entityNodes) EXPECT_TRUE(demo.graph.isValid(n));
    scene::NodeHandle tank = resolved->node(parsed->scene, "tank-1");
    EXPECT_EQ(demo.graph.name(tank), "tank-1");
    EXPECT_EQ(demo.graph.path(tank), "/demo plant/plant/tank-1");
    scene::NodeHandle part = resolved->node(parsed->scene, "part-1");
    EXPECT_EQ(demo.graph.path(part), "/demo plant/plant/conveyor/part-1");
    EXPECT_FALSE(resolved->node(parsed->scene, "no-such-entity"));
}

TEST(SceneResolve, RootAndIndexSegments) {
    DemoScene demo;
    scene::NodeHandle root = demo.graph.instanceRoot(demo.instances["plant"]);
    EXPECT_EQ(resolveNodePath(demo.graph, root, "/"), root);
    scene::NodeHandle plant = resolveNodePath(demo.graph, root, "/plant");
    ASSERT_TRUE(demo.graph.isValid(plant));
    // Give a node no name: it is then addressed as "#<index among siblings>", like SceneGraph::path writes it.
    scene::NodeHandle unnamed = demo.graph.createNode("", plant);
    size_t index = demo.graph.children(plant).size() - 1;
    scene::NodeHandle leaf = demo.graph.createNode("leaf", unnamed);
    EXPECT_EQ(resolveNodePath(demo.graph, root, "/plant/#" + std::to_string(index) + "/leaf"), leaf);
    EXPECT_FALSE(resolveNodePath(demo.graph, root, "/plant/#0")); // child 0 is named ("floor"), so no match
    size_t missing = 99;
    EXPECT_FALSE(resolveNodePath(demo.graph, root, "/plant/tank-1/lid", &missing));
    EXPECT_EQ(missing, 2u);
}

TEST(SceneResolve, UnresolvedPathsAreAllReported) {
    const char* text = R"({
  "version": 1,
  "assets": [{"id": "plant", "source": "builtin:demo"}, {"id": "extra", "source": "builtin:stress"}],
  "entities": [
    {"id": "ok", "node": "plant:/plant/tank-1"},
    {"id": "typo", "node": "plant:/plant/tank-9"},
    {"id": "deep", "node": "plant:/plant/conveyor/part-7/lid"},
    {"id": "other", "node": "extra:/x"}
  ]
})";
    auto parsed = parseSceneFile(text, "scenes/t.json");
    ASSERT_TRUE(parsed) << parsed.error().message;
    DemoScene demo;
    auto resolved = resolve(parsed->scene, demo.graph, demo.instances);
    ASSERT_FALSE(resolved);
    EXPECT_EQ(resolved.error().code, ErrorCode::NotFound);
    EXPECT_EQ(resolved.error().message,
              "scenes/t.json:6:5: entities[1].node: \"plant:/plant/tank-9\" not resolved: no node \"tank-9\" under "
              "\"/plant\" in asset \"plant\"\n"
              "scenes/t.json:7:5: entities[2].node: \"plant:/plant/conveyor/part-7/lid\" not resolved: no node "
              "\"part-7\" under \"/plant/conveyor\" in asset \"plant\"\n"
              "scenes/t.json:8:5: entities[3].node: \"extra:/x\" not resolved: asset \"extra\" was not instantiated");

    demo.graph.destroyInstance(demo.instances["plant"]);
    auto stale = resolve(parsed->scene, demo.graph, demo.instances);
    ASSERT_FALSE(stale);
    EXPECT_NE(stale.error().message.find("the instance of asset \"plant\" no longer exists"), std::string::npos);
}

TEST(SceneResolve, TwoInstancesOfOneAsset) {
    auto parsed = loadSceneFile(std::string(TV_SCENES_DIR) + "/two-plants.json");
    ASSERT_TRUE(parsed) << parsed.error().message;
    const SceneFile& s = parsed->scene;
    ASSERT_EQ(s.assets.size(), 2u);
    EXPECT_EQ(s.assets[1].transform.translation, vec3(0, 0, 40));
    EXPECT_EQ(s.assets[1].transform.rotation, quat(0, 0, 1, 0)); // 180 degrees about Y, (w,x,y,z)
    scene::SceneGraph graph;
    InstanceMap instances;
    auto demo = scene::makeDemoPlant();
    for (const AssetDecl& a : s.assets) {
        auto inst = graph.instantiate(demo, -1, {}, a.name);
        ASSERT_TRUE(inst);
        instances[a.id] = *inst;
    }
    auto resolved = resolve(s, graph, instances);
    ASSERT_TRUE(resolved) << resolved.error().message;
    EXPECT_EQ(graph.path(resolved->node(s, "north/pump-2")), "/north plant/plant/pump-2");
    EXPECT_EQ(graph.path(resolved->node(s, "south/pump-2")), "/south plant/plant/pump-2");
    EXPECT_EQ(graph.path(resolved->node(s, "south/agv-2/wheel-1")), "/south plant/plant/agv-2/wheel-1");
    EXPECT_NE(resolved->node(s, "north/pump-2"), resolved->node(s, "south/pump-2"));
}
