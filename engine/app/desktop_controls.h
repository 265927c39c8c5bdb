// DesktopControls — turns GLFW mouse and keyboard input into navigation, selection and hover on the desktop
// viewer, using tv::interact (NavigationController, SceneRaycaster, SelectionState). GLFW callbacks only record
// input; update() applies it once per frame on the main thread, so the frame has one writer.
//
// Mouse: left-drag orbits (around the selection, else the point under the cursor), a left click selects what is
// under the cursor (background clears) or, in measure mode, places a measurement point; right/middle-drag pans, the
// wheel zooms to the cursor. In fly/walk mode the right button held turns the view, the wheel changes speed, and
// the held movement keys (from the UI's shortcut table) move. Keyboard shortcuts are dispatched by the UI
// (tv::ui shortcuts()), which asks for navigation through UiActions.
#pragma once

#include "interact/measurement.h"
#include "interact/navigation_controller.h"
#include "interact/scene_raycast.h"
#include "interact/section_planes.h"
#include "interact/selection_state.h"
#include "scene/frame_extract.h"
#include "scene/scene_graph.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct GLFWwindow;

namespace tv::app {

// What the UI reported for this frame: whether ImGui owns the mouse, the measure mode, held movement keys.
struct FrameUiInput {
    bool uiWantsMouse = false;
    bool measureMode = false;
    bool placeAnnotationMode = false; // a click places an annotation (takePlacedPoint) instead of selecting
    interact::MoveInput move;
};

class DesktopControls {
public:
    void attach(GLFWwindow* window); // installs GLFW callbacks; the object must outlive the window's use of them
    void setInitialCamera(const scene::ViewCamera& camera);
    // Section planes cut what the cursor can hit: picking, hover and measuring see through cut-away geometry.
    void setSections(const interact::SectionState* sections) { m_sections = sections; }
    // Nodes the cursor passes through (other users' avatars and annotation pins: drawn in the scene, not part of
    // the twin): picking, hover, measuring and orbit pivots see what lies behind them.
    void setPickThrough(std::function<bool(scene::NodeHandle)> passThrough) { m_passThrough = std::move(passThrough); }

    // Applies this frame's input; then filter(extract) applies isolation/x-ray to the frame about to be drawn.
    void update(float dt, scene::SceneGraph& graph, const scene::FrameExtract& extract, vec2 viewport,
                const FrameUiInput& ui);
    void filter(const scene::SceneGraph& graph, scene::FrameExtract& extract) const;

    scene::ViewCamera camera(const Aabb& sceneBounds) const { return m_nav.camera(sceneBounds); }
    interact::NavigationController& navigation() { return m_nav; }
    interact::SelectionState& selection() { return m_selection; }
    interact::MeasurementTool& measurements() { return m_measurements; }
    // The surface under the cursor as of the last hover query (measure preview, labels).
    std::optional<interact::MeasurePoint> cursorPoint() const;
    // Sees every click in the view first (a ray through the cursor); returning true takes it (no selection).
    void setClickInterceptor(std::function<bool(const interact::Ray&)> intercept) {
        m_clickInterceptor = std::move(intercept);
    }
    // The user moved the camera this frame (drag, wheel, movement keys): a follower breaks away.
    bool navigatedThisFrame() const { return m_navigated; }
    // In placeAnnotationMode, the surface a click landed on (taken once).
    std::optional<interact::RayHit> takePlacedPoint() { return std::exchange(m_placed, std::nullopt); }
    Aabb selectionBounds(const scene::SceneGraph& graph, const scene::FrameExtract& extract) const;
    // One line for the window title: mode, selection, hover.
    std::string statusText(const scene::SceneGraph& graph) const;

    // ---- Input recording (called from GLFW callbacks; public for tests that drive controls directly) ----------
    void onCursor(double x, double y);
    void onButton(int button, bool pressed);
    void onScroll(double dy);
    void onKey(int key, bool pressed, int mods);
    // Key presses since the last call (GLFW key code, GLFW modifier bits). Recorded from callbacks rather than
    // polled per frame, so a tap shorter than a frame (slow software rendering, scripted input) is never lost.
    std::vector<std::pair<int, int>> takeKeyPresses() { return std::exchange(m_keyPresses, {}); }
    // The presses recorded since the last takeKeyPresses(), without taking them.
    const std::vector<std::pair<int, int>>& pendingKeyPresses() const { return m_keyPresses; }

private:
    const interact::RayHit* hitUnderCursor(const scene::FrameExtract& extract);

    interact::NavigationController m_nav;
    interact::SceneRaycaster m_raycaster;
    interact::SelectionState m_selection;
    interact::MeasurementTool m_measurements;
    const interact::SectionState* m_sections = nullptr;
    std::function<bool(scene::NodeHandle)> m_passThrough;
    std::optional<interact::RayHit> m_placed;
    std::function<bool(const interact::Ray&)> m_clickInterceptor;
    bool m_navigated = false;
    const scene::FrameExtract* m_raycastBuiltFor = nullptr;
    uint64_t m_raycastFrame = UINT64_MAX, m_frame = 0;
    std::optional<interact::RayHit> m_hit;
    bool m_hitValid = false;

    vec2 m_cursor{0.0f}, m_pressCursor{0.0f};
    vec2 m_pendingDrag{0.0f};
    float m_pendingWheel = 0.0f;
    bool m_left = false, m_right = false, m_middle = false;
    bool m_leftPressed = false, m_leftReleased = false, m_rightPressed = false, m_dragged = false;
    bool m_cursorMoved = false;
    std::vector<std::pair<int, int>> m_keyPresses;
};

} // namespace tv::app
