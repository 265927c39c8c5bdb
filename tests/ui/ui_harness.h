// Drives tv::ui through ImGui's null backend: a UiContext with a CPU-built font atlas, fixed display size and time
// step, mouse/keyboard state written into ImGuiIO as a platform backend would (ImGui 1.86: io.MousePos,
// io.MouseDown[], io.KeysDown[] indexed by GLFW key codes), and a small scene with the interaction state the
// panels edit. Widgets are found by their ImGui ID: the harness sweeps the mouse over a region until ImGui reports
// that ID hovered, so tests click real widgets wherever the layout puts them.
#pragma once

#include "scene/asset_builder.h"
#include "scene/mesh_builder.h"
#include "ui/shortcuts.h"
#include "ui/ui_context.h"
#include "ui/viewer_ui.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <gtest/gtest.h>

#include <functional>
#include <optional>

namespace tv::ui::test {

struct Harness {
    UiContext ctx;
    vec2 display{1600.0f, 1000.0f};
    std::function<void()> draw = [] {};

    Harness() { ctx.buildFontAtlasRgba(); }

    void frame() {
        ctx.beginFrame(display, 1.0f / 60.0f);
        draw();
        ctx.endFrame();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    void mouseTo(const vec2& p) { ImGui::GetIO().MousePos = ImVec2(p.x, p.y); }
    // Hover, press, release, settle: ImGui buttons fire on release, tree nodes on press.
    void click(const vec2& p) {
        mouseTo(p);
        frame();
        ImGui::GetIO().MouseDown[0] = true;
        frame();
        ImGui::GetIO().MouseDown[0] = false;
        frame();
        frame();
    }
    void pressKey(Key key, uint8_t mods = kModNone) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = mods & kModCtrl;
        io.KeyShift = mods & kModShift;
        io.KeyAlt = mods & kModAlt;
        io.KeysDown[int(key)] = true;
        frame();
        io.KeysDown[int(key)] = false;
        io.KeyCtrl = io.KeyShift = io.KeyAlt = false;
        frame();
    }
    // The ID ImGui reported hovered in the last frame.
    ImGuiID hoveredId() const { return ImGui::GetCurrentContext()->HoveredId; }
    ImGuiWindow* window(const char* name) const { return ImGui::FindWindowByName(name); }

    // Sweeps the mouse over [min, max] (rows first) until `id` is hovered; returns that position.
    std::optional<vec2> findItem(ImGuiID id, vec2 min, vec2 max, float step = 4.0f) {
        for (float y = min.y + step * 0.5f; y < max.y; y += step)
            for (float x = min.x + step * 0.5f; x < max.x; x += step * 4.0f) {
                mouseTo({x, y});
                frame();
                if (hoveredId() == id) return vec2(x, y);
            }
        return std::nullopt;
    }
    std::optional<vec2> findInWindow(ImGuiWindow* w, ImGuiID id, float step = 4.0f) {
        if (!w) return std::nullopt;
        return findItem(id, {w->Pos.x, w->Pos.y}, {w->Pos.x + w->Size.x, w->Pos.y + w->Size.y}, step);
    }
};

// A small plant: plant/{tank-1/{level, valve}, tank-2, pump-3} plus whatever a test adds.
struct World {
    scene::SceneGraph graph;
    interact::SelectionState selection;
    interact::MeasurementTool measurements;
    interact::SectionState sections;
    interact::ViewpointList viewpoints;
    interact::FrameTimeHistory frameTimes{120};
    scene::NodeHandle plant, tank1, level, valve, tank2, pump3;

    World() {
        plant = graph.createNode("plant");
        tank1 = graph.createNode("Tank-1", plant);
        level = graph.createNode("level", tank1);
        valve = graph.createNode("valve", tank1);
        tank2 = graph.createNode("tank-2", plant);
        pump3 = graph.createNode("pump-3", plant);
        graph.updateWorldTransforms();
        for (int i = 0; i < 120; ++i) frameTimes.push(10.0f + float(i % 7), 5.0f);
    }
    ViewerUiModel model() {
        ViewerUiModel m{graph, selection, measurements, sections, viewpoints, frameTimes};
        m.viewport = {1600.0f, 1000.0f};
        return m;
    }
};

} // namespace tv::ui::test
