// Frame-time ring and statistics (see frame_time_history.h).
#include "interact/frame_time_history.h"

#include "core/assert.h"

#include <algorithm>
#include <cmath>

namespace tv::interact {

FrameTimeHistory::FrameTimeHistory(size_t capacity) : m_ring(capacity) {
    TV_ASSERT(capacity > 0, "frame time history needs room for at least one sample");
    m_scratch.reserve(capacity);
}

void FrameTimeHistory::push(float cpuMs, float gpuMs) {
    m_ring[m_next] = FrameTimeSample{cpuMs, gpuMs};
    m_next = (m_next + 1) % m_ring.size();
    m_count = std::min(m_count + 1, m_ring.size());
}

void FrameTimeHistory::clear() {
    m_next = 0;
    m_count = 0;
}

const FrameTimeSample& FrameTimeHistory::at(size_t i) const {
    TV_ASSERT(i < m_count, "frame time sample index out of range");
    size_t oldest = (m_next + m_ring.size() - m_count) % m_ring.size();
    return m_ring[(oldest + i) % m_ring.size()];
}

void FrameTimeHistory::copyCpu(std::vector<float>& out) const {
    out.clear();
    for (size_t i = 0; i < m_count; ++i) out.push_back(at(i).cpuMs);
}

void FrameTimeHistory::copyGpu(std::vector<float>& out) const {
    out.clear();
    for (size_t i = 0; i < m_count; ++i) out.push_back(at(i).gpuMs);
}

FrameTimeStats FrameTimeHistory::stats(bool gpu) const {
    m_scratch.clear();
    double sum = 0.0;
    for (size_t i = 0; i < m_count; ++i) {
        float v = gpu ? at(i).gpuMs : at(i).cpuMs;
        if (!std::isfinite(v)) continue;
        m_scratch.push_back(v);
        sum += v;
    }
    FrameTimeStats s;
    s.count = m_scratch.size();
    if (s.count == 0) return s;
    std::sort(m_scratch.begin(), m_scratch.end());
    s.min = m_scratch.front();
    s.max = m_scratch.back();
    s.avg = float(sum / double(s.count));
    size_t rank = size_t(std::ceil(0.99 * double(s.count))); // nearest rank, 1-based
    s.p99 = m_scratch[std::max<size_t>(rank, 1) - 1];
    return s;
}

FrameTimeStats FrameTimeHistory::cpuStats() const { return stats(false); }
FrameTimeStats FrameTimeHistory::gpuStats() const { return stats(true); }

} // namespace tv::interact
