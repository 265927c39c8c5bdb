#include "app/desktop_controls.h"

#include "interact/ray.h"

#include <algorithm>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace tv::app {
namespace {

constexpr float kClickSlopPixels = 4.0f; // a press that moves less than this before release is a click

DesktopControls* self(GLFWwindow* w) { return static_cast<DesktopControls*>(glfwGetWindowUserPointer(w)); }

} // namespace

void DesktopControls::attach(GLFWwindow* window) {
    glfwSetWindowUserPointer(window, this);
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double x, double y) { self(w)->onCursor(x, y); });
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int b, int a, int) { self(w)->onButton(b, a == GLFW_PRESS); });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double dy) { self(w)->onScroll(dy); });
    glfwSetKeyCallback(window, [](GLFWwindow* w, int k, int, int a, int mods) {
        if (a == GLFW_PRESS) self(w)->onKey(k, true, mods);
    });
}

void DesktopControls::setInitialCamera(const scene::ViewCamera& camera) { m_nav.setCamera(camera); }

void DesktopControls::onCursor(double x, double y) {
    vec2 c{float(x), float(y)};
    if (m_left || m_right || m_middle) m_pendingDrag += c - m_cursor;
    if (m_left && glm::length(c - m_pressCursor) > kClickSlopPixels) m_dragged = true;
    m_cursor = c;
    m_cursorMoved = true;
}

void DesktopControls::onButton(int button, bool pressed) {
    if (button == GLFW_MOUSE_BUTTON_LEFT) {
        m_left = pressed;
        if (pressed) {
            m_leftPressed = true;
            m_dragged = false;
            m_pressCursor = m_cursor;
        } else
            m_leftReleased = true;
    } else if (button == GLFW_MOUSE_BUTTON_RIGHT) {
        m_right = pressed;
        if (pressed) m_rightPressed = true;
    } else if (button == GLFW_MOUSE_BUTTON_MIDDLE) {
        m_middle = pressed;
    }
}

void DesktopControls::onScroll(double dy) { m_pendingWheel += float(dy); }

void DesktopControls::onKey(int key, bool pressed, int mods) {
    if (pressed) m_keyPresses.emplace_back(key, mods);
}

const interact::RayHit* DesktopControls::hitUnderCursor(const scene::FrameExtract& extract) {
    // The BVH top level is rebuilt at most once per frame, and only when a query needs it (hover, click, zoom).
    if (m_raycastFrame != m_frame || m_raycastBuiltFor != &extract) {
        m_raycaster.build(extract);
        m_raycastFrame = m_frame;
        m_raycastBuiltFor = &extract;
        m_hitValid = false;
    }
    if (!m_hitValid) {
        interact::Ray ray = interact::rayFromPixel(m_nav.camera(extract.bounds), m_cursor, m_nav.viewport());
        interact::RaycastOptions options;
        if (m_passThrough) options.accept = [this](scene::NodeHandle n) { return !m_passThrough(n); };
        m_hit = m_raycaster.cast(ray, options);
        // A hit on cut-away geometry is not what the user sees: continue the ray just past it (bounded, so a
        // pathological stack of thin layers cannot stall the frame).
        float travelled = 0.0f;
        for (int i = 0; i < 32 && m_hit && m_sections && m_sections->isClipped(m_hit->position); ++i) {
            const float step = std::max(m_hit->distance * 1e-4f, 1e-5f);
            travelled += m_hit->distance + step;
            interact::Ray next{ray.origin + ray.direction * travelled, ray.direction};
            m_hit = m_raycaster.cast(next, options);
            if (m_hit) m_hit->distance += travelled;
        }
        if (m_hit && m_sections && m_sections->isClipped(m_hit->position)) m_hit.reset();
        m_hitValid = true;
    }
    return m_hit ? &*m_hit : nullptr;
}

Aabb DesktopControls::selectionBounds(const scene::SceneGraph& graph, const scene::FrameExtract& extract) const {
    return m_selection.selectionBounds(graph, extract);
}

std::optional<interact::MeasurePoint> DesktopControls::cursorPoint() const {
    if (!m_hitValid || !m_hit) return std::nullopt;
    return interact::MeasurePoint{m_hit->position, m_hit->node};
}

