// Transitions end exactly at the target, move monotonically, and never flip.
#include "interact/camera_transition.h"
#include "interact/camera_views.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

namespace tv::interact {
namespace {

using test::vecNear;

float angleBetween(const vec3& a, const vec3& b) { return std::acos(std::clamp(glm::dot(a, b), -1.0f, 1.0f)); }

scene::ViewCamera camAt(vec3 eye, vec3 target, vec3 up = vec3(0, 1, 0)) {
    scene::ViewCamera c;
    c.eye = eye;
    c.target = target;
    c.up = up;
    return c;
}

TEST(CameraTransition, EaseIsMonotonicWithFixedEnds) {
    EXPECT_EQ(easeInOut(0.0f), 0.0f);
    EXPECT_EQ(easeInOut(1.0f), 1.0f);
    EXPECT_EQ(easeInOut(-1.0f), 0.0f);
    EXPECT_EQ(easeInOut(2.0f), 1.0f);
    float prev = 0.0f;
    for (int i = 1; i <= 100; ++i) {
        float e = easeInOut(float(i) / 100.0f);
        EXPECT_GE(e, prev);
        prev = e;
    }
    EXPECT_LT(easeInOut(0.05f), 0.05f); // eases in
    EXPECT_GT(easeInOut(0.95f), 0.95f); // eases out
}

void checkMonotonicTransition(const scene::ViewCamera& a, const scene::ViewCamera& b) {
    CameraTransition tr;
    tr.start(a, b, 0.4f);
    ASSERT_TRUE(tr.active());
    float prevAngle = angleBetween(a.forward(), b.forward()) + 1e-4f;
    float prevTarget = glm::length(a.target - b.target) + 1e-4f;
    float prevProgress = 0.0f;
    vec3 prevUp = cameraOrientation(a) * vec3(0, 1, 0);
    int frames = 0;
    while (tr.active()) {
        scene::ViewCamera c = tr.update(1.0f / 60.0f);
        ++frames;
        if (!tr.active()) break;
        float angle = angleBetween(c.forward(), b.forward());
        float td = glm::length(c.target - b.target);
        EXPECT_LE(angle, prevAngle + 1e-4f) << "frame " << frames;
        EXPECT_LE(td, prevTarget + 1e-4f) << "frame " << frames;
        EXPECT_GE(tr.progress(), prevProgress);
        // No flip: up changes by a small amount per frame.
        vec3 up = cameraOrientation(c) * vec3(0, 1, 0);
        EXPECT_GT(glm::dot(up, prevUp), 0.9f) << "frame " << frames;
        prevUp = up;
        prevAngle = angle;
        prevTarget = td;
        prevProgress = tr.progress();
    }
    EXPECT_EQ(frames, 24); // 0.4 s at 60 Hz
    // Ends exactly at the destination: every field bit-identical.
    scene::ViewCamera end = tr.current();
    EXPECT_EQ(end.eye, b.eye);
    EXPECT_EQ(end.target, b.target);
    EXPECT_EQ(end.up, b.up);
    EXPECT_EQ(end.yfov, b.yfov);
    EXPECT_EQ(end.ymag, b.ymag);
    EXPECT_EQ(end.orthographic, b.orthographic);
    EXPECT_EQ(tr.progress(), 1.0f);
}

TEST(CameraTransition, EndsExactlyAndIsMonotonic) {
    checkMonotonicTransition(camAt(vec3(0, 2, 10), vec3(0)), camAt(vec3(30, 40, -5), vec3(20, 1, 3)));
}

TEST(CameraTransition, OppositeDirectionsDoNotFlip) {
    // Front to back: 180 degrees about the vertical; slerp must turn about a stable axis without rolling over.
    checkMonotonicTransition(camAt(vec3(0, 0, 10), vec3(0)), camAt(vec3(0, 0, -10), vec3(0)));
}

TEST(CameraTransition, IntoTopViewDoesNotFlip) {
    scene::ViewCamera top = standardView(scene::ViewCamera{}, StandardView::Top, Aabb{vec3(-1), vec3(1)}, 1.0f);
    checkMonotonicTransition(camAt(vec3(5, 3, 8), vec3(0)), top);
}

TEST(CameraTransition, DistanceChangesGeometrically) {
    scene::ViewCamera a = camAt(vec3(0, 0, 1), vec3(0)), b = camAt(vec3(0, 0, 100), vec3(0));
    scene::ViewCamera mid = interpolateCameras(a, b, 0.5f);
    EXPECT_NEAR(glm::length(mid.eye - mid.target), 10.0f, 1e-3f); // sqrt(1 * 100)
}

TEST(CameraTransition, ProjectionSwitchesHalfWayWithMatchedSize) {
    scene::ViewCamera a = camAt(vec3(0, 0, 10), vec3(0));
    scene::ViewCamera b = toOrthographic(a);
    EXPECT_FALSE(interpolateCameras(a, b, 0.49f).orthographic);
    scene::ViewCamera after = interpolateCameras(a, b, 0.51f);
    EXPECT_TRUE(after.orthographic);
    EXPECT_NEAR(after.ymag, b.ymag, 1e-4f); // matched sizes: nothing to interpolate, no jump
}

TEST(CameraTransition, ZeroDurationJumpsAndInactiveReturnsDestination) {
    CameraTransition tr;
    scene::ViewCamera a = camAt(vec3(0, 0, 5), vec3(0)), b = camAt(vec3(5, 0, 0), vec3(0));
    tr.start(a, b, 0.0f);
    EXPECT_FALSE(tr.active());
    EXPECT_EQ(tr.update(0.0f).eye, b.eye);
    tr.start(a, b, 1.0f);
    EXPECT_EQ(tr.current().eye, a.eye); // t = 0 is the start, exactly
    tr.update(0.5f);
    EXPECT_TRUE(tr.active());
    tr.cancel();
    EXPECT_EQ(tr.current().eye, b.eye);
}

} // namespace
} // namespace tv::interact
