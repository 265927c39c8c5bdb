// Actions of the simulated runtime: action sets and actions, suggested bindings validated against the five
// interaction profile tables, attachment, the current interaction profile (the script's "held" controller, if
// the app suggested bindings for it), xrSyncActions reading the scripted presses, action states and haptics.
#include "runtime.h"

#include "profiles.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tv::xrsim {
namespace {

bool validName(const char* name) {
    if (!name || !*name) return false;
    for (const char* c = name; *c; ++c)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.'))
            return false;
    return true;
}

bool isTopLevelUserPath(const std::string& path) {
    return path == "/user/hand/left" || path == "/user/hand/right" || path == "/user/head" || path == "/user/gamepad";
}

int slotOf(const Instance& instance, XrPath subaction) {
    const std::string* text = pathString(instance, subaction);
    if (!text) return 0;
    return *text == "/user/hand/left" ? 1 : *text == "/user/hand/right" ? 2 : -1;
}

XrResult lookupAction(const char* func, XrAction handle, Action*& action, ActionSet*& set) {
    action = Runtime::get().find<Action>(raw(handle));
    if (!action) return violation(func, XR_ERROR_HANDLE_INVALID, "action is not a live XrAction");
    set = Runtime::get().find<ActionSet>(action->set);
    return XR_SUCCESS;
}

// Common checks of xrGetActionState*: returns the state slot for the subaction path.
XrResult stateFor(const char* func, XrSession handle, const XrActionStateGetInfo* info, const void* state,
                  XrStructureType stateType, XrActionType type, const ActionStateSlot*& slot) {
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_ACTION_STATE_GET_INFO, "getInfo"); r < 0) return r;
    if (XrResult r = checkStruct(func, state, stateType, "state"); r < 0) return r;
    Action* action = nullptr;
    ActionSet* set = nullptr;
    if (XrResult r = lookupAction(func, info->action, action, set); r < 0) return r;
    if (action->type != type)
        return violation(func, XR_ERROR_ACTION_TYPE_MISMATCH, "action '" + action->name + "' has another type");
    if (std::find(session->attachedSets.begin(), session->attachedSets.end(), set->handle) ==
        session->attachedSets.end())
        return violation(func, XR_ERROR_ACTIONSET_NOT_ATTACHED, "the action's set is not attached to the session");
    const Instance& instance = *Runtime::get().find<Instance>(session->instance);
    if (info->subactionPath != XR_NULL_PATH && std::find(action->subactionPaths.begin(), action->subactionPaths.end(),
                                                         info->subactionPath) == action->subactionPaths.end())
        return violation(func, XR_ERROR_PATH_UNSUPPORTED, "subactionPath was not declared for the action");
    const int index = slotOf(instance, info->subactionPath);
    slot = &action->state[size_t(std::max(index, 0))];
    return XR_SUCCESS;
}

void updateAction(const Instance& instance, const Session& session, Action& action, bool focused, XrTime now) {
    const double t = scriptSeconds(now);
    const auto bindings = instance.suggested.find(session.currentProfile);
    for (int slot = 0; slot < 3; ++slot) {
        ActionStateSlot next{};
        bool any = false;
        if (focused && bindings != instance.suggested.end()) {
            for (const Binding& b : bindings->second) {
                if (b.action != action.handle) continue;
                BoundSource source;
                if (!parseBinding(*pathString(instance, b.path), source)) continue;
                if (slot != 0 && source.hand != slot - 1) continue;
                float y = 0.0f;
                const float v = sourceValue(instance.script, source, t, &y);
                any = true;
                switch (action.type) {
                case XR_ACTION_TYPE_BOOLEAN_INPUT: next.value = std::max(next.value, v > 0.5f ? 1.0f : 0.0f); break;
                case XR_ACTION_TYPE_FLOAT_INPUT:
                    if (std::fabs(v) > std::fabs(next.value)) next.value = v;
                    break;
                case XR_ACTION_TYPE_VECTOR2F_INPUT:
                    if (source.component == "y")
                        next.y = v;
                    else
                        next.value = v;
                    if (source.component.empty()) next.y = y;
                    break;
                default: break;
                }
            }
        }
        ActionStateSlot& cur = action.state[size_t(slot)];
        next.active = any;
        next.changed = any && cur.active && (next.value != cur.value || next.y != cur.y);
        next.lastChange = next.changed || (any && !cur.active) ? now : cur.lastChange;
        cur = next;
    }
}

} // namespace

