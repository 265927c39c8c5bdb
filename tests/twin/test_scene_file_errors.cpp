// Every scene-file error names file:line:column (of the offending key or element) and the field's JSON path.
#include "twin/scene_file_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

using tv::twin::parseSceneFile;

namespace {

const char* kAssets = R"({"id": "a", "source": "builtin:demo"})";
const char* kEntities = R"({"id": "e", "node": "a:/plant/tank-1",
                "properties": {"v": {"unit": "%"}, "s": {"type": "string"}, "b": {"type": "bool"}}})";

std::string scene(const std::string& bindings, const std::string& entities = kEntities,
                  const std::string& assets = kAssets, const std::string& extra = "") {
    return "{\n  \"version\": 1,\n  \"assets\": [" + assets + "],\n  \"entities\": [" + entities +
           "],\n  \"bindings\": [\n    " + bindings + "\n  ]" + extra + "\n}\n";
}

// "line:column" of the first occurrence of `token` in `text` (1-based), computed independently of the parser.
std::string positionOf(const std::string& text, const std::string& token) {
    size_t at = text.find(token);
    EXPECT_NE(at, std::string::npos) << "token not in text: " << token;
    size_t line = 1, lineStart = 0;
    for (size_t i = 0; i < at; ++i)
        if (text[i] == '\n') ++line, lineStart = i + 1;
    return std::to_string(line) + ":" + std::to_string(at - lineStart + 1);
}

struct Case {
    std::string text;
    std::string token; // where the error must point
    std::string pathAndWhat;
};

void expectError(const Case& c) {
    auto r = parseSceneFile(c.text, "scenes/t.json");
    ASSERT_FALSE(r) << "accepted:\n" << c.text;
    EXPECT_EQ(r.error().code, tv::ErrorCode::Parse);
    EXPECT_EQ(r.error().message, "scenes/t.json:" + positionOf(c.text, c.token) + ": " + c.pathAndWhat) << c.text;
}

std::string ramp(const std::string& rest) {
    return R"({"entity": "e", "property": "v", "kind": "colorRamp", )" + rest + "}";
}

} // namespace

TEST(SceneFileErrors, ColorRamp) {
    std::string t = scene(ramp(R"("min": 0, "max": 1, "stops": [[0, [0, 0, 0]], [1, [1, 2, 0]]])"));
    expectError({t, "[1, 2, 0]", "bindings[0].stops[1][1]: colour components must be in 0..1"});
    t = scene(ramp(R"("min": 0, "max": 1, "stops": [[0, [0, 0, 0]], [1, 2]])"));
    expectError({t, "[1, 2]", "bindings[0].stops[1]: expected [value, [r,g,b]]"});
    t = scene(ramp(R"("min": 0, "max": 1, "stops": [[0, [0, 0, 0]], [1, [0, "x", 0]]])"));
    expectError({t, "[1, [0, \"x\"", "bindings[0].stops[1]: expected [value, [r,g,b]]"});
    t = scene(ramp(R"("min": 5, "max": 5)"));
    expectError({t, "\"max\"", "bindings[0].max: must be greater than min"});
    t = scene(ramp(R"("min": 0, "max": 1, "stops": [[0.5, [0, 0, 0]], [0.5, [1, 1, 1]]])"));
    expectError({t, "0.5, [1", "bindings[0].stops[1][0]: stop values must be strictly increasing"});
    t = scene(ramp(R"("min": 0, "max": 1, "stops": [[-1, [0, 0, 0]], [1, [1, 1, 1]]])"));
    expectError({t, "-1, [0", "bindings[0].stops[0][0]: stop value -1 is outside min..max (0..1)"});
    t = scene(ramp(R"("min": 0, "max": 1, "stops": [[0, [0, 0, 0]]])"));
    expectError({t, "\"stops\"", "bindings[0].stops: expected at least 2 stops"});
    t = scene(ramp(R"("min": 0, "max": 1, "target": "albedo")"));
    expectError({t, "\"target\"", "bindings[0].target: expected \"baseColor\" or \"emissive\""});
    t = scene(ramp(R"("max": 1)"));
    expectError({t, "{\"entity\"", "bindings[0].min: missing (required)"});
    t = scene(R"({"entity": "e", "property": "s", "kind": "colorRamp", "min": 0, "max": 1})");
    expectError({t, "\"property\"", "bindings[0].property: \"colorRamp\" needs a number property, \"s\" is string"});
}

