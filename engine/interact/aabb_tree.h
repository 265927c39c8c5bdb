// AabbTree — a bounding volume hierarchy over a set of boxes, built with binned SAH. The one BVH shape used twice
// by ray casting: over the triangles of a primitive (MeshBvh) and over the placed primitives of a frame
// (SceneRaycaster's top level). It owns only nodes and an item permutation; callers keep the items and test them
// in the leaf callback. Build and traversal are single-threaded; a built tree may be traversed by any number of
// threads at once.
#pragma once

#include "core/math.h"
#include "interact/ray.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tv::interact {

// 32 bytes: two nodes per cache line. count == 0: inner node whose children are nodes[first] and nodes[first+1];
// count > 0: leaf holding items()[first, first + count).
struct BvhNode {
    vec3 min{0.0f};
    uint32_t first = 0;
    vec3 max{0.0f};
    uint32_t count = 0;
};

class AabbTree {
public:
    // Largest tree depth the traversal stack supports. The builder switches to balanced median splits past
    // kSahDepthLimit, so depth never exceeds kSahDepthLimit + log2(item count) < kMaxDepth.
    static constexpr uint32_t kMaxDepth = 96;
    static constexpr uint32_t kSahDepthLimit = 48;

    // Builds over `boxes` (one per item, index = item id). Empty boxes are allowed (they are never hit).
    // maxLeafSize >= 1: leaves hold at most this many items unless items are indistinguishable by centroid.
    void build(std::span<const Aabb> boxes, uint32_t maxLeafSize = 4);
    void clear();

    bool empty() const { return m_nodes.empty(); }
    const std::vector<BvhNode>& nodes() const { return m_nodes; }
    // Item ids in leaf order: the leaf [first, first+count) covers items()[first .. first+count).
    const std::vector<uint32_t>& items() const { return m_items; }
    Aabb bounds() const;
    uint32_t depth() const { return m_depth; }

    // Visits leaves whose box the ray enters before `tMax`, nearest box first. leaf(first, count, tMax) tests the
    // leaf's items (positions first..first+count in items() order) and lowers tMax on a hit, which prunes the rest
    // of the walk. `origin`/`invDir` define the ray (invDir = safeInverse(direction)).
    template <class LeafFn>
    void traverse(const vec3& origin, const vec3& invDir, float& tMax, LeafFn&& leaf) const {
        if (m_nodes.empty()) return;
        if (!intersectAabb(origin, invDir, m_nodes[0].min, m_nodes[0].max, tMax)) return;
        uint32_t stack[kMaxDepth + 1];
        uint32_t top = 0;
        uint32_t index = 0;
        for (;;) {
            const BvhNode& node = m_nodes[index];
            if (node.count > 0) {
                leaf(node.first, node.count, tMax);
            } else {
                const BvhNode& a = m_nodes[node.first];
                const BvhNode& b = m_nodes[node.first + 1];
                auto ta = intersectAabb(origin, invDir, a.min, a.max, tMax);
                auto tb = intersectAabb(origin, invDir, b.min, b.max, tMax);
                if (ta && tb) {
                    bool aFirst = *ta <= *tb;
                    stack[top++] = aFirst ? node.first + 1 : node.first;
                    index = aFirst ? node.first : node.first + 1;
                    continue;
                }
                if (ta) {
                    index = node.first;
                    continue;
                }
                if (tb) {
                    index = node.first + 1;
                    continue;
                }
            }
            // Pop, skipping subtrees that a hit found since they were pushed now places beyond tMax.
            bool found = false;
            while (top > 0) {
                index = stack[--top];
                const BvhNode& n = m_nodes[index];
                if (intersectAabb(origin, invDir, n.min, n.max, tMax)) {
                    found = true;
                    break;
                }
            }
            if (!found) return;
        }
    }

private:
    struct Builder;
    std::vector<BvhNode> m_nodes;
    std::vector<uint32_t> m_items;
    uint32_t m_depth = 0;
};

} // namespace tv::interact