XrResult XRAPI_CALL createActionSet(XrInstance handle, const XrActionSetCreateInfo* info, XrActionSet* out) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateActionSet";
    Instance* instance = Runtime::get().find<Instance>(raw(handle));
    if (!instance) return violation(func, XR_ERROR_HANDLE_INVALID, "instance is not a live XrInstance");
    if (XrResult r = checkStruct(func, info, XR_TYPE_ACTION_SET_CREATE_INFO, "createInfo"); r < 0) return r;
    if (!out) return violation(func, XR_ERROR_VALIDATION_FAILURE, "action set output is null");
    if (!validName(info->actionSetName))
        return violation(func, XR_ERROR_NAME_INVALID, std::string("action set name '") + info->actionSetName + "'");
    if (!info->localizedActionSetName[0])
        return violation(func, XR_ERROR_LOCALIZED_NAME_INVALID, "localizedActionSetName is empty");
    for (uint64_t other : instance->actionSets)
        if (Runtime::get().find<ActionSet>(other)->name == info->actionSetName)
            return violation(func, XR_ERROR_NAME_DUPLICATED, std::string("action set ") + info->actionSetName);
    auto set = std::make_unique<ActionSet>();
    set->instance = instance->handle;
    set->name = info->actionSetName;
    set->priority = info->priority;
    const uint64_t id = Runtime::get().add(std::move(set));
    instance->actionSets.insert(id);
    *out = toHandle<XrActionSet>(id);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroyActionSet(XrActionSet handle) {
    std::lock_guard lock(Runtime::get().mutex());
    ActionSet* set = Runtime::get().find<ActionSet>(raw(handle));
    if (!set) return violation("xrDestroyActionSet", XR_ERROR_HANDLE_INVALID, "action set is not live");
    for (uint64_t action : set->actions) Runtime::get().remove(action);
    if (Instance* instance = Runtime::get().find<Instance>(set->instance)) instance->actionSets.erase(set->handle);
    Runtime::get().remove(set->handle);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL createAction(XrActionSet handle, const XrActionCreateInfo* info, XrAction* out) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateAction";
    ActionSet* set = Runtime::get().find<ActionSet>(raw(handle));
    if (!set) return violation(func, XR_ERROR_HANDLE_INVALID, "action set is not a live XrActionSet");
    if (XrResult r = checkStruct(func, info, XR_TYPE_ACTION_CREATE_INFO, "createInfo"); r < 0) return r;
    if (!out) return violation(func, XR_ERROR_VALIDATION_FAILURE, "action output is null");
    if (set->attached)
        return violation(func, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED, "action set '" + set->name + "' is attached");
    if (!validName(info->actionName))
        return violation(func, XR_ERROR_NAME_INVALID, std::string("action name '") + info->actionName + "'");
    if (!info->localizedActionName[0])
        return violation(func, XR_ERROR_LOCALIZED_NAME_INVALID, "localizedActionName is empty");
    switch (info->actionType) {
    case XR_ACTION_TYPE_BOOLEAN_INPUT:
    case XR_ACTION_TYPE_FLOAT_INPUT:
    case XR_ACTION_TYPE_VECTOR2F_INPUT:
    case XR_ACTION_TYPE_POSE_INPUT:
    case XR_ACTION_TYPE_VIBRATION_OUTPUT: break;
    default: return violation(func, XR_ERROR_VALIDATION_FAILURE, "actionType is not a valid XrActionType");
    }
    for (uint64_t other : set->actions)
        if (Runtime::get().find<Action>(other)->name == info->actionName)
            return violation(func, XR_ERROR_NAME_DUPLICATED, std::string("action ") + info->actionName);
    const Instance& instance = *Runtime::get().find<Instance>(set->instance);
    auto action = std::make_unique<Action>();
    for (uint32_t i = 0; i < info->countSubactionPaths; ++i) {
        const std::string* path = pathString(instance, info->subactionPaths[i]);
        if (!path) return violation(func, XR_ERROR_PATH_INVALID, "subaction path is not a valid XrPath");
        if (!isTopLevelUserPath(*path))
            return violation(func, XR_ERROR_PATH_UNSUPPORTED, "subaction path " + *path + " is not a top level path");
        if (std::find(action->subactionPaths.begin(), action->subactionPaths.end(), info->subactionPaths[i]) !=
            action->subactionPaths.end())
            return violation(func, XR_ERROR_VALIDATION_FAILURE, "subaction path " + *path + " given twice");
        action->subactionPaths.push_back(info->subactionPaths[i]);
    }
    action->set = set->handle;
    action->name = info->actionName;
    action->type = info->actionType;
    const uint64_t id = Runtime::get().add(std::move(action));
    set->actions.push_back(id);
    *out = toHandle<XrAction>(id);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroyAction(XrAction handle) {
    std::lock_guard lock(Runtime::get().mutex());
    Action* action = Runtime::get().find<Action>(raw(handle));
    if (!action) return violation("xrDestroyAction", XR_ERROR_HANDLE_INVALID, "action is not live");
    if (ActionSet* set = Runtime::get().find<ActionSet>(action->set)) std::erase(set->actions, action->handle);
    Runtime::get().remove(action->handle);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL suggestInteractionProfileBindings(XrInstance handle,
                                                      const XrInteractionProfileSuggestedBinding* suggested) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrSuggestInteractionProfileBindings";
    Instance* instance = Runtime::get().find<Instance>(raw(handle));
    if (!instance) return violation(func, XR_ERROR_HANDLE_INVALID, "instance is not a live XrInstance");
    if (XrResult r = checkStruct(func, suggested, XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING, "suggestedBindings");
        r < 0)
        return r;
    const std::string* profile = pathString(*instance, suggested->interactionProfile);
    if (!profile) return violation(func, XR_ERROR_PATH_INVALID, "interactionProfile is not a valid XrPath");
    if (!profileKnown(*profile)) return violation(func, XR_ERROR_PATH_UNSUPPORTED, "unknown profile " + *profile);
    if (suggested->countSuggestedBindings == 0 || !suggested->suggestedBindings)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "no bindings given");
    std::vector<Binding> list;
    for (uint32_t i = 0; i < suggested->countSuggestedBindings; ++i) {
        const XrActionSuggestedBinding& b = suggested->suggestedBindings[i];
        Action* action = nullptr;
        ActionSet* set = nullptr;
        if (XrResult r = lookupAction(func, b.action, action, set); r < 0) return r;
        if (set->instance != instance->handle)
            return violation(func, XR_ERROR_HANDLE_INVALID, "action belongs to another instance");
        if (set->attached)
            return violation(func, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED, "action set '" + set->name + "' is attached");
        const std::string* path = pathString(*instance, b.binding);
        if (!path) return violation(func, XR_ERROR_PATH_INVALID, "binding is not a valid XrPath");
        if (!bindingValid(*profile, *path))
            return violation(func, XR_ERROR_PATH_UNSUPPORTED, *path + " does not exist on " + *profile);
        BoundSource source;
        parseBinding(*path, source);
        const bool pose = source.component == "pose";
        if ((action->type == XR_ACTION_TYPE_POSE_INPUT) != pose ||
            (action->type == XR_ACTION_TYPE_VIBRATION_OUTPUT) != source.output)
            return violation(func, XR_ERROR_PATH_UNSUPPORTED,
                             *path + " cannot drive action '" + action->name + "' of its type");
        list.push_back({action->handle, b.binding});
    }
    instance->suggested[suggested->interactionProfile] = std::move(list); // a new suggestion replaces the old one
    return XR_SUCCESS;
}

