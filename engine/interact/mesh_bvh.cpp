// MeshBvh: triangle BVH build and nearest-hit query (see mesh_bvh.h).
#include "interact/mesh_bvh.h"

#include "core/assert.h"

namespace tv::interact {

MeshBvh::MeshBvh(const scene::Primitive& primitive, uint32_t maxLeafSize) {
    if (primitive.topology != scene::Topology::Triangles) return;
    const auto& pos = primitive.positions;
    const auto& idx = primitive.indices;
    size_t triangles = idx.size() / 3;
    std::vector<Aabb> boxes(triangles);
    for (size_t t = 0; t < triangles; ++t) {
        // The importer validated indices; a generated primitive that did not is a bug worth stopping on.
        TV_ASSERT(idx[3 * t] < pos.size() && idx[3 * t + 1] < pos.size() && idx[3 * t + 2] < pos.size(),
                  "primitive index out of range");
        boxes[t].extend(pos[idx[3 * t]]);
        boxes[t].extend(pos[idx[3 * t + 1]]);
        boxes[t].extend(pos[idx[3 * t + 2]]);
    }
    m_tree.build(boxes, maxLeafSize);
    m_corners.resize(triangles * 3);
    m_triangle.resize(triangles);
    const auto& order = m_tree.items();
    for (size_t k = 0; k < order.size(); ++k) {
        uint32_t t = order[k];
        m_triangle[k] = t;
        for (int j = 0; j < 3; ++j) m_corners[3 * k + size_t(j)] = pos[idx[3 * size_t(t) + size_t(j)]];
    }
}

std::optional<MeshHit> MeshBvh::intersect(const Ray& ray, float tMax) const {
    std::optional<MeshHit> best;
    vec3 invDir = safeInverse(ray.direction);
    m_tree.traverse(ray.origin, invDir, tMax, [&](uint32_t first, uint32_t count, float& limit) {
        for (uint32_t k = first; k < first + count; ++k) {
            const vec3* c = &m_corners[3 * size_t(k)];
            if (auto h = intersectTriangle(ray, c[0], c[1], c[2], limit)) {
                limit = h->t;
                best = MeshHit{h->t, m_triangle[k], h->u, h->v, c[0], c[1], c[2]};
            }
        }
    });
    return best;
}

size_t MeshBvh::memoryBytes() const {
    return m_tree.nodes().size() * sizeof(BvhNode) + m_tree.items().size() * sizeof(uint32_t) +
           m_corners.size() * sizeof(vec3) + m_triangle.size() * sizeof(uint32_t);
}

std::optional<MeshHit> intersectPrimitiveBruteForce(const scene::Primitive& primitive, const Ray& ray, float tMax) {
    if (primitive.topology != scene::Topology::Triangles) return std::nullopt;
    std::optional<MeshHit> best;
    const auto& pos = primitive.positions;
    const auto& idx = primitive.indices;
    for (size_t t = 0; t + 2 < idx.size(); t += 3) {
        const vec3 &a = pos[idx[t]], &b = pos[idx[t + 1]], &c = pos[idx[t + 2]];
        if (auto h = intersectTriangle(ray, a, b, c, tMax)) {
            tMax = h->t;
            best = MeshHit{h->t, uint32_t(t / 3), h->u, h->v, a, b, c};
        }
    }
    return best;
}

} // namespace tv::interact
