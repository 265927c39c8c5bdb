// Section planes and box: the half of a box hidden by a plane through its middle, the shader plane export agreeing
// with isClipped, limits, and dragging a plane with the mouse.
#include "interact/ray.h"
#include "interact/section_planes.h"
#include "scene/mesh_builder.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

#include <random>

namespace tv::interact {
namespace {

bool keptByShaderPlanes(const std::vector<vec4>& planes, const vec3& p) {
    for (const vec4& pl : planes)
        if (glm::dot(vec3(pl), p) + pl.w < 0.0f) return false;
    return true;
}

TEST(SectionPlanes, PlaneThroughMiddleHidesHalfTheBox) {
    Aabb bounds{vec3(2, 0, -1), vec3(6, 2, 3)};
    mat4 place = glm::translate(mat4(1.0f), bounds.center());
    scene::Primitive box = scene::MeshBuilder().box(place, bounds.extent() * 0.5f).finish();
    ASSERT_EQ(box.positions.size(), 24u); // 4 per face
    for (int axis = 0; axis < 3; ++axis) {
        for (bool negative : {false, true}) {
            SectionState s;
            ASSERT_TRUE(s.addPlane(axisPlaneThroughMiddle(bounds, axis, negative)));
            size_t clipped = 0;
            for (const vec3& v : box.positions) {
                bool c = s.isClipped(v);
                clipped += c;
                // Exactly the vertices on the hidden side.
                EXPECT_EQ(c, negative ? v[axis] > bounds.center()[axis] : v[axis] < bounds.center()[axis]);
                EXPECT_EQ(c, !keptByShaderPlanes(s.shaderPlanes(), v));
            }
            EXPECT_EQ(clipped, 12u) << "axis " << axis;
        }
    }
}

TEST(SectionPlanes, DenseSampleHidesHalfAndPlanesCombine) {
    Aabb bounds{vec3(-1), vec3(1)};
    SectionState s;
    ASSERT_TRUE(s.addPlane(axisPlaneThroughMiddle(bounds, 0)));
    int n = 20, clipped = 0, total = 0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            for (int k = 0; k < n; ++k) {
                vec3 p = bounds.min + (vec3(i, j, k) + 0.5f) / float(n) * bounds.extent();
                clipped += s.isClipped(p);
                ++total;
            }
    EXPECT_EQ(clipped, total / 2);
    // A second plane (keep y >= 0) leaves a quarter.
    ASSERT_TRUE(s.addPlane(axisPlaneThroughMiddle(bounds, 1)));
    clipped = 0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            vec3 p = bounds.min + (vec3(i, j, 0) + 0.5f) / float(n) * bounds.extent();
            clipped += s.isClipped(p);
        }
    EXPECT_EQ(clipped, n * n * 3 / 4);
    // Disabling a plane restores its half.
    s.plane(1).enabled = false;
    EXPECT_FALSE(s.isClipped(vec3(0.5f, -0.5f, 0)));
    EXPECT_EQ(s.shaderPlanes().size(), 1u);
}

TEST(SectionPlanes, AtMostThreePlanes) {
    SectionState s;
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(s.addPlane(planeThrough(vec3(0), vec3(1, float(i), 0))));
    auto fourth = s.addPlane(planeThrough(vec3(0), vec3(0, 0, 1)));
    ASSERT_FALSE(fourth);
    EXPECT_EQ(fourth.error().code, ErrorCode::TooLarge);
    EXPECT_NE(fourth.error().message.find("at most 3"), std::string::npos);
    EXPECT_NEAR(glm::length(s.planes()[1].normal), 1.0f, 1e-6f); // normalised on the way in
    s.removePlane(0);
    EXPECT_TRUE(s.addPlane(planeThrough(vec3(0), vec3(0, 0, 1))));
    EXPECT_TRUE(s.active());
    s.clear();
    EXPECT_FALSE(s.active());
}

TEST(SectionPlanes, TransformedBoxAgreesWithShaderPlanes) {
    SectionState s;
    SectionBox box;
    box.box = Aabb{vec3(-1, -2, -0.5f), vec3(1, 2, 0.5f)};
    box.transform = glm::translate(mat4(1.0f), vec3(3, 1, 0)) *
                    glm::rotate(mat4(1.0f), 0.6f, glm::normalize(vec3(0.3f, 1, 0.2f))) *
                    glm::scale(mat4(1.0f), vec3(1.5f, 1, 2));
    s.setBox(box);
    std::vector<vec4> planes = s.shaderPlanes();
    ASSERT_EQ(planes.size(), 6u);
    EXPECT_FALSE(s.isClipped(vec3(3, 1, 0))); // the centre is kept
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-5.0f, 5.0f);
    int inside = 0;
    for (int i = 0; i < 5000; ++i) {
        vec3 p = vec3(3, 1, 0) + vec3(u(rng), u(rng), u(rng));
        vec3 local = vec3(glm::inverse(box.transform) * vec4(p, 1));
        // Skip points within float noise of a face, where the two formulations may round differently.
        vec3 dmin = glm::abs(local - box.box.min), dmax = glm::abs(local - box.box.max);
        if (glm::min(glm::min(dmin.x, dmin.y), glm::min(dmin.z, glm::min(dmax.x, glm::min(dmax.y, dmax.z)))) < 1e-4f)
            continue;
        bool clipped = s.isClipped(p);
        EXPECT_EQ(clipped, !keptByShaderPlanes(planes, p));
        inside += !clipped;
    }
    EXPECT_GT(inside, 100);
    // Box and planes together: the plane cuts the box further.
    ASSERT_TRUE(s.addPlane(planeThrough(vec3(3, 1, 0), vec3(0, 1, 0))));
    EXPECT_EQ(s.shaderPlanes().size(), 7u);
    EXPECT_TRUE(s.isClipped(vec3(3, 0.9f, 0)));
}

TEST(SectionPlanes, DragAlongNormalOnScreenMovesPlaneByCursorDistance) {
    scene::ViewCamera cam;
    cam.eye = vec3(0, 0, 10);
    cam.target = vec3(0);
    vec2 viewport(1000, 800);
    SectionPlane plane = planeThrough(vec3(0), vec3(1, 0, 0)); // normal points screen-right
    float wpp = worldPerPixel(cam, 10.0f, viewport.y);
    float d = dragPlaneOffset(plane, vec3(0), vec2(100, 0), cam, viewport);
    // Dragging 100 px right moves the plane 100 px worth of world along +X: offset = -dot(n, p) drops.
    EXPECT_NEAR(-d, 100.0f * wpp, 100.0f * wpp * 0.02f);
    plane.offset += d;
    EXPECT_NEAR(-plane.offset, 100.0f * wpp, 0.02f);
    // Dragging perpendicular to the normal's screen image does nothing.
    EXPECT_NEAR(dragPlaneOffset(plane, vec3(0), vec2(0, 100), cam, viewport), 0.0f, 1e-4f);
    // Normal pointing at the viewer: vertical drag moves it; up = towards the viewer (+Z here).
    SectionPlane facing = planeThrough(vec3(0), vec3(0, 0, 1));
    float towards = dragPlaneOffset(facing, vec3(0), vec2(0, -50), cam, viewport);
    EXPECT_LT(towards, 0.0f); // offset decreases = plane moves along +normal (towards the eye)
    SectionPlane away = planeThrough(vec3(0), vec3(0, 0, -1));
    EXPECT_GT(dragPlaneOffset(away, vec3(0), vec2(0, -50), cam, viewport), 0.0f); // along -normal = towards eye
}

} // namespace
} // namespace tv::interact
