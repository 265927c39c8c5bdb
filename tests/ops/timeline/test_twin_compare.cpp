// compareStates: rows sorted by normalised change (declared ranges first, else the values' own spread), changed
// non-numbers, properties on one side only, per-entity signed scores and their diverging tints, alarms A vs B.
#include "ops/timeline/twin_compare.h"

#include <gtest/gtest.h>

namespace tv::ops {
namespace {

void setNumber(net::TwinState& s, const char* entity, const char* name, double v, uint16_t unitCode = 0) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Property;
    c.entity = entity;
    c.name = name;
    c.property.value.number = v;
    if (unitCode) c.property.unit = net::OwnedUnit{net::UnitKind::Code, unitCode, ""};
    s.apply(c);
}
void setText(net::TwinState& s, const char* entity, const char* name, const char* text) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::Property;
    c.entity = entity;
    c.name = name;
    c.property.value.type = net::ValueType::String;
    c.property.value.text = text;
    s.apply(c);
}
void raise(net::TwinState& s, const char* id) {
    net::FeedChange c;
    c.kind = net::FeedChange::Kind::AlarmRaise;
    c.name = id;
    c.alarm.entity = "tank-1";
    s.apply(c);
}

const CompareRow* row(const Comparison& c, const std::string& entity, const std::string& property) {
    for (const CompareRow& r : c.rows)
        if (r.entity == entity && r.property == property) return &r;
    return nullptr;
}

TEST(TwinCompare, RowsSortedByNormalisedChangeWithDeclaredRanges) {
    net::TwinState a, b;
    setNumber(a, "tank-1", "level", 2.0);
    setNumber(b, "tank-1", "level", 3.0); // +1 m of a declared 0..10 m: 0.1
    setNumber(a, "pump-3", "speed", 1000.0);
    setNumber(b, "pump-3", "speed", 400.0); // -600 rpm, spread of "speed" is 400..1500 => 600/1100
    setNumber(a, "pump-4", "speed", 1500.0);
    setNumber(b, "pump-4", "speed", 1500.0);
    setText(a, "valve-7", "state", "open");
    setText(b, "valve-7", "state", "closed");
    setNumber(b, "tank-2", "level", 5.0); // only in B
    twin::SceneFile file;
    twin::EntityDecl tank;
    tank.id = "tank-1";
    tank.properties.push_back(twin::PropertyDecl{"level", twin::PropertyType::Number, "m", 0.0, 10.0});
    file.entities.push_back(tank);

    const Comparison c = compareStates(a, b, &file);
    ASSERT_EQ(c.rows.size(), 5u);
    const CompareRow* level = row(c, "tank-1", "level");
    ASSERT_NE(level, nullptr);
    EXPECT_TRUE(level->numeric);
    EXPECT_DOUBLE_EQ(level->delta, 1.0);
    EXPECT_DOUBLE_EQ(level->normalised, 0.1);
    EXPECT_EQ(level->unit, "m") << "the scene file's unit when the feed gives none";
    const CompareRow* speed = row(c, "pump-3", "speed");
    EXPECT_DOUBLE_EQ(speed->delta, -600.0);
    EXPECT_NEAR(speed->normalised, 600.0 / 1100.0, 1e-12);
    EXPECT_DOUBLE_EQ(row(c, "pump-4", "speed")->normalised, 0.0);
    EXPECT_DOUBLE_EQ(row(c, "valve-7", "state")->normalised, 1.0);
    EXPECT_EQ(row(c, "valve-7", "state")->a, "open");
    EXPECT_EQ(row(c, "tank-2", "level")->a, "-");
    EXPECT_DOUBLE_EQ(row(c, "tank-2", "level")->normalised, 1.0);
    for (size_t i = 1; i < c.rows.size(); ++i) EXPECT_GE(c.rows[i - 1].normalised, c.rows[i].normalised);
    EXPECT_EQ(c.rows.back().entity, "pump-4") << "unchanged last";

    // Scores: pump-3 went down most, tank-1 up a little.
    ASSERT_FALSE(c.entities.empty());
    EXPECT_EQ(c.entities.front().entity, "pump-3");
    EXPECT_LT(c.entities.front().score, -0.5);
    const std::vector<EntityTintColour> tints = differenceTints(c);
    ASSERT_EQ(tints.size(), 2u) << "pump-3 and tank-1; unchanged and non-numeric entities keep their colours";
    EXPECT_GT(tints[0].colour.b, tints[0].colour.r) << "lower = blue";
    EXPECT_EQ(tints[1].entity, "tank-1");
    EXPECT_GT(tints[1].colour.r, tints[1].colour.b) << "higher = red";
}

TEST(TwinCompare, DivergingRampAndAlarms) {
    EXPECT_EQ(divergingColour(0.0), vec3(1.0f));
    EXPECT_LT(divergingColour(-1.0).r, 0.5f);
    EXPECT_LT(divergingColour(1.0).b, 0.5f);
    EXPECT_EQ(divergingColour(7.0), divergingColour(1.0)) << "clamped";

    net::TwinState a, b;
    raise(a, "high-level");
    raise(a, "pump-trip");
    raise(b, "pump-trip");
    raise(b, "leak");
    const Comparison c = compareStates(a, b);
    EXPECT_EQ(c.alarmsOnlyA, std::vector<std::string>{"high-level"});
    EXPECT_EQ(c.alarmsOnlyB, std::vector<std::string>{"leak"});
    EXPECT_EQ(c.alarmsBoth, std::vector<std::string>{"pump-trip"});
    EXPECT_TRUE(compareStates(a, a).alarmsOnlyB.empty());
}

} // namespace
} // namespace tv::ops
