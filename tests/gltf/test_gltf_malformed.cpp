// Malformed and hostile input: every case must fail cleanly with the right ErrorCode and a message that names
// the cause (the user sees "error: <file>: <message>"). Each case mutates a small valid document.
#include "gltf_test_util.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>

namespace tv::gltf::test {
namespace {

using nlohmann::json;

// A valid base: triangle positions (accessor 0), u16 indices (accessor 1), normals (accessor 2), mesh 0, node 0,
// scene 0.
GltfBuilder base() {
    GltfBuilder b;
    b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0}, kFloat, "VEC3");
    b.addAccessor(std::vector<uint16_t>{0, 1, 2, 0}, kUShort, "SCALAR");
    b.doc["accessors"][1]["count"] = 3;
    b.addAccessor(std::vector<float>{0, 0, 1, 0, 0, 1, 0, 0, 1}, kFloat, "VEC3");
    b.addMesh({{"attributes", {{"POSITION", 0}, {"NORMAL", 2}}}, {"indices", 1}});
    b.addScene({b.addNode({{"mesh", 0}})});
    return b;
}

json& prim(GltfBuilder& b) { return b.doc["meshes"][0]["primitives"][0]; }

// Adds a sparse block to accessor 0 substituting `indices` (u16) with `values` (vec3 each).
void addSparse(GltfBuilder& b, std::vector<uint16_t> indices, int count) {
    int iv = b.addView(b.addBytes(indices.data(), indices.size() * 2), indices.size() * 2);
    std::vector<float> values(indices.size() * 3, 9.0f);
    int vv = b.addView(b.addBytes(values.data(), values.size() * 4), values.size() * 4);
    b.doc["accessors"][0]["sparse"] = {{"count", count},
                                       {"indices", {{"bufferView", iv}, {"componentType", kUShort}}},
                                       {"values", {{"bufferView", vv}}}};
}

struct BadCase {
    const char* name;
    std::function<void(GltfBuilder&)> mutate;
    ErrorCode code;
    const char* needle; // must appear in the message
};

