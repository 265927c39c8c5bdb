// The GLB writer: round trips through our importer (the demo plant, and a small asset using every feature the
// writer supports), byte determinism, the container and JSON structure the spec requires, one-scene export,
// the atomic file write, and the errors for content it refuses or that is malformed.
#include "gltf_test_util.h"

#include "gltf/gltf_writer.h"
#include "gltf/gltf_writer_json.h"
#include "scene/scene_generators.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace tv::gltf::test {
namespace {

using nlohmann::json;
using scene::Asset;

uint32_t u32(const std::vector<uint8_t>& b, size_t at) {
    uint32_t v;
    std::memcpy(&v, b.data() + at, 4);
    return v;
}

// Checks the GLB container and the JSON against the spec's structural rules; returns the JSON.
json checkContainer(const std::vector<uint8_t>& glb) {
    EXPECT_GE(glb.size(), 20u);
    EXPECT_EQ(glb.size() % 4, 0u);
    EXPECT_EQ(u32(glb, 0), 0x46546C67u);
    EXPECT_EQ(u32(glb, 4), 2u);
    EXPECT_EQ(u32(glb, 8), glb.size());
    const uint32_t jsonLength = u32(glb, 12);
    EXPECT_EQ(u32(glb, 16), 0x4E4F534Au);
    EXPECT_EQ(jsonLength % 4, 0u);
    const json doc = json::parse(glb.begin() + 20, glb.begin() + 20 + jsonLength); // throws on malformed JSON
    EXPECT_EQ(doc["asset"]["version"], "2.0");
    EXPECT_EQ(doc["asset"]["generator"], "twinview assetgen");
    size_t binLength = 0;
    if (20 + jsonLength < glb.size()) {
        binLength = u32(glb, 20 + jsonLength);
        EXPECT_EQ(u32(glb, 24 + jsonLength), 0x004E4942u);
        EXPECT_EQ(binLength % 4, 0u);
        EXPECT_EQ(28 + jsonLength + binLength, glb.size());
        EXPECT_LE(doc["buffers"][0]["byteLength"].get<size_t>(), binLength);
    } else {
        EXPECT_EQ(20 + jsonLength, glb.size());
        EXPECT_FALSE(doc.contains("buffers"));
    }
    for (const json& view : doc.value("bufferViews", json::array())) {
        const size_t offset = view.value("byteOffset", size_t(0));
        EXPECT_EQ(offset % 4, 0u);
        EXPECT_LE(offset + view["byteLength"].get<size_t>(), binLength);
    }
    for (const json& acc : doc.value("accessors", json::array())) {
        const size_t component = acc["componentType"] == 5126 ? 4 : acc["componentType"] == 5125 ? 4 : 2;
        const size_t size = acc["count"].get<size_t>() * component * GltfBuilder::components(acc["type"]);
        EXPECT_EQ(size, doc["bufferViews"][acc["bufferView"].get<size_t>()]["byteLength"].get<size_t>());
    }
    for (const json& mesh : doc.value("meshes", json::array()))
        for (const json& prim : mesh["primitives"]) {
            const json& pos = doc["accessors"][prim["attributes"]["POSITION"].get<size_t>()];
            EXPECT_TRUE(pos.contains("min") && pos.contains("max")) << "POSITION needs min/max";
        }
    return doc;
}

// The importer renormalizes rotations, which may move the last bit of a component (and turns -0 into 0).
void expectSameRotation(const quat& got, const quat& want) {
    for (int i = 0; i < 4; ++i) EXPECT_NEAR(got[i], want[i], 1e-6f) << "component " << i;
}

scene::AssetPtr roundTrip(const Asset& a, int32_t sceneIndex = -1) {
    auto glb = writeGlb(a, sceneIndex);
    EXPECT_TRUE(glb) << (glb ? "" : glb.error().message);
    if (!glb) return nullptr;
    checkContainer(*glb);
    auto back = importBytes(*glb);
    EXPECT_TRUE(back) << (back ? "" : back.error().message);
    if (!back) return nullptr;
    EXPECT_EQ(checkInvariants(**back), "");
    return *back;
}

TEST(GltfWriter, DemoPlantRoundTripsExactly) {
    scene::AssetPtr plant = scene::makeDemoPlant();
    scene::AssetPtr back = roundTrip(*plant);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->nodes.size(), plant->nodes.size());
    for (size_t i = 0; i < plant->nodes.size(); ++i) {
        const scene::Node& a = plant->nodes[i];
        const scene::Node& b = back->nodes[i];
        SCOPED_TRACE(a.name);
        EXPECT_EQ(b.name, a.name);
        EXPECT_EQ(b.parent, a.parent);
        EXPECT_EQ(b.children, a.children);
        EXPECT_EQ(b.mesh, a.mesh);
        EXPECT_EQ(b.transform.translation, a.transform.translation);
        expectSameRotation(b.transform.rotation, a.transform.rotation);
        EXPECT_EQ(b.transform.scale, a.transform.scale);
    }
    ASSERT_EQ(back->scenes.size(), 1u);
    EXPECT_EQ(back->scenes[0].roots, plant->scenes[0].roots);
    EXPECT_EQ(back->defaultScene, 0);
    ASSERT_EQ(back->meshes.size(), plant->meshes.size());
    for (size_t m = 0; m < plant->meshes.size(); ++m) {
        EXPECT_EQ(back->meshes[m].name, plant->meshes[m].name);
        ASSERT_EQ(back->meshes[m].primitives.size(), plant->meshes[m].primitives.size());
        for (size_t p = 0; p < plant->meshes[m].primitives.size(); ++p) {
            const scene::Primitive& a = plant->meshes[m].primitives[p];
            const scene::Primitive& b = back->meshes[m].primitives[p];
            EXPECT_EQ(b.positions.size(), a.positions.size());
            EXPECT_EQ(b.indices, a.indices);
            EXPECT_EQ(b.positions, a.positions);
            EXPECT_EQ(b.normals, a.normals);
            EXPECT_EQ(b.material, a.material);
            EXPECT_EQ(b.bounds.min, a.bounds.min);
            EXPECT_EQ(b.bounds.max, a.bounds.max);
        }
    }
    ASSERT_EQ(back->materials.size(), plant->materials.size());
    for (size_t i = 0; i < plant->materials.size(); ++i) {
        const scene::Material& a = plant->materials[i];
        const scene::Material& b = back->materials[i];
        EXPECT_EQ(b.name, a.name);
        EXPECT_EQ(b.baseColorFactor, a.baseColorFactor);
        EXPECT_EQ(b.metallicFactor, a.metallicFactor);
        EXPECT_EQ(b.roughnessFactor, a.roughnessFactor);
        EXPECT_EQ(b.alphaMode, a.alphaMode);
        EXPECT_EQ(b.doubleSided, a.doubleSided);
    }
}

