#include "ui/scene_tree_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace tv::ui {
namespace {

vec2 toVec2(const ImVec2& v) { return {v.x, v.y}; }

// Unnamed nodes show their path's last segment ("#3"), which is also what paths and the feed use to address them.
std::string rowLabel(const scene::SceneGraph& graph, scene::NodeHandle node) {
    const std::string& name = graph.name(node);
    if (!name.empty()) return name;
    std::string path = graph.path(node);
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

void toggleIsolate(interact::SelectionState& selection, scene::NodeHandle node) {
    bool onlyThis = selection.isolated().size() == 1 && selection.isolated().contains(node);
    if (onlyThis)
        selection.clearIsolation();
    else
        selection.isolate({node});
}

void drawRow(SceneTreePanelState& state, ViewerUiModel& model, const TreeRow& row, float indent) {
    scene::SceneGraph& graph = model.graph;
    TreeRowRects rects;
    rects.node = row.node;
    ImGui::PushID(static_cast<int>(row.node.index));

    bool visible = graph.isVisible(row.node);
    if (ImGui::Checkbox("##visible", &visible)) graph.setVisible(row.node, visible);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Visible");
    rects.eyeMin = toVec2(ImGui::GetItemRectMin());
    rects.eyeMax = toVec2(ImGui::GetItemRectMax());

    ImGui::SameLine();
    bool isolated = model.selection.isolated().contains(row.node);
    if (isolated) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button("iso")) toggleIsolate(model.selection, row.node);
    if (isolated) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(isolated ? "End isolation" : "Isolate: show only this");
    rects.isolateMin = toVec2(ImGui::GetItemRectMin());
    rects.isolateMax = toVec2(ImGui::GetItemRectMax());

    ImGui::SameLine();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent * float(row.depth));
    ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_OpenOnArrow | ImGuiTreeNodeFlags_SpanAvailWidth |
                               ImGuiTreeNodeFlags_NoTreePushOnOpen | ImGuiTreeNodeFlags_FramePadding;
    if (!row.hasChildren) flags |= ImGuiTreeNodeFlags_Leaf;
    if (model.selection.selected() == row.node) flags |= ImGuiTreeNodeFlags_Selected;
    // Hidden by an ancestor (or by isolation): still listed, but dimmed so the eye state reads correctly.
    bool dim = !graph.isEffectivelyVisible(row.node) || !model.selection.isShown(graph, row.node);
    if (dim)
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    else if (row.matches)
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.85f, 0.35f, 1.0f));
    ImGui::SetNextItemOpen(row.expanded);
    std::string label = rowLabel(graph, row.node);
    bool open = ImGui::TreeNodeEx("##node", flags, "%s", label.c_str());
    if (dim || row.matches) ImGui::PopStyleColor();
    if (row.hasChildren && open != row.expanded && !state.index.filtering()) state.index.setExpanded(row.node, open);
    if (ImGui::IsItemClicked(ImGuiMouseButton_Left) && !ImGui::IsItemToggledOpen()) {
        model.selection.select(row.node);
        state.lastSelection = row.node; // chosen here: already on screen, no scroll
    }
    rects.labelMin = toVec2(ImGui::GetItemRectMin());
    rects.labelMax = toVec2(ImGui::GetItemRectMax());
    ImGui::PopID();
    state.drawnRows.push_back(rects);
}

} // namespace

void drawSceneTreePanel(SceneTreePanelState& state, bool* open, ViewerUiModel& model) {
    state.drawnRows.clear();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(8.0f, 32.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(340.0f, display.y * 0.45f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Scene tree", open)) {
        ImGui::End();
        return;
    }
    state.index.sync(model.graph);

    if (state.focusFilter) {
        ImGui::SetKeyboardFocusHere();
        state.focusFilter = false;
    }
    ImGui::SetNextItemWidth(-80.0f);
    if (ImGui::InputTextWithHint("##filter", "Filter by name", &state.filterText))
        state.index.setFilter(state.filterText);
    ImGui::SameLine();
    if (ImGui::Button("Clear")) {
        state.filterText.clear();
        state.index.setFilter("");
    }
    if (state.index.filtering())
        ImGui::Text("%zu of %zu nodes match", state.index.matchCount(), state.index.nodeCount());
    else
        ImGui::Text("%zu nodes", state.index.nodeCount());
    if (model.selection.isolating()) {
        ImGui::SameLine();
        if (ImGui::SmallButton("End isolation")) model.selection.clearIsolation();
    }
    ImGui::Separator();

    // A selection made in the 3D view: open its ancestors and bring its row on screen.
    scene::NodeHandle selected = model.selection.selected();
    int scrollToRow = -1;
    if (selected != state.lastSelection) {
        state.lastSelection = selected;
        if (selected && model.graph.isValid(selected)) {
            state.index.reveal(selected);
            scrollToRow = state.index.rowOf(selected);
        }
    }

    ImGui::BeginChild("rows", ImVec2(0.0f, 0.0f), false, ImGuiWindowFlags_HorizontalScrollbar);
    const std::vector<TreeRow>& rows = state.index.rows();
    const float rowHeight = ImGui::GetFrameHeightWithSpacing();
    const float indent = ImGui::GetTreeNodeToLabelSpacing() * 0.75f;
    if (scrollToRow >= 0) ImGui::SetScrollY(float(scrollToRow) * rowHeight - ImGui::GetWindowHeight() * 0.5f);
    ImGuiListClipper clipper;
    clipper.Begin(int(rows.size()), rowHeight);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            TreeRow row = rows[size_t(i)]; // copy: drawing may re-flatten (expand/collapse) under us
            if (!model.graph.isValid(row.node)) continue;
            drawRow(state, model, row, indent);
        }
    }
    clipper.End();
    ImGui::EndChild();
    ImGui::End();
}

} // namespace tv::ui
