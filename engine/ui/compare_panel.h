// Compare panel — the comparative view of issue 7: two moments of the twin (or live and a moment), A and B, shown
// side by side as a table of properties (entity, property, A, B, B - A with unit, coloured blue = lower in B /
// red = higher in B) or as a difference colouring of the 3D view (a legend and the most changed entities).
// The panel only says what the user wants: it edits ComparePanelState (the moments, the mode, the filter, whether
// the 3D view is coloured) and bumps `requestSerial` whenever A or B changes or Refresh is clicked; the app then
// recomputes the ops::Comparison (ops/timeline/twin_compare.h) and hands it back in CompareView with the serial it
// answers, and applies or clears the tints (ops::differenceTints) following `colouring`.
// Per frame the cost is independent of the number of rows: the filtered row list is rebuilt only when the
// comparison, the filter or "only changed" changed, and the table is clipped to its visible rows.
// Usable at ~600x500 px (XR hand panel). Main thread, inside an ImGui frame.
#pragma once

#include "ops/timeline/twin_compare.h"
#include "ops/timeline/twin_timeline.h"
#include "ui/ui_action.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tv::ui {

// One side of the comparison.
struct CompareMoment {
    bool live = true;
    uint64_t timeUs = 0; // twin time, µs since the epoch, when !live
};

enum class CompareMode : uint8_t { SideBySide, Difference };

struct ComparePanelState {
    CompareMoment a; // set on the first draw with a clock: the timeline's moment if any, else 1 min before now
    CompareMoment b; // live
    CompareMode mode = CompareMode::SideBySide;
    bool colouring = false; // difference colouring in the 3D view is on (the app applies / clears the tints)
    char filter[128] = {};  // entity / property filter of the table: every word must occur in one of them
    bool onlyChanged = true;
    uint64_t requestSerial = 0; // incremented whenever A or B changes or Refresh is clicked: the app recomputes

    bool initialised = false; // A and B got their defaults (needs view.nowUs or view.momentUs)

    // What the last frame drew, for tests and the lead's window test: indices into comparison->rows (table, top
    // to bottom) and into comparison->entities (difference list).
    std::vector<uint32_t> drawnRows;
    std::vector<uint32_t> drawnEntities;

    // Cache of the table's rows (indices into comparison->rows passing filter / onlyChanged), rebuilt only when
    // its key changes, so 10,000 rows cost nothing per frame.
    std::vector<uint32_t> rows;
    size_t changedRows = 0;     // rows with a change (normalised > 0) in the whole comparison
    size_t changedEntities = 0; // entities with a non-zero score (a prefix of comparison->entities)
    const ops::Comparison* rowsFor = nullptr;
    uint64_t rowsSerial = ~uint64_t(0);
    size_t rowsCount = 0;
    std::string rowsFilter;
    bool rowsOnlyChanged = true;
    CompareMode shownMode = CompareMode::SideBySide; // the tab ImGui shows (to follow a programmatic mode change)
    bool tabsSynced = false;
};

struct CompareView {
    const ops::Comparison* comparison = nullptr; // null before the first computation
    std::string error;                           // why the last computation failed (one line), "" = none
    ops::TimelineRange range;                    // covered twin time (µs)
    uint64_t nowUs = 0;                          // the twin's now (latest twin time)
    std::optional<uint64_t> momentUs;            // the timeline's moment, if any ("timeline moment" buttons)
    uint64_t computedSerial = 0;                 // the requestSerial the comparison answers
};

// "10,000": counts in the summary line.
std::string groupThousands(uint64_t n);
// "+0.4 m", "-300 rpm", "0": a row's B - A for numbers; "changed" / "added" / "removed" / "" for others.
std::string formatCompareDelta(const ops::CompareRow& row);
// The colour of a signed change on the diverging ramp as ImGui shows it (sRGB, ImU32): sign picks blue / red,
// magnitude (0..1) the strength, with a floor so a small change never reads as "same" (white).
uint32_t compareDeltaColour(double signedScore);

// Draws the panel as its own "Compare" window (nothing when *open is false). `actions` receives TimelineGoTo /
// TimelineGoLive when the user asks to view side A or B in the scene.
void drawComparePanel(ComparePanelState& state, bool* open, const CompareView& view, std::vector<UiAction>& actions);
// The panel's contents, for embedding in another window (the XR hand panel, a tab).
void drawCompareContents(ComparePanelState& state, const CompareView& view, std::vector<UiAction>& actions);

} // namespace tv::ui
