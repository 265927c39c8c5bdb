// DeltaBuilder: one change per key (latest wins), transform merge, remove/spawn ordering, reset, take(); and the
// property that matters: applying the coalesced deltas gives the same TwinState as applying every record.
#include "net/feed/twin_state.h"

#include <gtest/gtest.h>

#include <random>

namespace tv::net {
namespace {

Update prop(std::string_view e, std::string_view p, double v) {
    PropertyUpdate u;
    u.entity = e;
    u.property = p;
    u.value = Value::makeNumber(v);
    return u;
}
Update spawn(std::string_view e, std::string_view asset) {
    SpawnEntity s;
    s.entity = e;
    s.asset = asset;
    return s;
}

TEST(DeltaBuilder, LatestValueWinsPerKey) {
    DeltaBuilder b;
    for (int i = 0; i < 1000; ++i) {
        b.add(prop("pump-1", "speed", i), uint64_t(i), 0);
        b.add(prop("pump-2", "speed", -i), uint64_t(i), 0);
    }
    EXPECT_EQ(b.pendingChanges(), 2u);
    FeedDelta d;
    b.take(d);
    ASSERT_EQ(d.changes.size(), 2u);
    EXPECT_EQ(d.changes[0].entity, "pump-1");
    EXPECT_EQ(d.changes[0].name, "speed");
    EXPECT_EQ(d.changes[0].property.value.number, 999);
    EXPECT_EQ(d.changes[0].property.sentUs, 999u);
    EXPECT_EQ(d.changes[1].property.value.number, -999);
    EXPECT_EQ(b.pendingChanges(), 0u);
}

TEST(DeltaBuilder, KeysDoNotCollide) {
    DeltaBuilder b;
    b.add(prop("ab", "c", 1), 0, 0);
    b.add(prop("a", "bc", 2), 0, 0);
    b.add(VisibilityUpdate{"ab", true}, 0, 0);
    b.add(AlarmRaise{"ab", "x", AlarmSeverity::Info, "t"}, 0, 0);
    EXPECT_EQ(b.pendingChanges(), 4u);
}

TEST(DeltaBuilder, TransformMasksMerge) {
    DeltaBuilder b;
    TransformUpdate t;
    t.entity = "crane";
    t.mask = kTransformTranslation;
    t.translation = {1, 2, 3};
    b.add(t, 0, 0);
    t.mask = kTransformRotation;
    t.rotation = quat(0, 1, 0, 0);
    b.add(t, 0, 0);
    t.mask = kTransformTranslation;
    t.translation = {4, 5, 6};
    b.add(t, 0, 0);
    FeedDelta d;
    b.take(d);
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].transform.mask, kTransformTranslation | kTransformRotation);
    EXPECT_EQ(d.changes[0].transform.translation, vec3(4, 5, 6));
    EXPECT_EQ(d.changes[0].transform.rotation, quat(0, 1, 0, 0));
}

TEST(DeltaBuilder, RemoveDropsPendingChangesAndSpawnAfterRemoveStaysAfter) {
    DeltaBuilder b;
    b.add(spawn("truck", "a.glb"), 0, 0);
    b.add(prop("truck", "load", 1), 0, 0);
    b.add(prop("other", "x", 1), 0, 0);
    b.add(AlarmRaise{"al", "truck", AlarmSeverity::Info, "t"}, 0, 0);
    b.add(RemoveEntity{"truck"}, 0, 0);
    b.add(spawn("truck", "b.glb"), 0, 0);
    b.add(prop("truck", "load", 2), 0, 0);
    b.add(prop("other", "x", 3), 0, 0); // still coalesces into the surviving change after the index rebuild

    FeedDelta d;
    b.take(d);
    ASSERT_EQ(d.changes.size(), 5u);
    EXPECT_EQ(d.changes[0].entity, "other");
    EXPECT_EQ(d.changes[0].property.value.number, 3);
    EXPECT_EQ(d.changes[1].kind, FeedChange::Kind::AlarmRaise); // alarms are not entity state
    EXPECT_EQ(d.changes[2].kind, FeedChange::Kind::Remove);
    EXPECT_EQ(d.changes[3].kind, FeedChange::Kind::Spawn);
    EXPECT_EQ(d.changes[3].spawn.asset, "b.glb");
    EXPECT_EQ(d.changes[4].property.value.number, 2);
}

TEST(DeltaBuilder, AlarmClearReplacesRaise) {
    DeltaBuilder b;
    b.add(AlarmRaise{"a1", "tank", AlarmSeverity::Critical, "overflow"}, 9, 0);
    b.add(AlarmClear{"a1"}, 0, 0);
    FeedDelta d;
    b.take(d);
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].kind, FeedChange::Kind::AlarmClear);
    EXPECT_EQ(d.changes[0].name, "a1");
}

