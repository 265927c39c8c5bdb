// Suggested bindings — which physical input drives each twinview action on each of the five interaction profiles
// twinview suggests bindings for, as plain data (no OpenXR types) so the table is readable, unit-tested and
// documented in one place (xr/README.md "Input" repeats it as a table). XrActions turns it into
// xrSuggestInteractionProfileBindings calls.
//
// Paths follow the OpenXR 1.0 specification's interaction profile paths (section 6.4). Choices per profile:
//   khr/simple_controller     select/click -> trigger, menu/click -> menu, poses, haptic. No squeeze, no stick, no
//                             A/B: the laser, select and the menu still work; grab, teleport and turn do not.
//   oculus/touch_controller   trigger/value, squeeze/value, thumbstick (+click), A/X -> primary, B/Y ->
//                             secondary. menu/click exists on the LEFT controller only (the right one's system
//                             button is reserved by the runtime and must not be bound), so the menu is left-only.
//   valve/index_controller    trigger/value, squeeze/value, thumbstick (+click), a/click -> primary on both hands.
//                             Index has no menu button (system is reserved): the LEFT b/click opens the menu, the
//                             RIGHT b/click is secondary — the same hands as on Touch. The trackpad is unused.
//   htc/vive_controller       trigger/value, squeeze/click (0 or 1), menu/click on both hands, the trackpad as
//                             the thumbstick (a touch at the pad's top = stick forward; lifting the thumb = centre)
//                             and trackpad/click as thumbstick click. No primary/secondary (placing mode is
//                             toggled from the panel).
//   microsoft/motion_controller  trigger/value, squeeze/click, menu/click on both hands, thumbstick (+click);
//                             trackpad/click -> primary (the pad is the only free button). No secondary.
// Every profile binds grip/pose, aim/pose and output/haptic on both hands. No profile binds /input/system/*.
//
// Pure data; any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tv::xr {

enum class XrActionId : uint8_t {
    GripPose,
    AimPose,
    Trigger,         // float
    Squeeze,         // float
    Menu,            // boolean
    Primary,         // boolean
    Secondary,       // boolean
    Thumbstick,      // vector2f
    ThumbstickClick, // boolean
    Haptic,          // vibration output
    Count
};
inline constexpr int kXrActionCount = int(XrActionId::Count);

// OpenXR action name (lower case, unique in the "twinview" action set) and a localized name for runtime UIs.
std::string_view actionName(XrActionId action);
std::string_view actionLocalizedName(XrActionId action);

struct BindingRow {
    XrActionId action;
    int hand;                     // 0 left, 1 right
    std::string_view inputSuffix; // after /user/hand/<hand>/, e.g. "input/trigger/value"
};

struct ProfileBindings {
    std::string_view profile; // e.g. /interaction_profiles/oculus/touch_controller
    std::span<const BindingRow> rows;
};

// The five profiles in the order they are suggested.
std::span<const ProfileBindings> suggestedProfiles();

// Full binding path of a row: /user/hand/left/input/trigger/value.
std::string bindingPath(const BindingRow& row);

} // namespace tv::xr
