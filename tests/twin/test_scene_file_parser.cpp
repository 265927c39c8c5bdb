// Parsing valid scene files: the shipped examples and every binding kind with its defaults.
#include "twin/scene_file_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tv;
using namespace tv::twin;

// scenes/demo-plant.json is the shipped demo and changes with it: check what must hold for any version (it parses
// without warnings and uses the built-in plant); exact field values are pinned by the in-test files below.
TEST(SceneFileParser, DemoPlantExampleParsesCleanly) {
    auto r = loadSceneFile(std::string(TV_SCENES_DIR) + "/demo-plant.json");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->warnings.empty()) << r->warnings.front();
    const SceneFile& s = r->scene;
    EXPECT_FALSE(s.name.empty());
    const AssetDecl* plant = nullptr;
    for (const AssetDecl& a : s.assets)
        if (a.source == kBuiltinDemo) plant = &a;
    ASSERT_NE(plant, nullptr);
    EXPECT_TRUE(plant->resolvedPath.empty());
    EXPECT_GT(plant->pos.line, 1u);

    const EntityDecl* tank = s.findEntity("tank-1");
    ASSERT_NE(tank, nullptr);
    EXPECT_EQ(tank->node.path, "/plant/tank-1");
    for (size_t i = 1; i < tank->properties.size(); ++i)
        EXPECT_LT(tank->properties[i - 1].name, tank->properties[i].name); // sorted by name
    EXPECT_FALSE(s.bindings.empty());
    for (const Binding& b : s.bindings) EXPECT_NE(s.findEntity(b.entity), nullptr) << b.entity;
    EXPECT_FALSE(s.feeds.empty());
    EXPECT_FALSE(s.viewpoints.empty());
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
