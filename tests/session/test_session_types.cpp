// Role and device names, and the permission matrix of docs/session-store.md, checked cell by cell.
#include "net/session/session_types.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

using namespace tv::net;

namespace {

constexpr SessionAction kAllActions[] = {
    SessionAction::SendCommand,
    SessionAction::Annotate,
    SessionAction::EditOthersAnnotation,
    SessionAction::DeleteAnnotation,
    SessionAction::ResolveAnnotation,
    SessionAction::SaveViewpoint,
    SessionAction::Lead,
    SessionAction::Gather,
    SessionAction::Point,
    SessionAction::ShareMoment,
};

} // namespace

TEST(SessionTypes, RoleNamesRoundTrip) {
    for (Role r : {Role::Presenter, Role::Operator, Role::Observer}) {
        auto parsed = parseRole(roleName(r));
        ASSERT_TRUE(parsed.has_value()) << roleName(r);
        EXPECT_EQ(*parsed, r);
    }
    EXPECT_STREQ(roleName(Role::Presenter), "presenter");
    EXPECT_STREQ(roleName(Role::Operator), "operator");
    EXPECT_STREQ(roleName(Role::Observer), "observer");
    EXPECT_EQ(parseRole("Operator"), Role::Operator);
    EXPECT_EQ(parseRole("OBSERVER"), Role::Observer);
    EXPECT_FALSE(parseRole("").has_value());
    EXPECT_FALSE(parseRole("admin").has_value());
    EXPECT_FALSE(parseRole("presenter ").has_value());
    EXPECT_FALSE(parseRole("present").has_value());
}

TEST(SessionTypes, DeviceNamesRoundTrip) {
    EXPECT_STREQ(deviceKindName(DeviceKind::Desktop), "desktop");
    EXPECT_STREQ(deviceKindName(DeviceKind::Xr), "xr");
    EXPECT_EQ(parseDeviceKind("desktop"), DeviceKind::Desktop);
    EXPECT_EQ(parseDeviceKind("XR"), DeviceKind::Xr);
    EXPECT_FALSE(parseDeviceKind("vr").has_value());
    EXPECT_FALSE(parseDeviceKind("").has_value());
}

TEST(SessionTypes, ActionNamesAreDistinct) {
    for (SessionAction a : kAllActions) {
        for (SessionAction b : kAllActions) {
            if (a != b) { EXPECT_STRNE(sessionActionName(a), sessionActionName(b)); }
        }
    }
}

TEST(SessionPermissions, PresenterMayDoEverything) {
    for (SessionAction a : kAllActions) {
        EXPECT_TRUE(mayPerform(Role::Presenter, a)) << sessionActionName(a);
        EXPECT_STREQ(denialReason(Role::Presenter, a), "") << sessionActionName(a);
    }
}

TEST(SessionPermissions, OperatorCommandsAndAnnotatesButDoesNotSteerTheGroup) {
    EXPECT_TRUE(mayPerform(Role::Operator, SessionAction::SendCommand));
    EXPECT_TRUE(mayPerform(Role::Operator, SessionAction::Annotate));
    EXPECT_TRUE(mayPerform(Role::Operator, SessionAction::ResolveAnnotation));
    EXPECT_TRUE(mayPerform(Role::Operator, SessionAction::SaveViewpoint));
    EXPECT_TRUE(mayPerform(Role::Operator, SessionAction::Point));
    EXPECT_FALSE(mayPerform(Role::Operator, SessionAction::EditOthersAnnotation));
    EXPECT_FALSE(mayPerform(Role::Operator, SessionAction::DeleteAnnotation));
    EXPECT_FALSE(mayPerform(Role::Operator, SessionAction::Lead));
    EXPECT_FALSE(mayPerform(Role::Operator, SessionAction::Gather));
    EXPECT_STREQ(denialReason(Role::Operator, SessionAction::Lead), "only the presenter may lead the session");
    EXPECT_STREQ(denialReason(Role::Operator, SessionAction::Gather), "only the presenter may gather the session");
}

TEST(SessionPermissions, ObserverMayOnlyPoint) {
    for (SessionAction a : kAllActions) {
        if (a == SessionAction::ShareMoment) continue; // its own reason (below)
        bool expected = a == SessionAction::Point;
        EXPECT_EQ(mayPerform(Role::Observer, a), expected) << sessionActionName(a);
        EXPECT_STREQ(denialReason(Role::Observer, a), expected ? "" : "observers may view and point only")
            << sessionActionName(a);
    }
}

TEST(SessionPermissions, OnlyAPresenterSharesAMoment) {
    EXPECT_TRUE(mayPerform(Role::Presenter, SessionAction::ShareMoment));
    for (Role r : {Role::Operator, Role::Observer}) {
        EXPECT_FALSE(mayPerform(r, SessionAction::ShareMoment)) << roleName(r);
        EXPECT_STREQ(denialReason(r, SessionAction::ShareMoment), "only a presenter can take everyone to a moment");
    }
    EXPECT_STREQ(sessionActionName(SessionAction::ShareMoment), "share-moment");
}

TEST(SessionPermissions, DenialReasonIsNonEmptyExactlyWhenDenied) {
    for (Role r : {Role::Presenter, Role::Operator, Role::Observer})
        for (SessionAction a : kAllActions)
            EXPECT_EQ(mayPerform(r, a), std::strlen(denialReason(r, a)) == 0)
                << roleName(r) << " " << sessionActionName(a);
}

TEST(SessionPermissions, AnnotationActionDependsOnAuthorship) {
    EXPECT_EQ(annotationAction(AnnotationChange::Edit, true), SessionAction::Annotate);
    EXPECT_EQ(annotationAction(AnnotationChange::Edit, false), SessionAction::EditOthersAnnotation);
    EXPECT_EQ(annotationAction(AnnotationChange::Delete, true), SessionAction::Annotate);
    EXPECT_EQ(annotationAction(AnnotationChange::Delete, false), SessionAction::DeleteAnnotation);
    EXPECT_EQ(annotationAction(AnnotationChange::Resolve, true), SessionAction::ResolveAnnotation);
    EXPECT_EQ(annotationAction(AnnotationChange::Resolve, false), SessionAction::ResolveAnnotation);
    // The combination the hub actually evaluates: an operator edits their own note but not someone else's.
    EXPECT_TRUE(mayPerform(Role::Operator, annotationAction(AnnotationChange::Edit, true)));
    EXPECT_FALSE(mayPerform(Role::Operator, annotationAction(AnnotationChange::Edit, false)));
    EXPECT_FALSE(mayPerform(Role::Observer, annotationAction(AnnotationChange::Delete, true)));
}