TEST(GltfWriter, OutputIsByteDeterministic) {
    // Two separately generated plants (different Asset ids) give the same bytes.
    auto a = writeGlb(*scene::makeDemoPlant());
    auto b = writeGlb(*scene::makeDemoPlant());
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
}

// A small asset that uses every feature the writer supports.
Asset everything() {
    Asset a;
    scene::Material m;
    m.name = "glass \"clear\"\n"; // escapes survive
    m.baseColorFactor = vec4(0.1f, 0.2f, 0.3f, 0.4f);
    m.metallicFactor = 0.25f;
    m.roughnessFactor = 0.125f;
    m.emissiveFactor = vec3(1.0f, 0.5f, 0.0f);
    m.emissiveStrength = 4.0f;
    m.ior = 1.33f;
    m.transmissionFactor = 0.9f;
    m.alphaMode = scene::AlphaMode::Mask;
    m.alphaCutoff = 0.3f;
    m.doubleSided = true;
    a.materials.push_back(m);
    scene::Material unlit;
    unlit.name = "unlit-blend";
    unlit.unlit = true;
    unlit.alphaMode = scene::AlphaMode::Blend;
    a.materials.push_back(unlit);

    scene::Primitive tri;
    tri.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    tri.normals = {{0, 0, 1}, {0, 0, 1}, {0, 0, 1}};
    tri.tangents = {{1, 0, 0, 1}, {1, 0, 0, 1}, {1, 0, 0, -1}};
    tri.texcoords0 = {{0, 0}, {1, 0}, {0, 1}};
    tri.texcoords1 = {{0.5f, 0.5f}, {1, 1}, {0, 0}};
    tri.colors0 = {{1, 0, 0, 1}, {0, 1, 0, 1}, {0, 0, 1, 0.5f}};
    tri.indices = {0, 1, 2};
    tri.material = 0;
    scene::Primitive lines; // > 65535 vertices: unsigned int indices
    for (uint32_t i = 0; i < 70000; ++i) lines.positions.push_back(vec3(float(i) * 0.001f, 0, 0));
    lines.topology = scene::Topology::Lines;
    lines.indices = {0, 69999, 1, 2};
    lines.material = 1;
    scene::Primitive points;
    points.topology = scene::Topology::Points;
    points.positions = {{0, 2, 0}, {1, 2, 0}};
    points.indices = {1, 0};
    a.meshes.push_back(scene::Mesh{"mixed", {tri, lines, points}, {}});

    scene::Camera cam;
    cam.name = "overview";
    cam.yfov = 0.9f;
    cam.aspectRatio = 1.5f;
    cam.zfar = 500.0f;
    a.cameras.push_back(cam);
    scene::Camera ortho;
    ortho.perspective = false;
    ortho.xmag = 3.0f;
    ortho.ymag = 2.0f;
    ortho.zfar = 50.0f;
    a.cameras.push_back(ortho);
    scene::Light spot;
    spot.name = "spot";
    spot.type = scene::LightType::Spot;
    spot.color = vec3(1, 0.9f, 0.8f);
    spot.intensity = 20.0f;
    spot.range = 12.0f;
    spot.innerConeAngle = 0.2f;
    spot.outerConeAngle = 0.6f;
    a.lights.push_back(spot);

    a.nodes.resize(4);
    a.nodes[0].name = "root";
    a.nodes[0].children = {1, 2};
    a.nodes[0].transform = Transform{vec3(1, 2, 3), glm::normalize(quat(0.9f, 0.1f, 0.3f, -0.2f)), vec3(2, 2, 2)};
    a.nodes[1].name = "mesh-node";
    a.nodes[1].parent = 0;
    a.nodes[1].mesh = 0;
    a.nodes[1].camera = 0;
    a.nodes[2].name = "light-node";
    a.nodes[2].parent = 0;
    a.nodes[2].light = 0;
    a.nodes[2].hasMatrix = true;
    a.nodes[2].matrix = glm::scale(mat4(1.0f), vec3(-1, 1, 1)); // kept verbatim
    a.nodes[3].name = "second-scene-root";
    a.nodes[3].camera = 1;
    a.nodes[3].mesh = 0;
    a.scenes = {{"main", {0}}, {"other", {3}}};
    a.defaultScene = 1;
    return a;
}

