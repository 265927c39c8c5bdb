// Frame time ring: wrap-around order and min/avg/max/p99, with missing GPU samples.
#include "interact/frame_time_history.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tv::interact {
namespace {

TEST(FrameTimeHistory, EmptyHasZeroStats) {
    FrameTimeHistory h(8);
    EXPECT_EQ(h.size(), 0u);
    EXPECT_EQ(h.cpuStats().count, 0u);
    EXPECT_EQ(h.cpuStats().max, 0.0f);
}

TEST(FrameTimeHistory, RingKeepsNewestInOrder) {
    FrameTimeHistory h(4);
    for (int i = 1; i <= 6; ++i) h.push(float(i), float(10 * i));
    EXPECT_EQ(h.size(), 4u);
    EXPECT_EQ(h.capacity(), 4u);
    std::vector<float> cpu, gpu;
    h.copyCpu(cpu);
    h.copyGpu(gpu);
    EXPECT_EQ(cpu, (std::vector<float>{3, 4, 5, 6}));
    EXPECT_EQ(gpu, (std::vector<float>{30, 40, 50, 60}));
    EXPECT_EQ(h.at(0).cpuMs, 3.0f);
    FrameTimeStats s = h.cpuStats();
    EXPECT_EQ(s.count, 4u);
    EXPECT_EQ(s.min, 3.0f);
    EXPECT_EQ(s.max, 6.0f);
    EXPECT_FLOAT_EQ(s.avg, 4.5f);
    EXPECT_EQ(s.p99, 6.0f);
    h.clear();
    EXPECT_EQ(h.size(), 0u);
}

TEST(FrameTimeHistory, P99IsNearestRank) {
    FrameTimeHistory h(200);
    // 200 frames: 1..200 ms shuffled by a stride; p99 = the 198th smallest = 198.
    for (int i = 0; i < 200; ++i) h.push(float((i * 37) % 200 + 1), 0.0f);
    FrameTimeStats s = h.cpuStats();
    EXPECT_EQ(s.p99, 198.0f);
    EXPECT_EQ(s.min, 1.0f);
    EXPECT_EQ(s.max, 200.0f);
    EXPECT_FLOAT_EQ(s.avg, 100.5f);
    // One spike among steady frames shows in max and (with 100 samples) in p99 only if above 1 %.
    FrameTimeHistory g(100);
    for (int i = 0; i < 99; ++i) g.push(16.0f, 0.0f);
    g.push(100.0f, 0.0f);
    EXPECT_EQ(g.cpuStats().max, 100.0f);
    EXPECT_EQ(g.cpuStats().p99, 16.0f);
    g.push(100.0f, 0.0f); // two spikes in 100 frames: above the 99th percentile
    EXPECT_EQ(g.cpuStats().p99, 100.0f);
}

TEST(FrameTimeHistory, MissingGpuSamplesAreSkipped) {
    FrameTimeHistory h(10);
    float nan = std::numeric_limits<float>::quiet_NaN();
    h.push(10.0f, nan);
    h.push(12.0f, 4.0f);
    h.push(14.0f, nan);
    h.push(16.0f, 6.0f);
    FrameTimeStats g = h.gpuStats();
    EXPECT_EQ(g.count, 2u);
    EXPECT_EQ(g.min, 4.0f);
    EXPECT_EQ(g.max, 6.0f);
    EXPECT_FLOAT_EQ(g.avg, 5.0f);
    EXPECT_EQ(h.cpuStats().count, 4u);
}

} // namespace
} // namespace tv::interact
