// TwinRuntime on the built-in demo plant: bindings driven by property changes, feed records acting on nodes,
// spawn/remove, reset without flicker, staleness, unknown entities, type errors and a large delta.
#include "twin_runtime_rig.h"

using namespace tv;
using namespace tv::twin;
using namespace tv::twin::test;

TEST(TwinRuntime, ColorRampPaintsTheEntityMeshNodes) {
    RuntimeRig rig;
    rig.apply({property("tank-1", "temperature", 50.0)});
    const scene::MaterialOverride* o = rig.override("tank-1");
    ASSERT_NE(o, nullptr);
    ASSERT_TRUE(o->baseColor);
    EXPECT_TRUE(near(*o->baseColor, vec4(0.5f, 0.0f, 0.5f, 1.0f)));
    EXPECT_FALSE(o->emissive);
    EXPECT_EQ(o->saturation, 1.0f);
    rig.apply({property("tank-1", "temperature", 100.0)});
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(1.0f, 0.0f, 0.0f, 1.0f)));
    EXPECT_EQ(rig.override("tank-2"), nullptr);

    // The property is kept for the inspector with the declared unit (the feed sent none).
    const LiveEntity* tank = rig.runtime->findEntity("tank-1");
    ASSERT_NE(tank, nullptr);
    EXPECT_EQ(tank->node, rig.node("tank-1"));
    const LiveProperty* p = tank->findProperty("temperature");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->unit, "degC");
    EXPECT_EQ(p->state.value.number, 100.0);

    // A ramp on the conveyor paints its own mesh and the parts riding on it, except part-2, an entity of its own.
    rig.apply({property("conveyor", "load", 1.0)});
    ASSERT_NE(rig.override("conveyor"), nullptr);
    EXPECT_TRUE(near(*rig.override("conveyor")->emissive, vec3(1.0f, 0.0f, 0.0f)));
    ASSERT_NE(rig.override("conveyor/part-1"), nullptr);
    EXPECT_TRUE(rig.override("conveyor/part-1")->emissive);
    EXPECT_EQ(rig.override("conveyor/part-2"), nullptr);
}

TEST(TwinRuntime, MotionIsRelativeToTheRestTransform) {
    RuntimeRig rig;
    Transform tankRest = rig.graph.localTransform(rig.node("tank-2"));
    Transform agvRest = rig.graph.localTransform(rig.node("agv-1"));
    Transform valveRest = rig.graph.localTransform(rig.node("valve-1"));

    rig.apply({property("tank-2", "level", 50.0), property("agv-1", "x", 5.0), property("valve-1", "position", 100.0)});
    const Transform& tank = rig.graph.localTransform(rig.node("tank-2"));
    EXPECT_TRUE(near(tank.translation, tankRest.translation));
    EXPECT_TRUE(near(tank.scale, tankRest.scale * vec3(1.0f, 0.55f, 1.0f)));
    const Transform& agv = rig.graph.localTransform(rig.node("agv-1"));
    EXPECT_TRUE(near(agv.translation, agvRest.translation + agvRest.rotation * vec3(5.0f, 0.0f, 0.0f)));
    EXPECT_TRUE(near(agv.rotation, agvRest.rotation));
    const Transform& valve = rig.graph.localTransform(rig.node("valve-1"));
    EXPECT_TRUE(near(valve.rotation, valveRest.rotation * glm::angleAxis(glm::radians(90.0f), vec3(0, 0, 1))));

    // A feed transform record replaces the rest (only the fields it sets); the binding still applies on top.
    rig.apply({transformChange("agv-1", net::kTransformTranslation, vec3(1.0f, 2.0f, 3.0f))});
    const Transform& moved = rig.graph.localTransform(rig.node("agv-1"));
    EXPECT_TRUE(near(moved.translation, vec3(1.0f, 2.0f, 3.0f) + agvRest.rotation * vec3(5.0f, 0.0f, 0.0f)));
    EXPECT_TRUE(near(moved.rotation, agvRest.rotation));
}

