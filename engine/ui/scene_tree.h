// SceneTreeIndex — the scene tree panel's model, free of ImGui: a depth-first snapshot of the SceneGraph's
// hierarchy (rebuilt only when SceneGraph::structureVersion() changes), the name filter and the expanded/collapsed
// state, flattened into the rows the panel draws. The panel draws only the rows on screen (ImGuiListClipper), so a
// 10k-node scene costs one flatten per change, not a tree walk per frame.
//
// Filter rule: case-insensitive (ASCII) substring on the node's own name; a node is shown when it matches or when
// one of its descendants does (matches keep their ancestors, so the path to each is visible), and while filtering
// every shown node is expanded. Without a filter, nodes at depth < kAutoExpandDepth start expanded.
// Main thread (reads the SceneGraph).
#pragma once

#include "scene/scene_graph.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tv::ui {

struct TreeRow {
    scene::NodeHandle node;
    uint32_t depth = 0; // 0 = a child of the graph's root
    bool hasChildren = false;
    bool expanded = false;
    bool matches = false; // the node's own name matches the filter (false when there is no filter)
};

// Lower-cases ASCII letters; other bytes (UTF-8 included) pass through unchanged.
std::string toLowerAscii(std::string_view text);
// The filter rule on one name: empty filter matches everything.
bool nameMatchesFilter(std::string_view name, std::string_view filter);

class SceneTreeIndex {
public:
    static constexpr uint32_t kAutoExpandDepth = 1;

    // Re-reads the hierarchy when the graph's structure version changed (or a different graph is passed).
    // Returns true when it did.
    bool sync(const scene::SceneGraph& graph);

    void setFilter(std::string_view filter);
    const std::string& filter() const { return m_filter; }
    bool filtering() const { return !m_filterLower.empty(); }
    size_t matchCount() const { return m_matchCount; } // nodes whose own name matches (0 without a filter)

    bool isExpanded(scene::NodeHandle node) const;
    void setExpanded(scene::NodeHandle node, bool expanded);
    // Expands every ancestor of `node` so its row exists (reveal the selection picked in the 3D view).
    void reveal(scene::NodeHandle node);
    // Row index of `node` in rows(), or -1 when it has no row (collapsed away or filtered out).
    int rowOf(scene::NodeHandle node);

    // The rows to draw, in tree order; recomputed lazily after sync/filter/expansion changes.
    const std::vector<TreeRow>& rows();
    size_t nodeCount() const { return m_entries.size(); }

private:
    struct Entry {
        scene::NodeHandle node;
        int32_t parent = -1; // entry index, -1 = child of the root
        uint32_t depth = 0;
        uint32_t subtreeEnd = 0; // one past the last descendant (entries are in preorder)
        std::string lowerName;
    };
    bool expandedAt(uint32_t entry) const;
    void rebuild(const scene::SceneGraph& graph);
    void flatten();

    std::vector<Entry> m_entries;
    std::unordered_map<scene::NodeHandle, uint32_t> m_entryOf;
    std::unordered_map<scene::NodeHandle, bool> m_expandOverride; // differs from the depth default
    std::vector<uint8_t> m_shown;                                 // per entry, while filtering
    std::vector<TreeRow> m_rows;
    std::string m_filter, m_filterLower;
    size_t m_matchCount = 0;
    const scene::SceneGraph* m_graph = nullptr;
    uint64_t m_version = ~uint64_t(0);
    bool m_rowsDirty = true;
};

} // namespace tv::ui
