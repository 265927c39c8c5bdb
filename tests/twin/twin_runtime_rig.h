// Test rig for TwinRuntime: the built-in demo plant in a real SceneGraph, a small scene file parsed from a string
// (bindings of every kind), an asset resolver that builds a tiny two-node "crate" in code, and helpers that build
// feed changes and deltas.
#pragma once

#include "scene/asset_builder.h"
#include "scene/mesh_builder.h"
#include "scene/scene_generators.h"
#include "twin/scene_file_parser.h"
#include "twin/twin_runtime.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace tv::twin::test {

// Binding indices below are referred to by the tests (threshold alarm ids carry them).
inline const char* kRuntimeScene = R"({
  "version": 1,
  "assets": [{"id": "plant", "source": "builtin:demo", "name": "demo plant"},
             {"id": "crate", "source": "crate.glb", "spawnOnly": true}],
  "entities": [
    {"id": "tank-1", "node": "plant:/plant/tank-1",
     "properties": {"temperature": {"unit": "degC"}, "level": {"unit": "%"}}},
    {"id": "tank-2", "node": "plant:/plant/tank-2", "properties": {"level": {"unit": "%"}}},
    {"id": "pump-1", "node": "plant:/plant/pump-1",
     "properties": {"speed": {"unit": "rpm"}, "state": {"type": "string"}}},
    {"id": "valve-1", "node": "plant:/plant/valve-1", "properties": {"open": {"type": "bool"}, "position": {}}},
    {"id": "conveyor", "node": "plant:/plant/conveyor", "properties": {"load": {}}},
    {"id": "part-2", "node": "plant:/plant/conveyor/part-2"},
    {"id": "agv-1", "node": "plant:/plant/agv-1", "properties": {"x": {"unit": "m"}}}
  ],
  "bindings": [
    {"entity": "tank-1", "property": "temperature", "kind": "colorRamp", "min": 0, "max": 100,
     "stops": [[0, [0, 0, 1]], [100, [1, 0, 0]]]},
    {"entity": "tank-1", "property": "level", "kind": "label", "format": "{value:.1f} {unit}", "offset": [0, 7, 0]},
    {"entity": "tank-1", "property": "temperature", "kind": "threshold", "above": 90, "hysteresis": 5,
     "severity": "critical", "message": "{entity} hot: {value:.0f}"},
    {"entity": "tank-2", "property": "level", "kind": "scale", "axis": [0, 1, 0],
     "minValue": 0, "maxValue": 100, "minAmount": 0.1, "maxAmount": 1},
    {"entity": "pump-1", "property": "speed", "kind": "rotate", "axis": [0, 1, 0], "rate": 6},
    {"entity": "pump-1", "property": "state", "kind": "blink", "when": {"equals": "fault"}, "hz": 1},
    {"entity": "valve-1", "property": "open", "kind": "visibility", "equals": true},
    {"entity": "valve-1", "property": "position", "kind": "rotate", "axis": [0, 0, 1],
     "minValue": 0, "maxValue": 100, "minAmount": 0, "maxAmount": 90},
    {"entity": "conveyor", "property": "load", "kind": "colorRamp", "min": 0, "max": 1, "target": "emissive"},
    {"entity": "agv-1", "property": "x", "kind": "translate", "axis": [1, 0, 0],
     "minValue": 0, "maxValue": 10, "minAmount": 0, "maxAmount": 10}
  ],
  "feeds": [{"name": "sim", "endpoint": "tcp://127.0.0.1:5556"},
            {"name": "energy", "endpoint": "tcp://127.0.0.1:5566"}]
})";

inline scene::AssetPtr makeCrate() {
    scene::AssetBuilder b;
    int32_t wood = b.material("wood", vec4(0.6f, 0.4f, 0.2f, 1.0f), 0.0f, 0.8f);
    int32_t box = b.mesh("crate", {scene::MeshBuilder(wood).box(mat4(1.0f), vec3(0.5f)).finish()});
    int32_t root = b.node("crate", -1, {}, box);
    b.node("lid", root, scene::at(vec3(0.0f, 0.6f, 0.0f)), box);
    return b.finish("generated:crate");
}

struct RuntimeRig {
    scene::SceneGraph graph;
    SceneFile file;
    std::unique_ptr<TwinRuntime> runtime;
    std::vector<std::string> resolverCalls;

