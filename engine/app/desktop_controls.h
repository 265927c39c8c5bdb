// DesktopControls — turns GLFW mouse and keyboard input into navigation, selection and hover on the desktop
// viewer, using tv::interact (NavigationController, SceneRaycaster, SelectionState). GLFW callbacks only record
// input; update() applies it once per frame on the main thread, so the frame has one writer.
//
// Mouse: left-drag orbits (around the selection, else the point under the cursor), a left click selects what is
// under the cursor (background clears), right/middle-drag pans, the wheel zooms to the cursor. In fly/walk mode the
// right button held turns the view and W/A/S/D/Q/E move (Shift faster), the wheel changes speed.
// Keys: see kShortcuts in desktop_controls.cpp (also printed by --help-keys).
#pragma once

#include "interact/navigation_controller.h"
#include "interact/scene_raycast.h"
#include "interact/selection_state.h"
#include "scene/frame_extract.h"
#include "scene/scene_graph.h"

#include <string>
#include <vector>

struct GLFWwindow;

namespace tv::app {

struct Shortcut {
    const char* keys;
    const char* action;
};
// Every shortcut, for the help text (single source of truth for what update() dispatches).
const std::vector<Shortcut>& desktopShortcuts();

class DesktopControls {
public:
    void attach(GLFWwindow* window); // installs GLFW callbacks; the object must outlive the window's use of them
    void setInitialCamera(const scene::ViewCamera& camera);

    // Applies this frame's input; then filter(extract) applies isolation/x-ray to the frame about to be drawn.
    void update(float dt, scene::SceneGraph& graph, const scene::FrameExtract& extract, vec2 viewport);
    void filter(const scene::SceneGraph& graph, scene::FrameExtract& extract) const;

    scene::ViewCamera camera(const Aabb& sceneBounds) const { return m_nav.camera(sceneBounds); }
    interact::NavigationController& navigation() { return m_nav; }
    interact::SelectionState& selection() { return m_selection; }
    bool screenshotRequested() { bool r = m_screenshot; m_screenshot = false; return r; }
    bool quitRequested() const { return m_quit; }
    // One line for the window title: mode, selection, hover.
    std::string statusText(const scene::SceneGraph& graph) const;

    // ---- Input recording (called from GLFW callbacks; public for tests that drive controls directly) ----------
    void onCursor(double x, double y);
    void onButton(int button, bool pressed);
    void onScroll(double dy);
    void onKey(int key, bool pressed, int mods);

private:
    const interact::RayHit* hitUnderCursor(const scene::FrameExtract& extract);
    void handleKey(int key, int mods, scene::SceneGraph& graph, const scene::FrameExtract& extract);
    Aabb selectionBounds(const scene::SceneGraph& graph, const scene::FrameExtract& extract) const;

    interact::NavigationController m_nav;
    interact::SceneRaycaster m_raycaster;
    interact::SelectionState m_selection;
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
    std::vector<std::pair<int, int>> m_keyPresses; // key, mods
    bool m_keys[512] = {};
    bool m_screenshot = false, m_quit = false;
};

} // namespace tv::app
