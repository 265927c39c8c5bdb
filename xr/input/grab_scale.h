// Grab-and-scale — moving, turning and resizing the world with the hands, as rig solvers.
//
// When a squeeze starts, the world point under each grabbing hand is remembered (its "anchor"). Each frame the
// rig is solved so the anchors stay under the hands:
//   one hand:  translation only — the world is dragged like an object held in the hand (no rotation: a wrist that
//              turns while dragging would swing a whole plant around the user, which is disorienting);
//   two hands: scale = anchor distance / hand distance (hands apart = world bigger), yaw = the turn of the line
//              between the hands seen from above, translation so the anchors' midpoint stays under the hands'
//              midpoint. A similarity with yaw only cannot follow a tilt of the line between the hands, so the
//              midpoint matches exactly and each hand as closely as that allows.
// Solving from the anchors remembered at the start (never incrementally) means nothing drifts however long the
// grab lasts. Scale is clamped to [kMinRigScale, kMaxRigScale]; the midpoint still matches when clamped.
//
// Pure functions; any thread.
#pragma once

#include "core/math.h"
#include "xr/input/tracking_rig.h"

namespace tv::xr {

// The rig that puts `anchorWorld` at the hand `handTracking`, changing only the translation.
TrackingRig dragRig(const TrackingRig& rig, const vec3& handTracking, const vec3& anchorWorld);

// The rig that keeps `anchorsWorld[i]` under `handsTracking[i]` (i = 0, 1) as far as a yaw-only similarity allows.
// Degenerate hands (closer than 1 cm, or stacked vertically for the yaw) keep the current scale / yaw.
TrackingRig twoHandRig(const TrackingRig& rig, const vec3 handsTracking[2], const vec3 anchorsWorld[2]);

} // namespace tv::xr
