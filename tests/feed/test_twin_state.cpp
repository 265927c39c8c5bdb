// TwinState: every record kind, snapshot round trip (toUpdates -> apply), sameAs and its first-difference text.
#include "net/codec/decoder.h"
#include "net/codec/encoder.h"
#include "net/feed/twin_state.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace tv::net {
namespace {

Update prop(std::string_view e, std::string_view p, double v, uint16_t unit = 0, uint64_t src = 0) {
    PropertyUpdate u;
    u.entity = e;
    u.property = p;
    u.value = Value::makeNumber(v);
    u.unit = unit ? Unit::fromCode(unit) : Unit::none();
    u.sourceTimestampUs = src;
    return u;
}
Update spawn(std::string_view e, std::string_view asset, std::string_view parent = {}, vec3 t = vec3(0.0f)) {
    SpawnEntity s;
    s.entity = e;
    s.asset = asset;
    s.parent = parent;
    s.transform.translation = t;
    return s;
}
Update transform(std::string_view e, uint8_t mask, vec3 t, quat r = quat(1, 0, 0, 0), vec3 s = vec3(1.0f)) {
    TransformUpdate u;
    u.entity = e;
    u.mask = mask;
    u.translation = t;
    u.rotation = r;
    u.scale = s;
    return u;
}

TwinState richState() {
    TwinState s;
    s.apply(spawn("truck-9", "assets/truck.glb", "trailer-1", {10, 0, -4}), 5, 6);
    s.apply(spawn("trailer-1", "assets/trailer.glb"));
    s.apply(prop("pump-3", "speed", 1200.5, 8, 111));
    s.apply(PropertyUpdate{"pump-3", "state", 0, Unit::none(), Value::makeString("running")});
    s.apply(PropertyUpdate{"tank-1", "pos", 0, Unit::fromSymbol("m"), Value::makeVec3({1, 2, 3})});
    s.apply(transform("pump-3", kTransformTranslation, {1, 2, 3}));
    s.apply(transform("pump-3", kTransformRotation, {}, quat(0.5f, 0.5f, 0.5f, 0.5f)));
    s.apply(VisibilityUpdate{"tank-1", false});
    ColourOverride c;
    c.entity = "valve-2";
    c.mask = kColourBase | kColourEmissive;
    c.baseColour = {1, 0, 0, 1};
    c.emissive = {0.5f, 0, 0};
    s.apply(c);
    s.apply(AlarmRaise{"a1", "tank-1", AlarmSeverity::Major, "level high"}, 77);
    s.apply(AlarmRaise{"a2", "pump-3", AlarmSeverity::Critical, "trip"}, 78);
    s.apply(AlarmAck{"a2", "alice"}, 79);
    return s;
}

TEST(TwinState, AppliesEveryRecordKind) {
    TwinState s = richState();
    const PropertyState* speed = s.findProperty("pump-3", "speed");
    ASSERT_NE(speed, nullptr);
    EXPECT_EQ(speed->value.number, 1200.5);
    EXPECT_EQ(speed->unit.display(), "rpm");
    EXPECT_EQ(speed->sourceTimestampUs, 111u);
    EXPECT_EQ(s.propertyCount(), 3u);

    // Transform masks accumulate: the rotation-only update kept the translation.
    const EntityState* pump = s.findEntity("pump-3");
    ASSERT_NE(pump, nullptr);
    EXPECT_EQ(pump->transform.mask, kTransformTranslation | kTransformRotation);
    EXPECT_EQ(pump->transform.translation, vec3(1, 2, 3));
    EXPECT_EQ(pump->transform.rotation, quat(0.5f, 0.5f, 0.5f, 0.5f));

    EXPECT_TRUE(s.findEntity("tank-1")->hasVisibility);
    EXPECT_FALSE(s.findEntity("tank-1")->visible);
    EXPECT_EQ(s.findEntity("valve-2")->colour.mask, 3);
    EXPECT_TRUE(s.findEntity("truck-9")->spawned);
    EXPECT_EQ(s.findEntity("truck-9")->spawn.parent, "trailer-1");
    ASSERT_EQ(s.alarms().count("a1"), 1u);
    EXPECT_EQ(s.alarms().at("a1").raisedUs, 77u);
    EXPECT_FALSE(s.alarms().at("a1").acknowledged);
    EXPECT_TRUE(s.alarms().at("a2").acknowledged);
    EXPECT_EQ(s.alarms().at("a2").acknowledgedBy, "alice");
    EXPECT_EQ(s.alarms().at("a2").acknowledgedUs, 79u);
    s.apply(AlarmClear{"a2"});

    s.apply(ColourClear{"valve-2"});
    ASSERT_NE(s.findEntity("valve-2"), nullptr);
    EXPECT_EQ(s.findEntity("valve-2")->colour.mask, 0);
    s.apply(RemoveEntity{"truck-9"});
    EXPECT_EQ(s.findEntity("truck-9"), nullptr);
    s.apply(AlarmClear{"a1"});
    s.apply(AlarmClear{"unknown"}); // no-op
    EXPECT_TRUE(s.alarms().empty());
    s.apply(RemoveEntity{"never-existed"});
}

TEST(TwinState, AlarmAcknowledgeSemantics) {
    TwinState s;
    s.apply(AlarmAck{"ghost", "alice"}); // ack of an unknown alarm: no-op
    EXPECT_TRUE(s.alarms().empty());
    s.apply(AlarmRaise{"a1", "tank", AlarmSeverity::Warning, "high"}, 10);
    s.apply(AlarmAck{"a1", "alice"}, 20);
    EXPECT_TRUE(s.alarms().at("a1").acknowledged);
    s.apply(AlarmAck{"a1", ""}, 30); // acknowledged again: latest wins, still acknowledged
    EXPECT_TRUE(s.alarms().at("a1").acknowledged);
    EXPECT_EQ(s.alarms().at("a1").acknowledgedBy, "");
    EXPECT_EQ(s.alarms().at("a1").acknowledgedUs, 30u);
    s.apply(AlarmRaise{"a1", "tank", AlarmSeverity::Major, "higher"}, 40); // a new occurrence: unacknowledged
    EXPECT_FALSE(s.alarms().at("a1").acknowledged);
    EXPECT_EQ(s.alarms().at("a1").acknowledgedUs, 0u);

    // sameAs compares the ack (not its time) and says so.
    TwinState t;
    t.apply(AlarmRaise{"a1", "tank", AlarmSeverity::Major, "higher"}, 1);
    std::string diff;
    EXPECT_TRUE(s.sameAs(t, &diff)) << diff;
    t.apply(AlarmAck{"a1", "bob"}, 2);
    EXPECT_FALSE(s.sameAs(t, &diff));
    EXPECT_NE(diff.find("acked by 'bob'"), std::string::npos) << diff;
    s.apply(AlarmAck{"a1", "carol"}, 3);
    EXPECT_FALSE(s.sameAs(t, &diff));
    s.apply(AlarmAck{"a1", "bob"}, 99);
    EXPECT_TRUE(s.sameAs(t, &diff)) << diff;

    // A coalesced AlarmAck change acts like the record, and is a no-op for an alarm the state lacks.
    FeedChange c;
    c.kind = FeedChange::Kind::AlarmAck;
    c.name = "a1";
    c.alarm.acknowledged = true;
    c.alarm.acknowledgedBy = "dave";
    s.apply(c);
    EXPECT_EQ(s.alarms().at("a1").acknowledgedBy, "dave");
    c.name = "other";
    s.apply(c);
    EXPECT_EQ(s.alarms().count("other"), 0u);
}

TEST(TwinState, ColourOverrideReplacesTheWholeOverride) {
    TwinState s;
    ColourOverride c;
    c.entity = "v";
    c.mask = kColourBase;
    c.baseColour = {1, 0, 0, 1};
    s.apply(c);
    c.mask = kColourEmissive;
    c.emissive = {0, 1, 0};
    s.apply(c);
    EXPECT_EQ(s.findEntity("v")->colour.mask, kColourEmissive);
    EXPECT_EQ(s.findEntity("v")->colour.baseColour, vec4(1.0f));
}

TEST(TwinState, ToUpdatesRebuildsTheState) {
    TwinState s = richState();
    std::vector<Update> records;
    s.toUpdates(records);
    TwinState copy;
    for (const Update& u : records) copy.apply(u);
    std::string diff;
    EXPECT_TRUE(copy.sameAs(s, &diff)) << diff;
    EXPECT_TRUE(s.sameAs(copy, &diff)) << diff;

    // Spawns first, parents before children.
    ASSERT_GE(records.size(), 2u);
    ASSERT_TRUE(std::holds_alternative<SpawnEntity>(records[0]));
    EXPECT_EQ(std::get<SpawnEntity>(records[0]).entity, "trailer-1");
    EXPECT_EQ(std::get<SpawnEntity>(records[1]).entity, "truck-9");
    // Alarms last, each acknowledged one followed by its ack.
    ASSERT_GE(records.size(), 3u);
    EXPECT_EQ(records[records.size() - 3], Update(AlarmRaise{"a1", "tank-1", AlarmSeverity::Major, "level high"}));
    EXPECT_EQ(records[records.size() - 2], Update(AlarmRaise{"a2", "pump-3", AlarmSeverity::Critical, "trip"}));
    EXPECT_EQ(records.back(), Update(AlarmAck{"a2", "alice"}));

    // Every record is encodable and survives the wire.
    std::vector<uint8_t> frame;
    ASSERT_TRUE(encodeSnapshotChunk(FrameInfo{1, 2, 3, 4}, 0, records, frame).hasValue());
    auto msg = decodeMessage(frame);
    ASSERT_TRUE(msg.hasValue()) << msg.error().message;
    TwinState fromWire;
    std::get<SnapshotChunk>(msg->body).updates.forEach([&](const Update& u) { fromWire.apply(u); });
    EXPECT_TRUE(fromWire.sameAs(s, &diff)) << diff;
}

TEST(TwinState, SameAsNamesTheFirstDifference) {
    TwinState a, b;
    a.apply(prop("tank-1", "level", 41.5));
    b.apply(prop("tank-1", "level", 42));
    std::string diff;
    EXPECT_FALSE(a.sameAs(b, &diff));
    EXPECT_EQ(diff, "tank-1.level: 41.5 vs 42");

    b.apply(prop("tank-1", "level", 41.5));
    EXPECT_TRUE(a.sameAs(b, &diff));
    EXPECT_TRUE(diff.empty());

    b.apply(prop("tank-2", "level", 1));
    EXPECT_FALSE(a.sameAs(b, &diff));
    EXPECT_EQ(diff, "entity tank-2: only on the right");

    a.apply(prop("tank-2", "level", 1, 1));
    EXPECT_FALSE(a.sameAs(b, &diff));
    EXPECT_NE(diff.find("tank-2.level unit"), std::string::npos) << diff;

    TwinState c, d;
    c.apply(AlarmRaise{"a1", "tank-1", AlarmSeverity::Major, "high"});
    EXPECT_FALSE(c.sameAs(d, &diff));
    EXPECT_EQ(diff, "alarm a1: only on the left");
}

TEST(TwinState, ArrivalTimesAndEmptyEntitiesAreNotDifferences) {
    TwinState a, b;
    a.apply(prop("p", "x", 1), 100, 200);
    b.apply(prop("p", "x", 1), 300, 400);
    EXPECT_TRUE(a.sameAs(b));
    // An entity whose only state was cleared is absent from a snapshot: not a difference.
    ColourOverride c;
    c.entity = "v";
    c.mask = kColourBase;
    a.apply(c);
    a.apply(ColourClear{"v"});
    EXPECT_TRUE(a.sameAs(b));
}

TEST(TwinState, ParentCycleDoesNotHang) {
    TwinState s;
    s.apply(spawn("a", "x.glb", "b"));
    s.apply(spawn("b", "x.glb", "a"));
    std::vector<Update> out;
    s.toUpdates(out);
    EXPECT_EQ(out.size(), 2u);
}

} // namespace
} // namespace tv::net
