#include "ops/labels/label_layout.h"

#include "core/assert.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace tv::ops {
namespace {

using Rect = LabelLayoutScratch::Rect;

// Sort keys: 2 bits of inverted priority, then the 31 bits of a non-negative float distance (IEEE bit patterns of
// non-negative floats order like the floats), then 31 bits of candidate index. Sorting only the upper 33 bits with
// a stable sort keeps equal keys in index order, so the result is deterministic.
constexpr int kIndexBits = 31;
constexpr uint64_t kIndexMask = (uint64_t(1) << kIndexBits) - 1;
constexpr int kDigitBits = 11; // 3 passes cover the 33 key bits
constexpr size_t kBuckets = size_t(1) << kDigitBits;
// The grid has about one cell per label, but never more than this many per axis (a bounded clear per frame).
constexpr int kMaxCellsPerAxis = 128;
constexpr float kMinCellSize = 8.0f;

uint64_t sortKey(const LabelCandidate& c, uint32_t index) {
    const uint32_t rankBits = 2u - std::min<uint32_t>(uint32_t(c.priority), 2u);
    float d = std::max(c.distance, 0.0f);
    uint32_t bits = std::bit_cast<uint32_t>(d) & 0x7fffffffu;
    uint64_t key = (uint64_t(rankBits) << 31) | bits;
    return (key << kIndexBits) | index;
}

// Stable LSD radix sort of `keys` on bits [kIndexBits, 64); `tmp` is a same-sized buffer. Passes whose digit is
// the same for every key are skipped (common: all labels share a priority).
void radixSortKeys(std::vector<uint64_t>& keys, std::vector<uint64_t>& tmp) {
    const size_t n = keys.size();
    tmp.resize(n);
    std::array<uint32_t, kBuckets> count{};
    for (int shift = kIndexBits; shift < 64; shift += kDigitBits) {
        count.fill(0);
        for (uint64_t k : keys) ++count[(k >> shift) & (kBuckets - 1)];
        if (count[(keys[0] >> shift) & (kBuckets - 1)] == n) continue;
        uint32_t sum = 0;
        for (uint32_t& c : count) {
            uint32_t here = c;
            c = sum;
            sum += here;
        }
        for (uint64_t k : keys) tmp[count[(k >> shift) & (kBuckets - 1)]++] = k;
        keys.swap(tmp);
    }
}

bool overlaps(const Rect& a, const Rect& b) {
    return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

// The uniform grid of placed rectangles over the viewport: each rectangle is recorded in every cell it touches.
// Coordinates outside the viewport clamp to the border cells, which keeps every test exact (the grid only narrows
// the rectangles compared).
class PlacedGrid {
public:
    PlacedGrid(LabelLayoutScratch& s, vec2 viewport, vec2 cellSize) : m_s(s) {
        m_cols = std::clamp(int(std::ceil(viewport.x / cellSize.x)), 1, kMaxCellsPerAxis);
        m_rows = std::clamp(int(std::ceil(viewport.y / cellSize.y)), 1, kMaxCellsPerAxis);
        m_inv = vec2(float(m_cols) / std::max(viewport.x, 1.0f), float(m_rows) / std::max(viewport.y, 1.0f));
        m_maxCol = float(m_cols - 1);
        m_maxRow = float(m_rows - 1);
        m_s.cells.resize(size_t(m_cols) * size_t(m_rows));
        for (LabelLayoutScratch::Cell& c : m_s.cells) {
            c.count = 0;
            c.overflow = -1;
        }
        m_s.overflow.clear();
    }

    // True when no placed rectangle overlaps `r`; otherwise false with the first one found in `blocker`.
    bool free(const Rect& r, Rect& blocker) const {
        int x0, y0, x1, y1;
        cells(r, x0, y0, x1, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const LabelLayoutScratch::Cell& c = m_s.cells[size_t(y * m_cols + x)];
                const uint32_t inline_ = std::min(c.count, LabelLayoutScratch::kCellSlots);
                for (uint32_t k = 0; k < inline_; ++k)
                    if (overlaps(r, c.rects[k])) {
                        blocker = c.rects[k];
                        return false;
                    }
                for (int32_t e = c.overflow; e >= 0; e = m_s.overflow[size_t(e)].next)
                    if (overlaps(r, m_s.overflow[size_t(e)].rect)) {
                        blocker = m_s.overflow[size_t(e)].rect;
                        return false;
                    }
            }
        return true;
    }

    void insert(const Rect& r) {
        int x0, y0, x1, y1;
        cells(r, x0, y0, x1, y1);
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                LabelLayoutScratch::Cell& c = m_s.cells[size_t(y * m_cols + x)];
                if (c.count < LabelLayoutScratch::kCellSlots) {
                    c.rects[c.count] = r;
                } else {
                    m_s.overflow.push_back({r, c.overflow});
                    c.overflow = int32_t(m_s.overflow.size() - 1);
                }
                ++c.count;
            }
    }

private:
    // Clamping before the conversion makes truncation equal floor (the value is >= 0) and keeps it in range;
    // std::floor is a library call without SSE4.1, and this runs several times per label.
    int cellX(float x) const { return int(std::clamp(x * m_inv.x, 0.0f, m_maxCol)); }
    int cellY(float y) const { return int(std::clamp(y * m_inv.y, 0.0f, m_maxRow)); }
    void cells(const Rect& r, int& x0, int& y0, int& x1, int& y1) const {
        x0 = cellX(r.min.x);
        x1 = cellX(r.max.x);
        y0 = cellY(r.min.y);
        y1 = cellY(r.max.y);
    }

    LabelLayoutScratch& m_s;
    int m_cols = 1, m_rows = 1;
    vec2 m_inv{1.0f};
    float m_maxCol = 0.0f, m_maxRow = 0.0f;
};

bool finite(vec2 v) { return std::isfinite(v.x) && std::isfinite(v.y); }

} // namespace

