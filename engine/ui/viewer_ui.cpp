#include "ui/viewer_ui.h"

#include "ui/help_overlay.h"
#include "ui/menu_bar.h"
#include "ui/session_overlay.h"
#include "ui/shortcuts.h"
#include "ui/world_labels.h"
#include "twin/twin_runtime.h"

#include <imgui.h>

#include <algorithm>

namespace tv::ui {

const char* uiActionKindName(UiActionKind kind) {
    switch (kind) {
    case UiActionKind::OpenFile: return "open-file";
    case UiActionKind::TakeScreenshot: return "screenshot";
    case UiActionKind::Quit: return "quit";
    case UiActionKind::FrameSelection: return "frame-selection";
    case UiActionKind::FrameAll: return "frame-all";
    case UiActionKind::SetStandardView: return "standard-view";
    case UiActionKind::SetOrthographic: return "set-orthographic";
    case UiActionKind::FlyTo: return "fly-to";
    case UiActionKind::SetNavigationMode: return "navigation-mode";
    case UiActionKind::ToggleFullscreen: return "toggle-fullscreen";
    case UiActionKind::ToggleVsync: return "toggle-vsync";
    case UiActionKind::SendCommand: return "send-command";
    case UiActionKind::ReplaySeek: return "replay-seek";
    case UiActionKind::ReplaySetSpeed: return "replay-speed";
    case UiActionKind::ReplaySetPaused: return "replay-paused";
    case UiActionKind::FlyToNode: return "fly-to-node";
    case UiActionKind::CreateAnnotation: return "create-annotation";
    case UiActionKind::EditAnnotation: return "edit-annotation";
    case UiActionKind::ResolveAnnotation: return "resolve-annotation";
    case UiActionKind::DeleteAnnotation: return "delete-annotation";
    case UiActionKind::FlyToAnnotation: return "fly-to-annotation";
    case UiActionKind::BeginPlaceAnnotation: return "place-annotation";
    case UiActionKind::StartLead: return "start-lead";
    case UiActionKind::StopLead: return "stop-lead";
    case UiActionKind::GatherHere: return "gather-here";
    case UiActionKind::GatherAtViewpoint: return "gather-at-viewpoint";
    case UiActionKind::FollowLeader: return "follow-leader";
    case UiActionKind::BreakAway: return "break-away";
    case UiActionKind::SaveSharedViewpoint: return "save-shared-viewpoint";
    case UiActionKind::FlyToSharedViewpoint: return "fly-to-shared-viewpoint";
    case UiActionKind::DeleteSharedViewpoint: return "delete-shared-viewpoint";
    case UiActionKind::SelectAnnotation: return "select-annotation";
    case UiActionKind::AcknowledgeAlarm: return "acknowledge-alarm";
    case UiActionKind::TimelineGoTo: return "timeline-go-to";
    case UiActionKind::TimelineGoLive: return "timeline-go-live";
    case UiActionKind::ShareMoment: return "share-moment";
    }
    return "?";
}

std::span<const NamedPanel> namedPanels() {
    static constexpr NamedPanel kPanels[] = {
        {"trends", &PanelVisibility::trends},
        {"kpis", &PanelVisibility::kpis},
        {"alarms", &PanelVisibility::alarms},
        {"timeline", &PanelVisibility::timeline},
        {"compare", &PanelVisibility::compare},
        {"commands", &PanelVisibility::commands},
        {"tree", &PanelVisibility::sceneTree},
        {"inspector", &PanelVisibility::inspector},
        {"stats", &PanelVisibility::stats},
        {"users", &PanelVisibility::users},
        {"annotations", &PanelVisibility::annotations},
    };
    return kPanels;
}

namespace {

UiAction simple(UiActionKind kind) {
    UiAction a;
    a.kind = kind;
    return a;
}

UiAction standardView(interact::StandardView view) {
    UiAction a = simple(UiActionKind::SetStandardView);
    a.view = view;
    return a;
}

bool hasSelection(const ViewerUiModel& model) {
    scene::NodeHandle s = model.selection.selected();
    return s && model.graph.isValid(s);
}

void toggleIsolation(ViewerUiModel& model) {
    interact::SelectionState& sel = model.selection;
    scene::NodeHandle s = sel.selected();
    bool isolatingSelection = sel.isolating() && sel.isolated().size() == 1 && sel.isolated().contains(s);
    if (isolatingSelection || !hasSelection(model))
        sel.clearIsolation();
    else
        sel.isolateSelection();
}

void drawHoverName(const ViewerUiModel& model) {
    scene::NodeHandle hover = model.selection.hover();
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantCaptureMouse || !hover || !model.graph.isValid(hover)) return;
    std::string name = displayName(model.graph, hover);
    ImDrawList* dl = ImGui::GetBackgroundDrawList();
    ImVec2 at(io.MousePos.x + 16.0f, io.MousePos.y + 12.0f);
    ImVec2 size = ImGui::CalcTextSize(name.c_str());
    dl->AddRectFilled(ImVec2(at.x - 4.0f, at.y - 2.0f), ImVec2(at.x + size.x + 4.0f, at.y + size.y + 2.0f),
                      IM_COL32(0, 0, 0, 170), 3.0f);
    dl->AddText(at, IM_COL32(255, 255, 255, 255), name.c_str());
}

// The twin's windows and labels; none of them exist without a twin (their toggles are remembered).
void drawTwinUi(ViewerUiState& state, ViewerUiModel& model, std::vector<UiAction>& actions) {
    PanelVisibility& p = state.panels;
    const twin::TwinRuntime& twin = *model.twin;
    const OperatorView& ops = model.operators;
    if (p.alarms) {
        auto nodeOf = [&](std::string_view entity) {
            const twin::LiveEntity* e = twin.findEntity(entity);
            return e && model.graph.isValid(e->node) ? e->node : scene::NodeHandle{};
        };
        AlarmsPanelInput in;
        in.alarms = twin.alarms();
        in.nowSeconds = model.timeSeconds;
        in.nodeOf = nodeOf;
        in.canAcknowledge = ops.canAcknowledge;
        in.whyNot = ops.whyNotAcknowledge;
        in.journal = ops.journal;
        drawAlarmsPanel(state.alarms, &p.alarms, in, model.selection, actions);
    }
    if (p.commands)
        drawCommandLogPanel(state.commandLog, &p.commands, model.commandLog, model.timeSeconds, !model.replay.available,
                            actions);
    // Default places of the operator panels in the viewer's layout (first use only; the user's moves are kept):
    // the trends chart bottom left under the scene tree, the timeline strip below it above the status bar, both
    // left of the alarms panel.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float leftWidth = std::max(400.0f, display.x - 680.0f);
    if (p.trends && ops.history) {
        ImGui::SetNextWindowPos(ImVec2(8.0f, display.y * 0.45f + 40.0f), ImGuiCond_FirstUseEver);
        ImGui::SetNextWindowSize(ImVec2(leftWidth, std::max(220.0f, display.y * 0.55f - 280.0f)),
                                 ImGuiCond_FirstUseEver);
        TrendsPanelInput in;
        in.live = ops.history;
        in.archive = ops.archive;
        in.runtime = &twin;
        in.thresholds = ops.thresholds;
        in.ranges = ops.ranges;
        in.nowSeconds = ops.twinNowSeconds;
        if (ops.timeline.momentUs) in.momentSeconds = double(*ops.timeline.momentUs) / 1e6;
        in.load = ops.historyLoad;
        drawTrendsPanel(state.trends, &p.trends, in, actions);
    }
    if (p.kpis && ops.kpis && !ops.kpis->empty()) drawKpiPanel(state.kpis, &p.kpis, *ops.kpis, actions);
    if (p.timeline && !ops.timeline.range.empty()) {
        ImGui::SetNextWindowPos(ImVec2(8.0f, display.y - 230.0f), ImGuiCond_FirstUseEver);
        ImGui::SetNextWindowSize(ImVec2(leftWidth, 190.0f), ImGuiCond_FirstUseEver);
        drawTimelinePanel(state.timeline, &p.timeline, ops.timeline, actions);
    }
    if (p.compare) drawComparePanel(state.compare, &p.compare, ops.compare, actions);
    if (state.showSceneLabels) {
        LabelFocus focus;
        if (const twin::LiveEntity* e = twin.entityForNode(model.selection.selected())) focus.selectedEntity = e->id;
        if (const twin::LiveEntity* e = twin.entityForNode(model.selection.hover())) focus.hoveredEntity = e->id;
        drawTwinLabels(ImGui::GetBackgroundDrawList(), model.camera, model.viewport, twin.labels(), state.labels,
                       focus);
    }
}

bool inSession(const ViewerUiModel& model) { return model.session && model.session->active; }

// The session's windows, tags and toasts; none exist outside a session (their toggles are remembered).
void drawSessionUi(ViewerUiState& state, ViewerUiModel& model, std::vector<UiAction>& actions) {
    PanelVisibility& p = state.panels;
    const SessionViewModel& session = *model.session;
    if (p.users) drawSessionPanel(state.sessionPanel, &p.users, session, model.camera, actions);
    if (p.annotations) drawAnnotationsPanel(state.annotations, &p.annotations, session, model.camera, actions);
    drawAnnotationPrompt(state.annotations, session, actions);
    if (state.showSceneLabels)
        drawSessionOverlay(ImGui::GetBackgroundDrawList(), model.camera, model.viewport, session, &model.graph);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    drawSessionToasts(ImGui::GetForegroundDrawList(), vec2(display.x, display.y), session);
}

bool sendsCommand(const std::vector<UiAction>& actions, size_t from) {
    return std::any_of(actions.begin() + std::ptrdiff_t(from), actions.end(),
                       [](const UiAction& a) { return a.kind == UiActionKind::SendCommand; });
}

} // namespace

