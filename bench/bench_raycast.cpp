// Ray casting benchmarks (engine/interact): what building the BVHs costs and how many rays per second a cast
// against the scene sustains, against brute force.
//   BM_BuildStressCold           mesh BVHs (6 shared meshes) + top level for the stress scene (10k nodes, 1M tris).
//   BM_BuildStressTopLevel       the per-frame rebuild with a warm MeshBvhCache (top level over ~9.9k draws only).
//   BM_BuildMeshBvh/<tris>       one primitive's triangle BVH (a big imported mesh).
//   BM_CastStress                random rays into the stress scene (items/s = rays/s; time per iteration = 1 ray).
//   BM_CastPickingStress         rays from an overview camera through random pixels (the picking workload).
//   BM_CastSmall / BM_BruteForceSmall  the same rays on a small scene (100 nodes, 10k tris): BVH vs every triangle.
#include "interact/scene_raycast.h"
#include "scene/frame_extract.h"
#include "scene/mesh_builder.h"
#include "scene/scene_generators.h"
#include "scene/scene_graph.h"

#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>

namespace tv::interact {
namespace {

struct World {
    scene::SceneGraph graph;
    scene::FrameExtract extract;
    MeshBvhCache cache;
    SceneRaycaster raycaster{&cache};
    std::vector<Ray> rays;
};

// Rays from a band above the scene towards random points in its bounds: most hit something, some miss.
std::vector<Ray> makeRays(const Aabb& b, size_t count, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    std::vector<Ray> rays;
    vec3 e = b.extent();
    for (size_t i = 0; i < count; ++i) {
        vec3 from = b.min + vec3(u(rng) * e.x, e.y + 5.0f + u(rng) * 20.0f, u(rng) * e.z);
        vec3 to = b.min + vec3(u(rng) * e.x, u(rng) * e.y, u(rng) * e.z);
        rays.push_back(Ray{from, glm::normalize(to - from)});
    }
    return rays;
}

World& world(uint32_t nodes, uint32_t triangles) {
    static std::map<std::pair<uint32_t, uint32_t>, std::unique_ptr<World>> cache;
    auto& slot = cache[{nodes, triangles}];
    if (!slot) {
        slot = std::make_unique<World>();
        auto inst = slot->graph.instantiate(scene::makeStressScene(nodes, triangles, 1), -1, {}, "stress");
        if (!inst) std::abort();
        slot->graph.updateWorldTransforms();
        scene::extractFrame(slot->graph, slot->extract);
        slot->raycaster.build(slot->extract);
        slot->rays = makeRays(slot->extract.bounds, 4096, 7);
    }
    return *slot;
}

void BM_BuildStressCold(benchmark::State& state) {
    World& w = world(10000, 1000000);
    for (auto _ : state) {
        MeshBvhCache cache;
        SceneRaycaster rc(&cache);
        rc.build(w.extract);
        benchmark::DoNotOptimize(rc.targetCount());
    }
    state.counters["draws"] = double(w.extract.draws.size());
}
BENCHMARK(BM_BuildStressCold)->Unit(benchmark::kMillisecond);

void BM_BuildStressTopLevel(benchmark::State& state) {
    World& w = world(10000, 1000000);
    SceneRaycaster rc(&w.cache);
    for (auto _ : state) {
        rc.build(w.extract);
        benchmark::DoNotOptimize(rc.targetCount());
    }
    state.counters["depth"] = double(rc.topLevel().depth());
    state.counters["nodes"] = double(rc.topLevel().nodes().size());
}
BENCHMARK(BM_BuildStressTopLevel)->Unit(benchmark::kMillisecond);

void BM_BuildMeshBvh(benchmark::State& state) {
    // A sphere tessellated to about the requested triangle count.
    uint32_t target = uint32_t(state.range(0));
    uint32_t rings = std::max<uint32_t>(2, uint32_t(std::sqrt(double(target) / 4.0)));
    uint32_t segments = std::max<uint32_t>(3, target / (2 * (rings - 1)));
    scene::Primitive prim = scene::MeshBuilder().sphere(mat4(1.0f), 1.0f, segments, rings).finish();
    for (auto _ : state) {
        MeshBvh bvh(prim);
        benchmark::DoNotOptimize(bvh.triangleCount());
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(prim.indices.size() / 3));
}
BENCHMARK(BM_BuildMeshBvh)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

void castLoop(benchmark::State& state, const SceneRaycaster& rc, const std::vector<Ray>& rays) {
    size_t i = 0, hits = 0;
    for (auto _ : state) {
        auto h = rc.cast(rays[i++ & (rays.size() - 1)]);
        hits += h.has_value();
        benchmark::DoNotOptimize(h);
    }
    state.SetItemsProcessed(int64_t(state.iterations()));
    state.counters["hit_rate"] = double(hits) / double(std::max<int64_t>(1, int64_t(state.iterations())));
}

void BM_CastStress(benchmark::State& state) {
    World& w = world(10000, 1000000);
    castLoop(state, w.raycaster, w.rays);
}
BENCHMARK(BM_CastStress)->Unit(benchmark::kMicrosecond);

void BM_CastPickingStress(benchmark::State& state) {
    World& w = world(10000, 1000000);
    scene::ViewCamera cam = scene::frameBoundsFrom(w.extract.bounds, 0.8f, 16.0f / 9.0f, vec3(1, 1.2f, 1));
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> ux(0.0f, 1920.0f), uy(0.0f, 1080.0f);
    std::vector<Ray> rays;
    for (int i = 0; i < 4096; ++i) rays.push_back(rayFromPixel(cam, vec2(ux(rng), uy(rng)), vec2(1920, 1080)));
    castLoop(state, w.raycaster, rays);
}
BENCHMARK(BM_CastPickingStress)->Unit(benchmark::kMicrosecond);

void BM_CastSmall(benchmark::State& state) {
    World& w = world(100, 10000);
    castLoop(state, w.raycaster, w.rays);
}
BENCHMARK(BM_CastSmall)->Unit(benchmark::kMicrosecond);

void BM_BruteForceSmall(benchmark::State& state) {
    World& w = world(100, 10000);
    size_t i = 0;
    for (auto _ : state) {
        auto h = raycastBruteForce(w.extract, w.rays[i++ & (w.rays.size() - 1)]);
        benchmark::DoNotOptimize(h);
    }
    state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_BruteForceSmall)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace tv::interact

BENCHMARK_MAIN();
