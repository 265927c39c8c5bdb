// Annotation pin nodes: diffing, colouring and ray picking; see annotation_pins.h.
#include "session/annotation_pins.h"

#include "core/assert.h"

#include <glm/gtx/quaternion.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace tv::session {

namespace {

vec3 unitNormal(const vec3& n) {
    float len = glm::length(n);
    return len > 1e-6f && std::isfinite(len) ? n / len : vec3(0.0f, 1.0f, 0.0f);
}

// Nearest t >= 0 at which the ray enters the sphere, if it meets it.
std::optional<float> raySphere(const interact::Ray& ray, const vec3& centre, float radius) {
    vec3 oc = ray.origin - centre;
    float b = glm::dot(oc, ray.direction);
    float c = glm::dot(oc, oc) - radius * radius;
    float disc = b * b - c;
    if (disc < 0.0f) return std::nullopt;
    float s = std::sqrt(disc);
    float t = -b - s;
    if (t < 0.0f) t = -b + s; // the origin is inside
    if (t < 0.0f) return std::nullopt;
    return t;
}

// Distance along the ray to its closest approach to the segment [p, q], when that approach is within `radius`.
std::optional<float> raySegment(const interact::Ray& ray, const vec3& p, const vec3& q, float radius) {
    const vec3 d1 = ray.direction, d2 = q - p, r = ray.origin - p;
    float a = glm::dot(d1, d1), e = glm::dot(d2, d2), f = glm::dot(d2, r);
    float c = glm::dot(d1, r), b = glm::dot(d1, d2);
    float denom = a * e - b * b;
    float s = denom > 1e-12f ? std::max((b * f - c * e) / denom, 0.0f) : 0.0f; // along the ray
    float u = e > 1e-12f ? std::clamp((b * s + f) / e, 0.0f, 1.0f) : 0.0f;     // along the segment
    s = std::max((b * u - c) / a, 0.0f);                         // re-project for the clamped segment point...
    if (e > 1e-12f) u = std::clamp((b * s + f) / e, 0.0f, 1.0f); // ...and back, for a ray clamped at its origin
    vec3 gap = (ray.origin + d1 * s) - (p + d2 * u);
    if (glm::dot(gap, gap) > radius * radius) return std::nullopt;
    return s;
}

} // namespace

vec3 pinHeadPosition(const vec3& anchor, const vec3& normal) {
    return anchor + unitNormal(normal) * (scene::kPinHeight - scene::kPinBallRadius);
}
vec3 pinHeadPosition(const net::Annotation& annotation) {
    return pinHeadPosition(annotation.anchor, annotation.normal);
}

AnnotationPins::AnnotationPins(scene::SceneGraph& graph, scene::AvatarMeshes meshes)
    : m_graph(graph), m_meshes(std::move(meshes)) {
    TV_ASSERT(m_meshes.asset != nullptr, "AnnotationPins needs the avatar meshes");
    m_root = m_graph.createNode("session-annotations");
}

AnnotationPins::~AnnotationPins() { m_graph.destroyNode(m_root); }

void AnnotationPins::apply(const Pin& pin, uint64_t id) {
    const bool selected = id == m_selected;
    Transform t;
    t.translation = pin.anchor;
    t.rotation = glm::rotation(vec3(0.0f, 1.0f, 0.0f), pin.normal);
    t.scale = vec3(selected ? kPinSelectedScale : 1.0f);
    m_graph.setLocalTransform(pin.node, t);
    scene::MaterialOverride o;
    vec3 base = pin.resolved ? kPinResolvedColour : kPinOpenColour;
    o.baseColor = vec4(base, 1.0f);
    o.emissive = selected ? kPinSelectedGlow : base * (pin.resolved ? 0.0f : 0.25f);
    m_graph.setMaterialOverride(pin.node, o);
}

PinSyncStats AnnotationPins::sync(std::span<const net::Annotation> annotations) {
    PinSyncStats stats;
    std::set<uint64_t> seen;
    for (const net::Annotation& a : annotations) {
        if (a.id == 0 || !seen.insert(a.id).second) continue; // not stored yet / listed twice
        const vec3 normal = unitNormal(a.normal);
        auto it = m_pins.find(a.id);
        if (it == m_pins.end()) {
            Pin pin{m_graph.createNode("pin:" + std::to_string(a.id), m_root), a.updatedUs, a.anchor, normal,
                    a.resolved};
            scene::MeshRef ref;
            ref.asset = m_meshes.asset;
            ref.mesh = m_meshes.pin;
            m_graph.setMesh(pin.node, std::move(ref));
            apply(pin, a.id);
            m_pins.emplace(a.id, pin);
            ++stats.created;
            continue;
        }
        Pin& pin = it->second;
        if (pin.updatedUs == a.updatedUs && pin.anchor == a.anchor && pin.normal == normal &&
            pin.resolved == a.resolved) {
            ++stats.unchanged;
            continue;
        }
        pin.updatedUs = a.updatedUs;
        pin.anchor = a.anchor;
        pin.normal = normal;
        pin.resolved = a.resolved;
        apply(pin, a.id);
        ++stats.updated;
    }
    for (auto it = m_pins.begin(); it != m_pins.end();) {
        if (seen.count(it->first)) {
            ++it;
            continue;
        }
        m_graph.destroyNode(it->second.node);
        it = m_pins.erase(it);
        ++stats.removed;
    }
    return stats;
}

void AnnotationPins::setSelected(uint64_t id) {
    if (id == m_selected) return;
    uint64_t previous = m_selected;
    m_selected = id;
    for (uint64_t changed : {previous, id}) {
        auto it = m_pins.find(changed);
        if (it != m_pins.end()) apply(it->second, it->first);
    }
}

std::optional<uint64_t> AnnotationPins::pick(const interact::Ray& ray, float maxDistance) const {
    std::optional<uint64_t> best;
    float bestT = maxDistance;
    for (const auto& [id, pin] : m_pins) {
        const float scale = id == m_selected ? kPinSelectedScale : 1.0f;
        const vec3 ball = pin.anchor + pin.normal * ((scene::kPinHeight - scene::kPinBallRadius) * scale);
        std::optional<float> t = raySphere(ray, ball, scene::kPinBallRadius * scale * kPinPickSlack);
        // The stem is thin: twice the slack, so it can be clicked without pixel hunting.
        std::optional<float> stem =
            raySegment(ray, pin.anchor, ball, scene::kPinStemRadius * scale * kPinPickSlack * 2.0f);
        if (stem && (!t || *stem < *t)) t = stem;
        if (t && *t <= bestT) {
            bestT = *t;
            best = id;
        }
    }
    return best;
}

bool AnnotationPins::isPinNode(scene::NodeHandle node) const {
    for (int depth = 0; node && m_graph.isValid(node) && depth < 16; ++depth) {
        if (node == m_root) return true;
        node = m_graph.parent(node);
    }
    return false;
}

scene::NodeHandle AnnotationPins::node(uint64_t id) const {
    auto it = m_pins.find(id);
    return it == m_pins.end() ? scene::NodeHandle{} : it->second.node;
}

} // namespace tv::session