TEST(GltfWriter, EverySupportedFeatureRoundTrips) {
    const Asset a = everything();
    scene::AssetPtr b = roundTrip(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->defaultScene, 1);
    ASSERT_EQ(b->scenes.size(), 2u);
    EXPECT_EQ(b->scenes[1].name, "other");
    ASSERT_EQ(b->materials.size(), 2u);
    const scene::Material& m = b->materials[0];
    EXPECT_EQ(m.name, a.materials[0].name);
    EXPECT_EQ(m.baseColorFactor, a.materials[0].baseColorFactor);
    EXPECT_EQ(m.metallicFactor, 0.25f);
    EXPECT_EQ(m.roughnessFactor, 0.125f);
    EXPECT_EQ(m.emissiveFactor, vec3(1.0f, 0.5f, 0.0f));
    EXPECT_EQ(m.emissiveStrength, 4.0f);
    EXPECT_EQ(m.ior, 1.33f);
    EXPECT_EQ(m.transmissionFactor, 0.9f);
    EXPECT_EQ(m.alphaMode, scene::AlphaMode::Mask);
    EXPECT_EQ(m.alphaCutoff, 0.3f);
    EXPECT_TRUE(m.doubleSided);
    EXPECT_TRUE(b->materials[1].unlit);
    EXPECT_EQ(b->materials[1].alphaMode, scene::AlphaMode::Blend);

    const auto& prims = b->meshes.at(0).primitives;
    ASSERT_EQ(prims.size(), 3u);
    const scene::Primitive& src = a.meshes[0].primitives[0];
    EXPECT_EQ(prims[0].tangents, src.tangents);
    EXPECT_EQ(prims[0].texcoords0, src.texcoords0);
    EXPECT_EQ(prims[0].texcoords1, src.texcoords1);
    EXPECT_EQ(prims[0].colors0, src.colors0);
    EXPECT_EQ(prims[1].topology, scene::Topology::Lines);
    EXPECT_EQ(prims[1].indices, (std::vector<uint32_t>{0, 69999, 1, 2}));
    EXPECT_EQ(prims[1].positions.size(), 70000u);
    EXPECT_EQ(prims[2].topology, scene::Topology::Points);
    EXPECT_EQ(prims[2].indices, (std::vector<uint32_t>{1, 0}));

    ASSERT_EQ(b->cameras.size(), 2u);
    EXPECT_EQ(b->cameras[0].name, "overview");
    EXPECT_EQ(b->cameras[0].yfov, 0.9f);
    EXPECT_EQ(b->cameras[0].aspectRatio, 1.5f);
    EXPECT_EQ(b->cameras[0].zfar, 500.0f);
    EXPECT_FALSE(b->cameras[1].perspective);
    EXPECT_EQ(b->cameras[1].xmag, 3.0f);
    ASSERT_EQ(b->lights.size(), 1u);
    EXPECT_EQ(b->lights[0].type, scene::LightType::Spot);
    EXPECT_EQ(b->lights[0].intensity, 20.0f);
    EXPECT_EQ(b->lights[0].range, 12.0f);
    EXPECT_EQ(b->lights[0].outerConeAngle, 0.6f);
    EXPECT_EQ(b->nodes[2].light, 0);
    EXPECT_TRUE(b->nodes[2].hasMatrix);
    EXPECT_EQ(b->nodes[2].matrix, a.nodes[2].matrix);
    expectSameRotation(b->nodes[0].transform.rotation, a.nodes[0].transform.rotation);
    EXPECT_EQ(b->nodes[1].camera, 0);

    auto glb = writeGlb(a);
    ASSERT_TRUE(glb);
    const json doc = checkContainer(*glb);
    EXPECT_EQ(doc["extensionsUsed"], json({"KHR_lights_punctual", "KHR_materials_emissive_strength",
                                           "KHR_materials_ior", "KHR_materials_transmission", "KHR_materials_unlit"}));
    EXPECT_EQ(doc["accessors"][doc["meshes"][0]["primitives"][1]["indices"].get<size_t>()]["componentType"], 5125);
    EXPECT_EQ(doc["accessors"][doc["meshes"][0]["primitives"][0]["indices"].get<size_t>()]["componentType"], 5123);
    EXPECT_FALSE(doc.contains("extensionsRequired"));
}

