// KpiBoard: status against the target per `better`, errors that name file, line, KPI and column, evaluation only
// when inputs change (or rate() needs it), the 1 s history ring with its min / max, the live TwinRuntime through
// TwinKpiSource (entities appearing later), and the demo scene's KPIs.
#include "ops/kpi/kpi_board.h"

#include "kpi_test_source.h"
#include "twin/scene_file_parser.h"
#include "twin/scene_file_writer.h"

#include <filesystem>

#include <gtest/gtest.h>

#include <cmath>

using namespace tv;
using namespace tv::ops;
using tv::ops::test::TableSource;
using twin::KpiBetter;

namespace {

constexpr uint64_t kT0 = 1'700'000'000'000'000ull; // twin time of the tests' first update (µs)
uint64_t at(double seconds) { return kT0 + uint64_t(seconds * 1e6); }

twin::KpiDecl decl(const char* name, const char* expr, std::optional<double> target = std::nullopt,
                   KpiBetter better = KpiBetter::Target) {
    twin::KpiDecl d;
    d.name = name;
    d.expression = expr;
    d.unit = "u";
    d.target = target;
    d.better = better;
    return d;
}

} // namespace

TEST(KpiStatus, PerBetterRule) {
    using S = KpiStatus;
    EXPECT_EQ(kpiStatusFor(NAN, 10.0, KpiBetter::Target), S::NoData);
    EXPECT_EQ(kpiStatusFor(5.0, std::nullopt, KpiBetter::Target), S::NoTarget);
    // target: ±5% good, ±15% warning
    EXPECT_EQ(kpiStatusFor(100.0, 100.0, KpiBetter::Target), S::Good);
    EXPECT_EQ(kpiStatusFor(95.0, 100.0, KpiBetter::Target), S::Good);
    EXPECT_EQ(kpiStatusFor(105.0, 100.0, KpiBetter::Target), S::Good);
    EXPECT_EQ(kpiStatusFor(94.0, 100.0, KpiBetter::Target), S::Warning);
    EXPECT_EQ(kpiStatusFor(115.0, 100.0, KpiBetter::Target), S::Warning);
    EXPECT_EQ(kpiStatusFor(84.0, 100.0, KpiBetter::Target), S::Bad);
    EXPECT_EQ(kpiStatusFor(116.0, 100.0, KpiBetter::Target), S::Bad);
    EXPECT_EQ(kpiStatusFor(-10.4, -10.0, KpiBetter::Target), S::Good);
    EXPECT_EQ(kpiStatusFor(0.0, 0.0, KpiBetter::Target), S::Good);
    EXPECT_EQ(kpiStatusFor(0.1, 0.0, KpiBetter::Target), S::Bad);
    // higher: >= target good, >= 90% warning
    EXPECT_EQ(kpiStatusFor(150.0, 100.0, KpiBetter::Higher), S::Good);
    EXPECT_EQ(kpiStatusFor(100.0, 100.0, KpiBetter::Higher), S::Good);
    EXPECT_EQ(kpiStatusFor(90.0, 100.0, KpiBetter::Higher), S::Warning);
    EXPECT_EQ(kpiStatusFor(89.9, 100.0, KpiBetter::Higher), S::Bad);
    // lower: mirrored
    EXPECT_EQ(kpiStatusFor(10.0, 100.0, KpiBetter::Lower), S::Good);
    EXPECT_EQ(kpiStatusFor(100.0, 100.0, KpiBetter::Lower), S::Good);
    EXPECT_EQ(kpiStatusFor(110.0, 100.0, KpiBetter::Lower), S::Warning);
    EXPECT_EQ(kpiStatusFor(110.1, 100.0, KpiBetter::Lower), S::Bad);
    EXPECT_STREQ(kpiStatusName(S::Warning), "warning");
}

TEST(KpiBoard, ParseErrorsNameFileLineKpiAndColumn) {
    auto parsed = twin::parseSceneFile(R"({"version": 1,
  "kpis": [
    {"name": "ok", "expression": "a.b"},
    {"name": "transfer flow", "expression": "sum(pump-*.flow", "better": "higher"}
  ]})",
                                       "plant.json");
    ASSERT_TRUE(parsed.hasValue()) << parsed.error().message;
    EXPECT_EQ(parsed->scene.kpis[1].better, KpiBetter::Higher);
    auto board = KpiBoard::create(parsed->scene);
    ASSERT_FALSE(board.hasValue());
    EXPECT_EQ(board.error().code, ErrorCode::Parse);
    EXPECT_EQ(board.error().message, "plant.json:4:31: kpis[1].expression: kpi 'transfer flow': column 16: expected "
                                     "')' after the arguments of sum, found the end");
}

