#include "ui/help_overlay.h"

#include "ui/shortcuts.h"

#include <imgui.h>

namespace tv::ui {

void drawHelpOverlay(bool* open) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0.0f, 0.0f), ImVec2(display.x * 0.9f, display.y * 0.9f));
    if (!ImGui::Begin("Help: shortcuts", open, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::End();
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("keys", 2, flags)) {
        ImGui::TableSetupColumn("Keys");
        ImGui::TableSetupColumn("Action");
        ImGui::TableHeadersRow();
        for (const Shortcut& s : shortcuts()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(shortcutLabel(s).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(commandLabel(s.command));
        }
        for (const MouseBinding& m : mouseBindings()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.gesture);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.description);
        }
        ImGui::EndTable();
    }
    ImGui::TextDisabled("Keys do nothing while a text field has focus. F1 closes this window.");
    ImGui::TextDisabled("Space plays / pauses only while a recording is replayed; F8 and F10 need a live twin.");
    ImGui::TextDisabled("F12 (users) and Shift+F12 (annotations) need a shared session (--join).");
    ImGui::End();
}

} // namespace tv::ui
