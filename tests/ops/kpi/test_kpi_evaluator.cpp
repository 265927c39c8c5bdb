// KPI evaluation against a table source: every function, wildcards (and entities appearing later), rate() over a
// ramp, change detection, and each "no data" case with its reason.
#include "ops/kpi/kpi_evaluator.h"

#include "kpi_test_source.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace tv;
using namespace tv::ops;
using tv::ops::test::TableSource;

namespace {

KpiEvaluator make(const char* text) {
    auto e = parseKpiExpression(text);
    EXPECT_TRUE(e.hasValue()) << text << ": " << (e ? "" : e.error().message);
    return KpiEvaluator(e ? std::move(*e) : KpiExpression{});
}

double eval(const char* text, const TableSource& src, std::string* reason = nullptr) {
    KpiEvaluator ev = make(text);
    ev.refresh(src);
    double v = ev.evaluate(0.0);
    if (reason) *reason = ev.noDataReason();
    return v;
}

TableSource plant() {
    TableSource s;
    s.set("pump-1", "flow", 10.0);
    s.set("pump-2", "flow", 20.0);
    s.set("pump-3", "flow", 60.0);
    s.set("pump-1", "running", true);
    s.set("pump-2", "running", false);
    s.set("pump-3", "running", true);
    s.set("pump-1", "state", std::string("running"));
    s.set("pump-group", "label", std::string("pumps")); // matches pump-* but has no flow: not a member
    s.set("tank-1", "level", 40.0);
    s.set("tank-2", "level", 80.0);
    return s;
}

} // namespace

TEST(KpiEvaluator, ReferencesAndArithmetic) {
    TableSource s = plant();
    EXPECT_DOUBLE_EQ(eval("(tank-1.level + tank-2.level) / 2", s), 60.0);
    EXPECT_DOUBLE_EQ(eval("tank-2.level - tank-1.level * 2", s), 0.0);
    EXPECT_DOUBLE_EQ(eval("-tank-1.level", s), -40.0);
    EXPECT_DOUBLE_EQ(eval("pump-1.running + pump-2.running", s), 1.0) << "bools count 0 / 1";
}

TEST(KpiEvaluator, EveryFunctionOverWildcardsAndMixedArguments) {
    TableSource s = plant();
    EXPECT_DOUBLE_EQ(eval("sum(pump-*.flow)", s), 90.0);
    EXPECT_DOUBLE_EQ(eval("mean(pump-*.flow)", s), 30.0);
    EXPECT_DOUBLE_EQ(eval("avg(pump-*.flow)", s), 30.0);
    EXPECT_DOUBLE_EQ(eval("min(pump-*.flow)", s), 10.0);
    EXPECT_DOUBLE_EQ(eval("max(pump-*.flow)", s), 60.0);
    EXPECT_DOUBLE_EQ(eval("count(pump-*.flow)", s), 3.0) << "pump-group has no flow";
    EXPECT_DOUBLE_EQ(eval("sum(pump-*.flow, tank-1.level, 5)", s), 135.0);
    EXPECT_DOUBLE_EQ(eval("mean(tank-1.level, tank-2.level * 2)", s), 100.0);
    EXPECT_DOUBLE_EQ(eval("max(tank-*.level, 100)", s), 100.0);
    EXPECT_DOUBLE_EQ(eval("min(1 + 1, tank-1.level)", s), 2.0);
    EXPECT_DOUBLE_EQ(eval("mean(pump-*.running) * 100", s), 200.0 / 3.0) << "availability";
    EXPECT_DOUBLE_EQ(eval("count(pump-*.flow, nobody.flow, tank-1.level)", s), 4.0)
        << "count counts what is available; a missing value is not an error";
    EXPECT_DOUBLE_EQ(eval("sum(*.level)", s), 120.0);
    EXPECT_DOUBLE_EQ(eval("count(nothing-*.x)", s), 0.0);
}

TEST(KpiEvaluator, NoDataNamesTheReference) {
    TableSource s = plant();
    std::string why;
    EXPECT_TRUE(std::isnan(eval("pump-9.flow + 1", s, &why)));
    EXPECT_EQ(why, "pump-9.flow: no entity \"pump-9\"");
    EXPECT_TRUE(std::isnan(eval("tank-1.level + tank-1.volume", s, &why)));
    EXPECT_EQ(why, "tank-1.volume: no value yet");
    EXPECT_TRUE(std::isnan(eval("pump-1.state * 2", s, &why)));
    EXPECT_EQ(why, "pump-1.state is not a number");
    EXPECT_TRUE(std::isnan(eval("tank-1.level / (tank-2.level - 80)", s, &why)));
    EXPECT_EQ(why, "division by zero (the '/' at column 14)");
    EXPECT_TRUE(std::isnan(eval("mean(valve-*.opening)", s, &why)));
    EXPECT_EQ(why, "mean() at column 1 has no values (valve-*.opening matches no entity with that property)");
    EXPECT_TRUE(std::isnan(eval("sum(pump-*.state)", s, &why)));
    EXPECT_EQ(why, "pump-1.state is not a number");
    s.set("pump-2", "flow", NAN);
    EXPECT_TRUE(std::isnan(eval("max(pump-*.flow)", s, &why)));
    EXPECT_EQ(why, "pump-2.flow has no valid reading");
    EXPECT_TRUE(std::isnan(eval("1e308 * 10", s, &why)));
    EXPECT_EQ(why, "the result is not a finite number");
    // A value comes back: the reason goes.
    KpiEvaluator ev = make("pump-2.flow");
    ev.refresh(s);
    EXPECT_TRUE(std::isnan(ev.evaluate(0.0)));
    EXPECT_EQ(ev.noData(), KpiNoData::NoReading);
    s.set("pump-2", "flow", 5.0);
    EXPECT_TRUE(ev.refresh(s));
    EXPECT_DOUBLE_EQ(ev.evaluate(0.0), 5.0);
    EXPECT_EQ(ev.noData(), KpiNoData::None);
    EXPECT_EQ(ev.noDataReason(), "");
}