const BadCase kCases[] = {
    // ---- accessors and buffer views
    {"accessor count past its bufferView", [](GltfBuilder& b) { b.doc["accessors"][0]["count"] = 4; },
     ErrorCode::OutOfBounds,
     "accessor 0 (mesh 0 primitive 0 POSITION): 4 elements of 12 bytes (stride 12) from byteOffset 0 exceed "
     "bufferView 0 of 36 bytes"},
    {"bufferView past its buffer", [](GltfBuilder& b) { b.doc["bufferViews"][0]["byteLength"] = 1000; },
     ErrorCode::OutOfBounds, "bufferView 0 range [0, 1000) exceeds buffer 0 of 80 bytes"},
    {"bufferView offset overflows",
     [](GltfBuilder& b) { b.doc["bufferViews"][0]["byteOffset"] = 18446744073709551600ull; }, ErrorCode::OutOfBounds,
     "exceeds buffer 0"},
    {"count overflow", [](GltfBuilder& b) { b.doc["accessors"][0]["count"] = 4611686018427387904ull; },
     ErrorCode::OutOfBounds, "exceed bufferView 0"},
    {"stride smaller than element", [](GltfBuilder& b) { b.doc["bufferViews"][0]["byteStride"] = 8; }, ErrorCode::Parse,
     "bufferView 0 byteStride 8 is smaller than the element size 12 (VEC3 FLOAT)"},
    {"INT component type", [](GltfBuilder& b) { b.doc["accessors"][0]["componentType"] = kInt; }, ErrorCode::Parse,
     "componentType 5124 (INT) is not allowed in glTF 2.0"},
    {"unknown component type", [](GltfBuilder& b) { b.doc["accessors"][0]["componentType"] = 9999; }, ErrorCode::Parse,
     "componentType"},
    {"unknown element type", [](GltfBuilder& b) { b.doc["accessors"][0]["type"] = "VEC5"; }, ErrorCode::Parse, "VEC5"},
    {"normalized float", [](GltfBuilder& b) { b.doc["accessors"][0]["normalized"] = true; }, ErrorCode::Parse,
     "normalized is not allowed for FLOAT components"},
    {"misaligned accessor offset",
     [](GltfBuilder& b) {
         b.doc["accessors"][0]["byteOffset"] = 2;
         b.doc["accessors"][0]["count"] = 2;
         b.doc["accessors"][2]["count"] = 2;
         prim(b).erase("indices");
     },
     ErrorCode::Parse, "data offset 2 (bufferView 0 + accessor 2) is not aligned to the 4-byte component size"},
    {"accessor does not exist", [](GltfBuilder& b) { prim(b)["attributes"]["POSITION"] = 42; }, ErrorCode::OutOfBounds,
     "mesh 0 primitive 0 POSITION: accessor 42 does not exist (3 accessors)"},
    {"byteOffset without bufferView",
     [](GltfBuilder& b) {
         b.doc["accessors"][2].erase("bufferView");
         b.doc["accessors"][2]["byteOffset"] = 4;
     },
     ErrorCode::Parse, "byteOffset 4 without a bufferView"},
    // ---- sparse
    {"sparse index out of range", [](GltfBuilder& b) { addSparse(b, {7}, 1); }, ErrorCode::OutOfBounds,
     "sparse index 7 (entry 0) is out of range for count 3"},
    {"sparse indices not increasing",
     [](GltfBuilder& b) {
         addSparse(b, {2, 1}, 2);
     },
     ErrorCode::Parse, "sparse indices are not strictly increasing (entry 1: 1 after 2)"},
    {"sparse count above count",
     [](GltfBuilder& b) {
         addSparse(b, {0, 1, 2, 2}, 4);
     },
     ErrorCode::Parse, "sparse count 4 must be in [1, 3]"},
    {"sparse values out of range",
     [](GltfBuilder& b) {
         addSparse(b, {0, 1}, 2);
         b.doc["accessors"][0]["sparse"]["values"]["byteOffset"] = 16;
     },
     ErrorCode::OutOfBounds, "sparse values: 2 items of 12 bytes from byteOffset 16 exceed bufferView"},
    {"sparse index type float",
     [](GltfBuilder& b) {
         addSparse(b, {0}, 1);
         b.doc["accessors"][0]["sparse"]["indices"]["componentType"] = kFloat;
     },
     ErrorCode::Parse, "sparse indices componentType 5126 (FLOAT) must be an unsigned integer type"},
    {"sparse negative offset",
     [](GltfBuilder& b) {
         addSparse(b, {0}, 1);
         b.doc["accessors"][0]["sparse"]["indices"]["byteOffset"] = -4;
     },
     ErrorCode::Parse, "negative byteOffset -4"},
    // ---- primitives
    {"index out of range",
     [](GltfBuilder& b) {
         prim(b)["indices"] = b.addAccessor(std::vector<uint16_t>{0, 1, 7, 0}, kUShort, "SCALAR");
     },
     ErrorCode::OutOfBounds, "mesh 0 primitive 0: index 7 at position 2 is out of range for 3 vertices"},
    {"indices as float",
     [](GltfBuilder& b) {
         prim(b)["indices"] = b.addAccessor(std::vector<float>{0, 1, 2}, kFloat, "SCALAR");
     },
     ErrorCode::Parse, "componentType FLOAT, expected an unsigned integer type"},
    {"attribute count mismatch", [](GltfBuilder& b) { b.doc["accessors"][2]["count"] = 2; }, ErrorCode::Parse,
     "mesh 0 primitive 0 NORMAL: accessor 2 has 2 elements but POSITION has 3"},
    {"POSITION is VEC2", [](GltfBuilder& b) { b.doc["accessors"][0]["type"] = "VEC2"; }, ErrorCode::Parse,
     "element type VEC2 has 2 components, expected 3"},
    {"POSITION not finite",
     [](GltfBuilder& b) {
         float nan = std::nanf("");
         std::memcpy(&b.bin[4], &nan, 4);
     },
     ErrorCode::Parse, "POSITION): element 0 component 1 is not finite"},
    {"no POSITION", [](GltfBuilder& b) { prim(b)["attributes"].erase("POSITION"); }, ErrorCode::Parse,
     "mesh 0 primitive 0: no POSITION attribute"},
    {"bad mode", [](GltfBuilder& b) { prim(b)["mode"] = 9; }, ErrorCode::Parse, "mode 9 is not a glTF primitive mode"},
    {"too few vertices",
     [](GltfBuilder& b) {
         prim(b).erase("indices");
         b.doc["accessors"][0]["count"] = 2;
         b.doc["accessors"][2]["count"] = 2;
     },
     ErrorCode::Parse, "2 vertices are too few for TRIANGLES"},
    {"material out of range", [](GltfBuilder& b) { prim(b)["material"] = 3; }, ErrorCode::OutOfBounds,
     "material 3 does not exist (0 materials)"},
    {"JOINTS_0 as float",
     [](GltfBuilder& b) {
         prim(b)["attributes"]["JOINTS_0"] = b.addAccessor(std::vector<float>(12, 0.0f), kFloat, "VEC4");
     },
     ErrorCode::Parse, "JOINTS_0): componentType FLOAT, expected an unsigned integer type"},
    {"mesh without primitives", [](GltfBuilder& b) { b.doc["meshes"][0]["primitives"] = json::array(); },
     ErrorCode::Parse, "primitives"},
    {"morph target counts differ",
     [](GltfBuilder& b) {
         json p2 = prim(b);
         p2["targets"] = {{{"POSITION", 2}}};
         b.doc["meshes"][0]["primitives"].push_back(p2);
     },
     ErrorCode::Parse, "mesh 0 primitive 1 has 1 morph targets but primitive 0 has 0"},
    {"mesh weights count", [](GltfBuilder& b) { b.doc["meshes"][0]["weights"] = {0.5}; }, ErrorCode::Parse,
     "mesh 0: 1 default weights for 0 morph targets"},
    {"node weights count",
     [](GltfBuilder& b) {
         b.doc["nodes"][0]["weights"] = {0.5, 1};
     },
     ErrorCode::Parse, "node 0: 2 morph weights but mesh 0 has 0 targets"},
    {"morph target count mismatch",
     [](GltfBuilder& b) {
         prim(b)["targets"] = {{{"POSITION", b.addAccessor(std::vector<float>(6, 0.0f), kFloat, "VEC3")}}};
     },
     ErrorCode::Parse, "target 0 POSITION: accessor 3 has 2 elements but POSITION has 3"},
    // ---- document level
    {"required extension unknown",
     [](GltfBuilder& b) {
         b.doc["extensionsUsed"] = {"KHR_draco_mesh_compression"};
         b.doc["extensionsRequired"] = {"KHR_draco_mesh_compression"};
     },
     ErrorCode::Unsupported, "required extension KHR_draco_mesh_compression is not supported"},
    {"required Draco with data tinygltf cannot parse",
     [](GltfBuilder& b) {
         b.doc["extensionsUsed"] = {"KHR_draco_mesh_compression"};
         b.doc["extensionsRequired"] = {"KHR_draco_mesh_compression"};
         b.doc["accessors"][1].erase("bufferView"); // Draco indices live in the compressed stream
     },
     ErrorCode::Unsupported, "required extension KHR_draco_mesh_compression is not supported"},
    {"asset version 1.0", [](GltfBuilder& b) { b.doc["asset"]["version"] = "1.0"; }, ErrorCode::Unsupported,
     "asset version '1.0' is not 2.x"},
    {"minVersion 2.1", [](GltfBuilder& b) { b.doc["asset"]["minVersion"] = "2.1"; }, ErrorCode::Unsupported,
     "minVersion '2.1'"},
    {"no asset", [](GltfBuilder& b) { b.doc.erase("asset"); }, ErrorCode::Parse, "asset"},
    // ---- hierarchy and scenes
    {"node cycle",
     [](GltfBuilder& b) {
         b.doc["nodes"] = {{{"children", {1}}}, {{"children", {2}}}, {{"children", {1}}}};
         b.doc["scenes"][0]["nodes"] = {0};
     },
     ErrorCode::Parse, "node 1 has two parents (nodes 0 and 2)"},
    {"pure cycle",
     [](GltfBuilder& b) {
         b.doc["nodes"] = {json::object(), {{"children", {2}}}, {{"children", {1}}}};
         b.doc["scenes"][0]["nodes"] = {0};
     },
     ErrorCode::Parse, "node hierarchy has a cycle through node"},
    {"self child", [](GltfBuilder& b) { b.doc["nodes"][0]["children"] = {0}; }, ErrorCode::Parse,
     "node hierarchy has a cycle through node 0"},
    {"child listed twice",
     [](GltfBuilder& b) {
         b.doc["nodes"].push_back(json::object());
         b.doc["nodes"][0]["children"] = {1, 1};
     },
     ErrorCode::Parse, "node 0 lists child 1 twice"},
    {"child out of range", [](GltfBuilder& b) { b.doc["nodes"][0]["children"] = {5}; }, ErrorCode::OutOfBounds,
     "node 0: child 5 does not exist (1 nodes)"},
    {"node mesh out of range", [](GltfBuilder& b) { b.doc["nodes"][0]["mesh"] = 4; }, ErrorCode::OutOfBounds,
     "node 0: mesh 4 does not exist"},
    {"scene root is a child",
     [](GltfBuilder& b) {
         b.doc["nodes"].push_back(json::object());
         b.doc["nodes"][0]["children"] = {1};
         b.doc["scenes"][0]["nodes"] = {0, 1};
     },
     ErrorCode::Parse, "scene 0: node 1 is not a root (its parent is node 0)"},
    {"scene node missing", [](GltfBuilder& b) { b.doc["scenes"][0]["nodes"] = {3}; }, ErrorCode::OutOfBounds,
     "scene 0: node 3 does not exist"},
    {"default scene missing", [](GltfBuilder& b) { b.doc["scene"] = 2; }, ErrorCode::OutOfBounds,
     "default scene 2 does not exist (1 scenes)"},
    {"translation of 2",
     [](GltfBuilder& b) {
         b.doc["nodes"][0]["translation"] = {1, 2};
     },
     ErrorCode::Parse, "node 0: translation must be 3 finite numbers"},
    {"rotation of 3",
     [](GltfBuilder& b) {
         b.doc["nodes"][0]["rotation"] = {0, 0, 1};
     },
     ErrorCode::Parse, "node 0: rotation must be 4 finite numbers"},
    {"matrix of 15", [](GltfBuilder& b) { b.doc["nodes"][0]["matrix"] = std::vector<float>(15, 1.0f); },
     ErrorCode::Parse, "node 0: matrix must be 16 finite numbers (has 15)"},
    // ---- skins
    {"skin joint out of range",
     [](GltfBuilder& b) {
         b.doc["skins"] = {{{"joints", {0, 9}}}};
     },
     ErrorCode::OutOfBounds, "skin 0: joint node 9 does not exist (1 nodes)"},
    {"skin without joints",
     [](GltfBuilder& b) {
         b.doc["skins"] = {{{"joints", json::array()}}};
     },
     ErrorCode::Parse, "skin 0 has no joints"},
    {"skin inverseBindMatrices too few",
     [](GltfBuilder& b) {
         b.doc["nodes"].push_back(json::object());
         int ibm = b.addAccessor(std::vector<float>(16, 1.0f), kFloat, "MAT4");
         b.doc["skins"] = {{{"joints", {0, 1}}, {"inverseBindMatrices", ibm}}};
     },
     ErrorCode::Parse, "skin 0: inverseBindMatrices has 1 matrices for 2 joints"},
    {"skin inverseBindMatrices not MAT4",
     [](GltfBuilder& b) {
         b.doc["skins"] = {{{"joints", {0}}, {"inverseBindMatrices", 0}}};
     },
     ErrorCode::Parse, "element type VEC3 has 3 components, expected 16"},
    {"vertex joint beyond skin",
     [](GltfBuilder& b) {
         prim(b)["attributes"]["JOINTS_0"] =
             b.addAccessor(std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0}, kUByte, "VEC4");
         b.doc["skins"] = {{{"joints", {0}}}};
         b.doc["nodes"][0]["skin"] = 0;
     },
     ErrorCode::OutOfBounds, "JOINTS_0 value 3 is out of range for skin 0 with 1 joints"},
    {"node skin out of range", [](GltfBuilder& b) { b.doc["nodes"][0]["skin"] = 0; }, ErrorCode::OutOfBounds,
     "node 0: skin 0 does not exist"},
    // ---- animations
    {"animation output count",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 1}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", 0}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "translation"}}}}}}}};
     },
     ErrorCode::Parse, "animation 0 sampler 0: output has 9 values, expected 6 (2 keys x 1 x 3 components)"},
    {"animation cubic spline count",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 1, 2}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", 0}, {"interpolation", "CUBICSPLINE"}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "scale"}}}}}}}};
     },
     ErrorCode::Parse, "output has 9 values, expected 27 (3 keys x 3 x 3 components)"},
    {"animation times not increasing",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 2, 1}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", 0}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "translation"}}}}}}}};
     },
     ErrorCode::Parse, "animation 0 sampler 0: input times are not strictly increasing (key 2: 1 after 2)"},
    {"animation duplicate times",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 1, 1}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", 0}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "translation"}}}}}}}};
     },
     ErrorCode::Parse, "not strictly increasing (key 2: 1 after 1)"},
    {"animation bad interpolation",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 1, 2}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", 0}, {"interpolation", "SMOOTH"}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "translation"}}}}}}}};
     },
     ErrorCode::Parse, "interpolation 'SMOOTH' is not LINEAR, STEP or CUBICSPLINE"},
    {"animation target node missing",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 1, 2}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", 0}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 7}, {"path", "translation"}}}}}}}};
     },
     ErrorCode::OutOfBounds, "animation 0 channel 0: target node 7 does not exist (1 nodes)"},
    {"animation sampler missing",
     [](GltfBuilder& b) {
         b.doc["animations"] = {{{"samplers", json::array()},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "translation"}}}}}}}};
     },
     ErrorCode::OutOfBounds, "animation 0 channel 0: sampler 0 does not exist (0 samplers)"},
    {"animation bad path",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 1, 2}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", 0}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "color"}}}}}}}};
     },
     ErrorCode::Parse, "target path 'color' is not translation, rotation, scale or weights"},
    {"animation weights without targets",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 1, 2}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", t}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "weights"}}}}}}}};
     },
     ErrorCode::Parse, "animates weights of node 0, whose mesh has no morph targets"},
    {"animation rotation output VEC3",
     [](GltfBuilder& b) {
         int t = b.addAccessor(std::vector<float>{0, 1, 2}, kFloat, "SCALAR");
         b.doc["animations"] = {{{"samplers", {{{"input", t}, {"output", 0}}}},
                                 {"channels", {{{"sampler", 0}, {"target", {{"node", 0}, {"path", "rotation"}}}}}}}};
     },
     ErrorCode::Parse, "output accessor 0 is VEC3, expected VEC4"},
    // ---- cameras, lights, instancing
    {"camera yfov 0",
     [](GltfBuilder& b) {
         b.doc["cameras"] = {{{"type", "perspective"}, {"perspective", {{"yfov", 0}, {"znear", 0.1}}}}};
     },
     ErrorCode::Parse, "camera 0: perspective yfov 0 must be in (0, pi)"},
    {"camera ortho zfar below znear",
     [](GltfBuilder& b) {
         b.doc["cameras"] = {
             {{"type", "orthographic"}, {"orthographic", {{"xmag", 1}, {"ymag", 1}, {"znear", 5}, {"zfar", 1}}}}};
     },
     ErrorCode::Parse, "camera 0: orthographic needs 0 <= znear (5) < zfar (1)"},
    {"camera out of range", [](GltfBuilder& b) { b.doc["nodes"][0]["camera"] = 0; }, ErrorCode::OutOfBounds,
     "node 0: camera 0 does not exist"},
    {"light bad type",
     [](GltfBuilder& b) {
         b.doc["extensions"]["KHR_lights_punctual"]["lights"] = {{{"type", "area"}}};
     },
     ErrorCode::Parse, "light 0: type 'area' is not directional, point or spot"},
    {"spot cones inverted",
     [](GltfBuilder& b) {
         b.doc["extensions"]["KHR_lights_punctual"]["lights"] = {
             {{"type", "spot"}, {"spot", {{"innerConeAngle", 0.5}, {"outerConeAngle", 0.25}}}}};
     },
     ErrorCode::Parse, "spot cone angles need 0 <= inner (0.5) < outer (0.25)"},
    {"node light out of range",
     [](GltfBuilder& b) {
         b.doc["nodes"][0]["extensions"]["KHR_lights_punctual"] = {{"light", 2}};
     },
     ErrorCode::OutOfBounds, "node 0: light 2 does not exist (the file has 0)"},
    {"instancing counts differ",
     [](GltfBuilder& b) {
         int s = b.addAccessor(std::vector<float>{1, 1, 1, 2, 2, 2}, kFloat, "VEC3");
         b.doc["nodes"][0]["extensions"]["EXT_mesh_gpu_instancing"]["attributes"] = {{"TRANSLATION", 0}, {"SCALE", s}};
     },
     ErrorCode::Parse, "node 0 EXT_mesh_gpu_instancing: SCALE has 2 elements, others have 3"},
    {"instancing without attributes",
     [](GltfBuilder& b) {
         b.doc["nodes"][0]["extensions"]["EXT_mesh_gpu_instancing"]["attributes"] = {{"X", 0}};
     },
     ErrorCode::Parse, "no TRANSLATION, ROTATION or SCALE attribute"},
    // ---- materials, textures
    {"texture index out of range",
     [](GltfBuilder& b) {
         b.doc["materials"] = {{{"emissiveTexture", {{"index", 5}}}}};
     },
     ErrorCode::OutOfBounds, "material 0 emissiveTexture: texture 5 does not exist (0 textures)"},
    {"texture source out of range",
     [](GltfBuilder& b) {
         b.doc["textures"] = {{{"source", 3}}};
     },
     ErrorCode::OutOfBounds, "texture 0: source image 3 does not exist (0 images)"},
    {"texture sampler out of range",
     [](GltfBuilder& b) {
         b.doc["textures"] = {{{"sampler", 1}}};
     },
     ErrorCode::OutOfBounds, "texture 0: sampler 1 does not exist (0 samplers)"},
    {"sampler bad wrap",
     [](GltfBuilder& b) {
         b.doc["samplers"] = {{{"wrapS", 1234}}};
     },
     ErrorCode::Parse, "sampler 0 wrapS: wrap mode 1234 is not a glTF wrap mode"},
    {"sampler bad magFilter",
     [](GltfBuilder& b) {
         b.doc["samplers"] = {{{"magFilter", 9984}}};
     },
     ErrorCode::Parse, "sampler 0: magFilter 9984 is not NEAREST or LINEAR"},
    {"alphaMode unknown",
     [](GltfBuilder& b) {
         b.doc["materials"] = {{{"alphaMode", "CLIP"}}};
     },
     ErrorCode::Parse, "material 0: alphaMode 'CLIP' is not OPAQUE, MASK or BLEND"},
    {"texture transform offset malformed",
     [](GltfBuilder& b) {
         b.doc["textures"] = {json::object()};
         b.doc["materials"] = {
             {{"emissiveTexture", {{"index", 0}, {"extensions", {{"KHR_texture_transform", {{"offset", {1}}}}}}}}}};
     },
     ErrorCode::Parse, "material 0 emissiveTexture: KHR_texture_transform offset must be 2 numbers"},
    {"negative emissive strength",
     [](GltfBuilder& b) {
         b.doc["materials"] = {{{"extensions", {{"KHR_materials_emissive_strength", {{"emissiveStrength", -1}}}}}}};
     },
     ErrorCode::Parse, "emissiveStrength must be a non-negative number"},
};

