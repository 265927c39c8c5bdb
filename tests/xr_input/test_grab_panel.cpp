// XrInteraction: grab-and-scale (one-hand drag, two-hand scale/turn about the midpoint, clamps, reset) and the
// menu panel (toggle, placement, pointer uv at the corners and the centre, the panel stealing the trigger)
// (label unit).
#include "fake_scene.h"
#include "xr/input/grab_scale.h"
#include "xr/input/menu_panel.h"
#include "xr/input/xr_interaction.h"

#include <gtest/gtest.h>

namespace tv::xr {
namespace {

using test::FakeScene;
using test::makeState;

using test::eventsOf;
using test::expectNear;

void expectRigNear(const TrackingRig& a, const TrackingRig& b) {
    expectNear(a.translation, b.translation, 1e-5f);
    EXPECT_NEAR(a.yawRad, b.yawRad, 1e-5f);
    EXPECT_NEAR(a.scale, b.scale, 1e-5f);
}

struct GrabPanel : ::testing::Test {
    FakeScene scene{{{vec3(0.0f), vec3(0, 1, 0), test::node(1)}, {vec3(0, 0, -4), vec3(0, 0, 1), test::node(2)}}};
    XrInteraction interaction;
    XrInputState state = makeState();
    InteractionOutput step(float dt = 1.0f / 90.0f) { return interaction.update(state, dt, {scene.fn()}); }
    void setHands(const vec3& left, const vec3& right) {
        state.hands[kLeftHand].grip.position = left;
        state.hands[kRightHand].grip.position = right;
    }
};

TEST_F(GrabPanel, OneHandGrabDragsTheWorld) {
    interaction.setRig(TrackingRig{vec3(1, 0, 0), 0.5f, 2.0f});
    HandInput& right = state.hands[kRightHand];
    right.squeeze = 0.9f;
    InteractionOutput out = step();
    EXPECT_TRUE(out.grabbing);
    EXPECT_FALSE(out.scaling);
    ASSERT_EQ(eventsOf<HapticEvent>(out).size(), 1u);
    const vec3 held = out.rig.toWorld(right.grip.position);
    right.grip.position += vec3(0.3f, 0.1f, -0.2f);
    right.grip.orientation = glm::angleAxis(1.0f, vec3(0, 1, 0)); // a turning wrist does not turn the world
    out = step();
    expectNear(out.rig.toWorld(right.grip.position), held, 1e-5f);
    EXPECT_EQ(out.rig.yawRad, 0.5f);
    EXPECT_EQ(out.rig.scale, 2.0f);
    // The sticks are ignored while grabbing.
    state.hands[kLeftHand].thumbstick = vec2(1.0f, 0.0f);
    out = step();
    EXPECT_TRUE(eventsOf<TurnedEvent>(out).empty());
    // Release: the rig stays where the grab left it.
    right.squeeze = 0.2f;
    state.hands[kLeftHand].thumbstick = vec2(0.0f);
    const TrackingRig left = step().rig;
    right.grip.position += vec3(1.0f, 0.0f, 0.0f);
    out = step();
    EXPECT_FALSE(out.grabbing);
    EXPECT_EQ(out.rig, left);
}

TEST_F(GrabPanel, TwoHandsDoublingTheirDistanceDoubleTheWorld) {
    setHands(vec3(-0.2f, 1.0f, -0.4f), vec3(0.2f, 1.0f, -0.4f));
    interaction.setRig(TrackingRig{vec3(0.5f, 0.0f, -1.0f), 0.3f, 1.0f});
    state.hands[kLeftHand].squeeze = 1.0f;
    state.hands[kRightHand].squeeze = 1.0f;
    InteractionOutput out = step();
    EXPECT_TRUE(out.scaling);
    const vec3 mid(0.0f, 1.0f, -0.4f);
    const vec3 midWorld = out.rig.toWorld(mid);
    const float scaleBefore = out.rig.scale;
    setHands(vec3(-0.4f, 1.0f, -0.4f), vec3(0.4f, 1.0f, -0.4f));
    out = step();
    // World metres per tracked metre halve: everything looks twice as big.
    EXPECT_NEAR(out.rig.scale, scaleBefore / 2.0f, 1e-5f);
    expectNear(out.rig.toWorld(mid), midWorld, 1e-5f);
    EXPECT_NEAR(out.rig.yawRad, 0.3f, 1e-5f);
    // Each hand is back over the world point it grabbed (the line between the hands stayed level).
    expectNear(out.rig.toWorld(vec3(0.4f, 1.0f, -0.4f)),
               TrackingRig{vec3(0.5f, 0.0f, -1.0f), 0.3f, 1.0f}.toWorld(vec3(0.2f, 1.0f, -0.4f)), 1e-5f);
}

TEST_F(GrabPanel, TwoHandsTurnTheWorldAboutTheirMidpoint) {
    setHands(vec3(-0.2f, 1.0f, -0.4f), vec3(0.2f, 1.0f, -0.4f));
    state.hands[kLeftHand].squeeze = state.hands[kRightHand].squeeze = 1.0f;
    const TrackingRig start = step().rig;
    const vec3 mid(0.0f, 1.0f, -0.4f);
    // Turn the hands 90° counter-clockwise seen from above (the right hand goes forward, the left comes back).
    setHands(vec3(0.0f, 1.0f, -0.2f), vec3(0.0f, 1.0f, -0.6f));
    const InteractionOutput out = step();
    EXPECT_NEAR(out.rig.scale, 1.0f, 1e-5f);
    // The world turned with the hands: the user's yaw in it went the other way.
    EXPECT_NEAR(out.rig.yawRad, -glm::half_pi<float>(), 1e-5f);
    expectNear(out.rig.toWorld(mid), start.toWorld(mid), 1e-5f);
    expectNear(out.rig.toWorld(vec3(0.0f, 1.0f, -0.6f)), start.toWorld(vec3(0.2f, 1.0f, -0.4f)), 1e-5f);
}

TEST_F(GrabPanel, ScaleIsClampedAndTheMidpointStillHolds) {
    setHands(vec3(-1.0f, 1.0f, -0.4f), vec3(1.0f, 1.0f, -0.4f));
    state.hands[kLeftHand].squeeze = state.hands[kRightHand].squeeze = 1.0f;
    const TrackingRig start = step().rig;
    const vec3 mid(0.0f, 1.0f, -0.4f);
    setHands(vec3(-0.006f, 1.0f, -0.4f), vec3(0.006f, 1.0f, -0.4f)); // 2 m of world in 1.2 cm of hands: x167
    InteractionOutput out = step();
    EXPECT_FLOAT_EQ(out.rig.scale, kMaxRigScale);
    expectNear(out.rig.toWorld(mid), start.toWorld(mid), 1e-4f);
    // Other way: shrink the world below 1/100 of life size.
    state.hands[kLeftHand].squeeze = state.hands[kRightHand].squeeze = 0.0f;
    step();
    setHands(vec3(-0.01f, 1.0f, -0.4f), vec3(0.01f, 1.0f, -0.4f));
    interaction.setRig(TrackingRig{});
    state.hands[kLeftHand].squeeze = state.hands[kRightHand].squeeze = 1.0f;
    step();
    setHands(vec3(-2.0f, 1.0f, -0.4f), vec3(2.0f, 1.0f, -0.4f));
    out = step();
    EXPECT_FLOAT_EQ(out.rig.scale, kMinRigScale);
    expectNear(out.rig.toWorld(mid), mid, 1e-4f);
}

TEST_F(GrabPanel, SecondHandJoiningOrLeavingDoesNotJump) {
    setHands(vec3(-0.2f, 1.0f, -0.4f), vec3(0.2f, 1.0f, -0.4f));
    state.hands[kRightHand].squeeze = 1.0f;
    step();
    state.hands[kRightHand].grip.position += vec3(0.1f, 0.0f, 0.0f);
    const TrackingRig dragged = step().rig;
    state.hands[kLeftHand].squeeze = 1.0f;
    expectRigNear(step().rig, dragged); // joined without moving
    state.hands[kLeftHand].squeeze = 0.0f;
    const InteractionOutput out = step();
    EXPECT_TRUE(out.grabbing);
    EXPECT_FALSE(out.scaling);
    expectRigNear(out.rig, dragged); // left let go without moving
}

TEST_F(GrabPanel, SetRigEndsTheGrabUntilTheSqueezeIsLetGo) {
    state.hands[kRightHand].squeeze = 1.0f;
    EXPECT_TRUE(step().grabbing);
    const TrackingRig followed{vec3(5, 0, -2), 1.0f, 1.0f};
    interaction.setRig(followed); // e.g. follow mode teleported the user
    state.hands[kRightHand].grip.position += vec3(0.3f, 0.0f, 0.0f);
    InteractionOutput out = step();
    EXPECT_FALSE(out.grabbing);
    EXPECT_EQ(out.rig, followed);
    state.hands[kRightHand].squeeze = 0.0f;
    step();
    state.hands[kRightHand].squeeze = 1.0f;
    EXPECT_TRUE(step().grabbing);
}

TEST_F(GrabPanel, ResetScaleKeepsTheHeadsWorldPosition) {
    setHands(vec3(-0.2f, 1.0f, -0.4f), vec3(0.2f, 1.0f, -0.4f));
    state.hands[kLeftHand].squeeze = state.hands[kRightHand].squeeze = 1.0f;
    step();
    setHands(vec3(-0.05f, 1.0f, -0.4f), vec3(0.05f, 1.0f, -0.4f));
    const TrackingRig scaled = step().rig;
    ASSERT_NEAR(scaled.scale, 4.0f, 1e-4f);
    const vec3 headWorld = scaled.toWorld(state.head.position);
    interaction.resetScale();
    EXPECT_FLOAT_EQ(interaction.rig().scale, 1.0f);
    expectNear(interaction.rig().toWorld(state.head.position), headWorld, 1e-5f);
}

TEST(GrabSolvers, TwoHandRigKeepsBothAnchorsForASimilarMotion) {
    const TrackingRig rig{vec3(1, 0, 2), 0.4f, 1.5f};
    const vec3 hands[2] = {vec3(-0.3f, 1.1f, -0.5f), vec3(0.25f, 0.9f, -0.3f)};
    const vec3 anchors[2] = {rig.toWorld(hands[0]), rig.toWorld(hands[1])};
    // Any yaw-only similarity of the hands is followed exactly.
    const TrackingRig motion{vec3(0.1f, 0.2f, -0.1f), 0.7f, 0.5f};
    const vec3 moved[2] = {motion.toWorld(hands[0]), motion.toWorld(hands[1])};
    const TrackingRig solved = twoHandRig(rig, moved, anchors);
    expectNear(solved.toWorld(moved[0]), anchors[0], 1e-4f);
    expectNear(solved.toWorld(moved[1]), anchors[1], 1e-4f);
    EXPECT_NEAR(solved.scale, 1.5f / 0.5f, 1e-4f);
    // Degenerate: hands on top of each other keep the scale and yaw.
    const vec3 same[2] = {hands[0], hands[0]};
    const TrackingRig kept = twoHandRig(rig, same, anchors);
    EXPECT_EQ(kept.scale, rig.scale);
    EXPECT_EQ(kept.yawRad, rig.yawRad);
}

TEST_F(GrabPanel, MenuButtonTogglesThePanelOnTheLeftHand) {
    EXPECT_FALSE(step().panel.open);
    state.hands[kLeftHand].menu = true;
    InteractionOutput out = step();
    auto toggles = eventsOf<MenuToggledEvent>(out);
    ASSERT_EQ(toggles.size(), 1u);
    EXPECT_TRUE(toggles[0].open);
    EXPECT_TRUE(out.panel.open);
    EXPECT_TRUE(out.panel.visible);
    EXPECT_EQ(out.panel.size, vec2(0.40f, 0.30f));
    // Centre at the grip offset; +Z faces the head, +X horizontal (upright).
    const Pose& grip = state.hands[kLeftHand].grip;
    expectNear(out.panel.tracking.position, grip.position + grip.orientation * PanelSettings{}.offset, 1e-5f);
    const vec3 normal = out.panel.tracking.orientation * vec3(0, 0, 1);
    expectNear(normal, glm::normalize(state.head.position - out.panel.tracking.position), 1e-5f);
    EXPECT_NEAR((out.panel.tracking.orientation * vec3(1, 0, 0)).y, 0.0f, 1e-6f);
    // World pose through the rig.
    interaction.setRig(TrackingRig{vec3(3, 0, 0), 1.0f, 2.0f});
    out = step(); // menu still held: no second toggle
    EXPECT_TRUE(eventsOf<MenuToggledEvent>(out).empty());
    expectNear(out.panel.world.position, out.rig.toWorld(out.panel.tracking.position), 1e-5f);
    EXPECT_EQ(out.panel.worldSize, vec2(0.80f, 0.60f));
    // Hidden (but still open) while the left hand is not tracked.
    state.hands[kLeftHand].gripTracked = false;
    out = step();
    EXPECT_TRUE(out.panel.open);
    EXPECT_FALSE(out.panel.visible);
    state.hands[kLeftHand].gripTracked = true;
    // Release and press again: closed. The right menu button (Vive, Microsoft) toggles too.
    state.hands[kLeftHand].menu = false;
    step();
    state.hands[kRightHand].menu = true;
    out = step();
    EXPECT_FALSE(out.panel.open);
    EXPECT_FALSE(interaction.menuOpen());
}

// Aims the right hand at the point of the panel with the given uv, from 30 cm in front of it.
void aimAtPanel(XrInputState& state, const PanelOutput& panel, const vec2& uv) {
    const vec3 local((uv.x - 0.5f) * panel.size.x, (0.5f - uv.y) * panel.size.y, 0.0f);
    const vec3 point = panel.tracking.position + panel.tracking.orientation * local;
    const vec3 normal = panel.tracking.orientation * vec3(0, 0, 1);
    state.hands[kRightHand].aim.position = point + 0.3f * normal;
    state.hands[kRightHand].aim.orientation = test::lookAlong(-normal);
}

TEST_F(GrabPanel, PanelPointerUvAtTheCornersAndTheCentre) {
    interaction.setMenuOpen(true);
    const PanelOutput panel = step().panel;
    ASSERT_TRUE(panel.visible);
    for (const vec2 uv : {vec2(0.5f, 0.5f), vec2(0.01f, 0.01f), vec2(0.99f, 0.01f), vec2(0.01f, 0.99f),
                          vec2(0.99f, 0.99f), vec2(0.25f, 0.8f)}) {
        aimAtPanel(state, panel, uv);
        const InteractionOutput out = step();
        ASSERT_TRUE(out.panelPointer.hit) << uv.x << "," << uv.y;
        EXPECT_NEAR(out.panelPointer.uv.x, uv.x, 1e-4f);
        EXPECT_NEAR(out.panelPointer.uv.y, uv.y, 1e-4f);
        EXPECT_TRUE(out.lasers[kRightHand].onPanel);
        EXPECT_FALSE(out.lasers[kRightHand].hit.has_value());
        expectNear(
            out.lasers[kRightHand].end,
            out.rig.toWorld(out.panel.tracking.position +
                            out.panel.tracking.orientation * vec3((uv.x - 0.5f) * 0.4f, (0.5f - uv.y) * 0.3f, 0)),
            1e-4f);
    }
    for (const vec2 uv : {vec2(-0.02f, 0.5f), vec2(1.02f, 0.5f), vec2(0.5f, -0.02f), vec2(0.5f, 1.02f)}) {
        aimAtPanel(state, panel, uv);
        const InteractionOutput out = step();
        EXPECT_FALSE(out.panelPointer.hit) << uv.x << "," << uv.y;
        EXPECT_FALSE(out.lasers[kRightHand].onPanel);
    }
    // From behind the panel it is not a screen.
    const vec3 normal = panel.tracking.orientation * vec3(0, 0, 1);
    state.hands[kRightHand].aim.position = panel.tracking.position - 0.3f * normal;
    state.hands[kRightHand].aim.orientation = test::lookAlong(normal);
    EXPECT_FALSE(step().panelPointer.hit);
    // The left laser never tests the panel (that hand holds it): it goes through to the scene.
    XrInputState leftAiming = state;
    aimAtPanel(leftAiming, panel, vec2(0.5f, 0.5f));
    std::swap(leftAiming.hands[kLeftHand].aim, leftAiming.hands[kRightHand].aim);
    state = leftAiming;
    const InteractionOutput out = step();
    EXPECT_FALSE(out.panelPointer.hit);
    EXPECT_FALSE(out.lasers[kLeftHand].onPanel);
    EXPECT_TRUE(out.lasers[kLeftHand].hit.has_value());
}

TEST_F(GrabPanel, PanelStealsTheTrigger) {
    interaction.setMenuOpen(true);
    const PanelOutput panel = step().panel;
    aimAtPanel(state, panel, vec2(0.3f, 0.6f));
    state.hands[kRightHand].trigger = 1.0f;
    InteractionOutput out = step();
    EXPECT_TRUE(out.panelPointer.hit);
    EXPECT_TRUE(out.panelPointer.pressed);
    EXPECT_TRUE(eventsOf<SelectEvent>(out).empty());
    EXPECT_TRUE(eventsOf<DeselectEvent>(out).empty());
    EXPECT_EQ(eventsOf<HapticEvent>(out).size(), 1u);
    // Dragging off the panel while held: the press stays with the panel, the scene sees nothing.
    state.hands[kRightHand].aim = state.hands[kRightHand].grip;
    out = step();
    EXPECT_FALSE(out.panelPointer.hit);
    EXPECT_TRUE(out.panelPointer.pressed);
    ASSERT_TRUE(out.lasers[kRightHand].hit.has_value()); // the laser shows the wall again...
    EXPECT_TRUE(out.events.empty());                     // ...but selects nothing
    state.hands[kRightHand].trigger = 0.0f;
    out = step();
    EXPECT_FALSE(out.panelPointer.pressed);
    // A fresh press off the panel selects in the scene again.
    state.hands[kRightHand].trigger = 1.0f;
    EXPECT_EQ(eventsOf<SelectEvent>(step()).size(), 1u);
    // The left trigger still selects while the menu is open.
    state.hands[kLeftHand].trigger = 1.0f;
    auto selects = eventsOf<SelectEvent>(step());
    ASSERT_EQ(selects.size(), 1u);
    EXPECT_EQ(selects[0].hand, kLeftHand);
}

TEST(MenuPanel, FacesTheHeadUprightFromAnyWrist) {
    Pose grip{vec3(-0.2f, 1.1f, -0.3f), glm::angleAxis(1.2f, glm::normalize(vec3(1, 2, 0.5f)))};
    const vec3 head(0.0f, 1.6f, 0.0f);
    const Pose panel = panelPose(grip, head);
    const vec3 z = panel.orientation * vec3(0, 0, 1);
    expectNear(z, glm::normalize(head - panel.position), 1e-5f);
    EXPECT_NEAR((panel.orientation * vec3(1, 0, 0)).y, 0.0f, 1e-6f);
    EXPECT_GT((panel.orientation * vec3(0, 1, 0)).y, 0.0f);
    // Head straight above: still a valid, upright orientation.
    const Pose above = panelPose(Pose{vec3(0.0f), quat(1, 0, 0, 0)}, vec3(0.0f, 5.0f, 0.0f),
                                 PanelSettings{vec2(0.4f, 0.3f), vec3(0.0f)});
    EXPECT_NEAR(glm::length(above.orientation), 1.0f, 1e-5f);
    EXPECT_NEAR((above.orientation * vec3(1, 0, 0)).y, 0.0f, 1e-6f);
}

} // namespace
} // namespace tv::xr
