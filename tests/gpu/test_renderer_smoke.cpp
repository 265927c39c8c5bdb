// tv_renderer_smoke — development tool: renders a scene to a PNG and prints the frame stats.
//   tv_renderer_smoke <box|plant|stress> <neutral|default> [out.png] [frames]
#include "gfx/renderer.h"
#include "image/png_io.h"
#include "scene/frame_extract.h"
#include "scene/scene_generators.h"
#include "scene/scene_graph.h"
#include "test_scene_builders.h"

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    using namespace tv;
    std::string what = argc > 1 ? argv[1] : "box";
    bool defaultLighting = argc > 2 && std::string(argv[2]) == "default";
    std::string out = argc > 3 ? argv[3] : "/tmp/smoke.png";
    int frames = argc > 4 ? std::atoi(argv[4]) : 1;
    gfx::RendererConfig cfg;
    cfg.validation = std::getenv("NOVAL") == nullptr;
    cfg.lighting = defaultLighting ? gfx::LightingMode::Default : gfx::LightingMode::Neutral;
    auto r = gfx::Renderer::create(cfg);
    if (!r) {
        std::printf("create: %s\n", r.error().message.c_str());
        return 1;
    }
    scene::FrameExtract ex;
    scene::SceneGraph graph;
    scene::ViewCamera cam;
    if (what == "box") {
        auto box = test::makeBoxAsset(vec4(0.8f, 0.2f, 0.1f, 1.0f), 0.0f, 0.5f);
        auto floor = test::makeBoxAsset(vec4(0.7f, 0.7f, 0.7f, 1.0f), 0.0f, 0.8f);
        test::addDraw(ex, box, glm::rotate(mat4(1.0f), 0.6f, vec3(0, 1, 0)), 1);
        test::addDraw(ex, floor,
                      glm::translate(mat4(1.0f), vec3(0, -0.6f, 0)) * glm::scale(mat4(1.0f), vec3(4, 0.2f, 4)), 2);
        cam.eye = vec3(1.5f, 1.5f, 3.0f);
        cam.znear = 0.1f;
        cam.zfar = 20.0f;
    } else {
        scene::AssetPtr asset = what == "plant" ? scene::makeDemoPlant() : scene::makeStressScene(10000, 1000000, 1);
        auto inst = graph.instantiate(asset, -1, {}, what);
        if (!inst) {
            std::printf("instantiate: %s\n", inst.error().message.c_str());
            return 1;
        }
        graph.updateWorldTransforms();
        scene::extractFrame(graph, ex);
        Aabb b = graph.worldBounds();
        cam = scene::frameBounds(b, glm::radians(45.0f), 1.0f);
        vec3 c = b.center();
        float d = glm::length(cam.eye - c);
        cam.eye = c + glm::normalize(vec3(0.8f, 0.6f, 1.0f)) * d * 0.9f; // elevated 3/4 view
        scene::fitDepthRange(cam, b);
    }
    for (int i = 0; i < frames; ++i) {
        auto img = (*r)->renderToImage(ex, cam, 512, 512);
        if (!img) {
            std::printf("render: %s\n", img.error().message.c_str());
            return 1;
        }
        if (i == frames - 1) (void)image::writePng(out, *img);
        const gfx::FrameStats& st = (*r)->lastFrameStats();
        std::printf("frame %d: validation=%u draws=%u shadowDraws=%u tris=%llu visible=%u culled=%u instances=%u "
                    "gpu=%.2fms cpu=%.2fms\n",
                    i, (*r)->validationMessageCount(), st.drawCalls, st.shadowDrawCalls,
                    (unsigned long long)st.triangles, st.visibleDraws, st.culledDraws, st.instances, st.gpuMs,
                    st.cpuMs);
    }
    return 0;
}