TEST(GltfMalformed, EveryCaseFailsCleanlyNamingTheCause) {
    for (const BadCase& c : kCases) {
        GltfBuilder b = base();
        c.mutate(b);
        auto r = importJson(b.json());
        ASSERT_FALSE(r) << c.name << ": imported although malformed";
        EXPECT_EQ(errorCodeName(r.error().code), std::string(errorCodeName(c.code)))
            << c.name << ": " << r.error().message;
        EXPECT_NE(r.error().message.find(c.needle), std::string::npos)
            << c.name << "\n  message: " << r.error().message << "\n  expected to contain: " << c.needle;
        // The same document as GLB must fail the same way (the container must not change validation).
        auto g = importBytes(b.glb());
        EXPECT_FALSE(g) << c.name << " (GLB)";
    }
}

TEST(GltfMalformed, BaseDocumentIsValid) {
    GltfBuilder b = base();
    auto r = importJson(b.json());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(checkInvariants(**r), "");
    auto g = importBytes(b.glb());
    ASSERT_TRUE(g) << g.error().message;
}

TEST(GltfMalformed, HugeUriIsNotQuotedInFull) {
    GltfBuilder b = base();
    json d = json::parse(b.json());
    d["buffers"][0]["byteLength"] = b.bin.size() + 4; // tinygltf's message quotes the whole data URI
    d["buffers"][0]["uri"] = std::string(d["buffers"][0]["uri"]) + std::string(100000, 'A');
    auto r = importJson(d.dump());
    ASSERT_FALSE(r);
    EXPECT_LT(r.error().message.size(), 400u);
}

