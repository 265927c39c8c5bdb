// Parsing valid scene files: the shipped examples and every binding kind with its defaults.
#include "twin/scene_file_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tv;
using namespace tv::twin;

TEST(SceneFileParser, DemoPlantExampleParsesCleanly) {
    auto r = loadSceneFile(std::string(TV_SCENES_DIR) + "/demo-plant.json");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->warnings.empty()) << r->warnings.front();
    const SceneFile& s = r->scene;
    EXPECT_EQ(s.name, "Demo process plant");
    ASSERT_EQ(s.assets.size(), 1u);
    EXPECT_EQ(s.assets[0].id, "plant");
    EXPECT_TRUE(s.assets[0].isBuiltin());
    EXPECT_TRUE(s.assets[0].resolvedPath.empty());
    EXPECT_EQ(s.assets[0].pos.line, 5u);

    const EntityDecl* tank = s.findEntity("tank-1");
    ASSERT_NE(tank, nullptr);
    EXPECT_EQ(tank->node.asset, "plant");
    EXPECT_EQ(tank->node.path, "/plant/tank-1");
    ASSERT_EQ(tank->properties.size(), 2u);
    EXPECT_EQ(tank->properties[0].name, "level"); // sorted by name
    EXPECT_EQ(tank->properties[0].unit, "%");
    EXPECT_EQ(tank->properties[0].max, 100.0);
    EXPECT_EQ(s.findEntity("part-1")->node.path, "/plant/conveyor/part-1");

    ASSERT_EQ(s.bindings.size(), 12u);
    const auto* ramp = std::get_if<ColorRampBinding>(&s.bindings[0].spec);
    ASSERT_NE(ramp, nullptr);
    EXPECT_EQ(ramp->stops.size(), 4u);
    EXPECT_EQ(ramp->stops[2].value, 90.0);
    EXPECT_EQ(ramp->stops[2].color, vec3(1.0f, 0.8f, 0.0f));
    const auto* scale = std::get_if<MotionBinding>(&s.bindings[3].spec);
    ASSERT_NE(scale, nullptr);
    EXPECT_EQ(scale->kind, MotionBinding::Kind::Scale);
    EXPECT_EQ(scale->minAmount, 0.05);
    const auto* blink = std::get_if<BlinkBinding>(&s.bindings[5].spec);
    ASSERT_NE(blink, nullptr);
    EXPECT_EQ(blink->hz, 2.0);
    EXPECT_EQ(std::get<std::string>(blink->when.value), "fault");
    const auto* vis = std::get_if<VisibilityBinding>(&s.bindings[8].spec);
    ASSERT_NE(vis, nullptr);
    EXPECT_EQ(vis->when.op, Condition::Op::Equals);
    EXPECT_EQ(std::get<bool>(vis->when.value), true);

    ASSERT_EQ(s.feeds.size(), 1u);
    EXPECT_EQ(s.feeds[0].snapshotEndpoint, "tcp://127.0.0.1:5557");
    EXPECT_EQ(s.feeds[0].staleTimeoutSeconds, 5.0);
    EXPECT_EQ(s.viewpoints.size(), 3u);
    EXPECT_FLOAT_EQ(s.viewpoints.find("tank farm")->camera.yfov, 0.9f);
    ASSERT_EQ(s.kpis.size(), 1u);
    EXPECT_EQ(s.kpis[0].target, 70.0);
}

TEST(SceneFileParser, EveryExampleInScenesParses) {
    size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(TV_SCENES_DIR)) {
        if (entry.path().extension() != ".json") continue;
        auto r = loadSceneFile(entry.path().string());
        EXPECT_TRUE(r) << r.error().message;
        ++count;
    }
    EXPECT_GE(count, 1u);
}

