// HistoryRing: append/wrap/out-of-order, step lookup, and the decimated column query and pyramid min/max checked
// against a brute-force scan of the same samples (random data, wrapped storage, NaN gaps).
#include "ops/history/history_query.h"
#include "ops/history/history_ring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace tv::ops;

namespace {

// Reference decimation: scans every sample.
std::vector<HistoryColumn> bruteColumns(const std::vector<HistorySample>& s, uint64_t t0, uint64_t t1, size_t n,
                                        uint64_t limit = UINT64_MAX) {
    std::vector<HistoryColumn> out(n);
    const double w = double(t1 - t0) / double(n);
    for (const HistorySample& x : s) {
        if (x.timeUs < t0 || x.timeUs > t1 || x.timeUs >= limit) continue;
        size_t c = n - 1;
        for (size_t k = 0; k < n; ++k) {
            if (x.timeUs < t0 + uint64_t(std::llround(w * double(k + 1)))) {
                c = k;
                break;
            }
        }
        HistoryColumn& col = out[c];
        if (col.count == 0) col.first = x.value;
        col.last = x.value;
        ++col.count;
        if (std::isfinite(x.value)) {
            col.min = col.finite ? std::min(col.min, x.value) : x.value;
            col.max = col.finite ? std::max(col.max, x.value) : x.value;
            col.finite = 1;
        }
    }
    return out;
}

void expectSameColumns(const std::vector<HistoryColumn>& a, const std::vector<HistoryColumn>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t c = 0; c < a.size(); ++c) {
        SCOPED_TRACE(c);
        ASSERT_EQ(a[c].count, b[c].count);
        if (a[c].count == 0) continue;
        EXPECT_EQ(a[c].finite != 0, b[c].finite != 0);
        if (a[c].finite) {
            EXPECT_EQ(a[c].min, b[c].min);
            EXPECT_EQ(a[c].max, b[c].max);
        }
        EXPECT_TRUE(a[c].first == b[c].first || (std::isnan(a[c].first) && std::isnan(b[c].first)));
        EXPECT_TRUE(a[c].last == b[c].last || (std::isnan(a[c].last) && std::isnan(b[c].last)));
    }
}

} // namespace

TEST(HistoryRing, AppendsInOrderAndWrapsKeepingTheNewest) {
    HistoryRing r(256);
    EXPECT_EQ(r.capacity(), 256u);
    EXPECT_TRUE(r.empty());
    for (uint64_t i = 0; i < 300; ++i) EXPECT_TRUE(r.append(1000 + i * 10, double(i)));
    EXPECT_EQ(r.size(), 256u);
    EXPECT_EQ(r.at(0).value, 44.0); // 300 - 256
    EXPECT_EQ(r.at(255).value, 299.0);
    EXPECT_EQ(r.earliestUs(), 1000u + 44 * 10);
    EXPECT_EQ(r.latestUs(), 1000u + 299 * 10);
}

TEST(HistoryRing, CapacityRoundsUpToWholeBlocks) {
    EXPECT_EQ(HistoryRing(1).capacity(), 16u);
    EXPECT_EQ(HistoryRing(300).capacity(), 304u);
    EXPECT_GT(HistoryRing::memoryBytesFor(65536), 65536u * sizeof(HistorySample));
}

TEST(HistoryRing, DropsAndCountsOutOfOrderSamplesButKeepsEqualTimes) {
    HistoryRing r(256);
    EXPECT_TRUE(r.append(100, 1.0));
    EXPECT_TRUE(r.append(200, 2.0));
    EXPECT_FALSE(r.append(150, 9.0));
    EXPECT_TRUE(r.append(200, 3.0)); // same frame, second change
    EXPECT_EQ(r.size(), 3u);
    EXPECT_EQ(r.droppedOutOfOrder(), 1u);
    EXPECT_EQ(r.valueAt(200)->value, 3.0);
}

TEST(HistoryRing, ValueAtIsTheSampleInForce) {
    HistoryRing r(256);
    r.append(100, 1.0);
    r.append(200, 2.0);
    r.append(300, std::numeric_limits<double>::quiet_NaN());
    EXPECT_FALSE(r.valueAt(99).has_value());
    EXPECT_EQ(r.valueAt(100)->value, 1.0);
    EXPECT_EQ(r.valueAt(199)->value, 1.0);
    EXPECT_EQ(r.valueAt(250)->timeUs, 200u);
    EXPECT_TRUE(std::isnan(r.valueAt(1000)->value)); // "no reading" is in force after 300
}