TEST(GltfMalformed, BufferDataUriLengthMismatch) {
    GltfBuilder b = base();
    json d = json::parse(b.json());
    d["buffers"][0]["byteLength"] = b.bin.size() + 4;
    auto r = importJson(d.dump());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Parse);
    EXPECT_NE(r.error().message.find("Failed to decode 'uri'"), std::string::npos) << r.error().message;
}

TEST(GltfMalformed, BufferDataUriWithUnknownMediaType) {
    GltfBuilder b = base();
    json d = json::parse(b.json());
    std::string uri = d["buffers"][0]["uri"];
    d["buffers"][0]["uri"] = "data:application/x-unknown;base64," + uri.substr(uri.find(',') + 1);
    auto r = importJson(d.dump());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Parse);
    EXPECT_NE(r.error().message.find("data: URI could not be decoded"), std::string::npos) << r.error().message;
}

TEST(GltfMalformed, ImageDataUriWithUnsupportedMediaTypeIsOnlyAWarning) {
    GltfBuilder b = base();
    b.doc["images"] = {{{"uri", "data:image/webp;base64,UklGRgAAAABXRUJQ"}}};
    b.doc["textures"] = {{{"source", 0}}};
    testing::internal::CaptureStderr();
    auto r = importJson(b.json());
    std::string log = testing::internal::GetCapturedStderr();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)->textures[0].image, -1);
    EXPECT_NE(log.find("texture 0 loses its source: image 0 ('image 0') has no decodable data"), std::string::npos)
        << log;
}