void DesktopControls::update(float dt, scene::SceneGraph& graph, const scene::FrameExtract& extract, vec2 viewport,
                             const FrameUiInput& ui) {
    ++m_frame;
    m_nav.setViewport(viewport);
    m_nav.setRaycaster(&m_raycaster);
    m_selection.prune(graph);
    Aabb sel = selectionBounds(graph, extract);
    m_nav.setSelectionPivot(sel.empty() ? std::nullopt : std::optional<vec3>(sel.center()));

    if (ui.uiWantsMouse) {
        // The pointer is over a panel: it belongs to ImGui. Drop this frame's mouse input (a drag that began in the
        // view continues, because ImGui only claims the mouse for presses that start over its windows).
        m_pendingWheel = 0.0f;
        m_leftPressed = m_leftReleased = false;
        if (!m_left && !m_right && !m_middle) m_pendingDrag = vec2(0.0f);
    }
    const bool orbitMode = m_nav.mode() == interact::NavigationMode::Orbit;
    if (m_leftPressed && orbitMode) {
        hitUnderCursor(extract); // the orbit pivot may be the surface under the cursor
        m_nav.beginOrbit(m_cursor);
    }
    const bool dragging = m_pendingDrag != vec2(0.0f) && ((m_left && m_dragged) || m_right || m_middle);
    m_navigated =
        dragging || m_pendingWheel != 0.0f || ui.move.forward != 0.0f || ui.move.right != 0.0f || ui.move.up != 0.0f;
    if (m_pendingDrag != vec2(0.0f)) {
        if (orbitMode) {
            if (m_left && m_dragged)
                m_nav.orbit(m_pendingDrag.x, m_pendingDrag.y);
            else if (m_right || m_middle)
                m_nav.pan(m_pendingDrag.x, m_pendingDrag.y);
        } else if (m_right || m_left) {
            m_nav.look(m_pendingDrag.x, m_pendingDrag.y);
        }
    }
    if (m_pendingWheel != 0.0f) {
        if (orbitMode) {
            hitUnderCursor(extract);
            m_nav.zoom(m_pendingWheel, m_cursor);
        } else
            m_nav.adjustSpeed(m_pendingWheel);
    }
    const bool clicked = m_leftReleased && !m_dragged;
    if (clicked && m_clickInterceptor &&
        m_clickInterceptor(interact::rayFromPixel(m_nav.camera(extract.bounds), m_cursor, m_nav.viewport()))) {
        // taken (e.g. a click on an annotation pin selects the annotation, not the surface behind it)
    } else if (clicked) {
        const interact::RayHit* hit = hitUnderCursor(extract);
        if (ui.placeAnnotationMode) {
            if (hit) m_placed = *hit;
        } else if (ui.measureMode) {
            if (hit) m_measurements.addPoint({hit->position, hit->node});
        } else if (hit) {
            m_selection.select(hit->node);
        } else {
            m_selection.clearSelection();
        }
    }
    if (!orbitMode) {
        const interact::MoveInput& mv = ui.move;
        if (mv.forward != 0.0f || mv.right != 0.0f || mv.up != 0.0f || m_nav.mode() == interact::NavigationMode::Walk) {
            if (m_nav.mode() == interact::NavigationMode::Walk) hitUnderCursor(extract); // walk needs the BVH
            m_nav.move(mv, dt);
        }
    }
    // Hover: only when the cursor moved and no button is held (dragging makes hover meaningless).
    if ((m_cursorMoved || ui.measureMode || ui.placeAnnotationMode) && !m_left && !m_right && !m_middle &&
        !ui.uiWantsMouse) {
        const interact::RayHit* hit = hitUnderCursor(extract);
        m_selection.setHover(hit ? hit->node : scene::NodeHandle{});
    }
    m_nav.update(dt);
    m_pendingDrag = vec2(0.0f);
    m_pendingWheel = 0.0f;
    m_leftPressed = m_leftReleased = m_rightPressed = m_cursorMoved = false;
}

void DesktopControls::filter(const scene::SceneGraph& graph, scene::FrameExtract& extract) const {
    m_selection.applyTo(graph, extract);
}

std::string DesktopControls::statusText(const scene::SceneGraph& graph) const {
    std::string s = interact::navigationModeName(m_nav.mode());
    if (m_nav.camera().orthographic) s += ", ortho";
    if (m_selection.xray()) s += ", x-ray";
    if (m_selection.isolating()) s += ", isolated";
    if (m_nav.transitioning()) s += ", moving";
    if (graph.isValid(m_selection.selected())) s += " | selected " + graph.path(m_selection.selected());
    if (graph.isValid(m_selection.hover())) s += " | hover " + graph.name(m_selection.hover());
    return s;
}

} // namespace tv::app
