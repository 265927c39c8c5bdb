// Writer round trip of every field (viewpoints, feeds, KPIs, asset transforms, spawnOnly), independent of the
// files under scenes/; spawnOnly assets and their rules.
#include "twin/scene_file_parser.h"
#include "twin/scene_file_writer.h"

#include <gtest/gtest.h>

using namespace tv;
using namespace tv::twin;

namespace {

const char* kFull = R"({
  "version": 1,
  "name": "round trip",
  "assets": [{"id": "plant", "source": "builtin:demo", "name": "demo plant",
              "transform": {"translation": [1, 2, 3], "rotation": [0, 0.7071068, 0, 0.7071068], "scale": [2, 2, 2]}},
             {"id": "crate", "source": "assets/crate.glb", "spawnOnly": true}],
  "entities": [{"id": "tank-1", "node": "plant:/plant/tank-1",
                "properties": {"level": {"unit": "%", "min": 0, "max": 100}, "mode": {"type": "string"}}}],
  "bindings": [{"entity": "tank-1", "property": "level", "kind": "rotate", "axis": [0, 1, 0], "rate": 6},
               {"entity": "tank-1", "property": "mode", "kind": "blink", "when": {"notEquals": "auto"}, "hz": 2}],
  "feeds": [{"name": "sim", "endpoint": "tcp://127.0.0.1:5556", "snapshotEndpoint": "tcp://127.0.0.1:5557",
             "commandEndpoint": "tcp://127.0.0.1:5558", "staleTimeout": 2.5}],
  "viewpoints": [{"name": "overview", "eye": [24, 18, 26], "target": [0, 1, 0]},
                 {"name": "top", "eye": [0, 40, 0.1], "target": [0, 0, 0], "projection": "orthographic", "ymag": 20}],
  "kpis": [{"name": "fill", "expression": "tank-1.level", "unit": "%", "target": 70}]
})";

} // namespace

TEST(SceneFileRoundTrip, EveryFieldSurvivesWriteAndRead) {
    auto first = parseSceneFile(kFull, "/scenes/full.json");
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->warnings.empty());
    const SceneFile& a = first->scene;
    ASSERT_EQ(a.assets.size(), 2u);
    EXPECT_FALSE(a.assets[0].spawnOnly);
    EXPECT_TRUE(a.assets[1].spawnOnly);
    EXPECT_EQ(a.assets[1].resolvedPath, "/scenes/assets/crate.glb");

    std::string written = sceneFileToString(a);
    auto second = parseSceneFile(written, "/scenes/full.json");
    ASSERT_TRUE(second) << second.error().message << "\n" << written;
    EXPECT_TRUE(second->warnings.empty());
    const SceneFile& b = second->scene;
    EXPECT_EQ(sceneFileToString(b), written);
    EXPECT_EQ(b.name, "round trip");
    ASSERT_EQ(b.assets.size(), 2u);
    EXPECT_TRUE(b.assets[1].spawnOnly);
    EXPECT_FALSE(b.assets[0].spawnOnly);
    EXPECT_EQ(b.assets[0].transform.translation, a.assets[0].transform.translation);
    EXPECT_EQ(b.assets[0].transform.rotation, a.assets[0].transform.rotation);
    EXPECT_EQ(b.assets[0].transform.scale, a.assets[0].transform.scale);
    EXPECT_EQ(b.assets[0].name, "demo plant");
    ASSERT_EQ(b.feeds.size(), 1u);
    EXPECT_EQ(b.feeds[0].snapshotEndpoint, "tcp://127.0.0.1:5557");
    EXPECT_EQ(b.feeds[0].commandEndpoint, "tcp://127.0.0.1:5558");
    EXPECT_EQ(b.feeds[0].staleTimeoutSeconds, 2.5);
    ASSERT_EQ(b.viewpoints.size(), a.viewpoints.size());
    ASSERT_EQ(b.viewpoints.size(), 2u);
    ASSERT_EQ(b.kpis.size(), 1u);
    EXPECT_EQ(b.kpis[0].target, 70.0);
    EXPECT_EQ(b.kpis[0].unit, "%");
    ASSERT_EQ(b.entities.size(), 1u);
    ASSERT_EQ(b.entities[0].properties.size(), 2u);
    EXPECT_EQ(b.entities[0].properties[0].max, 100.0);
    ASSERT_EQ(b.bindings.size(), 2u);
    EXPECT_EQ(std::get<MotionBinding>(b.bindings[0].spec).rate, 6.0);
    EXPECT_EQ(std::get<BlinkBinding>(b.bindings[1].spec).when.op, Condition::Op::NotEquals);
    // Floats are written as typed, not as the widened float (0.8 would otherwise read 0.800000011920929).
    EXPECT_NE(written.find("0.7071068"), std::string::npos) << written;
    EXPECT_EQ(written.find("0.70710676"), std::string::npos) << written;
    // Assets that are not spawn-only keep their old shape (no "spawnOnly": false added).
    EXPECT_EQ(written.find("\"spawnOnly\": false"), std::string::npos);
    EXPECT_NE(written.find("\"spawnOnly\": true"), std::string::npos);
}

TEST(SceneFileRoundTrip, SpawnOnlyRules) {
    auto bad =
        parseSceneFile(R"({"version": 1, "assets": [{"id": "c", "source": "c.glb", "spawnOnly": 1}]})", "s.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "s.json:1:58: assets[0].spawnOnly: expected true or false");

    auto entityOnIt = parseSceneFile(R"({"version": 1, "assets": [{"id": "c", "source": "c.glb", "spawnOnly": true}],
 "entities": [{"id": "e", "node": "c:/"}]})",
                                     "s.json");
    ASSERT_FALSE(entityOnIt);
    EXPECT_NE(
        entityOnIt.error().message.find("entities[0].node: asset \"c\" is spawnOnly (never instantiated by the file)"),
        std::string::npos)
        << entityOnIt.error().message;
}
