// XrActions — twinview's OpenXR input: one action set "twinview" with the actions of xr_bindings.h on both hands
// (subaction paths /user/hand/left and /user/hand/right), bindings suggested for the five interaction profiles,
// the grip/aim action spaces and a VIEW space for the head, read once a frame into a plain XrInputState.
//
// Life cycle (the app's main thread only; OpenXR action calls are not meant to race the frame loop):
//   create(instance)           before the session's action sets are attached: creates the set and the actions and
//                              suggests every profile's bindings. A profile the runtime rejects (an older runtime
//                              without it) is skipped with a warning; create fails only if none is accepted.
//   attach(session)            once per session: xrAttachSessionActionSets with this set ONLY (OpenXR allows one
//                              attach call per session, so any other action set must join through actionSet()
//                              before — twinview has none), then the action spaces and the VIEW space.
//   sync(session, space, time) each frame after xrWaitFrame, with the predicted display time: xrSyncActions, the
//                              action states and xrLocateSpace of the hand spaces and the head in `space` (the
//                              app's reference space). XR_SESSION_NOT_FOCUSED is not an error: the state comes
//                              back with focused = false and every input zeroed / untracked (the head still
//                              located: the user still sees the world while another app has the controllers).
//   onInteractionProfileChanged(session)  on XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED: re-queries
//                              currentProfile() (xrGetCurrentInteractionProfile may only be trusted after it).
//   vibrate(hand, seconds, amplitude)     xrApplyHapticFeedback on the attached session.
// Destroy order: XrActions must be destroyed (or reset) BEFORE xrDestroySession and xrDestroyInstance: its
// destructor destroys its spaces (children of the session) and its action set (child of the instance), and a
// destroyed parent would make those handles invalid (a strict runtime reports it).
//
// Errors: Expected with ErrorCode::Device and a message naming the call and the XrResult name
// (e.g. "xrSyncActions failed: XR_ERROR_SESSION_LOST").
#pragma once

#include "core/expected.h"
#include "xr/input/xr_bindings.h"
#include "xr/input/xr_input_state.h"

#include <openxr/openxr.h>

#include <array>
#include <string>
#include <vector>

namespace tv::xr {

class XrActions {
public:
    [[nodiscard]] static Expected<XrActions> create(XrInstance instance);

    XrActions() = default;
    XrActions(XrActions&& other) noexcept;
    XrActions& operator=(XrActions&& other) noexcept;
    XrActions(const XrActions&) = delete;
    XrActions& operator=(const XrActions&) = delete;
    ~XrActions();

    [[nodiscard]] Expected<void> attach(XrSession session);
    // `session` must be the attached one; `reference` a space of it; `time` > 0 (the predicted display time).
    [[nodiscard]] Expected<XrInputState> sync(XrSession session, XrSpace reference, XrTime time);
    [[nodiscard]] Expected<void> onInteractionProfileChanged(XrSession session);
    // hand 0 left / 1 right; seconds > 0; amplitude 0..1. A runtime without haptics for the profile ignores it.
    [[nodiscard]] Expected<void> vibrate(int hand, float seconds, float amplitude);

    // The current interaction profile path ("" while none) as of the last attach / profile-changed event.
    const std::string& currentProfile() const { return m_profile; }
    // Profiles the runtime accepted suggestions for (a subset of suggestedProfiles()).
    const std::vector<std::string>& acceptedProfiles() const { return m_accepted; }
    XrActionSet actionSet() const { return m_set; }
    XrAction action(XrActionId id) const { return m_actions[size_t(id)]; }

    // Destroys the spaces and the action set now (idempotent); the destructor calls it.
    void destroy();

private:
    Expected<void> createActions();
    Expected<void> suggestBindings();
    Error failure(const char* call, XrResult result) const;

    XrInstance m_instance = XR_NULL_HANDLE;
    XrSession m_session = XR_NULL_HANDLE;
    XrActionSet m_set = XR_NULL_HANDLE;
    std::array<XrAction, kXrActionCount> m_actions{};
    std::array<XrPath, kHandCount> m_handPaths{};
    std::array<XrSpace, kHandCount> m_gripSpaces{};
    std::array<XrSpace, kHandCount> m_aimSpaces{};
    XrSpace m_viewSpace = XR_NULL_HANDLE;
    std::string m_profile;
    std::vector<std::string> m_accepted;
};

} // namespace tv::xr
