// Geometry import with exact expected values: every accessor component type, normalized decoding, interleaving,
// sparse substitution, KHR_mesh_quantization, index widths, topology conversion, flat normals, tangents, bounds.
#include "gltf_test_util.h"

#include "gltf/tangents.h"

#include <gtest/gtest.h>

namespace tv::gltf::test {
namespace {

using nlohmann::json;

const std::vector<float> kTriangle = {0, 0, 0, 1, 0, 0, 0, 1, 0};

const scene::Primitive& onlyPrimitive(const scene::AssetPtr& a) {
    EXPECT_EQ(a->meshes.size(), 1u);
    EXPECT_EQ(a->meshes[0].primitives.size(), 1u);
    return a->meshes[0].primitives[0];
}

scene::AssetPtr importOk(const GltfBuilder& b) {
    auto r = importJson(b.json());
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    if (!r) return nullptr;
    EXPECT_EQ(checkInvariants(**r), "");
    return *r;
}

TEST(GltfGeometry, FloatTriangleWithU16Indices) {
    GltfBuilder b;
    int pos = b.addAccessor(kTriangle, kFloat, "VEC3");
    int idx = b.addAccessor(std::vector<uint16_t>{0, 1, 2}, kUShort, "SCALAR");
    b.addMesh({{"attributes", {{"POSITION", pos}}}, {"indices", idx}});
    b.addScene({b.addNode({{"mesh", 0}})});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    const auto& p = onlyPrimitive(a);
    EXPECT_EQ(p.topology, scene::Topology::Triangles);
    EXPECT_EQ(p.positions, (std::vector<vec3>{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}));
    EXPECT_EQ(p.indices, (std::vector<uint32_t>{0, 1, 2}));
    EXPECT_EQ(p.bounds.min, vec3(0, 0, 0));
    EXPECT_EQ(p.bounds.max, vec3(1, 1, 0));
    EXPECT_EQ(p.material, -1);
    // No NORMAL: flat normals, counter-clockwise front face = +Z.
    ASSERT_EQ(p.normals.size(), 3u);
    for (const vec3& n : p.normals) EXPECT_EQ(n, vec3(0, 0, 1));
}

TEST(GltfGeometry, IndexWidthsAllDecode) {
    for (int type : {kUByte, kUShort, kUInt}) {
        GltfBuilder b;
        int pos = b.addAccessor(kTriangle, kFloat, "VEC3");
        int idx = type == kUByte    ? b.addAccessor(std::vector<uint8_t>{2, 1, 0}, kUByte, "SCALAR")
                  : type == kUShort ? b.addAccessor(std::vector<uint16_t>{2, 1, 0}, kUShort, "SCALAR")
                                    : b.addAccessor(std::vector<uint32_t>{2, 1, 0}, kUInt, "SCALAR");
        b.addMesh({{"attributes", {{"POSITION", pos}}}, {"indices", idx}, {"mode", 0}});
        auto a = importOk(b);
        ASSERT_TRUE(a);
        EXPECT_EQ(onlyPrimitive(a).indices, (std::vector<uint32_t>{2, 1, 0})) << "index type " << type;
    }
}

TEST(GltfGeometry, NonIndexedDrawGetsSequentialIndices) {
    GltfBuilder b;
    std::vector<float> six = kTriangle;
    six.insert(six.end(), {0, 0, 1, 1, 0, 1, 0, 1, 1});
    int pos = b.addAccessor(six, kFloat, "VEC3");
    b.addMesh({{"attributes", {{"POSITION", pos}}}, {"mode", 0}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    EXPECT_EQ(onlyPrimitive(a).topology, scene::Topology::Points);
    EXPECT_EQ(onlyPrimitive(a).indices, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5}));
    EXPECT_TRUE(onlyPrimitive(a).normals.empty()) << "points without NORMAL get none";
}

TEST(GltfGeometry, InterleavedStride) {
    GltfBuilder b;
    // position (12 bytes) + normal (12 bytes) + 8 bytes of padding per vertex: stride 32.
    std::vector<float> data;
    for (int v = 0; v < 3; ++v) {
        data.insert(data.end(), {kTriangle[size_t(v) * 3], kTriangle[size_t(v) * 3 + 1], kTriangle[size_t(v) * 3 + 2]});
        data.insert(data.end(), {0.0f, 0.0f, -1.0f, 99.0f, 99.0f});
    }
    size_t off = b.addBytes(data.data(), data.size() * 4);
    int view = b.addView(off, data.size() * 4, 32);
    int pos = b.addAccessorOnView(view, 0, kFloat, "VEC3", 3);
    int nrm = b.addAccessorOnView(view, 12, kFloat, "VEC3", 3);
    b.addMesh({{"attributes", {{"POSITION", pos}, {"NORMAL", nrm}}}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    const auto& p = onlyPrimitive(a);
    EXPECT_EQ(p.positions, (std::vector<vec3>{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}));
    EXPECT_EQ(p.normals, (std::vector<vec3>(3, vec3(0, 0, -1)))) << "given normals are kept, not recomputed";
}

TEST(GltfGeometry, NormalizedIntegersDecodePerSpec) {
    GltfBuilder b;
    int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0}, kFloat, "VEC3");
    int uv0 = b.addAccessor(std::vector<uint8_t>{0, 255, 128, 1, 255, 0, 51, 102}, kUByte, "VEC2", true);
    int uv1 = b.addAccessor(std::vector<uint16_t>{0, 65535, 32768, 1, 65535, 0, 0, 0}, kUShort, "VEC2", true);
    // Signed: c / MAX clamped at -1, so both -128 and -127 give -1.
    int tan = b.addAccessor(std::vector<int8_t>{127, -127, -128, 127, 0, 0, 0, 127, 64, -64, 0, -127, 1, 1, 1, 1},
                            kByte, "VEC4", true);
    int col = b.addAccessor(std::vector<int16_t>{32767, -32767, -32768, 32767, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8},
                            kShort, "VEC4", true);
    b.addMesh({{"attributes",
                {{"POSITION", pos},
                 {"TEXCOORD_0", uv0},
                 {"TEXCOORD_1", uv1},
                 {"TANGENT", tan},
                 {"COLOR_0", col},
                 {"NORMAL", pos}}},
               {"mode", 0}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    const auto& p = onlyPrimitive(a);
    EXPECT_EQ(p.texcoords0[0], vec2(0.0f, 1.0f));
    EXPECT_EQ(p.texcoords0[1], vec2(128.0f / 255.0f, 1.0f / 255.0f));
    EXPECT_EQ(p.texcoords0[3], vec2(51.0f / 255.0f, 102.0f / 255.0f));
    EXPECT_EQ(p.texcoords1[1], vec2(32768.0f / 65535.0f, 1.0f / 65535.0f));
    EXPECT_EQ(p.tangents[0], vec4(1.0f, -1.0f, -1.0f, 1.0f));
    EXPECT_EQ(p.tangents[2], vec4(64.0f / 127.0f, -64.0f / 127.0f, 0.0f, -1.0f));
    EXPECT_EQ(p.colors0[0], vec4(1.0f, -1.0f, -1.0f, 1.0f));
    EXPECT_EQ(p.colors0[2], vec4(1.0f / 32767, 2.0f / 32767, 3.0f / 32767, 4.0f / 32767));
}

TEST(GltfGeometry, MeshQuantizationPositionsNormalsTexcoords) {
    GltfBuilder b;
    b.doc["extensionsUsed"] = {"KHR_mesh_quantization"};
    b.doc["extensionsRequired"] = {"KHR_mesh_quantization"};
    // Non-normalized SHORT positions keep their integer values (a node scale dequantizes them).
    int pos = b.addAccessor(std::vector<int16_t>{0, 0, 0, 0, 1000, 0, 0, 0, -5, 2000, 0, 0}, kShort, "VEC3");
    // VEC3 SHORT elements are 6 bytes and vertex strides must be multiples of 4: the data is laid out with
    // stride 8 (and the byte vectors below with stride 4), as quantizing exporters write it.
    b.doc["accessors"][size_t(pos)]["count"] = 3;
    b.doc["bufferViews"][0]["byteStride"] = 8;
    int nrm = b.addAccessor(std::vector<int8_t>{0, 0, 127, 0, 0, 0, 127, 0, 0, 0, 127, 0}, kByte, "VEC3", true);
    b.doc["bufferViews"][1]["byteStride"] = 4;
    int uv = b.addAccessor(std::vector<uint16_t>{0, 0, 3, 0, 0, 7}, kUShort, "VEC2");
    int upos = b.addAccessor(std::vector<uint8_t>{0, 0, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0}, kUByte, "VEC3", true);
    b.doc["bufferViews"][3]["byteStride"] = 4;
    b.doc["accessors"][size_t(upos)]["count"] = 3;
    b.doc["accessors"][size_t(nrm)]["count"] = 3;
    b.addMesh({{"attributes", {{"POSITION", pos}, {"NORMAL", nrm}, {"TEXCOORD_0", uv}}}});
    b.addMesh({{"attributes", {{"POSITION", upos}}}});
    auto r = importJson(b.json());
    ASSERT_TRUE(r) << r.error().message;
    const auto& p = (*r)->meshes[0].primitives[0];
    EXPECT_EQ(p.positions, (std::vector<vec3>{{0, 0, 0}, {1000, 0, 0}, {-5, 2000, 0}}));
    EXPECT_EQ(p.normals, (std::vector<vec3>(3, vec3(0, 0, 1))));
    EXPECT_EQ(p.texcoords0, (std::vector<vec2>{{0, 0}, {3, 0}, {0, 7}}));
    EXPECT_EQ((*r)->meshes[1].primitives[0].positions, (std::vector<vec3>{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}));
}

TEST(GltfGeometry, SparseSubstitutionOverBufferView) {
    GltfBuilder b;
    std::vector<float> base = {0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0};
    int pos = b.addAccessor(base, kFloat, "VEC3");
    size_t io = b.addBytes(std::vector<uint16_t>{1, 3}.data(), 4);
    int iv = b.addView(io, 4);
    std::vector<float> vals = {1, 5, 0, 3, 7, 0};
    size_t vo = b.addBytes(vals.data(), vals.size() * 4);
    int vv = b.addView(vo, vals.size() * 4);
    b.doc["accessors"][size_t(pos)]["sparse"] = {
        {"count", 2}, {"indices", {{"bufferView", iv}, {"componentType", kUShort}}}, {"values", {{"bufferView", vv}}}};
    b.addMesh({{"attributes", {{"POSITION", pos}}}, {"mode", 0}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    EXPECT_EQ(onlyPrimitive(a).positions, (std::vector<vec3>{{0, 0, 0}, {1, 5, 0}, {2, 0, 0}, {3, 7, 0}}));
    EXPECT_EQ(onlyPrimitive(a).bounds.max, vec3(3, 7, 0)) << "bounds come from the data, not accessor max";
}

TEST(GltfGeometry, SparseWithoutBufferViewStartsFromZeros) {
    GltfBuilder b;
    size_t io = b.addBytes(std::vector<uint8_t>{2, 0, 0, 0}.data(), 4);
    int iv = b.addView(io, 1);
    std::vector<float> vals = {4, 5, 6};
    int vv = b.addView(b.addBytes(vals.data(), 12), 12);
    int pos = b.addAccessorOnView(-1, 0, kFloat, "VEC3", 3);
    b.doc["accessors"][size_t(pos)]["sparse"] = {
        {"count", 1}, {"indices", {{"bufferView", iv}, {"componentType", kUByte}}}, {"values", {{"bufferView", vv}}}};
    b.addMesh({{"attributes", {{"POSITION", pos}}}, {"mode", 0}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    EXPECT_EQ(onlyPrimitive(a).positions, (std::vector<vec3>{{0, 0, 0}, {0, 0, 0}, {4, 5, 6}}));
}

TEST(GltfGeometry, ColorsJointsWeights) {
    GltfBuilder b;
    int pos = b.addAccessor(kTriangle, kFloat, "VEC3");
    int col = b.addAccessor(std::vector<float>{1, 0, 0, 0, 1, 0, 0, 0, 1}, kFloat, "VEC3");
    int joints = b.addAccessor(std::vector<uint16_t>{0, 1, 2, 3, 3, 2, 1, 0, 1, 1, 1, 1}, kUShort, "VEC4");
    int weights = b.addAccessor(std::vector<uint8_t>{255, 0, 0, 0, 128, 127, 0, 0, 0, 0, 0, 255}, kUByte, "VEC4", true);
    b.addMesh({{"attributes", {{"POSITION", pos}, {"COLOR_0", col}, {"JOINTS_0", joints}, {"WEIGHTS_0", weights}}}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    const auto& p = onlyPrimitive(a);
    EXPECT_EQ(p.colors0[1], vec4(0, 1, 0, 1)) << "VEC3 colours get alpha 1";
    EXPECT_EQ(p.joints0[1], uvec4(3, 2, 1, 0));
    EXPECT_EQ(p.weights0[1], vec4(128.0f / 255, 127.0f / 255, 0, 0));
}

// Seven vertices on a line; each mode's expected list per the glTF spec (3.7.2.1).
TEST(GltfGeometry, TopologiesBecomeLists) {
    struct Case {
        int mode;
        scene::Topology topology;
        std::vector<uint32_t> expected;
    };
    const std::vector<uint32_t> in = {0, 1, 2, 3, 4};
    const Case cases[] = {
        {0, scene::Topology::Points, {0, 1, 2, 3, 4}},
        {1, scene::Topology::Lines, {0, 1, 2, 3}},
        {2, scene::Topology::Lines, {0, 1, 1, 2, 2, 3, 3, 4, 4, 0}},
        {3, scene::Topology::Lines, {0, 1, 1, 2, 2, 3, 3, 4}},
        {4, scene::Topology::Triangles, {0, 1, 2}},
        {5, scene::Topology::Triangles, {0, 1, 2, 1, 3, 2, 2, 3, 4}},
        {6, scene::Topology::Triangles, {1, 2, 0, 2, 3, 0, 3, 4, 0}},
    };
    for (const Case& c : cases) {
        GltfBuilder b;
        int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 2, 0}, kFloat, "VEC3");
        int nrm = b.addAccessor(std::vector<float>(15, 0.0f), kFloat, "VEC3");
        int idx = b.addAccessor(std::vector<uint8_t>(in.begin(), in.end()), kUByte, "SCALAR");
        b.addMesh({{"attributes", {{"POSITION", pos}, {"NORMAL", nrm}}}, {"indices", idx}, {"mode", c.mode}});
        auto a = importOk(b);
        ASSERT_TRUE(a) << "mode " << c.mode;
        EXPECT_EQ(onlyPrimitive(a).topology, c.topology) << "mode " << c.mode;
        EXPECT_EQ(onlyPrimitive(a).indices, c.expected) << "mode " << c.mode;
    }
}

TEST(GltfGeometry, StripAndFanKeepCounterClockwiseWinding) {
    // A square as a strip (0,1,2,3 zig-zag) and as a fan: every resulting triangle must face +Z.
    const std::vector<float> square = {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0};
    const std::vector<float> fan = {0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0};
    for (int mode : {5, 6}) {
        GltfBuilder b;
        int pos = b.addAccessor(mode == 5 ? square : fan, kFloat, "VEC3");
        b.addMesh({{"attributes", {{"POSITION", pos}}}, {"mode", mode}});
        auto a = importOk(b);
        ASSERT_TRUE(a);
        const auto& p = onlyPrimitive(a);
        ASSERT_EQ(p.indices.size(), 6u);
        for (size_t t = 0; t < 6; t += 3) {
            vec3 n = glm::cross(p.positions[p.indices[t + 1]] - p.positions[p.indices[t]],
                                p.positions[p.indices[t + 2]] - p.positions[p.indices[t]]);
            EXPECT_GT(n.z, 0.0f) << "mode " << mode << " triangle " << t / 3;
            EXPECT_EQ(p.normals[p.indices[t]], vec3(0, 0, 1));
        }
    }
}

TEST(GltfGeometry, FlatNormalsUnweldSharedVertices) {
    // Two faces of a folded quad sharing an edge: without NORMAL each face keeps its own normal.
    GltfBuilder b;
    int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1}, kFloat, "VEC3");
    int uv = b.addAccessor(std::vector<float>{0, 0, 1, 0, 0, 1, 1, 1}, kFloat, "VEC2");
    int idx = b.addAccessor(std::vector<uint16_t>{0, 1, 2, 0, 3, 1}, kUShort, "SCALAR");
    b.addMesh({{"attributes", {{"POSITION", pos}, {"TEXCOORD_0", uv}}}, {"indices", idx}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    const auto& p = onlyPrimitive(a);
    EXPECT_EQ(p.positions.size(), 6u);
    EXPECT_EQ(p.indices, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(p.positions[3], vec3(0, 0, 0));
    EXPECT_EQ(p.positions[4], vec3(0, 0, 1));
    EXPECT_EQ(p.texcoords0[4], vec2(1, 1)) << "other streams follow the un-welded vertices";
    for (int k = 0; k < 3; ++k) EXPECT_EQ(p.normals[size_t(k)], vec3(0, 0, 1));
    for (int k = 3; k < 6; ++k) EXPECT_EQ(p.normals[size_t(k)], vec3(0, 1, 0));
}

TEST(GltfGeometry, TrailingIndicesAreDropped) {
    GltfBuilder b;
    int pos = b.addAccessor(kTriangle, kFloat, "VEC3");
    int idx = b.addAccessor(std::vector<uint8_t>{0, 1, 2, 0, 1, 0, 0, 0}, kUByte, "SCALAR");
    b.doc["accessors"][size_t(idx)]["count"] = 5;
    b.addMesh({{"attributes", {{"POSITION", pos}}}, {"indices", idx}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    EXPECT_EQ(onlyPrimitive(a).indices.size(), 3u);
}

// ---- Tangents ---------------------------------------------------------------------------------------------------

// A unit quad in the XY plane facing +Z with glTF UVs (v down the image: v = 1 - y).
struct Quad {
    std::vector<vec3> positions = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}};
    std::vector<vec3> normals = std::vector<vec3>(4, vec3(0, 0, 1));
    std::vector<vec2> uvs = {{0, 1}, {1, 1}, {1, 0}, {0, 0}};
    std::vector<uint32_t> indices = {0, 1, 2, 0, 2, 3};
};

TEST(GltfTangents, QuadTangentPointsAlongUAndBitangentAgainstV) {
    Quad q;
    auto t = generateTangents(q.positions, q.normals, q.uvs, q.indices);
    ASSERT_EQ(t.size(), 4u);
    for (const vec4& v : t) {
        EXPECT_NEAR(v.x, 1.0f, 1e-6f);
        EXPECT_NEAR(v.y, 0.0f, 1e-6f);
        EXPECT_NEAR(v.z, 0.0f, 1e-6f);
        EXPECT_EQ(v.w, 1.0f) << "bitangent cross(n, t) * w = +Y = towards decreasing v";
    }
}

TEST(GltfTangents, MirroredUvsFlipHandedness) {
    Quad q;
    for (vec2& uv : q.uvs) uv.x = 1.0f - uv.x;
    auto t = generateTangents(q.positions, q.normals, q.uvs, q.indices);
    for (const vec4& v : t) {
        EXPECT_NEAR(v.x, -1.0f, 1e-6f);
        EXPECT_EQ(v.w, -1.0f);
    }
}

TEST(GltfTangents, GramSchmidtAgainstTiltedNormal) {
    Quad q;
    const vec3 n = glm::normalize(vec3(1, 0, 1));
    q.normals.assign(4, n);
    auto t = generateTangents(q.positions, q.normals, q.uvs, q.indices);
    for (const vec4& v : t) {
        EXPECT_NEAR(glm::dot(vec3(v), n), 0.0f, 1e-6f);
        EXPECT_NEAR(glm::length(vec3(v)), 1.0f, 1e-6f);
        EXPECT_GT(v.x, 0.0f);
    }
}

TEST(GltfTangents, DegenerateUvsFallBackToAPerpendicular) {
    Quad q;
    q.uvs.assign(4, vec2(0.5f, 0.5f));
    auto t = generateTangents(q.positions, q.normals, q.uvs, q.indices);
    for (const vec4& v : t) {
        EXPECT_NEAR(glm::dot(vec3(v), vec3(0, 0, 1)), 0.0f, 1e-6f);
        EXPECT_NEAR(glm::length(vec3(v)), 1.0f, 1e-6f);
        EXPECT_EQ(v.w, 1.0f);
        EXPECT_FALSE(glm::any(glm::isnan(v)));
    }
}

TEST(GltfTangents, VerticesSharingPositionNormalUvAreAveraged) {
    // The same quad with vertex 0 and 2 duplicated per triangle: the duplicates must get identical tangents.
    Quad q;
    q.positions.push_back(q.positions[0]);
    q.normals.push_back(q.normals[0]);
    q.uvs.push_back(q.uvs[0]);
    q.indices = {0, 1, 2, 4, 2, 3};
    auto t = generateTangents(q.positions, q.normals, q.uvs, q.indices);
    EXPECT_EQ(t[0], t[4]);
}

TEST(GltfTangents, GeneratedForNormalMappedPrimitiveWithoutTangent) {
    GltfBuilder b;
    int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0}, kFloat, "VEC3");
    int uv = b.addAccessor(std::vector<float>{0, 1, 1, 1, 1, 0, 0, 0}, kFloat, "VEC2");
    int idx = b.addAccessor(std::vector<uint16_t>{0, 1, 2, 0, 2, 3}, kUShort, "SCALAR");
    b.doc["images"] = {{{"uri", "data:image/png;base64," + base64(makePng(2, 2))}}};
    b.doc["textures"] = {{{"source", 0}}};
    b.doc["materials"] = {{{"normalTexture", {{"index", 0}}}}, json::object()};
    b.addMesh({{"attributes", {{"POSITION", pos}, {"TEXCOORD_0", uv}}}, {"indices", idx}, {"material", 0}});
    b.addMesh({{"attributes", {{"POSITION", pos}, {"TEXCOORD_0", uv}}}, {"indices", idx}, {"material", 1}});
    auto r = importJson(b.json());
    ASSERT_TRUE(r) << r.error().message;
    const auto& mapped = (*r)->meshes[0].primitives[0];
    ASSERT_EQ(mapped.tangents.size(), mapped.positions.size());
    for (const vec4& t : mapped.tangents) EXPECT_NEAR(t.x, 1.0f, 1e-6f);
    EXPECT_TRUE((*r)->meshes[1].primitives[0].tangents.empty()) << "no normal map, no tangents";

    ImportOptions off;
    off.generateTangents = false;
    auto r2 = importJson(b.json(), off);
    ASSERT_TRUE(r2);
    EXPECT_TRUE((*r2)->meshes[0].primitives[0].tangents.empty());
}

} // namespace
} // namespace tv::gltf::test
