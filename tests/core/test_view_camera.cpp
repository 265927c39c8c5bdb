// Automatic framing must reproduce the Khronos Sample Viewer's numbers exactly: the reference images were taken
// with them (values below are copied from ../shared/gltf-reference/Box.json and VC.json's camera blocks).
#include "scene/view_camera.h"

#include <gtest/gtest.h>

using namespace tv;

TEST(ViewCamera, FrameBoundsMatchesKhronosBoxCamera) {
    Aabb box{vec3(-0.5f, -0.4999999873f, -0.4999999873f), vec3(0.5f, 0.4999999873f, 0.4999999873f)};
    auto cam = scene::frameBounds(box, glm::radians(45.0f), 1.0f);
    EXPECT_NEAR(cam.eye.z, 2.3761850701775216, 1e-5);
    EXPECT_NEAR(cam.znear, 0.644134291910444, 1e-5);
    EXPECT_NEAR(cam.zfar, 4.108235848444599, 1e-5);
    EXPECT_EQ(cam.target, vec3(0.0f));
}

TEST(ViewCamera, WideAspectUsesVerticalFovAndTallUsesHorizontal) {
    Aabb box{vec3(-1.0f), vec3(1.0f)};
    auto wide = scene::frameBounds(box, glm::radians(45.0f), 2.0f);
    auto square = scene::frameBounds(box, glm::radians(45.0f), 1.0f);
    auto tall = scene::frameBounds(box, glm::radians(45.0f), 0.5f);
    EXPECT_FLOAT_EQ(wide.eye.z, square.eye.z);
    EXPECT_GT(tall.eye.z, square.eye.z);
}

TEST(ViewCamera, ReversedZProjectionMapsNearToOneAndFarToZero) {
    scene::ViewCamera cam;
    cam.eye = vec3(0, 0, 0);
    cam.target = vec3(0, 0, -1);
    cam.znear = 0.5f;
    cam.zfar = 100.0f;
    mat4 p = cam.projection(1.5f);
    vec4 n = p * vec4(0, 0, -0.5f, 1);
    vec4 f = p * vec4(0, 0, -100.0f, 1);
    EXPECT_NEAR(n.z / n.w, 1.0f, 1e-6);
    EXPECT_NEAR(f.z / f.w, 0.0f, 1e-6);
    // +Y world (up) maps to negative clip Y: Vulkan framebuffers grow downwards, so the image is upright.
    vec4 up = p * cam.view() * vec4(0, 1, -2, 1);
    EXPECT_LT(up.y / up.w, 0.0f);
    cam.orthographic = true;
    cam.ymag = 2.0f;
    p = cam.projection(1.0f);
    n = p * vec4(0, 0, -0.5f, 1);
    f = p * vec4(0, 0, -100.0f, 1);
    EXPECT_NEAR(n.z, 1.0f, 1e-6);
    EXPECT_NEAR(f.z, 0.0f, 1e-6);
}

TEST(ViewCamera, FitDepthRangeEnclosesBounds) {
    Aabb box{vec3(-3.0f), vec3(3.0f)};
    scene::ViewCamera cam;
    cam.eye = vec3(0, 2, 20);
    cam.target = vec3(0);
    scene::fitDepthRange(cam, box);
    // Every corner's depth along the view direction must lie inside [znear, zfar].
    vec3 fwd = cam.forward();
    for (int i = 0; i < 8; ++i) {
        vec3 c{(i & 1) ? 3.0f : -3.0f, (i & 2) ? 3.0f : -3.0f, (i & 4) ? 3.0f : -3.0f};
        float d = glm::dot(c - cam.eye, fwd);
        EXPECT_GT(d, cam.znear);
        EXPECT_LT(d, cam.zfar);
    }
    EXPECT_GT(cam.znear, 0.1f); // not needlessly close: depth precision
}
