#include "ui/section_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace tv::ui {

int planeAxis(const vec3& normal) {
    for (int axis = 0; axis < 3; ++axis)
        if (std::abs(std::abs(normal[axis]) - 1.0f) < 1e-5f) return axis;
    return -1;
}

vec2 planePositionRange(const Aabb& bounds, const vec3& normal) {
    if (bounds.empty()) return {-1.0f, 1.0f};
    float lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < 8; ++i) {
        vec3 c{(i & 1) ? bounds.max.x : bounds.min.x, (i & 2) ? bounds.max.y : bounds.min.y,
               (i & 4) ? bounds.max.z : bounds.min.z};
        float d = glm::dot(normal, c);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    float margin = std::max((hi - lo) * 0.05f, 1e-3f);
    return {lo - margin, hi + margin};
}

interact::SectionPlane defaultSectionPlane(const Aabb& bounds, size_t slot) {
    if (bounds.empty()) {
        interact::SectionPlane p;
        p.normal = vec3(0.0f);
        p.normal[int(slot % 3)] = 1.0f;
        return p;
    }
    return interact::axisPlaneThroughMiddle(bounds, int(slot % 3));
}

void setSectionBoxEnabled(interact::SectionState& sections, const Aabb& bounds, bool on) {
    if (on && !sections.box()) {
        Aabb start = bounds.empty() ? Aabb{vec3(-1.0f), vec3(1.0f)} : bounds;
        sections.setBox(interact::SectionBox{start, mat4(1.0f), true});
    } else if (sections.box()) {
        interact::SectionBox box = *sections.box();
        box.enabled = on;
        sections.setBox(box);
    }
}

namespace {

void drawPlane(SectionPanelState& state, interact::SectionState& sections, size_t i, const Aabb& bounds,
               bool& removed) {
    interact::SectionPlane plane = sections.plane(i);
    bool changed = false;
    ImGui::PushID(int(i));
    ImGui::Text("Plane %zu", i + 1);
    ImGui::SameLine();
    changed |= ImGui::Checkbox("Enabled", &plane.enabled);
    ImGui::SameLine();
    if (ImGui::SmallButton("Flip")) {
        plane.normal = -plane.normal; // the same plane, keeping the other side
        plane.offset = -plane.offset;
        changed = true;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Remove")) removed = true;

    int axis = planeAxis(plane.normal);
    int mode = state.freeNormal[i] || axis < 0 ? 3 : axis;
    static constexpr const char* kModes[] = {"X", "Y", "Z", "Free"};
    float position = -plane.offset; // the plane is where dot(n, p) = -offset
    ImGui::SetNextItemWidth(90.0f);
    if (ImGui::Combo("Normal", &mode, kModes, 4)) {
        state.freeNormal[i] = mode == 3;
        if (mode < 3) {
            vec3 n(0.0f);
            n[mode] = 1.0f;
            // Re-centre along the new axis: a position on the old normal means nothing on the new one.
            plane = interact::axisPlaneThroughMiddle(bounds.empty() ? Aabb{vec3(-1.0f), vec3(1.0f)} : bounds, mode);
            plane.enabled = sections.plane(i).enabled;
            position = -plane.offset;
        }
        changed = true;
    }
    if (mode == 3) {
        vec3 n = plane.normal;
        if (ImGui::DragFloat3("Direction", &n.x, 0.01f, -1.0f, 1.0f, "%.2f") && glm::length(n) > 1e-4f) {
            plane.normal = glm::normalize(n);
            changed = true;
        }
    }
    vec2 range = planePositionRange(bounds, plane.normal);
    if (ImGui::SliderFloat("Position", &position, range.x, range.y, "%.3f m")) changed = true;
    plane.offset = -position;
    if (changed && !removed) sections.setPlane(i, plane);
    ImGui::PopID();
}

void drawBox(interact::SectionState& sections, const Aabb& bounds) {
    bool on = sections.box().has_value() && sections.box()->enabled;
    if (ImGui::Checkbox("Section box", &on)) setSectionBoxEnabled(sections, bounds, on);
    if (!sections.box() || !sections.box()->enabled) return;
    interact::SectionBox box = *sections.box();
    Aabb limits = bounds.empty() ? box.box : bounds;
    vec3 margin = glm::max(limits.extent() * 0.05f, vec3(1e-3f));
    bool changed = false;
    static constexpr const char* kAxes[] = {"X range", "Y range", "Z range"};
    for (int a = 0; a < 3; ++a) {
        float lo = limits.min[a] - margin[a], hi = limits.max[a] + margin[a];
        changed |= ImGui::DragFloatRange2(kAxes[a], &box.box.min[a], &box.box.max[a],
                                          std::max((hi - lo) / 400.0f, 1e-4f), lo, hi, "%.3f", "%.3f");
    }
    if (ImGui::SmallButton("Fit to scene")) {
        box.box = limits;
        changed = true;
    }
    if (changed) sections.setBox(box);
}

} // namespace

void drawSectionPanel(SectionPanelState& state, bool* open, ViewerUiModel& model) {
    // Default slot: under the scene tree in the left column.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(8.0f, 40.0f + display.y * 0.45f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(420.0f, 330.0f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Section planes", open)) {
        ImGui::End();
        return;
    }
    interact::SectionState& sections = model.sections;
    const Aabb bounds = model.graph.worldBounds();
    for (size_t i = 0; i < sections.planes().size(); ++i) {
        bool removed = false;
        drawPlane(state, sections, i, bounds, removed);
        if (removed) {
            sections.removePlane(i);
            // Later slots move up one; their free-normal flags move with them.
            for (size_t j = i; j + 1 < state.freeNormal.size(); ++j) state.freeNormal[j] = state.freeNormal[j + 1];
            state.freeNormal.back() = false;
            break; // indices changed: draw the rest next frame
        }
        ImGui::Separator();
    }
    if (sections.planes().size() < interact::SectionState::kMaxPlanes && ImGui::Button("Add plane")) {
        size_t slot = sections.planes().size();
        (void)sections.addPlane(defaultSectionPlane(bounds, slot)); // cannot fail: below kMaxPlanes
    }
    ImGui::Separator();
    drawBox(sections, bounds);
    if (sections.active() && ImGui::Button("Clear all sections")) {
        sections.clear();
        state.freeNormal.fill(false);
    }
    ImGui::End();
}

} // namespace tv::ui