TEST(GltfMalformed, GlbSecondBufferWithoutUri) {
    GltfBuilder b = base();
    json d = json::parse(b.json());
    d["buffers"] = {{{"byteLength", b.bin.size()}}, {{"byteLength", 4}}};
    auto r = importBytes(makeGlb(d.dump(), b.bin));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("buffer 1 has no uri"), std::string::npos) << r.error().message;
}

TEST(GltfMalformed, JsonSyntaxAndShape) {
    struct Case {
        std::string json;
        const char* needle;
    };
    const Case cases[] = {
        {R"({"asset": {"version": "2.0"}, "nodes": [ })", "parse error"},
        {"", "too short"},
        {R"({"nodes": []})", "asset"},
        {R"([{"asset": {"version": "2.0"}}])", "not a JSON object"},
        {std::string(200, '[') + std::string(200, ']'), "JSON nests deeper than 64 levels"},
        {std::string("\x00\x01\x02\x03garbage", 11), "parse error"},
        {R"({"asset": {"version": "2.0"}, "extras": )" + std::string(100, '[') + std::string(100, ']') + "}",
         "nests deeper"},
    };
    for (const Case& c : cases) {
        auto r = importJson(c.json);
        ASSERT_FALSE(r) << c.json.substr(0, 40);
        EXPECT_EQ(r.error().code, ErrorCode::Parse);
        EXPECT_NE(r.error().message.find(c.needle), std::string::npos)
            << "message: " << r.error().message << "\nexpected: " << c.needle;
    }
}

