// KpiBoard (see kpi_board.h).
#include "ops/kpi/kpi_board.h"

#include "core/log.h"
#include "ops/kpi/twin_kpi_source.h"

#include <algorithm>
#include <cmath>

namespace tv::ops {

const char* kpiStatusName(KpiStatus status) {
    switch (status) {
    case KpiStatus::NoData: return "no data";
    case KpiStatus::NoTarget: return "no target";
    case KpiStatus::Good: return "good";
    case KpiStatus::Warning: return "warning";
    case KpiStatus::Bad: return "bad";
    }
    return "?";
}

KpiStatus kpiStatusFor(double value, std::optional<double> target, twin::KpiBetter better) {
    if (!std::isfinite(value)) return KpiStatus::NoData;
    if (!target) return KpiStatus::NoTarget;
    const double t = *target;
    const double scale = std::abs(t);
    switch (better) {
    case twin::KpiBetter::Target: {
        double off = std::abs(value - t);
        if (off <= kKpiTargetGoodFraction * scale) return KpiStatus::Good;
        if (off <= kKpiTargetWarningFraction * scale) return KpiStatus::Warning;
        return KpiStatus::Bad;
    }
    case twin::KpiBetter::Higher:
        if (value >= t) return KpiStatus::Good;
        return value >= t - kKpiThresholdWarningFraction * scale ? KpiStatus::Warning : KpiStatus::Bad;
    case twin::KpiBetter::Lower:
        if (value <= t) return KpiStatus::Good;
        return value <= t + kKpiThresholdWarningFraction * scale ? KpiStatus::Warning : KpiStatus::Bad;
    }
    return KpiStatus::NoData;
}

Expected<KpiBoard> KpiBoard::create(const twin::SceneFile& file) {
    return create(file.kpis, file.path.empty() ? std::string("<scene>") : file.path);
}

Expected<KpiBoard> KpiBoard::create(const std::vector<twin::KpiDecl>& kpis, const std::string& fileName) {
    std::vector<Entry> entries;
    entries.reserve(kpis.size());
    for (size_t i = 0; i < kpis.size(); ++i) {
        const twin::KpiDecl& d = kpis[i];
        auto expr = parseKpiExpression(d.expression);
        if (!expr)
            return makeError(ErrorCode::Parse, format("%s:%u:%u: kpis[%zu].expression: kpi '%s': %s", fileName.c_str(),
                                                      d.expressionPos.line, d.expressionPos.column, i, d.name.c_str(),
                                                      expr.error().message.c_str()));
        Kpi k;
        k.name = d.name;
        k.expression = d.expression;
        k.unit = d.unit;
        k.target = d.target;
        k.better = d.better;
        k.noDataReason = "not evaluated yet";
        Entry e{std::move(k), KpiEvaluator(std::move(*expr)), {}, 0};
        e.ring.assign(2 * kKpiHistorySamples, std::numeric_limits<float>::quiet_NaN());
        entries.push_back(std::move(e));
    }
    return KpiBoard(std::move(entries));
}

std::span<const float> KpiBoard::history(size_t i) const {
    const Entry& e = m_entries[i];
    return std::span<const float>(e.ring.data() + e.head, kKpiHistorySamples);
}

void KpiBoard::pushHistory(Entry& e, float value) {
    // Overwrite the oldest sample (at head and its mirror), then head moves on: the window [head, head + N) now
    // ends with `value`.
    e.ring[e.head] = value;
    e.ring[e.head + kKpiHistorySamples] = value;
    e.head = (e.head + 1) % kKpiHistorySamples;
}

void KpiBoard::reset() {
    for (Entry& e : m_entries) {
        std::fill(e.ring.begin(), e.ring.end(), std::numeric_limits<float>::quiet_NaN());
        e.head = 0;
        e.evaluator.resetRates();
        e.kpi.historyMin = e.kpi.historyMax = std::numeric_limits<double>::quiet_NaN();
    }
    m_started = false;
}

void KpiBoard::update(const twin::TwinRuntime& runtime, uint64_t twinTimeUs) {
    update(TwinKpiSource(runtime), twinTimeUs);
}

void KpiBoard::update(const KpiSource& source, uint64_t twinTimeUs) {
    const double now = double(twinTimeUs) * 1e-6;
    // Whole microseconds: seconds since the epoch as doubles are too coarse to compare 100 ms steps exactly.
    const uint64_t intervalUs = uint64_t(kKpiUpdateIntervalSeconds * 1e6);
    if (m_started && twinTimeUs + 1'000'000u < m_lastUpdateUs) reset(); // the timeline went back in time
    if (m_started && twinTimeUs >= m_lastUpdateUs && twinTimeUs - m_lastUpdateUs < intervalUs) return;
    const bool first = !m_started;
    m_started = true;
    m_lastUpdateUs = twinTimeUs;

    // History: one sample per whole second of twin time; seconds skipped (no update for a while) are gaps.
    const double second = std::floor(now);
    size_t historySteps = 0;
    if (first) {
        historySteps = 1;
    } else if (second > m_historyEndSeconds) {
        historySteps = size_t(std::min(second - m_historyEndSeconds, double(kKpiHistorySamples)));
    }
    if (historySteps > 0) m_historyEndSeconds = second;

    for (Entry& e : m_entries) {
        bool changed = e.evaluator.refresh(source);
        if (changed || first || e.evaluator.hasRate()) {
            Kpi& k = e.kpi;
            k.value = e.evaluator.evaluate(now);
            ++k.evaluations;
            if (std::isnan(k.value)) {
                if (k.noDataReason != e.evaluator.noDataReason()) k.noDataReason = e.evaluator.noDataReason();
            } else if (!k.noDataReason.empty()) {
                k.noDataReason.clear();
            }
            k.status = kpiStatusFor(k.value, k.target, k.better);
        }
        if (historySteps == 0) continue;
        for (size_t s = 1; s < historySteps; ++s) pushHistory(e, std::numeric_limits<float>::quiet_NaN());
        pushHistory(e, float(e.kpi.value));
        double lo = INFINITY, hi = -INFINITY;
        for (float v : history(size_t(&e - m_entries.data())))
            if (std::isfinite(v)) {
                lo = std::min(lo, double(v));
                hi = std::max(hi, double(v));
            }
        e.kpi.historyMin = lo <= hi ? lo : std::numeric_limits<double>::quiet_NaN();
        e.kpi.historyMax = lo <= hi ? hi : std::numeric_limits<double>::quiet_NaN();
    }
}

} // namespace tv::ops
