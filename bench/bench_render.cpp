// bench_render — load time, time to first frame, CPU and GPU frame time (timestamp queries) for a model and for
// the generated 10k-node / 1M-triangle stress scene, each beside an empty-scene frame measured in the same run
// (the baseline: what the renderer costs with nothing to draw on this device).
//
//   bench_render [--model FILE.glb] [--frames N] [--size WxH] [--lighting default|neutral]
//
// Without --model it uses ../shared/gltf-samples/DamagedHelmet when present, else the bundled demo plant.
#include "gfx/renderer.h"
#include "gltf/gltf_import.h"
#include "scene/frame_extract.h"
#include "scene/scene_generators.h"
#include "scene/scene_graph.h"
#include "scene/view_camera.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

using namespace tv;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

struct Series {
    std::vector<double> v;
    double mean() const {
        double s = 0;
        for (double x : v) s += x;
        return v.empty() ? 0 : s / double(v.size());
    }
    double pct(double p) const {
        if (v.empty()) return 0;
        auto c = v;
        std::sort(c.begin(), c.end());
        return c[std::min(c.size() - 1, size_t(p * double(c.size() - 1) + 0.5))];
    }
};

struct SceneResult {
    std::string name;
    double loadMs = 0, firstFrameMs = 0;
    Series cpu, gpu, wall;
    uint32_t draws = 0;
    uint64_t triangles = 0;
    size_t nodes = 0;
};

SceneResult measure(gfx::Renderer& r, const std::string& name, const scene::AssetPtr& asset, double loadMs,
                    uint32_t frames, uint32_t w, uint32_t h) {
    SceneResult res;
    res.name = name;
    res.loadMs = loadMs;
    scene::SceneGraph graph;
    scene::FrameExtract extract;
    if (asset) {
        auto inst = graph.instantiate(asset, -1, {}, name);
        if (!inst) {
            std::fprintf(stderr, "error: %s: %s\n", name.c_str(), inst.error().message.c_str());
            std::exit(1);
        }
    }
    graph.updateWorldTransforms();
    scene::extractFrame(graph, extract);
    res.nodes = graph.nodeCount();
    Aabb b = extract.bounds.empty() ? Aabb{vec3(-1), vec3(1)} : extract.bounds;
    scene::ViewCamera cam = scene::frameBounds(b, glm::radians(45.0f), float(w) / float(h));
    for (uint32_t i = 0; i <= frames; ++i) {
        auto t = Clock::now();
        auto img = r.renderToImage(extract, cam, w, h);
        double wall = msSince(t);
        if (!img) {
            std::fprintf(stderr, "error: render: %s\n", img.error().message.c_str());
            std::exit(1);
        }
        if (i == 0) {
            res.firstFrameMs = wall;
            continue;
        } // first frame includes uploads: reported apart
        const auto& st = r.lastFrameStats();
        res.cpu.v.push_back(st.cpuMs);
        res.gpu.v.push_back(st.gpuMs);
        res.wall.v.push_back(wall);
        res.draws = st.drawCalls;
        res.triangles = st.triangles;
    }
    return res;
}

void print(const SceneResult& s, const SceneResult& base) {
    std::printf("%-22s load %8.1f ms  first frame %8.1f ms  cpu %7.2f ms (p99 %7.2f)  gpu %7.2f ms (p99 %7.2f, "
                "x%.1f empty)  wall %7.2f ms  %5u draws  %9llu tris  %6zu nodes\n",
                s.name.c_str(), s.loadMs, s.firstFrameMs, s.cpu.mean(), s.cpu.pct(0.99), s.gpu.mean(), s.gpu.pct(0.99),
                base.gpu.mean() > 0 ? s.gpu.mean() / base.gpu.mean() : 0.0, s.wall.mean(), s.draws,
                static_cast<unsigned long long>(s.triangles), s.nodes);
}

} // namespace

int main(int argc, char** argv) {
    std::string model, lighting = "default";
    uint32_t frames = 20, w = 1280, h = 720;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "error: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--model")
            model = next();
        else if (a == "--frames")
            frames = uint32_t(std::max(1, std::atoi(next().c_str())));
        else if (a == "--size") {
            std::string s = next();
            if (std::sscanf(s.c_str(), "%ux%u", &w, &h) != 2 || !w || !h) {
                std::fprintf(stderr, "error: --size WxH\n");
                return 2;
            }
        } else if (a == "--lighting")
            lighting = next();
        else {
            std::fprintf(stderr,
                         "usage: bench_render [--model FILE] [--frames N] [--size WxH] [--lighting default|neutral]\n");
            return 2;
        }
    }
    if (model.empty()) {
        std::filesystem::path helmet =
            std::filesystem::path(TV_SOURCE_DIR) / "../shared/gltf-samples/DamagedHelmet/glTF-Binary/DamagedHelmet.glb";
        if (std::filesystem::exists(helmet)) model = helmet.string();
    }

    auto t0 = Clock::now();
    gfx::RendererConfig config;
    config.lighting = lighting == "neutral" ? gfx::LightingMode::Neutral : gfx::LightingMode::Default;
    auto renderer = gfx::Renderer::create(config);
    if (!renderer) {
        std::fprintf(stderr, "error: %s\n", renderer.error().message.c_str());
        return 1;
    }
    double initMs = msSince(t0);
    std::printf("bench_render: device %s, %ux%u, %u frames each, %s lighting; renderer start-up %.1f ms\n",
                (*renderer)->deviceName().c_str(), w, h, frames, lighting.c_str(), initMs);

    SceneResult empty = measure(**renderer, "empty (baseline)", nullptr, 0.0, frames, w, h);
    print(empty, empty);

    scene::AssetPtr asset;
    std::string name = "demo plant";
    auto tl = Clock::now();
    if (!model.empty()) {
        auto a = gltf::importGltf(model);
        if (!a) {
            std::fprintf(stderr, "error: %s: %s\n", model.c_str(), a.error().message.c_str());
            return 1;
        }
        asset = *a;
        name = std::filesystem::path(model).stem().string();
    } else {
        asset = scene::makeDemoPlant();
    }
    print(measure(**renderer, name, asset, msSince(tl), frames, w, h), empty);

    tl = Clock::now();
    auto stress = scene::makeStressScene(10000, 1000000, 1);
    print(measure(**renderer, "stress 10k/1M", stress, msSince(tl), frames, w, h), empty);
    return 0;
}
