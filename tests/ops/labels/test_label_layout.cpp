// Label layout: priority order, declutter moves and hides, alarmed labels win, distance fade, culling, determinism,
// steady-state reuse and the 10,000-label budget.
#include "ops/labels/label_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace tv::ops {
namespace {

LabelCandidate label(vec2 anchor, float distance = 10.0f, LabelPriority priority = LabelPriority::Normal,
                     vec2 text = vec2(60.0f, 13.0f)) {
    LabelCandidate c;
    c.anchor = anchor;
    c.textSize = text;
    c.distance = distance;
    c.priority = priority;
    return c;
}

LabelLayoutOptions screen(bool declutter = true) {
    LabelLayoutOptions o;
    o.viewport = vec2(800.0f, 600.0f);
    o.declutter = declutter;
    return o;
}

bool rectsOverlap(const LabelPlacement& a, const LabelPlacement& b) {
    return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

// No two visible labels overlap (the declutter invariant), ignoring forced alarmed overlaps.
void expectNoOverlap(const std::vector<LabelPlacement>& out) {
    for (size_t i = 0; i < out.size(); ++i)
        for (size_t j = i + 1; j < out.size(); ++j)
            if (out[i].visible() && out[j].visible()) {
                EXPECT_FALSE(rectsOverlap(out[i], out[j])) << "labels " << i << " and " << j << " overlap";
            }
}

TEST(LabelLayout, LoneLabelSitsCentredAboveItsAnchorAtTextSizePlusPadding) {
    std::vector<LabelCandidate> c{label({400.0f, 300.0f})};
    LabelLayoutOptions o = screen();
    std::vector<LabelPlacement> out;
    LabelLayoutStats s = layoutLabels(c, o, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].fate, LabelFate::Placed);
    EXPECT_FLOAT_EQ(out[0].alpha, 1.0f);
    EXPECT_FLOAT_EQ(out[0].max.x - out[0].min.x, 60.0f + 2.0f * o.padding);
    EXPECT_FLOAT_EQ(out[0].max.y - out[0].min.y, 13.0f + 2.0f * o.padding);
    EXPECT_FLOAT_EQ((out[0].min.x + out[0].max.x) * 0.5f, 400.0f);
    EXPECT_FLOAT_EQ(out[0].max.y, 300.0f - o.anchorGap);
    EXPECT_FALSE(out[0].leader);
    EXPECT_EQ(s.visible, 1u);
    EXPECT_EQ(s.hiddenByDeclutter, 0u);
}

TEST(LabelLayout, SizeDoesNotDependOnDistance) {
    std::vector<LabelCandidate> c{label({200.0f, 300.0f}, 1.0f), label({600.0f, 300.0f}, 500.0f)};
    std::vector<LabelPlacement> out;
    layoutLabels(c, screen(), out);
    EXPECT_FLOAT_EQ(out[0].max.x - out[0].min.x, out[1].max.x - out[1].min.x);
    EXPECT_FLOAT_EQ(out[0].max.y - out[0].min.y, out[1].max.y - out[1].min.y);
}

TEST(LabelLayout, OverlappingLowerPriorityLabelMovesWithALeaderLine) {
    // The normal label is nearer and first in the input, but the focused one wins the primary spot.
    std::vector<LabelCandidate> c{label({400.0f, 300.0f}, 5.0f),
                                  label({410.0f, 302.0f}, 50.0f, LabelPriority::Focused)};
    std::vector<LabelPlacement> out;
    LabelLayoutStats s = layoutLabels(c, screen(), out);
    EXPECT_EQ(out[1].fate, LabelFate::Placed);
    EXPECT_EQ(out[1].rank, 0u);
    EXPECT_EQ(out[0].fate, LabelFate::Moved);
    EXPECT_EQ(out[0].rank, 1u);
    EXPECT_TRUE(out[0].leader);
    // The leader ends on the moved label's rectangle, at the point nearest the anchor.
    EXPECT_FLOAT_EQ(out[0].leaderEnd.x, 400.0f);
    EXPECT_FLOAT_EQ(out[0].leaderEnd.y, out[0].max.y);
    EXPECT_LT(out[0].max.y, out[1].max.y) << "moved up by one label height";
    EXPECT_FALSE(rectsOverlap(out[0], out[1]));
    EXPECT_EQ(s.moved, 1u);
    EXPECT_EQ(s.visible, 2u);
}

TEST(LabelLayout, NearerWinsAmongEqualPriorities) {
    std::vector<LabelCandidate> c{label({400.0f, 300.0f}, 30.0f), label({400.0f, 300.0f}, 20.0f)};
    std::vector<LabelPlacement> out;
    layoutLabels(c, screen(), out);
    EXPECT_EQ(out[1].fate, LabelFate::Placed);
    EXPECT_EQ(out[0].fate, LabelFate::Moved);
}

TEST(LabelLayout, CrowdedLabelsAreHiddenAndCounted) {
    // Ten labels on one anchor: the primary spot and five alternatives fit six; four are hidden.
    std::vector<LabelCandidate> c;
    for (int i = 0; i < 10; ++i) c.push_back(label({400.0f, 300.0f}, 10.0f + float(i)));
    std::vector<LabelPlacement> out;
    LabelLayoutStats s = layoutLabels(c, screen(), out);
    EXPECT_EQ(s.visible, 6u);
    EXPECT_EQ(s.hiddenByDeclutter, 4u);
    EXPECT_EQ(s.moved, 5u);
    for (int i = 6; i < 10; ++i) {
        EXPECT_EQ(out[size_t(i)].fate, LabelFate::HiddenByDeclutter) << i << " is among the farthest";
        EXPECT_EQ(out[size_t(i)].alpha, 0.0f);
    }
    expectNoOverlap(out);
}

TEST(LabelLayout, DeclutterOffKeepsEveryLabelAtItsPrimarySpot) {
    std::vector<LabelCandidate> c;
    for (int i = 0; i < 10; ++i) c.push_back(label({400.0f, 300.0f}, 10.0f + float(i)));
    std::vector<LabelPlacement> out;
    LabelLayoutStats s = layoutLabels(c, screen(false), out);
    EXPECT_EQ(s.visible, 10u);
    EXPECT_EQ(s.hiddenByDeclutter, 0u);
    for (const LabelPlacement& p : out) {
        EXPECT_EQ(p.fate, LabelFate::Placed);
        EXPECT_EQ(p.min, out[0].min);
    }
}

TEST(LabelLayout, AlarmedAlwaysWins) {
    // The alarmed label is the farthest and last, yet it takes the primary spot; in a crowd of alarmed and normal
    // labels every alarmed one stays visible, and the normal ones give way.
    std::vector<LabelCandidate> c;
    for (int i = 0; i < 6; ++i) c.push_back(label({400.0f, 300.0f}, 1.0f + float(i)));
    c.push_back(label({400.0f, 300.0f}, 900.0f, LabelPriority::Alarmed));
    std::vector<LabelPlacement> out;
    LabelLayoutOptions o = screen();
    o.fadeStart = 50.0f;
    o.fadeEnd = 100.0f; // far past the fade end: still drawn, opaque
    LabelLayoutStats s = layoutLabels(c, o, out);
    EXPECT_EQ(out[6].fate, LabelFate::Placed);
    EXPECT_FLOAT_EQ(out[6].alpha, 1.0f);
    EXPECT_EQ(out[6].rank, 0u);
    EXPECT_EQ(out[5].fate, LabelFate::HiddenByDeclutter) << "the farthest normal label lost its spot";
    EXPECT_EQ(s.hiddenByDeclutter, 1u);

    std::vector<LabelCandidate> alarmed(8, label({400.0f, 300.0f}, 10.0f, LabelPriority::Alarmed));
    alarmed.push_back(label({400.0f, 300.0f}, 1.0f));
    s = layoutLabels(alarmed, o, out);
    for (size_t i = 0; i < 8; ++i) EXPECT_TRUE(out[i].visible()) << i;
    EXPECT_EQ(out[8].fate, LabelFate::HiddenByDeclutter);
    EXPECT_EQ(s.forcedOverlaps, 2u) << "six positions for eight alarmed labels";

    o.keepAlarmed = false;
    s = layoutLabels(alarmed, o, out);
    EXPECT_EQ(s.hiddenByDeclutter, 3u);
    EXPECT_EQ(s.forcedOverlaps, 0u);
}

TEST(LabelLayout, FadeAlphaFollowsDistance) {
    LabelLayoutOptions o = screen();
    o.fadeStart = 100.0f;
    o.fadeEnd = 200.0f;
    EXPECT_FLOAT_EQ(labelFadeAlpha(0.0f, o), 1.0f);
    EXPECT_FLOAT_EQ(labelFadeAlpha(100.0f, o), 1.0f);
    EXPECT_FLOAT_EQ(labelFadeAlpha(150.0f, o), 0.5f);
    EXPECT_FLOAT_EQ(labelFadeAlpha(175.0f, o), 0.25f);
    EXPECT_FLOAT_EQ(labelFadeAlpha(200.0f, o), 0.0f);
    EXPECT_FLOAT_EQ(labelFadeAlpha(1e6f, o), 0.0f);

    std::vector<LabelCandidate> c{label({100.0f, 100.0f}, 50.0f), label({300.0f, 100.0f}, 150.0f),
                                  label({500.0f, 100.0f}, 200.0f), label({700.0f, 100.0f}, 350.0f)};
    std::vector<LabelPlacement> out;
    LabelLayoutStats s = layoutLabels(c, o, out);
    EXPECT_FLOAT_EQ(out[0].alpha, 1.0f);
    EXPECT_FLOAT_EQ(out[1].alpha, 0.5f);
    EXPECT_EQ(out[2].fate, LabelFate::BeyondFade);
    EXPECT_EQ(out[3].fate, LabelFate::BeyondFade);
    EXPECT_EQ(s.beyondFade, 2u);
    EXPECT_EQ(s.visible, 2u);

    o.fadeEnd = 0.0f; // fading off
    s = layoutLabels(c, o, out);
    EXPECT_EQ(s.visible, 4u);
    EXPECT_FLOAT_EQ(out[3].alpha, 1.0f);
    o.fadeStart = o.fadeEnd = 200.0f; // hard cut
    EXPECT_FLOAT_EQ(labelFadeAlpha(199.0f, o), 1.0f);
    EXPECT_FLOAT_EQ(labelFadeAlpha(200.0f, o), 0.0f);
}

TEST(LabelLayout, OffScreenAndBehindTheEyeAreCulled) {
    std::vector<LabelCandidate> c{label({-5.0f, 300.0f}),  label({400.0f, 601.0f}), label({400.0f, 300.0f}),
                                  label({400.0f, 300.0f}), label({NAN, 10.0f}),     label({10.0f, 10.0f}, NAN)};
    c[3].behindEye = true;
    std::vector<LabelPlacement> out;
    LabelLayoutStats s = layoutLabels(c, screen(), out);
    EXPECT_EQ(out[0].fate, LabelFate::OffScreen);
    EXPECT_EQ(out[1].fate, LabelFate::OffScreen);
    EXPECT_EQ(out[2].fate, LabelFate::Placed) << "the culled label at the same spot does not push it away";
    EXPECT_EQ(out[3].fate, LabelFate::BehindEye);
    EXPECT_EQ(out[4].fate, LabelFate::OffScreen);
    EXPECT_EQ(out[5].fate, LabelFate::OffScreen);
    EXPECT_EQ(s.offScreen, 5u);
    EXPECT_EQ(s.visible, 1u);

    LabelLayoutOptions o = screen();
    o.margin = 10.0f; // just outside the edge, within the margin
    layoutLabels(c, o, out);
    EXPECT_TRUE(out[0].visible());
    EXPECT_TRUE(out[1].visible());
}

std::vector<LabelCandidate> randomCandidates(size_t n, uint32_t seed, vec2 viewport) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> x(0.0f, viewport.x), y(0.0f, viewport.y), d(1.0f, 400.0f), w(30.0f, 120.0f);
    std::uniform_int_distribution<int> pr(0, 99);
    std::vector<LabelCandidate> c(n);
    for (LabelCandidate& l : c) {
        l.anchor = vec2(x(rng), y(rng));
        l.textSize = vec2(w(rng), 13.0f);
        l.distance = d(rng);
        int p = pr(rng);
        l.priority = p < 2 ? LabelPriority::Alarmed : p < 4 ? LabelPriority::Focused : LabelPriority::Normal;
        l.behindEye = p == 99;
    }
    return c;
}

