// SceneRaycaster: two-level BVH ray casts against a FrameExtract (see scene_raycast.h).
#include "interact/scene_raycast.h"

#include <cmath>

namespace tv::interact {

namespace {

// Matrices whose determinant is this small squash a mesh flat (scale 0 animations, "hidden by scale"); their
// inverse is garbage, and a flat mesh has nothing to hit anyway.
constexpr float kMinAbsDeterminant = 1e-18f;

template <class Fn>
void forEachPlacement(const scene::FrameExtract& extract, const scene::DrawInstance& d, Fn&& fn) {
    if (d.instanceCount == 0) {
        fn(0u, d.world);
        return;
    }
    for (uint32_t i = 0; i < d.instanceCount; ++i) fn(i, extract.instanceMatrices[d.instanceOffset + i]);
}

bool castable(const scene::DrawInstance& d) { return d.asset && d.mesh >= 0 && d.jointCount == 0; }

// World-space hit record from a mesh-space hit on a placement.
RayHit makeHit(const Ray& ray, const MeshHit& h, const mat4& toWorld, bool mirrored) {
    RayHit hit;
    hit.distance = h.t;
    hit.position = ray.at(h.t);
    vec3 a = vec3(toWorld * vec4(h.a, 1.0f));
    vec3 b = vec3(toWorld * vec4(h.b, 1.0f));
    vec3 c = vec3(toWorld * vec4(h.c, 1.0f));
    vec3 n = glm::cross(b - a, c - a);
    if (mirrored) n = -n;
    float len = glm::length(n);
    n = len > 0.0f ? n / len : vec3(0.0f, 1.0f, 0.0f);
    hit.frontFace = glm::dot(n, ray.direction) <= 0.0f;
    hit.normal = hit.frontFace ? n : -n;
    hit.triangle = h.triangle;
    return hit;
}

} // namespace

SceneRaycaster::SceneRaycaster(MeshBvhCache* cache) : m_cache(cache ? cache : &m_ownCache) {}

void SceneRaycaster::clear() {
    m_targets.clear();
    m_bvhs.clear();
    m_tree.clear();
}

void SceneRaycaster::build(const scene::FrameExtract& extract) {
    clear();
    std::vector<Target> targets;
    std::vector<Aabb> boxes;
    targets.reserve(extract.draws.size());
    boxes.reserve(extract.draws.size());
    for (uint32_t di = 0; di < extract.draws.size(); ++di) {
        const scene::DrawInstance& d = extract.draws[di];
        if (!castable(d)) continue;
        const scene::Mesh& mesh = d.asset->meshes[size_t(d.mesh)];
        for (uint32_t p = 0; p < mesh.primitives.size(); ++p) {
            if (mesh.primitives[p].topology != scene::Topology::Triangles || mesh.primitives[p].indices.empty())
                continue;
            std::shared_ptr<const MeshBvh> bvh = m_cache->get(*d.asset, d.mesh, int32_t(p));
            if (bvh->triangleCount() == 0) continue;
            m_bvhs.push_back(bvh);
            forEachPlacement(extract, d, [&](uint32_t instance, const mat4& world) {
                float det = glm::determinant(world);
                if (!(std::abs(det) > kMinAbsDeterminant)) return;
                Target t;
                t.toWorld = world;
                t.toLocal = glm::inverse(world);
                t.bvh = bvh.get();
                t.node = d.node;
                t.draw = di;
                t.instance = instance;
                t.primitive = p;
                t.mirrored = det < 0.0f;
                targets.push_back(t);
                boxes.push_back(transformBox(bvh->bounds(), world));
            });
        }
    }
    // Shared BVHs appear once per draw in m_bvhs; dedupe so the vector stays proportional to distinct meshes.
    std::sort(m_bvhs.begin(), m_bvhs.end());
    m_bvhs.erase(std::unique(m_bvhs.begin(), m_bvhs.end()), m_bvhs.end());

    // One target per leaf: a target test is a matrix transform plus a BVH walk, so pruning precisely pays.
    m_tree.build(boxes, 1);
    m_targets.resize(targets.size());
    const auto& order = m_tree.items();
    for (size_t k = 0; k < order.size(); ++k) m_targets[k] = targets[order[k]];
}

std::optional<RayHit> SceneRaycaster::cast(const Ray& ray, const RaycastOptions& options) const {
    std::optional<RayHit> best;
    float tMax = options.maxDistance;
    vec3 invDir = safeInverse(ray.direction);
    m_tree.traverse(ray.origin, invDir, tMax, [&](uint32_t first, uint32_t count, float& limit) {
        for (uint32_t k = first; k < first + count; ++k) {
            const Target& t = m_targets[k];
            if (options.accept && !options.accept(t.node)) continue;
            // An affine map keeps the ray parameter: local(o + t d) = L o + t (L d), so the mesh t is world t.
            Ray local{vec3(t.toLocal * vec4(ray.origin, 1.0f)), vec3(t.toLocal * vec4(ray.direction, 0.0f))};
            auto h = t.bvh->intersect(local, limit);
            if (!h) continue;
            limit = h->t;
            RayHit hit = makeHit(ray, *h, t.toWorld, t.mirrored);
            hit.node = t.node;
            hit.draw = t.draw;
            hit.instance = t.instance;
            hit.primitive = t.primitive;
            best = hit;
        }
    });
    return best;
}

std::optional<RayHit> raycastBruteForce(const scene::FrameExtract& extract, const Ray& ray,
                                        const RaycastOptions& options) {
    std::optional<RayHit> best;
    float tMax = options.maxDistance;
    for (uint32_t di = 0; di < extract.draws.size(); ++di) {
        const scene::DrawInstance& d = extract.draws[di];
        if (!castable(d)) continue;
        if (options.accept && !options.accept(d.node)) continue;
        const scene::Mesh& mesh = d.asset->meshes[size_t(d.mesh)];
        forEachPlacement(extract, d, [&](uint32_t instance, const mat4& world) {
            float det = glm::determinant(world);
            if (!(std::abs(det) > kMinAbsDeterminant)) return;
            mat4 toLocal = glm::inverse(world);
            Ray local{vec3(toLocal * vec4(ray.origin, 1.0f)), vec3(toLocal * vec4(ray.direction, 0.0f))};
            for (uint32_t p = 0; p < mesh.primitives.size(); ++p) {
                auto h = intersectPrimitiveBruteForce(mesh.primitives[p], local, tMax);
                if (!h) continue;
                tMax = h->t;
                RayHit hit = makeHit(ray, *h, world, det < 0.0f);
                hit.node = d.node;
                hit.draw = di;
                hit.instance = instance;
                hit.primitive = p;
                best = hit;
            }
        });
    }
    return best;
}

} // namespace tv::interact
