// Section panel — up to three clipping planes (each enabled or not, normal along X/Y/Z or free, flip, position
// slider across the scene's extent) and a section box (toggle, per-axis min/max sliders). Edits SectionState
// directly; the renderer picks the planes up from SectionState::shaderPlanes(). Main thread.
#pragma once

#include "ui/ui_model.h"

#include <array>

namespace tv::ui {

struct SectionPanelState {
    std::array<bool, interact::SectionState::kMaxPlanes> freeNormal{}; // slot shows the free-normal editor
};

void drawSectionPanel(SectionPanelState& state, bool* open, ViewerUiModel& model);

// Index 0/1/2 when `normal` is (anti)parallel to X/Y/Z, else -1.
int planeAxis(const vec3& normal);
// The range of dot(normal, p) over the corners of `bounds`, widened by 5 % (the position slider's range);
// [-1, 1] for empty bounds.
vec2 planePositionRange(const Aabb& bounds, const vec3& normal);
// A new plane for the next free slot: slot i starts on axis i through the middle of the scene.
interact::SectionPlane defaultSectionPlane(const Aabb& bounds, size_t slot);
// Turns the section box on (creating it around `bounds` the first time, keeping earlier extents after) or off.
void setSectionBoxEnabled(interact::SectionState& sections, const Aabb& bounds, bool on);

} // namespace tv::ui