TEST(GltfWriter, OneSceneExportKeepsOnlyWhatItReaches) {
    const Asset a = everything();
    scene::AssetPtr b = roundTrip(a, 1);
    ASSERT_TRUE(b);
    ASSERT_EQ(b->nodes.size(), 1u);
    EXPECT_EQ(b->nodes[0].name, "second-scene-root");
    EXPECT_EQ(b->nodes[0].camera, 0);
    ASSERT_EQ(b->cameras.size(), 1u);
    EXPECT_FALSE(b->cameras[0].perspective); // renumbered: old camera 1 is new camera 0
    EXPECT_TRUE(b->lights.empty());
    ASSERT_EQ(b->scenes.size(), 1u);
    EXPECT_EQ(b->scenes[0].name, "other");
    EXPECT_EQ(b->meshes.size(), 1u);
    EXPECT_EQ(b->materials.size(), 2u);

    scene::AssetPtr main = roundTrip(a, 0);
    ASSERT_TRUE(main);
    ASSERT_EQ(main->nodes.size(), 3u);
    EXPECT_EQ(main->nodes[0].children, (std::vector<int32_t>{1, 2}));
    EXPECT_EQ(main->lights.size(), 1u);
    EXPECT_EQ(main->cameras.size(), 1u);
    EXPECT_TRUE(main->cameras[0].perspective);

    auto bad = writeGlb(a, 2);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(bad.error().message.find("scene 2"), std::string::npos) << bad.error().message;
}

TEST(GltfWriter, EmptyAssetIsAValidGlbWithoutBinaryChunk) {
    Asset empty;
    empty.defaultScene = -1;
    auto glb = writeGlb(empty);
    ASSERT_TRUE(glb) << glb.error().message;
    checkContainer(*glb);
    auto back = importBytes(*glb);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_TRUE((*back)->nodes.empty());
}

