// bench_panels — the operator panels at the issue's load: 10,000 bound properties (2,500 entities × 4 numeric
// properties with colour-ramp, label and threshold bindings) updating at 10 Hz, while the viewer runs at 60 Hz.
// Prints figures; not a test (nothing here passes or fails).
//
// Every frame runs the viewer's real main-thread path: the feed delta (10,000 changes every 6th frame, empty in
// between) goes through the timeline (TimelineController), the operator data (history rings, KPI board, alarm
// journal: app::OperatorData) and the twin runtime (bindings, labels, thresholds), then the whole Dear ImGui layer
// (ui::drawViewerUi through the null backend, so the UI's CPU cost is measured without a GPU) with:
//   baseline  the viewer before the operator panels: runtime only, alarms panel and plain 3D labels
//   panels    trends (4 pinned series), KPI tiles (4), alarms + journal, timeline and decluttered 3D labels
// Per-frame thread CPU time is reported (p50 / p99 / max over all frames, and over the frames that carry a
// 10,000-change delta), the panels/baseline ratio, a breakdown of the delta frames by stage, and how many frames
// exceed a 90 Hz headset's 11.1 ms budget.
//
// Usage: bench_panels [--frames N] [--entities N]   (defaults: 1,200 frames = 20 s at 60 Hz, 2,500 entities)
#include "app/cli_options.h"
#include "app/operator_data.h"
#include "net/feed/feed_types.h"
#include "ops/timeline/timeline_controller.h"
#include "scene/asset_builder.h"
#include "scene/mesh_builder.h"
#include "scene/scene_graph.h"
#include "twin/scene_file_parser.h"
#include "twin/scene_resolve.h"
#include "twin/twin_runtime.h"
#include "ui/ui_context.h"
#include "ui/viewer_ui.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

using namespace tv;

namespace {

constexpr int kPropertiesPerEntity = 4;
constexpr int kFramesPerUpdate = 6; // 60 Hz frames, 10 Hz feed
constexpr double kFrameSeconds = 1.0 / 60.0;
constexpr double kHeadsetBudgetMs = 1000.0 / 90.0;

double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

// A site of `n` small boxes on a grid, one per entity: nodes "e-0" .. under the root "site".
scene::AssetPtr makeSite(int n) {
    scene::AssetBuilder b;
    int32_t steel = b.material("steel", vec4(0.6f, 0.6f, 0.65f, 1.0f), 0.5f, 0.5f);
    int32_t box = b.mesh("box", {scene::MeshBuilder(steel).box(mat4(1.0f), vec3(0.4f)).finish()});
    int32_t root = b.node("site", -1, {});
    const int side = int(std::ceil(std::sqrt(double(n))));
    for (int i = 0; i < n; ++i)
        b.node("e-" + std::to_string(i), root, scene::at(vec3(float(i % side) * 2.0f, 0.0f, float(i / side) * 2.0f)),
               box);
    return b.finish("generated:site");
}

std::string sceneJson(int n) {
    std::string s = R"({"version": 1, "assets": [{"id": "site", "source": "site.glb"}], "entities": [)";
    for (int i = 0; i < n; ++i) {
        if (i) s += ",";
        s += "{\"id\": \"e-" + std::to_string(i) + "\", \"node\": \"site:/site/e-" + std::to_string(i) +
             "\", \"properties\": {\"p0\": {\"unit\": \"%\", \"min\": 0, \"max\": 100}, \"p1\": {\"unit\": \"degC\"}, "
             "\"p2\": {\"unit\": \"bar\", \"min\": 0, \"max\": 100}, \"p3\": {\"unit\": \"kW\"}}}";
    }
    s += R"(], "bindings": [)";
    for (int i = 0; i < n; ++i) {
        const std::string e = "\"e-" + std::to_string(i) + "\"";
        if (i) s += ",";
        s += "{\"entity\": " + e +
             ", \"property\": \"p0\", \"kind\": \"colorRamp\", \"min\": 0, \"max\": 100, "
             "\"stops\": [[0, [0, 0, 1]], [100, [1, 0, 0]]]},";
        s += "{\"entity\": " + e +
             ", \"property\": \"p1\", \"kind\": \"label\", \"format\": \"{value:.1f} {unit}\", "
             "\"offset\": [0, 1, 0]},";
        s += "{\"entity\": " + e +
             ", \"property\": \"p2\", \"kind\": \"threshold\", \"above\": 99, "
             "\"hysteresis\": 2, \"severity\": \"warning\", \"message\": \"{entity} pressure high\"}";
    }
    s += R"json(], "kpis": [
      {"name": "total p0", "expression": "sum(e-*.p0)", "unit": "%"},
      {"name": "mean p1", "expression": "mean(e-*.p1)", "unit": "degC", "target": 50},
      {"name": "max p2", "expression": "max(e-*.p2)", "unit": "bar", "target": 90, "better": "lower"},
      {"name": "p3 rate", "expression": "rate(e-0.p3, 5)", "unit": "kW/s"}]})json";
    return s;
}

