// TwinRuntime alarm acknowledgement (feed acks, local acks of threshold alarms), the alarmed entity's flashing
// and steady glow composed with the other colour sources, and entity tints.
#include "twin_runtime_rig.h"

using namespace tv;
using namespace tv::twin;
using namespace tv::twin::test;

namespace {

net::FeedChange alarmAck(std::string id, std::string by, uint64_t atUs = 0) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::AlarmAck;
    c.name = std::move(id);
    c.alarm.acknowledged = true;
    c.alarm.acknowledgedBy = std::move(by);
    c.alarm.acknowledgedUs = atUs;
    return c;
}

const LiveAlarm* findAlarm(const TwinRuntime& rt, std::string_view id) {
    for (const LiveAlarm& a : rt.alarms())
        if (a.id == id) return &a;
    return nullptr;
}

// The emissive the runtime painted on a node (zero when it painted none).
vec3 glow(const RuntimeRig& rig, const std::string& path) {
    const scene::MaterialOverride* o = rig.override(path);
    return o && o->emissive ? *o->emissive : vec3(0.0f);
}

} // namespace

TEST(TwinRuntimeAlarms, FeedAckArrivesSeparatelyOrWithTheRaise) {
    RuntimeRig rig;
    rig.runtime->update(10.0);
    rig.apply({alarmRaise("a1", "pump-1", net::AlarmSeverity::Major, "trip")});
    const LiveAlarm* a = findAlarm(*rig.runtime, "a1");
    ASSERT_NE(a, nullptr);
    EXPECT_FALSE(a->acknowledged);
    EXPECT_EQ(a->acknowledgedAtSeconds, 0.0);

    rig.runtime->update(12.5);
    rig.apply({alarmAck("a1", "alice", 777)});
    a = findAlarm(*rig.runtime, "a1");
    ASSERT_NE(a, nullptr);
    EXPECT_TRUE(a->acknowledged);
    EXPECT_EQ(a->acknowledgedBy, "alice");
    EXPECT_EQ(a->acknowledgedAtSeconds, 12.5);
    EXPECT_EQ(a->acknowledgedUs, 777u);
    EXPECT_EQ(a->raisedAtSeconds, 10.0);

    // An ack of an alarm this runtime does not hold, or on another feed, is ignored.
    rig.apply({alarmAck("nope", "bob")});
    rig.apply({alarmAck("a1", "carol")}, 1);
    EXPECT_EQ(findAlarm(*rig.runtime, "a1")->acknowledgedBy, "alice");
    EXPECT_EQ(rig.runtime->alarms().size(), 1u);

    // Raise carrying its ack (coalesced in one delta), and a re-raise that drops it.
    net::FeedChange both = alarmRaise("a2", "tank-2", net::AlarmSeverity::Warning, "low");
    both.alarm.acknowledged = true;
    both.alarm.acknowledgedBy = "dave";
    rig.apply({both});
    EXPECT_TRUE(findAlarm(*rig.runtime, "a2")->acknowledged);
    EXPECT_EQ(findAlarm(*rig.runtime, "a2")->acknowledgedBy, "dave");
    rig.apply({alarmRaise("a2", "tank-2", net::AlarmSeverity::Warning, "low again")});
    EXPECT_FALSE(findAlarm(*rig.runtime, "a2")->acknowledged);

    // The list stays sorted by severity, then newest.
    ASSERT_EQ(rig.runtime->alarms().size(), 2u);
    EXPECT_EQ(rig.runtime->alarms()[0].id, "a1");

    // Feed alarms cannot be acknowledged locally.
    EXPECT_FALSE(rig.runtime->acknowledgeLocal("a1"));
    EXPECT_FALSE(rig.runtime->acknowledgeLocal("unknown"));
}