    RuntimeRig() {
        auto parsed = parseSceneFile(kRuntimeScene, "runtime-test.json");
        if (!parsed) ADD_FAILURE() << parsed.error().message;
        file = parsed ? parsed->scene : SceneFile{};
        auto inst = graph.instantiate(scene::makeDemoPlant(), -1, {}, "demo plant");
        if (!inst) ADD_FAILURE() << inst.error().message;
        InstanceMap instances;
        if (inst) instances["plant"] = *inst;
        auto resolved = resolve(file, graph, instances);
        if (!resolved) ADD_FAILURE() << resolved.error().message;
        runtime = std::make_unique<TwinRuntime>(file, resolved ? *resolved : ResolvedScene{}, graph,
                                                [this](const std::string& ref) -> Expected<scene::AssetPtr> {
                                                    resolverCalls.push_back(ref);
                                                    if (ref == "crate") return makeCrate();
                                                    return makeError(ErrorCode::NotFound, "no asset \"" + ref + "\"");
                                                });
    }

    scene::NodeHandle node(const std::string& pathInPlant) const {
        return graph.findByPath("/demo plant/plant/" + pathInPlant);
    }
    const scene::MaterialOverride* override(const std::string& pathInPlant) const {
        return graph.materialOverride(node(pathInPlant));
    }
    void apply(std::vector<net::FeedChange> changes, size_t feed = 0, bool reset = false,
               net::FeedLiveness liveness = net::FeedLiveness::Live) {
        net::FeedDelta d;
        d.reset = reset;
        d.changes = std::move(changes);
        d.status.liveness = liveness;
        runtime->apply(feed, d);
    }
};

inline net::FeedChange property(std::string entity, std::string name, net::OwnedValue value) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Property;
    c.entity = std::move(entity);
    c.name = std::move(name);
    c.property.value = std::move(value);
    return c;
}
inline net::OwnedValue number(double v) {
    net::OwnedValue o;
    o.type = net::ValueType::Number;
    o.number = v;
    return o;
}
inline net::OwnedValue text(std::string v) {
    net::OwnedValue o;
    o.type = net::ValueType::String;
    o.text = std::move(v);
    return o;
}
inline net::OwnedValue boolean(bool v) {
    net::OwnedValue o;
    o.type = net::ValueType::Bool;
    o.boolean = v;
    return o;
}
inline net::FeedChange property(std::string entity, std::string name, double v) {
    return property(std::move(entity), std::move(name), number(v));
}
inline net::FeedChange transformChange(std::string entity, uint8_t mask, vec3 t, quat r = quat(1, 0, 0, 0),
                                       vec3 s = vec3(1.0f)) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Transform;
    c.entity = std::move(entity);
    c.transform.mask = mask;
    c.transform.translation = t;
    c.transform.rotation = r;
    c.transform.scale = s;
    return c;
}
inline net::FeedChange visibility(std::string entity, bool visible) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Visibility;
    c.entity = std::move(entity);
    c.visible = visible;
    return c;
}
inline net::FeedChange colour(std::string entity, uint8_t mask, vec4 base, vec3 emissive = vec3(0.0f)) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Colour;
    c.entity = std::move(entity);
    c.colour.mask = mask;
    c.colour.baseColour = base;
    c.colour.emissive = emissive;
    return c;
}
inline net::FeedChange spawn(std::string entity, std::string asset, std::string parent, vec3 at) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Spawn;
    c.entity = std::move(entity);
    c.spawn.asset = std::move(asset);
    c.spawn.parent = std::move(parent);
    c.spawn.transform.translation = at;
    return c;
}
inline net::FeedChange removal(std::string entity) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Remove;
    c.entity = std::move(entity);
    return c;
}
inline net::FeedChange alarmRaise(std::string id, std::string entity, net::AlarmSeverity severity, std::string text) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::AlarmRaise;
    c.name = std::move(id);
    c.alarm.entity = std::move(entity);
    c.alarm.severity = severity;
    c.alarm.text = std::move(text);
    return c;
}
inline net::FeedChange alarmClear(std::string id) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::AlarmClear;
    c.name = std::move(id);
    return c;
}

// Component-wise closeness for glm vectors and quaternions (sign-insensitive for quaternions).
inline bool near(const vec3& a, const vec3& b, float eps = 1e-4f) {
    return glm::all(glm::lessThan(glm::abs(a - b), vec3(eps)));
}
inline bool near(const vec4& a, const vec4& b, float eps = 1e-4f) {
    return glm::all(glm::lessThan(glm::abs(a - b), vec4(eps)));
}
inline bool near(const quat& a, const quat& b, float eps = 1e-4f) { return std::abs(glm::dot(a, b)) > 1.0f - eps; }

} // namespace tv::twin::test