TEST(SceneFileErrors, BindingReferences) {
    std::string t = scene(R"({"entity": "e", "property": "nope", "kind": "label"})");
    expectError({t, "\"property\"", "bindings[0].property: entity \"e\" declares no property \"nope\""});
    t = scene(R"({"entity": "x", "property": "v", "kind": "label"})");
    expectError({t, "\"entity\": \"x\"", "bindings[0].entity: unknown entity \"x\""});
    t = scene(R"({"entity": "e", "property": "v", "kind": "glow"})");
    expectError({t, "\"kind\"",
                 "bindings[0].kind: unknown kind \"glow\" (expected colorRamp, translate, rotate, "
                 "scale, visibility, blink, label or threshold)"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "label"}, 7)");
    expectError({t, "7", "bindings[1]: expected an object"});
    t = scene(R"({"property": "v", "kind": "label"})");
    expectError({t, "{\"property\"", "bindings[0].entity: missing (required)"});
}

TEST(SceneFileErrors, Conditions) {
    std::string t = scene(R"({"entity": "e", "property": "v", "kind": "blink", "when": {"above": 1}, "hz": 0})");
    expectError({t, "\"hz\"", "bindings[0].hz: must be > 0"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "blink"})");
    expectError({t, "{\"entity\"", "bindings[0].when: missing (required)"});
    t = scene(R"({"entity": "e", "property": "b", "kind": "visibility", "equals": "yes"})");
    expectError({t, "\"equals\"", "bindings[0].equals: expected true or false (property \"b\" is bool)"});
    t = scene(R"({"entity": "e", "property": "s", "kind": "visibility", "when": {"above": 3}})");
    expectError({t, "\"above\"", "bindings[0].when.above: \"above\" needs a number property, \"s\" is string"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "visibility", "when": {"above": 3, "below": 1}})");
    expectError(
        {t, "\"when\"", "bindings[0].when: expected exactly one of \"equals\", \"notEquals\", \"above\", \"below\""});
    t = scene(R"({"entity": "e", "property": "v", "kind": "visibility", "when": {"equals": 1}, "equals": 2})");
    expectError({t, "{\"entity\"", "bindings[0]: expected exactly one of \"when\" and \"equals\""});
    t = scene(R"({"entity": "e", "property": "s", "kind": "blink", "when": {"notEquals": 4}})");
    expectError({t, "\"notEquals\"", "bindings[0].when.notEquals: expected a string (property \"s\" is string)"});
}

TEST(SceneFileErrors, ThresholdsAndMotion) {
    std::string t = scene(R"({"entity": "e", "property": "v", "kind": "threshold", "above": 1, "below": 0})");
    expectError({t, "{\"entity\"", "bindings[0]: expected exactly one of \"above\" and \"below\""});
    t = scene(R"({"entity": "e", "property": "v", "kind": "threshold", "above": 1, "severity": "fatal"})");
    expectError({t, "\"severity\"", "bindings[0].severity: expected \"info\", \"warning\" or \"critical\""});
    t = scene(R"({"entity": "e", "property": "v", "kind": "threshold", "below": 1, "hysteresis": -1})");
    expectError({t, "\"hysteresis\"", "bindings[0].hysteresis: must be >= 0"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "threshold", "above": "high"})");
    expectError({t, "\"above\"", "bindings[0].above: expected a number"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "rotate", "rate": 6, "minValue": 0})");
    expectError({t, "\"minValue\"", "bindings[0].minValue: not allowed together with \"rate\""});
    t = scene(R"({"entity": "e", "property": "v", "kind": "translate", "rate": 6})");
    expectError({t, "\"rate\"", "bindings[0].rate: only \"rotate\" bindings take a rate"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "scale", "axis": [0, 0.5, 0]})");
    expectError({t, "\"axis\"", "bindings[0].axis: scale axis components must be 0 or 1"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "translate", "axis": [0, 0, 0]})");
    expectError({t, "\"axis\"", "bindings[0].axis: must not be zero"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "translate", "minValue": 0, "maxValue": 1, "maxAmount": 1})");
    expectError({t, "{\"entity\"", "bindings[0].minAmount: missing (required)"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "translate", "minValue": 2, "maxValue": 1,
                  "minAmount": 0, "maxAmount": 1})");
    expectError({t, "\"maxValue\"", "bindings[0].maxValue: must be greater than minValue"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "scale", "minValue": 0, "maxValue": 1,
                  "minAmount": -1, "maxAmount": 1})");
    expectError({t, "\"minAmount\"", "bindings[0].minAmount: scale factors must be >= 0"});
    t = scene(R"({"entity": "e", "property": "v", "kind": "label", "offset": [0, 1]})");
    expectError({t, "\"offset\"", "bindings[0].offset: expected [x, y, z]"});
}

