#include "net/session/session_types.h"

#include "core/assert.h"
#include "core/utc_time.h"

#include <algorithm>

namespace tv::net {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

} // namespace

const char* roleName(Role role) {
    switch (role) {
    case Role::Presenter: return "presenter";
    case Role::Operator: return "operator";
    case Role::Observer: return "observer";
    }
    TV_ASSERT(false, "roleName: Role value out of range");
    return "";
}

std::optional<Role> parseRole(std::string_view text) {
    for (Role r : {Role::Presenter, Role::Operator, Role::Observer})
        if (equalsIgnoreCase(text, roleName(r))) return r;
    return std::nullopt;
}

const char* sessionActionName(SessionAction action) {
    switch (action) {
    case SessionAction::SendCommand: return "send-command";
    case SessionAction::Annotate: return "annotate";
    case SessionAction::EditOthersAnnotation: return "edit-others-annotation";
    case SessionAction::DeleteAnnotation: return "delete-annotation";
    case SessionAction::ResolveAnnotation: return "resolve-annotation";
    case SessionAction::SaveViewpoint: return "save-viewpoint";
    case SessionAction::Lead: return "lead";
    case SessionAction::Gather: return "gather";
    case SessionAction::Point: return "point";
    case SessionAction::ShareMoment: return "share-moment";
    }
    TV_ASSERT(false, "sessionActionName: SessionAction value out of range");
    return "";
}

constexpr const char* kShareMomentDenial = "only a presenter can take everyone to a moment";

// The matrix, written as "what each role may NOT do" because each denial needs its own reason. Operators are the
// people who work on the plant: they command it, annotate, resolve findings (fixing a finding is their job) and save
// viewpoints to show where. Leading, gathering and rewriting or removing other people's notes steer the whole group,
// so they belong to the presenter alone. Observers change nothing shared: they view and point.
const char* denialReason(Role role, SessionAction action) {
    switch (role) {
    case Role::Presenter: return "";
    case Role::Operator:
        switch (action) {
        case SessionAction::EditOthersAnnotation: return "only the presenter may edit another member's annotation";
        case SessionAction::DeleteAnnotation: return "only the presenter may delete another member's annotation";
        case SessionAction::Lead: return "only the presenter may lead the session";
        case SessionAction::Gather: return "only the presenter may gather the session";
        case SessionAction::ShareMoment: return kShareMomentDenial;
        case SessionAction::SendCommand:
        case SessionAction::Annotate:
        case SessionAction::ResolveAnnotation:
        case SessionAction::SaveViewpoint:
        case SessionAction::Point: return "";
        }
        break;
    case Role::Observer:
        if (action == SessionAction::ShareMoment) return kShareMomentDenial; // says who can, not just "view only"
        return action == SessionAction::Point ? "" : "observers may view and point only";
    }
    TV_ASSERT(false, "denialReason: Role or SessionAction value out of range");
    return "invalid role or action";
}

bool mayPerform(Role role, SessionAction action) { return denialReason(role, action)[0] == '\0'; }

SessionAction annotationAction(AnnotationChange change, bool isAuthor) {
    switch (change) {
    case AnnotationChange::Edit: return isAuthor ? SessionAction::Annotate : SessionAction::EditOthersAnnotation;
    case AnnotationChange::Resolve: return SessionAction::ResolveAnnotation;
    case AnnotationChange::Delete: return isAuthor ? SessionAction::Annotate : SessionAction::DeleteAnnotation;
    }
    TV_ASSERT(false, "annotationAction: AnnotationChange value out of range");
    return SessionAction::DeleteAnnotation;
}

const char* deviceKindName(DeviceKind device) {
    switch (device) {
    case DeviceKind::Desktop: return "desktop";
    case DeviceKind::Xr: return "xr";
    }
    TV_ASSERT(false, "deviceKindName: DeviceKind value out of range");
    return "";
}

std::optional<DeviceKind> parseDeviceKind(std::string_view text) {
    for (DeviceKind d : {DeviceKind::Desktop, DeviceKind::Xr})
        if (equalsIgnoreCase(text, deviceKindName(d))) return d;
    return std::nullopt;
}

std::string momentText(uint64_t twinTimeUs) {
    return twinTimeUs == 0 ? "live" : utcDateTimeText(std::min(twinTimeUs, kMaxTwinTimeUs));
}

std::string momentClockText(uint64_t twinTimeUs) { return utcClockText(std::min(twinTimeUs, kMaxTwinTimeUs)); }

} // namespace tv::net
