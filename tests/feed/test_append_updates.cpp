// appendUpdates: a coalesced FeedChange back to the update record a relay republishes. Each kind maps to the
// record that reproduces it, and the property that matters: random record streams, coalesced into deltas at random
// points and turned back into records, rebuild exactly the state that applying every record builds.
#include "net/feed/twin_state.h"

#include <gtest/gtest.h>

#include <random>

namespace tv::net {
namespace {

FeedDelta deltaOf(std::initializer_list<Update> updates) {
    DeltaBuilder b;
    for (const Update& u : updates) b.add(u, 7, 9);
    FeedDelta d;
    b.take(d);
    return d;
}

TEST(AppendUpdates, EachKindMapsToTheRecordThatReproducesIt) {
    PropertyUpdate p;
    p.entity = "pump-1";
    p.property = "speed";
    p.sourceTimestampUs = 42;
    p.unit = Unit::fromSymbol("rpm");
    p.value = Value::makeNumber(1200);
    TransformUpdate t;
    t.entity = "crane";
    t.mask = kTransformTranslation;
    t.translation = {1, 2, 3};
    ColourOverride c;
    c.entity = "tank";
    c.mask = kColourBase;
    c.baseColour = {1, 0, 0, 1};
    SpawnEntity s;
    s.entity = "box-7";
    s.asset = "box";
    s.parent = "crane";
    s.transform.translation = {0, 1, 0};
    FeedDelta d =
        deltaOf({p, t, VisibilityUpdate{"crane", false}, c, ColourClear{"valve"}, s,
                 AlarmRaise{"a1", "tank", AlarmSeverity::Major, "level high"}, AlarmClear{"a0"}, RemoveEntity{"old"}});
    std::vector<Update> out;
    for (const FeedChange& change : d.changes) appendUpdates(change, out);
    ASSERT_EQ(out.size(), d.changes.size());

    auto find = [&](auto probe) {
        using T = decltype(probe);
        for (const Update& u : out)
            if (auto* v = std::get_if<T>(&u)) return *v;
        ADD_FAILURE() << "record kind missing";
        return T{};
    };
    EXPECT_EQ(find(PropertyUpdate{}), p);
    EXPECT_EQ(find(TransformUpdate{}), t);
    EXPECT_EQ(find(VisibilityUpdate{}), (VisibilityUpdate{"crane", false}));
    EXPECT_EQ(find(ColourOverride{}), c);
    EXPECT_EQ(find(ColourClear{}), ColourClear{"valve"}); // a cleared override (mask 0) is a clear record
    EXPECT_EQ(find(SpawnEntity{}), s);
    EXPECT_EQ(find(AlarmRaise{}), (AlarmRaise{"a1", "tank", AlarmSeverity::Major, "level high"}));
    EXPECT_EQ(find(AlarmClear{}), AlarmClear{"a0"});
    EXPECT_EQ(find(RemoveEntity{}), RemoveEntity{"old"});
}

TEST(AppendUpdates, AlarmAcksAreReproduced) {
    // Raised and acknowledged in one delta: raise, then ack.
    FeedDelta d = deltaOf({AlarmRaise{"a1", "tank", AlarmSeverity::Major, "high"}, AlarmAck{"a1", "alice"}});
    std::vector<Update> out;
    for (const FeedChange& change : d.changes) appendUpdates(change, out);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<AlarmRaise>(out[0]), (AlarmRaise{"a1", "tank", AlarmSeverity::Major, "high"}));
    EXPECT_EQ(std::get<AlarmAck>(out[1]), (AlarmAck{"a1", "alice"}));
    // Acknowledged later: the ack alone.
    d = deltaOf({AlarmAck{"a1", ""}});
    out.clear();
    for (const FeedChange& change : d.changes) appendUpdates(change, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<AlarmAck>(out[0]), (AlarmAck{"a1", ""}));
}

Update randomUpdate(std::mt19937& rng) {
    static const char* entities[] = {"e0", "e1", "e2", "e3"};
    static const char* names[] = {"a", "b", "c"};
    static const char* texts[] = {"x", "y", ""};
    std::string_view e = entities[rng() % 4];
    switch (rng() % 12) {
    case 0:
    case 1:
    case 2: {
        PropertyUpdate p;
        p.entity = e;
        p.property = names[rng() % 3];
        p.sourceTimestampUs = rng() % 5;
        p.unit = rng() % 2 ? Unit::fromCode(uint16_t(rng() % 9)) : Unit::fromSymbol(texts[rng() % 2]);
        p.value = rng() % 2 ? Value::makeNumber(double(rng() % 100)) : Value::makeString(texts[rng() % 3]);
        return p;
    }
    case 3: {
        TransformUpdate t;
        t.entity = e;
        t.mask = uint8_t(1 + rng() % 7);
        t.translation = vec3(float(rng() % 10));
        t.rotation = quat(1, 0, float(rng() % 3), 0);
        t.scale = vec3(float(1 + rng() % 3));
        return t;
    }
    case 4: return VisibilityUpdate{e, rng() % 2 == 0};
    case 5: {
        ColourOverride c;
        c.entity = e;
        c.mask = uint8_t(1 + rng() % 3);
        c.baseColour = vec4(float(rng() % 2));
        c.emissive = vec3(float(rng() % 2));
        return c;
    }
    case 6: return ColourClear{e};
    case 7: {
        if (rng() % 2) return RemoveEntity{e};
        SpawnEntity s;
        s.entity = e;
        s.asset = texts[rng() % 2];
        s.parent = rng() % 3 == 0 ? entities[rng() % 4] : "";
        return s;
    }
    case 8: return AlarmRaise{names[rng() % 3], e, AlarmSeverity(1 + rng() % 4), texts[rng() % 3]};
    case 9:
    case 10: return AlarmAck{names[rng() % 3], texts[rng() % 3]};
    default: return AlarmClear{names[rng() % 3]};
    }
}

TEST(AppendUpdates, RecordsFromCoalescedDeltasRebuildTheDirectState) {
    std::mt19937 rng(5678);
    for (int round = 0; round < 20; ++round) {
        TwinState direct, viaRecords;
        DeltaBuilder b;
        FeedDelta d;
        std::vector<Update> records;
        auto relay = [&] {
            b.take(d);
            records.clear();
            for (const FeedChange& c : d.changes) appendUpdates(c, records);
            for (const Update& u : records) viaRecords.apply(u);
        };
        for (int i = 0; i < 2000; ++i) {
            Update u = randomUpdate(rng);
            direct.apply(u);
            b.add(u, 0, 0);
            if (rng() % 50 == 0) relay();
        }
        relay();
        std::string diff;
        ASSERT_TRUE(viaRecords.sameAs(direct, &diff)) << "round " << round << ": " << diff;
    }
}

} // namespace
} // namespace tv::net
