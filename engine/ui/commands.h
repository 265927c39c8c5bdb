// Commands — every user-invocable viewer operation, named once. The menu bar, the keyboard shortcut table
// (shortcuts.h) and the help overlay all refer to these values, so a command has one label everywhere and the help
// cannot drift from what the keys and menus do. Executing a command is runCommand() in viewer_ui.h. Any thread.
#pragma once

#include <cstdint>

namespace tv::ui {

enum class Command : uint8_t {
    // File
    OpenFile,
    Screenshot,
    Quit,
    // View: panels
    ToggleSceneTree,
    ToggleInspector,
    ToggleStats,
    ToggleMeasurePanel,
    ToggleSectionPanel,
    ToggleViewpointsPanel,
    ToggleAlarmsPanel,
    ToggleCommandsPanel,
    ToggleHelp,
    // View: rendering and camera
    ToggleXray,
    ToggleOrthographic,
    FrameSelection,
    FrameAll,
    ToggleFullscreen,
    ToggleVsync,
    ViewFront,
    ViewBack,
    ViewLeft,
    ViewRight,
    ViewTop,
    ViewBottom,
    ViewIso,
    CycleNavigationMode,
    // Selection and visibility
    FocusSearch,
    IsolateSelection,
    HideSelection,
    ShowAll,
    Cancel,
    // Tools
    ToggleMeasureMode,
    ClearMeasurements,
    AddSectionPlane,
    ToggleSectionBox,
    // Viewpoints
    SaveViewpoint,
    NextViewpoint,
    PreviousViewpoint,
    // Live twin
    ReplayPlayPause, // only while a recording is replayed (ViewerUiModel::replay.available)
    // Operator panels (only with a live twin)
    ToggleTrendsPanel,
    ToggleKpiPanel,
    ToggleTimelinePanel,
    ToggleComparePanel,
    // Shared session (only while in one: ViewerUiModel::session)
    ToggleUsersPanel,
    ToggleAnnotationsPanel,
    // Held keys read every frame by the camera (heldMoveInput), never dispatched as presses
    MoveForward,
    MoveBack,
    MoveLeft,
    MoveRight,
    MoveUp,
    MoveDown,
    MoveFast,
    Count
};

inline constexpr int kCommandCount = static_cast<int>(Command::Count);

// Short label for menus and the help table ("Frame selection"). Never null.
const char* commandLabel(Command command);
// True for the movement keys that are held rather than pressed.
bool isHeldCommand(Command command);

} // namespace tv::ui
