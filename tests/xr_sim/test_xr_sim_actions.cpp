// Actions on the simulated runtime: suggested bindings for the five interaction profiles, path validation,
// scripted presses seen through xrSyncActions, action spaces following the scripted hands.
#include "xr_test_client.h"

#include <map>

namespace tv::xrsim::test {
namespace {

struct Actions {
    XrActionSet set = XR_NULL_HANDLE;
    std::map<std::string, XrAction> byName;
    XrPath left = XR_NULL_PATH, right = XR_NULL_PATH;
};

XrPath path(XrInstance instance, const std::string& text) {
    XrPath p = XR_NULL_PATH;
    EXPECT_EQ(xrStringToPath(instance, text.c_str(), &p), XR_SUCCESS) << text;
    return p;
}

void createActions(XrInstance instance, Actions& a) {
    XrActionSetCreateInfo setInfo{XR_TYPE_ACTION_SET_CREATE_INFO};
    std::snprintf(setInfo.actionSetName, sizeof(setInfo.actionSetName), "main");
    std::snprintf(setInfo.localizedActionSetName, sizeof(setInfo.localizedActionSetName), "Main");
    ASSERT_EQ(xrCreateActionSet(instance, &setInfo, &a.set), XR_SUCCESS);
    a.left = path(instance, "/user/hand/left");
    a.right = path(instance, "/user/hand/right");
    const XrPath hands[] = {a.left, a.right};
    const std::pair<const char*, XrActionType> actions[] = {
        {"select", XR_ACTION_TYPE_BOOLEAN_INPUT},   {"squeeze", XR_ACTION_TYPE_FLOAT_INPUT},
        {"turn", XR_ACTION_TYPE_VECTOR2F_INPUT},    {"menu", XR_ACTION_TYPE_BOOLEAN_INPUT},
        {"aim", XR_ACTION_TYPE_POSE_INPUT},         {"grip", XR_ACTION_TYPE_POSE_INPUT},
        {"haptic", XR_ACTION_TYPE_VIBRATION_OUTPUT}};
    for (const auto& [name, type] : actions) {
        XrActionCreateInfo info{XR_TYPE_ACTION_CREATE_INFO};
        std::snprintf(info.actionName, sizeof(info.actionName), "%s", name);
        std::snprintf(info.localizedActionName, sizeof(info.localizedActionName), "%s", name);
        info.actionType = type;
        info.countSubactionPaths = 2;
        info.subactionPaths = hands;
        ASSERT_EQ(xrCreateAction(a.set, &info, &a.byName[name]), XR_SUCCESS) << name;
    }
}

XrResult suggest(XrInstance instance, const Actions& a, const std::string& profile,
                 const std::vector<std::pair<std::string, std::string>>& bindings) {
    std::vector<XrActionSuggestedBinding> list;
    for (const auto& [action, binding] : bindings) list.push_back({a.byName.at(action), path(instance, binding)});
    XrInteractionProfileSuggestedBinding suggested{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
    suggested.interactionProfile = path(instance, profile);
    suggested.countSuggestedBindings = uint32_t(list.size());
    suggested.suggestedBindings = list.data();
    return xrSuggestInteractionProfileBindings(instance, &suggested);
}

// Bindings for both hands of each of the five profiles, as twinview will suggest them.
void suggestAll(XrInstance instance, const Actions& a) {
    auto both = [](std::vector<std::pair<std::string, std::string>> perHand) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const char* hand : {"left", "right"})
            for (const auto& [action, suffix] : perHand)
                out.push_back({action, std::string("/user/hand/") + hand + "/" + suffix});
        return out;
    };
    const std::vector<std::pair<std::string, std::string>> poses{
        {"aim", "input/aim/pose"}, {"grip", "input/grip/pose"}, {"haptic", "output/haptic"}};
    auto with = [&](std::vector<std::pair<std::string, std::string>> v) {
        v.insert(v.end(), poses.begin(), poses.end());
        return both(v);
    };
    EXPECT_EQ(suggest(instance, a, "/interaction_profiles/khr/simple_controller",
                      with({{"select", "input/select/click"}, {"menu", "input/menu/click"}})),
              XR_SUCCESS);
    auto touch =
        with({{"select", "input/trigger/value"}, {"squeeze", "input/squeeze/value"}, {"turn", "input/thumbstick"}});
    touch.push_back({"menu", "/user/hand/left/input/menu/click"});
    EXPECT_EQ(suggest(instance, a, "/interaction_profiles/oculus/touch_controller", touch), XR_SUCCESS);
    EXPECT_EQ(suggest(instance, a, "/interaction_profiles/valve/index_controller",
                      with({{"select", "input/trigger/click"},
                            {"squeeze", "input/squeeze/force"},
                            {"turn", "input/thumbstick"},
                            {"menu", "input/b/click"}})),
              XR_SUCCESS);
    EXPECT_EQ(suggest(instance, a, "/interaction_profiles/htc/vive_controller",
                      with({{"select", "input/trigger/click"},
                            {"squeeze", "input/squeeze/click"},
                            {"turn", "input/trackpad"},
                            {"menu", "input/menu/click"}})),
              XR_SUCCESS);
    EXPECT_EQ(suggest(instance, a, "/interaction_profiles/microsoft/motion_controller",
                      with({{"select", "input/trigger/value"},
                            {"squeeze", "input/squeeze/click"},
                            {"turn", "input/thumbstick"},
                            {"menu", "input/menu/click"}})),
              XR_SUCCESS);
}

void attach(XrSession session, const Actions& a) {
    XrSessionActionSetsAttachInfo info{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    info.countActionSets = 1;
    info.actionSets = &a.set;
    ASSERT_EQ(xrAttachSessionActionSets(session, &info), XR_SUCCESS);
}

XrResult sync(XrSession session, const Actions& a) {
    XrActiveActionSet active{a.set, XR_NULL_PATH};
    XrActionsSyncInfo info{XR_TYPE_ACTIONS_SYNC_INFO};
    info.countActiveActionSets = 1;
    info.activeActionSets = &active;
    return xrSyncActions(session, &info);
}

XrActionStateBoolean boolState(XrSession session, XrAction action, XrPath hand) {
    XrActionStateGetInfo info{XR_TYPE_ACTION_STATE_GET_INFO};
    info.action = action;
    info.subactionPath = hand;
    XrActionStateBoolean state{XR_TYPE_ACTION_STATE_BOOLEAN};
    EXPECT_EQ(xrGetActionStateBoolean(session, &info, &state), XR_SUCCESS);
    return state;
}

TEST(XrSimActions, BindingsForTheFiveProfilesAreAcceptedAndBadPathsRejected) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, "{}");
    XrTestClient client;
    ASSERT_EQ(client.createInstance(), XR_SUCCESS);
    Actions a;
    ASSERT_NO_FATAL_FAILURE(createActions(client.instance, a));
    suggestAll(client.instance, a);
    // A path the profile does not have, an unknown profile, a pose action on a button, a button on a pose.
    EXPECT_EQ(suggest(client.instance, a, "/interaction_profiles/htc/vive_controller",
                      {{"select", "/user/hand/left/input/a/click"}}),
              XR_ERROR_PATH_UNSUPPORTED);
    EXPECT_EQ(suggest(client.instance, a, "/interaction_profiles/acme/wand",
                      {{"select", "/user/hand/left/input/select/click"}}),
              XR_ERROR_PATH_UNSUPPORTED);
    EXPECT_EQ(suggest(client.instance, a, "/interaction_profiles/khr/simple_controller",
                      {{"aim", "/user/hand/left/input/select/click"}}),
              XR_ERROR_PATH_UNSUPPORTED);
    EXPECT_EQ(suggest(client.instance, a, "/interaction_profiles/khr/simple_controller",
                      {{"select", "/user/hand/left/input/grip/pose"}}),
              XR_ERROR_PATH_UNSUPPORTED);
    // The Touch controller's menu button exists on the left hand only.
    EXPECT_EQ(suggest(client.instance, a, "/interaction_profiles/oculus/touch_controller",
                      {{"menu", "/user/hand/right/input/menu/click"}}),
              XR_ERROR_PATH_UNSUPPORTED);
    client.shutdown();
    EXPECT_EQ(readReport(dir)["violations"].value("XR_ERROR_PATH_UNSUPPORTED", 0), 5);
}