// ---- GLB container ----------------------------------------------------------------------------------------------

std::vector<uint8_t> validGlb() { return base().glb(); }

void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) { std::memcpy(&b[at], &v, 4); }

TEST(GltfMalformed, GlbContainer) {
    const std::vector<uint8_t> good = validGlb();
    ASSERT_TRUE(importBytes(good));
    const uint32_t jsonLen = [&] {
        uint32_t v;
        std::memcpy(&v, &good[12], 4);
        return v;
    }();
    struct Case {
        const char* name;
        std::function<void(std::vector<uint8_t>&)> mutate;
        ErrorCode code;
        const char* needle;
    };
    const Case cases[] = {
        {"bad magic (then it is not GLB, and not JSON either)", [](auto& b) { put32(b, 0, 0x46546C68); },
         ErrorCode::Parse, "parse error"},
        {"truncated header", [](auto& b) { b.resize(8); }, ErrorCode::Parse, "truncated GLB header: 8 bytes, need 12"},
        {"version 1", [](auto& b) { put32(b, 4, 1); }, ErrorCode::Unsupported, "GLB version 1 is not supported"},
        {"length larger than data", [](auto& b) { put32(b, 8, uint32_t(b.size() + 4)); }, ErrorCode::Parse,
         "(truncated)"},
        {"truncated file", [](auto& b) { b.resize(b.size() - 10); }, ErrorCode::Parse, "does not match the data size"},
        {"length smaller than data", [](auto& b) { put32(b, 8, uint32_t(b.size() - 4)); }, ErrorCode::Parse,
         "does not match"},
        {"only 16 bytes",
         [](auto& b) {
             b.resize(16);
             put32(b, 8, 16);
         },
         ErrorCode::Parse, "no room for the JSON chunk header"},
        {"first chunk not JSON", [](auto& b) { put32(b, 16, 0x004E4942); }, ErrorCode::Parse,
         "first chunk has type 0x004E4942, expected JSON"},
        {"JSON chunk too long", [](auto& b) { put32(b, 12, uint32_t(b.size())); }, ErrorCode::Parse, "JSON chunk of"},
        {"JSON chunk empty", [](auto& b) { put32(b, 12, 0); }, ErrorCode::Parse, "JSON chunk is empty"},
        {"JSON chunk unaligned", [jsonLen](auto& b) { put32(b, 12, jsonLen - 1); }, ErrorCode::Parse,
         "not a multiple of 4"},
        {"BIN chunk too long", [jsonLen](auto& b) { put32(b, 20 + jsonLen, uint32_t(b.size())); }, ErrorCode::Parse,
         "BIN chunk of"},
        {"BIN chunk header cut",
         [jsonLen](auto& b) {
             b.resize(20 + jsonLen + 4);
             put32(b, 8, uint32_t(b.size()));
         },
         ErrorCode::Parse, "too few for a chunk header"},
        {"BIN chunk runs 8 bytes past the end",
         [jsonLen](auto& b) { put32(b, 20 + jsonLen, uint32_t(b.size() - 20 - jsonLen)); }, ErrorCode::Parse,
         "BIN chunk of"},
        {"second chunk unknown type", [jsonLen](auto& b) { put32(b, 24 + jsonLen, 0x12345678); },
         ErrorCode::Unsupported, "second chunk has type 0x12345678"},
        {"BIN chunk unaligned",
         [jsonLen](auto& b) {
             uint32_t binLen;
             std::memcpy(&binLen, &b[20 + jsonLen], 4);
             put32(b, 20 + jsonLen, binLen - 2);
         },
         ErrorCode::Parse, "not a positive multiple of 4"},
        {"JSON in chunk is garbage", [](auto& b) { std::memset(&b[20], 'x', 8); }, ErrorCode::Parse, "parse error"},
    };
    for (const Case& c : cases) {
        std::vector<uint8_t> bytes = good;
        c.mutate(bytes);
        auto r = importBytes(bytes);
        ASSERT_FALSE(r) << c.name;
        EXPECT_EQ(r.error().code, c.code) << c.name << ": " << r.error().message;
        EXPECT_NE(r.error().message.find(c.needle), std::string::npos)
            << c.name << "\n  message: " << r.error().message << "\n  expected: " << c.needle;
    }
}