TEST(SceneFileParser, DefaultsAndRelativeSources) {
    const char* text = R"({
      "version": 1,
      "assets": [{"id": "pump", "source": "../models/pump.glb",
                  "transform": {"translation": [1, 2, 3], "rotation": [0, 0, 2, 0], "scale": [2, 2, 2]}}],
      "entities": [{"id": "p", "node": "pump:/", "properties": {"rpm": {}, "on": {"type": "bool"}}}],
      "bindings": [
        {"entity": "p", "property": "rpm", "kind": "rotate", "axis": [0, 0, 3], "rate": 6},
        {"entity": "p", "property": "rpm", "kind": "colorRamp", "min": 0, "max": 10},
        {"entity": "p", "property": "on", "kind": "blink", "when": {"notEquals": true}},
        {"entity": "p", "property": "rpm", "kind": "label"},
        {"entity": "p", "property": "rpm", "kind": "threshold", "below": 2}
      ]
    })";
    auto r = parseSceneFile(text, "scenes/site/plant.json");
    ASSERT_TRUE(r) << r.error().message;
    const SceneFile& s = r->scene;
    EXPECT_EQ(s.assets[0].resolvedPath, "scenes/models/pump.glb");
    EXPECT_EQ(s.assets[0].name, "pump"); // defaults to the id
    EXPECT_EQ(s.assets[0].transform.translation, vec3(1, 2, 3));
    EXPECT_EQ(s.assets[0].transform.rotation, quat(0, 0, 0, 1)); // normalised, (w,x,y,z)
    EXPECT_EQ(s.entities[0].node.path, "/");
    EXPECT_EQ(s.entities[0].findProperty("rpm")->type, PropertyType::Number); // default type
    EXPECT_EQ(s.entities[0].findProperty("on")->type, PropertyType::Bool);

    const auto& rot = std::get<MotionBinding>(s.bindings[0].spec);
    EXPECT_EQ(rot.kind, MotionBinding::Kind::Rotate);
    EXPECT_EQ(rot.axis, vec3(0, 0, 1)); // normalised
    EXPECT_EQ(rot.rate, 6.0);
    const auto& ramp = std::get<ColorRampBinding>(s.bindings[1].spec);
    ASSERT_EQ(ramp.stops.size(), 2u); // default blue -> red
    EXPECT_EQ(ramp.stops[0].color, vec3(0, 0, 1));
    EXPECT_EQ(ramp.stops[1].value, 10.0);
    EXPECT_EQ(ramp.target, ColorTarget::BaseColor);
    const auto& blink = std::get<BlinkBinding>(s.bindings[2].spec);
    EXPECT_EQ(blink.hz, 1.0);
    EXPECT_EQ(blink.when.op, Condition::Op::NotEquals);
    EXPECT_EQ(std::get<LabelBinding>(s.bindings[3].spec).format, "{value} {unit}");
    const auto& th = std::get<ThresholdBinding>(s.bindings[4].spec);
    EXPECT_FALSE(th.above);
    EXPECT_EQ(th.limit, 2.0);
    EXPECT_EQ(th.hysteresis, 0.0);
    EXPECT_EQ(th.severity, Severity::Warning);
    EXPECT_EQ(s.bindings[4].pos.line, 11u);
}

TEST(SceneFileParser, MissingFileIsAnIoError) {
    auto r = loadSceneFile("/nonexistent/dir/none.json");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_NE(r.error().message.find("/nonexistent/dir/none.json"), std::string::npos);
}

TEST(SceneFileParser, NodePathSyntax) {
    auto ok = parseNodePath("plant:/plant/#2/valve");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->asset, "plant");
    EXPECT_EQ(ok->path, "/plant/#2/valve");
    EXPECT_EQ(ok->toString(), "plant:/plant/#2/valve");
    EXPECT_TRUE(parseNodePath("a:/"));
    EXPECT_FALSE(parseNodePath("a:"));
    EXPECT_FALSE(parseNodePath("/x"));
}

TEST(SceneFileParser, DocumentationExampleParses) {
    // The complete example at the end of docs/scene-format.md must stay valid.
    std::ifstream in(std::string(TV_DOCS_DIR) + "/scene-format.md");
    ASSERT_TRUE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string doc = ss.str();
    size_t heading = doc.find("## Complete example");
    ASSERT_NE(heading, std::string::npos);
    size_t begin = doc.find("```json\n", heading);
    ASSERT_NE(begin, std::string::npos);
    begin += 8;
    size_t end = doc.find("```", begin);
    auto r = parseSceneFile(doc.substr(begin, end - begin), "docs/scene-format.md");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->warnings.empty());
    EXPECT_EQ(r->scene.bindings.size(), 4u);
}