TEST(XrSimActions, ScriptedTriggerIsPressedDuringItsWindowOnly) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 16, "height": 16, "displayHz": 20,
        "inputs": [{"t": 0.475, "hand": "right", "input": "trigger", "value": 1.0, "duration": 0.3},
                   {"t": 0.175, "hand": "left", "input": "thumbstick_x", "value": -0.75, "duration": 0.2}]})");
    XrTestClient client;
    ASSERT_EQ(client.createInstance(), XR_SUCCESS);
    Actions a;
    ASSERT_NO_FATAL_FAILURE(createActions(client.instance, a));
    suggestAll(client.instance, a);
    ASSERT_NO_FATAL_FAILURE(client.createVulkan());
    ASSERT_NO_FATAL_FAILURE(client.beginSession());
    ASSERT_NO_FATAL_FAILURE(attach(client.session, a));
    XrActionCreateInfo late{XR_TYPE_ACTION_CREATE_INFO};
    std::snprintf(late.actionName, sizeof(late.actionName), "late");
    std::snprintf(late.localizedActionName, sizeof(late.localizedActionName), "Late");
    late.actionType = XR_ACTION_TYPE_BOOLEAN_INPUT;
    XrAction lateAction = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateAction(a.set, &late, &lateAction), XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    XrSessionActionSetsAttachInfo again{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    again.countActionSets = 1;
    again.actionSets = &a.set;
    EXPECT_EQ(xrAttachSessionActionSets(client.session, &again), XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);

    ASSERT_TRUE(client.runUntil(XR_SESSION_STATE_FOCUSED, 5));
    EXPECT_EQ(client.profileChangedEvents, 1);
    XrInteractionProfileState profile{XR_TYPE_INTERACTION_PROFILE_STATE};
    ASSERT_EQ(xrGetCurrentInteractionProfile(client.session, a.right, &profile), XR_SUCCESS);
    EXPECT_EQ(profile.interactionProfile, path(client.instance, "/interaction_profiles/oculus/touch_controller"));

    int pressedFrames = 0, changes = 0;
    for (int i = 0; i < 24; ++i) {
        ASSERT_NO_FATAL_FAILURE(client.frame());
        ASSERT_EQ(sync(client.session, a), XR_SUCCESS);
        const double t = double(client.lastFrame.predictedDisplayTime - 1'000'000'000) * 1e-9;
        const XrActionStateBoolean right = boolState(client.session, a.byName["select"], a.right);
        const XrActionStateBoolean left = boolState(client.session, a.byName["select"], a.left);
        const XrActionStateBoolean any = boolState(client.session, a.byName["select"], XR_NULL_PATH);
        EXPECT_TRUE(right.isActive);
        const bool inWindow = t > 0.475 && t < 0.775; // window edges fall between frames (20 Hz)
        EXPECT_EQ(bool(right.currentState), inWindow) << "t=" << t;
        EXPECT_EQ(bool(any.currentState), inWindow) << "t=" << t;
        EXPECT_FALSE(left.currentState);
        pressedFrames += right.currentState ? 1 : 0;
        changes += right.changedSinceLastSync ? 1 : 0;

        XrActionStateGetInfo info{XR_TYPE_ACTION_STATE_GET_INFO};
        info.action = a.byName["turn"];
        info.subactionPath = a.left;
        XrActionStateVector2f turn{XR_TYPE_ACTION_STATE_VECTOR2F};
        ASSERT_EQ(xrGetActionStateVector2f(client.session, &info, &turn), XR_SUCCESS);
        const bool stick = t > 0.175 && t < 0.375;
        EXPECT_FLOAT_EQ(turn.currentState.x, stick ? -0.75f : 0.0f) << "t=" << t;
        // The wrong getter for the action's type.
        XrActionStateFloat wrong{XR_TYPE_ACTION_STATE_FLOAT};
        EXPECT_EQ(xrGetActionStateFloat(client.session, &info, &wrong), XR_ERROR_ACTION_TYPE_MISMATCH);
    }
    EXPECT_EQ(pressedFrames, 6); // 0.3 s at 20 Hz
    EXPECT_EQ(changes, 2);       // press and release
    // Bound sources of "select" in the held profile (Touch): both triggers.
    XrBoundSourcesForActionEnumerateInfo boundInfo{XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO};
    boundInfo.action = a.byName["select"];
    uint32_t boundCount = 0;
    ASSERT_EQ(xrEnumerateBoundSourcesForAction(client.session, &boundInfo, 0, &boundCount, nullptr), XR_SUCCESS);
    ASSERT_EQ(boundCount, 2u);
    std::vector<XrPath> bound(boundCount);
    ASSERT_EQ(xrEnumerateBoundSourcesForAction(client.session, &boundInfo, boundCount, &boundCount, bound.data()),
              XR_SUCCESS);
    EXPECT_EQ(bound[1], path(client.instance, "/user/hand/right/input/trigger/value"));
    XrInputSourceLocalizedNameGetInfo nameInfo{XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO};
    nameInfo.sourcePath = bound[1];
    nameInfo.whichComponents =
        XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT | XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT;
    char name[128];
    uint32_t nameLength = 0;
    ASSERT_EQ(xrGetInputSourceLocalizedName(client.session, &nameInfo, sizeof(name), &nameLength, name), XR_SUCCESS);
    EXPECT_STREQ(name, "Right Hand trigger value");

    XrHapticActionInfo hapticInfo{XR_TYPE_HAPTIC_ACTION_INFO};
    hapticInfo.action = a.byName["haptic"];
    hapticInfo.subactionPath = a.right;
    XrHapticVibration vibration{XR_TYPE_HAPTIC_VIBRATION};
    vibration.amplitude = 0.5f;
    vibration.duration = XR_MIN_HAPTIC_DURATION;
    EXPECT_EQ(
        xrApplyHapticFeedback(client.session, &hapticInfo, reinterpret_cast<const XrHapticBaseHeader*>(&vibration)),
        XR_SUCCESS);
    client.shutdown();
    EXPECT_EQ(client.validationMessages, 0);
    const auto report = readReport(dir);
    EXPECT_EQ(report["haptics"].get<int>(), 1);
    EXPECT_EQ(report["violations"].value("XR_ERROR_ACTION_TYPE_MISMATCH", 0), 24);
}

TEST(XrSimActions, ActionSpacesFollowTheScriptedHands) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 16, "height": 16, "displayHz": 10,
        "right": [{"t": 0, "position": [0.3, 1.0, -0.3]}, {"t": 1, "position": [0.3, 1.5, -0.5]}],
        "rightAim": [{"t": 0, "position": [0.3, 1.1, -0.4], "orientation": [0, 0.70710678, 0, 0.70710678]}]})");
    XrTestClient client;
    ASSERT_EQ(client.createInstance(), XR_SUCCESS);
    Actions a;
    ASSERT_NO_FATAL_FAILURE(createActions(client.instance, a));
    suggestAll(client.instance, a);
    ASSERT_NO_FATAL_FAILURE(client.createVulkan());
    ASSERT_NO_FATAL_FAILURE(client.beginSession());
    ASSERT_NO_FATAL_FAILURE(attach(client.session, a));
    XrActionSpaceCreateInfo spaceInfo{XR_TYPE_ACTION_SPACE_CREATE_INFO};
    spaceInfo.action = a.byName["grip"];
    spaceInfo.subactionPath = a.right;
    spaceInfo.poseInActionSpace.orientation.w = 1.0f;
    XrSpace grip = XR_NULL_HANDLE, aim = XR_NULL_HANDLE;
    ASSERT_EQ(xrCreateActionSpace(client.session, &spaceInfo, &grip), XR_SUCCESS);
    spaceInfo.action = a.byName["aim"];
    ASSERT_EQ(xrCreateActionSpace(client.session, &spaceInfo, &aim), XR_SUCCESS);
    spaceInfo.action = a.byName["select"];
    XrSpace wrong = XR_NULL_HANDLE;
    EXPECT_EQ(xrCreateActionSpace(client.session, &spaceInfo, &wrong), XR_ERROR_ACTION_TYPE_MISMATCH);
    XrSpaceLocation location{XR_TYPE_SPACE_LOCATION};
    // Not focused yet: the hand is not tracked.
    ASSERT_EQ(xrLocateSpace(grip, client.stage, 1'000'000'000, &location), XR_SUCCESS);
    EXPECT_EQ(location.locationFlags, 0u);
    ASSERT_TRUE(client.runUntil(XR_SESSION_STATE_FOCUSED, 5));
    ASSERT_EQ(xrLocateSpace(grip, client.stage, 1'500'000'000, &location), XR_SUCCESS);
    EXPECT_TRUE(location.locationFlags & XR_SPACE_LOCATION_POSITION_TRACKED_BIT);
    EXPECT_NEAR(location.pose.position.x, 0.3f, 1e-5f);
    EXPECT_NEAR(location.pose.position.y, 1.25f, 1e-5f);
    EXPECT_NEAR(location.pose.position.z, -0.4f, 1e-5f);
    ASSERT_EQ(xrLocateSpace(aim, client.stage, 1'500'000'000, &location), XR_SUCCESS);
    EXPECT_NEAR(location.pose.position.y, 1.1f, 1e-5f);
    EXPECT_NEAR(location.pose.orientation.y, 0.70710678f, 1e-5f);
    // The aim pose relative to the grip pose.
    ASSERT_EQ(xrLocateSpace(aim, grip, 1'000'000'000, &location), XR_SUCCESS);
    EXPECT_NEAR(location.pose.position.y, 0.1f, 1e-5f);
    EXPECT_NEAR(location.pose.position.z, -0.1f, 1e-5f);
    client.shutdown();
    EXPECT_EQ(client.validationMessages, 0);
}

} // namespace
} // namespace tv::xrsim::test