TEST(KpiEvaluator, EntitiesAppearingAreResolvedOnlyWhenTheGenerationChanges) {
    TableSource s = plant();
    KpiEvaluator ev = make("sum(pump-*.flow) + count(crate-*.x)");
    EXPECT_TRUE(ev.refresh(s));
    EXPECT_DOUBLE_EQ(ev.evaluate(0.0), 90.0);
    EXPECT_FALSE(ev.refresh(s)) << "nothing changed";
    s.set("pump-3", "flow", 61.0);
    EXPECT_TRUE(ev.refresh(s));
    EXPECT_DOUBLE_EQ(ev.evaluate(0.0), 91.0);
    s.set("pump-4", "flow", 9.0); // spawned: a new entity, a new generation
    s.set("crate-1", "x", 1.0);
    EXPECT_TRUE(ev.refresh(s));
    EXPECT_DOUBLE_EQ(ev.evaluate(0.0), 101.0);
    s.remove("pump-4");
    EXPECT_TRUE(ev.refresh(s));
    EXPECT_DOUBLE_EQ(ev.evaluate(0.0), 92.0);
    // Steady state: one read per resolved member, no more.
    s.reads = 0;
    EXPECT_FALSE(ev.refresh(s));
    EXPECT_EQ(s.reads, 5) << "pump-1..3, pump-group, crate-1";

    KpiEvaluator late = make("tank-9.level");
    late.refresh(s);
    EXPECT_EQ((late.evaluate(0.0), late.noData()), KpiNoData::NoEntity);
    s.set("tank-9", "level", 12.0);
    EXPECT_TRUE(late.refresh(s));
    EXPECT_DOUBLE_EQ(late.evaluate(0.0), 12.0);
}

TEST(KpiEvaluator, RateOverARamp) {
    TableSource s;
    KpiEvaluator ev = make("rate(line.count, 60) * 60");
    KpiEvaluator shortWindow = make("rate(line.count)");
    s.set("line", "count", 0.0);
    ev.refresh(s);
    shortWindow.refresh(s);
    EXPECT_TRUE(std::isnan(ev.evaluate(1000.0)));
    EXPECT_EQ(ev.noData(), KpiNoData::RateWarmup);
    EXPECT_EQ(ev.noDataReason(), "rate() at column 1: waiting for a second sample (window 60 s)");
    shortWindow.evaluate(1000.0);
    // 2 per second for 2 minutes, sampled at 10 Hz.
    for (int i = 1; i <= 1200; ++i) {
        double t = 1000.0 + i * 0.1;
        s.set("line", "count", 2.0 * i * 0.1);
        ev.refresh(s);
        shortWindow.refresh(s);
        EXPECT_NEAR(ev.evaluate(t), 120.0, 1e-6) << t;
        EXPECT_NEAR(shortWindow.evaluate(t), 2.0, 1e-6) << t;
    }
    // The count stops: the 10 s rate falls to 0 after 10 s, the 60 s one only after 60 s.
    double last = 2.0 * 120.0;
    for (int i = 1; i <= 150; ++i) {
        double t = 1120.0 + i * 0.1;
        ev.refresh(s);
        shortWindow.refresh(s);
        double perHour = ev.evaluate(t);
        double perSecond = shortWindow.evaluate(t);
        if (i == 50) { // 5 s after the stop: half the 10 s window still ramps
            EXPECT_NEAR(perSecond, 1.0, 0.05);
            EXPECT_NEAR(perHour, 60.0 * (last - 2.0 * (120.0 - 55.0)) / 60.0, 0.5);
        }
        if (i >= 101) { EXPECT_NEAR(perSecond, 0.0, 1e-9) << t; }
    }
    // Time going backwards starts over.
    ev.refresh(s);
    EXPECT_TRUE(std::isnan(ev.evaluate(500.0)));
    EXPECT_EQ(ev.noData(), KpiNoData::RateWarmup);
}