float labelFadeAlpha(float distance, const LabelLayoutOptions& options) {
    if (!(options.fadeEnd > 0.0f)) return 1.0f;
    if (distance >= options.fadeEnd) return 0.0f;
    if (distance <= options.fadeStart || options.fadeStart >= options.fadeEnd) return 1.0f;
    return (options.fadeEnd - distance) / (options.fadeEnd - options.fadeStart);
}

LabelLayoutStats layoutLabels(std::span<const LabelCandidate> candidates, const LabelLayoutOptions& options,
                              std::vector<LabelPlacement>& out, LabelLayoutScratch& scratch) {
    TV_ASSERT(candidates.size() <= kIndexMask, "too many label candidates for the sort key's index bits");
    LabelLayoutStats stats;
    out.resize(candidates.size());
    scratch.keys.clear();

    // 1. Cull (behind the eye, off screen, past the fade end) and compute alpha; collect the survivors' keys.
    const vec2 lo(-options.margin), hi = options.viewport + vec2(options.margin);
    vec2 sizeSum(0.0f);
    for (size_t i = 0; i < candidates.size(); ++i) {
        const LabelCandidate& c = candidates[i];
        LabelPlacement& p = out[i];
        p = LabelPlacement{};
        if (c.behindEye) {
            p.fate = LabelFate::BehindEye;
            ++stats.offScreen;
            continue;
        }
        if (!finite(c.anchor) || !finite(c.textSize) || std::isnan(c.distance) || !(c.anchor.x >= lo.x) ||
            !(c.anchor.y >= lo.y) || !(c.anchor.x <= hi.x) || !(c.anchor.y <= hi.y)) {
            p.fate = LabelFate::OffScreen;
            ++stats.offScreen;
            continue;
        }
        const bool kept = options.keepAlarmed && c.priority == LabelPriority::Alarmed;
        const float alpha = kept ? 1.0f : labelFadeAlpha(c.distance, options);
        if (!(alpha > 0.0f)) {
            p.fate = LabelFate::BeyondFade;
            ++stats.beyondFade;
            continue;
        }
        p.alpha = alpha;
        sizeSum += c.textSize;
        scratch.keys.push_back(sortKey(c, uint32_t(i)));
    }
    if (scratch.keys.empty()) return stats;

    // 2. Priority order: alarmed, focused, normal; nearer first; then input order.
    radixSortKeys(scratch.keys, scratch.keysTmp);

    // 3. Greedy placement.
    const float pad = options.padding, gap = options.anchorGap;
    const vec2 meanSize = sizeSum / float(scratch.keys.size()) + vec2(2.0f * pad);
    PlacedGrid grid(scratch, options.viewport, glm::max(meanSize, vec2(kMinCellSize)));
    uint32_t rank = 0;
    for (uint64_t key : scratch.keys) {
        const size_t i = size_t(key & kIndexMask);
        const LabelCandidate& c = candidates[i];
        LabelPlacement& p = out[i];
        const vec2 size = glm::max(c.textSize, vec2(0.0f)) + vec2(2.0f * pad);
        const vec2 a = c.anchor;
        // Primary: centred just above the anchor. Alternatives, in order: one label height up, one down (over the
        // anchor), one label width to the left and to the right (shifting a wide label sideways by only its height
        // would never clear a neighbour on the same anchor), two heights up. The six slots around one anchor do not
        // overlap each other, so a stack of labels on one spot shows six.
        const Rect primary{vec2(a.x - size.x * 0.5f, a.y - gap - size.y), vec2(a.x + size.x * 0.5f, a.y - gap)};
        Rect chosen = primary;
        bool moved = false;
        // Rectangles that blocked earlier tries: an alternative overlapping one of them is rejected without a grid
        // walk (in crowded areas the same neighbour blocks several tries).
        std::array<Rect, 6> blockers;
        size_t blockerCount = 0;
        if (options.declutter && !grid.free(primary, blockers[blockerCount++])) {
            const vec2 up(0.0f, -size.y), down(0.0f, size.y), left(-size.x, 0.0f), right(size.x, 0.0f);
            const std::array<Rect, 5> alternatives{
                Rect{primary.min + up, primary.max + up},
                Rect{primary.min + down, primary.max + down},
                Rect{primary.min + left, primary.max + left},
                Rect{primary.min + right, primary.max + right},
                Rect{primary.min + 2.0f * up, primary.max + 2.0f * up},
            };
            auto it = std::find_if(alternatives.begin(), alternatives.end(), [&](const Rect& r) {
                for (size_t k = 0; k < blockerCount; ++k)
                    if (overlaps(r, blockers[k])) return false;
                if (grid.free(r, blockers[blockerCount])) return true;
                ++blockerCount;
                return false;
            });
            if (it != alternatives.end()) {
                chosen = *it;
                moved = true;
            } else if (options.keepAlarmed && c.priority == LabelPriority::Alarmed) {
                ++stats.forcedOverlaps; // stays at its primary position, over whatever is there
            } else {
                p.fate = LabelFate::HiddenByDeclutter;
                p.alpha = 0.0f;
                ++stats.hiddenByDeclutter;
                continue;
            }
        }
        if (options.declutter) grid.insert(chosen);
        p.fate = moved ? LabelFate::Moved : LabelFate::Placed;
        p.min = chosen.min;
        p.max = chosen.max;
        p.rank = rank++;
        if (moved) {
            ++stats.moved;
            p.leaderEnd = glm::clamp(a, chosen.min, chosen.max);
            p.leader = p.leaderEnd != a;
        }
        ++stats.visible;
    }
    return stats;
}

LabelLayoutStats layoutLabels(std::span<const LabelCandidate> candidates, const LabelLayoutOptions& options,
                              std::vector<LabelPlacement>& out) {
    thread_local LabelLayoutScratch scratch;
    return layoutLabels(candidates, options, out, scratch);
}

} // namespace tv::ops
