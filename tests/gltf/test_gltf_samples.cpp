// Imports every model listed in the shared sample manifest (manifest.tsv) and checks the Asset invariants and
// the counts manifest.json records; then spot checks of individual samples (tangents, matrices, extensions).
#include "gltf_test_util.h"

#include "gltf/tangents.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace tv::gltf::test {
namespace {

namespace fs = std::filesystem;

struct ManifestRow {
    std::string name;
    std::string mainFile; // relative to gltf-samples/
};

// manifest.tsv: "name<TAB>main_file<TAB>license<TAB>bytes<TAB>features", one header line.
std::vector<ManifestRow> loadTsv(const fs::path& file) {
    std::vector<ManifestRow> rows;
    std::ifstream f(file);
    std::string line;
    bool header = true;
    while (std::getline(f, line)) {
        if (header) {
            header = false;
            continue;
        }
        const size_t tab1 = line.find('\t');
        const size_t tab2 = line.find('\t', tab1 + 1);
        if (tab1 == std::string::npos || tab2 == std::string::npos) continue;
        rows.push_back({line.substr(0, tab1), line.substr(tab1 + 1, tab2 - tab1 - 1)});
    }
    return rows;
}

// The per-model statistics of manifest.json (parsed independently of tinygltf by the manifest's author).
const nlohmann::json* statsFor(const nlohmann::json& manifest, const std::string& name) {
    if (!manifest.is_object() || !manifest.contains("models")) return nullptr;
    for (const auto& m : manifest["models"])
        if (m.value("name", "") == name && m.contains("stats")) return &m["stats"];
    return nullptr;
}

TEST(GltfSamples, EveryManifestModelImports) {
    const fs::path root = sharedDir() / "gltf-samples";
    if (sharedDir().empty() || !fs::exists(root / "manifest.tsv"))
        GTEST_SKIP() << "shared glTF samples not found (set TV_SHARED_DIR to the folder holding gltf-samples/)";
    const std::vector<ManifestRow> rows = loadTsv(root / "manifest.tsv");
    std::ifstream jsonFile(root / "manifest.json");
    const nlohmann::json manifest = nlohmann::json::parse(jsonFile, nullptr, false);
    ASSERT_GE(rows.size(), 39u);
    for (const ManifestRow& row : rows) {
        const fs::path file = root / fs::u8path(row.mainFile);
        SCOPED_TRACE(row.name);
        auto result = importGltf(file);
        ASSERT_TRUE(result) << row.name << ": " << result.error().message;
        const scene::Asset& a = **result;
        EXPECT_EQ(checkInvariants(a), "");
        EXPECT_EQ(a.sourcePath, file.string());
        for (const auto& t : a.textures) EXPECT_GE(t.image, 0) << "every sample texture should decode";
        const nlohmann::json* st = statsFor(manifest, row.name);
        ASSERT_NE(st, nullptr) << "manifest.json lacks " << row.name;
        EXPECT_EQ(a.nodes.size(), (*st)["nodes"].get<size_t>());
        EXPECT_EQ(a.meshes.size(), (*st)["meshes"].get<size_t>());
        EXPECT_EQ(a.materials.size(), (*st)["materials"].get<size_t>());
        EXPECT_EQ(a.textures.size(), (*st)["textures"].get<size_t>());
        EXPECT_EQ(a.images.size(), (*st)["images"].get<size_t>());
        EXPECT_EQ(a.animations.size(), (*st)["animations"].get<size_t>());
        EXPECT_EQ(a.skins.size(), (*st)["skins"].get<size_t>());
        EXPECT_EQ(a.cameras.size(), (*st)["cameras"].get<size_t>());
        EXPECT_EQ(a.scenes.size(), (*st)["scenes"].get<size_t>());
        size_t primitives = 0;
        for (const auto& m : a.meshes) primitives += m.primitives.size();
        EXPECT_EQ(primitives, (*st)["primitives"].get<size_t>());
    }
}

// Loads one sample by its manifest path relative to gltf-samples/, or skips when the samples are absent.
#define LOAD_SAMPLE(var, relative)                                                                                     \
    const fs::path samples_ = sharedDir() / "gltf-samples";                                                            \
    if (sharedDir().empty() || !fs::exists(samples_ / fs::u8path(relative)))                                           \
        GTEST_SKIP() << "shared glTF samples not found (set TV_SHARED_DIR)";                                           \
    auto var##Result = importGltf(samples_ / fs::u8path(relative));                                                    \
    ASSERT_TRUE(var##Result) << var##Result.error().message;                                                           \
    const scene::Asset& var = **var##Result

// Tangents we generate must agree with the ones the asset's author exported (MikkTSpace, with mirrored UVs).
TEST(GltfSamples, GeneratedTangentsMatchExportedOnes) {
    LOAD_SAMPLE(a, "NormalTangentMirrorTest/glTF-Binary/NormalTangentMirrorTest.glb");
    size_t total = 0, direction = 0, handedness = 0, mirrored = 0;
    for (const auto& mesh : a.meshes)
        for (const auto& p : mesh.primitives) {
            ASSERT_FALSE(p.tangents.empty());
            auto generated = generateTangents(p.positions, p.normals, p.texcoords0, p.indices);
            for (size_t i = 0; i < generated.size(); ++i) {
                ++total;
                direction += glm::dot(vec3(generated[i]), glm::normalize(vec3(p.tangents[i]))) > 0.99f;
                handedness += generated[i].w == p.tangents[i].w;
                mirrored += p.tangents[i].w < 0.0f;
            }
        }
    ASSERT_GT(total, 1000u);
    EXPECT_GT(mirrored, 0u) << "the sample is meant to contain mirrored UVs";
    EXPECT_EQ(direction, total);
    EXPECT_EQ(handedness, total);
}

TEST(GltfSamples, NormalTangentTestGetsTangents) {
    LOAD_SAMPLE(a, "NormalTangentTest/glTF-Binary/NormalTangentTest.glb");
    for (const auto& mesh : a.meshes)
        for (const auto& p : mesh.primitives) {
            ASSERT_EQ(p.tangents.size(), p.positions.size());
            for (size_t i = 0; i < p.tangents.size(); ++i) {
                EXPECT_NEAR(glm::length(vec3(p.tangents[i])), 1.0f, 1e-4f);
                EXPECT_NEAR(glm::dot(vec3(p.tangents[i]), glm::normalize(p.normals[i])), 0.0f, 1e-4f);
                EXPECT_TRUE(p.tangents[i].w == 1.0f || p.tangents[i].w == -1.0f);
            }
        }
}

TEST(GltfSamples, BoxMatrixNode) {
    LOAD_SAMPLE(a, "Box/glTF-Binary/Box.glb");
    ASSERT_EQ(a.nodes.size(), 2u);
    EXPECT_TRUE(a.nodes[0].hasMatrix);
    // Box's root matrix is a -90 degree rotation about X (Z-up to Y-up).
    const mat4 back = a.nodes[0].transform.matrix();
    for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r) EXPECT_NEAR(back[c][r], a.nodes[0].matrix[c][r], 1e-6f);
    EXPECT_EQ(a.nodes[1].parent, 0);
    EXPECT_EQ(a.meshes[0].primitives[0].indices.size(), 36u);
    EXPECT_EQ(a.materials[0].name, "Red");
    EXPECT_NEAR(a.materials[0].baseColorFactor.r, 0.8f, 1e-6f);
}

TEST(GltfSamples, MeshPrimitiveModes) {
    LOAD_SAMPLE(a, "MeshPrimitiveModes/glTF/MeshPrimitiveModes.gltf");
    std::vector<scene::Topology> topologies;
    for (const auto& m : a.meshes) topologies.push_back(m.primitives[0].topology);
    using T = scene::Topology;
    EXPECT_EQ(topologies,
              (std::vector<T>{T::Points, T::Lines, T::Lines, T::Lines, T::Triangles, T::Triangles, T::Triangles}));
}

TEST(GltfSamples, SparseAccessorSample) {
    LOAD_SAMPLE(a, "SimpleSparseAccessor/glTF/SimpleSparseAccessor.gltf");
    const auto& p = a.meshes[0].primitives[0];
    // The sparse substitution lifts some vertices to y = 4 (the base grid is at y <= 2).
    EXPECT_NEAR(p.bounds.max.y, 4.0f, 1e-6f);
}

TEST(GltfSamples, InstancingCamerasLightsExtensions) {
    {
        LOAD_SAMPLE(a, "SimpleInstancing/glTF-Binary/SimpleInstancing.glb");
        size_t instances = 0;
        for (const auto& n : a.nodes) instances += n.instances.size();
        EXPECT_EQ(instances, 125u);
    }
    {
        LOAD_SAMPLE(a, "Cameras/glTF/Cameras.gltf");
        ASSERT_EQ(a.cameras.size(), 2u);
        EXPECT_TRUE(a.cameras[0].perspective);
        EXPECT_FALSE(a.cameras[1].perspective);
    }
    {
        LOAD_SAMPLE(a, "LightsPunctualLamp/glTF/LightsPunctualLamp.gltf");
        EXPECT_EQ(a.lights.size(), 5u);
        size_t lit = 0;
        for (const auto& n : a.nodes) lit += n.light >= 0;
        EXPECT_EQ(lit, 5u);
    }
    {
        LOAD_SAMPLE(a, "UnlitTest/glTF-Binary/UnlitTest.glb");
        for (const auto& m : a.materials) EXPECT_TRUE(m.unlit);
    }
    {
        LOAD_SAMPLE(a, "EmissiveStrengthTest/glTF-Binary/EmissiveStrengthTest.glb");
        float maxStrength = 0;
        for (const auto& m : a.materials) maxStrength = std::max(maxStrength, m.emissiveStrength);
        EXPECT_GT(maxStrength, 1.0f);
    }
    {
        LOAD_SAMPLE(a, "TextureTransformTest/glTF/TextureTransformTest.gltf");
        size_t transformed = 0;
        for (const auto& m : a.materials) transformed += m.baseColorTexture.transform.present;
        EXPECT_GT(transformed, 0u);
    }
    {
        LOAD_SAMPLE(a, "AlphaBlendModeTest/glTF-Binary/AlphaBlendModeTest.glb");
        bool mask = false, blend = false;
        for (const auto& m : a.materials) {
            mask = mask || m.alphaMode == scene::AlphaMode::Mask;
            blend = blend || m.alphaMode == scene::AlphaMode::Blend;
        }
        EXPECT_TRUE(mask);
        EXPECT_TRUE(blend);
    }
}

TEST(GltfSamples, UnicodeNames) {
    LOAD_SAMPLE(a, "Unicode❤♻Test/glTF-Binary/Unicode❤♻Test.glb");
    EXPECT_FALSE(a.meshes.empty());
}

} // namespace
} // namespace tv::gltf::test
