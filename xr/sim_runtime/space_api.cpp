// Spaces and views of the simulated runtime. World frame = STAGE (floor origin, +Y up); LOCAL = the head's
// position at script time 0 with the head's yaw at that time (gravity aligned); VIEW = the head; action spaces
// follow the scripted grip or aim pose of the hand their pose action is bound to in the current interaction
// profile. Eyes sit at -/+ IPD/2 along the head's x axis with a symmetric fov.
#include "runtime.h"

#include "profiles.h"

#include <glm/gtc/quaternion.hpp>

#include <algorithm>
#include <cmath>

namespace tv::xrsim {
namespace {

struct Rigid {
    glm::quat q{1, 0, 0, 0};
    glm::vec3 p{0};
};

Rigid operator*(const Rigid& a, const Rigid& b) { return {a.q * b.q, a.p + a.q * b.p}; }
Rigid inverse(const Rigid& a) {
    const glm::quat qi = glm::inverse(a.q);
    return {qi, -(qi * a.p)};
}
Rigid fromXr(const XrPosef& pose) {
    return {glm::quat(pose.orientation.w, pose.orientation.x, pose.orientation.y, pose.orientation.z),
            glm::vec3(pose.position.x, pose.position.y, pose.position.z)};
}
Rigid fromScript(const Pose& pose) {
    return {glm::quat(pose.orientation[3], pose.orientation[0], pose.orientation[1], pose.orientation[2]),
            glm::vec3(pose.position[0], pose.position[1], pose.position[2])};
}
XrPosef toXr(const Rigid& r) {
    const glm::quat q = glm::normalize(r.q);
    return {{q.x, q.y, q.z, q.w}, {r.p.x, r.p.y, r.p.z}};
}

bool poseValid(const XrPosef& pose) {
    const XrQuaternionf& q = pose.orientation;
    const float length = std::sqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
    return std::fabs(length - 1.0f) < 0.01f && std::isfinite(pose.position.x) && std::isfinite(pose.position.y) &&
           std::isfinite(pose.position.z);
}

Rigid localOrigin(const Script& script) {
    const Rigid head = fromScript(sampleTrack(script.head, 0.0));
    const glm::vec3 forward = head.q * glm::vec3(0, 0, -1);
    const float yaw = std::atan2(-forward.x, -forward.z);
    return {glm::angleAxis(yaw, glm::vec3(0, 1, 0)), head.p};
}

// World pose of a space's base at time `time`; false when it is not tracked right now.
bool basePose(const Instance& instance, const Session& session, const Space& space, XrTime time, Rigid& out) {
    const Script& script = instance.script;
    const double t = scriptSeconds(time);
    switch (space.base) {
    case SpaceBase::Stage: out = Rigid{}; return true;
    case SpaceBase::Local: out = localOrigin(script); return true;
    case SpaceBase::View: out = fromScript(sampleTrack(script.head, t)); return true;
    case SpaceBase::Action: break;
    }
    if (!session.actionSetsAttached || session.currentProfile == XR_NULL_PATH ||
        session.state != XR_SESSION_STATE_FOCUSED)
        return false;
    const auto bindings = instance.suggested.find(session.currentProfile);
    if (bindings == instance.suggested.end()) return false;
    const std::string* subaction = pathString(instance, space.subactionPath);
    for (const Binding& b : bindings->second) {
        if (b.action != space.action) continue;
        BoundSource source;
        if (!parseBinding(*pathString(instance, b.path), source) || source.component != "pose") continue;
        if (subaction && *subaction != (source.hand == 0 ? "/user/hand/left" : "/user/hand/right")) continue;
        const bool aim = source.identifier == "aim" && !script.handAims[source.hand].empty();
        out = fromScript(sampleTrack(aim ? script.handAims[source.hand] : script.hands[source.hand], t));
        return true;
    }
    return false;
}

bool worldPose(const Instance& instance, const Session& session, const Space& space, XrTime time, Rigid& out) {
    Rigid base;
    if (!basePose(instance, session, space, time, base)) return false;
    out = base * fromXr(space.offset);
    return true;
}

XrResult lookupSpace(const char* func, XrSpace handle, Space*& space, Session*& session) {
    space = Runtime::get().find<Space>(raw(handle));
    if (!space) return violation(func, XR_ERROR_HANDLE_INVALID, "space is not a live XrSpace");
    session = Runtime::get().find<Session>(space->session);
    if (session->lost) return XR_ERROR_SESSION_LOST;
    return XR_SUCCESS;
}

} // namespace

XrResult XRAPI_CALL enumerateReferenceSpaces(XrSession handle, uint32_t capacity, uint32_t* count,
                                             XrReferenceSpaceType* types) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrEnumerateReferenceSpaces";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    return twoCall(func, capacity, count, types,
                   {XR_REFERENCE_SPACE_TYPE_VIEW, XR_REFERENCE_SPACE_TYPE_LOCAL, XR_REFERENCE_SPACE_TYPE_STAGE});
}

