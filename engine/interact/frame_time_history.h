// FrameTimeHistory — a fixed-size ring of recent frame times (CPU and GPU, milliseconds) with min/avg/max/p99 over
// what it holds, for the stats panel's frame-time graph. GPU times may be missing (no timestamp queries, or not yet
// resolved): pass NaN and the GPU statistics skip that frame. Fixed capacity, no allocation after construction.
// Main thread (the frame loop writes, the UI reads, both at frame boundaries).
#pragma once

#include <cstddef>
#include <vector>

namespace tv::interact {

struct FrameTimeSample {
    float cpuMs = 0.0f;
    float gpuMs = 0.0f; // NaN = not measured
};

struct FrameTimeStats {
    size_t count = 0; // samples that contributed
    float min = 0.0f, avg = 0.0f, max = 0.0f;
    float p99 = 0.0f; // nearest-rank 99th percentile: the value 99 % of frames were at or below
};

class FrameTimeHistory {
public:
    explicit FrameTimeHistory(size_t capacity = 240); // 4 s at 60 Hz

    void push(float cpuMs, float gpuMs);
    void clear();

    size_t size() const { return m_count; }
    size_t capacity() const { return m_ring.size(); }
    // i-th sample, oldest first (0 <= i < size()).
    const FrameTimeSample& at(size_t i) const;
    // All samples oldest-first into `out` (for ImGui::PlotLines); reuses out's capacity.
    void copyCpu(std::vector<float>& out) const;
    void copyGpu(std::vector<float>& out) const;

    FrameTimeStats cpuStats() const;
    FrameTimeStats gpuStats() const;

private:
    FrameTimeStats stats(bool gpu) const;
    std::vector<FrameTimeSample> m_ring;
    size_t m_next = 0, m_count = 0;
    mutable std::vector<float> m_scratch; // sorted copy for the percentile
};

} // namespace tv::interact
