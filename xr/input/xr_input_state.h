// XrInputState — what the XR front end reads from the controllers and the headset once per frame, as plain data
// (no OpenXR types): XrActions::sync() fills it, XrInteraction::update() and the presence publisher read it.
// Keeping it free of OpenXR lets the interaction logic be unit-tested with hand-made states.
//
// Spaces: every pose is in TRACKING space = the app's OpenXR reference space (STAGE or LOCAL), in metres, +Y up.
// The user's place in the world (teleport, turn, grab-and-scale) is applied on top by TrackingRig, never here.
//
// Value type; any thread may copy it (the app uses it on the main thread).
#pragma once

#include "core/math.h"
#include "xr/input/pose.h"

#include <string>

namespace tv::xr {

inline constexpr int kLeftHand = 0;
inline constexpr int kRightHand = 1;
inline constexpr int kHandCount = 2;

// One controller. Analogue values are what the runtime reports (already dead-zoned by some runtimes, not all);
// booleans are the runtime's click state. A profile that lacks an input reports it as 0 / false.
struct HandInput {
    bool tracked = false;     // the aim pose is valid this frame (the laser and the arc need it)
    bool gripTracked = false; // the grip pose is valid this frame (grab and the hand-held panel need it)
    Pose grip;                // where the hand holds the controller (OpenXR grip pose)
    Pose aim;                 // the pointing ray: origin and -Z forward (OpenXR aim pose)
    float trigger = 0.0f;     // 0..1 (KHR simple: select/click as 0 or 1)
    float squeeze = 0.0f;     // 0..1 (Vive, Microsoft: squeeze/click as 0 or 1)
    bool menu = false;        // the menu button (see xr/README.md "Input" for which button per profile)
    bool primary = false;     // A / X style button
    bool secondary = false;   // B / Y style button
    vec2 thumbstick{0.0f};    // x right, y forward (up on the stick), each -1..1; trackpad on Vive
    bool thumbstickClick = false;
};

struct XrInputState {
    HandInput hands[kHandCount]; // [kLeftHand], [kRightHand]
    bool headTracked = false;    // the head (VIEW space) pose is valid
    Pose head;                   // centre between the eyes; -Z is where the user looks
    std::string profile;         // current interaction profile path, e.g. /interaction_profiles/oculus/touch_controller
                                 // (empty while the runtime has not chosen one)
    bool focused = false;        // the session has input focus; when false every input above is zeroed/untracked
    int64_t time = 0;            // the XrTime the poses were located for (the predicted display time)
};

} // namespace tv::xr
