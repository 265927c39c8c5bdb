// The suggested-binding tables: every path exists on its profile (checked against the simulated runtime's own
// reading of the specification's tables), types match, reserved system buttons are never bound, and the
// per-profile choices documented in xr_bindings.h hold (label unit).
#include "profiles.h"
#include "xr/input/xr_bindings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace tv::xr {
namespace {

bool has(const ProfileBindings& p, XrActionId action, int hand, std::string_view suffix = {}) {
    return std::any_of(p.rows.begin(), p.rows.end(), [&](const BindingRow& r) {
        return r.action == action && r.hand == hand && (suffix.empty() || r.inputSuffix == suffix);
    });
}

const ProfileBindings& profile(std::string_view name) {
    for (const ProfileBindings& p : suggestedProfiles())
        if (p.profile == "/interaction_profiles/" + std::string(name)) return p;
    throw std::runtime_error("no profile " + std::string(name));
}

TEST(XrBindings, FiveProfilesInSpecificationOrder) {
    std::vector<std::string> names;
    for (const ProfileBindings& p : suggestedProfiles()) names.emplace_back(p.profile);
    EXPECT_EQ(names, (std::vector<std::string>{
                         "/interaction_profiles/khr/simple_controller", "/interaction_profiles/oculus/touch_controller",
                         "/interaction_profiles/valve/index_controller", "/interaction_profiles/htc/vive_controller",
                         "/interaction_profiles/microsoft/motion_controller"}));
}

TEST(XrBindings, EveryPathExistsOnItsProfileWithTheRightKind) {
    for (const ProfileBindings& p : suggestedProfiles()) {
        const std::string profileName(p.profile);
        ASSERT_TRUE(xrsim::profileKnown(profileName)) << profileName;
        std::set<std::tuple<int, int, std::string_view>> seen;
        for (const BindingRow& row : p.rows) {
            const std::string path = bindingPath(row);
            EXPECT_TRUE(xrsim::bindingValid(profileName, path)) << profileName << " " << path;
            EXPECT_EQ(path.find("/system/"), std::string::npos) << "reserved: " << path;
            EXPECT_TRUE(seen.insert({int(row.action), row.hand, row.inputSuffix}).second) << "duplicate " << path;
            const bool pose = row.action == XrActionId::GripPose || row.action == XrActionId::AimPose;
            EXPECT_EQ(pose, path.ends_with("/pose")) << path;
            EXPECT_EQ(row.action == XrActionId::Haptic, path.ends_with("/output/haptic")) << path;
            if (row.action == XrActionId::Thumbstick) {
                // A vector2f action binds the 2D parent path (both components at once).
                EXPECT_TRUE(path.ends_with("/thumbstick") || path.ends_with("/trackpad")) << path;
            }
        }
    }
}

TEST(XrBindings, LaserSelectAndMenuOnEveryProfile) {
    for (const ProfileBindings& p : suggestedProfiles()) {
        for (int hand = 0; hand < 2; ++hand) {
            EXPECT_TRUE(has(p, XrActionId::GripPose, hand)) << p.profile;
            EXPECT_TRUE(has(p, XrActionId::AimPose, hand)) << p.profile;
            EXPECT_TRUE(has(p, XrActionId::Trigger, hand)) << p.profile;
            EXPECT_TRUE(has(p, XrActionId::Haptic, hand)) << p.profile;
        }
        EXPECT_TRUE(has(p, XrActionId::Menu, 0) || has(p, XrActionId::Menu, 1)) << p.profile;
    }
}

TEST(XrBindings, PerProfileChoices) {
    const ProfileBindings& simple = profile("khr/simple_controller");
    EXPECT_TRUE(has(simple, XrActionId::Trigger, 1, "input/select/click"));
    EXPECT_FALSE(has(simple, XrActionId::Thumbstick, 0) || has(simple, XrActionId::Thumbstick, 1));
    EXPECT_FALSE(has(simple, XrActionId::Squeeze, 0) || has(simple, XrActionId::Squeeze, 1));

    const ProfileBindings& touch = profile("oculus/touch_controller");
    EXPECT_TRUE(has(touch, XrActionId::Menu, 0, "input/menu/click"));
    EXPECT_FALSE(has(touch, XrActionId::Menu, 1)); // the right menu position is the reserved system button
    EXPECT_TRUE(has(touch, XrActionId::Primary, 0, "input/x/click"));
    EXPECT_TRUE(has(touch, XrActionId::Primary, 1, "input/a/click"));
    EXPECT_TRUE(has(touch, XrActionId::Secondary, 1, "input/b/click"));

    const ProfileBindings& index = profile("valve/index_controller");
    EXPECT_TRUE(has(index, XrActionId::Menu, 0, "input/b/click"));
    EXPECT_TRUE(has(index, XrActionId::Secondary, 1, "input/b/click"));
    EXPECT_TRUE(has(index, XrActionId::Squeeze, 1, "input/squeeze/value"));

    const ProfileBindings& vive = profile("htc/vive_controller");
    EXPECT_TRUE(has(vive, XrActionId::Thumbstick, 0, "input/trackpad"));
    EXPECT_TRUE(has(vive, XrActionId::ThumbstickClick, 1, "input/trackpad/click"));
    EXPECT_TRUE(has(vive, XrActionId::Menu, 1, "input/menu/click"));
    EXPECT_TRUE(has(vive, XrActionId::Squeeze, 0, "input/squeeze/click"));

    const ProfileBindings& wmr = profile("microsoft/motion_controller");
    EXPECT_TRUE(has(wmr, XrActionId::Thumbstick, 1, "input/thumbstick"));
    EXPECT_TRUE(has(wmr, XrActionId::Primary, 1, "input/trackpad/click"));
}

TEST(XrBindings, ActionNamesAreValidAndUnique) {
    std::set<std::string_view> names;
    for (int i = 0; i < kXrActionCount; ++i) {
        const std::string_view name = actionName(XrActionId(i));
        EXPECT_TRUE(names.insert(name).second) << name;
        EXPECT_FALSE(name.empty());
        // OpenXR well-formed names: lower-case letters, digits, '-', '_', '.'.
        for (char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << name;
        EXPECT_FALSE(actionLocalizedName(XrActionId(i)).empty());
    }
}

} // namespace
} // namespace tv::xr
