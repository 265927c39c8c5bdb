// Owned feed values: conversions, bit-exact equality and what the inspector displays.
#include "net/feed/feed_types.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tv::net {
namespace {

TEST(FeedTypes, OwnedValueRoundTripsEveryType) {
    std::string text = "open";
    const Value values[] = {Value::makeNumber(1200.5), Value::makeBool(true), Value::makeString(text),
                            Value::makeVec3({1, 2, 3}), Value::makeVec4({1, 2, 3, 4})};
    for (const Value& v : values) {
        OwnedValue o = OwnedValue::from(v);
        EXPECT_EQ(o.view(), v);
        EXPECT_TRUE(o.sameAs(OwnedValue::from(v)));
    }
    // The owned copy does not borrow from the source string.
    OwnedValue o = OwnedValue::from(Value::makeString(text));
    text = "shut";
    EXPECT_EQ(o.text, "open");
}

TEST(FeedTypes, SameAsIsBitExact) {
    double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(OwnedValue::from(Value::makeNumber(nan)).sameAs(OwnedValue::from(Value::makeNumber(nan))));
    EXPECT_FALSE(OwnedValue::from(Value::makeNumber(0.0)).sameAs(OwnedValue::from(Value::makeNumber(-0.0))));
    EXPECT_FALSE(OwnedValue::from(Value::makeNumber(1.0)).sameAs(OwnedValue::from(Value::makeBool(true))));
    EXPECT_FALSE(OwnedValue::from(Value::makeVec3({1, 2, 3})).sameAs(OwnedValue::from(Value::makeVec3({1, 2, 4}))));
}

TEST(FeedTypes, DisplayStrings) {
    EXPECT_EQ(OwnedValue::from(Value::makeNumber(1200.0)).toDisplayString(), "1200");
    EXPECT_EQ(OwnedValue::from(Value::makeNumber(41.5)).toDisplayString(), "41.5");
    EXPECT_EQ(OwnedValue::from(Value::makeBool(false)).toDisplayString(), "false");
    EXPECT_EQ(OwnedValue::from(Value::makeString("open")).toDisplayString(), "open");
    EXPECT_EQ(OwnedValue::from(Value::makeVec3({1, 2, 3})).toDisplayString(), "(1, 2, 3)");
    EXPECT_EQ(OwnedValue::from(Value::makeVec4({1, 2, 3, 0.5})).toDisplayString(), "(1, 2, 3, 0.5)");
    EXPECT_EQ(OwnedValue::from(Value::makeNumber(std::nan(""))).toDisplayString(), "no reading");
    EXPECT_EQ(OwnedValue::from(Value::makeNumber(INFINITY)).toDisplayString(), "no reading");
    EXPECT_EQ(OwnedValue::from(Value::makeVec3({1, NAN, 3})).toDisplayString(), "no reading");
}

TEST(FeedTypes, UnitSymbols) {
    EXPECT_STREQ(unitCodeSymbol(1), "m");
    EXPECT_STREQ(unitCodeSymbol(4), "\xC2\xB0"
                                    "C");
    EXPECT_STREQ(unitCodeSymbol(8), "rpm");
    EXPECT_STREQ(unitCodeSymbol(11), "m\xC2\xB3/h");
    EXPECT_STREQ(unitCodeSymbol(20), "deg");
    EXPECT_EQ(unitCodeSymbol(0), nullptr);
    EXPECT_EQ(unitCodeSymbol(21), nullptr);

    EXPECT_EQ(OwnedUnit::from(Unit::none()).display(), "");
    EXPECT_EQ(OwnedUnit::from(Unit::fromCode(9)).display(), "%");
    EXPECT_EQ(OwnedUnit::from(Unit::fromCode(999)).display(), "#999");
    EXPECT_EQ(OwnedUnit::from(Unit::fromSymbol("kPa")).display(), "kPa");
    OwnedUnit u = OwnedUnit::from(Unit::fromSymbol("kPa"));
    EXPECT_EQ(u.view(), Unit::fromSymbol("kPa"));
}

TEST(FeedTypes, Names) {
    EXPECT_STREQ(commandOutcomeName(CommandOutcome::Accepted), "done");
    EXPECT_STREQ(commandOutcomeName(CommandOutcome::TimedOut), "timed out");
    EXPECT_STREQ(feedLivenessName(FeedLiveness::Stale), "stale");
    EXPECT_STREQ(feedChangeKindName(FeedChange::Kind::AlarmRaise), "alarm raise");
}

TEST(FeedTypes, WallClockIsMicrosecondsSinceEpoch) {
    uint64_t now = wallClockUs();
    EXPECT_GT(now, 1'700'000'000'000'000ull); // after 2023
    EXPECT_LT(now, 4'000'000'000'000'000ull);
}

} // namespace
} // namespace tv::net
