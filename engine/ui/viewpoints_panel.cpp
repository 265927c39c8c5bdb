#include "ui/viewpoints_panel.h"

#include "core/log.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace tv::ui {

std::string nextViewpointName(const interact::ViewpointList& list) {
    for (size_t n = list.size() + 1;; ++n) {
        std::string name = tv::format("View %zu", n);
        if (!list.find(name)) return name;
    }
}

size_t saveCurrentViewpoint(ViewerUiModel& model, const std::string& name) {
    return model.viewpoints.save(name.empty() ? nextViewpointName(model.viewpoints) : name, model.camera);
}

UiAction flyToAction(const interact::Viewpoint& viewpoint) {
    UiAction a;
    a.kind = UiActionKind::FlyTo;
    a.camera = viewpoint.camera;
    a.name = viewpoint.name;
    return a;
}

void drawViewpointsPanel(ViewpointsPanelState& state, bool* open, ViewerUiModel& model,
                         std::vector<UiAction>& actions) {
    // Default slot: bottom centre, above the status bar.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f - 180.0f, display.y - 340.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(360.0f, 300.0f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Viewpoints", open)) {
        ImGui::End();
        return;
    }
    interact::ViewpointList& list = model.viewpoints;
    ImGui::SetNextItemWidth(-130.0f);
    bool enter = ImGui::InputTextWithHint("##name", nextViewpointName(list).c_str(), &state.newName,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Save current") || enter) {
        state.chosen = int(saveCurrentViewpoint(model, state.newName));
        state.newName.clear();
    }

    if (ImGui::Button("< Previous") && !list.empty()) actions.push_back(flyToAction(*list.previous()));
    ImGui::SameLine();
    if (ImGui::Button("Next >") && !list.empty()) actions.push_back(flyToAction(*list.next()));
    ImGui::SameLine();
    if (list.current())
        ImGui::Text("tour %zu / %zu", *list.current() + 1, list.size());
    else
        ImGui::TextDisabled("tour not started");
    ImGui::Separator();

    if (state.chosen >= int(list.size())) state.chosen = -1;
    for (size_t i = 0; i < list.size(); ++i) {
        ImGui::PushID(int(i));
        bool isCurrent = list.current() && *list.current() == i;
        std::string label = tv::format("%s%s", isCurrent ? "> " : "  ", list.all()[i].name.c_str());
        if (ImGui::Selectable(label.c_str(), state.chosen == int(i), ImGuiSelectableFlags_AllowDoubleClick)) {
            if (state.chosen != int(i)) state.renameTo = list.all()[i].name;
            state.chosen = int(i);
            if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) actions.push_back(flyToAction(*list.goTo(i)));
        }
        ImGui::PopID();
    }
    if (list.empty()) ImGui::TextDisabled("No viewpoints. Save the current camera above.");

    if (state.chosen >= 0) {
        ImGui::Separator();
        size_t i = size_t(state.chosen);
        if (ImGui::Button("Fly to")) actions.push_back(flyToAction(*list.goTo(i)));
        ImGui::SameLine();
        if (ImGui::Button("Up") && i > 0) {
            list.move(i, i - 1);
            state.chosen = int(i - 1);
        }
        ImGui::SameLine();
        if (ImGui::Button("Down") && i + 1 < list.size()) {
            list.move(i, i + 1);
            state.chosen = int(i + 1);
        }
        ImGui::SameLine();
        if (ImGui::Button("Delete")) {
            list.remove(std::string(list.all()[i].name));
            state.chosen = -1;
        }
        if (state.chosen >= 0) {
            ImGui::SetNextItemWidth(-90.0f);
            ImGui::InputText("##rename", &state.renameTo);
            ImGui::SameLine();
            if (ImGui::Button("Rename")) {
                std::string from = list.all()[size_t(state.chosen)].name; // a copy: rename overwrites it
                if (!list.rename(from, state.renameTo)) ImGui::OpenPopup("rename failed");
            }
            if (ImGui::BeginPopup("rename failed")) {
                ImGui::Text("A viewpoint needs a unique, non-empty name.");
                ImGui::EndPopup();
            }
        }
    }
    ImGui::End();
}

} // namespace tv::ui
