// NavigationController: orbit pivots and limits, pan follows the cursor, zoom to cursor, fly, speed, view
// commands and the projection toggle.
#include "interact/navigation_controller.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

namespace tv::interact {
namespace {

using test::vecNear;

scene::ViewCamera frontCamera() {
    scene::ViewCamera c;
    c.eye = vec3(0, 0, 10);
    c.target = vec3(0);
    return c;
}

struct NavScene : ::testing::Test {
    test::TestWorld world{test::makeBoxesAsset({{"box", vec3(0), vec3(1)}, {"right", vec3(4, 0, 0), vec3(1)}})};
    SceneRaycaster rc;
    NavigationController nav;
    vec2 viewport{800, 600};
    void SetUp() override {
        rc.build(world.extract);
        nav.setRaycaster(&rc);
        nav.setViewport(viewport);
        nav.setCamera(frontCamera());
    }
    vec2 pixelOf(const vec3& p) const {
        auto px = projectToPixel(nav.camera(), p, viewport);
        EXPECT_TRUE(px);
        return px ? vec2(*px) : vec2(-1);
    }
};

TEST_F(NavScene, OrbitPivotPrefersSelectionThenCursorSurfaceThenTarget) {
    vec2 overRight = pixelOf(vec3(4, 0, 1));
    EXPECT_TRUE(vecNear(nav.beginOrbit(overRight), vec3(4, 0, 1), 1e-3f)); // surface under the cursor
    EXPECT_TRUE(vecNear(nav.beginOrbit(vec2(5, 5)), vec3(0)));             // nothing there: the target
    nav.setSelectionPivot(vec3(4, 0, 0));
    EXPECT_TRUE(vecNear(nav.beginOrbit(overRight + vec2(0, -200)), vec3(4, 0, 0)));
}

TEST_F(NavScene, OrbitKeepsPivotFixedAndDistance) {
    vec3 pivot = nav.beginOrbit(pixelOf(vec3(4, 0, 1)));
    vec2 before = pixelOf(pivot);
    float dist = glm::length(nav.camera().eye - pivot);
    nav.orbit(120.0f, -40.0f);
    EXPECT_NEAR(glm::length(nav.camera().eye - pivot), dist, 1e-3f);
    vec2 after = pixelOf(pivot);
    EXPECT_NEAR(after.x, before.x, 0.05f); // the pivot does not slide on screen
    EXPECT_NEAR(after.y, before.y, 0.05f);
    // No roll: the camera's right vector stays horizontal.
    EXPECT_NEAR((cameraOrientation(nav.camera()) * vec3(1, 0, 0)).y, 0.0f, 1e-5f);
}

TEST_F(NavScene, OrbitDirectionsAndPoleClamp) {
    nav.beginOrbit(vec2(400, 300));
    nav.orbit(50.0f, 0.0f); // drag right: camera circles to the left (-X)
    EXPECT_LT(nav.camera().eye.x, 0.0f);
    nav.setCamera(frontCamera());
    nav.beginOrbit(vec2(400, 300));
    nav.orbit(0.0f, 50.0f); // drag down: camera rises
    EXPECT_GT(nav.camera().eye.y, 0.0f);
    nav.orbit(0.0f, 100000.0f); // way past the pole: clamped, never flips over
    float elevation = std::asin(-nav.camera().forward().y);
    EXPECT_NEAR(elevation, nav.settings().maxPitch, 1e-3f);
    EXPECT_GT(nav.camera().up.y, 0.0f);
}

TEST_F(NavScene, PanMovesGrabbedPointWithCursor) {
    nav.beginOrbit(vec2(400, 300)); // pivot on the box front face, at depth 9
    vec3 p = nav.pivot();
    vec2 before = pixelOf(p);
    nav.pan(37.0f, -21.0f);
    // The world point that was under the cursor moved with it.
    vec2 moved = pixelOf(p);
    EXPECT_NEAR(moved.x - before.x, 37.0f, 0.05f);
    EXPECT_NEAR(moved.y - before.y, -21.0f, 0.05f);
    EXPECT_TRUE(vecNear(nav.camera().forward(), vec3(0, 0, -1), 1e-6f)); // pan never turns
}

TEST_F(NavScene, ZoomToCursorKeepsPointUnderCursorAndNeverPasses) {
    vec3 surface(4, 0.5f, 1); // front face of the right box
    vec2 cursor = pixelOf(surface);
    float before = glm::length(nav.camera().eye - surface);
    nav.zoom(1.0f, cursor);
    float after = glm::length(nav.camera().eye - surface);
    EXPECT_NEAR(after, before * 0.85f, 1e-3f);
    vec2 still = pixelOf(surface);
    EXPECT_NEAR(still.x, cursor.x, 0.05f);
    EXPECT_NEAR(still.y, cursor.y, 0.05f);
    for (int i = 0; i < 200; ++i) nav.zoom(1.0f, cursor);
    // Approached the face up to the stand-off, never through it.
    EXPECT_NEAR(glm::length(nav.camera().eye - surface), nav.settings().minZoomDistance, 1e-4f);
    EXPECT_GT(nav.camera().eye.z, 1.0f);
    nav.zoom(-3.0f, cursor); // and back out
    EXPECT_GT(glm::length(nav.camera().eye - surface), nav.settings().minZoomDistance * 1.5f);
}

TEST_F(NavScene, OrthographicZoomScalesAboutCursor) {
    nav.setOrthographic(true);
    float ymag = nav.camera().ymag;
    vec3 surface(4, 0.5f, 1);
    vec2 cursor = pixelOf(surface);
    nav.zoom(2.0f, cursor);
    EXPECT_NEAR(nav.camera().ymag, ymag * 0.85f * 0.85f, 1e-4f);
    vec2 still = pixelOf(surface);
    EXPECT_NEAR(still.x, cursor.x, 0.05f);
    EXPECT_NEAR(still.y, cursor.y, 0.05f);
}

TEST_F(NavScene, ToggleProjectionDoesNotJump) {
    vec3 p(1, 1, 0); // in the target plane
    vec2 before = pixelOf(p);
    nav.setOrthographic(true);
    EXPECT_TRUE(nav.camera().orthographic);
    vec2 after = pixelOf(p);
    EXPECT_NEAR(after.x, before.x, 0.05f);
    EXPECT_NEAR(after.y, before.y, 0.05f);
    nav.setOrthographic(false);
    EXPECT_TRUE(vecNear(nav.camera().eye, frontCamera().eye, 1e-4f));
}

TEST_F(NavScene, FlyMovesAlongViewAndSpeedAdjusts) {
    nav.setMode(NavigationMode::Fly);
    nav.move(MoveInput{1.0f, 0.0f, 0.0f, false}, 1.0f);
    EXPECT_TRUE(vecNear(nav.camera().eye, vec3(0, 0, 10 - nav.settings().flySpeed)));
    nav.move(MoveInput{0.0f, 1.0f, 0.0f, true}, 0.5f); // strafe right, Shift
    EXPECT_NEAR(nav.camera().eye.x, nav.settings().flySpeed * nav.settings().fastMultiplier * 0.5f, 1e-4f);
    nav.move(MoveInput{0.0f, 0.0f, 1.0f, false}, 1.0f); // E: up
    EXPECT_NEAR(nav.camera().eye.y, nav.settings().flySpeed, 1e-4f);
    float speed = nav.flySpeed();
    nav.adjustSpeed(2.0f);
    EXPECT_NEAR(nav.flySpeed(), speed * 1.25f * 1.25f, 1e-4f);
    nav.adjustSpeed(-2.0f);
    EXPECT_NEAR(nav.flySpeed(), speed, 1e-4f);
    // Mouse look right turns right about the eye.
    vec3 eye = nav.camera().eye;
    nav.look(100.0f, 0.0f);
    EXPECT_TRUE(vecNear(nav.camera().eye, eye));
    EXPECT_GT(nav.camera().forward().x, 0.0f);
}

TEST_F(NavScene, FrameAndStandardViewAnimateAndEndExactly) {
    Aabb all = world.extract.bounds;
    nav.setMode(NavigationMode::Fly);
    nav.showStandardView(StandardView::Top, all);
    EXPECT_EQ(nav.mode(), NavigationMode::Orbit);
    EXPECT_TRUE(nav.transitioning());
    scene::ViewCamera dest = nav.transition().destination();
    for (int i = 0; i < 30; ++i) nav.update(1.0f / 60.0f);
    EXPECT_FALSE(nav.transitioning());
    EXPECT_EQ(nav.camera().eye, dest.eye);
    EXPECT_TRUE(vecNear(nav.camera().forward(), vec3(0, -1, 0), 1e-6f));
    // F on one box: keeps looking down, centres on it.
    Aabb box = world.extract.draws[1].worldBounds;
    nav.frameBounds(box);
    nav.update(1.0f);
    EXPECT_TRUE(vecNear(nav.camera().target, box.center()));
    EXPECT_TRUE(vecNear(nav.camera().forward(), vec3(0, -1, 0), 1e-6f));
}

TEST_F(NavScene, InputDuringTransitionTakesOverWhereItIs) {
    nav.showStandardView(StandardView::Right, world.extract.bounds);
    nav.update(0.2f);
    scene::ViewCamera mid = nav.camera();
    nav.pan(0.0f, 0.0f);
    EXPECT_FALSE(nav.transitioning());
    EXPECT_TRUE(vecNear(nav.camera().eye, mid.eye, 1e-5f));
}

TEST_F(NavScene, RenderCameraFitsDepthToScene) {
    scene::ViewCamera c = nav.camera(world.extract.bounds);
    EXPECT_LT(c.znear, 9.0f);
    EXPECT_GT(c.zfar, 11.0f);
}

} // namespace
} // namespace tv::interact