void fillDelta(net::FeedDelta& d, int entities, int update, uint64_t tUs) {
    d.clear();
    d.status.name = "bench";
    d.status.liveness = net::FeedLiveness::Live;
    if (update < 0) return;
    d.sentUs.push_back(tUs);
    d.changes.resize(size_t(entities) * kPropertiesPerEntity);
    size_t k = 0;
    for (int i = 0; i < entities; ++i)
        for (int p = 0; p < kPropertiesPerEntity; ++p, ++k) {
            net::FeedChange& c = d.changes[k];
            c.kind = net::FeedChange::Kind::Property;
            if (c.entity.empty()) {
                c.entity = "e-" + std::to_string(i);
                c.name = "p" + std::to_string(p);
            }
            // Smooth values with a few thresholds crossed now and then (p2 peaks just above 99 on some entities).
            const double phase = double(update) * 0.05 + double(i) * 0.37 + double(p);
            c.property.value.type = net::ValueType::Number;
            c.property.value.number = 50.0 + 49.6 * std::sin(phase) + (p == 2 && i % 97 == 0 ? 1.0 : 0.0);
            c.property.sentUs = tUs;
            c.property.receivedUs = tUs + 500;
        }
}

struct Stats {
    std::vector<double> all, deltaFrames;
    std::string slowFrames; // "#0 40.1 ms, ..." (the first few over the headset budget)
    void add(double ms, bool delta) {
        if (ms > kHeadsetBudgetMs && slowFrames.size() < 120)
            slowFrames +=
                (slowFrames.empty() ? "#" : ", #") + std::to_string(all.size()) + " " + std::to_string(int(ms)) + " ms";
        all.push_back(ms);
        if (delta) deltaFrames.push_back(ms);
    }
};

double pct(std::vector<double> v, double q) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

struct Breakdown {
    double timeline = 0, operators = 0, runtime = 0, ui = 0;
    int frames = 0;
};

struct Rig {
    scene::SceneGraph graph;
    twin::SceneFile file;
    std::unique_ptr<twin::TwinRuntime> runtime;
    std::unique_ptr<app::OperatorData> operators;
    ops::TimelineController timeline;
    interact::SelectionState selection;
    interact::MeasurementTool measurements;
    interact::SectionState sections;
    interact::ViewpointList viewpoints;
    interact::FrameTimeHistory frameTimes;
    ui::ViewerUiState ui;

    explicit Rig(int entities) {
        auto parsed = twin::parseSceneFile(sceneJson(entities), "bench.json");
        if (!parsed) {
            std::fprintf(stderr, "bench_panels: %s\n", parsed.error().message.c_str());
            std::exit(1);
        }
        file = parsed->scene;
        auto inst = graph.instantiate(makeSite(entities), -1, {}, "site");
        twin::InstanceMap instances;
        if (inst) instances["site"] = *inst;
        auto resolved = twin::resolve(file, graph, instances);
        if (!resolved) {
            std::fprintf(stderr, "bench_panels: %s\n", resolved.error().message.c_str());
            std::exit(1);
        }
        runtime = std::make_unique<twin::TwinRuntime>(
            file, *resolved, graph, [](const std::string&) -> Expected<scene::AssetPtr> {
                return makeError(ErrorCode::NotFound, "no spawns in the bench");
            });
        operators = std::make_unique<app::OperatorData>(file, app::Options{});
    }
};

