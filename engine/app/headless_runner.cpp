#include "app/headless_runner.h"

#include "app/live_twin.h"
#include "app/renderer_setup.h"
#include "app/session_link.h"
#include "app/run_summary.h"
#include "core/log.h"
#include "gfx/renderer.h"
#include "image/png_io.h"

#include <cstdio>
#include <filesystem>
#include <thread>

namespace tv::app {

namespace {

// Headless in a shared session: join (bounded), then stay --stay seconds as a participant the others can see — the
// fixed camera is this user's head, following the leader or a gather when the session asks for it.
void takePartInSession(const Options& options, SessionLink& link, LiveTwin* live, ViewerScene& scene,
                       scene::ViewCamera& camera) {
    LocalView local;
    local.camera = camera;
    if (!link.waitUntilJoined(options.waitFeedSeconds, local)) logWarn("%s", link.summaryLine().c_str());
    using clock = std::chrono::steady_clock;
    const auto until = clock::now() + std::chrono::duration<double>(options.staySeconds);
    auto last = clock::now();
    while (clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(16));
        const auto now = clock::now();
        const float dt = std::chrono::duration<float>(now - last).count();
        last = now;
        if (live) live->update(dt);
        local.camera = camera;
        link.update(dt, local);
        if (auto move = link.takeCameraMove()) camera = *move;
        if (auto follow = link.followCamera(camera, dt)) camera = *follow;
        scene.advance(dt);
    }
    // The picture shows the others where they are now: let their avatars settle on the newest presence.
    local.camera = camera;
    link.update(0.0, local);
}

} // namespace

int runHeadless(const Options& options, ViewerScene& scene, LiveTwin* live, SessionLink* link,
                std::chrono::steady_clock::time_point programStart) {
    auto renderer = gfx::Renderer::create(rendererConfig(options, {}, false));
    if (!renderer) {
        logError("%s", renderer.error().message.c_str());
        return kExitBadInput;
    }
    const uint32_t frames = options.frames.value_or(1);
    const float aspect = float(options.width) / float(options.height);
    scene::ViewCamera camera = scene.initialCamera(options, aspect);
    constexpr float kFixedStep = 1.0f / 60.0f;

    RunSummary summary;
    summary.scene = scene.displayName();
    summary.mode = "headless";
    summary.device = (*renderer)->deviceName();
    summary.width = options.width;
    summary.height = options.height;
    summary.loadSeconds = scene.loadSeconds();
    summary.validationEnabled = options.validate;

    if (link) takePartInSession(options, *link, live, scene, camera);
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
            if (link) {
                LocalView local;
                local.camera = camera;
                link->update(kFixedStep, local);
            }
            scene.advance(kFixedStep);
        }
        // Other members' avatars and pins may stand outside the plant's bounds, nearer than its nearest corner:
        // fit the depth range to what this frame draws, or the near plane would cut them away.
        if (link) scene::fitDepthRange(camera, scene.extract().bounds);
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
    if (link) summary.twin += (summary.twin.empty() ? "" : "; ") + link->summaryLine();

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