void runCommand(Command command, ViewerUiState& state, ViewerUiModel& model, std::vector<UiAction>& actions) {
    PanelVisibility& p = state.panels;
    interact::SelectionState& sel = model.selection;
    switch (command) {
    case Command::OpenFile:
        p.openDialog = true;
        state.focusOpenPath = true;
        break;
    case Command::Screenshot: actions.push_back(simple(UiActionKind::TakeScreenshot)); break;
    case Command::Quit: actions.push_back(simple(UiActionKind::Quit)); break;
    case Command::ToggleSceneTree: p.sceneTree = !p.sceneTree; break;
    case Command::ToggleInspector: p.inspector = !p.inspector; break;
    case Command::ToggleStats: p.stats = !p.stats; break;
    case Command::ToggleMeasurePanel: p.measurements = !p.measurements; break;
    case Command::ToggleSectionPanel: p.sections = !p.sections; break;
    case Command::ToggleViewpointsPanel: p.viewpoints = !p.viewpoints; break;
    case Command::ToggleAlarmsPanel: p.alarms = !p.alarms; break;
    case Command::ToggleCommandsPanel:
        p.commands = !p.commands;
        state.commandLog.focusCommand = p.commands; // opened to type a command
        break;
    case Command::ReplayPlayPause: toggleReplayPaused(model.replay, actions); break;
    case Command::ToggleTrendsPanel: p.trends = !p.trends; break;
    case Command::ToggleKpiPanel: p.kpis = !p.kpis; break;
    case Command::ToggleTimelinePanel: p.timeline = !p.timeline; break;
    case Command::ToggleComparePanel: p.compare = !p.compare; break;
    case Command::ToggleUsersPanel: p.users = !p.users; break;
    case Command::ToggleAnnotationsPanel: p.annotations = !p.annotations; break;
    case Command::ToggleHelp: p.help = !p.help; break;
    case Command::ToggleXray: sel.setXray(!sel.xray()); break;
    case Command::ToggleFullscreen: actions.push_back(simple(UiActionKind::ToggleFullscreen)); break;
    case Command::ToggleVsync: actions.push_back(simple(UiActionKind::ToggleVsync)); break;
    case Command::ToggleOrthographic: {
        UiAction a = simple(UiActionKind::SetOrthographic);
        a.flag = !model.camera.orthographic;
        actions.push_back(a);
        break;
    }
    // F with nothing selected frames everything: the key never silently does nothing.
    case Command::FrameSelection:
        actions.push_back(simple(hasSelection(model) ? UiActionKind::FrameSelection : UiActionKind::FrameAll));
        break;
    case Command::FrameAll: actions.push_back(simple(UiActionKind::FrameAll)); break;
    case Command::ViewFront: actions.push_back(standardView(interact::StandardView::Front)); break;
    case Command::ViewBack: actions.push_back(standardView(interact::StandardView::Back)); break;
    case Command::ViewLeft: actions.push_back(standardView(interact::StandardView::Left)); break;
    case Command::ViewRight: actions.push_back(standardView(interact::StandardView::Right)); break;
    case Command::ViewTop: actions.push_back(standardView(interact::StandardView::Top)); break;
    case Command::ViewBottom: actions.push_back(standardView(interact::StandardView::Bottom)); break;
    case Command::ViewIso: actions.push_back(standardView(interact::StandardView::Iso)); break;
    case Command::CycleNavigationMode: {
        UiAction a = simple(UiActionKind::SetNavigationMode);
        a.mode = interact::NavigationMode((int(model.navigationMode) + 1) % 3);
        actions.push_back(a);
        break;
    }
    case Command::FocusSearch:
        p.sceneTree = true;
        state.tree.focusFilter = true;
        break;
    case Command::IsolateSelection: toggleIsolation(model); break;
    case Command::HideSelection:
        if (hasSelection(model)) model.graph.setVisible(sel.selected(), false);
        break;
    case Command::ShowAll:
        sel.clearIsolation();
        model.graph.forEachNode([&](scene::NodeHandle n) { model.graph.setVisible(n, true); });
        break;
    // Esc backs out one level: the new-annotation prompt or placing, the pending measurement point, then measure
    // mode, then the selection.
    case Command::Cancel:
        if (state.annotations.prompt) {
            state.annotations.prompt.reset();
        } else if (inSession(model) && model.session->placingAnnotation) {
            UiAction a = simple(UiActionKind::BeginPlaceAnnotation);
            a.flag = false;
            actions.push_back(a);
        } else if (model.measurements.hasPending())
            model.measurements.cancelPending();
        else if (state.measureMode)
            state.measureMode = false;
        else
            sel.clearSelection();
        break;
    case Command::ToggleMeasureMode:
        state.measureMode = !state.measureMode;
        if (state.measureMode)
            p.measurements = true;
        else
            model.measurements.cancelPending();
        break;
    case Command::ClearMeasurements: model.measurements.clear(); break;
    case Command::AddSectionPlane:
        if (model.sections.planes().size() < interact::SectionState::kMaxPlanes)
            (void)model.sections.addPlane(
                defaultSectionPlane(model.graph.worldBounds(), model.sections.planes().size()));
        p.sections = true;
        break;
    case Command::ToggleSectionBox: {
        bool on = model.sections.box() && model.sections.box()->enabled;
        setSectionBoxEnabled(model.sections, model.graph.worldBounds(), !on);
        p.sections = true;
        break;
    }
    case Command::SaveViewpoint:
        saveCurrentViewpoint(model, "");
        p.viewpoints = true;
        break;
    case Command::NextViewpoint:
        if (const interact::Viewpoint* v = model.viewpoints.next()) actions.push_back(flyToAction(*v));
        break;
    case Command::PreviousViewpoint:
        if (const interact::Viewpoint* v = model.viewpoints.previous()) actions.push_back(flyToAction(*v));
        break;
    case Command::MoveForward:
    case Command::MoveBack:
    case Command::MoveLeft:
    case Command::MoveRight:
    case Command::MoveUp:
    case Command::MoveDown:
    case Command::MoveFast:
    case Command::Count: break; // held keys are polled through heldMoveInput(), not run
    }
}