XrResult XRAPI_CALL createReferenceSpace(XrSession handle, const XrReferenceSpaceCreateInfo* info, XrSpace* out) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateReferenceSpace";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_REFERENCE_SPACE_CREATE_INFO, "createInfo"); r < 0) return r;
    if (!out) return violation(func, XR_ERROR_VALIDATION_FAILURE, "space output is null");
    auto space = std::make_unique<Space>();
    switch (info->referenceSpaceType) {
    case XR_REFERENCE_SPACE_TYPE_VIEW: space->base = SpaceBase::View; break;
    case XR_REFERENCE_SPACE_TYPE_LOCAL: space->base = SpaceBase::Local; break;
    case XR_REFERENCE_SPACE_TYPE_STAGE: space->base = SpaceBase::Stage; break;
    default:
        return violation(func, XR_ERROR_REFERENCE_SPACE_UNSUPPORTED,
                         "reference space type " + std::to_string(int(info->referenceSpaceType)));
    }
    if (!poseValid(info->poseInReferenceSpace))
        return violation(func, XR_ERROR_POSE_INVALID, "poseInReferenceSpace has a non-unit orientation");
    space->session = session->handle;
    space->offset = info->poseInReferenceSpace;
    const uint64_t id = Runtime::get().add(std::move(space));
    session->children.insert(id);
    *out = toHandle<XrSpace>(id);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL getReferenceSpaceBoundsRect(XrSession handle, XrReferenceSpaceType type, XrExtent2Df* bounds) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrGetReferenceSpaceBoundsRect";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (!bounds) return violation(func, XR_ERROR_VALIDATION_FAILURE, "bounds is null");
    if (type != XR_REFERENCE_SPACE_TYPE_VIEW && type != XR_REFERENCE_SPACE_TYPE_LOCAL &&
        type != XR_REFERENCE_SPACE_TYPE_STAGE)
        return violation(func, XR_ERROR_REFERENCE_SPACE_UNSUPPORTED, "unknown reference space type");
    if (type != XR_REFERENCE_SPACE_TYPE_STAGE) {
        *bounds = {0, 0};
        return XR_SPACE_BOUNDS_UNAVAILABLE;
    }
    *bounds = {4.0f, 4.0f}; // a 4 m x 4 m play area around the stage origin
    return XR_SUCCESS;
}

XrResult XRAPI_CALL createActionSpace(XrSession handle, const XrActionSpaceCreateInfo* info, XrSpace* out) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrCreateActionSpace";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_ACTION_SPACE_CREATE_INFO, "createInfo"); r < 0) return r;
    if (!out) return violation(func, XR_ERROR_VALIDATION_FAILURE, "space output is null");
    const Action* action = Runtime::get().find<Action>(raw(info->action));
    if (!action) return violation(func, XR_ERROR_HANDLE_INVALID, "action is not a live XrAction");
    if (action->type != XR_ACTION_TYPE_POSE_INPUT)
        return violation(func, XR_ERROR_ACTION_TYPE_MISMATCH, "action '" + action->name + "' is not a pose action");
    if (info->subactionPath != XR_NULL_PATH && std::find(action->subactionPaths.begin(), action->subactionPaths.end(),
                                                         info->subactionPath) == action->subactionPaths.end())
        return violation(func, XR_ERROR_PATH_UNSUPPORTED, "subactionPath was not declared for the action");
    if (!poseValid(info->poseInActionSpace))
        return violation(func, XR_ERROR_POSE_INVALID, "poseInActionSpace has a non-unit orientation");
    auto space = std::make_unique<Space>();
    space->session = session->handle;
    space->base = SpaceBase::Action;
    space->action = action->handle;
    space->subactionPath = info->subactionPath;
    space->offset = info->poseInActionSpace;
    const uint64_t id = Runtime::get().add(std::move(space));
    session->children.insert(id);
    *out = toHandle<XrSpace>(id);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL locateSpace(XrSpace spaceHandle, XrSpace baseHandle, XrTime time, XrSpaceLocation* location) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrLocateSpace";
    Space *space = nullptr, *base = nullptr;
    Session *session = nullptr, *baseSession = nullptr;
    if (XrResult r = lookupSpace(func, spaceHandle, space, session); r < 0) return r;
    if (XrResult r = lookupSpace(func, baseHandle, base, baseSession); r < 0) return r;
    if (session != baseSession)
        return violation(func, XR_ERROR_VALIDATION_FAILURE, "space and baseSpace belong to different sessions");
    if (XrResult r = checkStruct(func, location, XR_TYPE_SPACE_LOCATION, "location"); r < 0) return r;
    if (time <= 0) return violation(func, XR_ERROR_TIME_INVALID, "time must be > 0");
    const Instance& instance = *Runtime::get().find<Instance>(session->instance);
    Rigid a, b;
    location->locationFlags = 0;
    location->pose = {{0, 0, 0, 1}, {0, 0, 0}};
    if (worldPose(instance, *session, *space, time, a) && worldPose(instance, *session, *base, time, b)) {
        location->pose = toXr(inverse(b) * a);
        location->locationFlags = XR_SPACE_LOCATION_ORIENTATION_VALID_BIT | XR_SPACE_LOCATION_POSITION_VALID_BIT |
                                  XR_SPACE_LOCATION_ORIENTATION_TRACKED_BIT | XR_SPACE_LOCATION_POSITION_TRACKED_BIT;
    }
    // Velocities are not simulated: a chained XrSpaceVelocity reports no valid flags.
    for (auto* next = static_cast<XrBaseOutStructure*>(location->next); next; next = next->next)
        if (next->type == XR_TYPE_SPACE_VELOCITY) reinterpret_cast<XrSpaceVelocity*>(next)->velocityFlags = 0;
    return XR_SUCCESS;
}