// Runs `frames` frames; `panels` = the operator panels are open (else the baseline viewer).
Stats run(int entities, int frames, bool panels, Breakdown& breakdown) {
    Rig rig(entities);
    ui::UiContext ctx;
    ctx.buildFontAtlasRgba();
    // As the Vulkan backend does: draw lists past 65,536 vertices are split (2,500 labels without declutter are).
    ImGui::GetIO().BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    ui::PanelVisibility& p = rig.ui.panels;
    p.sceneTree = p.inspector = p.stats = p.users = false;
    p.alarms = true;
    p.trends = p.kpis = p.timeline = panels;
    p.compare = false;
    if (panels) {
        for (const char* e : {"e-0", "e-1", "e-2", "e-3"}) rig.ui.trends.pin({e, "p0"});
    } else {
        rig.ui.labels.declutter = false; // the labels as they were drawn before the operator panels
        rig.ui.labels.fade = false;
    }
    const vec2 display(1600.0f, 1000.0f);
    scene::ViewCamera camera;
    const float side = std::ceil(std::sqrt(float(entities))) * 2.0f;
    camera.target = vec3(side * 0.5f, 0.0f, side * 0.5f);
    camera.eye = camera.target + vec3(0.0f, side * 0.6f, side * 0.9f);
    camera.zfar = side * 10.0f;

    Stats stats;
    net::FeedDelta delta;
    const uint64_t t0 = net::wallClockUs();
    for (int f = 0; f < frames; ++f) {
        const uint64_t tUs = t0 + uint64_t(double(f) * kFrameSeconds * 1e6);
        const bool hasUpdate = f % kFramesPerUpdate == 0;
        fillDelta(delta, entities, hasUpdate ? f / kFramesPerUpdate : -1, tUs);
        const double a = threadCpuMs();
        bool apply = true;
        if (panels) apply = rig.timeline.onLiveDelta(0, delta, tUs);
        const double b = threadCpuMs();
        if (panels) rig.operators->observe(delta);
        const double c = threadCpuMs();
        if (apply) rig.runtime->apply(0, delta);
        rig.runtime->update(double(f) * kFrameSeconds);
        const double d = threadCpuMs();
        if (panels) rig.operators->update(*rig.runtime, tUs, double(f) * kFrameSeconds, false);
        const double e = threadCpuMs();

        ui::ViewerUiModel model{rig.graph,    rig.selection,  rig.measurements,
                                rig.sections, rig.viewpoints, rig.frameTimes};
        model.camera = camera;
        model.viewport = display;
        model.twin = rig.runtime.get();
        model.timeSeconds = double(f) * kFrameSeconds;
        if (panels) {
            ui::OperatorView& v = model.operators;
            v.history = &rig.operators->history();
            v.thresholds = rig.operators->trendThresholds();
            v.ranges = rig.operators->trendRanges();
            v.kpis = rig.operators->kpis();
            v.journal = &rig.operators->journal();
            v.twinNowSeconds = double(tUs) / 1e6;
            v.timeline.range = rig.timeline.timeline().range();
            v.timeline.nowUs = tUs;
            v.timeline.markers = rig.timeline.timeline().alarmMarkers();
        }
        ctx.beginFrame(display, float(kFrameSeconds));
        std::vector<ui::UiAction> actions = ui::drawViewerUi(rig.ui, model);
        (void)ctx.endFrame();
        const double g = threadCpuMs();
        stats.add(g - a, hasUpdate);
        if (hasUpdate && f > 0) {
            breakdown.timeline += b - a;
            breakdown.operators += (c - b) + (e - d);
            breakdown.runtime += d - c;
            breakdown.ui += g - e;
            ++breakdown.frames;
        }
    }
    return stats;
}

int overBudget(const std::vector<double>& v) {
    return int(std::count_if(v.begin(), v.end(), [](double ms) { return ms > kHeadsetBudgetMs; }));
}

} // namespace

int main(int argc, char** argv) {
    int frames = 1200, entities = 2500;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--frames")) frames = std::max(60, std::atoi(argv[i + 1]));
        if (!std::strcmp(argv[i], "--entities")) entities = std::max(1, std::atoi(argv[i + 1]));
    }
    const int props = entities * kPropertiesPerEntity;
    std::printf("bench_panels: %d bound properties (%d entities x %d) at 10 Hz, %d frames at 60 Hz, UI through the "
                "ImGui null backend at 1600x1000; thread CPU per frame\n",
                props, entities, kPropertiesPerEntity, frames);
    Breakdown baseBreak, panelBreak;
    Stats base = run(entities, frames, false, baseBreak);
    Stats full = run(entities, frames, true, panelBreak);
    auto row = [](const char* name, const Stats& s) {
        std::printf("  %-9s all frames p50 %6.3f  p99 %6.3f  max %6.3f ms | 10k-change frames p50 %6.3f  max %6.3f ms "
                    "| over 11.1 ms: %d\n",
                    name, pct(s.all, 0.5), pct(s.all, 0.99), pct(s.all, 1.0), pct(s.deltaFrames, 0.5),
                    pct(s.deltaFrames, 1.0), overBudget(s.all));
        if (!s.slowFrames.empty()) std::printf("            frames over 11.1 ms: %s\n", s.slowFrames.c_str());
    };
    row("baseline", base);
    row("panels", full);
    std::printf("  ratio panels/baseline: all frames p50 x%.2f, 10k-change frames p50 x%.2f\n",
                pct(full.all, 0.5) / std::max(1e-9, pct(base.all, 0.5)),
                pct(full.deltaFrames, 0.5) / std::max(1e-9, pct(base.deltaFrames, 0.5)));
    const double n = std::max(1, panelBreak.frames);
    std::printf("  10k-change frame with panels, mean by stage: timeline %.3f ms, history+KPIs+journal %.3f ms, "
                "runtime (bindings, labels, thresholds) %.3f ms, UI %.3f ms\n",
                panelBreak.timeline / n, panelBreak.operators / n, panelBreak.runtime / n, panelBreak.ui / n);
    return 0;
}
