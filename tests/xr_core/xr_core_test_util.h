// Test helpers for the OpenXR core against the simulated runtime: per-test directories with a script and a report,
// a rig (XrRuntime -> Renderer made through it, validation on -> XrSessionHost) torn down in the documented order,
// a frame driver that renders a scene with Renderer::renderStereo and records the views of every frame, and the
// scenes (the demo plant placed in front of the scripted head; a thin card for parallax). Test-only; one thread.
#pragma once

#include "xr_test_client.h" // testDir(), useSimulatedRuntime(), readReport() from tests/xr_sim

#include "xr/core/xr_math.h"
#include "xr/core/xr_runtime.h"
#include "xr/core/xr_session_host.h"

#include "gfx/renderer.h"
#include "image/png_io.h"
#include "scene/asset_builder.h"
#include "scene/frame_extract.h"
#include "scene/mesh_builder.h"
#include "scene/scene_generators.h"
#include "scene/scene_graph.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

namespace tv::xr::test {

// Per-test directory, script and report: shared with the simulated runtime's own tests (tests/xr_sim).
using xrsim::test::readReport;
using xrsim::test::testDir;
using xrsim::test::useSimulatedRuntime;

// XrRuntime, the Renderer created through it (validation on) and the session host; destroyed host -> renderer ->
// runtime, as xr_session_host.h requires.
struct XrRig {
    std::unique_ptr<XrRuntime> runtime;
    std::unique_ptr<gfx::Renderer> renderer;
    std::unique_ptr<XrSessionHost> host;
    uint32_t validationMessages = 0; // read at teardown

    ~XrRig() { teardown(); }
    void teardown() {
        host.reset();
        if (renderer) validationMessages = renderer->validationMessageCount();
        renderer.reset();
        runtime.reset();
    }
};

inline void makeRuntimeAndRenderer(XrRig& rig, gfx::LightingMode lighting = gfx::LightingMode::Neutral,
                                   const XrRuntimeOptions& runtimeOptions = {}, uint32_t msaaSamples = 4) {
    auto runtime = XrRuntime::create(runtimeOptions);
    ASSERT_TRUE(bool(runtime)) << runtime.error().message;
    rig.runtime = std::move(*runtime);
    gfx::RendererConfig config;
    config.validation = true;
    config.lighting = lighting;
    config.shadowMapSize = 512;
    config.msaaSamples = msaaSamples;
    config.deviceProvider = &rig.runtime->deviceProvider();
    auto renderer = gfx::Renderer::create(config);
    ASSERT_TRUE(bool(renderer)) << renderer.error().message;
    rig.renderer = std::move(*renderer);
}

inline void makeRig(XrRig& rig, const XrSessionOptions& options = {},
                    gfx::LightingMode lighting = gfx::LightingMode::Neutral, uint32_t msaaSamples = 4) {
    ASSERT_NO_FATAL_FAILURE(makeRuntimeAndRenderer(rig, lighting, {}, msaaSamples));
    auto host = XrSessionHost::create(*rig.runtime, *rig.renderer, options);
    ASSERT_TRUE(bool(host)) << host.error().message;
    rig.host = std::move(*host);
}

// A scene graph with its extract. plant(): the demo plant scaled to 6 m, centred 4 m ahead of the default head
// (which stands at (0, 1.7, 0) looking down -Z) and a little below it. card(): a 0.4 x 0.3 m card 1 cm thick facing +Z,
// centred at `centre`.
struct TestScene {
    scene::SceneGraph graph;
    scene::FrameExtract extract;

    static std::unique_ptr<TestScene> plant() {
        auto s = std::make_unique<TestScene>();
        auto inst = s->graph.instantiate(scene::makeDemoPlant(), -1, {}, "plant");
        EXPECT_TRUE(bool(inst));
        s->graph.updateWorldTransforms();
        const Aabb b = s->graph.worldBounds();
        const vec3 e = b.extent();
        const float scale = 6.0f / std::max(e.x, std::max(e.y, e.z));
        Transform t;
        t.scale = vec3(scale);
        t.translation = vec3(0.0f, 1.0f, -4.0f) - b.center() * scale;
        s->graph.setLocalTransform(s->graph.instanceRoot(*inst), t);
        s->finish();
        return s;
    }