XrResult XRAPI_CALL attachSessionActionSets(XrSession handle, const XrSessionActionSetsAttachInfo* info) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrAttachSessionActionSets";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, "attachInfo"); r < 0) return r;
    if (session->actionSetsAttached)
        return violation(func, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED, "action sets were already attached");
    if (info->countActionSets == 0 || !info->actionSets)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "no action sets given");
    std::vector<ActionSet*> sets;
    for (uint32_t i = 0; i < info->countActionSets; ++i) {
        ActionSet* set = Runtime::get().find<ActionSet>(raw(info->actionSets[i]));
        if (!set) return violation(func, XR_ERROR_HANDLE_INVALID, "action set is not live");
        sets.push_back(set);
    }
    for (ActionSet* set : sets) {
        set->attached = true;
        session->attachedSets.push_back(set->handle);
    }
    session->actionSetsAttached = true;
    Instance& instance = *Runtime::get().find<Instance>(session->instance);
    const XrPath held = internPath(instance, instance.script.interactionProfile);
    session->currentProfile = instance.suggested.count(held) ? held : XR_NULL_PATH;
    if (session->currentProfile != XR_NULL_PATH) {
        XrEventDataInteractionProfileChanged event{XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED};
        event.session = handle;
        pushEvent(instance, event);
    }
    return XR_SUCCESS;
}