TEST(GltfMalformed, EveryTruncationOfAValidGlbFailsCleanly) {
    const std::vector<uint8_t> good = validGlb();
    for (size_t n = 0; n < good.size(); ++n) {
        std::vector<uint8_t> cut(good.begin(), good.begin() + std::ptrdiff_t(n));
        auto r = importBytes(cut);
        EXPECT_FALSE(r) << "truncated to " << n << " bytes";
    }
}

// ---- Caps -------------------------------------------------------------------------------------------------------

TEST(GltfMalformed, ImageTooLargeIsRejectedBeforeDecoding) {
    GltfBuilder b = base();
    b.doc["images"] = {{{"uri", "data:image/png;base64," + base64(makePng(64, 16))}, {"name", "big"}}};
    b.doc["textures"] = {{{"source", 0}}};
    ImportOptions o;
    o.maxImageDimension = 32;
    auto r = importJson(b.json(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
    EXPECT_NE(r.error().message.find("image 0 ('big'): 64x16 exceeds maxImageDimension 32"), std::string::npos)
        << r.error().message;
}

TEST(GltfMalformed, ImageBufferViewOutsideBuffer) {
    GltfBuilder b = base();
    int view = b.addView(0, 4);
    b.doc["bufferViews"][size_t(view)]["byteOffset"] = 60;
    b.doc["bufferViews"][size_t(view)]["byteLength"] = 100000;
    b.doc["images"] = {{{"bufferView", view}, {"mimeType", "image/png"}}};
    auto r = importBytes(b.glb());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::OutOfBounds);
    EXPECT_NE(r.error().message.find("image 0: bufferView 3 range [60, 100060) exceeds buffer 0"), std::string::npos)
        << r.error().message;
}

TEST(GltfMalformed, DecodedBytesCapped) {
    GltfBuilder b = base();
    b.doc["images"] = {{{"uri", "data:image/png;base64," + base64(makePng(64, 64))}}};
    ImportOptions o;
    o.maxTotalBytes = 8 * 1024; // 64x64 RGBA8 = 16 KiB
    auto r = importJson(b.json(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
    EXPECT_NE(r.error().message.find("would exceed maxTotalBytes"), std::string::npos) << r.error().message;
}

TEST(GltfMalformed, MaxVertexCountAppliesAfterExpansion) {
    GltfBuilder b = base();
    ImportOptions o;
    o.maxVertexCount = 2;
    auto r = importJson(b.json(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
    EXPECT_NE(r.error().message.find("3 vertices exceed maxVertexCount (2)"), std::string::npos) << r.error().message;

    // A strip of 5 vertices expands to 9 indices: within 5 but not within 8.
    GltfBuilder s;
    int pos = s.addAccessor(std::vector<float>(15, 0.0f), kFloat, "VEC3");
    s.addMesh({{"attributes", {{"POSITION", pos}}}, {"mode", 5}});
    o.maxVertexCount = 8;
    r = importJson(s.json(), o);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("TRIANGLE_STRIP expands to 9 indices, over maxVertexCount (8)"), std::string::npos)
        << r.error().message;
}

TEST(GltfMalformed, HugeZeroAccessorDoesNotAllocateUnboundedly) {
    // An accessor without a bufferView is all zeros: its count alone must not make us allocate gigabytes.
    GltfBuilder b = base();
    int zeros = b.addAccessorOnView(-1, 0, kFloat, "VEC3", size_t(1) << 40);
    prim(b)["attributes"]["POSITION"] = zeros;
    prim(b).erase("indices");
    prim(b)["attributes"].erase("NORMAL");
    auto r = importJson(b.json());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
    EXPECT_NE(r.error().message.find("exceed maxTotalBytes"), std::string::npos) << r.error().message;
}

TEST(GltfMalformed, FileBytesCapped) {
    GltfBuilder b = base();
    ImportOptions o;
    o.maxFileBytes = 100;
    auto r = importJson(b.json(), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::TooLarge);
    EXPECT_NE(r.error().message.find("over maxFileBytes (100)"), std::string::npos) << r.error().message;
}

} // namespace
} // namespace tv::gltf::test
