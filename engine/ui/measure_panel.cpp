#include "ui/measure_panel.h"

#include <imgui.h>

namespace tv::ui {

void drawMeasurePanel(MeasurePanelState& state, bool* open, bool& measureMode, ViewerUiModel& model) {
    // Default slot: top centre (the scene tree is left, the inspector right, sections under the tree).
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f - 210.0f, 32.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(420.0f, 260.0f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Measurements", open)) {
        ImGui::End();
        return;
    }
    interact::MeasurementTool& tool = model.measurements;
    if (ImGui::Checkbox("Measure mode (click two surface points)", &measureMode) && !measureMode) tool.cancelPending();
    ImGui::SliderInt("Decimals", &state.decimals, 0, 6);
    if (tool.hasPending()) {
        const vec3& p = tool.pending()->position;
        ImGui::Text("First point %.3f, %.3f, %.3f: click the second", p.x, p.y, p.z);
        ImGui::SameLine();
        if (ImGui::SmallButton("Cancel")) tool.cancelPending();
    }
    ImGui::Separator();
    const auto& list = tool.measurements();
    if (list.empty()) ImGui::TextDisabled("No measurements");
    size_t removeIndex = SIZE_MAX;
    for (size_t i = 0; i < list.size(); ++i) {
        ImGui::PushID(int(i));
        if (ImGui::SmallButton("x")) removeIndex = i;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Delete this measurement");
        ImGui::SameLine();
        ImGui::Text("%zu. %s", i + 1, list[i].label(state.decimals).c_str());
        ImGui::PopID();
    }
    if (removeIndex != SIZE_MAX) tool.remove(removeIndex); // after the loop: the list must not shrink under it
    if (!list.empty() && ImGui::Button("Clear all")) tool.clear();
    ImGui::End();
}

} // namespace tv::ui