TEST(TwinRuntime, RateRotationAdvancesWithUpdate) {
    RuntimeRig rig;
    Transform rest = rig.graph.localTransform(rig.node("pump-1"));
    rig.runtime->update(0.0);
    rig.apply({property("pump-1", "speed", 10.0)}); // rate 6 deg/s per unit: 60 deg/s
    rig.runtime->update(1.0);
    quat expected = rest.rotation * glm::angleAxis(glm::radians(60.0f), vec3(0, 1, 0));
    EXPECT_TRUE(near(rig.graph.localTransform(rig.node("pump-1")).rotation, expected));
    rig.runtime->update(1.5);
    expected = rest.rotation * glm::angleAxis(glm::radians(90.0f), vec3(0, 1, 0));
    EXPECT_TRUE(near(rig.graph.localTransform(rig.node("pump-1")).rotation, expected));
    rig.apply({property("pump-1", "speed", 0.0)}); // stopped: stays where it is
    rig.runtime->update(5.0);
    EXPECT_TRUE(near(rig.graph.localTransform(rig.node("pump-1")).rotation, expected));
}

TEST(TwinRuntime, BlinkTogglesVisibilityWithTime) {
    RuntimeRig rig;
    scene::NodeHandle pump = rig.node("pump-1");
    rig.apply({property("pump-1", "state", text("fault"))});
    rig.runtime->update(0.25);
    EXPECT_TRUE(rig.graph.isVisible(pump));
    rig.runtime->update(0.75);
    EXPECT_FALSE(rig.graph.isVisible(pump));
    rig.runtime->update(1.25);
    EXPECT_TRUE(rig.graph.isVisible(pump));
    rig.runtime->update(1.75);
    EXPECT_FALSE(rig.graph.isVisible(pump));
    rig.apply({property("pump-1", "state", text("running"))});
    EXPECT_TRUE(rig.graph.isVisible(pump));
    rig.runtime->update(2.75);
    EXPECT_TRUE(rig.graph.isVisible(pump));
}

TEST(TwinRuntime, VisibilityBindingFollowsTheCondition) {
    RuntimeRig rig;
    rig.apply({property("valve-1", "open", boolean(false))});
    EXPECT_FALSE(rig.graph.isVisible(rig.node("valve-1")));
    rig.apply({property("valve-1", "open", boolean(true))});
    EXPECT_TRUE(rig.graph.isVisible(rig.node("valve-1")));
}

TEST(TwinRuntime, LabelTextAndWorldPosition) {
    RuntimeRig rig;
    rig.apply({property("tank-1", "level", 42.54)});
    rig.runtime->update(0.0);
    ASSERT_EQ(rig.runtime->labels().size(), 1u);
    const LiveLabel& l = rig.runtime->labels()[0];
    EXPECT_EQ(l.entity, "tank-1");
    EXPECT_EQ(l.text, "42.5 %");
    EXPECT_TRUE(near(l.worldPosition, vec3(-12.0f, 7.0f, -6.0f)));
    EXPECT_FALSE(l.alert);
    // The feed moves the tank: the label follows in the same frame (no updateWorldTransforms needed first).
    rig.apply({transformChange("tank-1", net::kTransformTranslation, vec3(1.0f, 0.0f, 2.0f))});
    rig.runtime->update(0.1);
    EXPECT_TRUE(near(rig.runtime->labels()[0].worldPosition, vec3(1.0f, 7.0f, 2.0f)));
}

TEST(TwinRuntime, ThresholdRaisesAndClearsWithHysteresis) {
    RuntimeRig rig;
    rig.apply({property("tank-1", "level", 10.0), property("tank-1", "temperature", 80.0)});
    EXPECT_TRUE(rig.runtime->alarms().empty());
    rig.runtime->update(2.0);
    rig.apply({property("tank-1", "temperature", 95.0)});
    ASSERT_EQ(rig.runtime->alarms().size(), 1u);
    const LiveAlarm& a = rig.runtime->alarms()[0];
    EXPECT_EQ(a.id, "tank-1.temperature#2");
    EXPECT_EQ(a.entity, "tank-1");
    EXPECT_EQ(a.severity, net::AlarmSeverity::Critical);
    EXPECT_EQ(a.origin, AlarmOrigin::Threshold);
    EXPECT_EQ(a.text, "tank-1 hot: 95");
    EXPECT_EQ(a.raisedAtSeconds, 2.0);
    rig.runtime->update(2.1);
    EXPECT_TRUE(rig.runtime->labels()[0].alert);

    rig.apply({property("tank-1", "temperature", 88.0)}); // below the limit, not below limit - hysteresis
    EXPECT_EQ(rig.runtime->alarms().size(), 1u);
    rig.apply({property("tank-1", "temperature", 84.0)});
    EXPECT_TRUE(rig.runtime->alarms().empty());
    rig.runtime->update(2.2);
    EXPECT_FALSE(rig.runtime->labels()[0].alert);
}

