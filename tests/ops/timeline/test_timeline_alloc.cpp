// TwinTimeline at steady state allocates nothing per change: once the memory budget is reached, the buffers of
// dropped segments are reused. Counted by replacing the global operator new in this test binary.
#include "ops/timeline/twin_timeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

namespace {
std::atomic<bool> g_counting{false};
std::atomic<size_t> g_allocations{0};
size_t g_sizes[64]; // the first allocations' sizes, for the failure message
} // namespace

// GCC inlines these replacements and then sees malloc'd memory going to "operator delete"; it is the same
// allocator on both sides here, so the mismatch warning does not apply.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(size_t size) {
    if (g_counting.load(std::memory_order_relaxed)) {
        const size_t n = g_allocations.fetch_add(1, std::memory_order_relaxed);
        if (n < 64) g_sizes[n] = size;
    }
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace tv::ops {
namespace {

TEST(TwinTimelineAlloc, NoAllocationPerChangeOnceTheBudgetIsReached) {
    constexpr uint64_t kT0 = 1'750'000'000'000'000ull, kStep = 100'000;
    TimelineOptions options;
    options.keyframeIntervalUs = 1'000'000; // a keyframe every 10 deltas
    TwinTimeline timeline(options);
    net::FeedDelta d;
    d.changes.resize(2'000);
    for (size_t i = 0; i < d.changes.size(); ++i) {
        d.changes[i].kind = net::FeedChange::Kind::Property;
        d.changes[i].entity = "machine-" + std::to_string(i / 4);
        d.changes[i].name = "sensor-" + std::to_string(i % 4);
    }
    int step = 0;
    auto recordNext = [&] {
        const uint64_t t = kT0 + uint64_t(step) * kStep;
        for (size_t i = 0; i < d.changes.size(); ++i) {
            d.changes[i].property.value.number = double(step * 3 + int(i));
            d.changes[i].property.sentUs = d.changes[i].property.receivedUs = t;
        }
        timeline.record(0, d, t);
        ++step;
    };
    for (int i = 0; i < 60; ++i) recordNext();
    timeline.setMemoryBudget(timeline.bytesUsed() / 2); // from here on, old segments go as new ones come
    for (int i = 0; i < 60; ++i) recordNext();
    const uint64_t earliest = timeline.range().earliestUs;

    g_allocations = 0;
    g_counting = true;
    for (int i = 0; i < 100; ++i) recordNext(); // 200,000 changes, 10 keyframes
    g_counting = false;
    std::string sizes;
    for (size_t i = 0; i < std::min<size_t>(g_allocations.load(), 64); ++i) sizes += std::to_string(g_sizes[i]) + " ";
    EXPECT_LT(g_allocations.load(), 30u) << "allocations while recording 200,000 changes (10 keyframes); sizes: "
                                         << sizes;
    RecordProperty("allocations", std::to_string(g_allocations.load()));
    EXPECT_GT(timeline.range().earliestUs, earliest) << "the range moved: segments were dropped and reused";
}

} // namespace
} // namespace tv::ops