TEST(TwinRuntimeAlarms, ThresholdAlarmsAreAcknowledgedLocally) {
    RuntimeRig rig;
    rig.runtime->update(3.0);
    rig.apply({property("tank-1", "temperature", 95.0)}); // threshold binding #2: critical above 90
    ASSERT_EQ(rig.runtime->alarms().size(), 1u);
    const std::string id = rig.runtime->alarms()[0].id;
    EXPECT_EQ(rig.runtime->alarms()[0].origin, AlarmOrigin::Threshold);
    EXPECT_FALSE(rig.runtime->alarms()[0].acknowledged);
    rig.runtime->update(4.0);
    EXPECT_TRUE(rig.runtime->acknowledgeLocal(id, "erin"));
    EXPECT_TRUE(rig.runtime->alarms()[0].acknowledged);
    EXPECT_EQ(rig.runtime->alarms()[0].acknowledgedBy, "erin");
    EXPECT_EQ(rig.runtime->alarms()[0].acknowledgedAtSeconds, 4.0);
    EXPECT_TRUE(rig.runtime->acknowledgeLocal(id, "frank")); // again: the first ack stands
    EXPECT_EQ(rig.runtime->alarms()[0].acknowledgedBy, "erin");

    // Cleared (below 85 with hysteresis) and raised again: a new, unacknowledged occurrence.
    rig.apply({property("tank-1", "temperature", 80.0)});
    EXPECT_TRUE(rig.runtime->alarms().empty());
    EXPECT_FALSE(rig.runtime->acknowledgeLocal(id));
    rig.apply({property("tank-1", "temperature", 96.0)});
    ASSERT_EQ(rig.runtime->alarms().size(), 1u);
    EXPECT_FALSE(rig.runtime->alarms()[0].acknowledged);
}

TEST(TwinRuntimeAlarms, UnacknowledgedAlarmFlashesAcknowledgedGlowsSteadilyClearedStops) {
    RuntimeRig rig;
    rig.runtime->update(100.0); // phase 0 of the 1 Hz pulse: full glow
    EXPECT_EQ(rig.override("pump-1"), nullptr);
    rig.apply({alarmRaise("a1", "pump-1", net::AlarmSeverity::Warning, "seal")});
    const vec3 amber = alarmGlowColour(net::AlarmSeverity::Warning);
    EXPECT_TRUE(near(glow(rig, "pump-1"), amber)) << glow(rig, "pump-1").x;

    rig.runtime->update(100.5); // half a period later: dark, the material's own look
    EXPECT_EQ(rig.override("pump-1"), nullptr);
    rig.runtime->update(100.25); // (time never runs backwards in the app; here it only picks a phase)
    rig.runtime->update(101.25); // a quarter period: half way
    EXPECT_TRUE(near(glow(rig, "pump-1"), amber * 0.5f, 1e-3f));
    rig.runtime->update(102.0);
    EXPECT_TRUE(near(glow(rig, "pump-1"), amber));

    // Acknowledged: steady and dimmer, whatever the phase.
    rig.apply({alarmAck("a1", "alice")});
    const vec3 steady = glow(rig, "pump-1");
    EXPECT_GT(steady.x, 0.0f);
    EXPECT_LT(steady.x, amber.x * 0.5f);
    rig.runtime->update(102.5);
    EXPECT_TRUE(near(glow(rig, "pump-1"), steady));

    // A second, unacknowledged alarm of higher severity: flashing again, in its colour; critical at 2 Hz.
    rig.apply({alarmRaise("a2", "pump-1", net::AlarmSeverity::Critical, "trip")});
    rig.runtime->update(103.0);
    const vec3 red = alarmGlowColour(net::AlarmSeverity::Critical);
    EXPECT_TRUE(near(glow(rig, "pump-1"), red));
    rig.runtime->update(103.25); // half a 2 Hz period: dark
    EXPECT_EQ(rig.override("pump-1"), nullptr);

    // Cleared: no effect at all.
    rig.apply({alarmClear("a1"), alarmClear("a2")});
    rig.runtime->update(104.0);
    EXPECT_EQ(rig.override("pump-1"), nullptr);
}

