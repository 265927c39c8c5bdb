#include "reference_suite.h"

#include "scene/frame_extract.h"
#include "scene/scene_graph.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace tv::golden {

fs::path sharedDir() {
    fs::path p;
    if (const char* env = std::getenv("TV_SHARED_DIR"); env && *env)
        p = env;
    else
        p = fs::path(TV_SOURCE_DIR) / ".." / "shared";
    std::error_code ec;
    if (!fs::is_directory(p / "gltf-samples", ec)) return {};
    return fs::weakly_canonical(p, ec);
}

std::vector<SampleModel> sampleModels() {
    std::vector<SampleModel> models;
    fs::path shared = sharedDir();
    if (shared.empty()) return models;
    // Reference sidecars name their model by path; index them by the part after "gltf-samples/".
    std::vector<std::pair<std::string, fs::path>> refs;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(shared / "gltf-reference", ec)) {
        if (e.path().extension() != ".json") continue;
        std::ifstream in(e.path());
        auto j = nlohmann::json::parse(in, nullptr, false);
        if (j.is_discarded() || !j.contains("model")) continue;
        std::string model = j["model"].get<std::string>();
        auto at = model.find("gltf-samples/");
        if (at != std::string::npos) refs.emplace_back(model.substr(at + 13), e.path());
    }
    std::ifstream manifest(shared / "gltf-samples" / "manifest.tsv");
    std::string line;
    std::getline(manifest, line); // header
    while (std::getline(manifest, line)) {
        std::istringstream row(line);
        SampleModel m;
        std::string file;
        if (!std::getline(row, m.name, '\t') || !std::getline(row, file, '\t')) continue;
        m.file = shared / "gltf-samples" / fs::u8path(file);
        for (const auto& [rel, json] : refs)
            if (rel == file) {
                m.referenceJson = json;
                m.referencePng = fs::path(json).replace_extension(".png");
            }
        models.push_back(std::move(m));
    }
    return models;
}

std::optional<ReferenceRig> readReferenceRig(const fs::path& json) {
    std::ifstream in(json);
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("camera")) return std::nullopt;
    const auto& c = j["camera"];
    ReferenceRig rig;
    auto v3 = [](const nlohmann::json& a) { return vec3(a[0].get<float>(), a[1].get<float>(), a[2].get<float>()); };
    rig.camera.eye = v3(c["eye"]);
    rig.camera.target = v3(c["target"]);
    rig.camera.up = v3(c["up"]);
    rig.camera.yfov = glm::radians(c["yfov_deg"].get<float>());
    rig.camera.znear = c["znear"].get<float>();
    rig.camera.zfar = c["zfar"].get<float>();
    rig.width = j.value("width", 256u);
    rig.height = j.value("height", 256u);
    return rig;
}

Expected<image::Rgba8Image> renderAsset(gfx::Renderer& renderer, const scene::AssetPtr& asset,
                                        const scene::ViewCamera& camera, uint32_t width, uint32_t height) {
    scene::SceneGraph graph;
    auto inst = graph.instantiate(asset, -1, {}, "model");
    if (!inst) return inst.error();
    graph.updateWorldTransforms();
    scene::FrameExtract extract;
    scene::extractFrame(graph, extract);
    return renderer.renderToImage(extract, camera, width, height);
}

fs::path testOutputDir(const std::string& sub) {
    fs::path d = fs::path(TV_TEST_OUTPUT_DIR) / sub;
    fs::create_directories(d);
    return d;
}

} // namespace tv::golden
