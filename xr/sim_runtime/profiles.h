// The five interaction profiles the simulated runtime accepts bindings for (KHR simple, Oculus Touch, Valve Index,
// HTC Vive, Microsoft motion controller) with the input/output paths the OpenXR 1.0 specification lists for each,
// and how a bound input path reads the script's scripted presses. Pure functions; any thread.
#pragma once

#include "script.h"

#include <string>
#include <vector>

namespace tv::xrsim {

bool profileKnown(const std::string& profile);
// True if `binding` (a full path such as /user/hand/left/input/trigger/value) exists on `profile`. Paths that name
// an input identifier without its component (.../input/trigger, .../input/thumbstick) are accepted when the
// identifier exists, as the specification allows.
bool bindingValid(const std::string& profile, const std::string& binding);

struct BoundSource {
    int hand = -1;          // 0 left, 1 right
    std::string identifier; // trigger, squeeze, select, menu, thumbstick, trackpad, a, ..., grip, aim, haptic
    std::string component;  // click, value, touch, force, x, y, pose or empty
    bool output = false;    // /output/haptic
};
bool parseBinding(const std::string& binding, BoundSource& out);

// Scripted value of a bound source at script time t. For 2D sources without component (thumbstick, trackpad) y is
// filled too. Touch components read as pressed whenever the input has a nonzero value.
float sourceValue(const Script& script, const BoundSource& source, double t, float* y = nullptr);

} // namespace tv::xrsim
