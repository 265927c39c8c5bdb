// Standard views look along the right axis, framing fits the bounds, and the projection toggle keeps the picture.
#include "interact/camera_views.h"
#include "interact/ray.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

namespace tv::interact {
namespace {

using test::vecNear;

const Aabb kBox{vec3(-2, 0, -1), vec3(4, 3, 1)};

TEST(CameraViews, StandardViewsLookAlongTheirAxis) {
    struct Case {
        StandardView view;
        vec3 forward;
        vec3 screenUp;
    } cases[] = {
        {StandardView::Top, vec3(0, -1, 0), vec3(0, 0, -1)},
        {StandardView::Bottom, vec3(0, 1, 0), vec3(0, 0, 1)},
        {StandardView::Front, vec3(0, 0, -1), vec3(0, 1, 0)},
        {StandardView::Back, vec3(0, 0, 1), vec3(0, 1, 0)},
        {StandardView::Left, vec3(1, 0, 0), vec3(0, 1, 0)},
        {StandardView::Right, vec3(-1, 0, 0), vec3(0, 1, 0)},
        {StandardView::Iso, -glm::normalize(vec3(1, 1, 1)), vec3(0)},
    };
    scene::ViewCamera lens;
    vec2 viewport(1000, 800);
    for (const Case& c : cases) {
        scene::ViewCamera cam = standardView(lens, c.view, kBox, 1.25f);
        SCOPED_TRACE(standardViewName(c.view));
        EXPECT_TRUE(vecNear(cam.forward(), c.forward, 1e-5f));
        EXPECT_TRUE(vecNear(cam.target, kBox.center()));
        // Screen up as rendered: a point above the centre (in screen-up terms) lands higher on screen (smaller y).
        quat q = cameraOrientation(cam);
        if (glm::length(c.screenUp) > 0.0f) { EXPECT_TRUE(vecNear(orientationUp(q), c.screenUp, 1e-4f)); }
        auto centre = projectToPixel(cam, cam.target, viewport);
        auto above = projectToPixel(cam, cam.target + orientationUp(q), viewport);
        ASSERT_TRUE(centre && above);
        EXPECT_NEAR(centre->x, 500.0f, 0.01f);
        EXPECT_NEAR(centre->y, 400.0f, 0.01f);
        EXPECT_LT(above->y, centre->y);
        // Every corner of the bounds is on screen and between near and far.
        for (int i = 0; i < 8; ++i) {
            vec3 corner{(i & 1) ? kBox.max.x : kBox.min.x, (i & 2) ? kBox.max.y : kBox.min.y,
                        (i & 4) ? kBox.max.z : kBox.min.z};
            auto p = projectToPixel(cam, corner, viewport);
            ASSERT_TRUE(p);
            EXPECT_GE(p->x, 0.0f);
            EXPECT_LE(p->x, viewport.x);
            EXPECT_GE(p->y, 0.0f);
            EXPECT_LE(p->y, viewport.y);
            EXPECT_GT(p->z, 0.0f);
            EXPECT_LT(p->z, 1.0f);
        }
    }
    // Iso sees the +X, +Y, +Z faces: its eye is in the (+,+,+) octant from the centre.
    scene::ViewCamera iso = standardView(lens, StandardView::Iso, kBox, 1.0f);
    EXPECT_TRUE(glm::all(glm::greaterThan(iso.eye - iso.target, vec3(0))));
    // Iso has no roll: its right vector is horizontal.
    EXPECT_NEAR((cameraOrientation(iso) * vec3(1, 0, 0)).y, 0.0f, 1e-5f);
}

TEST(CameraViews, NamesRoundTripAndSideIsRight) {
    for (StandardView v : {StandardView::Top, StandardView::Bottom, StandardView::Front, StandardView::Back,
                           StandardView::Left, StandardView::Right, StandardView::Iso})
        EXPECT_EQ(standardViewFromName(standardViewName(v)), v);
    EXPECT_EQ(standardViewFromName("side"), StandardView::Right);
    EXPECT_FALSE(standardViewFromName("diagonal"));
}

TEST(CameraViews, FrameKeepingDirectionKeepsDirectionAndCentres) {
    scene::ViewCamera cam;
    cam.eye = vec3(10, 5, 10);
    cam.target = vec3(0, 0, 0);
    Aabb sel{vec3(20, 0, 0), vec3(21, 1, 1)};
    scene::ViewCamera framed = frameKeepingDirection(cam, sel, 1.5f);
    EXPECT_TRUE(vecNear(framed.forward(), cam.forward(), 1e-5f));
    EXPECT_TRUE(vecNear(framed.target, sel.center()));
    float r = glm::length(sel.extent()) * 0.5f;
    EXPECT_NEAR(glm::length(framed.eye - framed.target), framingDistance(r, cam.yfov, 1.5f), 1e-4f);
    // Narrow (portrait) viewports back off further: the horizontal field is the limit.
    EXPECT_GT(framingDistance(1.0f, 0.8f, 0.5f), framingDistance(1.0f, 0.8f, 1.5f));
}

TEST(CameraViews, OrthoSizeMatchesPerspectiveAtTargetDistance) {
    scene::ViewCamera persp;
    persp.eye = vec3(3, 2, 8);
    persp.target = vec3(0, 1, 0);
    persp.yfov = 0.9f;
    scene::ViewCamera ortho = toOrthographic(persp);
    ASSERT_TRUE(ortho.orthographic);
    float dist = glm::length(persp.target - persp.eye);
    EXPECT_NEAR(ortho.ymag, dist * std::tan(0.45f), 1e-5f);
    // Points in the target plane land on the same pixels in both projections.
    quat q = cameraOrientation(persp);
    vec3 right = q * vec3(1, 0, 0), up = q * vec3(0, 1, 0);
    vec2 viewport(1200, 700);
    for (vec2 o : {vec2(0, 0), vec2(1.5f, 0), vec2(0, -2), vec2(-3, 1.2f)}) {
        vec3 p = persp.target + right * o.x + up * o.y;
        auto a = projectToPixel(persp, p, viewport), b = projectToPixel(ortho, p, viewport);
        ASSERT_TRUE(a && b);
        EXPECT_NEAR(a->x, b->x, 0.01f);
        EXPECT_NEAR(a->y, b->y, 0.01f);
    }
    // And back: toPerspective restores the eye distance that matches.
    scene::ViewCamera back = toPerspective(ortho);
    EXPECT_FALSE(back.orthographic);
    EXPECT_TRUE(vecNear(back.eye, persp.eye, 1e-4f));
    // Zoomed in ortho (smaller ymag) -> perspective comes closer.
    ortho.ymag *= 0.5f;
    EXPECT_NEAR(glm::length(toPerspective(ortho).eye - ortho.target), dist * 0.5f, 1e-4f);
    // Already-in-mode cameras are unchanged.
    EXPECT_TRUE(vecNear(toOrthographic(toOrthographic(persp)).eye, persp.eye, 0.0f));
}

TEST(CameraViews, OrthographicStandardViewUsesMatchingSize) {
    scene::ViewCamera lens;
    lens.orthographic = true;
    scene::ViewCamera cam = standardView(lens, StandardView::Front, kBox, 1.0f);
    EXPECT_TRUE(cam.orthographic);
    EXPECT_NEAR(cam.ymag, orthoHalfHeightAt(glm::length(cam.eye - cam.target), lens.yfov), 1e-5f);
    EXPECT_GT(cam.ymag, glm::length(kBox.extent()) * 0.5f); // the whole box fits vertically
}

TEST(CameraViews, OrientationMatchesViewMatrix) {
    scene::ViewCamera cam;
    cam.eye = vec3(1, 2, 3);
    cam.target = vec3(-4, 0, 1);
    quat q = cameraOrientation(cam);
    EXPECT_TRUE(vecNear(orientationForward(q), cam.forward(), 1e-5f));
    // Straight down with up = +Y falls back like ViewCamera::view(): still a valid rotation.
    cam.target = cam.eye - vec3(0, 5, 0);
    q = cameraOrientation(cam);
    EXPECT_NEAR(glm::length(q), 1.0f, 1e-5f);
    EXPECT_TRUE(vecNear(orientationForward(q), vec3(0, -1, 0), 1e-5f));
}

} // namespace
} // namespace tv::interact
