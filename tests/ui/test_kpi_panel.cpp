// KPI tiles panel through the null backend: tile texts (name, value, unit, target and deviation), status colours,
// the no-data tile saying why, the hover tooltip with min / max, and the responsive column count.
#include "ui/kpi_panel.h"

#include "ui_harness.h"

#include <algorithm>
#include <map>

using namespace tv;
using namespace tv::ui;
using namespace tv::ui::test;

namespace {

// Entity "e" with numeric properties set by the test; one generation (no entity ever appears or goes).
struct Values final : ops::KpiSource {
    std::map<std::string, double, std::less<>> props;
    uint64_t generation() const override { return 77; }
    void forEachEntity(const std::function<void(std::string_view, ops::KpiEntity)>& fn) const override {
        fn("e", this);
    }
    ops::KpiEntity findEntity(std::string_view id) const override { return id == "e" ? this : nullptr; }
    ops::KpiRead read(ops::KpiEntity, std::string_view property, double& value) const override {
        auto it = props.find(property);
        if (it == props.end()) return ops::KpiRead::NoProperty;
        value = it->second;
        return ops::KpiRead::Number;
    }
};

twin::KpiDecl decl(const char* name, const char* expr, const char* unit, std::optional<double> target,
                   twin::KpiBetter better = twin::KpiBetter::Target) {
    twin::KpiDecl d;
    d.name = name;
    d.expression = expr;
    d.unit = unit;
    d.target = target;
    d.better = better;
    return d;
}

// The harness reads glyphs back with the font's unscaled advance, so the tiles' large (scaled) value text comes back
// with a space between letters: look for needles with every space removed, in the text with every space removed.
struct Compact {
    std::string text;
    std::vector<ImU32> colours;
    explicit Compact(const Harness& h) {
        for (size_t i = 0; i < h.text.size(); ++i)
            if (h.text[i] != ' ') {
                text += h.text[i];
                colours.push_back(h.textColours[i]);
            }
    }
    static std::string squeeze(std::string s) {
        s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
        return s;
    }
    bool has(const std::string& needle) const { return text.find(squeeze(needle)) != std::string::npos; }
    ImU32 colourOf(const std::string& needle) const {
        size_t at = text.find(squeeze(needle));
        return at == std::string::npos ? 0u : colours[at];
    }
};

ops::KpiBoard makeBoard(Values& v) {
    auto board = ops::KpiBoard::create({decl("tank fill", "e.level", "%", 50.0),
                                        decl("energy", "e.power", "kW", 20.0, twin::KpiBetter::Lower),
                                        decl("flow", "pump-9.flow", "m3/h", 60.0), decl("speed", "e.speed", "", {})},
                                       "test.json");
    EXPECT_TRUE(board.hasValue()) << board.error().message;
    v.props = {{"level", 40.0}, {"power", 35.5}, {"speed", 1234.0}};
    constexpr uint64_t t0 = 1'700'000'000'000'000ull;
    for (int s = 0; s < 30; ++s) { // a little history: level rising 40 -> 69
        v.props["level"] = 40.0 + s;
        board->update(v, t0 + uint64_t(s) * 1'000'000ull);
    }
    v.props["level"] = 51.0;
    board->update(v, t0 + 30'000'000ull);
    return std::move(*board);
}

} // namespace

TEST(KpiPanel, TilesShowValueUnitTargetAndStatusColour) {
    Values v;
    ops::KpiBoard board = makeBoard(v);
    ASSERT_EQ(board.kpi(0).status, ops::KpiStatus::Good);
    ASSERT_EQ(board.kpi(1).status, ops::KpiStatus::Bad);
    Harness h;
    KpiPanelState state;
    bool open = true;
    std::vector<UiAction> actions;
    h.draw = [&] { drawKpiPanel(state, &open, board, actions); };
    h.captureText = true;
    h.frames(2);
    EXPECT_EQ(state.columns, 2) << "a 600 px panel (the XR hand panel's size) has two columns";
    ASSERT_EQ(state.drawnTiles.size(), 4u);
    Compact c(h);
    EXPECT_TRUE(c.has("tank fill")) << h.text;
    EXPECT_TRUE(c.has("51.0")) << h.text;
    EXPECT_TRUE(c.has("target 50.0 % +1.00 (+2.0%)")) << h.text;
    EXPECT_EQ(c.colourOf("51.0"), kpiStatusColour(ops::KpiStatus::Good));
    EXPECT_TRUE(c.has("35.5"));
    EXPECT_EQ(c.colourOf("35.5"), kpiStatusColour(ops::KpiStatus::Bad));
    EXPECT_TRUE(c.has("target 20.0 kW +15.5 (+77.5%)")) << h.text;
    EXPECT_TRUE(c.has("1234"));
    EXPECT_EQ(c.colourOf("1234"), kpiStatusColour(ops::KpiStatus::NoTarget));
    EXPECT_TRUE(c.has("no target"));
    EXPECT_TRUE(actions.empty());
    // Tiles sit side by side in two columns, then wrap.
    EXPECT_EQ(state.drawnTiles[0].min.y, state.drawnTiles[1].min.y);
    EXPECT_LT(state.drawnTiles[0].max.x, state.drawnTiles[1].min.x);
    EXPECT_GT(state.drawnTiles[2].min.y, state.drawnTiles[0].max.y);
}