TEST(TwinRuntime, FeedAlarmsAreSortedBySeverityThenNewest) {
    RuntimeRig rig;
    rig.runtime->update(1.0);
    rig.apply({alarmRaise("a1", "pump-1", net::AlarmSeverity::Warning, "seal leak")});
    rig.runtime->update(2.0);
    rig.apply({alarmRaise("a2", "tank-2", net::AlarmSeverity::Warning, "level low"),
               alarmRaise("a3", "valve-1", net::AlarmSeverity::Critical, "stuck")});
    const std::vector<LiveAlarm>& list = rig.runtime->alarms();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0].id, "a3");
    EXPECT_EQ(list[1].id, "a2");
    EXPECT_EQ(list[2].id, "a1");
    EXPECT_EQ(list[2].text, "seal leak");
    EXPECT_EQ(list[2].origin, AlarmOrigin::Feed);
    EXPECT_EQ(list[2].raisedAtSeconds, 1.0);
    rig.apply({alarmClear("a3")});
    ASSERT_EQ(rig.runtime->alarms().size(), 2u);
    EXPECT_EQ(rig.runtime->alarms()[0].id, "a2");
    rig.apply({alarmClear("unknown-id")}); // harmless
    EXPECT_EQ(rig.runtime->alarms().size(), 2u);
}

TEST(TwinRuntime, TransformVisibilityAndColourRecords) {
    RuntimeRig rig;
    scene::NodeHandle tank2 = rig.node("tank-2");
    rig.apply({visibility("tank-2", false)});
    EXPECT_FALSE(rig.graph.isVisible(tank2));
    rig.apply({visibility("tank-2", true)});
    EXPECT_TRUE(rig.graph.isVisible(tank2));

    quat turned = glm::angleAxis(glm::radians(30.0f), vec3(0, 1, 0));
    rig.apply(
        {transformChange("tank-2", net::kTransformRotation | net::kTransformScale, vec3(0.0f), turned, vec3(2.0f))});
    const Transform& t = rig.graph.localTransform(tank2);
    EXPECT_TRUE(near(t.translation, vec3(-8.0f, 0.0f, -6.0f))); // not in the mask: kept from the rest
    EXPECT_TRUE(near(t.rotation, turned));
    EXPECT_TRUE(near(t.scale, vec3(2.0f)));

    // An explicit feed colour wins over the ramp for the field it sets; clearing it brings the ramp back.
    rig.apply({property("tank-1", "temperature", 0.0)});
    rig.apply({colour("tank-1", net::kColourBase, vec4(0.0f, 1.0f, 0.0f, 1.0f))});
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(0.0f, 1.0f, 0.0f, 1.0f)));
    rig.apply({property("tank-1", "temperature", 100.0)});
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(0.0f, 1.0f, 0.0f, 1.0f)));
    rig.apply({colour("tank-1", 0, vec4(1.0f))});
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(1.0f, 0.0f, 0.0f, 1.0f)));

    // Emissive-only colour on an entity without bindings; clearing restores "no override".
    rig.apply({colour("tank-2", net::kColourEmissive, vec4(1.0f), vec3(0.0f, 0.0f, 1.0f))});
    ASSERT_NE(rig.override("tank-2"), nullptr);
    EXPECT_FALSE(rig.override("tank-2")->baseColor);
    EXPECT_TRUE(near(*rig.override("tank-2")->emissive, vec3(0.0f, 0.0f, 1.0f)));
    rig.apply({colour("tank-2", 0, vec4(1.0f))});
    EXPECT_EQ(rig.override("tank-2"), nullptr);
}