TEST(GltfWriter, FileWriteIsAtomicAndLeavesNoTemporary) {
    TempDir dir;
    const auto path = dir.path() / "plant.glb";
    dir.write("plant.glb", std::string("old contents"));
    scene::AssetPtr plant = scene::makeDemoPlant();
    auto written = writeGlbFile(path, *plant);
    ASSERT_TRUE(written) << written.error().message;
    auto back = importGltf(path);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ((*back)->nodes.size(), plant->nodes.size());
    size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
    EXPECT_EQ(files, 1u);

    auto missing = writeGlbFile(dir.path() / "no-such-folder" / "x.glb", *plant);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::Io);
    EXPECT_NE(missing.error().message.find("no-such-folder"), std::string::npos) << missing.error().message;

    scene::Asset bad;
    bad.animations.emplace_back();
    EXPECT_FALSE(writeGlbFile(path, bad)); // refused before anything is written
    auto still = importGltf(path);
    EXPECT_TRUE(still);
}

// ---- Refusals and malformed input ----------------------------------------------------------------------------

Asset oneTriangle() {
    Asset a;
    scene::Primitive p;
    p.positions = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    p.indices = {0, 1, 2};
    a.meshes.push_back(scene::Mesh{"tri", {p}, {}});
    a.nodes.resize(1);
    a.nodes[0].name = "n";
    a.nodes[0].mesh = 0;
    a.scenes = {{"s", {0}}};
    return a;
}

void expectError(const Asset& a, ErrorCode code, const std::string& mentions) {
    auto r = writeGlb(a);
    ASSERT_FALSE(r) << "expected an error mentioning '" << mentions << "'";
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_NE(r.error().message.find(mentions), std::string::npos) << r.error().message;
}

TEST(GltfWriter, RefusesUnsupportedContentNamingIt) {
    ASSERT_TRUE(writeGlb(oneTriangle()));
    {
        Asset a = oneTriangle();
        a.images.push_back(scene::Image{"img", 1, 1, {0, 0, 0, 255}});
        a.textures.push_back(scene::Texture{0, {}});
        expectError(a, ErrorCode::Unsupported, "textures");
    }
    {
        Asset a = oneTriangle();
        a.materials.emplace_back();
        a.materials[0].name = "painted";
        a.materials[0].normalTexture.texture = 0;
        expectError(a, ErrorCode::Unsupported, "material 0 'painted' uses normalTexture");
    }
    {
        Asset a = oneTriangle();
        a.skins.emplace_back();
        expectError(a, ErrorCode::Unsupported, "skins");
    }
    {
        Asset a = oneTriangle();
        a.nodes[0].skin = 0;
        expectError(a, ErrorCode::Unsupported, "node 0 'n' uses a skin");
    }
    {
        Asset a = oneTriangle();
        a.meshes[0].primitives[0].joints0.assign(3, uvec4(0));
        a.meshes[0].primitives[0].weights0.assign(3, vec4(1, 0, 0, 0));
        expectError(a, ErrorCode::Unsupported, "JOINTS_0");
    }
    {
        Asset a = oneTriangle();
        a.meshes[0].primitives[0].targets.emplace_back();
        expectError(a, ErrorCode::Unsupported, "mesh 0 'tri' primitive 0 has morph targets");
    }
    {
        Asset a = oneTriangle();
        a.meshes[0].weights = {0.5f};
        expectError(a, ErrorCode::Unsupported, "morph weights");
    }
    {
        Asset a = oneTriangle();
        a.animations.emplace_back();
        expectError(a, ErrorCode::Unsupported, "animations");
    }
    {
        Asset a = oneTriangle();
        a.nodes[0].instances.resize(2);
        expectError(a, ErrorCode::Unsupported, "EXT_mesh_gpu_instancing");
    }
    {
        Asset a = oneTriangle();
        a.cameras.emplace_back();
        a.cameras[0].perspective = false; // zfar 0 = infinite
        expectError(a, ErrorCode::Unsupported, "orthographic");
    }
}