TEST(KpiBoard, BetterIsParsedWrittenAndValidated) {
    auto bad = twin::parseSceneFile(R"({"version": 1, "kpis": [{"name": "k", "expression": "a.b", "better": "up"}]})",
                                    "k.json");
    ASSERT_FALSE(bad.hasValue());
    EXPECT_EQ(bad.error().message, "k.json:1:60: kpis[0].better: expected \"higher\", \"lower\" or \"target\"");
    twin::SceneFile file;
    file.kpis = {decl("a", "x.y", 5.0, KpiBetter::Lower), decl("b", "x.y", 5.0)};
    std::string text = twin::sceneFileToString(file);
    EXPECT_NE(text.find("\"better\": \"lower\""), std::string::npos) << text;
    EXPECT_EQ(text.find("\"better\": \"target\""), std::string::npos) << "the default is not written";
    auto back = twin::parseSceneFile(text, "back.json");
    ASSERT_TRUE(back.hasValue()) << back.error().message;
    EXPECT_EQ(back->scene.kpis[0].better, KpiBetter::Lower);
    EXPECT_EQ(back->scene.kpis[1].better, KpiBetter::Target);
}

TEST(KpiBoard, EvaluatesOnlyWhenInputsChangeAndAtMostTenTimesASecond) {
    auto board = KpiBoard::create({decl("fill", "mean(tank-*.level)", 50.0), decl("k", "2 * 3")}, "t.json");
    ASSERT_TRUE(board.hasValue()) << board.error().message;
    TableSource s;
    s.set("tank-1", "level", 40.0);
    s.set("tank-2", "level", 60.0);
    board->update(s, at(0.0));
    const Kpi& fill = board->kpi(0);
    EXPECT_DOUBLE_EQ(fill.value, 50.0);
    EXPECT_EQ(fill.status, KpiStatus::Good);
    EXPECT_EQ(fill.unit, "u");
    EXPECT_EQ(fill.noDataReason, "");
    EXPECT_EQ(board->kpi(1).status, KpiStatus::NoTarget);
    EXPECT_EQ(fill.evaluations, 1u);
    for (int i = 1; i <= 20; ++i) board->update(s, at(i * 0.1));
    EXPECT_EQ(fill.evaluations, 1u) << "nothing changed";
    s.set("tank-2", "level", 70.0);
    board->update(s, at(2.05)); // within 100 ms of the last update: not even looked at
    EXPECT_DOUBLE_EQ(fill.value, 50.0);
    board->update(s, at(2.1));
    EXPECT_DOUBLE_EQ(fill.value, 55.0);
    EXPECT_EQ(fill.status, KpiStatus::Warning);
    EXPECT_EQ(fill.evaluations, 2u);
    s.remove("tank-1");
    s.remove("tank-2");
    board->update(s, at(2.2));
    EXPECT_TRUE(std::isnan(fill.value));
    EXPECT_EQ(fill.status, KpiStatus::NoData);
    EXPECT_EQ(fill.noDataReason,
              "mean() at column 1 has no values (tank-*.level matches no entity with that property)");
}

TEST(KpiBoard, HistoryRingOneSamplePerSecondWithMinMax) {
    auto board = KpiBoard::create({decl("v", "x.v")}, "t.json");
    ASSERT_TRUE(board.hasValue());
    TableSource s;
    for (int sec = 0; sec < 700; ++sec) {
        s.set("x", "v", double(sec % 100));
        for (int tick = 0; tick < 10; ++tick) board->update(s, at(sec + tick * 0.1));
    }
    auto h = board->history(0);
    ASSERT_EQ(h.size(), kKpiHistorySamples);
    EXPECT_FLOAT_EQ(h.back(), 99.0f);
    EXPECT_FLOAT_EQ(h[h.size() - 2], 98.0f);
    EXPECT_FLOAT_EQ(h.front(), float((700 - 600) % 100));
    EXPECT_DOUBLE_EQ(board->kpi(0).historyMin, 0.0);
    EXPECT_DOUBLE_EQ(board->kpi(0).historyMax, 99.0);
    EXPECT_DOUBLE_EQ(board->historyEndSeconds(), std::floor(double(kT0) * 1e-6) + 699.0);
    // A gap of 5 s without updates leaves 4 empty seconds, then the current value.
    s.set("x", "v", 500.0);
    board->update(s, at(704.0));
    h = board->history(0);
    EXPECT_FLOAT_EQ(h.back(), 500.0f);
    for (size_t i = 2; i <= 5; ++i) EXPECT_TRUE(std::isnan(h[h.size() - i])) << i;
    EXPECT_FLOAT_EQ(h[h.size() - 6], 99.0f);
    EXPECT_DOUBLE_EQ(board->kpi(0).historyMax, 500.0);
    // Back in time (the timeline): history starts over.
    board->update(s, at(100.0));
    h = board->history(0);
    EXPECT_FLOAT_EQ(h.back(), 500.0f);
    EXPECT_TRUE(std::isnan(h[h.size() - 2]));
}