std::vector<UiAction> drawViewerUi(ViewerUiState& state, ViewerUiModel& model) {
    std::vector<UiAction> actions;
    model.selection.prune(model.graph); // the feed may have removed selected/isolated nodes since last frame
    state.commands.clear();
    if (state.handleShortcuts) pressedCommands(state.commands);
    drawMenuBar(state, model);
    for (Command c : state.commands) runCommand(c, state, model, actions);

    PanelVisibility& p = state.panels;
    if (p.sceneTree) drawSceneTreePanel(state.tree, &p.sceneTree, model);
    if (p.inspector) {
        size_t before = actions.size();
        drawInspectorPanel(state.inspector, &p.inspector, model, actions);
        // A command sent from the inspector is answered in the Commands panel: show it.
        if (sendsCommand(actions, before)) p.commands = true;
    }
    if (p.stats) drawStatsPanel(state.stats, &p.stats, model);
    if (p.measurements) drawMeasurePanel(state.measure, &p.measurements, state.measureMode, model);
    if (p.sections) drawSectionPanel(state.sections, &p.sections, model);
    if (p.viewpoints) drawViewpointsPanel(state.viewpoints, &p.viewpoints, model, actions);
    if (model.twin) drawTwinUi(state, model, actions);
    if (inSession(model)) drawSessionUi(state, model, actions);
    drawOpenDialog(state, model, actions);
    drawReplayBar(state.replay, model.replay, actions);
    drawStatusBar(state.status, model, state.measureMode);
    if (p.help) drawHelpOverlay(&p.help);

    if (state.showSceneLabels) {
        // The background list draws under every panel but over the 3D image (ImGui renders after the scene), so
        // labels never cover the UI.
        ImDrawList* dl = ImGui::GetBackgroundDrawList();
        drawMeasurementOverlay(dl, model.camera, model.viewport, model.measurements, model.cursorPoint,
                               state.measure.decimals);
        drawHoverName(model);
    }
    return actions;
}

} // namespace tv::ui
