#include "ui/menu_bar.h"

#include "ui/label_layer_menu.h"
#include "ui/shortcuts.h"
#include "twin/twin_runtime.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace tv::ui {
namespace {

void item(ViewerUiState& state, Command command, bool checked = false, bool enabled = true) {
    const Shortcut* s = shortcutFor(command);
    std::string keys = s ? shortcutLabel(*s) : std::string();
    if (ImGui::MenuItem(commandLabel(command), keys.empty() ? nullptr : keys.c_str(), checked, enabled))
        state.commands.push_back(command);
}

void fileMenu(ViewerUiState& state) {
    if (!ImGui::BeginMenu("File")) return;
    item(state, Command::OpenFile);
    item(state, Command::Screenshot);
    ImGui::Separator();
    item(state, Command::Quit);
    ImGui::EndMenu();
}

void viewMenu(ViewerUiState& state, const ViewerUiModel& model) {
    if (!ImGui::BeginMenu("View")) return;
    const PanelVisibility& p = state.panels;
    item(state, Command::ToggleSceneTree, p.sceneTree);
    item(state, Command::ToggleInspector, p.inspector);
    item(state, Command::ToggleStats, p.stats);
    item(state, Command::ToggleMeasurePanel, p.measurements);
    item(state, Command::ToggleSectionPanel, p.sections);
    item(state, Command::ToggleViewpointsPanel, p.viewpoints);
    ImGui::Separator();
    item(state, Command::ToggleXray, model.selection.xray());
    item(state, Command::ToggleOrthographic, model.camera.orthographic);
    item(state, Command::ToggleFullscreen);
    item(state, Command::ToggleVsync);
    ImGui::Separator();
    bool hasSelection = model.selection.selected() && model.graph.isValid(model.selection.selected());
    item(state, Command::FrameSelection, false, hasSelection);
    item(state, Command::FrameAll);
    if (ImGui::BeginMenu("Standard views")) {
        for (Command c : {Command::ViewFront, Command::ViewBack, Command::ViewLeft, Command::ViewRight,
                          Command::ViewTop, Command::ViewBottom, Command::ViewIso})
            item(state, c);
        ImGui::EndMenu();
    }
    item(state, Command::CycleNavigationMode);
    ImGui::Separator();
    item(state, Command::FocusSearch);
    item(state, Command::IsolateSelection, model.selection.isolating(), hasSelection || model.selection.isolating());
    item(state, Command::HideSelection, false, hasSelection);
    item(state, Command::ShowAll);
    if (model.twin) {
        ImGui::Separator();
        if (ImGui::BeginMenu("Labels")) {
            drawLabelLayerMenu(state.labels, model.twin->labels());
            ImGui::EndMenu();
        }
    }
    ImGui::EndMenu();
}

void toolsMenu(ViewerUiState& state, const ViewerUiModel& model) {
    if (!ImGui::BeginMenu("Tools")) return;
    item(state, Command::ToggleMeasureMode, state.measureMode);
    item(state, Command::ClearMeasurements, false, !model.measurements.measurements().empty());
    ImGui::Separator();
    item(state, Command::AddSectionPlane, false, model.sections.planes().size() < interact::SectionState::kMaxPlanes);
    item(state, Command::ToggleSectionBox, model.sections.box() && model.sections.box()->enabled);
    ImGui::Separator();
    item(state, Command::SaveViewpoint);
    item(state, Command::NextViewpoint, false, !model.viewpoints.empty());
    item(state, Command::PreviousViewpoint, false, !model.viewpoints.empty());
    ImGui::EndMenu();
}

// Without a live twin the items stay visible but disabled, so the operator learns where they are.
void twinMenu(ViewerUiState& state, const ViewerUiModel& model) {
    if (!ImGui::BeginMenu("Twin")) return;
    bool live = model.twin != nullptr;
    item(state, Command::ToggleAlarmsPanel, live && state.panels.alarms, live);
    item(state, Command::ToggleCommandsPanel, live && state.panels.commands, live);
    item(state, Command::ToggleTrendsPanel, live && state.panels.trends, live);
    item(state, Command::ToggleKpiPanel, live && state.panels.kpis, live);
    item(state, Command::ToggleTimelinePanel, live && state.panels.timeline, live);
    item(state, Command::ToggleComparePanel, live && state.panels.compare, live);
    ImGui::Separator();
    item(state, Command::ReplayPlayPause, model.replay.available && !model.replay.paused && !model.replay.finished,
         model.replay.available);
    ImGui::EndMenu();
}

// Like the twin menu: visible but disabled outside a session.
void sessionMenu(ViewerUiState& state, const ViewerUiModel& model) {
    if (!ImGui::BeginMenu("Session")) return;
    bool active = model.session && model.session->active;
    item(state, Command::ToggleUsersPanel, active && state.panels.users, active);
    item(state, Command::ToggleAnnotationsPanel, active && state.panels.annotations, active);
    ImGui::EndMenu();
}

} // namespace

void drawMenuBar(ViewerUiState& state, const ViewerUiModel& model) {
    if (!ImGui::BeginMainMenuBar()) return;
    fileMenu(state);
    viewMenu(state, model);
    toolsMenu(state, model);
    twinMenu(state, model);
    sessionMenu(state, model);
    if (ImGui::BeginMenu("Help")) {
        item(state, Command::ToggleHelp, state.panels.help);
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

void drawOpenDialog(ViewerUiState& state, const ViewerUiModel& model, std::vector<UiAction>& actions) {
    if (!state.panels.openDialog) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.25f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (ImGui::Begin("Open file", &state.panels.openDialog, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("glTF (.gltf, .glb) or scene file (.json)");
        if (state.focusOpenPath) {
            ImGui::SetKeyboardFocusHere();
            state.focusOpenPath = false;
        }
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 36.0f);
        bool enter = ImGui::InputTextWithHint("##path", "/path/to/model.glb", &state.openPath,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
        bool canOpen = !state.openPath.empty() && !model.load.loading;
        ImGui::BeginDisabled(!canOpen);
        bool open = ImGui::Button("Open") || (enter && canOpen);
        ImGui::EndDisabled();
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) state.panels.openDialog = false;
        if (open) {
            UiAction a;
            a.kind = UiActionKind::OpenFile;
            a.path = state.openPath;
            actions.push_back(std::move(a));
            state.panels.openDialog = false;
        }
        if (model.load.loading) ImGui::TextDisabled("Loading %s ...", model.load.file.c_str());
    }
    ImGui::End();
}

} // namespace tv::ui