TEST(SceneFileErrors, TopLevelAndAssets) {
    expectError({"[1]", "[1]", "(root): expected a JSON object at the top level"});
    expectError({"{\n  \"assets\": []\n}", "{", "version: missing (required)"});
    expectError({"{\n  \"version\": 2\n}", "\"version\"", "version: unsupported version (this build reads version 1)"});
    expectError({"{\"version\": 1, \"assets\": {}}", "\"assets\"", "assets: expected an array"});
    std::string t = scene("", "", R"({"id": "a", "source": "builtin:demo"}, {"id": "a", "source": "x.glb"})");
    expectError({t, "\"id\": \"a\", \"source\": \"x", "assets[1].id: duplicate asset id \"a\""});
    t = scene("", "", R"({"id": "a", "source": "builtin:teapot"})");
    expectError({t, "\"source\"",
                 "assets[0].source: unknown builtin \"builtin:teapot\" (expected one of \"builtin:demo\", "
                 "\"builtin:stress\", \"builtin:part\", \"builtin:forklift\", \"builtin:agv\")"});
    t = scene("", "", R"({"id": "a:b", "source": "x.glb"})");
    expectError({t, "\"id\"", "assets[0].id: must not contain ':'"});
    t = scene("", "", R"({"id": "a", "source": ""})");
    expectError({t, "\"source\"", "assets[0].source: expected a non-empty string"});
    t = scene("", "", R"({"id": "a", "source": "x.glb", "transform": {"rotation": [0, 0, 0, 0]}})");
    expectError({t, "\"rotation\"", "assets[0].transform.rotation: quaternion must be non-zero and finite"});
    t = scene("", "", R"({"id": "a", "source": "x.glb", "transform": {"rotation": [0, 0, 1]}})");
    expectError({t, "\"rotation\"", "assets[0].transform.rotation: expected a quaternion [x, y, z, w] (glTF order)"});
    t = scene("", "", R"({"id": "a", "source": "x.glb", "transform": {"scale": [1, "2", 1]}})");
    expectError({t, "\"scale\"", "assets[0].transform.scale: expected [x, y, z]"});
}

TEST(SceneFileErrors, Entities) {
    auto entity = [](const std::string& node) { return R"({"id": "e", "node": ")" + node + "\"}"; };
    std::string t = scene("", entity("a/plant"));
    expectError({t, "\"node\"", "entities[0].node: expected \"asset-id:/path/in/asset\" (no ':' found)"});
    t = scene("", entity("a:plant"));
    expectError({t, "\"node\"", "entities[0].node: the node path must start with '/'"});
    t = scene("", entity("a:/plant//tank"));
    expectError({t, "\"node\"", "entities[0].node: the node path has an empty segment (\"//\")"});
    t = scene("", entity("a:/plant/"));
    expectError({t, "\"node\"", "entities[0].node: the node path must not end with '/'"});
    t = scene("", entity(":/plant"));
    expectError({t, "\"node\"", "entities[0].node: the asset id before ':' is empty"});
    t = scene("", entity("zz:/plant"));
    expectError({t, "\"node\"", "entities[0].node: unknown asset \"zz\""});
    t = scene("", entity("a:/x") + ", " + entity("a:/y"));
    expectError({t, "\"id\": \"e\", \"node\": \"a:/y", "entities[1].id: duplicate entity id \"e\""});
    t = scene("", R"({"id": "e", "node": "a:/", "properties": {"v": {"min": 3, "max": 1}}})");
    expectError({t, "\"max\"", "entities[0].properties.v.max: must be greater than min"});
    t = scene("", R"({"id": "e", "node": "a:/", "properties": {"v": {"type": "float"}}})");
    expectError({t, "\"type\"", "entities[0].properties.v.type: expected \"number\", \"bool\" or \"string\""});
    t = scene("", R"({"id": "e", "node": "a:/", "properties": {"v": {"type": "bool", "min": 0}}})");
    expectError({t, "\"min\"", "entities[0].properties.v.min: a range is only allowed on number properties"});
    t = scene("", R"({"id": "e", "node": "a:/", "properties": [1]})");
    expectError({t, "\"properties\"", "entities[0].properties: expected an object of property name -> declaration"});
}

