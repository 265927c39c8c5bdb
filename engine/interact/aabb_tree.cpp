// AabbTree build: top-down binned SAH (up to 16 bins on each axis, fewer for small nodes), balanced median splits past
// a depth limit so the traversal stack is bounded whatever the input. See aabb_tree.h.
#include "interact/aabb_tree.h"

#include "core/assert.h"

#include <algorithm>
#include <array>

namespace tv::interact {

namespace {

constexpr uint32_t kBins = 16;

float halfArea(const Aabb& b) {
    if (b.empty()) return 0.0f;
    vec3 e = b.extent();
    return e.x * e.y + e.y * e.z + e.z * e.x;
}

} // namespace

struct AabbTree::Builder {
    std::span<const Aabb> boxes;
    std::vector<vec3> centroids;
    std::vector<BvhNode>& nodes;
    std::vector<uint32_t>& items;
    uint32_t maxLeaf;
    uint32_t maxDepth = 0;

    void makeLeaf(uint32_t nodeIndex, uint32_t begin, uint32_t end) {
        nodes[nodeIndex].first = begin;
        nodes[nodeIndex].count = end - begin;
    }

    // Splits [begin, end) at the median centroid along `axis` (always makes two non-empty halves).
    uint32_t medianSplit(uint32_t begin, uint32_t end, int axis) {
        uint32_t mid = begin + (end - begin) / 2;
        std::nth_element(items.begin() + begin, items.begin() + mid, items.begin() + end,
                         [&](uint32_t a, uint32_t b) { return centroids[a][axis] < centroids[b][axis]; });
        return mid;
    }

    void build(uint32_t nodeIndex, uint32_t begin, uint32_t end, uint32_t depth) {
        maxDepth = std::max(maxDepth, depth);
        Aabb box, cbox;
        for (uint32_t i = begin; i < end; ++i) {
            box.extend(boxes[items[i]]);
            cbox.extend(centroids[items[i]]);
        }
        if (box.empty()) box.extend(vec3(0.0f)); // all items empty: a point box nobody's ray will care about
        nodes[nodeIndex].min = box.min;
        nodes[nodeIndex].max = box.max;
        uint32_t n = end - begin;
        if (n <= maxLeaf) return makeLeaf(nodeIndex, begin, end);

        vec3 cext = cbox.extent();
        int longest = cext.x >= cext.y && cext.x >= cext.z ? 0 : (cext.y >= cext.z ? 1 : 2);
        uint32_t mid = begin;
        if (!(cext[longest] > 0.0f)) {
            // Indistinguishable centroids: SAH cannot separate them; halve by index so leaves stay small.
            mid = begin + n / 2;
        } else if (depth >= kSahDepthLimit) {
            mid = medianSplit(begin, end, longest);
        } else {
            mid = sahSplit(begin, end, cbox, box, n);
            if (mid == UINT32_MAX) return makeLeaf(nodeIndex, begin, end);
            if (mid == begin || mid == end) mid = medianSplit(begin, end, longest);
        }

        uint32_t left = uint32_t(nodes.size());
        nodes.emplace_back();
        nodes.emplace_back();
        nodes[nodeIndex].first = left;
        nodes[nodeIndex].count = 0;
        build(left, begin, mid, depth + 1);
        build(left + 1, mid, end, depth + 1);
    }

