// KPI evaluation (see kpi_evaluator.h). NaN is the "no data" value and propagates through arithmetic; every
// subtree is evaluated even once the result is known to be NaN, so each rate() keeps sampling its input.
#include "ops/kpi/kpi_evaluator.h"

#include "core/assert.h"
#include "core/log.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tv::ops {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kRateCapacity = 130; // samples kept per rate(): ~128 across the window plus the one before it

bool sameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

} // namespace

KpiEvaluator::KpiEvaluator(KpiExpression expression) : m_expr(std::move(expression)) {
    m_refSlots.resize(m_expr.refs.size());
    m_rateIndex.assign(m_expr.nodes.size(), -1);
    for (size_t i = 0; i < m_expr.nodes.size(); ++i) {
        const KpiNode& n = m_expr.nodes[i];
        if (n.kind != KpiNodeKind::Rate) continue;
        m_rateIndex[i] = int32_t(m_rates.size());
        RateState r;
        r.ring.resize(kRateCapacity);
        r.spacing = n.windowSeconds / double(kRateCapacity - 2);
        m_rates.push_back(std::move(r));
    }
}

void KpiEvaluator::resolve(const KpiSource& source) {
    m_slots.clear();
    std::vector<std::pair<std::string_view, KpiEntity>> all;
    bool anyWildcard = std::any_of(m_expr.refs.begin(), m_expr.refs.end(), [](const KpiRef& r) { return r.wildcard; });
    if (anyWildcard) {
        source.forEachEntity([&](std::string_view id, KpiEntity e) { all.emplace_back(id, e); });
        // Deterministic member order (messages name the first failing member; min/max ties do not matter).
        std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    for (size_t r = 0; r < m_expr.refs.size(); ++r) {
        const KpiRef& ref = m_expr.refs[r];
        m_refSlots[r].first = uint32_t(m_slots.size());
        if (!ref.wildcard) {
            Slot s;
            s.entity = source.findEntity(ref.entity);
            s.entityId = ref.entity;
            m_slots.push_back(std::move(s));
        } else {
            for (const auto& [id, e] : all)
                if (kpiGlobMatch(ref.entity, id)) {
                    Slot s;
                    s.entity = e;
                    s.entityId = std::string(id);
                    m_slots.push_back(std::move(s));
                }
        }
        m_refSlots[r].count = uint32_t(m_slots.size()) - m_refSlots[r].first;
    }
    m_generation = source.generation();
    m_resolved = true;
}

bool KpiEvaluator::refresh(const KpiSource& source) {
    bool changed = false;
    if (!m_resolved || source.generation() != m_generation) {
        resolve(source); // rare (an entity appeared or went): evaluate again whatever the values say
        changed = true;
    }
    for (size_t r = 0; r < m_expr.refs.size(); ++r) {
        const std::string& property = m_expr.refs[r].property;
        for (uint32_t i = 0; i < m_refSlots[r].count; ++i) {
            Slot& s = m_slots[m_refSlots[r].first + i];
            double v = kNaN;
            KpiRead read = s.entity ? source.read(s.entity, property, v) : KpiRead::NoProperty;
            if (read != KpiRead::Number) v = kNaN;
            if (read != s.read || !sameBits(v, s.value)) changed = true;
            s.read = read;
            s.value = v;
        }
    }
    return changed;
}

void KpiEvaluator::fail(KpiNoData kind, uint32_t node, uint32_t slot) {
    if (m_cause.kind == KpiNoData::None) m_cause = {kind, node, slot}; // the first cause (left to right) is reported
}

double KpiEvaluator::readSlot(uint32_t node, uint32_t slot) {
    const Slot& s = m_slots[slot];
    if (!s.entity) {
        fail(KpiNoData::NoEntity, node, slot);
        return kNaN;
    }
    switch (s.read) {
    case KpiRead::NoProperty: fail(KpiNoData::NoProperty, node, slot); return kNaN;
    case KpiRead::NotNumber: fail(KpiNoData::NotNumber, node, slot); return kNaN;
    case KpiRead::Number: break;
    }
    if (!std::isfinite(s.value)) {
        fail(KpiNoData::NoReading, node, slot);
        return kNaN;
    }
    return s.value;
}

double KpiEvaluator::aggregate(const KpiNode& n, uint32_t node, double t) {
    double sum = 0.0, lo = INFINITY, hi = -INFINITY;
    size_t count = 0;
    bool failed = false;
    auto take = [&](double v) {
        sum += v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        ++count;
    };
    for (uint32_t a : n.args) {
        const KpiNode& arg = m_expr.nodes[a];
        if (arg.kind == KpiNodeKind::Ref && m_expr.refs[arg.ref].wildcard) {
            // Members without the property are not members (pump-* may match a pump group node): skipped.
            const RefSlots& rs = m_refSlots[arg.ref];
            for (uint32_t i = 0; i < rs.count; ++i) {
                const Slot& s = m_slots[rs.first + i];
                if (s.read == KpiRead::NoProperty) continue;
                if (n.kind == KpiNodeKind::Count) {
                    if (s.read == KpiRead::Number && std::isfinite(s.value)) ++count;
                    continue;
                }
                double v = readSlot(a, rs.first + i);
                if (std::isnan(v))
                    failed = true;
                else
                    take(v);
            }
            continue;
        }
        if (n.kind == KpiNodeKind::Count) { // count: how many of its values are available; a missing one is not
            Cause saved = m_cause;          // an error, so its cause is dropped
            double v = eval(a, t);
            m_cause = saved;
            if (std::isfinite(v)) ++count;
            continue;
        }
        double v = eval(a, t);
        if (std::isnan(v))
            failed = true;
        else
            take(v);
    }
    if (n.kind == KpiNodeKind::Count) return double(count);
    if (failed) return kNaN;
    if (count == 0) {
        fail(KpiNoData::NoValues, node);
        return kNaN;
    }
    switch (n.kind) {
    case KpiNodeKind::Sum: return sum;
    case KpiNodeKind::Mean: return sum / double(count);
    case KpiNodeKind::Min: return lo;
    case KpiNodeKind::Max: return hi;
    default: break;
    }
    TV_ASSERT(false, "aggregate: not an aggregate node");
    return kNaN;
}

double KpiEvaluator::rate(const KpiNode& n, uint32_t node, double t) {
    double v = eval(n.args[0], t);
    RateState& r = m_rates[size_t(m_rateIndex[node])];
    const size_t cap = r.ring.size();
    auto at = [&](size_t i) -> Sample& { return r.ring[(r.head + i) % cap]; };
    if (std::isnan(v)) return kNaN; // the input's cause is already recorded; keep the samples for when it returns
    if (r.size > 0 && t < at(r.size - 1).t) r.size = 0; // time went backwards: start over
    if (r.size == 0 || t - at(r.size - 1).t >= r.spacing) {
        if (r.size == cap) { // full (only when samples come faster than the spacing allows: cannot happen, but safe)
            r.head = (r.head + 1) % cap;
            --r.size;
        }
        at(r.size) = {t, v};
        ++r.size;
    }
    // Keep exactly one sample at or before the window's start, so the rate spans the whole window once warm.
    while (r.size >= 2 && at(1).t <= t - n.windowSeconds) {
        r.head = (r.head + 1) % cap;
        --r.size;
    }
    const Sample& oldest = at(0);
    if (r.size == 0 || !(t > oldest.t)) {
        fail(KpiNoData::RateWarmup, node);
        return kNaN;
    }
    return (v - oldest.v) / (t - oldest.t);
}

double KpiEvaluator::eval(uint32_t node, double t) {
    const KpiNode& n = m_expr.nodes[node];
    switch (n.kind) {
    case KpiNodeKind::Number: return n.number;
    case KpiNodeKind::Ref: return readSlot(node, m_refSlots[n.ref].first); // plain references have one slot
    case KpiNodeKind::Negate: return -eval(n.args[0], t);
    case KpiNodeKind::Add: {
        double a = eval(n.args[0], t);
        return a + eval(n.args[1], t);
    }
    case KpiNodeKind::Subtract: {
        double a = eval(n.args[0], t);
        return a - eval(n.args[1], t);
    }
    case KpiNodeKind::Multiply: {
        double a = eval(n.args[0], t);
        return a * eval(n.args[1], t);
    }
    case KpiNodeKind::Divide: {
        double a = eval(n.args[0], t);
        double b = eval(n.args[1], t);
        if (b == 0.0) {
            fail(KpiNoData::DivideByZero, node);
            return kNaN;
        }
        return a / b;
    }
    case KpiNodeKind::Sum:
    case KpiNodeKind::Mean:
    case KpiNodeKind::Min:
    case KpiNodeKind::Max:
    case KpiNodeKind::Count: return aggregate(n, node, t);
    case KpiNodeKind::Rate: return rate(n, node, t);
    }
    return kNaN;
}

double KpiEvaluator::evaluate(double timeSeconds) {
    TV_ASSERT(m_resolved, "KpiEvaluator::evaluate before refresh");
    m_cause = {};
    double v = eval(m_expr.root, timeSeconds);
    if (m_cause.kind == KpiNoData::None && !std::isfinite(v)) fail(KpiNoData::NotFinite, m_expr.root);
    if (m_cause.kind != KpiNoData::None) v = kNaN;
    if (!(m_cause == m_reported)) {
        m_reported = m_cause;
        m_reason = m_cause.kind == KpiNoData::None ? std::string() : describe(m_cause);
    }
    return v;
}

void KpiEvaluator::resetRates() {
    for (RateState& r : m_rates) r.head = r.size = 0;
}

std::string KpiEvaluator::describe(const Cause& c) const {
    const KpiNode& n = m_expr.nodes[c.node];
    auto refText = [&]() {
        const Slot& s = m_slots[c.slot];
        return s.entityId + "." + m_expr.refs[n.ref].property;
    };
    switch (c.kind) {
    case KpiNoData::None: return {};
    case KpiNoData::NoEntity:
        return format("%s: no entity \"%s\"", refText().c_str(), m_slots[c.slot].entityId.c_str());
    case KpiNoData::NoProperty: return format("%s: no value yet", refText().c_str());
    case KpiNoData::NotNumber: return format("%s is not a number", refText().c_str());
    case KpiNoData::NoReading: return format("%s has no valid reading", refText().c_str());
    case KpiNoData::DivideByZero: return format("division by zero (the '/' at column %u)", n.column);
    case KpiNoData::NoValues: {
        std::string what = format("%s() at column %u has no values", KpiExpression::kindName(n.kind), n.column);
        for (uint32_t a : n.args) {
            const KpiNode& arg = m_expr.nodes[a];
            if (arg.kind == KpiNodeKind::Ref && m_expr.refs[arg.ref].wildcard)
                return what + format(" (%s matches no entity with that property)", m_expr.refs[arg.ref].text().c_str());
        }
        return what;
    }
    case KpiNoData::RateWarmup:
        return format("rate() at column %u: waiting for a second sample (window %g s)", n.column, n.windowSeconds);
    case KpiNoData::NotFinite: return "the result is not a finite number";
    }
    return "no data";
}

} // namespace tv::ops