TEST(TwinRuntime, SpawnUpdateAndRemove) {
    RuntimeRig rig;
    scene::NodeHandle conveyor = rig.node("conveyor");
    size_t nodesBefore = rig.graph.nodeCount();
    rig.apply({spawn("crate-1", "crate", "conveyor", vec3(1.0f, 0.0f, 0.0f))});
    const LiveEntity* crate = rig.runtime->findEntity("crate-1");
    ASSERT_NE(crate, nullptr);
    EXPECT_TRUE(crate->spawned);
    scene::NodeHandle node = crate->node;
    ASSERT_TRUE(rig.graph.isValid(node));
    EXPECT_EQ(rig.graph.name(node), "crate-1");
    EXPECT_EQ(rig.graph.parent(node), conveyor);
    EXPECT_TRUE(near(rig.graph.localTransform(node).translation, vec3(1.0f, 0.0f, 0.0f)));
    EXPECT_EQ(rig.graph.nodeCount(), nodesBefore + 3); // instance root + crate + lid
    EXPECT_EQ(rig.runtime->entityForNode(rig.graph.findByName("lid")), crate);

    // Spawned entities take feed records like any other.
    rig.apply({colour("crate-1", net::kColourBase, vec4(0.0f, 0.0f, 1.0f, 1.0f)), property("crate-1", "weight", 12.0)});
    EXPECT_NE(rig.graph.materialOverride(rig.graph.findByName("lid")), nullptr);
    ASSERT_NE(crate->findProperty("weight"), nullptr);

    // The same spawn again only moves it: same node.
    rig.apply({spawn("crate-1", "crate", "conveyor", vec3(2.0f, 0.0f, 0.0f))});
    EXPECT_EQ(rig.runtime->findEntity("crate-1")->node, node);
    EXPECT_TRUE(near(rig.graph.localTransform(node).translation, vec3(2.0f, 0.0f, 0.0f)));
    EXPECT_EQ(rig.resolverCalls.size(), 1u);

    rig.apply({removal("crate-1")});
    EXPECT_FALSE(rig.graph.isValid(node));
    EXPECT_EQ(rig.runtime->findEntity("crate-1"), nullptr);
    EXPECT_EQ(rig.graph.nodeCount(), nodesBefore);

    // A second spawn reuses the cached asset; an unknown asset fails, is counted each time, resolved once.
    rig.apply({spawn("crate-2", "crate", "", vec3(0.0f))});
    EXPECT_EQ(rig.graph.parent(rig.runtime->findEntity("crate-2")->node), rig.graph.root());
    rig.apply({spawn("thing-1", "nope", "", vec3(0.0f))});
    rig.apply({spawn("thing-2", "nope", "", vec3(0.0f))});
    EXPECT_EQ(rig.runtime->counters().spawnFailures, 2u);
    EXPECT_EQ(rig.resolverCalls, (std::vector<std::string>{"crate", "nope"}));
}

TEST(TwinRuntime, RemovingASceneEntityHidesItUntilShownAgain) {
    RuntimeRig rig;
    rig.apply({property("tank-2", "level", 50.0)});
    rig.apply({removal("tank-2")});
    EXPECT_FALSE(rig.graph.isVisible(rig.node("tank-2")));
    const LiveEntity* tank = rig.runtime->findEntity("tank-2");
    ASSERT_NE(tank, nullptr);
    EXPECT_TRUE(tank->properties.empty());
    // Its binding effect is undone with the property: back to the rest scale.
    EXPECT_TRUE(near(rig.graph.localTransform(rig.node("tank-2")).scale, vec3(1.0f)));
    rig.apply({visibility("tank-2", true)});
    EXPECT_TRUE(rig.graph.isVisible(rig.node("tank-2")));
}

