#include "app/orbit_controller.h"

#include <gtest/gtest.h>

using namespace tv;

TEST(OrbitController, OrbitKeepsDistanceAndTarget) {
    scene::ViewCamera cam;
    cam.eye = vec3(0, 0, 5);
    cam.target = vec3(1, 0, 0);
    app::OrbitController orbit;
    orbit.reset(cam);
    orbit.orbit(120.0f, -40.0f);
    auto c = orbit.camera(Aabb{vec3(-1), vec3(1)});
    EXPECT_NEAR(glm::length(c.eye - c.target), glm::length(vec3(-1, 0, 5)), 1e-4);
    EXPECT_EQ(c.target, vec3(1, 0, 0));
}

TEST(OrbitController, DollyApproachesButNeverPassesTarget) {
    scene::ViewCamera cam;
    cam.eye = vec3(0, 0, 10);
    app::OrbitController orbit;
    orbit.reset(cam);
    orbit.dolly(1000.0f);
    auto c = orbit.camera(Aabb{vec3(-1), vec3(1)});
    EXPECT_GT(c.eye.z, 0.0f);
    EXPECT_LT(c.eye.z, 1e-2f);
}

TEST(OrbitController, PanMovesTargetInViewPlane) {
    scene::ViewCamera cam;
    cam.eye = vec3(0, 0, 10);
    app::OrbitController orbit;
    orbit.reset(cam);
    orbit.pan(100.0f, 0.0f, 500.0f);
    auto c = orbit.camera(Aabb{vec3(-1), vec3(1)});
    EXPECT_LT(c.target.x, 0.0f); // dragging right moves the scene right, i.e. the camera left
    EXPECT_NEAR(c.target.y, 0.0f, 1e-5);
    EXPECT_NEAR(c.target.z, 0.0f, 1e-5);
}

TEST(OrbitController, FrameFitsBoundsKeepingDirection) {
    scene::ViewCamera cam;
    cam.eye = vec3(10, 10, 10);
    app::OrbitController orbit;
    orbit.reset(cam);
    Aabb box{vec3(4), vec3(6)};
    orbit.frame(box, 1.0f);
    auto c = orbit.camera(box);
    EXPECT_NEAR(glm::distance(c.target, vec3(5)), 0.0f, 1e-5);
    vec3 dir = glm::normalize(c.eye - c.target);
    EXPECT_NEAR(dir.x, dir.y, 1e-5);
    EXPECT_NEAR(dir.y, dir.z, 1e-5);
}