XrResult XRAPI_CALL getCurrentInteractionProfile(XrSession handle, XrPath topLevelUserPath,
                                                 XrInteractionProfileState* profile) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetCurrentInteractionProfile";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, profile, XR_TYPE_INTERACTION_PROFILE_STATE, "interactionProfile"); r < 0)
        return r;
    if (!session->actionSetsAttached)
        return violation(func, XR_ERROR_ACTIONSET_NOT_ATTACHED, "no action sets attached yet");
    const Instance& instance = *Runtime::get().find<Instance>(session->instance);
    const std::string* path = pathString(instance, topLevelUserPath);
    if (!path) return violation(func, XR_ERROR_PATH_INVALID, "topLevelUserPath is not a valid XrPath");
    if (!isTopLevelUserPath(*path)) return violation(func, XR_ERROR_PATH_UNSUPPORTED, *path + " is not top level");
    const bool hand = *path == "/user/hand/left" || *path == "/user/hand/right";
    profile->interactionProfile = hand ? session->currentProfile : XR_NULL_PATH;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL syncActions(XrSession handle, const XrActionsSyncInfo* info) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrSyncActions";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_ACTIONS_SYNC_INFO, "syncInfo"); r < 0) return r;
    if (info->countActiveActionSets > 0 && !info->activeActionSets)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "activeActionSets is null");
    std::vector<uint64_t> active;
    for (uint32_t i = 0; i < info->countActiveActionSets; ++i) {
        const ActionSet* set = Runtime::get().find<ActionSet>(raw(info->activeActionSets[i].actionSet));
        if (!set) return violation(func, XR_ERROR_HANDLE_INVALID, "active action set is not live");
        if (std::find(session->attachedSets.begin(), session->attachedSets.end(), set->handle) ==
            session->attachedSets.end())
            return violation(func, XR_ERROR_ACTIONSET_NOT_ATTACHED, "action set '" + set->name + "' is not attached");
        active.push_back(set->handle);
    }
    const Instance& instance = *Runtime::get().find<Instance>(session->instance);
    const bool focused = session->state == XR_SESSION_STATE_FOCUSED;
    for (uint64_t setHandle : session->attachedSets) {
        const bool setActive = std::find(active.begin(), active.end(), setHandle) != active.end();
        for (uint64_t actionHandle : Runtime::get().find<ActionSet>(setHandle)->actions)
            updateAction(instance, *session, *Runtime::get().find<Action>(actionHandle), focused && setActive,
                         sessionNow(*session));
    }
    return focused ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

