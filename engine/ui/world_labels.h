// World labels — text and lines anchored in the 3D scene, drawn over the view with ImGui's foreground draw list:
// measurement lines with their distance labels (at each measurement's midpoint), the measure tool's rubber band,
// section plane handles' captions, the hovered node's name and the live twin's labels. Anchors are projected with
// interact::projectToPixel, so a label sits exactly where the renderer draws its anchor (the 3D view must fill
// the ImGui display, both in window coordinates). Twin labels go through the label layout (ops/labels): constant
// screen size, fading with distance, decluttered with leader lines, filtered by layer (LabelLayerSettings, edited
// by label_layer_menu.h). Main thread, inside an ImGui frame.
#pragma once

#include "interact/measurement.h"
#include "ops/labels/label_layout.h"
#include "scene/view_camera.h"
#include "twin/twin_runtime.h"

#include <imgui.h>

#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace tv::ui {

// Where a world point's label goes: its pixel, or nullopt when it is behind the eye or more than `margin` pixels
// outside the viewport (labels of off-screen things are not drawn).
std::optional<vec2> labelScreenPosition(const scene::ViewCamera& camera, const vec3& anchor, const vec2& viewport,
                                        float margin = 0.0f);

// A line between two world points as screen points, clipped to the part in front of the eye (the near plane);
// nullopt when the whole segment is behind it.
std::optional<std::pair<vec2, vec2>> projectSegment(const scene::ViewCamera& camera, const vec3& a, const vec3& b,
                                                    const vec2& viewport);

// Draws `text` centred on the projected anchor, on a dark rounded backing for legibility. Returns false (drawing
// nothing) when the anchor has no on-screen position.
bool drawWorldLabel(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport, const vec3& anchor,
                    const char* text, ImU32 color = IM_COL32(255, 255, 255, 255));

// Every finished measurement (line, end dots, label) and, while a first point is pending, the rubber band to
// `cursor`. Returns how many labels were drawn.
int drawMeasurementOverlay(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport,
                           const interact::MeasurementTool& tool, const std::optional<interact::MeasurePoint>& cursor,
                           int decimals = 3);

inline constexpr ImU32 kTwinLabelColour = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 kTwinLabelStaleColour = IM_COL32(150, 150, 150, 255); // its feed went silent
inline constexpr ImU32 kTwinLabelAlertColour = IM_COL32(255, 90, 80, 255);   // its entity has an active alarm
// The colour a twin label is drawn in (stale wins over alert: a silent feed's alarm state is not current).
ImU32 twinLabelColour(const twin::LiveLabel& label);

// The twin's label bindings (TwinRuntime::labels()) at their world anchors. Returns how many were drawn (labels
// behind the eye or off screen are skipped). Every label, centred on its anchor, no layers, fading or declutter:
// the overload below is the operator view.
int drawTwinLabels(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport,
                   std::span<const twin::LiveLabel> labels);

// What the operator chose for the 3D labels (the lead keeps one in ViewerUiState; drawLabelLayerMenu edits it),
// plus what the last drawTwinLabels call did with them, for the menu's read-out.
struct LabelLayerSettings {
    std::set<std::string, std::less<>> hiddenLayers; // LiveLabel::layer values not drawn
    bool fade = true;                                // fade with distance from the eye
    float fadeStart = 100.0f;                        // metres: opaque up to here
    float fadeEnd = 200.0f;                          // metres: transparent here, not drawn beyond
    bool declutter = true; // move or hide labels that would overlap (off: all drawn where they are)
    // Written by drawTwinLabels each frame.
    ops::LabelLayoutStats lastFrame;
    uint32_t lastHiddenByLayer = 0;
};

// Entities whose labels rank above normal ones (below alarmed ones) when labels compete for space.
struct LabelFocus {
    std::string_view selectedEntity;
    std::string_view hoveredEntity;
};

// The operator view of the twin's labels: labels of hidden layers are skipped; the rest are projected, measured
// at the UI font size, laid out by ops::layoutLabels (priority alarmed > focused > normal, nearer first; fade by
// distance; declutter with leader lines) and drawn with their alpha, higher priority on top, in twinLabelColour.
// Writes settings.lastFrame / lastHiddenByLayer. Returns how many were drawn. Allocates only when the label count
// grows (buffers are kept per thread).
int drawTwinLabels(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport,
                   std::span<const twin::LiveLabel> labels, LabelLayerSettings& settings, const LabelFocus& focus = {});

// The layer a label belongs to (its binding's layer; the property name for labels made without one).
inline std::string_view labelLayer(const twin::LiveLabel& label) {
    return label.layer.empty() ? std::string_view(label.property) : std::string_view(label.layer);
}

} // namespace tv::ui
