// Label layout — where the floating value tags of the 3D view go on screen this frame: which are drawn, how opaque,
// in which rectangle, and which need a leader line back to their anchor. Pure screen-space geometry over plain
// candidates (the UI projects anchors and measures text; this module never sees ImGui or a camera), so the rules
// that keep labels readable are unit-tested here:
//
// - Constant screen size: a label is its text at the UI font size whatever the distance; distance only fades it
//   (opaque up to fadeStart, transparent at fadeEnd, culled beyond).
// - No overlap clutter (declutter on): labels are placed greedily in priority order (alarmed, then focused =
//   selected/hovered, then normal; nearer first; then input order). A label centred just above its anchor that
//   overlaps one already placed tries a few nearby positions and gets a leader line to its anchor; if none is free
//   it is hidden and counted. The tried positions: one label height up, one down, one label width left, one
//   right, two heights up. Alarmed labels always win: they are placed first, and (keepAlarmed) never hidden by
//   declutter or distance — what is abnormal must be visible at a glance.
// - Behind the eye or with the anchor off screen: culled.
//
// Cost: O(n) expected — an LSD radix sort of packed keys for the priority order and a uniform grid of placed
// rectangles for overlap tests. All buffers live in a LabelLayoutScratch that is reused, so steady-state frames
// do not allocate. 10,000 candidates take well under 1 ms.
//
// Owns nothing beyond the scratch buffers. Thread: any, but one scratch per thread (the 3-argument overload uses
// one per calling thread).
#pragma once

#include "core/math.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tv::ops {

// Higher wins. Alarmed > Focused (selected or hovered) > Normal.
enum class LabelPriority : uint8_t { Normal = 0, Focused = 1, Alarmed = 2 };

struct LabelCandidate {
    vec2 anchor{0.0f};      // the projected world anchor, pixels (window coordinates, y down)
    vec2 textSize{0.0f};    // the measured text, pixels (padding is added by the layout)
    float distance = 0.0f;  // metres from the eye to the world anchor (fading and the nearer-first order)
    bool behindEye = false; // the anchor is behind the eye (no screen position): culled
    LabelPriority priority = LabelPriority::Normal;
};

struct LabelLayoutOptions {
    vec2 viewport{0.0f}; // pixels; anchors outside [0, viewport] (widened by `margin`) are culled
    float margin = 0.0f; // pixels
    // Fading, metres: alpha 1 up to fadeStart, linear to 0 at fadeEnd, culled at or past fadeEnd. fadeEnd <= 0
    // disables fading; fadeStart >= fadeEnd is a hard cut at fadeEnd.
    float fadeStart = 0.0f;
    float fadeEnd = 0.0f;
    bool declutter = true;   // off: every surviving label at its primary position, overlaps allowed
    float padding = 3.0f;    // pixels between the text and its rectangle's edge (the backing); rects may touch
    float anchorGap = 4.0f;  // pixels between the anchor and the bottom of a label at its primary position
    bool keepAlarmed = true; // alarmed labels are never hidden by declutter nor faded/culled by distance
};

// What happened to one candidate.
enum class LabelFate : uint8_t {
    Placed,            // at its primary position (centred above the anchor)
    Moved,             // at an alternative position, with a leader line when its anchor is outside the rect
    HiddenByDeclutter, // every tried position overlapped a label of higher (or equal, earlier) rank
    BeyondFade,        // at or past the fade end distance
    OffScreen,         // anchor outside the viewport
    BehindEye,
};

struct LabelPlacement {
    LabelFate fate = LabelFate::OffScreen;
    float alpha = 0.0f; // 0..1; 0 when not visible
    vec2 min{0.0f};     // the label's rectangle including padding (draw the text at min + padding)
    vec2 max{0.0f};
    bool leader = false;  // draw a line from the candidate's anchor to leaderEnd
    vec2 leaderEnd{0.0f}; // the point of the rectangle nearest the anchor
    uint32_t rank = 0;    // placement order among visible labels (0 = placed first, highest priority)
    bool visible() const { return fate == LabelFate::Placed || fate == LabelFate::Moved; }
};

struct LabelLayoutStats {
    uint32_t visible = 0;
    uint32_t moved = 0; // visible at an alternative position
    uint32_t hiddenByDeclutter = 0;
    uint32_t beyondFade = 0;
    uint32_t offScreen = 0;      // off screen or behind the eye
    uint32_t forcedOverlaps = 0; // alarmed labels kept although every position overlapped (keepAlarmed)
};

// Reused buffers: keep one per caller (per frame loop) so a steady state allocates nothing.
struct LabelLayoutScratch {
    struct Rect {
        vec2 min, max;
    };
    // A cell of the uniform grid of placed rectangles: the first kCellSlots rectangles touching it inline (one cache
    // line per cell visited), further ones in a linked list in `overflow`.
    static constexpr uint32_t kCellSlots = 3;
    struct Cell {
        uint32_t count;
        int32_t overflow; // index into `overflow`, -1 = none
        Rect rects[kCellSlots];
    };
    struct Overflow {
        Rect rect;
        int32_t next;
    };
    std::vector<uint64_t> keys, keysTmp; // (priority/distance key << 31) | candidate index
    std::vector<Cell> cells;
    std::vector<Overflow> overflow;
};

// Lays out `candidates`; `out` is resized to candidates.size() and out[i] describes candidates[i]. Deterministic:
// the same input gives the same output. Candidates with non-finite fields are culled (OffScreen).
LabelLayoutStats layoutLabels(std::span<const LabelCandidate> candidates, const LabelLayoutOptions& options,
                              std::vector<LabelPlacement>& out, LabelLayoutScratch& scratch);
// The same with a scratch owned by the calling thread.
LabelLayoutStats layoutLabels(std::span<const LabelCandidate> candidates, const LabelLayoutOptions& options,
                              std::vector<LabelPlacement>& out);

// Alpha of a label `distance` metres away under `options`' fade (1 when fading is off); 0 at or past fadeEnd.
float labelFadeAlpha(float distance, const LabelLayoutOptions& options);

} // namespace tv::ops
