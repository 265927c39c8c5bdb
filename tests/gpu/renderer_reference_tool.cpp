// tv_renderer_reference — development tool of the renderer: renders every sample model (or those named on the
// command line) with the neutral rig and prints silhouette IoU and interior PSNR against the Khronos reference.
// Writes <out>/<Model>.png and <Model>-diff.png. Not a test (the lead's tv_test_goldens is the gate).
#include "gfx/renderer.h"
#include "gltf/gltf_import.h"
#include "image/image_compare.h"
#include "image/png_io.h"
#include "scene/frame_extract.h"
#include "scene/scene_graph.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace tv;

int main(int argc, char** argv) {
    fs::path shared = fs::path(TV_SOURCE_DIR) / ".." / "shared";
    fs::path out = argc > 1 ? fs::path(argv[1]) : fs::path("/tmp/refout");
    fs::create_directories(out);
    std::vector<std::string> only(argv + std::min(argc, 2), argv + argc);
    gfx::RendererConfig cfg;
    cfg.validation = true;
    cfg.lighting = gfx::LightingMode::Neutral;
    auto r = gfx::Renderer::create(cfg);
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().message.c_str());
        return 1;
    }
    double sum = 0;
    int n = 0;
    for (const auto& e : fs::directory_iterator(shared / "gltf-reference")) {
        if (e.path().extension() != ".json") continue;
        std::string name = e.path().stem().string();
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) continue;
        std::ifstream in(e.path());
        auto j = nlohmann::json::parse(in);
        std::string model = j["model"];
        fs::path file = shared / "gltf-samples" / fs::u8path(model.substr(model.find("gltf-samples/") + 13));
        auto asset = gltf::importGltf(file);
        if (!asset) {
            std::printf("%-28s import failed: %s\n", name.c_str(), asset.error().message.c_str());
            continue;
        }
        scene::ViewCamera cam;
        auto v3 = [](const nlohmann::json& a) { return vec3(a[0].get<float>(), a[1].get<float>(), a[2].get<float>()); };
        const auto& c = j["camera"];
        cam.eye = v3(c["eye"]);
        cam.target = v3(c["target"]);
        cam.up = v3(c["up"]);
        cam.yfov = glm::radians(c["yfov_deg"].get<float>());
        cam.znear = c["znear"];
        cam.zfar = c["zfar"];
        scene::SceneGraph graph;
        auto inst = graph.instantiate(*asset, j.value("scene", -1), {}, "model");
        if (!inst) {
            std::printf("%-28s instantiate failed\n", name.c_str());
            continue;
        }
        graph.updateWorldTransforms();
        scene::FrameExtract extract;
        scene::extractFrame(graph, extract);
        uint32_t before = (*r)->validationMessageCount();
        auto img = (*r)->renderToImage(extract, cam, j.value("width", 256u), j.value("height", 256u));
        if (!img) {
            std::printf("%-28s render failed: %s\n", name.c_str(), img.error().message.c_str());
            continue;
        }
        auto ref = image::readPng(shared / "gltf-reference" / (name + ".png"));
        auto cmp = image::compareWithReference(*img, *ref);
        (void)image::writePng(out / (name + ".png"), *img);
        (void)image::writePng(out / (name + "-diff.png"), cmp.diff);
        std::printf("%-28s psnr=%6.2f iou=%.4f interior=%6llu mae=%.2f validation=%u\n", name.c_str(), cmp.interiorPsnr,
                    cmp.silhouetteIoU, (unsigned long long)cmp.interiorPixels, cmp.meanAbsError,
                    (*r)->validationMessageCount() - before);
        if (cmp.interiorPixels > 64) {
            sum += std::min(cmp.interiorPsnr, 60.0);
            ++n;
        }
    }
    std::printf("mean psnr %.2f over %d models\n", n ? sum / n : 0.0, n);
    return 0;
}