TEST(DeltaBuilder, AlarmAckCoalescesWithTheRaise) {
    DeltaBuilder b;
    FeedDelta d;
    // Raise + ack in one delta: one AlarmRaise carrying the ack.
    b.add(AlarmRaise{"a1", "tank", AlarmSeverity::Major, "high"}, 5, 0);
    b.add(AlarmAck{"a1", "alice"}, 7, 0);
    b.take(d);
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].kind, FeedChange::Kind::AlarmRaise);
    EXPECT_TRUE(d.changes[0].alarm.acknowledged);
    EXPECT_EQ(d.changes[0].alarm.acknowledgedBy, "alice");
    EXPECT_EQ(d.changes[0].alarm.acknowledgedUs, 7u);
    EXPECT_EQ(d.changes[0].alarm.raisedUs, 5u);
    // Ack of an alarm raised earlier: an AlarmAck change; a second ack updates it.
    b.add(AlarmAck{"a1", "bob"}, 8, 0);
    b.add(AlarmAck{"a1", "carol"}, 9, 0);
    b.take(d);
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].kind, FeedChange::Kind::AlarmAck);
    EXPECT_EQ(d.changes[0].name, "a1");
    EXPECT_EQ(d.changes[0].alarm.acknowledgedBy, "carol");
    // Ack then a new raise: the raise wins, unacknowledged (a new occurrence).
    b.add(AlarmAck{"a1", "dave"}, 10, 0);
    b.add(AlarmRaise{"a1", "tank", AlarmSeverity::Critical, "higher"}, 11, 0);
    b.take(d);
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].kind, FeedChange::Kind::AlarmRaise);
    EXPECT_FALSE(d.changes[0].alarm.acknowledged);
    EXPECT_TRUE(d.changes[0].alarm.acknowledgedBy.empty());
    // Clear then ack: the clear stays (the ack addresses an alarm that is gone).
    b.add(AlarmClear{"a1"}, 12, 0);
    b.add(AlarmAck{"a1", "eve"}, 13, 0);
    b.take(d);
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].kind, FeedChange::Kind::AlarmClear);
    // Raise, ack, raise again in one delta: unacknowledged.
    b.add(AlarmRaise{"a2", "pump", AlarmSeverity::Info, "x"}, 0, 0);
    b.add(AlarmAck{"a2", "frank"}, 0, 0);
    b.add(AlarmRaise{"a2", "pump", AlarmSeverity::Info, "y"}, 0, 0);
    b.take(d);
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_FALSE(d.changes[0].alarm.acknowledged);
    // An entity remove keeps pending alarm acks (alarms are not entity state).
    b.add(AlarmAck{"a3", "gina"}, 0, 0);
    b.add(RemoveEntity{"pump"}, 0, 0);
    b.add(AlarmAck{"a3", "hank"}, 0, 0); // still coalesces after the index rebuild
    b.take(d);
    ASSERT_EQ(d.changes.size(), 2u);
    EXPECT_EQ(d.changes[0].kind, FeedChange::Kind::AlarmAck);
    EXPECT_EQ(d.changes[0].alarm.acknowledgedBy, "hank");
}

TEST(DeltaBuilder, BeginResetDropsPendingAndTakeHandsOver) {
    DeltaBuilder b;
    b.add(prop("p", "x", 1), 0, 0);
    b.addCommandResult(CommandResult{7, CommandOutcome::Accepted, "", 1.0});
    b.addSentTimestamp(42);
    b.beginReset();
    b.add(prop("q", "y", 2), 0, 0);
    FeedDelta d;
    d.changes.resize(3); // take() clears what was there
    b.take(d);
    EXPECT_TRUE(d.reset);
    ASSERT_EQ(d.changes.size(), 1u);
    EXPECT_EQ(d.changes[0].entity, "q");
    ASSERT_EQ(d.commandResults.size(), 1u); // command outcomes survive a resync
    EXPECT_EQ(d.sentUs, std::vector<uint64_t>{42});
    FeedDelta next;
    b.take(next);
    EXPECT_TRUE(next.empty());
    EXPECT_FALSE(next.reset);
}

// Random records over a small key space, drained at random points: the state built from the deltas equals the
// state built from every record, including removes, re-spawns, colour clears and alarm clears.
TEST(DeltaBuilder, CoalescedDeltasEqualDirectApplication) {
    std::mt19937 rng(1234);
    const char* entities[] = {"e0", "e1", "e2", "e3"};
    const char* names[] = {"a", "b", "c"};
    const char* texts[] = {"x", "y", ""};
    for (int round = 0; round < 20; ++round) {
        TwinState direct, viaDeltas;
        DeltaBuilder b;
        FeedDelta d;
        for (int i = 0; i < 2000; ++i) {
            std::string_view e = entities[rng() % 4];
            Update u;
            switch (rng() % 12) {
            case 0:
            case 1:
            case 2: {
                PropertyUpdate p;
                p.entity = e;
                p.property = names[rng() % 3];
                p.value = rng() % 2 ? Value::makeNumber(double(rng() % 100)) : Value::makeString(texts[rng() % 3]);
                u = p;
                break;
            }
            case 3: {
                TransformUpdate t;
                t.entity = e;
                t.mask = uint8_t(1 + rng() % 7);
                t.translation = vec3(float(rng() % 10));
                t.rotation = quat(1, 0, float(rng() % 3), 0);
                t.scale = vec3(float(1 + rng() % 3));
                u = t;
                break;
            }
            case 4: u = VisibilityUpdate{e, rng() % 2 == 0}; break;
            case 5: {
                ColourOverride c;
                c.entity = e;
                c.mask = uint8_t(1 + rng() % 3);
                c.baseColour = vec4(float(rng() % 2));
                c.emissive = vec3(float(rng() % 2));
                u = c;
                break;
            }
            case 6: u = ColourClear{e}; break;
            case 7: u = rng() % 2 ? Update(spawn(e, texts[rng() % 2])) : Update(RemoveEntity{e}); break;
            case 8: u = AlarmRaise{names[rng() % 3], e, AlarmSeverity(1 + rng() % 4), texts[rng() % 3]}; break;
            case 9:
            case 10: u = AlarmAck{names[rng() % 3], texts[rng() % 3]}; break;
            default: u = AlarmClear{names[rng() % 3]}; break;
            }
            direct.apply(u);
            b.add(u, 0, 0);
            if (rng() % 50 == 0) {
                b.take(d);
                viaDeltas.apply(d);
            }
        }
        b.take(d);
        viaDeltas.apply(d);
        std::string diff;
        ASSERT_TRUE(viaDeltas.sameAs(direct, &diff)) << "round " << round << ": " << diff;
    }
}

} // namespace
} // namespace tv::net
