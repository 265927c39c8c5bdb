// Label layer menu — the operator's controls for the 3D value labels: a checkbox per label layer (with how many
// labels it holds), "All" / "None", fading with distance and its distance, the declutter toggle, and what the last
// frame's layout did ("N labels hidden by declutter"). It edits a LabelLayerSettings that drawTwinLabels reads
// (world_labels.h). Widgets only, into whatever the caller opened (a View menu's sub-menu or a window), plus a small
// window wrapper. Plain data in: the labels span (TwinRuntime::labels()). Main thread, inside an ImGui frame.
#pragma once

#include "twin/twin_runtime.h"
#include "ui/world_labels.h"

#include <span>
#include <string_view>
#include <vector>

namespace tv::ui {

struct LabelLayerCount {
    std::string_view layer; // views into the labels span or the settings' hidden set
    uint32_t labels = 0;
};

// The layers of `labels` with their label counts, sorted by name, plus layers hidden in `settings` that currently
// have no label (count 0: kept listed so they can be shown again).
std::vector<LabelLayerCount> labelLayerCounts(std::span<const twin::LiveLabel> labels,
                                              const LabelLayerSettings& settings);

// The controls, into the current window or menu. Widget IDs live under PushID("label-layers"); a layer's checkbox
// is "<layer> (<count>)###<layer>".
void drawLabelLayerMenu(LabelLayerSettings& settings, std::span<const twin::LiveLabel> labels);

// The same controls in a small "Label layers" window (usable at ~600x500 px and on the XR hand panel).
void drawLabelLayerPanel(LabelLayerSettings& settings, bool* open, std::span<const twin::LiveLabel> labels);

} // namespace tv::ui