TEST(TwinRuntime, ResetUndoesWhatTheNewStateLacksAndKeepsTheRest) {
    RuntimeRig rig;
    rig.apply({spawn("crate-1", "crate", "", vec3(1.0f, 0.0f, 0.0f)), spawn("crate-2", "crate", "", vec3(2.0f, 0, 0)),
               property("tank-1", "temperature", 95.0), property("tank-1", "level", 40.0),
               colour("tank-2", net::kColourBase, vec4(0.0f, 1.0f, 0.0f, 1.0f)), visibility("valve-1", false),
               alarmRaise("a1", "pump-1", net::AlarmSeverity::Warning, "seal")});
    // The second feed's state is not touched by the first feed's reset.
    rig.apply({property("agv-1", "x", 5.0)}, 1);
    scene::NodeHandle crate1 = rig.runtime->findEntity("crate-1")->node;
    scene::NodeHandle crate2 = rig.runtime->findEntity("crate-2")->node;
    Transform agvMoved = rig.graph.localTransform(rig.node("agv-1"));
    ASSERT_EQ(rig.runtime->alarms().size(), 2u); // a1 and the threshold

    rig.apply({spawn("crate-1", "crate", "", vec3(3.0f, 0.0f, 0.0f)), property("tank-1", "level", 41.0)}, 0, true);
    EXPECT_EQ(rig.runtime->findEntity("crate-1")->node, crate1); // kept: no flicker
    EXPECT_TRUE(near(rig.graph.localTransform(crate1).translation, vec3(3.0f, 0.0f, 0.0f)));
    EXPECT_FALSE(rig.graph.isValid(crate2));
    EXPECT_EQ(rig.runtime->findEntity("crate-2"), nullptr);
    const LiveEntity* tank = rig.runtime->findEntity("tank-1");
    EXPECT_EQ(tank->findProperty("temperature"), nullptr);
    ASSERT_NE(tank->findProperty("level"), nullptr);
    EXPECT_EQ(rig.override("tank-1"), nullptr); // the ramp's colour went with the property
    EXPECT_EQ(rig.override("tank-2"), nullptr); // the colour record was not repeated
    EXPECT_TRUE(rig.graph.isVisible(rig.node("valve-1")));
    EXPECT_TRUE(rig.runtime->alarms().empty()); // a1 gone, threshold gone with its property
    EXPECT_TRUE(near(rig.graph.localTransform(rig.node("agv-1")).translation, agvMoved.translation));
    ASSERT_NE(rig.runtime->findEntity("agv-1")->findProperty("x"), nullptr);
}

TEST(TwinRuntime, StaleFeedGreysItsEntitiesAndLiveRestores) {
    RuntimeRig rig;
    rig.apply({property("tank-1", "temperature", 100.0), property("tank-2", "level", 10.0)});
    EXPECT_EQ(rig.override("tank-2"), nullptr);
    rig.apply({}, 0, false, net::FeedLiveness::Stale);
    EXPECT_TRUE(rig.runtime->findEntity("tank-1")->stale);
    ASSERT_NE(rig.override("tank-1"), nullptr);
    EXPECT_EQ(rig.override("tank-1")->saturation, 0.25f);
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(1.0f, 0.0f, 0.0f, 1.0f))); // ramp colour kept
    ASSERT_NE(rig.override("tank-2"), nullptr);
    EXPECT_EQ(rig.override("tank-2")->saturation, 0.25f);
    EXPECT_FALSE(rig.override("tank-2")->baseColor);
    EXPECT_EQ(rig.override("pump-1"), nullptr); // never heard of: not stale
    EXPECT_EQ(rig.runtime->feedStatus(0).liveness, net::FeedLiveness::Stale);
    EXPECT_EQ(rig.runtime->feedStatus(0).name, "sim");

    rig.apply({}, 0, false, net::FeedLiveness::Live);
    EXPECT_FALSE(rig.runtime->findEntity("tank-1")->stale);
    EXPECT_EQ(rig.override("tank-1")->saturation, 1.0f);
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(1.0f, 0.0f, 0.0f, 1.0f)));
    EXPECT_EQ(rig.override("tank-2"), nullptr);
}

