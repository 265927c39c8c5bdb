#include "ui/scene_tree.h"

#include <algorithm>

namespace tv::ui {

std::string toLowerAscii(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

bool nameMatchesFilter(std::string_view name, std::string_view filter) {
    if (filter.empty()) return true;
    return toLowerAscii(name).find(toLowerAscii(filter)) != std::string::npos;
}

bool SceneTreeIndex::sync(const scene::SceneGraph& graph) {
    if (m_graph == &graph && m_version == graph.structureVersion()) return false;
    rebuild(graph);
    return true;
}

void SceneTreeIndex::rebuild(const scene::SceneGraph& graph) {
    m_graph = &graph;
    m_version = graph.structureVersion();
    m_entries.clear();
    m_entryOf.clear();
    m_entries.reserve(graph.nodeCount());
    m_entryOf.reserve(graph.nodeCount());
    // Iterative preorder walk (deep hierarchies must not overflow the stack). Each stack item is a node and its
    // parent's entry; children are pushed in reverse so they come out in their graph order.
    struct Item {
        scene::NodeHandle node;
        int32_t parent;
        uint32_t depth;
    };
    std::vector<Item> stack;
    std::vector<scene::NodeHandle> kids = graph.children(graph.root());
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, -1, 0});
    while (!stack.empty()) {
        Item item = stack.back();
        stack.pop_back();
        uint32_t index = uint32_t(m_entries.size());
        m_entries.push_back({item.node, item.parent, item.depth, 0, toLowerAscii(graph.name(item.node))});
        m_entryOf.emplace(item.node, index);
        kids = graph.children(item.node);
        for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.push_back({*it, int32_t(index), item.depth + 1});
    }
    // Subtree ends: an entry's subtree ends where the next entry at the same or a smaller depth starts. Walking
    // backwards, each entry's end is the max of its children's ends (or itself + 1).
    for (uint32_t i = uint32_t(m_entries.size()); i-- > 0;) {
        Entry& e = m_entries[i];
        e.subtreeEnd = std::max(e.subtreeEnd, i + 1);
        if (e.parent >= 0) {
            Entry& p = m_entries[size_t(e.parent)];
            p.subtreeEnd = std::max(p.subtreeEnd, e.subtreeEnd);
        }
    }
    // Forget expansion state of nodes that are gone, so the map cannot grow without bound under a live feed.
    std::erase_if(m_expandOverride, [&](const auto& kv) { return !m_entryOf.contains(kv.first); });
    setFilter(std::string(m_filter)); // recompute matches against the new names
}

void SceneTreeIndex::setFilter(std::string_view filter) {
    m_filter = std::string(filter);
    m_filterLower = toLowerAscii(filter);
    m_matchCount = 0;
    m_shown.assign(m_entries.size(), 0);
    if (!m_filterLower.empty()) {
        for (size_t i = 0; i < m_entries.size(); ++i) {
            if (m_entries[i].lowerName.find(m_filterLower) == std::string::npos) continue;
            ++m_matchCount;
            // Mark the match and its ancestors; stop at an ancestor already marked (its chain is done).
            for (int32_t j = int32_t(i); j >= 0 && (m_shown[size_t(j)] & 2) == 0; j = m_entries[size_t(j)].parent)
                m_shown[size_t(j)] |= 2;
            m_shown[i] |= 1;
        }
    }
    m_rowsDirty = true;
}

bool SceneTreeIndex::expandedAt(uint32_t entry) const {
    const Entry& e = m_entries[entry];
    auto it = m_expandOverride.find(e.node);
    return it != m_expandOverride.end() ? it->second : e.depth < kAutoExpandDepth;
}

bool SceneTreeIndex::isExpanded(scene::NodeHandle node) const {
    auto it = m_entryOf.find(node);
    return it != m_entryOf.end() && (filtering() || expandedAt(it->second));
}

void SceneTreeIndex::setExpanded(scene::NodeHandle node, bool expanded) {
    auto it = m_entryOf.find(node);
    if (it == m_entryOf.end()) return;
    bool byDefault = m_entries[it->second].depth < kAutoExpandDepth;
    if (expanded == byDefault)
        m_expandOverride.erase(node);
    else
        m_expandOverride[node] = expanded;
    m_rowsDirty = true;
}

void SceneTreeIndex::reveal(scene::NodeHandle node) {
    auto it = m_entryOf.find(node);
    if (it == m_entryOf.end()) return;
    for (int32_t p = m_entries[it->second].parent; p >= 0; p = m_entries[size_t(p)].parent)
        if (!expandedAt(uint32_t(p))) setExpanded(m_entries[size_t(p)].node, true);
}

int SceneTreeIndex::rowOf(scene::NodeHandle node) {
    const std::vector<TreeRow>& r = rows();
    for (size_t i = 0; i < r.size(); ++i)
        if (r[i].node == node) return int(i);
    return -1;
}

const std::vector<TreeRow>& SceneTreeIndex::rows() {
    if (m_rowsDirty) flatten();
    return m_rows;
}

void SceneTreeIndex::flatten() {
    m_rows.clear();
    const bool filterOn = filtering();
    uint32_t i = 0;
    const uint32_t n = uint32_t(m_entries.size());
    while (i < n) {
        const Entry& e = m_entries[i];
        if (filterOn && !(m_shown[i] & 2)) { // neither a match nor above one: skip the whole subtree
            i = e.subtreeEnd;
            continue;
        }
        bool hasChildren = e.subtreeEnd > i + 1;
        bool expanded = hasChildren && (filterOn || expandedAt(i));
        m_rows.push_back({e.node, e.depth, hasChildren, expanded, filterOn && (m_shown[i] & 1) != 0});
        i = expanded ? i + 1 : e.subtreeEnd;
    }
    m_rowsDirty = false;
}

} // namespace tv::ui