TEST(KpiPanel, NoDataTileSaysWhy) {
    Values v;
    ops::KpiBoard board = makeBoard(v);
    Harness h;
    KpiPanelState state;
    std::vector<UiAction> actions;
    h.draw = [&] { drawKpiPanel(state, nullptr, board, actions); };
    h.captureText = true;
    h.frames(2);
    Compact c(h);
    EXPECT_TRUE(c.has("no data")) << h.text;
    EXPECT_EQ(c.colourOf("no data"), kpiStatusColour(ops::KpiStatus::NoData));
    EXPECT_NE(h.text.find("pump-9.flow: no entity"), std::string::npos) << h.text;
    // Hovering the tile gives the whole reason.
    const KpiTileRect& tile = state.drawnTiles[2];
    ASSERT_EQ(tile.kpi, "flow");
    h.mouseTo((tile.min + tile.max) * 0.5f);
    h.frames(2);
    EXPECT_EQ(state.hoveredKpi, "flow");
    EXPECT_NE(h.text.find("no data: pump-9.flow: no entity \"pump-9\""), std::string::npos) << h.text;
}

TEST(KpiPanel, HoverShowsMinMaxOverTheSparklineWindow) {
    Values v;
    ops::KpiBoard board = makeBoard(v);
    Harness h;
    KpiPanelState state;
    std::vector<UiAction> actions;
    h.draw = [&] { drawKpiPanel(state, nullptr, board, actions); };
    h.captureText = true;
    h.frame();
    const KpiTileRect tile = state.drawnTiles[0];
    h.mouseTo((tile.min + tile.max) * 0.5f);
    h.frames(2);
    EXPECT_EQ(state.hoveredKpi, "tank fill");
    EXPECT_NE(h.text.find("last 10 min: min 40.0 %, max 69.0 %"), std::string::npos) << h.text;
    EXPECT_NE(h.text.find("status: good"), std::string::npos) << h.text;
    EXPECT_EQ(h.colourOf("status: good"), kpiStatusColour(ops::KpiStatus::Good));
}

TEST(KpiPanel, ColumnsFollowTheWidth) {
    EXPECT_EQ(kpiColumnsFor(584.0f), 2);
    EXPECT_EQ(kpiColumnsFor(200.0f), 1);
    EXPECT_EQ(kpiColumnsFor(800.0f), 3);
    EXPECT_EQ(kpiColumnsFor(1400.0f), 4);
    Values v;
    ops::KpiBoard board = makeBoard(v);
    Harness h;
    KpiPanelState state;
    h.draw = [&] {
        ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(1200.0f, 400.0f), ImGuiCond_Always);
        ImGui::Begin("wide");
        drawKpiTiles(state, board);
        ImGui::End();
    };
    h.frame();
    EXPECT_EQ(state.columns, 4);
    EXPECT_EQ(state.drawnTiles[0].min.y, state.drawnTiles[3].min.y);
}

TEST(KpiPanel, EmptyBoardSaysSo) {
    auto board = ops::KpiBoard::create(std::vector<twin::KpiDecl>{}, "x.json");
    ASSERT_TRUE(board.hasValue());
    Harness h;
    KpiPanelState state;
    std::vector<UiAction> actions;
    h.draw = [&] { drawKpiPanel(state, nullptr, *board, actions); };
    h.captureText = true;
    h.frame();
    EXPECT_NE(h.text.find("declares no KPIs"), std::string::npos) << h.text;
}
