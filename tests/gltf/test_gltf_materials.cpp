// Materials, textures, samplers and images with exact expected values, including KHR_texture_transform,
// KHR_materials_unlit / _emissive_strength / _ior, image decoding (data URI, GLB bufferView) and the
// "missing or undecodable source -> image -1 with a warning" rule.
#include "gltf_test_util.h"

#include <gtest/gtest.h>

namespace tv::gltf::test {
namespace {

using nlohmann::json;

std::string pngUri(int w, int h) { return "data:image/png;base64," + base64(makePng(w, h)); }

TEST(GltfMaterials, FactorsTexturesAndFlags) {
    GltfBuilder b;
    b.doc["images"] = {{{"uri", pngUri(4, 2)}, {"name", "checker"}}};
    b.doc["textures"] = {{{"source", 0}}, {{"source", 0}}};
    b.doc["materials"] = {{{"name", "full"},
                           {"pbrMetallicRoughness",
                            {{"baseColorFactor", {0.5, 0.25, 0.125, 0.75}},
                             {"metallicFactor", 0.3},
                             {"roughnessFactor", 0.6},
                             {"baseColorTexture", {{"index", 0}, {"texCoord", 1}}},
                             {"metallicRoughnessTexture", {{"index", 1}}}}},
                           {"normalTexture", {{"index", 1}, {"scale", 0.5}}},
                           {"occlusionTexture", {{"index", 0}, {"strength", 0.25}, {"texCoord", 1}}},
                           {"emissiveTexture", {{"index", 1}}},
                           {"emissiveFactor", {1, 0.5, 0}},
                           {"alphaMode", "MASK"},
                           {"alphaCutoff", 0.3},
                           {"doubleSided", true}},
                          {{"alphaMode", "BLEND"}},
                          json::object()};
    auto r = importJson(b.doc.dump());
    ASSERT_TRUE(r) << r.error().message;
    const auto& a = **r;
    EXPECT_EQ(checkInvariants(a), "");
    ASSERT_EQ(a.materials.size(), 3u);
    const auto& m = a.materials[0];
    EXPECT_EQ(m.name, "full");
    EXPECT_EQ(m.baseColorFactor, vec4(0.5f, 0.25f, 0.125f, 0.75f));
    EXPECT_FLOAT_EQ(m.metallicFactor, 0.3f);
    EXPECT_FLOAT_EQ(m.roughnessFactor, 0.6f);
    EXPECT_EQ(m.baseColorTexture.texture, 0);
    EXPECT_EQ(m.baseColorTexture.texCoord, 1u);
    EXPECT_EQ(m.metallicRoughnessTexture.texture, 1);
    EXPECT_EQ(m.normalTexture.texture, 1);
    EXPECT_EQ(m.normalTexture.scale, 0.5f);
    EXPECT_EQ(m.occlusionTexture.scale, 0.25f);
    EXPECT_EQ(m.occlusionTexture.texCoord, 1u);
    EXPECT_EQ(m.emissiveTexture.texture, 1);
    EXPECT_EQ(m.emissiveFactor, vec3(1, 0.5f, 0));
    EXPECT_EQ(m.alphaMode, scene::AlphaMode::Mask);
    EXPECT_FLOAT_EQ(m.alphaCutoff, 0.3f);
    EXPECT_TRUE(m.doubleSided);
    EXPECT_FALSE(m.unlit);
    EXPECT_FALSE(m.baseColorTexture.transform.present);
    EXPECT_EQ(a.materials[1].alphaMode, scene::AlphaMode::Blend);
    // Defaults per the spec.
    const auto& d = a.materials[2];
    EXPECT_EQ(d.baseColorFactor, vec4(1));
    EXPECT_EQ(d.metallicFactor, 1.0f);
    EXPECT_EQ(d.roughnessFactor, 1.0f);
    EXPECT_EQ(d.emissiveFactor, vec3(0));
    EXPECT_EQ(d.alphaMode, scene::AlphaMode::Opaque);
    EXPECT_EQ(d.alphaCutoff, 0.5f);
    EXPECT_FALSE(d.doubleSided);
    EXPECT_FALSE(d.baseColorTexture.valid());
    EXPECT_EQ(d.emissiveStrength, 1.0f);
    EXPECT_EQ(d.ior, 1.5f);
}

TEST(GltfMaterials, Extensions) {
    GltfBuilder b;
    b.doc["extensionsUsed"] = {"KHR_materials_unlit", "KHR_materials_emissive_strength", "KHR_materials_ior",
                               "KHR_texture_transform"};
    b.doc["images"] = {{{"uri", pngUri(2, 2)}}};
    b.doc["textures"] = {{{"source", 0}}};
    b.doc["materials"] = {
        {{"extensions", {{"KHR_materials_unlit", json::object()}}}},
        {{"extensions",
          {{"KHR_materials_emissive_strength", {{"emissiveStrength", 5.5}}}, {"KHR_materials_ior", {{"ior", 1.33}}}}}},
        {{"pbrMetallicRoughness",
          {{"baseColorTexture",
            {{"index", 0},
             {"texCoord", 0},
             {"extensions",
              {{"KHR_texture_transform",
                {{"offset", {0.5, -0.25}}, {"rotation", 1.5707963}, {"scale", {2, 3}}, {"texCoord", 1}}}}}}}}},
         {"emissiveTexture", {{"index", 0}, {"extensions", {{"KHR_texture_transform", {{"rotation", 0.5}}}}}}}}};
    auto r = importJson(b.doc.dump());
    ASSERT_TRUE(r) << r.error().message;
    const auto& a = **r;
    EXPECT_TRUE(a.materials[0].unlit);
    EXPECT_FALSE(a.materials[1].unlit);
    EXPECT_FLOAT_EQ(a.materials[1].emissiveStrength, 5.5f);
    EXPECT_FLOAT_EQ(a.materials[1].ior, 1.33f);
    const auto& tr = a.materials[2].baseColorTexture;
    EXPECT_TRUE(tr.transform.present);
    EXPECT_EQ(tr.transform.offset, vec2(0.5f, -0.25f));
    EXPECT_FLOAT_EQ(tr.transform.rotation, 1.5707963f);
    EXPECT_EQ(tr.transform.scale, vec2(2, 3));
    EXPECT_EQ(tr.texCoord, 1u) << "KHR_texture_transform.texCoord overrides textureInfo.texCoord";
    const auto& em = a.materials[2].emissiveTexture.transform;
    EXPECT_TRUE(em.present);
    EXPECT_EQ(em.offset, vec2(0));
    EXPECT_EQ(em.scale, vec2(1));
    EXPECT_FLOAT_EQ(em.rotation, 0.5f);
}

TEST(GltfMaterials, SamplerMapping) {
    struct Case {
        int minFilter;
        scene::Filter min;
        scene::Filter mip;
        bool mips;
    };
    using F = scene::Filter;
    const Case cases[] = {{9728, F::Nearest, F::Linear, false}, {9729, F::Linear, F::Linear, false},
                          {9984, F::Nearest, F::Nearest, true}, {9985, F::Linear, F::Nearest, true},
                          {9986, F::Nearest, F::Linear, true},  {9987, F::Linear, F::Linear, true}};
    GltfBuilder b;
    b.doc["images"] = {{{"uri", pngUri(2, 2)}}};
    for (const Case& c : cases) {
        b.doc["samplers"].push_back({{"minFilter", c.minFilter}, {"magFilter", 9728}});
        b.doc["textures"].push_back({{"source", 0}, {"sampler", b.doc["samplers"].size() - 1}});
    }
    b.doc["samplers"].push_back({{"wrapS", 33071}, {"wrapT", 33648}});
    b.doc["textures"].push_back({{"source", 0}, {"sampler", b.doc["samplers"].size() - 1}});
    b.doc["textures"].push_back({{"source", 0}}); // no sampler: defaults
    auto r = importJson(b.doc.dump());
    ASSERT_TRUE(r) << r.error().message;
    const auto& t = (*r)->textures;
    ASSERT_EQ(t.size(), 8u);
    for (size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(t[i].sampler.minFilter, cases[i].min) << i;
        EXPECT_EQ(t[i].sampler.useMips, cases[i].mips) << i;
        if (cases[i].mips) { EXPECT_EQ(t[i].sampler.mipFilter, cases[i].mip) << i; }
        EXPECT_EQ(t[i].sampler.magFilter, F::Nearest);
        EXPECT_EQ(t[i].image, 0);
    }
    EXPECT_EQ(t[6].sampler.wrapS, scene::Wrap::ClampToEdge);
    EXPECT_EQ(t[6].sampler.wrapT, scene::Wrap::MirroredRepeat);
    EXPECT_EQ(t[6].sampler.magFilter, F::Linear);
    EXPECT_TRUE(t[6].sampler.useMips);
    EXPECT_EQ(t[7].sampler.wrapS, scene::Wrap::Repeat);
    EXPECT_EQ(t[7].sampler.minFilter, F::Linear);
    EXPECT_TRUE(t[7].sampler.useMips);
}

TEST(GltfMaterials, PngDataUriDecodedToRgba8TopRowFirst) {
    GltfBuilder b;
    b.doc["images"] = {{{"uri", pngUri(3, 2)}}};
    b.doc["textures"] = {{{"source", 0}}};
    auto r = importJson(b.doc.dump());
    ASSERT_TRUE(r) << r.error().message;
    const auto& img = (*r)->images.at(0);
    EXPECT_EQ(img.width, 3u);
    EXPECT_EQ(img.height, 2u);
    ASSERT_EQ(img.rgba8.size(), 24u);
    // Pixel (x=2, y=1) = (2, 1, 3, 255): row 0 is the top of the image.
    const uint8_t* px = &img.rgba8[(1 * 3 + 2) * 4];
    EXPECT_EQ(px[0], 2);
    EXPECT_EQ(px[1], 1);
    EXPECT_EQ(px[2], 3);
    EXPECT_EQ(px[3], 255);
}

TEST(GltfMaterials, ImageInGlbBufferView) {
    GltfBuilder b;
    std::vector<uint8_t> png = makePng(5, 4);
    int view = b.addView(b.addBytes(png.data(), png.size()), png.size());
    b.doc["images"] = {{{"bufferView", view}, {"mimeType", "image/png"}, {"name", "embedded"}}};
    b.doc["textures"] = {{{"source", 0}}};
    auto r = importBytes(b.glb());
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ((*r)->images.size(), 1u);
    EXPECT_EQ((*r)->images[0].name, "embedded");
    EXPECT_EQ((*r)->images[0].width, 5u);
    EXPECT_EQ((*r)->images[0].rgba8[(3 * 5 + 4) * 4 + 2], 7); // x + y at (4, 3)
}

TEST(GltfMaterials, UndecodableOrMissingSourceBecomesMinusOneWithWarning) {
    GltfBuilder b;
    std::vector<uint8_t> garbage(64, 0xAB);
    std::vector<uint8_t> badPng = makePng(8, 8);
    badPng.resize(40); // valid signature and header, truncated data
    b.doc["images"] = {{{"uri", "data:image/png;base64," + base64(garbage)}},
                       {{"uri", "data:image/png;base64," + base64(badPng)}},
                       {{"uri", pngUri(2, 2)}}};
    b.doc["textures"] = {{{"source", 0}}, {{"source", 1}}, {{"source", 2}}, json::object()};
    testing::internal::CaptureStderr();
    auto r = importJson(b.doc.dump());
    std::string log = testing::internal::GetCapturedStderr();
    ASSERT_TRUE(r) << r.error().message;
    const auto& a = **r;
    EXPECT_EQ(checkInvariants(a), "");
    ASSERT_EQ(a.images.size(), 1u) << "only decodable images are kept";
    EXPECT_EQ(a.textures[0].image, -1);
    EXPECT_EQ(a.textures[1].image, -1);
    EXPECT_EQ(a.textures[2].image, 0);
    EXPECT_EQ(a.textures[3].image, -1);
    EXPECT_NE(log.find("texture 0 loses its source: image 0: not a PNG or JPEG"), std::string::npos) << log;
    EXPECT_NE(log.find("texture 1 loses its source: image 1"), std::string::npos) << log;
    EXPECT_NE(log.find("texture 3 has no source"), std::string::npos) << log;
}

TEST(GltfMaterials, DecodeImagesOffKeepsStructureOnly) {
    GltfBuilder b;
    b.doc["images"] = {{{"uri", pngUri(6, 3)}}};
    b.doc["textures"] = {{{"source", 0}}};
    ImportOptions o;
    o.decodeImages = false;
    auto r = importJson(b.doc.dump(), o);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ((*r)->images.size(), 1u);
    EXPECT_EQ((*r)->images[0].width, 6u);
    EXPECT_EQ((*r)->images[0].height, 3u);
    EXPECT_TRUE((*r)->images[0].rgba8.empty());
    EXPECT_EQ((*r)->textures[0].image, 0);
}

TEST(GltfMaterials, TexCoordAboveOneIsDroppedWithWarning) {
    GltfBuilder b;
    b.doc["images"] = {{{"uri", pngUri(2, 2)}}};
    b.doc["textures"] = {{{"source", 0}}};
    b.doc["materials"] = {{{"emissiveTexture", {{"index", 0}, {"texCoord", 2}}}}};
    testing::internal::CaptureStderr();
    auto r = importJson(b.doc.dump());
    std::string log = testing::internal::GetCapturedStderr();
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_FALSE((*r)->materials[0].emissiveTexture.valid());
    EXPECT_NE(log.find("TEXCOORD_2 is not supported"), std::string::npos) << log;
}

} // namespace
} // namespace tv::gltf::test