XrResult XRAPI_CALL destroySpace(XrSpace handle) {
    std::lock_guard lock(Runtime::get().mutex());
    Space* space = Runtime::get().find<Space>(raw(handle));
    if (!space) return violation("xrDestroySpace", XR_ERROR_HANDLE_INVALID, "space is not a live XrSpace");
    if (Session* session = Runtime::get().find<Session>(space->session)) session->children.erase(space->handle);
    Runtime::get().remove(space->handle);
    return XR_SUCCESS;
}

XrResult XRAPI_CALL locateViews(XrSession handle, const XrViewLocateInfo* info, XrViewState* viewState,
                                uint32_t capacity, uint32_t* count, XrView* views) {
    std::lock_guard lock(Runtime::get().mutex());
    const char* func = "xrLocateViews";
    Session* session = nullptr;
    if (XrResult r = lookupSession(func, handle, session); r < 0) return r;
    if (XrResult r = checkStruct(func, info, XR_TYPE_VIEW_LOCATE_INFO, "viewLocateInfo"); r < 0) return r;
    if (XrResult r = checkStruct(func, viewState, XR_TYPE_VIEW_STATE, "viewState"); r < 0) return r;
    if (info->viewConfigurationType != XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO)
        return violation(func, XR_ERROR_VIEW_CONFIGURATION_TYPE_UNSUPPORTED, "only PRIMARY_STEREO");
    if (info->displayTime <= 0) return violation(func, XR_ERROR_TIME_INVALID, "displayTime must be > 0");
    const Space* space = Runtime::get().find<Space>(raw(info->space));
    if (!space || space->session != session->handle)
        return violation(func, XR_ERROR_HANDLE_INVALID, "space is not live in this session");
    if (!count) return violation(func, XR_ERROR_VALIDATION_FAILURE, "count output is null");
    *count = 2;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < 2) return violation(func, XR_ERROR_SIZE_INSUFFICIENT, "capacity < 2 views");
    if (!views) return violation(func, XR_ERROR_VALIDATION_FAILURE, "views is null");
    for (uint32_t i = 0; i < 2; ++i)
        if (XrResult r = checkStruct(func, &views[i], XR_TYPE_VIEW, "views[i]"); r < 0) return r;
    const Instance& instance = *Runtime::get().find<Instance>(session->instance);
    const Script& script = instance.script;
    const Rigid head = fromScript(sampleTrack(script.head, scriptSeconds(info->displayTime)));
    Rigid base;
    const bool tracked = worldPose(instance, *session, *space, info->displayTime, base);
    viewState->viewStateFlags = tracked ? XR_VIEW_STATE_ORIENTATION_VALID_BIT | XR_VIEW_STATE_POSITION_VALID_BIT |
                                              XR_VIEW_STATE_ORIENTATION_TRACKED_BIT | XR_VIEW_STATE_POSITION_TRACKED_BIT
                                        : 0;
    const float half = glm::radians(script.fovHalfAngleDeg);
    for (uint32_t i = 0; i < 2; ++i) {
        const float side = i == 0 ? -0.5f : 0.5f;
        const Rigid eye = head * Rigid{glm::quat(1, 0, 0, 0), glm::vec3(side * script.ipd, 0, 0)};
        views[i].pose = tracked ? toXr(inverse(base) * eye) : XrPosef{{0, 0, 0, 1}, {0, 0, 0}};
        views[i].fov = {-half, half, half, -half};
    }
    return XR_SUCCESS;
}

} // namespace tv::xrsim
