// Viewer UI — the desktop viewer's whole Dear ImGui layer in one call per frame: main menu bar, scene tree,
// inspector, stats overlay, measurements, section planes, viewpoints, help overlay, status bar, the open-file
// dialog, measurement labels in the scene and the hovered node's name; keyboard shortcuts from the shortcut table.
// With a live twin (ViewerUiModel::twin): the inspector's live data, the alarms and commands panels, the feeds in
// the status bar, the twin's labels in the view and, while a recording plays, the replay bar. In a shared session
// (ViewerUiModel::session): the Users and Annotations panels, the new-annotation prompt, name tags, pointer and
// selection tags and pin labels over the view, notice toasts and the session in the status bar.
//
// Each frame, between the ImGui backends' NewFrame and ImGui::Render (UiContext::beginFrame/endFrame):
//     std::vector<ui::UiAction> actions = ui::drawViewerUi(uiState, model);
//     interact::MoveInput move = ui::heldMoveInput(); // fly/walk keys, when the camera is in fly or walk mode
// then execute `actions` (open file, screenshot, fly to, ...). Panels edit the interaction state referenced by the
// model directly and own nothing of the app. Main thread only.
#pragma once

#include "ui/alarms_panel.h"
#include "ui/command_log_panel.h"
#include "ui/commands.h"
#include "ui/compare_panel.h"
#include "ui/inspector_panel.h"
#include "ui/kpi_panel.h"
#include "ui/measure_panel.h"
#include "ui/replay_bar.h"
#include "ui/scene_tree_panel.h"
#include "ui/section_panel.h"
#include "ui/session_panel.h"
#include "ui/annotations_panel.h"
#include "ui/stats_panel.h"
#include "ui/timeline_panel.h"
#include "ui/trends_panel.h"
#include "ui/status_bar.h"
#include "ui/ui_action.h"
#include "ui/ui_model.h"
#include "ui/viewpoints_panel.h"
#include "ui/world_labels.h"

#include <span>
#include <string>
#include <vector>

namespace tv::ui {

struct PanelVisibility {
    bool sceneTree = true;
    bool inspector = true;
    bool stats = true;
    bool measurements = false;
    bool sections = false;
    bool viewpoints = false;
    bool alarms = true;    // shown only while a twin is live
    bool commands = false; // shown only while a twin is live; opens by itself when the inspector sends a command
    bool trends = false;   // operator panels: shown only while a twin is live
    bool kpis = true;
    bool timeline = true;
    bool compare = false;
    bool help = false;
    bool openDialog = false;
    bool users = true;        // shown only while in a shared session
    bool annotations = false; // shown only while in a shared session
};

// The panels `twinview --panels` can name, in the order its help lists them, and the flag each one opens.
struct NamedPanel {
    const char* name;
    bool PanelVisibility::*open;
};
std::span<const NamedPanel> namedPanels();

// Everything the UI remembers between frames (no app objects). Default-constructible; one per window.
struct ViewerUiState {
    PanelVisibility panels;
    bool measureMode = false;    // clicks in the view pick measurement points (the app reads this)
    bool handleShortcuts = true; // drawViewerUi dispatches key presses from the shortcut table
    bool showSceneLabels = true; // measurement lines/labels, the hover name and the twin's labels over the view
    std::string openPath;        // the open dialog's path field
    bool focusOpenPath = false;
    SceneTreePanelState tree;
    InspectorPanelState inspector;
    StatsPanelState stats;
    MeasurePanelState measure;
    SectionPanelState sections;
    ViewpointsPanelState viewpoints;
    AlarmsPanelState alarms;
    CommandLogPanelState commandLog;
    ReplayBarState replay;
    StatusBarState status;
    SessionPanelState sessionPanel;
    AnnotationsPanelState annotations;
    TrendsPanelState trends;
    KpiPanelState kpis;
    TimelinePanelState timeline;
    ComparePanelState compare;
    LabelLayerSettings labels;     // layers shown, fading and declutter of the twin's 3D labels (View > Labels)
    std::vector<Command> commands; // this frame's commands (keys, then menu), reused
};

// Draws the whole UI for this frame and returns what the app must do. Call inside an ImGui frame.
std::vector<UiAction> drawViewerUi(ViewerUiState& state, ViewerUiModel& model);

// Executes one command the way its menu item and shortcut do: toggles UI state, edits interaction state, or
// appends a UiAction. Lets the app trigger commands from elsewhere (a toolbar, a gamepad, scripts).
void runCommand(Command command, ViewerUiState& state, ViewerUiModel& model, std::vector<UiAction>& actions);

} // namespace tv::ui
