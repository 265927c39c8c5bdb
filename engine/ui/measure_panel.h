// Measurements panel — the measure tool switch, the pending first point, the list of finished measurements (each
// with its distance and axis components, and a delete button) and "Clear all". Picking the points is the app's
// job (it ray casts the click while measure mode is on and calls MeasurementTool::addPoint). Main thread.
#pragma once

#include "ui/ui_model.h"

namespace tv::ui {

struct MeasurePanelState {
    int decimals = 3;
};

void drawMeasurePanel(MeasurePanelState& state, bool* open, bool& measureMode, ViewerUiModel& model);

} // namespace tv::ui
