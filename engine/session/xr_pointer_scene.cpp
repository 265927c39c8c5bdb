// The headset user's own hands, lasers and teleport arc as scene nodes; see xr_pointer_scene.h.
#include "session/xr_pointer_scene.h"

#include "core/assert.h"
#include "session/avatar_scene.h"

#include <glm/gtx/quaternion.hpp>

#include <algorithm>

namespace tv::session {

namespace {

scene::MeshRef meshRef(const scene::AvatarMeshes& meshes, int32_t mesh) {
    scene::MeshRef ref;
    ref.asset = meshes.asset;
    ref.mesh = mesh;
    return ref;
}

scene::MaterialOverride glow(vec3 linear) {
    scene::MaterialOverride m;
    m.baseColor = vec4(linear, 1.0f);
    m.emissive = linear; // lasers and arcs read as light, visible in the darkest corner of a plant
    return m;
}

} // namespace

XrPointerScene::XrPointerScene(scene::SceneGraph& graph, scene::AvatarMeshes meshes, uint32_t colour)
    : m_graph(graph), m_meshes(std::move(meshes)) {
    TV_ASSERT(m_meshes.asset != nullptr, "XrPointerScene needs the avatar meshes");
    m_root = m_graph.createNode("xr-pointers");
    const scene::MaterialOverride own = glow(colourToLinear(colour));
    scene::MaterialOverride handBody;
    handBody.baseColor = vec4(colourToLinear(colour), 1.0f);
    for (int i = 0; i < 2; ++i) {
        const char* side = i == 0 ? "left" : "right";
        m_hands[i] = m_graph.createNode(std::string(side) + "-hand", m_root);
        m_graph.setMesh(m_hands[i], meshRef(m_meshes, m_meshes.hand));
        m_graph.setMaterialOverride(m_hands[i], handBody);
        m_beams[i] = m_graph.createNode(std::string(side) + "-laser", m_root);
        m_graph.setMesh(m_beams[i], meshRef(m_meshes, m_meshes.beam));
        m_graph.setMaterialOverride(m_beams[i], own);
        m_dots[i] = m_graph.createNode(std::string(side) + "-laser-hit", m_root);
        m_graph.setMesh(m_dots[i], meshRef(m_meshes, m_meshes.hitDot));
        m_graph.setMaterialOverride(m_dots[i], own);
    }
    m_valid = glow(vec3(0.1f, 0.8f, 1.0f));
    m_invalid = glow(vec3(1.0f, 0.15f, 0.1f));
    m_arc.reserve(kXrMaxArcSegments);
    for (size_t i = 0; i < kXrMaxArcSegments; ++i) {
        scene::NodeHandle n = m_graph.createNode("teleport-arc", m_root);
        m_graph.setMesh(n, meshRef(m_meshes, m_meshes.beam));
        m_arc.push_back(n);
    }
    m_target = m_graph.createNode("teleport-target", m_root);
    m_graph.setMesh(m_target, meshRef(m_meshes, m_meshes.hitDot));
    m_graph.setMaterialOverride(m_target, m_valid);
    const scene::MaterialOverride selected = glow(vec3(1.0f, 0.45f, 0.05f)); // the desktop outline's orange
    for (scene::NodeHandle& n : m_box) {
        n = m_graph.createNode("selection-box", m_root);
        m_graph.setMesh(n, meshRef(m_meshes, m_meshes.beam));
        m_graph.setMaterialOverride(n, selected);
    }
    hideAll();
}

XrPointerScene::~XrPointerScene() { m_graph.destroyNode(m_root); }

void XrPointerScene::hideAll() {
    for (int i = 0; i < 2; ++i)
        for (scene::NodeHandle n : {m_hands[i], m_beams[i], m_dots[i]}) m_graph.setVisible(n, false);
    for (scene::NodeHandle n : m_arc) m_graph.setVisible(n, false);
    m_graph.setVisible(m_target, false);
    for (scene::NodeHandle n : m_box) m_graph.setVisible(n, false);
    m_arcShown = 0;
}

bool XrPointerScene::selectionBoxVisible() const { return m_graph.isVisible(m_box[0]); }

bool XrPointerScene::isPointerNode(scene::NodeHandle node) const {
    for (scene::NodeHandle n = node; m_graph.isValid(n); n = m_graph.parent(n))
        if (n == m_root) return true;
    return false;
}

size_t XrPointerScene::visibleArcSegments() const { return m_arcShown; }

void XrPointerScene::placeSegment(scene::NodeHandle node, vec3 from, vec3 to, float thickness) {
    const vec3 d = to - from;
    const float length = glm::length(d);
    Transform t;
    t.translation = from;
    t.rotation = length > 1e-6f ? glm::rotation(vec3(0.0f, 1.0f, 0.0f), d / length) : quat(1.0f, 0.0f, 0.0f, 0.0f);
    t.scale = vec3(thickness, std::max(length, 1e-4f), thickness);
    m_graph.setLocalTransform(node, t);
}

void XrPointerScene::update(const XrPointerFrame& f) {
    const float s = std::clamp(f.scale, 0.01f, 100.0f);
    for (int i = 0; i < 2; ++i) {
        m_graph.setVisible(m_hands[i], f.hands[i].has_value());
        if (f.hands[i]) {
            Transform t;
            t.translation = f.hands[i]->position;
            t.rotation = f.hands[i]->orientation;
            t.scale = vec3(s);
            m_graph.setLocalTransform(m_hands[i], t);
        }
        const bool beam = f.beams[i].has_value();
        m_graph.setVisible(m_beams[i], beam);
        m_graph.setVisible(m_dots[i], beam && f.beams[i]->hit);
        if (!beam) continue;
        placeSegment(m_beams[i], f.beams[i]->origin, f.beams[i]->end, s);
        if (f.beams[i]->hit) {
            Transform dot;
            dot.translation = f.beams[i]->end;
            dot.scale = vec3(s);
            m_graph.setLocalTransform(m_dots[i], dot);
        }
    }

    // The arc: one thin segment per polyline edge (a long arc is thinned to the segment budget).
    const size_t edges = f.arc.size() > 1 ? f.arc.size() - 1 : 0;
    const size_t shown = std::min(edges, kXrMaxArcSegments);
    const scene::MaterialOverride& paint = f.arcValid ? m_valid : m_invalid;
    for (size_t i = 0; i < kXrMaxArcSegments; ++i) {
        const bool on = i < shown;
        m_graph.setVisible(m_arc[i], on);
        if (!on) continue;
        // Map segment i onto the polyline so a long arc keeps its ends.
        const size_t a = i * edges / shown, b = (i + 1) * edges / shown;
        placeSegment(m_arc[i], f.arc[a], f.arc[b], 1.5f * s);
        m_graph.setMaterialOverride(m_arc[i], paint);
    }
    m_arcShown = shown;
    const bool target = f.arcValid && f.target.has_value();
    m_graph.setVisible(m_target, target);
    if (target) {
        Transform ring; // a flattened dot: a landing disc on the floor
        ring.translation = *f.target;
        ring.scale = vec3(6.0f * s, 0.4f * s, 6.0f * s);
        m_graph.setLocalTransform(m_target, ring);
    }

    const bool box = f.selection.has_value() && !f.selection->empty();
    for (scene::NodeHandle n : m_box) m_graph.setVisible(n, box);
    if (box) {
        const vec3 lo = f.selection->min, hi = f.selection->max;
        auto corner = [&](int i) { return vec3(i & 1 ? hi.x : lo.x, i & 2 ? hi.y : lo.y, i & 4 ? hi.z : lo.z); };
        // The 12 edges join corners that differ in exactly one axis bit.
        size_t e = 0;
        for (int a = 0; a < 8; ++a)
            for (int bit : {1, 2, 4})
                if (!(a & bit)) placeSegment(m_box[e++], corner(a), corner(a | bit), 1.5f * s);
    }
}

} // namespace tv::session
