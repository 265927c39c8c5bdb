#include "app/headless_runner.h"

#include "app/live_twin.h"
#include "app/renderer_setup.h"
#include "app/run_summary.h"
#include "core/log.h"
#include "gfx/renderer.h"
#include "image/png_io.h"

#include <cstdio>
#include <filesystem>

namespace tv::app {

int runHeadless(const Options& options, ViewerScene& scene, LiveTwin* live,
                std::chrono::steady_clock::time_point programStart) {
    auto renderer = gfx::Renderer::create(rendererConfig(options, {}, false));
    if (!renderer) {
        logError("%s", renderer.error().message.c_str());
        return kExitBadInput;
    }
    const uint32_t frames = options.frames.value_or(1);
    const float aspect = float(options.width) / float(options.height);
    const scene::ViewCamera camera = scene.initialCamera(options, aspect);
    constexpr float kFixedStep = 1.0f / 60.0f;

    RunSummary summary;
    summary.scene = scene.displayName();
    summary.mode = "headless";
    summary.device = (*renderer)->deviceName();
    summary.width = options.width;
    summary.height = options.height;
    summary.loadSeconds = scene.loadSeconds();
    summary.validationEnabled = options.validate;

    if (live) {
        // The picture should show the twin's state, not the bare model: wait for the snapshot (bounded).
        if (!live->waitUntilLive(options.waitFeedSeconds))
            logWarn("twin feed not live after %.1f s (%s); rendering what arrived", options.waitFeedSeconds,
                    live->summaryLine().c_str());
        scene.advance(0.0f);
    }

    image::Rgba8Image last;
    double cpuSum = 0.0, gpuSum = 0.0;
    for (uint32_t i = 0; i < frames; ++i) {
        if (i > 0) {
            if (live) live->update(kFixedStep);
            scene.advance(kFixedStep);
        }
        auto img = (*renderer)->renderToImage(scene.extract(), camera, options.width, options.height);
        if (!img) {
            logError("rendering frame %u failed: %s", i, img.error().message.c_str());
            return kExitBadInput;
        }
        if (i == 0)
            summary.firstFrameSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - programStart).count();
        const auto& st = (*renderer)->lastFrameStats();
        cpuSum += st.cpuMs;
        gpuSum += st.gpuMs;
        summary.drawCalls = st.drawCalls;
        summary.triangles = st.triangles;
        last = std::move(*img);
    }
    summary.frames = frames;
    summary.meanCpuMs = cpuSum / frames;
    summary.meanGpuMs = gpuSum / frames;
    summary.nodes = scene.graph().nodeCount();
    if (live) summary.twin = live->summaryLine();

    std::string out = options.screenshot.empty() ? "twinview.png" : options.screenshot;
    if (auto w = image::writePng(out, last); !w) {
        logError("%s", w.error().message.c_str());
        return kExitBadInput;
    }
    std::error_code ec;
    auto absolute = std::filesystem::absolute(std::filesystem::u8path(out), ec);
    summary.screenshot = ec ? out : absolute.string(); // say exactly where the picture went
    (*renderer)->waitIdle();
    summary.validationMessages = (*renderer)->validationMessageCount();
    std::printf("%s\n", formatSummary(summary).c_str());
    std::fflush(stdout);
    if (options.validate && summary.validationMessages > 0) {
        logError("%u validation message(s) reported (see above)", summary.validationMessages);
        return kExitValidation;
    }
    return kExitOk;
}

} // namespace tv::app