TEST(SceneFileErrors, FeedsKpisViewpoints) {
    auto withExtra = [](const std::string& extra) { return scene("", kEntities, kAssets, ",\n  " + extra); };
    std::string t = withExtra(R"("feeds": [{"name": "f", "endpoint": "127.0.0.1:5556"}])");
    expectError({t, "\"endpoint\"", "feeds[0].endpoint: expected an endpoint like \"tcp://host:port\""});
    t = withExtra(R"("feeds": [{"name": "f", "endpoint": "tcp://h:1", "staleTimeout": 0}])");
    expectError({t, "\"staleTimeout\"", "feeds[0].staleTimeout: must be > 0 (seconds)"});
    t = withExtra(R"("feeds": [{"name": "f"}])");
    expectError({t, "{\"name\"", "feeds[0].endpoint: missing (required)"});
    t = withExtra(R"("feeds": [{"name": "f", "endpoint": "tcp://h:1"}, {"name": "f", "endpoint": "tcp://h:2"}])");
    expectError({t, "\"name\": \"f\", \"endpoint\": \"tcp://h:2", "feeds[1].name: duplicate feed name \"f\""});
    t = withExtra(R"("kpis": [{"name": "k", "unit": "%"}])");
    expectError({t, "{\"name\"", "kpis[0].expression: missing (required)"});
    t = withExtra(R"("kpis": [{"name": "k", "expression": "a", "target": "high"}])");
    expectError({t, "\"target\"", "kpis[0].target: expected a number"});
    t = withExtra(R"("viewpoints": [{"name": "v", "eye": [1, 2], "target": [0, 0, 0]}])");
    expectError({t, "\"eye\"", "viewpoints[0].eye: expected an array of 3 numbers"});
    t = withExtra(R"("viewpoints": [{"name": "v", "eye": [1, 2, 3], "target": [0, 0, 0]},
                  {"name": "v", "eye": [1, 2, 3], "target": [0, 0, 0]}])");
    expectError({t, "\"name\": \"v\", \"eye\": [1, 2, 3], \"target\": [0, 0, 0]}]",
                 "viewpoints[1].name: duplicate name \"v\""});
}

TEST(SceneFileErrors, SyntaxErrorsNameTheFile) {
    auto r = parseSceneFile("{\n  \"version\": 1,\n  \"assets\": [,]\n}", "scenes/t.json");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "scenes/t.json:3:14: unexpected character ',', expected a value");
}

TEST(SceneFileErrors, UnknownKeysAreWarningsWithPositions) {
    std::string t = scene(R"({"entity": "e", "property": "v", "kind": "label", "colour": 1})", kEntities,
                          R"({"id": "a", "source": "builtin:demo", "transform": {"skew": 1}})", ",\n  \"extra\": true");
    auto r = parseSceneFile(t, "scenes/t.json");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->warnings.size(), 3u);
    EXPECT_EQ(r->warnings[0],
              "scenes/t.json:" + positionOf(t, "\"extra\"") + ": extra: unknown key \"extra\" (ignored)");
    EXPECT_EQ(r->warnings[1], "scenes/t.json:" + positionOf(t, "\"skew\"") +
                                  ": assets[0].transform.skew: unknown key \"skew\" (ignored)");
    EXPECT_EQ(r->warnings[2], "scenes/t.json:" + positionOf(t, "\"colour\"") +
                                  ": bindings[0].colour: unknown key \"colour\" (ignored)");
}

TEST(SceneFileErrors, MutatedFilesFailCleanly) {
    // Byte-level mutations of a valid file: the parser must either accept or report an error that names the file
    // and a line inside it — never crash, hang or report a position outside the text.
    std::string base = scene(R"({"entity": "e", "property": "v", "kind": "colorRamp", "min": 0, "max": 1,
                              "stops": [[0, [0, 0, 0]], [1, [1, 1, 1]]]})");
    size_t lines = size_t(std::count(base.begin(), base.end(), '\n')) + 1;
    uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const char alphabet[] = "{}[]\",:0123456789.-eE truefalsn\\/\n";
    for (int i = 0; i < 3000; ++i) {
        std::string t = base;
        int edits = 1 + int(next() % 3);
        for (int k = 0; k < edits && !t.empty(); ++k) {
            size_t at = size_t(next() % t.size());
            switch (next() % 3) {
            case 0: t[at] = alphabet[next() % (sizeof(alphabet) - 1)]; break;
            case 1: t.erase(at, 1); break;
            default: t.resize(at); break;
            }
        }
        auto r = parseSceneFile(t, "m.json");
        if (r) continue;
        const std::string& m = r.error().message;
        ASSERT_EQ(m.rfind("m.json:", 0), 0u) << m;
        size_t line = std::stoul(m.substr(7));
        EXPECT_GE(line, 1u) << m;
        EXPECT_LE(line, lines) << m;
    }
}