    // Best binned-SAH partition over the three axes; returns the partition point, or UINT32_MAX when a leaf is
    // cheaper (only allowed for small item counts, so leaves stay bounded).
    uint32_t sahSplit(uint32_t begin, uint32_t end, const Aabb& cbox, const Aabb& box, uint32_t n) {
        float bestCost = std::numeric_limits<float>::max();
        int bestAxis = -1;
        uint32_t bestBin = 0;
        vec3 cext = cbox.extent();
        // Small nodes (most of them, near the leaves) get fewer bins: the sweep's fixed cost would dominate.
        const uint32_t nb = std::clamp<uint32_t>(n, 4, kBins);
        // One pass over the items fills the bins of all three axes (the items are the memory traffic; bins are
        // tiny). Bin boxes are kept as raw min/max so the inner loop is branch-free.
        std::array<std::array<vec3, kBins>, 3> bmin, bmax;
        std::array<std::array<uint32_t, kBins>, 3> bcount;
        for (int axis = 0; axis < 3; ++axis)
            for (uint32_t b = 0; b < nb; ++b) {
                bmin[axis][b] = vec3(std::numeric_limits<float>::max());
                bmax[axis][b] = vec3(-std::numeric_limits<float>::max());
                bcount[axis][b] = 0;
            }
        vec3 scale3(0.0f);
        for (int axis = 0; axis < 3; ++axis) scale3[axis] = cext[axis] > 0.0f ? float(nb) / cext[axis] : 0.0f;
        for (uint32_t i = begin; i < end; ++i) {
            uint32_t item = items[i];
            const Aabb& ib = boxes[item];
            if (ib.empty()) continue;
            vec3 rel = (centroids[item] - cbox.min) * scale3;
            for (int axis = 0; axis < 3; ++axis) {
                uint32_t b = uint32_t(std::clamp(int(rel[axis]), 0, int(nb) - 1));
                bmin[axis][b] = glm::min(bmin[axis][b], ib.min);
                bmax[axis][b] = glm::max(bmax[axis][b], ib.max);
                ++bcount[axis][b];
            }
        }
        for (int axis = 0; axis < 3; ++axis) {
            if (!(cext[axis] > 0.0f)) continue;
            std::array<Aabb, kBins> bins;
            const std::array<uint32_t, kBins>& counts = bcount[axis];
            for (uint32_t b = 0; b < nb; ++b) bins[b] = Aabb{bmin[axis][b], bmax[axis][b]};
            // Sweep: right-side areas from the right, then left-side while scanning split planes.
            std::array<float, kBins> rightArea{};
            std::array<uint32_t, kBins> rightCount{};
            Aabb acc;
            uint32_t cnt = 0;
            for (uint32_t b = nb - 1; b > 0; --b) {
                acc.extend(bins[b]);
                cnt += counts[b];
                rightArea[b] = halfArea(acc);
                rightCount[b] = cnt;
            }
            acc = Aabb{};
            cnt = 0;
            for (uint32_t b = 0; b + 1 < nb; ++b) {
                acc.extend(bins[b]);
                cnt += counts[b];
                if (cnt == 0 || rightCount[b + 1] == 0) continue;
                float cost = halfArea(acc) * float(cnt) + rightArea[b + 1] * float(rightCount[b + 1]);
                if (cost < bestCost) {
                    bestCost = cost;
                    bestAxis = axis;
                    bestBin = b;
                }
            }
        }
        if (bestAxis < 0) return begin; // caller falls back to a median split
        // Leaf cost vs. split cost (traversal step ~ one item test): keep small, unsplittable-for-profit sets.
        float leafCost = halfArea(box) * float(n);
        if (bestCost >= leafCost && n <= 4 * maxLeaf) return UINT32_MAX;
        float scale = float(nb) / cext[bestAxis];
        auto mid = std::partition(items.begin() + begin, items.begin() + end, [&](uint32_t item) {
            int b = int((centroids[item][bestAxis] - cbox.min[bestAxis]) * scale);
            return uint32_t(std::clamp(b, 0, int(nb) - 1)) <= bestBin;
        });
        return uint32_t(mid - items.begin());
    }
};

void AabbTree::build(std::span<const Aabb> boxes, uint32_t maxLeafSize) {
    TV_ASSERT(maxLeafSize >= 1, "AabbTree leaves must hold at least one item");
    clear();
    if (boxes.empty()) return;
    m_items.resize(boxes.size());
    for (uint32_t i = 0; i < m_items.size(); ++i) m_items[i] = i;
    Builder b{boxes, {}, m_nodes, m_items, maxLeafSize};
    b.centroids.resize(boxes.size());
    for (size_t i = 0; i < boxes.size(); ++i) b.centroids[i] = boxes[i].empty() ? vec3(0.0f) : boxes[i].center();
    m_nodes.reserve(2 * boxes.size() / std::max<uint32_t>(1, maxLeafSize / 2) + 1);
    m_nodes.emplace_back();
    b.build(0, 0, uint32_t(boxes.size()), 0);
    m_depth = b.maxDepth;
    TV_ASSERT(m_depth < kMaxDepth, "AabbTree depth exceeds the traversal stack");
}

void AabbTree::clear() {
    m_nodes.clear();
    m_items.clear();
    m_depth = 0;
}

Aabb AabbTree::bounds() const {
    Aabb b;
    if (!m_nodes.empty()) {
        b.min = m_nodes[0].min;
        b.max = m_nodes[0].max;
    }
    return b;
}

} // namespace tv::interact
