// HistoryStore: which changes become samples and at what twin time, history surviving a reset, the memory budget
// and its plan, allocation-free steady state, and a throughput check (10,000 keys at 10 Hz) printed, not asserted.
#include "ops/history/history_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

using namespace tv;
using namespace tv::ops;

// Counts heap allocations in this test binary, to check that recording a known key does not allocate. GCC cannot
// see that these replacements pair malloc with free and warns once they are inlined into std::allocator.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
namespace {
std::atomic<uint64_t> g_allocations{0};
}
void* operator new(size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace {

net::FeedChange numberChange(const std::string& entity, const std::string& name, double v, uint64_t sentUs,
                             uint64_t receivedUs = 0) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Property;
    c.entity = entity;
    c.name = name;
    c.property.value.type = net::ValueType::Number;
    c.property.value.number = v;
    c.property.unit.kind = net::UnitKind::Inline;
    c.property.unit.symbol = "bar";
    c.property.sentUs = sentUs;
    c.property.receivedUs = receivedUs;
    return c;
}

} // namespace

TEST(HistoryStore, RecordsNumbersAndBoolsWithTwinTimeAndIgnoresTheRest) {
    HistoryStore store;
    net::FeedDelta d;
    d.sentUs = {5000, 7000};
    d.changes.push_back(numberChange("pump-1", "pressure", 2.5, 1000));
    d.changes.push_back(numberChange("pump-1", "flow", 10.0, 0, 2000)); // no sentUs: receivedUs
    d.changes.push_back(numberChange("pump-1", "speed", 3.0, 0, 0));    // neither: the delta's time (7000)
    net::FeedChange b;
    b.entity = "pump-1";
    b.name = "running";
    b.property.value.type = net::ValueType::Bool;
    b.property.value.boolean = true;
    b.property.sentUs = 1000;
    d.changes.push_back(b);
    net::FeedChange s = b;
    s.name = "mode";
    s.property.value.type = net::ValueType::String;
    s.property.value.text = "auto";
    d.changes.push_back(s);
    net::FeedChange t;
    t.kind = net::FeedChange::Kind::Transform;
    t.entity = "pump-1";
    d.changes.push_back(t);
    store.record(d);

    EXPECT_EQ(store.seriesCount(), 4u);
    EXPECT_EQ(store.ring({"pump-1", "pressure"})->valueAt(1000)->value, 2.5);
    EXPECT_EQ(store.ring({"pump-1", "flow"})->latestUs(), 2000u);
    EXPECT_EQ(store.ring({"pump-1", "speed"})->latestUs(), 7000u);
    EXPECT_EQ(store.ring({"pump-1", "running"})->valueAt(1000)->value, 1.0);
    EXPECT_EQ(store.find({"pump-1", "mode"}), nullptr);
    EXPECT_EQ(store.find({"pump-1", "pressure"})->unit.display(), "bar");
    EXPECT_EQ(store.samplesRecorded(), 4u);
}

TEST(HistoryStore, AResetDeltaDoesNotClearHistory) {
    HistoryStore store;
    net::FeedDelta d;
    d.changes.push_back(numberChange("tank", "level", 1.0, 1000));
    store.record(d);
    net::FeedDelta reset;
    reset.reset = true;
    reset.changes.push_back(numberChange("tank", "level", 4.0, 9000));
    store.record(reset);
    const HistoryRing* r = store.ring({"tank", "level"});
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->size(), 2u);
    EXPECT_EQ(r->valueAt(5000)->value, 1.0);
    EXPECT_EQ(r->valueAt(9000)->value, 4.0);
}

TEST(HistoryStore, CountsOutOfOrderSamples) {
    HistoryStore store;
    EXPECT_TRUE(store.record({"a", "x"}, 100, 1.0));
    EXPECT_FALSE(store.record({"a", "x"}, 50, 2.0));
    EXPECT_EQ(store.samplesDropped(), 1u);
}