TEST(KpiBoard, RateKpisSampleEveryUpdate) {
    auto board =
        KpiBoard::create({decl("throughput", "rate(line.count, 60) * 3600", 7200.0, KpiBetter::Higher)}, "t.json");
    ASSERT_TRUE(board.hasValue());
    TableSource s;
    for (int i = 0; i <= 900; ++i) { // 2 per second for 90 s at 10 Hz
        s.set("line", "count", 0.2 * i);
        board->update(s, at(i * 0.1));
    }
    EXPECT_NEAR(board->kpi(0).value, 7200.0, 1e-6);
    EXPECT_EQ(board->kpi(0).status, KpiStatus::Good);
    for (int i = 901; i <= 1300; ++i) board->update(s, at(i * 0.1)); // stopped for 40 s
    EXPECT_NEAR(board->kpi(0).value, 7200.0 * 20.0 / 60.0, 20.0);
    EXPECT_EQ(board->kpi(0).status, KpiStatus::Bad);
}

TEST(KpiBoard, LiveTwinRuntimeThroughTwinKpiSource) {
    twin::SceneFile file;
    scene::SceneGraph graph;
    twin::TwinRuntime runtime(file, twin::ResolvedScene{}, graph, [](const std::string&) -> Expected<scene::AssetPtr> {
        return makeError(ErrorCode::NotFound, "no assets in this test");
    });
    auto board = KpiBoard::create({decl("energy", "sum(pump-*.power)", 20.0, KpiBetter::Lower),
                                   decl("on", "mean(pump-*.running) * 100"), decl("state", "pump-1.state")},
                                  "t.json");
    ASSERT_TRUE(board.hasValue());
    auto property = [](const char* entity, const char* name, net::OwnedValue v) {
        net::FeedChange c;
        c.kind = net::FeedChange::Kind::Property;
        c.entity = entity;
        c.name = name;
        c.property.value = std::move(v);
        return c;
    };
    auto number = [](double d) { return net::OwnedValue{net::ValueType::Number, d, false, {}, {}}; };
    auto boolean = [](bool b) { return net::OwnedValue{net::ValueType::Bool, 0.0, b, {}, {}}; };
    auto text = [](const char* s) { return net::OwnedValue{net::ValueType::String, 0.0, false, s, {}}; };

    board->update(runtime, at(0.0));
    EXPECT_EQ(board->kpi(0).status, KpiStatus::NoData);
    EXPECT_EQ(board->kpi(2).noDataReason, "pump-1.state: no entity \"pump-1\"");

    net::FeedDelta d;
    d.changes = {property("pump-1", "power", number(7.5)), property("pump-2", "power", number(11.0)),
                 property("pump-1", "running", boolean(true)), property("pump-2", "running", boolean(false)),
                 property("pump-1", "state", text("running"))};
    runtime.apply(0, d);
    runtime.update(1.0);
    board->update(runtime, at(1.0));
    EXPECT_DOUBLE_EQ(board->kpi(0).value, 18.5);
    EXPECT_EQ(board->kpi(0).status, KpiStatus::Good);
    EXPECT_DOUBLE_EQ(board->kpi(1).value, 50.0);
    EXPECT_EQ(board->kpi(2).noDataReason, "pump-1.state is not a number");

    d.changes = {property("pump-3", "power", number(3.0))}; // a new entity
    runtime.apply(0, d);
    runtime.update(2.0);
    board->update(runtime, at(2.0));
    EXPECT_DOUBLE_EQ(board->kpi(0).value, 21.5);
    EXPECT_EQ(board->kpi(0).status, KpiStatus::Warning);
}

TEST(KpiBoard, EveryShippedSceneFilesKpisParse) {
    size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(TV_SCENES_DIR)) {
        if (entry.path().extension() != ".json") continue;
        auto parsed = twin::loadSceneFile(entry.path().string());
        if (!parsed) continue; // not every JSON there is a scene file; the twin tests check the scene files
        ++files;
        auto board = KpiBoard::create(parsed->scene);
        EXPECT_TRUE(board.hasValue()) << board.error().message;
    }
    EXPECT_GE(files, 1u);
}

TEST(KpiBoard, DemoSceneKpisAllParse) {
    auto parsed = twin::loadSceneFile(std::string(TV_SCENES_DIR) + "/demo-plant.json");
    ASSERT_TRUE(parsed.hasValue()) << parsed.error().message;
    auto board = KpiBoard::create(parsed->scene);
    ASSERT_TRUE(board.hasValue()) << board.error().message;
    EXPECT_GE(board->size(), 6u);
}
