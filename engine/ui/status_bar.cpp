#include "ui/status_bar.h"

#include "twin/twin_runtime.h"
#include "ui/session_format.h"

#include <imgui.h>

namespace tv::ui {

std::string displayName(const scene::SceneGraph& graph, scene::NodeHandle node) {
    if (!node || !graph.isValid(node)) return {};
    const std::string& name = graph.name(node);
    return name.empty() ? graph.path(node) : name;
}

namespace {

void drawLoadError(StatusBarState& state, const LoadStatus& load) {
    if (load.error.empty() || load.error == state.dismissedError) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.3f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    bool open = true;
    if (ImGui::Begin("Load failed", &open, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", load.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::TextDisabled("The previous scene is still loaded.");
        if (ImGui::Button("Dismiss")) open = false;
    }
    ImGui::End();
    if (!open) state.dismissedError = load.error;
}

void drawTwin(TwinStatusState& state, const ViewerUiModel& model) {
    const twin::TwinRuntime& twin = *model.twin;
    state.feeds.clear();
    for (size_t i = 0; i < twin.feedCount(); ++i) state.feeds.push_back(twin.feedStatus(i));
    drawTwinStatus(state, state.feeds, twin.alarms(), twin.counters().changesApplied, model.timeSeconds);
}

} // namespace

void drawStatusBar(StatusBarState& state, const ViewerUiModel& model, bool measureMode) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float height = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.0f;
    ImGui::SetNextWindowPos(ImVec2(0.0f, display.y - height));
    ImGui::SetNextWindowSize(ImVec2(display.x, height));
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("##statusbar", nullptr, flags)) {
        std::string selected = displayName(model.graph, model.selection.selected());
        std::string hover = displayName(model.graph, model.selection.hover());
        ImGui::Text("Selected: %s", selected.empty() ? "-" : selected.c_str());
        ImGui::SameLine(0.0f, 24.0f);
        ImGui::Text("Hover: %s", hover.empty() ? "-" : hover.c_str());
        ImGui::SameLine(0.0f, 24.0f);
        ImGui::Text("%s%s%s", interact::navigationModeName(model.navigationMode), measureMode ? " | measuring" : "",
                    model.selection.isolating() ? " | isolated" : "");
        ImGui::SameLine(0.0f, 24.0f);
        const LoadStatus& load = model.load;
        if (load.loading) {
            ImGui::Text("Loading %s", load.file.c_str());
            ImGui::SameLine();
            if (load.progress >= 0.0f) {
                ImGui::ProgressBar(load.progress, ImVec2(160.0f, 0.0f));
            } else { // unknown fraction: ImGui 1.86 has no indeterminate bar, so show a spinner
                static constexpr const char* kSpin[] = {"|", "/", "-", "\\"};
                ImGui::TextUnformatted(kSpin[int(ImGui::GetTime() * 8.0) % 4]);
            }
        } else if (!load.error.empty()) {
            ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "Load failed: %s", load.error.c_str());
        } else if (!load.file.empty()) {
            ImGui::TextDisabled("%s", load.file.c_str());
        }
        if (model.session && model.session->active) {
            ImGui::SameLine(0.0f, 24.0f);
            const ImU32 colour =
                model.session->linkUp ? ImGui::GetColorU32(ImGuiCol_Text) : IM_COL32(255, 170, 60, 255);
            ImGui::PushStyleColor(ImGuiCol_Text, colour);
            ImGui::TextUnformatted(sessionStatusText(*model.session).c_str());
            ImGui::PopStyleColor();
        }
        if (model.twin)
            drawTwin(state.twin, model);
        else
            state.twin.changesPerSecond.reset(); // a later twin starts a fresh measurement
    }
    ImGui::End();
    drawLoadError(state, model.load);
}

} // namespace tv::ui
