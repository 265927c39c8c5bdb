// KPI expression parsing: precedence and structure (checked through evaluation of constant expressions),
// references and wildcards, and parse errors that name the column and what was expected.
#include "ops/kpi/kpi_evaluator.h"
#include "ops/kpi/kpi_expression.h"

#include "kpi_test_source.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace tv;
using namespace tv::ops;

namespace {

double constant(const char* text) {
    auto e = parseKpiExpression(text);
    EXPECT_TRUE(e.hasValue()) << text << ": " << (e ? "" : e.error().message);
    if (!e) return NAN;
    KpiEvaluator ev(std::move(*e));
    test::TableSource none;
    ev.refresh(none);
    return ev.evaluate(0.0);
}

std::string parseError(const char* text) {
    auto e = parseKpiExpression(text);
    EXPECT_FALSE(e.hasValue()) << text << " parsed";
    return e ? std::string() : e.error().message;
}

} // namespace

TEST(KpiExpression, ArithmeticAndPrecedence) {
    EXPECT_DOUBLE_EQ(constant("1 + 2 * 3"), 7.0);
    EXPECT_DOUBLE_EQ(constant("(1 + 2) * 3"), 9.0);
    EXPECT_DOUBLE_EQ(constant("10 - 4 - 3"), 3.0) << "left associative";
    EXPECT_DOUBLE_EQ(constant("24 / 4 / 2"), 3.0);
    EXPECT_DOUBLE_EQ(constant("-2 * 3"), -6.0);
    EXPECT_DOUBLE_EQ(constant("2 * -3"), -6.0);
    EXPECT_DOUBLE_EQ(constant("--4"), 4.0);
    EXPECT_DOUBLE_EQ(constant("-(1 + 2) * 2"), -6.0);
    EXPECT_DOUBLE_EQ(constant("1.5e2 + .5"), 150.5);
    EXPECT_DOUBLE_EQ(constant("3-2"), 1.0) << "numbers are not ids: no spaces needed";
    EXPECT_DOUBLE_EQ(constant("  7  "), 7.0);
}

TEST(KpiExpression, ReferencesAndWildcards) {
    auto e = parseKpiExpression("tank-1.level - sum(pump-*.flow, pump_x.flow) * 2");
    ASSERT_TRUE(e.hasValue()) << e.error().message;
    ASSERT_EQ(e->refs.size(), 3u);
    EXPECT_EQ(e->refs[0].entity, "tank-1");
    EXPECT_EQ(e->refs[0].property, "level");
    EXPECT_FALSE(e->refs[0].wildcard);
    EXPECT_EQ(e->refs[0].column, 1u);
    EXPECT_EQ(e->refs[1].text(), "pump-*.flow");
    EXPECT_TRUE(e->refs[1].wildcard);
    EXPECT_EQ(e->refs[1].column, 20u);
    EXPECT_EQ(e->refs[2].entity, "pump_x");
    EXPECT_FALSE(e->hasRate);
    EXPECT_EQ(e->nodes[e->root].kind, KpiNodeKind::Subtract);

    auto r = parseKpiExpression("rate(conveyor.delivered, 60) * 60 + rate(a.b)");
    ASSERT_TRUE(r.hasValue()) << r.error().message;
    EXPECT_TRUE(r->hasRate);
    std::vector<double> windows;
    for (const KpiNode& n : r->nodes)
        if (n.kind == KpiNodeKind::Rate) windows.push_back(n.windowSeconds);
    EXPECT_EQ(windows, (std::vector<double>{60.0, kDefaultRateWindowSeconds}));
    EXPECT_TRUE(parseKpiExpression("avg(a.b) + mean(a.b) + min(a.b, 1) + max(2, a.b) + count(*.x)").hasValue());
    EXPECT_TRUE(parseKpiExpression("a.x*2").hasValue()) << "'*' after a property is multiplication";
}

TEST(KpiExpression, GlobMatch) {
    EXPECT_TRUE(kpiGlobMatch("pump-*", "pump-1"));
    EXPECT_TRUE(kpiGlobMatch("pump-*", "pump-"));
    EXPECT_FALSE(kpiGlobMatch("pump-*", "pumps"));
    EXPECT_TRUE(kpiGlobMatch("*-1", "tank-1"));
    EXPECT_TRUE(kpiGlobMatch("t*k-*", "tank-12"));
    EXPECT_FALSE(kpiGlobMatch("t*k-*", "tan-12"));
    EXPECT_TRUE(kpiGlobMatch("*", "anything"));
    EXPECT_TRUE(kpiGlobMatch("exact", "exact"));
    EXPECT_FALSE(kpiGlobMatch("exact", "exact2"));
}

TEST(KpiExpression, ErrorsNameTheColumnAndWhatWasExpected) {
    EXPECT_EQ(parseError("sum(a.x, b.x"), "column 13: expected ')' after the arguments of sum, found the end");
    EXPECT_EQ(parseError("sum(a.x b.x)"), "column 9: expected ')' after the arguments of sum, found 'b'");
    EXPECT_EQ(parseError("tank-1.level-2"),
              "column 13: '-' directly after the property 'level': write spaces around '-' to subtract "
              "('a.x - b.x'); entity ids may contain '-'");
    EXPECT_EQ(parseError("(a.x + 1"), "column 9: expected ')' to close the '(' at column 1, found the end");
    EXPECT_EQ(parseError("a.x + 1)"), "column 8: unmatched ')'");
    EXPECT_EQ(parseError("a.x +"),
              "column 6: expected a number, a reference (entity.property), a function or '(', found the end");
    EXPECT_EQ(parseError(""), "column 1: expected an expression (the text is empty)");
    EXPECT_EQ(parseError("total(a.x)"),
              "column 1: unknown function 'total' (expected sum, mean, avg, min, max, count or rate)");
    EXPECT_EQ(parseError("1 + level"), "column 5: expected '.' and a property after the entity id 'level'");
    EXPECT_EQ(parseError("tank-1."), "column 8: expected a property name after 'tank-1.'");
    EXPECT_EQ(parseError("a.b.c"), "column 4: expected one '.' between entity and property, found a second");
    EXPECT_EQ(parseError("2x"), "column 2: unexpected 'x' after the number");
    EXPECT_EQ(parseError("a.x $ 2"), "column 5: expected an operator (+ - * /) or the end, found '$'");
    EXPECT_EQ(parseError("sum()"), "column 5: sum() needs at least one argument");
    EXPECT_EQ(parseError("rate(a.x, 0)"), "column 11: expected the window of rate in seconds: a number in (0, 86400]");
    EXPECT_EQ(parseError("rate(a.x, b.y)"),
              "column 11: expected the window of rate in seconds: a number in (0, 86400]");
    EXPECT_EQ(parseError("rate(a.x, 5, 6)"), "column 15: rate() takes one value and an optional window (s)");
    EXPECT_EQ(parseError("pump-*.flow * 2"),
              "column 1: a wildcard reference (pump-*.flow) is only allowed directly in sum, mean, min, max or "
              "count");
    EXPECT_EQ(parseError("rate(pump-*.flow)"),
              "column 6: a wildcard reference (pump-*.flow) is only allowed directly in sum, mean, min, max or "
              "count");
    EXPECT_EQ(parseError("sum(pump-*.flow * 2)"),
              "column 5: a wildcard reference (pump-*.flow) is only allowed directly in sum, mean, min, max or "
              "count");
}
