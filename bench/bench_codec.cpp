// Twin-feed codec throughput on the hot path: one Updates frame of 1,000 numeric property updates (the common
// case: sensor values with a unit code), encoded into a reused buffer and decoded + iterated without allocation.
// Reports updates/s (items_per_second) and bytes per update.
#include "net/codec/decoder.h"
#include "net/codec/encoder.h"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using namespace tv::net;

constexpr int kBatch = 1000;

struct Fixture {
    std::vector<std::string> entities;
    std::vector<Update> updates;
    Fixture() {
        for (int i = 0; i < kBatch; ++i)
            entities.push_back("plant/line-" + std::to_string(i / 50) + "/sensor-" + std::to_string(i));
        for (int i = 0; i < kBatch; ++i)
            updates.push_back(PropertyUpdate{entities[size_t(i)], "temperature", 1767225600000000ull + uint64_t(i),
                                             Unit::fromCode(4), Value::makeNumber(20.0 + i * 0.125)});
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

void BM_EncodeBatch(benchmark::State& state) {
    const Fixture& fx = fixture();
    std::vector<uint8_t> frame;
    uint64_t seq = 0;
    for (auto _ : state) {
        auto r = encodeUpdates(FrameInfo{1, 1, ++seq, 0}, fx.updates, frame);
        if (!r) state.SkipWithError(r.error().message.c_str());
        benchmark::DoNotOptimize(frame.data());
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(frame.size()));
    state.counters["bytes_per_update"] = double(frame.size() - kHeaderBytes - 4) / kBatch;
}
BENCHMARK(BM_EncodeBatch);

void BM_DecodeBatch(benchmark::State& state) {
    const Fixture& fx = fixture();
    std::vector<uint8_t> frame;
    if (!encodeUpdates(FrameInfo{1, 1, 1, 0}, fx.updates, frame)) {
        state.SkipWithError("encode failed");
        return;
    }
    for (auto _ : state) {
        auto m = decodeMessage(frame);
        if (!m) {
            state.SkipWithError(m.error().message.c_str());
            break;
        }
        double sum = 0.0;
        std::get<UpdateBatch>(m->body).forEach([&](const Update& u) {
            if (const auto* p = std::get_if<PropertyUpdate>(&u)) sum += p->value.number;
        });
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
    state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(frame.size()));
    state.counters["bytes_per_update"] = double(frame.size() - kHeaderBytes - 4) / kBatch;
}
BENCHMARK(BM_DecodeBatch);

} // namespace

BENCHMARK_MAIN();