TEST(LabelLayout, DeterministicAndIndependentOfScratchHistory) {
    LabelLayoutOptions o;
    o.viewport = vec2(1920.0f, 1080.0f);
    o.fadeStart = 150.0f;
    o.fadeEnd = 300.0f;
    std::vector<LabelCandidate> c = randomCandidates(3000, 7, o.viewport);
    // Ties everywhere: equal distances too.
    for (size_t i = 0; i < c.size(); i += 3) c[i].distance = 42.0f;
    std::vector<LabelPlacement> a, b;
    LabelLayoutScratch s1, s2;
    LabelLayoutStats sa = layoutLabels(c, o, a, s1);
    std::vector<LabelCandidate> other = randomCandidates(500, 9, o.viewport);
    std::vector<LabelPlacement> ignored;
    layoutLabels(other, o, ignored, s2); // s2 has seen other input first
    LabelLayoutStats sb = layoutLabels(c, o, b, s2);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].fate, b[i].fate) << i;
        EXPECT_EQ(a[i].min, b[i].min) << i;
        EXPECT_EQ(a[i].rank, b[i].rank) << i;
        EXPECT_EQ(a[i].alpha, b[i].alpha) << i;
    }
    EXPECT_EQ(sa.visible, sb.visible);
    EXPECT_EQ(sa.hiddenByDeclutter, sb.hiddenByDeclutter);
    EXPECT_GT(sa.hiddenByDeclutter, 0u) << "3000 labels on one screen must crowd";
    EXPECT_EQ(sa.visible + sa.hiddenByDeclutter + sa.beyondFade + sa.offScreen, uint32_t(c.size()));

    // Ranks follow the priority order: every alarmed label ranks before every focused one, which rank before
    // normal ones.
    uint32_t worstAlarmed = 0, bestNormal = UINT32_MAX;
    for (size_t i = 0; i < c.size(); ++i) {
        if (!a[i].visible()) continue;
        if (c[i].priority == LabelPriority::Alarmed) worstAlarmed = std::max(worstAlarmed, a[i].rank);
        if (c[i].priority == LabelPriority::Normal) bestNormal = std::min(bestNormal, a[i].rank);
    }
    EXPECT_LT(worstAlarmed, bestNormal);
    // No overlaps except where an alarmed label was forced in.
    if (sa.forcedOverlaps == 0) expectNoOverlap(a);
}

TEST(LabelLayout, SteadyStateReusesItsBuffers) {
    LabelLayoutOptions o;
    o.viewport = vec2(1920.0f, 1080.0f);
    std::vector<LabelCandidate> c = randomCandidates(2000, 3, o.viewport);
    std::vector<LabelPlacement> out;
    LabelLayoutScratch s;
    layoutLabels(c, o, out, s);
    const void* outData = out.data();
    const void* keys = s.keys.data();
    const void* cells = s.cells.data();
    const void* overflow = s.overflow.data();
    for (LabelCandidate& l : c) l.anchor += vec2(1.5f, -0.5f); // the camera moved a little
    layoutLabels(c, o, out, s);
    layoutLabels(c, o, out, s);
    EXPECT_EQ(out.data(), outData);
    EXPECT_EQ(s.keys.data(), keys);
    EXPECT_EQ(s.cells.data(), cells);
    EXPECT_EQ(s.overflow.data(), overflow);
}

} // namespace
} // namespace tv::ops
