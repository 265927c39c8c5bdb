#include "ui/commands.h"

#include "core/assert.h"

namespace tv::ui {

const char* commandLabel(Command command) {
    switch (command) {
    case Command::OpenFile: return "Open file";
    case Command::Screenshot: return "Screenshot";
    case Command::Quit: return "Quit";
    case Command::ToggleSceneTree: return "Scene tree panel";
    case Command::ToggleInspector: return "Inspector panel";
    case Command::ToggleStats: return "Stats overlay";
    case Command::ToggleMeasurePanel: return "Measurements panel";
    case Command::ToggleSectionPanel: return "Section planes panel";
    case Command::ToggleViewpointsPanel: return "Viewpoints panel";
    case Command::ToggleAlarmsPanel: return "Alarms panel";
    case Command::ToggleCommandsPanel: return "Commands panel";
    case Command::ToggleHelp: return "Help (shortcuts)";
    case Command::ToggleXray: return "X-ray (ghost) mode";
    case Command::ToggleOrthographic: return "Perspective / orthographic";
    case Command::ToggleFullscreen: return "Fullscreen";
    case Command::ToggleVsync: return "Vertical sync";
    case Command::FrameSelection: return "Frame selection";
    case Command::FrameAll: return "Frame all";
    case Command::ViewFront: return "Front view";
    case Command::ViewBack: return "Back view";
    case Command::ViewLeft: return "Left view";
    case Command::ViewRight: return "Right view";
    case Command::ViewTop: return "Top view";
    case Command::ViewBottom: return "Bottom view";
    case Command::ViewIso: return "Isometric view";
    case Command::CycleNavigationMode: return "Next navigation mode (orbit, fly, walk)";
    case Command::FocusSearch: return "Search the scene tree";
    case Command::IsolateSelection: return "Isolate selection (toggle)";
    case Command::HideSelection: return "Hide selection";
    case Command::ShowAll: return "Show all (unhide, end isolation)";
    case Command::Cancel: return "Cancel measurement / clear selection";
    case Command::ToggleMeasureMode: return "Measure tool";
    case Command::ClearMeasurements: return "Clear measurements";
    case Command::AddSectionPlane: return "Add section plane";
    case Command::ToggleSectionBox: return "Section box";
    case Command::SaveViewpoint: return "Save viewpoint";
    case Command::NextViewpoint: return "Next viewpoint (tour)";
    case Command::PreviousViewpoint: return "Previous viewpoint (tour)";
    case Command::ReplayPlayPause: return "Replay: play / pause";
    case Command::ToggleTrendsPanel: return "Trends panel";
    case Command::ToggleKpiPanel: return "KPI tiles";
    case Command::ToggleTimelinePanel: return "Timeline";
    case Command::ToggleComparePanel: return "Compare moments";
    case Command::ToggleUsersPanel: return "Users panel (session)";
    case Command::ToggleAnnotationsPanel: return "Annotations panel (session)";
    case Command::MoveForward: return "Fly/walk forward";
    case Command::MoveBack: return "Fly/walk back";
    case Command::MoveLeft: return "Fly/walk left";
    case Command::MoveRight: return "Fly/walk right";
    case Command::MoveUp: return "Fly up";
    case Command::MoveDown: return "Fly down";
    case Command::MoveFast: return "Move faster (hold)";
    case Command::Count: break;
    }
    TV_ASSERT(false, "commandLabel: not a command");
    return "";
}

bool isHeldCommand(Command command) { return command >= Command::MoveForward && command <= Command::MoveFast; }

} // namespace tv::ui
