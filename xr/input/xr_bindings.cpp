// The suggested-binding tables (see xr_bindings.h for the choices per profile).
#include "xr/input/xr_bindings.h"

#include <array>
#include <cstddef>
#include <iterator>
#include <string>

namespace tv::xr {
namespace {

using A = XrActionId;
constexpr int L = 0;
constexpr int R = 1;

// Rows every profile has: poses and haptics on both hands.
constexpr BindingRow kCommon[] = {
    {A::GripPose, L, "input/grip/pose"}, {A::GripPose, R, "input/grip/pose"}, {A::AimPose, L, "input/aim/pose"},
    {A::AimPose, R, "input/aim/pose"},   {A::Haptic, L, "output/haptic"},     {A::Haptic, R, "output/haptic"},
};

// kCommon followed by a profile's own rows, built at compile time so each profile is one flat table.
template <size_t N>
constexpr std::array<BindingRow, std::size(kCommon) + N> withCommon(const BindingRow (&own)[N]) {
    std::array<BindingRow, std::size(kCommon) + N> rows{};
    size_t i = 0;
    for (const BindingRow& row : kCommon) rows[i++] = row;
    for (const BindingRow& row : own) rows[i++] = row;
    return rows;
}

constexpr BindingRow kSimpleOwn[] = {
    {A::Trigger, L, "input/select/click"},
    {A::Trigger, R, "input/select/click"},
    {A::Menu, L, "input/menu/click"},
    {A::Menu, R, "input/menu/click"},
};

constexpr BindingRow kTouchOwn[] = {
    {A::Trigger, L, "input/trigger/value"},
    {A::Trigger, R, "input/trigger/value"},
    {A::Squeeze, L, "input/squeeze/value"},
    {A::Squeeze, R, "input/squeeze/value"},
    {A::Thumbstick, L, "input/thumbstick"},
    {A::Thumbstick, R, "input/thumbstick"},
    {A::ThumbstickClick, L, "input/thumbstick/click"},
    {A::ThumbstickClick, R, "input/thumbstick/click"},
    {A::Menu, L, "input/menu/click"},
    {A::Primary, L, "input/x/click"},
    {A::Secondary, L, "input/y/click"},
    {A::Primary, R, "input/a/click"},
    {A::Secondary, R, "input/b/click"},
};

constexpr BindingRow kIndexOwn[] = {
    {A::Trigger, L, "input/trigger/value"},
    {A::Trigger, R, "input/trigger/value"},
    {A::Squeeze, L, "input/squeeze/value"},
    {A::Squeeze, R, "input/squeeze/value"},
    {A::Thumbstick, L, "input/thumbstick"},
    {A::Thumbstick, R, "input/thumbstick"},
    {A::ThumbstickClick, L, "input/thumbstick/click"},
    {A::ThumbstickClick, R, "input/thumbstick/click"},
    {A::Primary, L, "input/a/click"},
    {A::Primary, R, "input/a/click"},
    {A::Menu, L, "input/b/click"},
    {A::Secondary, R, "input/b/click"},
};

constexpr BindingRow kViveOwn[] = {
    {A::Trigger, L, "input/trigger/value"},
    {A::Trigger, R, "input/trigger/value"},
    {A::Squeeze, L, "input/squeeze/click"},
    {A::Squeeze, R, "input/squeeze/click"},
    {A::Thumbstick, L, "input/trackpad"},
    {A::Thumbstick, R, "input/trackpad"},
    {A::ThumbstickClick, L, "input/trackpad/click"},
    {A::ThumbstickClick, R, "input/trackpad/click"},
    {A::Menu, L, "input/menu/click"},
    {A::Menu, R, "input/menu/click"},
};

constexpr BindingRow kMicrosoftOwn[] = {
    {A::Trigger, L, "input/trigger/value"},
    {A::Trigger, R, "input/trigger/value"},
    {A::Squeeze, L, "input/squeeze/click"},
    {A::Squeeze, R, "input/squeeze/click"},
    {A::Thumbstick, L, "input/thumbstick"},
    {A::Thumbstick, R, "input/thumbstick"},
    {A::ThumbstickClick, L, "input/thumbstick/click"},
    {A::ThumbstickClick, R, "input/thumbstick/click"},
    {A::Menu, L, "input/menu/click"},
    {A::Menu, R, "input/menu/click"},
    {A::Primary, L, "input/trackpad/click"},
    {A::Primary, R, "input/trackpad/click"},
};

constexpr auto kSimple = withCommon(kSimpleOwn);
constexpr auto kTouch = withCommon(kTouchOwn);
constexpr auto kIndex = withCommon(kIndexOwn);
constexpr auto kVive = withCommon(kViveOwn);
constexpr auto kMicrosoft = withCommon(kMicrosoftOwn);

constexpr ProfileBindings kProfiles[] = {
    {"/interaction_profiles/khr/simple_controller", kSimple},
    {"/interaction_profiles/oculus/touch_controller", kTouch},
    {"/interaction_profiles/valve/index_controller", kIndex},
    {"/interaction_profiles/htc/vive_controller", kVive},
    {"/interaction_profiles/microsoft/motion_controller", kMicrosoft},
};

struct ActionNames {
    std::string_view name;
    std::string_view localized;
};
constexpr std::array<ActionNames, kXrActionCount> kNames{{
    {"grip_pose", "Hand pose"},
    {"aim_pose", "Pointer pose"},
    {"trigger", "Select"},
    {"squeeze", "Grab"},
    {"menu", "Menu"},
    {"primary", "Primary button"},
    {"secondary", "Secondary button"},
    {"thumbstick", "Teleport and turn"},
    {"thumbstick_click", "Thumbstick click"},
    {"haptic", "Vibration"},
}};

} // namespace

std::string_view actionName(XrActionId action) { return kNames[size_t(action)].name; }
std::string_view actionLocalizedName(XrActionId action) { return kNames[size_t(action)].localized; }

std::span<const ProfileBindings> suggestedProfiles() { return kProfiles; }

std::string bindingPath(const BindingRow& row) {
    return std::string(row.hand == 0 ? "/user/hand/left/" : "/user/hand/right/") + std::string(row.inputSuffix);
}

} // namespace tv::xr