    static std::unique_ptr<TestScene> card(const vec3& centre) {
        auto s = std::make_unique<TestScene>();
        scene::AssetBuilder b;
        const int32_t white = b.material("card", vec4(0.9f, 0.9f, 0.9f, 1.0f), 0.0f, 0.6f);
        scene::MeshBuilder mb(white);
        mb.box(mat4(1.0f), vec3(0.2f, 0.15f, 0.005f));
        const int32_t mesh = b.mesh("card", {mb.finish()});
        Transform t;
        t.translation = centre;
        b.node("card", -1, t, mesh);
        auto inst = s->graph.instantiate(b.finish("test-card"), -1, {}, "card");
        EXPECT_TRUE(bool(inst));
        s->finish();
        return s;
    }

    void finish() {
        graph.updateWorldTransforms();
        scene::extractFrame(graph, extract);
    }
};

// Runs the host's loop the way the app does and renders `scene` with renderStereo; remembers the views of every
// rendered frame by frame index (= the runtime's capture index) and the lifecycle history.
struct FrameDriver {
    XrRig& rig;
    const TestScene& scene;
    gfx::StereoOptions stereo;
    std::map<uint64_t, std::array<XrView, 2>> viewsByFrame;
    std::vector<XrSessionState> states;     // every distinct state seen after pollEvents
    std::vector<std::string> events;        // every lifecycle event text
    std::vector<bool> shouldRenderPerFrame; // per begun frame
    int frameErrors = 0;
    std::string lastFrameError;

    FrameDriver(XrRig& r, const TestScene& s) : rig(r), scene(s) {
        stereo.znear = 0.05f;
        stereo.zfar = 100.0f;
    }

    // One loop iteration; returns false once the app should leave (shouldQuit or lost).
    bool step() {
        const XrLifecycle& life = rig.host->pollEvents();
        for (const std::string& e : life.events) events.push_back(e);
        if (states.empty() || states.back() != life.state) states.push_back(life.state);
        if (life.shouldQuit || life.lost) return false;
        if (!life.running) return true;
        auto timing = rig.host->beginFrame();
        if (!timing) {
            ++frameErrors;
            lastFrameError = timing.error().message;
            return true;
        }
        shouldRenderPerFrame.push_back(timing->shouldRender);
        const uint64_t frameIndex = rig.host->stats().frames;
        auto render = [&](const gfx::ExternalStereoTarget& target,
                          const std::array<XrView, 2>& views) -> Expected<DepthRange> {
            viewsByFrame[frameIndex] = views;
            const std::array<gfx::StereoEye, 2> eyes{eyeFromXrView(views[0]), eyeFromXrView(views[1])};
            gfx::StereoOptions options = stereo;
            options.clearAlpha = rig.host->clearAlpha();
            auto r = rig.renderer->renderStereo(scene.extract, eyes, target, options);
            if (!r) return r.error();
            return DepthRange{options.znear, options.zfar};
        };
        if (auto r = rig.host->endFrame(*timing, render); !r) {
            ++frameErrors;
            lastFrameError = r.error().message;
        }
        return true;
    }

    // Steps until `done()` or `maxSteps` iterations.
    template <class Pred>
    bool runUntil(Pred done, int maxSteps) {
        for (int i = 0; i < maxSteps; ++i) {
            if (done()) return true;
            if (!step()) return done();
        }
        return done();
    }

    bool sawEvent(const std::string& text) const {
        return std::find(events.begin(), events.end(), text) != events.end();
    }
};

inline std::string captureName(const std::filesystem::path& dir, uint64_t frame, const char* eye) {
    char name[64];
    std::snprintf(name, sizeof(name), "frame-%06llu-%s.png", static_cast<unsigned long long>(frame), eye);
    return (dir / "captures" / name).string();
}

inline std::string captureJson(const std::filesystem::path& dir, const std::string& frames) {
    return R"("capture": {"dir": ")" + (dir / "captures").string() + R"(", "frames": )" + frames + "}";
}

} // namespace tv::xr::test