TEST(HistoryRing, RangeMinMaxMatchesAScanAcrossWrapAndNaN) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> val(-100.0, 100.0);
    HistoryRing r(1024);
    std::vector<HistorySample> all;
    for (uint64_t i = 0; i < 2900; ++i) { // wraps almost three times: the pyramid restarts blocks mid-ring
        double v = (i % 97 == 0) ? std::numeric_limits<double>::quiet_NaN() : val(rng);
        r.append(i, v);
        all.push_back({i, v});
    }
    ASSERT_EQ(r.size(), 1024u);
    std::vector<HistorySample> held(all.end() - 1024, all.end());
    std::uniform_int_distribution<size_t> idx(0, 1024);
    for (int trial = 0; trial < 2000; ++trial) {
        size_t a = idx(rng), b = idx(rng);
        if (a > b) std::swap(a, b);
        double mn = INFINITY, mx = -INFINITY;
        for (size_t i = a; i < b; ++i) {
            if (std::isfinite(held[i].value)) {
                mn = std::min(mn, held[i].value);
                mx = std::max(mx, held[i].value);
            }
        }
        double gotMin = 0, gotMax = 0;
        bool any = r.rangeMinMax(a, b, gotMin, gotMax);
        ASSERT_EQ(any, mn <= mx) << a << ".." << b;
        if (any) {
            ASSERT_EQ(gotMin, mn) << a << ".." << b;
            ASSERT_EQ(gotMax, mx) << a << ".." << b;
        }
    }
}

TEST(HistoryRing, ColumnsMatchABruteForceDecimation) {
    std::mt19937 rng(11);
    std::uniform_int_distribution<uint64_t> gap(0, 40);
    std::normal_distribution<double> val(50.0, 10.0);
    HistoryRing r(4096);
    std::vector<HistorySample> all;
    uint64_t t = 1'000'000;
    for (int i = 0; i < 10000; ++i) {
        t += gap(rng); // irregular spacing, repeated times included
        double v = (i % 501 == 0) ? std::numeric_limits<double>::infinity() : val(rng);
        r.append(t, v);
        all.push_back({t, v});
    }
    std::vector<HistorySample> held(all.end() - 4096, all.end());
    const uint64_t e = r.earliestUs(), l = r.latestUs();
    struct Window {
        uint64_t t0, t1;
        size_t n;
    };
    for (Window w : {Window{e, l, 600}, Window{e - 5000, l + 5000, 333}, Window{e + 1000, e + 1500, 600},
                     Window{(e + l) / 2, l, 7}, Window{l + 1, l + 100, 50}, Window{e + 17, e + 18, 3}}) {
        SCOPED_TRACE(w.n);
        std::vector<HistoryColumn> got(w.n);
        r.columns(w.t0, w.t1, got);
        expectSameColumns(got, bruteColumns(held, w.t0, w.t1, w.n));
        // With a limit (the archive stops where live starts).
        const uint64_t limit = (w.t0 + w.t1) / 2;
        r.columns(w.t0, w.t1, got, limit);
        expectSameColumns(got, bruteColumns(held, w.t0, w.t1, w.n, limit));
    }
}

TEST(HistoryRing, ResizedKeepsTheNewestSamples) {
    HistoryRing r(1024);
    for (uint64_t i = 0; i < 1000; ++i) r.append(i, double(i));
    r.append(5, 0.0); // dropped
    HistoryRing s = r.resized(256);
    EXPECT_EQ(s.capacity(), 256u);
    EXPECT_EQ(s.size(), 256u);
    EXPECT_EQ(s.at(0).value, 744.0);
    EXPECT_EQ(s.latestUs(), 999u);
    EXPECT_EQ(s.droppedOutOfOrder(), 1u);
    double mn = 0, mx = 0;
    ASSERT_TRUE(s.rangeMinMax(0, 256, mn, mx));
    EXPECT_EQ(mn, 744.0);
    EXPECT_EQ(mx, 999.0);
}

TEST(HistoryQuery, ArchiveAnswersOnlyBeforeTheLiveRing) {
    HistoryRing archive(256), live(256);
    for (uint64_t t = 0; t < 100; ++t) archive.append(t * 10, 1.0); // 0..990
    for (uint64_t t = 50; t < 150; ++t) live.append(t * 10, 2.0);   // 500..1490 (overlaps the archive)
    HistorySource src{&live, &archive};
    EXPECT_EQ(src.earliestUs(), 0u);
    EXPECT_EQ(src.latestUs(), 1490u);
    EXPECT_EQ(historyValueAt(src, 250)->value, 1.0);
    EXPECT_EQ(historyValueAt(src, 500)->value, 2.0);
    EXPECT_EQ(historyValueAt(src, 800)->value, 2.0); // live wins in the overlap
    std::vector<HistoryColumn> out(15), scratch;
    historyColumns(src, 0, 1500, out, scratch); // 100 µs per column
    EXPECT_EQ(out[0].count, 10u);
    EXPECT_EQ(out[0].max, 1.0);
    EXPECT_EQ(out[5].min, 2.0); // 500..599: live only
    EXPECT_EQ(out[5].count, 10u);
    EXPECT_EQ(out[9].max, 2.0); // 900..999: the archive's samples there are not counted
    HistorySource liveOnly{&live, nullptr}, archiveOnly{nullptr, &archive};
    EXPECT_FALSE(historyValueAt(liveOnly, 250).has_value());
    EXPECT_EQ(historyValueAt(archiveOnly, 5000)->value, 1.0);
    EXPECT_TRUE(HistorySource{}.empty());
}
