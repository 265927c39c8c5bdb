// KpiBoard — the scene file's KPI tiles, live: each KpiDecl's expression evaluated against the twin, with its
// unit, target, status (good / warning / bad by the KPI's `better` rule), a sparkline history (the last 10 minutes
// at one sample per second of twin time) and that history's min / max.
//
// update() is cheap to call every frame: it does work at most every kKpiUpdateIntervalSeconds of twin time, and
// then re-evaluates a KPI only when one of its inputs changed, an entity appeared / disappeared, or it uses rate().
// Cost per update is O(references) with no allocation in steady state; history min / max are recomputed once per
// history sample (1 Hz), never per frame.
//
// Twin time going backwards (the timeline went to an earlier moment) clears the history and rate() samples: the
// board shows what the twin says from then on.
//
// Owns its evaluators and histories. Main thread (TwinRuntime's thread).
#pragma once

#include "core/expected.h"
#include "ops/kpi/kpi_evaluator.h"
#include "twin/scene_file.h"
#include "twin/twin_runtime.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tv::ops {

inline constexpr double kKpiUpdateIntervalSeconds = 0.1;     // 10 Hz
inline constexpr size_t kKpiHistorySamples = 600;            // one per second: 10 minutes
inline constexpr double kKpiTargetGoodFraction = 0.05;       // better = target: within ±5% good
inline constexpr double kKpiTargetWarningFraction = 0.15;    // ±15% warning, else bad
inline constexpr double kKpiThresholdWarningFraction = 0.10; // higher / lower: up to 10% on the wrong side warning

enum class KpiStatus : uint8_t {
    NoData,   // the value is not available (reason in Kpi::noDataReason)
    NoTarget, // a value but no target to judge it by
    Good,
    Warning,
    Bad,
};
const char* kpiStatusName(KpiStatus status); // "no data", "no target", "good", "warning", "bad"

// The status of `value` against `target` by `better` (docs/scene-format.md): Target: |value - target| within 5%
// of |target| good, 15% warning, else bad (a target of 0 needs the value to be exactly 0 to be good). Higher:
// value >= target good, >= target - 10% of |target| warning, else bad. Lower: mirrored. NaN -> NoData; no target
// -> NoTarget.
KpiStatus kpiStatusFor(double value, std::optional<double> target, twin::KpiBetter better);

struct Kpi {
    std::string name;
    std::string expression;
    std::string unit;
    std::optional<double> target;
    twin::KpiBetter better = twin::KpiBetter::Target;

    double value = std::numeric_limits<double>::quiet_NaN(); // NaN = no data
    std::string noDataReason;                                // set while value is NaN ("pump-9.flow: no entity ...")
    KpiStatus status = KpiStatus::NoData;
    // Over the history window (the sparkline); NaN while the history holds no value.
    double historyMin = std::numeric_limits<double>::quiet_NaN();
    double historyMax = std::numeric_limits<double>::quiet_NaN();
    uint64_t evaluations = 0; // how many times the expression was computed (unchanged inputs skip it)
};

class KpiBoard {
public:
    // One Kpi per SceneFile::kpis entry, expressions parsed now. Errors (ErrorCode::Parse) name the scene file,
    // the position of the KPI's expression, the KPI and the column inside the expression, e.g.
    //   scenes/plant.json:92:7: kpis[1].expression: kpi 'transfer flow': column 14: expected ')' after the
    //   arguments of sum, found the end
    static Expected<KpiBoard> create(const twin::SceneFile& file);
    // The same from parsed parts (tests, tools): `fileName` only prefixes messages.
    static Expected<KpiBoard> create(const std::vector<twin::KpiDecl>& kpis, const std::string& fileName);

    // Twin time in µs since the epoch (see docs/operator-panels.md). Call every frame.
    void update(const twin::TwinRuntime& runtime, uint64_t twinTimeUs);
    void update(const KpiSource& source, uint64_t twinTimeUs);

    size_t size() const { return m_entries.size(); }
    bool empty() const { return m_entries.empty(); }
    const Kpi& kpi(size_t i) const { return m_entries[i].kpi; }
    // The sparkline of KPI i: kKpiHistorySamples values, oldest first, one per second of twin time up to the
    // last update; NaN where there was no data (or before the board started). Valid until the next update().
    std::span<const float> history(size_t i) const;
    // Twin time (s) of the newest history sample (0 before the first update).
    double historyEndSeconds() const { return m_historyEndSeconds; }

private:
    struct Entry {
        Kpi kpi;
        KpiEvaluator evaluator;
        // The history ring written twice (at i and i + N) so the last N samples are always contiguous.
        std::vector<float> ring;
        size_t head = 0; // index of the oldest sample in [0, N)
    };

    explicit KpiBoard(std::vector<Entry> entries) : m_entries(std::move(entries)) {}
    void pushHistory(Entry& e, float value);
    void reset();

    std::vector<Entry> m_entries;
    bool m_started = false;
    uint64_t m_lastUpdateUs = 0;
    double m_historyEndSeconds = 0.0; // whole second of the newest history sample
};

} // namespace tv::ops