TEST(TwinRuntime, NamedNodesAndUnknownEntities) {
    RuntimeRig rig;
    // Not in the scene file, but a node has that name: a plain glTF works without a scene file.
    rig.apply({colour("pipe-3", net::kColourBase, vec4(1.0f, 1.0f, 0.0f, 1.0f))});
    EXPECT_EQ(rig.runtime->findEntity("pipe-3")->node, rig.node("pipe-3"));
    ASSERT_NE(rig.override("pipe-3"), nullptr);
    EXPECT_EQ(rig.runtime->counters().unknownEntities, 0u);

    rig.apply({property("ghost", "mood", text("spooky"))});
    EXPECT_EQ(rig.runtime->counters().unknownEntities, 1u);
    const LiveEntity* ghost = rig.runtime->findEntity("ghost");
    ASSERT_NE(ghost, nullptr);
    EXPECT_FALSE(ghost->node);
    ASSERT_NE(ghost->findProperty("mood"), nullptr); // kept for the inspector
    EXPECT_EQ(ghost->findProperty("mood")->state.value.text, "spooky");

    // Spawned later under that id: the stored properties stay with it.
    rig.apply({spawn("ghost", "crate", "", vec3(0.0f))});
    ghost = rig.runtime->findEntity("ghost");
    EXPECT_TRUE(rig.graph.isValid(ghost->node));
    EXPECT_NE(ghost->findProperty("mood"), nullptr);
    EXPECT_EQ(rig.runtime->counters().unknownEntities, 1u);
}

TEST(TwinRuntime, WrongTypeIsABindingErrorAndNotApplied) {
    RuntimeRig rig;
    rig.apply({property("tank-1", "temperature", text("hot"))});
    EXPECT_EQ(rig.runtime->counters().bindingErrors, 2u); // colorRamp and threshold both need a number
    EXPECT_EQ(rig.override("tank-1"), nullptr);
    EXPECT_TRUE(rig.runtime->alarms().empty());
    ASSERT_NE(rig.runtime->findEntity("tank-1")->findProperty("temperature"), nullptr); // still shown

    net::OwnedValue v;
    v.type = net::ValueType::Vec3;
    v.vector = glm::dvec4(1.0, 2.0, 3.0, 0.0);
    Transform rest = rig.graph.localTransform(rig.node("tank-2"));
    rig.apply({property("tank-2", "level", v)});
    EXPECT_EQ(rig.runtime->counters().bindingErrors, 3u);
    EXPECT_TRUE(near(rig.graph.localTransform(rig.node("tank-2")).scale, rest.scale));
    EXPECT_EQ(rig.runtime->findEntity("tank-2")->findProperty("level")->state.value.type, net::ValueType::Vec3);

    // A good value afterwards applies.
    rig.apply({property("tank-1", "temperature", 0.0)});
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(0.0f, 0.0f, 1.0f, 1.0f)));
}

TEST(TwinRuntime, EntityForNodeFindsTheNearestEntity) {
    RuntimeRig rig;
    EXPECT_EQ(rig.runtime->entityForNode(rig.node("conveyor/part-1")), rig.runtime->findEntity("conveyor"));
    EXPECT_EQ(rig.runtime->entityForNode(rig.node("conveyor/part-2")), rig.runtime->findEntity("part-2"));
    EXPECT_EQ(rig.runtime->entityForNode(rig.node("floor")), nullptr);
    EXPECT_EQ(rig.runtime->feedCount(), 2u);
}

TEST(TwinRuntime, ChangeCounters) {
    RuntimeRig rig;
    rig.apply({property("tank-1", "level", 1.0), property("tank-2", "level", 2.0)});
    rig.apply({property("tank-1", "level", 3.0)}, 1);
    EXPECT_EQ(rig.runtime->counters().changesLastFrame, 3u);
    rig.runtime->update(0.016);
    EXPECT_EQ(rig.runtime->counters().changesLastFrame, 3u); // still readable after update()
    rig.apply({property("tank-1", "level", 4.0)});
    EXPECT_EQ(rig.runtime->counters().changesLastFrame, 1u);
    rig.runtime->update(0.032);
    rig.runtime->update(0.048); // a frame without deltas
    EXPECT_EQ(rig.runtime->counters().changesLastFrame, 0u);
    EXPECT_EQ(rig.runtime->counters().changesApplied, 4u);
}

