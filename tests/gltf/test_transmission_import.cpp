// KHR_materials_transmission import: factor and texture (texCoord, KHR_texture_transform), defaults, the
// extension listed as supported (so files that require it load), malformed values rejected with a message that
// names the cause, and the LightsPunctualLamp sample's transmissive shade.
#include "gltf_test_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace tv::gltf::test {
namespace {

using nlohmann::json;

GltfBuilder withTextures(int count) {
    GltfBuilder b;
    b.doc["images"] = {{{"uri", "data:image/png;base64," + base64(makePng(2, 2))}}};
    for (int i = 0; i < count; ++i) b.doc["textures"].push_back({{"source", 0}});
    return b;
}

TEST(GltfTransmission, FactorTextureAndTransform) {
    GltfBuilder b = withTextures(2);
    b.doc["extensionsUsed"] = {"KHR_materials_transmission", "KHR_texture_transform"};
    b.doc["extensionsRequired"] = {"KHR_materials_transmission"};
    b.doc["materials"] = {
        {{"extensions", {{"KHR_materials_transmission", {{"transmissionFactor", 0.75}}}}}},
        {{"extensions",
          {{"KHR_materials_transmission",
            {{"transmissionFactor", 1.0},
             {"transmissionTexture",
              {{"index", 1},
               {"texCoord", 1},
               {"extensions", {{"KHR_texture_transform", {{"offset", {0.25, 0.5}}, {"scale", {2, 4}}}}}}}}}}}}},
        {{"extensions", {{"KHR_materials_transmission", {{"transmissionTexture", {{"index", 0}}}}}}}},
        json::object()};
    auto r = importJson(b.doc.dump());
    ASSERT_TRUE(r) << r.error().message;
    const scene::Asset& a = **r;
    EXPECT_EQ(checkInvariants(a), "");
    ASSERT_EQ(a.materials.size(), 4u);

    EXPECT_FLOAT_EQ(a.materials[0].transmissionFactor, 0.75f);
    EXPECT_FALSE(a.materials[0].transmissionTexture.valid());

    const scene::Material& textured = a.materials[1];
    EXPECT_FLOAT_EQ(textured.transmissionFactor, 1.0f);
    EXPECT_EQ(textured.transmissionTexture.texture, 1);
    EXPECT_EQ(textured.transmissionTexture.texCoord, 1u);
    EXPECT_TRUE(textured.transmissionTexture.transform.present);
    EXPECT_EQ(textured.transmissionTexture.transform.offset, vec2(0.25f, 0.5f));
    EXPECT_EQ(textured.transmissionTexture.transform.scale, vec2(2.0f, 4.0f));

    // The spec's default factor is 0: a texture alone transmits nothing until a factor is given.
    EXPECT_FLOAT_EQ(a.materials[2].transmissionFactor, 0.0f);
    EXPECT_EQ(a.materials[2].transmissionTexture.texture, 0);
    EXPECT_EQ(a.materials[2].transmissionTexture.texCoord, 0u);
    EXPECT_FALSE(a.materials[2].transmissionTexture.transform.present);

    EXPECT_FLOAT_EQ(a.materials[3].transmissionFactor, 0.0f);
    EXPECT_FALSE(a.materials[3].transmissionTexture.valid());
}

TEST(GltfTransmission, ListedAsSupported) {
    std::vector<std::string> names(supportedExtensions().begin(), supportedExtensions().end());
    EXPECT_NE(std::find(names.begin(), names.end(), "KHR_materials_transmission"), names.end());
}

TEST(GltfTransmission, UnsupportedTexCoordDropsTextureKeepsFactor) {
    GltfBuilder b = withTextures(1);
    b.doc["materials"] = {
        {{"extensions",
          {{"KHR_materials_transmission",
            {{"transmissionFactor", 0.5}, {"transmissionTexture", {{"index", 0}, {"texCoord", 2}}}}}}}}};
    auto r = importJson(b.doc.dump());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_FLOAT_EQ((*r)->materials[0].transmissionFactor, 0.5f);
    EXPECT_FALSE((*r)->materials[0].transmissionTexture.valid());
}

struct BadCase {
    const char* what;
    json extension;
    const char* messagePart;
};

TEST(GltfTransmission, MalformedRejected) {
    const BadCase cases[] = {
        {"factor above 1", {{"transmissionFactor", 1.5}}, "transmissionFactor"},
        {"negative factor", {{"transmissionFactor", -0.1}}, "transmissionFactor"},
        {"factor not a number", {{"transmissionFactor", "x"}}, "transmissionFactor"},
        {"texture out of range", {{"transmissionTexture", {{"index", 7}}}}, "does not exist"},
        {"negative texture index", {{"transmissionTexture", {{"index", -2}}}}, "negative"},
        {"texture without index", {{"transmissionTexture", {{"texCoord", 0}}}}, "index"},
        {"texture not an object", {{"transmissionTexture", 3}}, "textureInfo"},
        {"negative texCoord", {{"transmissionTexture", {{"index", 0}, {"texCoord", -1}}}}, "texCoord"},
        {"texture extensions not an object",
         {{"transmissionTexture", {{"index", 0}, {"extensions", 1}}}},
         "extensions"},
    };
    for (const BadCase& c : cases) {
        GltfBuilder b = withTextures(1);
        b.doc["materials"] = {{{"extensions", {{"KHR_materials_transmission", c.extension}}}}};
        auto r = importJson(b.doc.dump());
        ASSERT_FALSE(r) << c.what;
        EXPECT_NE(r.error().message.find(c.messagePart), std::string::npos) << c.what << ": " << r.error().message;
        EXPECT_NE(r.error().message.find("material 0"), std::string::npos) << c.what << ": " << r.error().message;
    }
}

TEST(GltfTransmission, LampSampleShade) {
    std::filesystem::path file = sharedDir() / "gltf-samples/LightsPunctualLamp/glTF/LightsPunctualLamp.gltf";
    if (sharedDir().empty() || !std::filesystem::exists(file))
        GTEST_SKIP() << "shared glTF samples not found (set TV_SHARED_DIR)";
    auto r = importGltf(file);
    ASSERT_TRUE(r) << r.error().message;
    const scene::Asset& a = **r;
    ASSERT_EQ(a.materials.size(), 3u);
    EXPECT_FLOAT_EQ(a.materials[0].transmissionFactor, 0.0f);
    EXPECT_FLOAT_EQ(a.materials[1].transmissionFactor, 0.0f);
    EXPECT_FLOAT_EQ(a.materials[2].transmissionFactor, 1.0f);
    EXPECT_EQ(a.materials[2].transmissionTexture.texture, 6);
    ASSERT_TRUE(a.materials[2].transmissionTexture.valid());
    const scene::Texture& t = a.textures[size_t(a.materials[2].transmissionTexture.texture)];
    ASSERT_GE(t.image, 0);
    EXPECT_GT(a.images[size_t(t.image)].width, 0u);
}

} // namespace
} // namespace tv::gltf::test
