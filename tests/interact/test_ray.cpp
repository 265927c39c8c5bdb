// Ray kernels and the pixel <-> world mapping against ViewCamera's own matrices.
#include "interact/ray.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

namespace tv::interact {
namespace {

using test::vecNear;

TEST(Ray, TriangleHitFrontAndBack) {
    vec3 a(-1, -1, 0), b(1, -1, 0), c(0, 1, 0);
    auto front = intersectTriangle(Ray{vec3(0, 0, 5), vec3(0, 0, -1)}, a, b, c, 100.0f);
    ASSERT_TRUE(front);
    EXPECT_FLOAT_EQ(front->t, 5.0f);
    auto back = intersectTriangle(Ray{vec3(0, 0, -5), vec3(0, 0, 1)}, a, b, c, 100.0f);
    ASSERT_TRUE(back); // two-sided
    EXPECT_FLOAT_EQ(back->t, 5.0f);
    // Barycentrics reproduce the point.
    Ray r{vec3(0.25f, 0.1f, 3), vec3(0, 0, -1)};
    auto h = intersectTriangle(r, a, b, c, 100.0f);
    ASSERT_TRUE(h);
    EXPECT_TRUE(vecNear(a * (1 - h->u - h->v) + b * h->u + c * h->v, r.at(h->t)));
}

TEST(Ray, TriangleMissesOutsideBehindAndBeyond) {
    vec3 a(-1, -1, 0), b(1, -1, 0), c(0, 1, 0);
    EXPECT_FALSE(intersectTriangle(Ray{vec3(2, 0, 5), vec3(0, 0, -1)}, a, b, c, 100.0f)); // outside
    EXPECT_FALSE(intersectTriangle(Ray{vec3(0, 0, 5), vec3(0, 0, 1)}, a, b, c, 100.0f));  // behind
    EXPECT_FALSE(intersectTriangle(Ray{vec3(0, 0, 5), vec3(0, 0, -1)}, a, b, c, 4.0f));   // beyond tMax
    EXPECT_FALSE(intersectTriangle(Ray{vec3(0, 0, 5), vec3(1, 0, 0)}, a, b, c, 100.0f));  // parallel
    EXPECT_FALSE(intersectTriangle(Ray{vec3(0, 0, 5), vec3(0, 0, -1)}, a, a, c, 100.0f)); // degenerate
}

TEST(Ray, TinyTrianglesStillHit) {
    float s = 1e-3f; // millimetre detail must not fall under a fixed epsilon
    auto h =
        intersectTriangle(Ray{vec3(0, 0, 1), vec3(0, 0, -1)}, vec3(-s, -s, 0), vec3(s, -s, 0), vec3(0, s, 0), 10.0f);
    ASSERT_TRUE(h);
    EXPECT_NEAR(h->t, 1.0f, 1e-6f);
}

TEST(Ray, AabbSlabTest) {
    vec3 bmin(-1), bmax(1);
    Ray r{vec3(-5, 0, 0), vec3(1, 0, 0)};
    auto t = intersectAabb(r.origin, safeInverse(r.direction), bmin, bmax, 100.0f);
    ASSERT_TRUE(t);
    EXPECT_FLOAT_EQ(*t, 4.0f);
    EXPECT_FALSE(intersectAabb(r.origin, safeInverse(r.direction), bmin, bmax, 3.0f));
    // Axis-parallel ray outside the slab (zero direction components) misses without NaNs.
    Ray off{vec3(-5, 2, 0), vec3(1, 0, 0)};
    EXPECT_FALSE(intersectAabb(off.origin, safeInverse(off.direction), bmin, bmax, 100.0f));
    // Origin inside: entry clamps to 0.
    auto inside = intersectAabb(vec3(0), safeInverse(vec3(0, 1, 0)), bmin, bmax, 100.0f);
    ASSERT_TRUE(inside);
    EXPECT_FLOAT_EQ(*inside, 0.0f);
}

scene::ViewCamera testCamera(bool ortho) {
    scene::ViewCamera cam;
    cam.eye = vec3(3, 4, 10);
    cam.target = vec3(0.5f, 1, -1);
    cam.yfov = 0.9f;
    cam.orthographic = ortho;
    cam.ymag = 3.0f;
    cam.znear = 0.1f;
    cam.zfar = 100.0f;
    return cam;
}

class RayFromPixel : public ::testing::TestWithParam<bool> {};

TEST_P(RayFromPixel, PassesThroughTheProjectedPoint) {
    scene::ViewCamera cam = testCamera(GetParam());
    vec2 viewport(800, 600);
    const vec3 points[] = {vec3(0), vec3(1, 2, -3), vec3(-2, 0.5f, 1), vec3(2.5f, -1, -4)};
    for (const vec3& p : points) {
        auto px = projectToPixel(cam, p, viewport);
        ASSERT_TRUE(px);
        Ray r = rayFromPixel(cam, vec2(*px), viewport);
        EXPECT_NEAR(glm::length(r.direction), 1.0f, 1e-5f);
        // Distance from p to the ray line.
        float t = glm::dot(p - r.origin, r.direction);
        EXPECT_GT(t, 0.0f);
        EXPECT_TRUE(vecNear(r.at(t), p, 1e-3f)) << "pixel " << px->x << "," << px->y;
    }
}

TEST_P(RayFromPixel, CentreLooksForwardAndTopRowLooksUp) {
    scene::ViewCamera cam = testCamera(GetParam());
    vec2 viewport(640, 480);
    Ray centre = rayFromPixel(cam, viewport * 0.5f, viewport);
    EXPECT_TRUE(vecNear(centre.direction, cam.forward(), 1e-5f));
    Ray top = rayFromPixel(cam, vec2(320, 0), viewport);
    Ray bottom = rayFromPixel(cam, vec2(320, 480), viewport);
    // Pixels grow downwards: the top row sees higher world points than the bottom row.
    EXPECT_GT(top.at(10).y, bottom.at(10).y);
    Ray left = rayFromPixel(cam, vec2(0, 240), viewport);
    Ray right = rayFromPixel(cam, vec2(640, 240), viewport);
    vec3 camRight = glm::normalize(glm::cross(cam.forward(), cam.up));
    EXPECT_LT(glm::dot(left.at(10) - right.at(10), camRight), 0.0f);
}

INSTANTIATE_TEST_SUITE_P(Projection, RayFromPixel, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "Ortho" : "Perspective"; });

TEST(Ray, ProjectBehindEyeHasNoPixel) {
    scene::ViewCamera cam = testCamera(false);
    EXPECT_FALSE(projectToPixel(cam, cam.eye - cam.forward() * 2.0f, vec2(100, 100)));
}

TEST(Ray, WorldPerPixelMatchesProjection) {
    scene::ViewCamera cam = testCamera(false);
    vec2 viewport(800, 600);
    float depth = glm::length(cam.target - cam.eye);
    float wpp = worldPerPixel(cam, depth, viewport.y);
    vec3 up = glm::normalize(glm::cross(glm::cross(cam.forward(), cam.up), cam.forward()));
    auto a = projectToPixel(cam, cam.target, viewport);
    auto b = projectToPixel(cam, cam.target + up * (wpp * 50.0f), viewport);
    ASSERT_TRUE(a && b);
    EXPECT_NEAR(glm::length(vec2(*b) - vec2(*a)), 50.0f, 0.05f);
    cam.orthographic = true;
    EXPECT_FLOAT_EQ(worldPerPixel(cam, 123.0f, 600.0f), 2.0f * cam.ymag / 600.0f);
}

TEST(Ray, TransformBoxMatchesCorners) {
    Aabb box{vec3(-1, -2, -3), vec3(2, 1, 0.5f)};
    mat4 m = glm::translate(mat4(1.0f), vec3(4, 5, 6)) * glm::rotate(mat4(1.0f), 0.7f, glm::normalize(vec3(1, 2, 3))) *
             glm::scale(mat4(1.0f), vec3(2, 0.5f, -1));
    Aabb a = transformBox(box, m), b = box.transformed(m);
    EXPECT_TRUE(vecNear(a.min, b.min, 1e-4f));
    EXPECT_TRUE(vecNear(a.max, b.max, 1e-4f));
    EXPECT_TRUE(transformBox(Aabb{}, m).empty());
}

} // namespace
} // namespace tv::interact
