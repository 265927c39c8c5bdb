// Selection, isolate and x-ray state (see selection_state.h).
#include "interact/selection_state.h"

#include <algorithm>

namespace tv::interact {

void SelectionState::isolate(const std::vector<scene::NodeHandle>& nodes) {
    m_isolated.clear();
    for (scene::NodeHandle n : nodes)
        if (n) m_isolated.insert(n);
}

void SelectionState::isolateSelection() {
    if (m_selected)
        isolate({m_selected});
    else
        clearIsolation();
}

void SelectionState::setXrayOpacity(float opacity) { m_xrayOpacity = std::clamp(opacity, 0.0f, 1.0f); }

void SelectionState::prune(const scene::SceneGraph& graph) {
    if (m_selected && !graph.isValid(m_selected)) m_selected = {};
    if (m_hover && !graph.isValid(m_hover)) m_hover = {};
    std::erase_if(m_isolated, [&](scene::NodeHandle n) { return !graph.isValid(n); });
}

bool SelectionState::underAny(const scene::SceneGraph& graph, scene::NodeHandle node,
                              const std::unordered_set<scene::NodeHandle>& set) const {
    if (!graph.isValid(node)) return false;
    scene::NodeHandle root = graph.root();
    for (scene::NodeHandle n = node; n && n != root; n = graph.parent(n))
        if (set.count(n)) return true;
    return false;
}

bool SelectionState::isSelected(const scene::SceneGraph& graph, scene::NodeHandle node) const {
    if (!m_selected || !graph.isValid(m_selected)) return false;
    return underAny(graph, node, {m_selected});
}

Aabb SelectionState::selectionBounds(const scene::SceneGraph& graph, const scene::FrameExtract& extract) const {
    Aabb b;
    if (!m_selected || !graph.isValid(m_selected)) return b;
    for (const auto& d : extract.draws)
        if (isSelected(graph, d.node)) b.extend(d.worldBounds);
    if (b.empty()) {
        const vec3 p = vec3(graph.worldMatrix(m_selected)[3]);
        b.extend(p - vec3(0.5f));
        b.extend(p + vec3(0.5f));
    }
    return b;
}

bool SelectionState::isShown(const scene::SceneGraph& graph, scene::NodeHandle node) const {
    if (m_isolated.empty()) return true;
    return underAny(graph, node, m_isolated);
}

std::vector<bool> SelectionState::visibleDraws(const scene::SceneGraph& graph,
                                               const scene::FrameExtract& extract) const {
    std::vector<bool> out(extract.draws.size(), true);
    if (m_isolated.empty()) return out;
    for (size_t i = 0; i < extract.draws.size(); ++i) out[i] = underAny(graph, extract.draws[i].node, m_isolated);
    return out;
}

size_t SelectionState::applyTo(const scene::SceneGraph& graph, scene::FrameExtract& extract) const {
    size_t removed = 0;
    if (!m_isolated.empty()) {
        std::vector<bool> keep = visibleDraws(graph, extract);
        size_t w = 0;
        Aabb bounds;
        bool keptSkinned = false;
        for (size_t i = 0; i < extract.draws.size(); ++i) {
            if (!keep[i]) continue;
            const scene::DrawInstance& d = extract.draws[i];
            if (d.worldBounds.empty()) keptSkinned = true;
            bounds.extend(d.worldBounds);
            if (w != i) extract.draws[w] = d;
            ++w;
        }
        removed = extract.draws.size() - w;
        extract.draws.resize(w);
        if (removed > 0) {
            if (keptSkinned) bounds.extend(extract.bounds);
            extract.bounds = bounds;
        }
    }
    if (m_xray && m_selected && graph.isValid(m_selected)) {
        const std::unordered_set<scene::NodeHandle> sel{m_selected};
        for (scene::DrawInstance& d : extract.draws) {
            if (underAny(graph, d.node, sel)) continue;
            d.override.opacity *= m_xrayOpacity;
            d.hasOverride = true;
        }
    }
    return removed;
}

} // namespace tv::interact
