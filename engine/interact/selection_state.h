// SelectionState — what the user picked and how that changes the frame: the selected node, the hovered node, an
// isolate set ("show only these") and the x-ray flag (everything but the selection drawn translucent). The state is
// plain handles; applyTo() is the filter run on each FrameExtract right after extractFrame(): it drops draws
// outside the isolate set and gives non-selected draws an x-ray MaterialOverride opacity.
//
// Isolating or selecting a node covers its whole subtree (selecting "plant/tank-1" highlights the tank's parts).
// Handles can die when the feed removes nodes; prune() drops them, and every query treats a stale handle as
// absent. Main thread only (it reads the SceneGraph).
#pragma once

#include "scene/frame_extract.h"
#include "scene/scene_graph.h"

#include <unordered_set>
#include <vector>

namespace tv::interact {

class SelectionState {
public:
    static constexpr float kDefaultXrayOpacity = 0.15f;

    void select(scene::NodeHandle node) { m_selected = node; }
    void clearSelection() { m_selected = {}; }
    scene::NodeHandle selected() const { return m_selected; }
    void setHover(scene::NodeHandle node) { m_hover = node; }
    scene::NodeHandle hover() const { return m_hover; }

    // Show only these subtrees; an empty list ends isolation.
    void isolate(const std::vector<scene::NodeHandle>& nodes);
    void isolateSelection(); // isolate({selected}), or end isolation when nothing is selected
    void clearIsolation() { m_isolated.clear(); }
    bool isolating() const { return !m_isolated.empty(); }
    const std::unordered_set<scene::NodeHandle>& isolated() const { return m_isolated; }

    void setXray(bool on) { m_xray = on; }
    bool xray() const { return m_xray; }
    void setXrayOpacity(float opacity); // clamped to [0, 1]
    float xrayOpacity() const { return m_xrayOpacity; }

    // Drops handles that are no longer valid in `graph`.
    void prune(const scene::SceneGraph& graph);

    // `node` or one of its ancestors is selected / isolated (stale handles never match).
    bool isSelected(const scene::SceneGraph& graph, scene::NodeHandle node) const;
    bool isShown(const scene::SceneGraph& graph, scene::NodeHandle node) const; // true when not isolating
    // World box of what the selection's subtree draws in `extract`; a selection that draws nothing (an empty
    // group, a light) gets a 1 m box around its origin so it can still be framed. Empty when nothing is selected.
    Aabb selectionBounds(const scene::SceneGraph& graph, const scene::FrameExtract& extract) const;

    // One flag per extract draw: kept by the isolate set.
    std::vector<bool> visibleDraws(const scene::SceneGraph& graph, const scene::FrameExtract& extract) const;

    // The post-extract filter. Removes draws hidden by isolation (recomputing extract.bounds from what remains; a
    // kept skinned draw, which has no per-draw box, keeps the old bounds as a conservative answer) and, with x-ray
    // on and something selected, multiplies the opacity of every non-selected draw by xrayOpacity (setting
    // hasOverride). Returns the number of draws removed. Offsets into the extract's matrix/weight arrays stay valid.
    size_t applyTo(const scene::SceneGraph& graph, scene::FrameExtract& extract) const;

private:
    bool underAny(const scene::SceneGraph& graph, scene::NodeHandle node,
                  const std::unordered_set<scene::NodeHandle>& set) const;

    scene::NodeHandle m_selected, m_hover;
    std::unordered_set<scene::NodeHandle> m_isolated;
    bool m_xray = false;
    float m_xrayOpacity = kDefaultXrayOpacity;
};

} // namespace tv::interact