TEST(TwinRuntimeAlarms, GlowComposesWithRampsFeedColourAndStaleness) {
    RuntimeRig rig;
    rig.runtime->update(0.0);
    // conveyor: an emissive ramp (load 1 -> red glow); the alarm adds to it.
    rig.apply({property("conveyor", "load", 1.0), alarmRaise("c1", "conveyor", net::AlarmSeverity::Info, "jam")});
    const vec3 blue = alarmGlowColour(net::AlarmSeverity::Info);
    EXPECT_TRUE(near(glow(rig, "conveyor"), vec3(1.0f, 0.0f, 0.0f) + blue));
    EXPECT_TRUE(near(glow(rig, "conveyor/part-1"), vec3(1.0f, 0.0f, 0.0f) + blue)); // mesh children too
    EXPECT_EQ(rig.override("conveyor/part-2"), nullptr);                            // not a sub-entity
    rig.runtime->update(0.5);                                                       // dark phase: the ramp only
    EXPECT_TRUE(near(glow(rig, "conveyor"), vec3(1.0f, 0.0f, 0.0f)));

    // tank-2: a feed base colour stays under the glow, and a stale feed greys it all.
    rig.runtime->update(1.0);
    rig.apply({colour("tank-2", net::kColourBase, vec4(0, 1, 0, 1)),
               alarmRaise("t2", "tank-2", net::AlarmSeverity::Major, "low")});
    ASSERT_NE(rig.override("tank-2"), nullptr);
    EXPECT_TRUE(near(*rig.override("tank-2")->baseColor, vec4(0, 1, 0, 1)));
    EXPECT_TRUE(near(glow(rig, "tank-2"), alarmGlowColour(net::AlarmSeverity::Major)));
    rig.apply({}, 0, false, net::FeedLiveness::Stale);
    EXPECT_EQ(rig.override("tank-2")->saturation, 0.25f);
    EXPECT_TRUE(rig.override("tank-2")->emissive);
}

TEST(TwinRuntimeAlarms, EntityTintsReplaceBaseColoursUntilTheNextCall) {
    RuntimeRig rig;
    rig.apply({property("tank-1", "temperature", 50.0)}); // ramp: purple base colour
    ASSERT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(0.5f, 0.0f, 0.5f, 1.0f)));
    EXPECT_EQ(rig.override("tank-2"), nullptr);

    const EntityTint tints[] = {{"tank-1", vec3(0, 1, 0)}, {"conveyor", vec3(0, 0, 1)}, {"no-such", vec3(1)}};
    rig.runtime->setEntityTints(tints);
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(0, 1, 0, 1)));
    EXPECT_TRUE(near(*rig.override("conveyor")->baseColor, vec4(0, 0, 1, 1)));
    EXPECT_TRUE(near(*rig.override("conveyor/part-1")->baseColor, vec4(0, 0, 1, 1)));
    EXPECT_EQ(rig.override("conveyor/part-2"), nullptr);
    // A ramp update while tinted keeps the tint on top.
    rig.apply({property("tank-1", "temperature", 100.0)});
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(0, 1, 0, 1)));

    // The next call replaces the set: tank-1 gets its ramp colour back, the conveyor its own material.
    const EntityTint only[] = {{"tank-2", vec3(1, 0, 0)}};
    rig.runtime->setEntityTints(only);
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(1, 0, 0, 1)));
    EXPECT_EQ(rig.override("conveyor"), nullptr);
    EXPECT_TRUE(near(*rig.override("tank-2")->baseColor, vec4(1, 0, 0, 1)));

    rig.runtime->setEntityTints({});
    EXPECT_EQ(rig.override("tank-2"), nullptr);
    EXPECT_TRUE(near(*rig.override("tank-1")->baseColor, vec4(1, 0, 0, 1)));
}
