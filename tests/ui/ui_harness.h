// Drives tv::ui through ImGui's null backend: a UiContext with a CPU-built font atlas, fixed display size and time
// step, mouse/keyboard state written into ImGuiIO as a platform backend would (ImGui 1.86: io.MousePos,
// io.MouseDown[], io.KeysDown[] indexed by GLFW key codes), and a small scene with the interaction state the
// panels edit. Widgets are found by their ImGui ID: the harness sweeps the mouse over a region until ImGui reports
// that ID hovered, so tests click real widgets wherever the layout puts them. Text fields are typed into through
// io.AddInputCharacter and the key map a GLFW backend sets; `captureText` reads back the text the last frame drew
// (glyph quads of the draw data mapped back to characters through the font atlas' UVs), so tests check what a
// panel really showed, and in which colour.
#pragma once

#include "scene/asset_builder.h"
#include "scene/mesh_builder.h"
#include "ui/shortcuts.h"
#include "ui/ui_context.h"
#include "ui/viewer_ui.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tv::ui::test {

struct Harness {
    UiContext ctx;
    vec2 display{1600.0f, 1000.0f};
    std::function<void()> draw = [] {};

    bool captureText = false;
    // With captureText: the text drawn in the last frame. Per window (draw list) in drawing order, its lines top
    // to bottom, each left to right; any horizontal gap becomes one space and each line ends with '\n'.
    std::string text;
    std::vector<ImU32> textColours; // parallel to `text` (0 for the separators the reader inserted)

    Harness() {
        ctx.buildFontAtlasRgba();
        // What the ImGui GLFW backend maps, so text fields see Enter / Backspace / arrows.
        ImGuiIO& io = ImGui::GetIO();
        io.KeyMap[ImGuiKey_Enter] = int(Key::Enter);
        io.KeyMap[ImGuiKey_Backspace] = int(Key::Backspace);
        io.KeyMap[ImGuiKey_Delete] = int(Key::Delete);
        io.KeyMap[ImGuiKey_LeftArrow] = int(Key::Left);
        io.KeyMap[ImGuiKey_RightArrow] = int(Key::Right);
        io.KeyMap[ImGuiKey_Home] = int(Key::Home);
        io.KeyMap[ImGuiKey_End] = int(Key::End);
        io.KeyMap[ImGuiKey_Escape] = int(Key::Escape);
        io.KeyMap[ImGuiKey_Tab] = int(Key::Tab);
        io.KeyMap[ImGuiKey_Space] = int(Key::Space);
    }

    void frame() {
        ctx.beginFrame(display, 1.0f / 60.0f);
        draw();
        ImDrawData* data = ctx.endFrame();
        if (captureText) readText(data);
    }
    // The colour of the first character of the first occurrence of `needle` in `text`, or 0 when absent.
    ImU32 colourOf(const std::string& needle) const {
        size_t at = text.find(needle);
        return at == std::string::npos ? 0u : textColours[at];
    }
    // Types into the focused text field (characters as a platform backend queues them).
    void type(const std::string& chars) {
        for (char c : chars) ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
        frame();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    void readText(const ImDrawData* data) {
        text.clear();
        textColours.clear();
        const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
        std::map<std::pair<float, float>, const ImFontGlyph*> byUv;
        for (const ImFontGlyph& g : font->Glyphs)
            if (g.Visible) byUv[{g.U0, g.V0}] = &g;
        const float space = font->FindGlyph(' ')->AdvanceX;
        struct Glyph {
            float x, y, advance;
            char c;
            ImU32 colour;
        };
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const ImVector<ImDrawVert>& v = data->CmdLists[l]->VtxBuffer;
            std::vector<Glyph> glyphs;
            // A glyph is the quad PrimRectUV writes: (U0,V0) (U1,V0) (U1,V1) (U0,V1).
            for (int i = 0; i + 3 < v.Size;) {
                auto it = byUv.find({v[i].uv.x, v[i].uv.y});
                const ImFontGlyph* g = it == byUv.end() ? nullptr : it->second;
                if (g && v[i + 1].uv.x == g->U1 && v[i + 2].uv.y == g->V1 && v[i + 3].uv.x == g->U0) {
                    glyphs.push_back(
                        {v[i].pos.x - g->X0, v[i].pos.y - g->Y0, g->AdvanceX, char(g->Codepoint), v[i].col});
                    i += 4;
                } else {
                    ++i;
                }
            }
            // Lines: glyphs whose pen y is within half a line of the line's first (a button's text sits a frame
            // padding lower than a label beside it), then left to right.
            std::stable_sort(glyphs.begin(), glyphs.end(), [](const Glyph& a, const Glyph& b) { return a.y < b.y; });
            const float halfLine = font->FontSize * 0.5f;
            for (size_t start = 0; start < glyphs.size();) {
                size_t end = start;
                while (end < glyphs.size() && glyphs[end].y - glyphs[start].y <= halfLine) ++end;
                std::stable_sort(glyphs.begin() + std::ptrdiff_t(start), glyphs.begin() + std::ptrdiff_t(end),
                                 [](const Glyph& a, const Glyph& b) { return a.x < b.x; });
                for (size_t i = start; i < end; ++i) {
                    const Glyph& g = glyphs[i];
                    if (i > start && g.x - (glyphs[i - 1].x + glyphs[i - 1].advance) > space * 0.5f) {
                        text += ' ';
                        textColours.push_back(0);
                    }
                    text += g.c;
                    textColours.push_back(g.colour);
                }
                text += '\n';
                textColours.push_back(0);
                start = end;
            }
        }
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
