// Scene benchmarks: what a frame of scene work costs and how it scales.
//   BM_WorldUpdate/<nodes>/<dirty>  setTranslation on `dirty` leaves, then updateWorldTransforms(): cost follows the
//                                   number of edits, not the scene size (compare 10k vs 100k nodes at equal dirty).
//   BM_WorldUpdateAll/<nodes>       the whole scene dirty (one edit on the root), the reference full recompute.
//   BM_ExtractFrame/<nodes>         extractFrame() of the stress scene (10k nodes, 1M triangles).
//   BM_SetTranslation/<nodes>       raw edit throughput (items/s = updates/s the feed can apply).
//   BM_FeedFrame/<updates>          a feed frame: that many edits on a 100k scene plus the world update.
//   BM_InstantiateDestroyPlant      adding and removing a whole glTF instance at run time.
#include "scene/frame_extract.h"
#include "scene/scene_generators.h"
#include "scene/scene_graph.h"

#include <benchmark/benchmark.h>

#include <map>
#include <memory>

namespace tv::scene {
namespace {

// One graph per scene size, built once and shared by the benchmarks that use it.
struct StressGraph {
    SceneGraph graph;
    InstanceHandle instance;
    std::vector<NodeHandle> leaves; // mesh nodes, in asset order
};

StressGraph& stressGraph(uint32_t nodes) {
    static std::map<uint32_t, std::unique_ptr<StressGraph>> cache;
    auto& slot = cache[nodes];
    if (!slot) {
        slot = std::make_unique<StressGraph>();
        AssetPtr asset = makeStressScene(nodes, 1000000, 1);
        slot->instance = *slot->graph.instantiate(asset, -1, {}, "stress");
        for (size_t i = 0; i < asset->nodes.size(); ++i)
            if (asset->nodes[i].mesh >= 0) slot->leaves.push_back(slot->graph.instanceNode(slot->instance, int32_t(i)));
        slot->graph.updateWorldTransforms();
    }
    return *slot;
}

// `count` leaves spread evenly over the scene (so edits do not share cache lines by accident).
std::vector<NodeHandle> spread(const std::vector<NodeHandle>& leaves, size_t count) {
    std::vector<NodeHandle> out;
    count = std::min(count, leaves.size());
    for (size_t i = 0; i < count; ++i) out.push_back(leaves[i * leaves.size() / count]);
    return out;
}

void BM_WorldUpdate(benchmark::State& state) {
    StressGraph& s = stressGraph(uint32_t(state.range(0)));
    std::vector<NodeHandle> dirty = spread(s.leaves, size_t(state.range(1)));
    float t = 0.0f;
    size_t recomputed = 0;
    for (auto _ : state) {
        t += 0.001f;
        for (NodeHandle n : dirty) s.graph.setTranslation(n, vec3(s.graph.localTransform(n).translation.x, t, 0.0f));
        recomputed = s.graph.updateWorldTransforms();
        benchmark::DoNotOptimize(recomputed);
    }
    state.counters["recomputed"] = double(recomputed);
    state.counters["per_edit"] = benchmark::Counter(double(state.iterations()) * double(dirty.size()),
                                                    benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(dirty.size()));
}
BENCHMARK(BM_WorldUpdate)
    ->ArgsProduct({{10000, 100000}, {1, 100, 10000}})
    ->ArgNames({"nodes", "dirty"})
    ->Unit(benchmark::kMicrosecond);

void BM_WorldUpdateAll(benchmark::State& state) {
    StressGraph& s = stressGraph(uint32_t(state.range(0)));
    NodeHandle root = s.graph.instanceRoot(s.instance);
    size_t recomputed = 0;
    for (auto _ : state) {
        s.graph.setTranslation(root, vec3(0.0f));
        recomputed = s.graph.updateWorldTransforms();
        benchmark::DoNotOptimize(recomputed);
    }
    state.counters["recomputed"] = double(recomputed);
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(recomputed));
}
BENCHMARK(BM_WorldUpdateAll)->Arg(10000)->Arg(100000)->ArgName("nodes")->Unit(benchmark::kMicrosecond);

void BM_ExtractFrame(benchmark::State& state) {
    StressGraph& s = stressGraph(uint32_t(state.range(0)));
    FrameExtract fx;
    for (auto _ : state) {
        extractFrame(s.graph, fx);
        benchmark::DoNotOptimize(fx.draws.data());
    }
    state.counters["draws"] = double(fx.draws.size());
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(fx.draws.size()));
}
BENCHMARK(BM_ExtractFrame)->Arg(10000)->ArgName("nodes")->Unit(benchmark::kMicrosecond);

void BM_SetTranslation(benchmark::State& state) {
    StressGraph& s = stressGraph(uint32_t(state.range(0)));
    size_t i = 0;
    float t = 0.0f;
    const size_t n = s.leaves.size();
    for (auto _ : state) {
        // A stride through the leaves: feed updates arrive for scattered nodes, not in memory order.
        NodeHandle h = s.leaves[(i * 7919) % n];
        s.graph.setTranslation(h, vec3(t, 0.0f, 0.0f));
        ++i;
        t += 1e-6f;
        if ((i & 0xffff) == 0) s.graph.updateWorldTransforms(); // keep the dirty list bounded
    }
    s.graph.updateWorldTransforms();
    state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_SetTranslation)->Arg(100000)->ArgName("nodes");

void BM_FeedFrame(benchmark::State& state) {
    StressGraph& s = stressGraph(100000);
    std::vector<NodeHandle> dirty = spread(s.leaves, size_t(state.range(0)));
    float t = 0.0f;
    for (auto _ : state) {
        t += 0.001f;
        for (NodeHandle n : dirty) s.graph.setTranslation(n, vec3(t, 0.0f, 0.0f));
        benchmark::DoNotOptimize(s.graph.updateWorldTransforms());
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(dirty.size()));
}
BENCHMARK(BM_FeedFrame)->Arg(1000)->Arg(20000)->ArgName("updates")->Unit(benchmark::kMicrosecond);

void BM_InstantiateDestroyPlant(benchmark::State& state) {
    AssetPtr plant = makeDemoPlant();
    StressGraph& s = stressGraph(10000); // a populated graph, as at run time
    for (auto _ : state) {
        InstanceHandle h = *s.graph.instantiate(plant, -1, {}, "plant-copy");
        s.graph.updateWorldTransforms();
        s.graph.destroyInstance(h);
    }
    state.counters["nodes"] = double(plant->nodes.size());
}
BENCHMARK(BM_InstantiateDestroyPlant)->Unit(benchmark::kMicrosecond);

} // namespace
} // namespace tv::scene

BENCHMARK_MAIN();
