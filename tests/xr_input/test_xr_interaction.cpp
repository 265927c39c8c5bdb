// XrInteraction: trigger hysteresis, select / deselect / place on a fake scene, teleport through the arc, snap and
// smooth turns about the head, focus loss (label unit). Grab-and-scale and the menu panel: test_grab_panel.cpp.
#include "fake_scene.h"
#include "xr/input/xr_interaction.h"

#include <gtest/gtest.h>

namespace tv::xr {
namespace {

using test::FakeScene;
using test::makeState;

using test::eventsOf;
using test::expectNear;

// A floor (node 1) and a wall 4 m ahead (node 2), the lasers aim at the wall.
struct Interaction : ::testing::Test {
    FakeScene scene{{{vec3(0.0f), vec3(0, 1, 0), test::node(1)}, {vec3(0, 0, -4), vec3(0, 0, 1), test::node(2)}}};
    XrInteraction interaction;
    XrInputState state = makeState();
    InteractionOutput step(float dt = 1.0f / 90.0f) { return interaction.update(state, dt, {scene.fn()}); }
};

TEST(Hysteresis, PressAboveReleaseBelow) {
    Hysteresis h;
    EXPECT_FALSE(h.update(0.5f));
    EXPECT_FALSE(h.update(0.7f)); // not above
    EXPECT_TRUE(h.update(0.71f));
    EXPECT_TRUE(h.rose);
    EXPECT_TRUE(h.update(0.5f)); // between: stays pressed, no edge
    EXPECT_FALSE(h.rose);
    EXPECT_FALSE(h.fell);
    EXPECT_TRUE(h.update(0.3f)); // not below
    EXPECT_FALSE(h.update(0.29f));
    EXPECT_TRUE(h.fell);
    EXPECT_FALSE(h.update(0.6f)); // between: stays released
    EXPECT_FALSE(h.rose);
}

TEST(Hysteresis, BlockedUntilReleased) {
    Hysteresis h;
    h.update(1.0f);
    h.blockUntilReleased();
    EXPECT_FALSE(h.update(1.0f));
    EXPECT_FALSE(h.rose);
    EXPECT_FALSE(h.update(0.5f));
    EXPECT_FALSE(h.update(0.1f)); // let go
    EXPECT_TRUE(h.update(0.9f));
    EXPECT_TRUE(h.rose);
}

TEST_F(Interaction, LasersHitTheSceneThroughTheRig) {
    InteractionOutput out = step();
    for (int hand = 0; hand < kHandCount; ++hand) {
        const Laser& laser = out.lasers[size_t(hand)];
        ASSERT_TRUE(laser.active);
        ASSERT_TRUE(laser.hit.has_value());
        EXPECT_EQ(laser.hit->node, test::node(2));
        expectNear(laser.end, vec3(state.hands[hand].aim.position.x, 1.1f, -4.0f));
    }
    // Moving the user moves the lasers' world origin, not their tracked one.
    interaction.setRig(TrackingRig{vec3(0, 0, 2), 0.0f, 1.0f});
    out = step();
    expectNear(out.lasers[kRightHand].ray.origin, vec3(0.2f, 1.1f, 1.7f));
    EXPECT_NEAR(out.lasers[kRightHand].hit->distance, 5.7f, 1e-4f);
    // An untracked hand has no laser.
    state.hands[kLeftHand].tracked = false;
    out = step();
    EXPECT_FALSE(out.lasers[kLeftHand].active);
}

TEST_F(Interaction, TriggerSelectsTheNodeUnderTheLaserOnce) {
    EXPECT_TRUE(step().events.empty());
    state.hands[kRightHand].trigger = 0.65f; // not past the press threshold
    EXPECT_TRUE(eventsOf<SelectEvent>(step()).empty());
    state.hands[kRightHand].trigger = 0.9f;
    InteractionOutput out = step();
    auto selects = eventsOf<SelectEvent>(out);
    ASSERT_EQ(selects.size(), 1u);
    EXPECT_EQ(selects[0].hand, kRightHand);
    EXPECT_EQ(selects[0].node, test::node(2));
    expectNear(selects[0].point, vec3(0.2f, 1.1f, -4.0f));
    auto haptics = eventsOf<HapticEvent>(out);
    ASSERT_EQ(haptics.size(), 1u);
    EXPECT_EQ(haptics[0].hand, kRightHand);
    EXPECT_GT(haptics[0].seconds, 0.0f);
    // Held, dipping to 0.4 (above release): no new select.
    state.hands[kRightHand].trigger = 0.4f;
    EXPECT_TRUE(eventsOf<SelectEvent>(step()).empty());
    state.hands[kRightHand].trigger = 1.0f;
    EXPECT_TRUE(eventsOf<SelectEvent>(step()).empty());
    // Released and pressed again: a second select.
    state.hands[kRightHand].trigger = 0.0f;
    step();
    state.hands[kRightHand].trigger = 1.0f;
    EXPECT_EQ(eventsOf<SelectEvent>(step()).size(), 1u);
}

TEST_F(Interaction, TriggerOnNothingDeselects) {
    state.hands[kLeftHand].aim.orientation = test::lookAlong(vec3(0, 1, 0)); // at the sky
    state.hands[kLeftHand].trigger = 1.0f;
    const InteractionOutput out = step();
    EXPECT_FALSE(out.lasers[kLeftHand].hit.has_value());
    EXPECT_TRUE(eventsOf<SelectEvent>(out).empty());
    auto deselects = eventsOf<DeselectEvent>(out);
    ASSERT_EQ(deselects.size(), 1u);
    EXPECT_EQ(deselects[0].hand, kLeftHand);
    // The laser still has a far end along its ray.
    expectNear(out.lasers[kLeftHand].end, out.lasers[kLeftHand].ray.at(50.0f));
}

TEST_F(Interaction, PlacingModePlacesAnnotationsInsteadOfSelecting) {
    state.hands[kRightHand].primary = true; // A: toggles placing
    InteractionOutput out = step();
    auto toggles = eventsOf<PlacingChangedEvent>(out);
    ASSERT_EQ(toggles.size(), 1u);
    EXPECT_TRUE(toggles[0].placing);
    EXPECT_TRUE(out.placing);
    EXPECT_TRUE(eventsOf<PlacingChangedEvent>(step()).empty()); // held: no repeat
    state.hands[kRightHand].primary = false;
    state.hands[kRightHand].aim.orientation = test::lookAlong(vec3(0, -1, -1)); // at the floor
    state.hands[kRightHand].trigger = 1.0f;
    out = step();
    EXPECT_TRUE(eventsOf<SelectEvent>(out).empty());
    auto places = eventsOf<PlaceAnnotationEvent>(out);
    ASSERT_EQ(places.size(), 1u);
    EXPECT_EQ(places[0].node, test::node(1));
    expectNear(places[0].point, vec3(0.2f, 0.0f, -1.4f));
    expectNear(places[0].normal, vec3(0, 1, 0));
    // Pressing on nothing while placing places nothing (and deselects).
    state.hands[kRightHand].trigger = 0.0f;
    step();
    state.hands[kRightHand].aim.orientation = test::lookAlong(vec3(0, 1, 0));
    state.hands[kRightHand].trigger = 1.0f;
    out = step();
    EXPECT_TRUE(eventsOf<PlaceAnnotationEvent>(out).empty());
    EXPECT_EQ(eventsOf<DeselectEvent>(out).size(), 1u);
    // The app can switch it off too.
    interaction.setPlacing(false);
    EXPECT_FALSE(step().placing);
}

TEST_F(Interaction, ThumbstickForwardShowsAnArcAndReleaseTeleports) {
    state.head.position = vec3(0.3f, 1.7f, 0.1f);
    HandInput& right = state.hands[kRightHand];
    right.aim.position = vec3(0.2f, 1.0f, 0.0f); // level aim from 1 m: lands 3.16 m ahead
    right.thumbstick = vec2(0.0f, 1.0f);
    InteractionOutput out = step();
    const TeleportArc& arc = out.arcs[kRightHand];
    ASSERT_TRUE(arc.active);
    ASSERT_TRUE(arc.valid);
    EXPECT_FALSE(out.arcs[kLeftHand].active);
    EXPECT_NEAR(arc.target.z, -7.0f * std::sqrt(2.0f / 9.81f), 0.01f);
    EXPECT_FALSE(out.lasers[kRightHand].active); // the arc replaces the laser
    EXPECT_TRUE(eventsOf<TeleportedEvent>(out).empty());
    EXPECT_EQ(out.rig, TrackingRig{});
    const vec3 target = arc.target;

    right.thumbstick = vec2(0.0f, 0.5f); // between thresholds: still aiming
    out = step();
    EXPECT_TRUE(out.arcs[kRightHand].active);
    EXPECT_TRUE(eventsOf<TeleportedEvent>(out).empty());

    right.thumbstick = vec2(0.0f, 0.1f); // released
    out = step();
    EXPECT_FALSE(out.arcs[kRightHand].active);
    auto teleports = eventsOf<TeleportedEvent>(out);
    ASSERT_EQ(teleports.size(), 1u);
    expectNear(teleports[0].from, vec3(0.3f, 0.0f, 0.1f));
    expectNear(teleports[0].to, target);
    const vec3 head = out.rig.toWorld(state.head.position);
    expectNear(head, vec3(target.x, 1.7f, target.z)); // head height kept
    EXPECT_EQ(out.rig.yawRad, 0.0f);
    EXPECT_EQ(interaction.rig(), out.rig);
    EXPECT_TRUE(eventsOf<TurnedEvent>(out).empty());
}

TEST_F(Interaction, ReleasingOnAWallDoesNotTeleport) {
    scene.planes.push_back({vec3(0, 0, -1.5f), vec3(0, 0, 1), test::node(3)});
    state.hands[kRightHand].thumbstick = vec2(0.0f, 1.0f);
    InteractionOutput out = step();
    ASSERT_TRUE(out.arcs[kRightHand].hit);
    EXPECT_FALSE(out.arcs[kRightHand].valid);
    state.hands[kRightHand].thumbstick = vec2(0.0f);
    out = step();
    EXPECT_TRUE(eventsOf<TeleportedEvent>(out).empty());
    EXPECT_EQ(out.rig, TrackingRig{});
}

TEST_F(Interaction, TeleportRespectsTheRigScaleAndYaw) {
    scene.planes.pop_back(); // no wall: a giant's arc lands ~10 m away
    const TrackingRig start{vec3(2, 0, 1), 0.6f, 3.0f};
    interaction.setRig(start);
    state.hands[kRightHand].thumbstick = vec2(0.0f, 1.0f);
    const TeleportArc arc = step().arcs[kRightHand];
    ASSERT_TRUE(arc.valid);
    const vec3 target = arc.target;
    state.hands[kRightHand].thumbstick = vec2(0.0f);
    const InteractionOutput out = step();
    ASSERT_EQ(eventsOf<TeleportedEvent>(out).size(), 1u);
    EXPECT_EQ(out.rig.scale, 3.0f);
    EXPECT_EQ(out.rig.yawRad, 0.6f);
    expectNear(out.rig.toWorld(state.head.position), vec3(target.x, 3.0f * 1.6f, target.z));
}

TEST_F(Interaction, SnapTurnPivotsAboutTheHeadAndRearms) {
    state.head.position = vec3(0.4f, 1.6f, -0.2f);
    interaction.setRig(TrackingRig{vec3(1, 0, 1), 0.2f, 1.5f});
    const vec3 headWorld = interaction.rig().toWorld(state.head.position);
    HandInput& left = state.hands[kLeftHand];
    left.thumbstick = vec2(0.9f, 0.0f); // right
    InteractionOutput out = step();
    auto turns = eventsOf<TurnedEvent>(out);
    ASSERT_EQ(turns.size(), 1u);
    EXPECT_NEAR(turns[0].deltaYaw, -glm::radians(30.0f), 1e-6f);
    EXPECT_NEAR(out.rig.yawRad, 0.2f - glm::radians(30.0f), 1e-6f);
    expectNear(out.rig.toWorld(state.head.position), headWorld, 1e-5f);
    EXPECT_EQ(out.rig.scale, 1.5f);
    // Held: no repeat. Back to 0.5 (not below 0.3): still not re-armed.
    EXPECT_TRUE(eventsOf<TurnedEvent>(step()).empty());
    left.thumbstick.x = 0.5f;
    step();
    left.thumbstick.x = 1.0f;
    EXPECT_TRUE(eventsOf<TurnedEvent>(step()).empty());
    // Centre re-arms; pushing left turns left.
    left.thumbstick.x = 0.1f;
    step();
    left.thumbstick.x = -1.0f;
    out = step();
    turns = eventsOf<TurnedEvent>(out);
    ASSERT_EQ(turns.size(), 1u);
    EXPECT_NEAR(turns[0].deltaYaw, glm::radians(30.0f), 1e-6f);
    EXPECT_NEAR(out.rig.yawRad, 0.2f, 1e-5f);
    expectNear(out.rig.toWorld(state.head.position), headWorld, 1e-5f);
}

TEST_F(Interaction, ForwardWinsOverTurnOnTheSameStick) {
    HandInput& right = state.hands[kRightHand];
    right.thumbstick = vec2(0.75f, 0.75f); // diagonal: both axes past 0.7
    InteractionOutput out = step();
    EXPECT_TRUE(out.arcs[kRightHand].active);
    EXPECT_TRUE(eventsOf<TurnedEvent>(out).empty());
    right.thumbstick = vec2(1.0f, 0.5f); // sideways while aiming: still no turn
    EXPECT_TRUE(eventsOf<TurnedEvent>(step()).empty());
    right.thumbstick = vec2(0.9f, 0.0f); // released forward with x still out: the gesture ends without a turn
    out = step();
    EXPECT_EQ(eventsOf<TeleportedEvent>(out).size(), 1u);
    EXPECT_TRUE(eventsOf<TurnedEvent>(out).empty());
    EXPECT_TRUE(eventsOf<TurnedEvent>(step()).empty());
    right.thumbstick = vec2(0.0f); // centre, then a deliberate push turns
    step();
    right.thumbstick = vec2(0.9f, 0.0f);
    EXPECT_EQ(eventsOf<TurnedEvent>(step()).size(), 1u);
}

TEST_F(Interaction, SmoothTurnIsProportionalToTimeAndDeflection) {
    InteractionSettings settings;
    settings.turnMode = TurnMode::Smooth;
    interaction.setSettings(settings);
    const vec3 headWorld = interaction.rig().toWorld(state.head.position);
    state.hands[kRightHand].thumbstick = vec2(1.0f, 0.0f);
    InteractionOutput out = step(0.1f);
    EXPECT_NEAR(out.rig.yawRad, -glm::radians(9.0f), 1e-5f);
    out = step(0.2f);
    EXPECT_NEAR(out.rig.yawRad, -glm::radians(27.0f), 1e-5f);
    expectNear(out.rig.toWorld(state.head.position), headWorld, 1e-5f);
    auto turns = eventsOf<TurnedEvent>(out);
    ASSERT_EQ(turns.size(), 1u);
    EXPECT_NEAR(turns[0].deltaYaw, -glm::radians(18.0f), 1e-5f);
    // Half-way past the dead zone: half speed, to the left.
    state.hands[kRightHand].thumbstick = vec2(-0.65f, 0.0f);
    out = step(1.0f);
    EXPECT_NEAR(out.rig.yawRad, -glm::radians(27.0f) + glm::radians(45.0f), 1e-4f);
    // Inside the dead zone: nothing.
    state.hands[kRightHand].thumbstick = vec2(0.25f, 0.0f);
    out = step(1.0f);
    EXPECT_TRUE(eventsOf<TurnedEvent>(out).empty());
}

TEST_F(Interaction, FocusLossCancelsAndHeldInputsMustBeLetGo) {
    state.hands[kRightHand].trigger = 1.0f;
    EXPECT_EQ(eventsOf<SelectEvent>(step()).size(), 1u);
    state.hands[kLeftHand].thumbstick = vec2(0.0f, 1.0f);
    EXPECT_TRUE(step().arcs[kLeftHand].active);

    XrInputState unfocused; // what XrActions::sync reports: zeroed, untracked
    unfocused.focused = false;
    InteractionOutput out = interaction.update(unfocused, 0.011f, {scene.fn()});
    EXPECT_TRUE(out.events.empty());
    EXPECT_FALSE(out.lasers[kLeftHand].active);
    EXPECT_FALSE(out.lasers[kRightHand].active);
    EXPECT_FALSE(out.arcs[kLeftHand].active);

    // Focus back with the trigger and the stick still held from before: nothing happens until they are let go.
    out = step();
    EXPECT_TRUE(out.events.empty());
    EXPECT_FALSE(out.arcs[kLeftHand].active);
    EXPECT_TRUE(out.lasers[kRightHand].active);
    state.hands[kRightHand].trigger = 0.0f;
    state.hands[kLeftHand].thumbstick = vec2(0.0f);
    step();
    state.hands[kRightHand].trigger = 1.0f;
    EXPECT_EQ(eventsOf<SelectEvent>(step()).size(), 1u);
}

} // namespace
} // namespace tv::xr
