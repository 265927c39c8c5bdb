// bench_stereo: the demo plant at 2 x 640x640, one multiview stereo frame vs two mono frames (one per eye), default
// lighting with shadows. Prints renderer CPU ms (recording + submission, FrameStats::cpuMs) and GPU ms (timestamps)
// per stereo frame for both ways; the ratio is the figure. Frames are read back synchronously in both ways so the
// readback cost cancels out. Usage: bench_stereo [frames] (default 30).
#include "gfx/renderer.h"
#include "scene/frame_extract.h"
#include "scene/scene_generators.h"
#include "scene/scene_graph.h"

#include <cstdio>
#include <algorithm>
#include <cstdlib>

using namespace tv;

int main(int argc, char** argv) {
    const int frames = argc > 1 ? std::max(1, std::atoi(argv[1])) : 30;
    constexpr uint32_t kSize = 640;
    gfx::RendererConfig config;
    config.lighting = gfx::LightingMode::Default;
    auto renderer = gfx::Renderer::create(config);
    if (!renderer) {
        std::printf("no renderer: %s\n", renderer.error().message.c_str());
        return 1;
    }
    gfx::Renderer& r = **renderer;
    scene::SceneGraph graph;
    if (auto inst = graph.instantiate(scene::makeDemoPlant(), -1, {}, "plant"); !inst) {
        std::printf("instantiate: %s\n", inst.error().message.c_str());
        return 1;
    }
    graph.updateWorldTransforms();
    scene::FrameExtract extract;
    scene::extractFrame(graph, extract);
    Aabb bounds = graph.worldBounds();
    scene::ViewCamera camera = scene::frameBoundsFrom(bounds, glm::radians(90.0f), 1.0f, vec3(0.8f, 0.6f, 1.0f));
    scene::fitDepthRange(camera, bounds);
    auto eyes = gfx::stereoEyesAround(camera, 1.0f, 0.064f);
    gfx::StereoOptions options;
    options.znear = camera.znear;
    options.zfar = camera.zfar;

    double stereoCpu = 0, stereoGpu = 0, monoCpu = 0, monoGpu = 0;
    const int warmup = 3;
    for (int f = 0; f < frames + warmup; ++f) {
        auto s = r.renderStereoToImages(extract, eyes, kSize, kSize, options);
        if (!s) {
            std::printf("stereo: %s\n", s.error().message.c_str());
            return 1;
        }
        if (f >= warmup) stereoCpu += r.lastFrameStats().cpuMs, stereoGpu += r.lastFrameStats().gpuMs;
        for (const gfx::StereoEye& eye : eyes) {
            scene::ViewCamera c = camera;
            c.eye = eye.position;
            c.target = eye.position + eye.orientation * vec3(0, 0, -1);
            auto m = r.renderToImage(extract, c, kSize, kSize);
            if (!m) {
                std::printf("mono: %s\n", m.error().message.c_str());
                return 1;
            }
            if (f >= warmup) monoCpu += r.lastFrameStats().cpuMs, monoGpu += r.lastFrameStats().gpuMs;
        }
    }
    std::printf("device: %s, demo plant, 2 x %ux%u, %d frames\n", r.deviceName().c_str(), kSize, kSize, frames);
    // One multiview pass for both eyes, or one per eye on drivers with a multiview bug (engine/gfx/README.md).
    std::printf("stereo (multiview, %u pass%s): cpu %.3f ms  gpu %.3f ms per stereo frame\n", r.stereoPassCount(),
                r.stereoPassCount() == 1 ? "" : "es", stereoCpu / frames, stereoGpu / frames);
    std::printf("mono x2 (2 frames):         cpu %.3f ms  gpu %.3f ms per stereo frame\n", monoCpu / frames,
                monoGpu / frames);
    std::printf("ratio stereo / mono x2:     cpu %.2f  gpu %.2f\n", stereoCpu / monoCpu, stereoGpu / monoGpu);
    return 0;
}
