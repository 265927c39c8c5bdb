// The label binding's layer: parsed (default: the property name), validated, written back only when it differs
// from the default, given to the demo scene's labels, and carried by the live twin into LiveLabel.
#include "scene/scene_generators.h"
#include "twin/scene_file_parser.h"
#include "twin/scene_file_writer.h"
#include "twin/scene_resolve.h"
#include "twin/twin_runtime.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

namespace tv::twin {
namespace {

std::string sceneWith(const std::string& bindings) {
    return R"({"version": 1,
  "assets": [{"id": "plant", "source": "builtin:demo", "name": "demo plant"}],
  "entities": [{"id": "tank-1", "node": "plant:/plant/tank-1",
                "properties": {"level": {"unit": "%"}, "temperature": {"unit": "degC"}}}],
  "bindings": [)" +
           bindings + "]}";
}

const LabelBinding& labelAt(const SceneFile& f, size_t i) { return std::get<LabelBinding>(f.bindings.at(i).spec); }

TEST(LabelBindingLayer, DefaultsToThePropertyNameAndReadsAnExplicitLayer) {
    auto r = parseSceneFile(sceneWith(R"({"entity": "tank-1", "property": "level", "kind": "label"},
        {"entity": "tank-1", "property": "temperature", "kind": "label", "layer": "temperatures"})"),
                            "layers.json");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r->warnings.empty());
    EXPECT_EQ(labelAt(r->scene, 0).layer, "level");
    EXPECT_EQ(labelAt(r->scene, 1).layer, "temperatures");
}

TEST(LabelBindingLayer, EmptyOrNonStringLayerIsAnErrorNamingTheField) {
    for (const char* bad : {R"("")", "7"}) {
        auto r = parseSceneFile(
            sceneWith(std::string(R"({"entity": "tank-1", "property": "level", "kind": "label", "layer": )") + bad +
                      "}"),
            "layers.json");
        ASSERT_FALSE(r) << bad;
        EXPECT_NE(r.error().message.find("bindings[0].layer"), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find("expected a non-empty string"), std::string::npos) << r.error().message;
    }
}

TEST(LabelBindingLayer, WriterOmitsTheDefaultAndRoundTripsAnExplicitLayer) {
    auto r = parseSceneFile(sceneWith(R"({"entity": "tank-1", "property": "level", "kind": "label"},
        {"entity": "tank-1", "property": "temperature", "kind": "label", "layer": "temperatures"})"),
                            "layers.json");
    ASSERT_TRUE(r) << r.error().message;
    std::string written = sceneFileToString(r->scene);
    EXPECT_EQ(written.find("\"layer\": \"level\""), std::string::npos) << written;
    EXPECT_NE(written.find("\"layer\": \"temperatures\""), std::string::npos) << written;
    auto again = parseSceneFile(written, "layers.json");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(labelAt(again->scene, 0).layer, "level");
    EXPECT_EQ(labelAt(again->scene, 1).layer, "temperatures");
    EXPECT_EQ(sceneFileToString(again->scene), written);

    // A binding built in code with no layer writes none and reads back as the default.
    SceneFile code = r->scene;
    std::get<LabelBinding>(code.bindings[1].spec).layer.clear();
    auto third = parseSceneFile(sceneFileToString(code), "layers.json");
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_EQ(labelAt(third->scene, 1).layer, "temperature");
}

TEST(LabelBindingLayer, DemoPlantLabelsHaveOperatorLayers) {
    auto r = loadSceneFile(std::string(TV_SCENES_DIR) + "/demo-plant.json");
    ASSERT_TRUE(r) << r.error().message;
    std::map<std::string, std::set<std::string>> entitiesPerLayer;
    for (const Binding& b : r->scene.bindings)
        if (const auto* l = std::get_if<LabelBinding>(&b.spec)) entitiesPerLayer[l->layer].insert(b.entity);
    EXPECT_EQ(entitiesPerLayer.size(), 4u);
    EXPECT_EQ(entitiesPerLayer["levels"], (std::set<std::string>{"tank-1", "tank-2", "tank-3", "tank-4"}));
    EXPECT_EQ(entitiesPerLayer["pumps"], (std::set<std::string>{"pump-1", "pump-2", "pump-3"}));
    EXPECT_EQ(entitiesPerLayer["flows"], (std::set<std::string>{"valve-7", "conveyor"}));
    EXPECT_EQ(entitiesPerLayer["vehicles"], (std::set<std::string>{"agv-1", "agv-2"}));
}

net::FeedChange numberChange(const char* entity, const char* name, double v) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Property;
    c.entity = entity;
    c.name = name;
    c.property.value.type = net::ValueType::Number;
    c.property.value.number = v;
    return c;
}

TEST(LabelBindingLayer, LiveLabelsCarryLayerAndProperty) {
    auto parsed = parseSceneFile(sceneWith(R"({"entity": "tank-1", "property": "level", "kind": "label"},
        {"entity": "tank-1", "property": "temperature", "kind": "label", "layer": "temperatures"})"),
                                 "layers.json");
    ASSERT_TRUE(parsed) << parsed.error().message;
    SceneFile file = parsed->scene;
    // A binding built in code without a layer gets the property name too.
    std::get<LabelBinding>(file.bindings[0].spec).layer.clear();
    scene::SceneGraph graph;
    auto inst = graph.instantiate(scene::makeDemoPlant(), -1, {}, "demo plant");
    ASSERT_TRUE(inst) << inst.error().message;
    InstanceMap instances;
    instances["plant"] = *inst;
    auto resolved = resolve(file, graph, instances);
    ASSERT_TRUE(resolved) << resolved.error().message;
    TwinRuntime runtime(file, *resolved, graph, [](const std::string&) -> Expected<scene::AssetPtr> {
        return makeError(ErrorCode::NotFound, "no spawns here");
    });
    net::FeedDelta d;
    d.status.liveness = net::FeedLiveness::Live;
    d.changes = {numberChange("tank-1", "level", 40.0), numberChange("tank-1", "temperature", 21.5)};
    runtime.apply(0, d);
    runtime.update(0.0);
    ASSERT_EQ(runtime.labels().size(), 2u);
    std::map<std::string, const LiveLabel*> byProperty;
    for (const LiveLabel& l : runtime.labels()) byProperty[l.property] = &l;
    ASSERT_TRUE(byProperty.count("level") && byProperty.count("temperature"));
    EXPECT_EQ(byProperty["level"]->layer, "level");
    EXPECT_EQ(byProperty["level"]->entity, "tank-1");
    EXPECT_EQ(byProperty["temperature"]->layer, "temperatures");
    EXPECT_EQ(byProperty["temperature"]->text, "21.5 degC");
}

} // namespace
} // namespace tv::twin