TEST(TwinRuntime, LargeDeltaApplies) {
    RuntimeRig rig;
    std::vector<net::FeedChange> changes;
    changes.reserve(10000);
    for (int i = 0; i < 9000; ++i) changes.push_back(property("tank-1", "p" + std::to_string(100000 + i), double(i)));
    for (int i = 0; i < 1000; ++i)
        changes.push_back(property("bulk-" + std::to_string(i % 10), "v" + std::to_string(i), double(i)));
    rig.apply(std::move(changes));
    EXPECT_EQ(rig.runtime->counters().changesApplied, 10000u);
    const LiveEntity* tank = rig.runtime->findEntity("tank-1");
    ASSERT_EQ(tank->properties.size(), 9000u);
    for (size_t i = 1; i < tank->properties.size(); ++i)
        ASSERT_LT(tank->properties[i - 1].name, tank->properties[i].name);
    EXPECT_EQ(rig.runtime->findEntity("bulk-7")->properties.size(), 100u);
    EXPECT_EQ(rig.runtime->counters().unknownEntities, 1000u);
}

TEST(TwinRuntime, NestedSpawnsAndMoves) {
    RuntimeRig rig;
    rig.apply({spawn("pallet", "crate", "", vec3(0.0f)), spawn("box-1", "crate", "pallet", vec3(0.0f, 1.0f, 0.0f))});
    scene::NodeHandle pallet = rig.runtime->findEntity("pallet")->node;
    scene::NodeHandle box = rig.runtime->findEntity("box-1")->node;
    EXPECT_EQ(rig.graph.parent(box), pallet);
    // Colouring the pallet does not paint the box (an entity of its own) even though it is below.
    rig.apply({colour("pallet", net::kColourBase, vec4(1.0f, 0.0f, 0.0f, 1.0f))});
    EXPECT_EQ(rig.graph.materialOverride(rig.graph.children(box)[0]), nullptr);
    // The same spawn with another parent re-parents the same nodes.
    rig.apply({spawn("box-1", "crate", "agv-1", vec3(0.0f, 0.5f, 0.0f))});
    EXPECT_EQ(rig.runtime->findEntity("box-1")->node, box);
    EXPECT_EQ(rig.graph.parent(box), rig.node("agv-1"));
    rig.apply({spawn("box-1", "crate", "pallet", vec3(0.0f, 1.0f, 0.0f))});
    EXPECT_EQ(rig.graph.parent(box), pallet);
    // Removing the parent takes the child's nodes with it; the child's own remove is then harmless, and
    // spawning it again creates fresh nodes.
    rig.apply({removal("pallet")});
    EXPECT_FALSE(rig.graph.isValid(box));
    rig.apply({property("box-1", "weight", 3.0)});
    rig.apply({removal("box-1")});
    EXPECT_EQ(rig.runtime->findEntity("box-1"), nullptr);
    rig.apply({spawn("box-1", "crate", "", vec3(0.0f))});
    EXPECT_TRUE(rig.graph.isValid(rig.runtime->findEntity("box-1")->node));
}

TEST(TwinRuntime, OverridesSetBeforeTheRuntimeAreRestored) {
    RuntimeRig rig;
    scene::MaterialOverride ghost;
    ghost.opacity = 0.3f; // e.g. the UI's x-ray
    rig.graph.setMaterialOverride(rig.node("tank-1"), ghost);
    rig.apply({property("tank-1", "temperature", 100.0)});
    ASSERT_TRUE(rig.override("tank-1")->baseColor);
    EXPECT_EQ(rig.override("tank-1")->opacity, 0.3f);
    rig.apply({property("tank-1", "level", 1.0)}, 0, true); // reset: temperature gone
    ASSERT_NE(rig.override("tank-1"), nullptr);
    EXPECT_FALSE(rig.override("tank-1")->baseColor);
    EXPECT_EQ(rig.override("tank-1")->opacity, 0.3f);
}