XrResult XRAPI_CALL getActionStateBoolean(XrSession handle, const XrActionStateGetInfo* info,
                                          XrActionStateBoolean* state) {
    std::lock_guard lock(Runtime::get().mutex());
    const ActionStateSlot* slot = nullptr;
    if (XrResult r = stateFor("xrGetActionStateBoolean", handle, info, state, XR_TYPE_ACTION_STATE_BOOLEAN,
                              XR_ACTION_TYPE_BOOLEAN_INPUT, slot);
        r < 0)
        return r;
    state->currentState = slot->value > 0.5f ? XR_TRUE : XR_FALSE;
    state->changedSinceLastSync = slot->changed;
    state->lastChangeTime = slot->lastChange;
    state->isActive = slot->active;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL getActionStateFloat(XrSession handle, const XrActionStateGetInfo* info, XrActionStateFloat* state) {
    std::lock_guard lock(Runtime::get().mutex());
    const ActionStateSlot* slot = nullptr;
    if (XrResult r = stateFor("xrGetActionStateFloat", handle, info, state, XR_TYPE_ACTION_STATE_FLOAT,
                              XR_ACTION_TYPE_FLOAT_INPUT, slot);
        r < 0)
        return r;
    state->currentState = slot->value;
    state->changedSinceLastSync = slot->changed;
    state->lastChangeTime = slot->lastChange;
    state->isActive = slot->active;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL getActionStateVector2f(XrSession handle, const XrActionStateGetInfo* info,
                                           XrActionStateVector2f* state) {
    std::lock_guard lock(Runtime::get().mutex());
    const ActionStateSlot* slot = nullptr;
    if (XrResult r = stateFor("xrGetActionStateVector2f", handle, info, state, XR_TYPE_ACTION_STATE_VECTOR2F,
                              XR_ACTION_TYPE_VECTOR2F_INPUT, slot);
        r < 0)
        return r;
    state->currentState = {slot->value, slot->y};
    state->changedSinceLastSync = slot->changed;
    state->lastChangeTime = slot->lastChange;
    state->isActive = slot->active;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL getActionStatePose(XrSession handle, const XrActionStateGetInfo* info, XrActionStatePose* state) {
    std::lock_guard lock(Runtime::get().mutex());
    const ActionStateSlot* slot = nullptr;
    if (XrResult r = stateFor("xrGetActionStatePose", handle, info, state, XR_TYPE_ACTION_STATE_POSE,
                              XR_ACTION_TYPE_POSE_INPUT, slot);
        r < 0)
        return r;
    state->isActive = slot->active;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL applyHapticFeedback(XrSession handle, const XrHapticActionInfo* info,
                                        const XrHapticBaseHeader* feedback) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrApplyHapticFeedback";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_HAPTIC_ACTION_INFO, "hapticActionInfo"); r < 0) return r;
    if (XrResult r = checkStruct(func, feedback, XR_TYPE_HAPTIC_VIBRATION, "hapticFeedback"); r < 0) return r;
    Action* action = nullptr;
    ActionSet* set = nullptr;
    if (XrResult r = lookupAction(func, info->action, action, set); r < 0) return r;
    if (action->type != XR_ACTION_TYPE_VIBRATION_OUTPUT)
        return violation(func, XR_ERROR_ACTION_TYPE_MISMATCH, "action '" + action->name + "' is not a vibration");
    if (!set->attached) return violation(func, XR_ERROR_ACTIONSET_NOT_ATTACHED, "action set is not attached");
    Runtime::get().report().haptics += 1;
    return session->state == XR_SESSION_STATE_FOCUSED ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
}

XrResult XRAPI_CALL stopHapticFeedback(XrSession handle, const XrHapticActionInfo* info) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrStopHapticFeedback";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_HAPTIC_ACTION_INFO, "hapticActionInfo"); r < 0) return r;
    Action* action = nullptr;
    ActionSet* set = nullptr;
    if (XrResult r = lookupAction(func, info->action, action, set); r < 0) return r;
    if (action->type != XR_ACTION_TYPE_VIBRATION_OUTPUT)
        return violation(func, XR_ERROR_ACTION_TYPE_MISMATCH, "action '" + action->name + "' is not a vibration");
    return XR_SUCCESS;
}

XrResult XRAPI_CALL enumerateBoundSourcesForAction(XrSession handle, const XrBoundSourcesForActionEnumerateInfo* info,
                                                   uint32_t capacity, uint32_t* count, XrPath* sources) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEnumerateBoundSourcesForAction";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO, "enumerateInfo"); r < 0)
        return r;
    Action* action = nullptr;
    ActionSet* set = nullptr;
    if (XrResult r = lookupAction(func, info->action, action, set); r < 0) return r;
    if (std::find(session->attachedSets.begin(), session->attachedSets.end(), set->handle) ==
        session->attachedSets.end())
        return violation(func, XR_ERROR_ACTIONSET_NOT_ATTACHED, "the action's set is not attached to the session");
    const Instance& instance = *Runtime::get().find<Instance>(session->instance);
    std::vector<XrPath> bound;
    if (const auto it = instance.suggested.find(session->currentProfile); it != instance.suggested.end())
        for (const Binding& b : it->second)
            if (b.action == action->handle) bound.push_back(b.path);
    return twoCall(func, capacity, count, sources, bound);
}

XrResult XRAPI_CALL getInputSourceLocalizedName(XrSession handle, const XrInputSourceLocalizedNameGetInfo* info,
                                                uint32_t capacity, uint32_t* count, char* buffer) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetInputSourceLocalizedName";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_INPUT_SOURCE_LOCALIZED_NAME_GET_INFO, "getInfo"); r < 0) return r;
    if (info->whichComponents == 0)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "whichComponents must name at least one component");
    const Instance& instance = *Runtime::get().find<Instance>(session->instance);
    const std::string* source = pathString(instance, info->sourcePath);
    BoundSource parsed;
    if (!source || !parseBinding(*source, parsed))
        return violation(func, XR_ERROR_PATH_UNSUPPORTED, "sourcePath is not an input source of this runtime");
    std::string name;
    auto add = [&](const std::string& part) { name += (name.empty() ? "" : " ") + part; };
    if (info->whichComponents & XR_INPUT_SOURCE_LOCALIZED_NAME_USER_PATH_BIT)
        add(parsed.hand == 0 ? "Left Hand" : "Right Hand");
    if (info->whichComponents & XR_INPUT_SOURCE_LOCALIZED_NAME_INTERACTION_PROFILE_BIT) {
        const std::string* profile = pathString(instance, session->currentProfile);
        add(profile ? profile->substr(profile->rfind('/') + 1) : std::string("no controller"));
    }
    if (info->whichComponents & XR_INPUT_SOURCE_LOCALIZED_NAME_COMPONENT_BIT)
        add(parsed.identifier + (parsed.component.empty() ? "" : " " + parsed.component));
    std::vector<char> chars(name.begin(), name.end());
    chars.push_back('\0');
    return twoCall(func, capacity, count, buffer, chars);
}

} // namespace tv::xrsim
