// XrActions: the OpenXR action set, bindings, action spaces and per-frame state reading (see xr_actions.h).
#include "xr/input/xr_actions.h"

#include "core/log.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

namespace tv::xr {
namespace {

XrActionType actionType(XrActionId id) {
    switch (id) {
    case XrActionId::GripPose:
    case XrActionId::AimPose: return XR_ACTION_TYPE_POSE_INPUT;
    case XrActionId::Trigger:
    case XrActionId::Squeeze: return XR_ACTION_TYPE_FLOAT_INPUT;
    case XrActionId::Thumbstick: return XR_ACTION_TYPE_VECTOR2F_INPUT;
    case XrActionId::Haptic: return XR_ACTION_TYPE_VIBRATION_OUTPUT;
    default: return XR_ACTION_TYPE_BOOLEAN_INPUT;
    }
}

Pose toPose(const XrPosef& p) {
    return {vec3(p.position.x, p.position.y, p.position.z),
            quat(p.orientation.w, p.orientation.x, p.orientation.y, p.orientation.z)};
}

void copyName(char* out, size_t capacity, std::string_view name) {
    const size_t n = std::min(name.size(), capacity - 1);
    std::memcpy(out, name.data(), n);
    out[n] = '\0';
}

} // namespace

Error XrActions::failure(const char* call, XrResult result) const {
    char name[XR_MAX_RESULT_STRING_SIZE] = {};
    if (!m_instance || xrResultToString(m_instance, result, name) != XR_SUCCESS)
        std::snprintf(name, sizeof name, "XrResult %d", int(result));
    return makeError(ErrorCode::Device, format("%s failed: %s", call, name));
}

Expected<XrActions> XrActions::create(XrInstance instance) {
    XrActions actions;
    actions.m_instance = instance;
    if (auto r = actions.createActions(); !r) return r.error();
    if (auto r = actions.suggestBindings(); !r) return r.error();
    return actions;
}

XrActions::XrActions(XrActions&& other) noexcept { *this = std::move(other); }

XrActions& XrActions::operator=(XrActions&& other) noexcept {
    if (this == &other) return *this;
    destroy();
    m_instance = std::exchange(other.m_instance, XR_NULL_HANDLE);
    m_session = std::exchange(other.m_session, XR_NULL_HANDLE);
    m_set = std::exchange(other.m_set, XR_NULL_HANDLE);
    m_actions = std::exchange(other.m_actions, {});
    m_handPaths = other.m_handPaths;
    m_gripSpaces = std::exchange(other.m_gripSpaces, {});
    m_aimSpaces = std::exchange(other.m_aimSpaces, {});
    m_viewSpace = std::exchange(other.m_viewSpace, XR_NULL_HANDLE);
    m_profile = std::move(other.m_profile);
    m_accepted = std::move(other.m_accepted);
    return *this;
}

XrActions::~XrActions() { destroy(); }

void XrActions::destroy() {
    for (XrSpace& space : m_gripSpaces)
        if (space) xrDestroySpace(std::exchange(space, XR_NULL_HANDLE));
    for (XrSpace& space : m_aimSpaces)
        if (space) xrDestroySpace(std::exchange(space, XR_NULL_HANDLE));
    if (m_viewSpace) xrDestroySpace(std::exchange(m_viewSpace, XR_NULL_HANDLE));
    // Destroying the set destroys its actions.
    if (m_set) xrDestroyActionSet(std::exchange(m_set, XR_NULL_HANDLE));
    m_actions = {};
    m_session = XR_NULL_HANDLE;
}

Expected<void> XrActions::createActions() {
    const char* handPaths[kHandCount] = {"/user/hand/left", "/user/hand/right"};
    for (int hand = 0; hand < kHandCount; ++hand)
        if (XrResult r = xrStringToPath(m_instance, handPaths[hand], &m_handPaths[size_t(hand)]); XR_FAILED(r))
            return failure("xrStringToPath", r);
    XrActionSetCreateInfo setInfo{XR_TYPE_ACTION_SET_CREATE_INFO};
    copyName(setInfo.actionSetName, XR_MAX_ACTION_SET_NAME_SIZE, "twinview");
    copyName(setInfo.localizedActionSetName, XR_MAX_LOCALIZED_ACTION_SET_NAME_SIZE, "twinview");
    if (XrResult r = xrCreateActionSet(m_instance, &setInfo, &m_set); XR_FAILED(r))
        return failure("xrCreateActionSet", r);
    for (int i = 0; i < kXrActionCount; ++i) {
        const auto id = XrActionId(i);
        XrActionCreateInfo info{XR_TYPE_ACTION_CREATE_INFO};
        copyName(info.actionName, XR_MAX_ACTION_NAME_SIZE, actionName(id));
        copyName(info.localizedActionName, XR_MAX_LOCALIZED_ACTION_NAME_SIZE, actionLocalizedName(id));
        info.actionType = actionType(id);
        info.countSubactionPaths = kHandCount;
        info.subactionPaths = m_handPaths.data();
        if (XrResult r = xrCreateAction(m_set, &info, &m_actions[size_t(i)]); XR_FAILED(r))
            return failure("xrCreateAction", r);
    }
    return {};
}

Expected<void> XrActions::suggestBindings() {
    std::string lastError;
    for (const ProfileBindings& profile : suggestedProfiles()) {
        const std::string profilePath(profile.profile);
        XrInteractionProfileSuggestedBinding suggested{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
        if (XrResult r = xrStringToPath(m_instance, profilePath.c_str(), &suggested.interactionProfile); XR_FAILED(r))
            return failure("xrStringToPath", r);
        std::vector<XrActionSuggestedBinding> bindings;
        for (const BindingRow& row : profile.rows) {
            XrActionSuggestedBinding binding{m_actions[size_t(row.action)], XR_NULL_PATH};
            const std::string path = bindingPath(row);
            if (XrResult r = xrStringToPath(m_instance, path.c_str(), &binding.binding); XR_FAILED(r))
                return failure("xrStringToPath", r);
            bindings.push_back(binding);
        }
        suggested.countSuggestedBindings = uint32_t(bindings.size());
        suggested.suggestedBindings = bindings.data();
        if (XrResult r = xrSuggestInteractionProfileBindings(m_instance, &suggested); XR_FAILED(r)) {
            // A runtime that predates a profile rejects it; the others still work.
            lastError = failure("xrSuggestInteractionProfileBindings", r).message;
            logWarn("XR input: bindings for %s not accepted (%s)", profilePath.c_str(), lastError.c_str());
            continue;
        }
        m_accepted.push_back(profilePath);
    }
    if (m_accepted.empty())
        return makeError(ErrorCode::Device, "the OpenXR runtime accepted no controller bindings: " + lastError);
    return {};
}

Expected<void> XrActions::attach(XrSession session) {
    if (m_session != XR_NULL_HANDLE) return makeError(ErrorCode::InvalidArgument, "XR input: already attached");
    XrSessionActionSetsAttachInfo info{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    info.countActionSets = 1;
    info.actionSets = &m_set;
    if (XrResult r = xrAttachSessionActionSets(session, &info); XR_FAILED(r))
        return failure("xrAttachSessionActionSets", r);
    m_session = session;
    for (int hand = 0; hand < kHandCount; ++hand) {
        XrActionSpaceCreateInfo spaceInfo{XR_TYPE_ACTION_SPACE_CREATE_INFO};
        spaceInfo.subactionPath = m_handPaths[size_t(hand)];
        spaceInfo.poseInActionSpace.orientation.w = 1.0f;
        spaceInfo.action = action(XrActionId::GripPose);
        if (XrResult r = xrCreateActionSpace(session, &spaceInfo, &m_gripSpaces[size_t(hand)]); XR_FAILED(r))
            return failure("xrCreateActionSpace", r);
        spaceInfo.action = action(XrActionId::AimPose);
        if (XrResult r = xrCreateActionSpace(session, &spaceInfo, &m_aimSpaces[size_t(hand)]); XR_FAILED(r))
            return failure("xrCreateActionSpace", r);
    }
    XrReferenceSpaceCreateInfo viewInfo{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    viewInfo.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
    viewInfo.poseInReferenceSpace.orientation.w = 1.0f;
    if (XrResult r = xrCreateReferenceSpace(session, &viewInfo, &m_viewSpace); XR_FAILED(r))
        return failure("xrCreateReferenceSpace", r);
    // Usually XR_NULL_PATH until the runtime's profile-changed event; asking now costs nothing.
    return onInteractionProfileChanged(session);
}

Expected<void> XrActions::onInteractionProfileChanged(XrSession session) {
    if (session != m_session || !m_session)
        return makeError(ErrorCode::InvalidArgument, "XR input: the session is not the attached one");
    XrPath current = XR_NULL_PATH;
    for (XrPath hand : m_handPaths) {
        XrInteractionProfileState state{XR_TYPE_INTERACTION_PROFILE_STATE};
        if (XrResult r = xrGetCurrentInteractionProfile(session, hand, &state); XR_FAILED(r))
            return failure("xrGetCurrentInteractionProfile", r);
        if (state.interactionProfile != XR_NULL_PATH) {
            current = state.interactionProfile;
            break; // twinview suggests the same profile for both hands; the first one held names it
        }
    }
    m_profile.clear();
    if (current == XR_NULL_PATH) return {};
    uint32_t length = 0;
    if (XrResult r = xrPathToString(m_instance, current, 0, &length, nullptr); XR_FAILED(r))
        return failure("xrPathToString", r);
    std::string text(length, '\0');
    if (XrResult r = xrPathToString(m_instance, current, length, &length, text.data()); XR_FAILED(r))
        return failure("xrPathToString", r);
    text.resize(length > 0 ? length - 1 : 0); // the count includes the terminating NUL
    m_profile = std::move(text);
    return {};
}

Expected<XrInputState> XrActions::sync(XrSession session, XrSpace reference, XrTime time) {
    if (session != m_session || !m_session)
        return makeError(ErrorCode::InvalidArgument, "XR input: sync on a session that is not the attached one");
    XrInputState out;
    out.profile = m_profile;
    out.time = time;

    XrActiveActionSet active{m_set, XR_NULL_PATH};
    XrActionsSyncInfo syncInfo{XR_TYPE_ACTIONS_SYNC_INFO};
    syncInfo.countActiveActionSets = 1;
    syncInfo.activeActionSets = &active;
    const XrResult synced = xrSyncActions(session, &syncInfo);
    if (XR_FAILED(synced)) return failure("xrSyncActions", synced);
    out.focused = synced != XR_SESSION_NOT_FOCUSED;

    // Locates `space` in `reference`: the pose when both position and orientation are valid.
    auto locate = [&](XrSpace space, Pose& pose, bool& valid) -> Expected<void> {
        XrSpaceLocation location{XR_TYPE_SPACE_LOCATION};
        if (XrResult r = xrLocateSpace(space, reference, time, &location); XR_FAILED(r))
            return failure("xrLocateSpace", r);
        const XrSpaceLocationFlags needed =
            XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
        valid = (location.locationFlags & needed) == needed;
        if (valid) pose = toPose(location.pose);
        return {};
    };
    if (auto r = locate(m_viewSpace, out.head, out.headTracked); !r) return r.error();
    if (!out.focused) return out; // the runtime deactivated every action: inputs stay zero, hands untracked

    for (int hand = 0; hand < kHandCount; ++hand) {
        HandInput& in = out.hands[hand];
        XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
        get.subactionPath = m_handPaths[size_t(hand)];
        auto readFloat = [&](XrActionId id, float& value) -> Expected<void> {
            get.action = action(id);
            XrActionStateFloat state{XR_TYPE_ACTION_STATE_FLOAT};
            if (XrResult r = xrGetActionStateFloat(session, &get, &state); XR_FAILED(r))
                return failure("xrGetActionStateFloat", r);
            value = state.isActive ? state.currentState : 0.0f;
            return {};
        };
        auto readBool = [&](XrActionId id, bool& value) -> Expected<void> {
            get.action = action(id);
            XrActionStateBoolean state{XR_TYPE_ACTION_STATE_BOOLEAN};
            if (XrResult r = xrGetActionStateBoolean(session, &get, &state); XR_FAILED(r))
                return failure("xrGetActionStateBoolean", r);
            value = state.isActive && state.currentState;
            return {};
        };
        auto readPose = [&](XrActionId id, XrSpace space, Pose& pose, bool& valid) -> Expected<void> {
            get.action = action(id);
            XrActionStatePose state{XR_TYPE_ACTION_STATE_POSE};
            if (XrResult r = xrGetActionStatePose(session, &get, &state); XR_FAILED(r))
                return failure("xrGetActionStatePose", r);
            valid = false;
            if (!state.isActive) return {}; // not bound on this profile or this hand is not held
            return locate(space, pose, valid);
        };
        if (auto r = readFloat(XrActionId::Trigger, in.trigger); !r) return r.error();
        if (auto r = readFloat(XrActionId::Squeeze, in.squeeze); !r) return r.error();
        if (auto r = readBool(XrActionId::Menu, in.menu); !r) return r.error();
        if (auto r = readBool(XrActionId::Primary, in.primary); !r) return r.error();
        if (auto r = readBool(XrActionId::Secondary, in.secondary); !r) return r.error();
        if (auto r = readBool(XrActionId::ThumbstickClick, in.thumbstickClick); !r) return r.error();
        get.action = action(XrActionId::Thumbstick);
        XrActionStateVector2f stick{XR_TYPE_ACTION_STATE_VECTOR2F};
        if (XrResult r = xrGetActionStateVector2f(session, &get, &stick); XR_FAILED(r))
            return failure("xrGetActionStateVector2f", r);
        if (stick.isActive) in.thumbstick = vec2(stick.currentState.x, stick.currentState.y);
        if (auto r = readPose(XrActionId::GripPose, m_gripSpaces[size_t(hand)], in.grip, in.gripTracked); !r)
            return r.error();
        if (auto r = readPose(XrActionId::AimPose, m_aimSpaces[size_t(hand)], in.aim, in.tracked); !r) return r.error();
    }
    return out;
}

Expected<void> XrActions::vibrate(int hand, float seconds, float amplitude) {
    if (!m_session) return makeError(ErrorCode::InvalidArgument, "XR input: vibrate before attach");
    if (hand < 0 || hand >= kHandCount) return makeError(ErrorCode::InvalidArgument, "XR input: no such hand");
    XrHapticActionInfo info{XR_TYPE_HAPTIC_ACTION_INFO};
    info.action = action(XrActionId::Haptic);
    info.subactionPath = m_handPaths[size_t(hand)];
    XrHapticVibration vibration{XR_TYPE_HAPTIC_VIBRATION};
    vibration.duration = XrDuration(double(std::max(seconds, 0.0f)) * 1e9);
    if (vibration.duration <= 0) vibration.duration = XR_MIN_HAPTIC_DURATION;
    vibration.frequency = XR_FREQUENCY_UNSPECIFIED;
    vibration.amplitude = std::clamp(amplitude, 0.0f, 1.0f);
    if (XrResult r = xrApplyHapticFeedback(m_session, &info, reinterpret_cast<const XrHapticBaseHeader*>(&vibration));
        XR_FAILED(r))
        return failure("xrApplyHapticFeedback", r);
    return {};
}

} // namespace tv::xr
