// KPI evaluation — computes a parsed KpiExpression (kpi_expression.h) against live property values.
//
// The values come through KpiSource, a narrow read-only view of the twin: TwinKpiSource (twin_kpi_source.h)
// adapts twin::TwinRuntime, tests use a table. References are resolved to entity handles once and resolved again
// only when the source's generation changes (an entity appeared or disappeared), wildcards are expanded at the
// same moment, so a refresh costs O(references) with no allocation in steady state.
//
// Missing or unusable inputs never throw or crash: the result is "no data" (NaN) with a reason naming the
// reference ("pump-9.flow: no entity \"pump-9\""). Bool properties count as 0 / 1 (so mean(pump-*.running) * 100
// is an availability in %); strings are not numbers.
//
// Owns the resolution cache and each rate()'s own samples. Main thread (whoever calls refresh/evaluate).
#pragma once

#include "ops/kpi/kpi_expression.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace tv::ops {

// An opaque entity handle handed out by a KpiSource; valid while the source's generation() is unchanged.
using KpiEntity = const void*;

enum class KpiRead : uint8_t {
    Number,     // `value` is set (possibly NaN: the feed's "no valid reading")
    NoProperty, // the entity has no such property (yet)
    NotNumber,  // a string (or vector) property
};

class KpiSource {
public:
    virtual ~KpiSource() = default;
    // Changes whenever entities appear or disappear; handles from an older generation must not be used. Values
    // must be unique across sources (a new source must not repeat an old source's generation).
    virtual uint64_t generation() const = 0;
    // Every entity, any order (wildcard expansion, only when the generation changed).
    virtual void forEachEntity(const std::function<void(std::string_view id, KpiEntity)>& fn) const = 0;
    // The entity named `id`, or nullptr.
    virtual KpiEntity findEntity(std::string_view id) const = 0;
    // The numeric value of `property` of `entity` (non-null, from this generation). O(log properties) at most.
    virtual KpiRead read(KpiEntity entity, std::string_view property, double& value) const = 0;
};

enum class KpiNoData : uint8_t {
    None,
    NoEntity,     // a plain reference names an entity the twin does not have
    NoProperty,   // the entity exists but has no such property (yet)
    NotNumber,    // the property is a string
    NoReading,    // the property's value is NaN / infinite
    DivideByZero, // a '/' whose right side is 0
    NoValues,     // sum / mean / min / max over nothing (a wildcard that matched no entity with the property)
    RateWarmup,   // rate() has fewer than two samples at different times
    NotFinite,    // the result overflowed
};

class KpiEvaluator {
public:
    explicit KpiEvaluator(KpiExpression expression);

    // Reads every referenced value from `source` (re-resolving references first when its generation changed).
    // Returns true when anything differs from the previous refresh: a value (bitwise), a property appearing or
    // disappearing, an entity appearing. O(references); no allocation unless the generation changed.
    bool refresh(const KpiSource& source);

    // Computes the expression from the values of the last refresh. `timeSeconds` (twin time) feeds rate(): each
    // call adds a sample to every rate node. Returns NaN for no data (then noData() / noDataReason() say why).
    double evaluate(double timeSeconds);

    KpiNoData noData() const { return m_cause.kind; }
    // "" when the last evaluation had data; built only when the cause changes.
    const std::string& noDataReason() const { return m_reason; }
    const KpiExpression& expression() const { return m_expr; }
    bool hasRate() const { return m_expr.hasRate; }
    // Forgets rate() samples (twin time jumped backwards: the timeline went to an earlier moment).
    void resetRates();

private:
    struct Slot {
        KpiEntity entity = nullptr;
        std::string entityId; // for messages (wildcard members)
        KpiRead read = KpiRead::NoProperty;
        double value = std::numeric_limits<double>::quiet_NaN();
    };
    struct RefSlots {
        uint32_t first = 0;
        uint32_t count = 0;
    };
    struct Sample {
        double t = 0.0;
        double v = 0.0;
    };
    struct RateState { // a ring of samples spaced at least window / (capacity - 2) apart
        std::vector<Sample> ring;
        size_t head = 0; // oldest
        size_t size = 0;
        double spacing = 0.0;
    };
    struct Cause {
        KpiNoData kind = KpiNoData::None;
        uint32_t node = 0;
        uint32_t slot = 0;
        bool operator==(const Cause&) const = default;
    };

    void resolve(const KpiSource& source);
    double eval(uint32_t node, double t);
    double readSlot(uint32_t node, uint32_t slot);
    double aggregate(const KpiNode& n, uint32_t node, double t);
    double rate(const KpiNode& n, uint32_t node, double t);
    void fail(KpiNoData kind, uint32_t node, uint32_t slot = 0);
    std::string describe(const Cause& cause) const;

    KpiExpression m_expr;
    std::vector<RefSlots> m_refSlots; // parallel to m_expr.refs
    std::vector<Slot> m_slots;
    std::vector<int32_t> m_rateIndex; // per node: index into m_rates, -1 for other kinds
    std::vector<RateState> m_rates;
    uint64_t m_generation = 0;
    bool m_resolved = false;
    Cause m_cause;
    Cause m_reported; // the cause m_reason describes
    std::string m_reason;
};

} // namespace tv::ops