TEST(GltfWriter, RejectsMalformedAssets) {
    {
        Asset a = oneTriangle();
        a.meshes[0].primitives[0].indices = {0, 1, 3};
        expectError(a, ErrorCode::InvalidArgument, "index 2 is 3");
    }
    {
        Asset a = oneTriangle();
        a.meshes[0].primitives[0].indices = {0, 1};
        expectError(a, ErrorCode::InvalidArgument, "do not form whole primitives");
    }
    {
        Asset a = oneTriangle();
        a.meshes[0].primitives[0].normals = {vec3(0, 0, 1)};
        expectError(a, ErrorCode::InvalidArgument, "normals has 1 entries for 3 positions");
    }
    {
        Asset a = oneTriangle();
        a.meshes[0].primitives[0].positions.clear();
        a.meshes[0].primitives[0].indices.clear();
        expectError(a, ErrorCode::InvalidArgument, "no positions");
    }
    {
        Asset a = oneTriangle();
        a.meshes[0].primitives[0].material = 4;
        expectError(a, ErrorCode::InvalidArgument, "material 4");
    }
    {
        Asset a = oneTriangle();
        a.meshes[0].primitives[0].positions[1].x = std::numeric_limits<float>::quiet_NaN();
        expectError(a, ErrorCode::InvalidArgument, "non-finite");
    }
    {
        Asset a = oneTriangle();
        a.nodes[0].transform.translation.y = std::numeric_limits<float>::infinity();
        expectError(a, ErrorCode::InvalidArgument, "node 0 'n' holds a non-finite number");
    }
    {
        Asset a = oneTriangle();
        a.nodes[0].name = "bad\xC0\xAF"; // overlong '/'
        expectError(a, ErrorCode::InvalidArgument, "not valid UTF-8");
    }
    {
        Asset a = oneTriangle();
        a.nodes[0].children = {5};
        expectError(a, ErrorCode::InvalidArgument, "child 5");
    }
    {
        Asset a = oneTriangle();
        a.nodes.resize(3);
        a.nodes[1].children = {2};
        a.nodes[2].children = {1};
        expectError(a, ErrorCode::InvalidArgument, "cycle");
    }
    {
        Asset a = oneTriangle();
        a.nodes.resize(3);
        a.nodes[1].children = {0};
        a.nodes[2].children = {0};
        expectError(a, ErrorCode::InvalidArgument, "two parents");
    }
    {
        Asset a = oneTriangle();
        a.nodes.resize(2);
        a.nodes[1].children = {0};
        expectError(a, ErrorCode::InvalidArgument, "but it has a parent");
    }
    {
        Asset a = oneTriangle();
        a.nodes[0].mesh = 3;
        expectError(a, ErrorCode::InvalidArgument, "does not exist");
    }
}

TEST(GltfWriter, Utf8NamesAndControlCharactersSurvive) {
    Asset a = oneTriangle();
    a.nodes[0].name = "Pumpe \xC3\xBC \xE2\x86\x92 \xF0\x9F\x9A\x9C \t\x01";
    scene::AssetPtr b = roundTrip(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->nodes[0].name, a.nodes[0].name);
}

TEST(GltfWriterJson, FloatsAreShortestAndReadBackExactly) {
    detail::JsonOut j;
    j.beginArray();
    for (float v : {0.1f, 1.0f, -0.5f, 1e-7f, 3.4028235e38f, 0.45f, 1.33f}) j.number(v, "test");
    j.integer(-3);
    j.boolean(false);
    j.string("a\"b\\c\x01", "test");
    j.endArray();
    EXPECT_EQ(j.text(), R"([0.1,1,-0.5,1e-07,3.4028235e+38,0.45,1.33,-3,false,"a\"b\\c\u0001"])");
    EXPECT_FALSE(j.error());
    // Every float of a wide sample reads back bit-exactly through a double parser (what tinygltf uses).
    uint32_t bits = 0x00800000u;
    for (int i = 0; i < 200000; ++i, bits += 0x3F3Bu) {
        float v;
        std::memcpy(&v, &bits, 4);
        if (!std::isfinite(v)) break;
        detail::JsonOut one;
        one.number(v, "test");
        EXPECT_EQ(float(std::strtod(one.text().c_str(), nullptr)), v) << one.text();
    }
}

TEST(GltfWriterJson, Utf8Validation) {
    EXPECT_TRUE(detail::validUtf8("plain ascii"));
    EXPECT_TRUE(detail::validUtf8("\xC3\xBC\xE2\x86\x92\xF0\x9F\x9A\x9C\xF4\x8F\xBF\xBF"));
    EXPECT_FALSE(detail::validUtf8("\xC0\xAF"));         // overlong
    EXPECT_FALSE(detail::validUtf8("\xED\xA0\x80"));     // surrogate
    EXPECT_FALSE(detail::validUtf8("\xF4\x90\x80\x80")); // past U+10FFFF
    EXPECT_FALSE(detail::validUtf8("\xE2\x86"));         // truncated
    EXPECT_FALSE(detail::validUtf8("\x80"));             // lone continuation
}

} // namespace
} // namespace tv::gltf::test