TEST(HistoryStore, SharesTheBudgetFairlyAndShrinksRingsWhenKeysGrow) {
    HistoryStore::Options o;
    o.budgetBytes = 8u << 20; // 8 MiB
    o.plannedKeys = 16;
    HistoryStore store(o);
    // 8 MiB / 16 keys / ~17 B = ~30,800 samples.
    EXPECT_GT(store.ringCapacity(), 25000u);
    EXPECT_LE(store.ringCapacity(), HistoryStore::kMaxCapacity);
    for (int i = 0; i < 16; ++i) {
        for (uint64_t t = 0; t < 2000; ++t) store.record({"e" + std::to_string(i), "v"}, t, double(t));
    }
    const size_t before = store.ringCapacity();
    EXPECT_EQ(store.resizes(), 0u);
    EXPECT_LE(store.memoryBytes(), o.budgetBytes + (64u << 10));
    // 200 more keys: the plan doubles to 256, every ring gets the same smaller share and the budget holds.
    for (int i = 16; i < 216; ++i) store.record({"e" + std::to_string(i), "v"}, 0, 1.0);
    EXPECT_EQ(store.plannedKeys(), 256u);
    EXPECT_LT(store.ringCapacity(), before);
    EXPECT_EQ(store.ring({"e0", "v"})->capacity(), store.ringCapacity());
    EXPECT_EQ(store.ring({"e215", "v"})->capacity(), store.ringCapacity());
    EXPECT_GE(store.resizes(), 1u);
    EXPECT_LE(store.memoryBytes(), o.budgetBytes + (256u << 10));
    // The newest samples survive the shrink (capacity ~1,900 < 2,000 held).
    const HistoryRing* r0 = store.ring({"e0", "v"});
    EXPECT_EQ(r0->latestUs(), 1999u);
    EXPECT_EQ(r0->size(), std::min<size_t>(2000, r0->capacity()));
    // Past what the budget can give, rings keep the 256-sample floor.
    store.setBudgetBytes(64u << 10);
    EXPECT_EQ(store.ringCapacity(), HistoryStore::kMinCapacity);
    EXPECT_EQ(r0 = store.ring({"e0", "v"}), r0);
    EXPECT_EQ(store.ring({"e0", "v"})->size(), 256u);
    EXPECT_EQ(store.ring({"e0", "v"})->latestUs(), 1999u);
}

TEST(HistoryStore, RecordingKnownKeysDoesNotAllocate) {
    HistoryStore store;
    net::FeedDelta d;
    for (int i = 0; i < 100; ++i) d.changes.push_back(numberChange("entity-" + std::to_string(i), "value", i, 1));
    store.record(d); // creates the rings
    for (auto& c : d.changes) c.property.sentUs = 2;
    const uint64_t before = g_allocations.load();
    store.record(d);
    EXPECT_EQ(g_allocations.load(), before);
    EXPECT_EQ(store.samplesRecorded(), 200u);
}

// 10,000 keys changing at 10 Hz arrive as one 10,000-change delta per 100 ms: every sample lands in its own ring
// (what that costs is measured by bench/bench_panels, not asserted here).
TEST(HistoryStore, TenThousandKeysAtTenHertz) {
    HistoryStore store;
    store.reserveKeys(10000);
    net::FeedDelta d;
    for (int i = 0; i < 10000; ++i) {
        d.changes.push_back(numberChange("entity-" + std::to_string(i / 10), "p" + std::to_string(i % 10), i, 1));
    }
    store.record(d);
    const int kFrames = 50;
    for (int f = 0; f < kFrames; ++f) {
        for (auto& c : d.changes) {
            c.property.sentUs = uint64_t(f + 2) * 100000;
            c.property.value.number += 1.0;
        }
        store.record(d);
    }
    EXPECT_EQ(store.seriesCount(), 10000u);
    EXPECT_EQ(store.samplesRecorded(), uint64_t(10000) * (kFrames + 1));
}
