#include "ops/timeline/twin_compare.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace tv::ops {
namespace {

struct Span {
    double min = INFINITY, max = -INFINITY;
    void add(double v) {
        if (!std::isfinite(v)) return;
        min = std::min(min, v);
        max = std::max(max, v);
    }
    double width() const { return max > min ? max - min : 0.0; }
};

bool isNumber(const net::PropertyState* p) { return p && p->value.type == net::ValueType::Number; }

const twin::PropertyDecl* declOf(const twin::SceneFile* file, const std::string& entity, const std::string& name) {
    if (!file) return nullptr;
    const twin::EntityDecl* e = file->findEntity(entity);
    return e ? e->findProperty(name) : nullptr;
}

} // namespace

Comparison compareStates(const net::TwinState& a, const net::TwinState& b, const twin::SceneFile* file) {
    Comparison out;
    // Every (entity, property) on either side, and the spread of each property name over both states.
    std::map<std::pair<std::string, std::string>, std::pair<const net::PropertyState*, const net::PropertyState*>> keys;
    std::map<std::string, Span> spread;
    auto collect = [&](const net::TwinState& s, bool left) {
        for (const auto& [id, e] : s.entities())
            for (const auto& [name, p] : e.properties) {
                auto& slot = keys[{id, name}];
                (left ? slot.first : slot.second) = &p;
                if (p.value.type == net::ValueType::Number) spread[name].add(p.value.number);
            }
    };
    collect(a, true);
    collect(b, false);

    std::map<std::string, double> score; // entity -> signed score
    for (const auto& [key, pair] : keys) {
        const auto& [pa, pb] = pair;
        CompareRow row;
        row.entity = key.first;
        row.property = key.second;
        const twin::PropertyDecl* decl = declOf(file, row.entity, row.property);
        const net::PropertyState* any = pa ? pa : pb;
        row.unit = any->unit.display();
        if (row.unit.empty() && decl) row.unit = decl->unit;
        row.a = pa ? pa->value.toDisplayString() : "-";
        row.b = pb ? pb->value.toDisplayString() : "-";
        if (isNumber(pa) && isNumber(pb)) {
            row.numeric = true;
            row.valueA = pa->value.number;
            row.valueB = pb->value.number;
            row.delta = row.valueB - row.valueA;
            double width = spread[row.property].width();
            if (decl && decl->min && decl->max && *decl->max > *decl->min) width = *decl->max - *decl->min;
            if (!std::isfinite(row.delta))
                row.normalised = pa->value.sameAs(pb->value) ? 0.0 : 1.0; // a reading appeared or went
            else if (row.delta == 0.0)
                row.normalised = 0.0;
            else
                row.normalised = width > 0.0 ? std::min(1.0, std::fabs(row.delta) / width) : 1.0;
            if (std::isfinite(row.delta) && row.delta != 0.0) {
                const double signedScore = std::copysign(row.normalised, row.delta);
                double& s = score[row.entity];
                if (std::fabs(signedScore) > std::fabs(s)) s = signedScore;
            } else {
                score.try_emplace(row.entity, 0.0);
            }
        } else {
            row.normalised = (pa && pb && pa->value.sameAs(pb->value)) ? 0.0 : 1.0;
            score.try_emplace(row.entity, 0.0);
        }
        out.rows.push_back(std::move(row));
    }
    std::stable_sort(out.rows.begin(), out.rows.end(), [](const CompareRow& x, const CompareRow& y) {
        return x.normalised > y.normalised; // keys were visited in (entity, property) order
    });
    for (const auto& [entity, s] : score) out.entities.push_back({entity, s});
    std::stable_sort(out.entities.begin(), out.entities.end(), [](const EntityChange& x, const EntityChange& y) {
        return std::fabs(x.score) > std::fabs(y.score);
    });

    for (const auto& [id, alarm] : a.alarms()) (b.alarms().count(id) ? out.alarmsBoth : out.alarmsOnlyA).push_back(id);
    for (const auto& [id, alarm] : b.alarms())
        if (!a.alarms().count(id)) out.alarmsOnlyB.push_back(id);
    return out;
}

vec3 divergingColour(double score) {
    const float s = float(std::clamp(score, -1.0, 1.0));
    const vec3 white(1.0f), blue(0.15f, 0.35f, 1.0f), red(1.0f, 0.15f, 0.1f);
    return s < 0.0f ? glm::mix(white, blue, -s) : glm::mix(white, red, s);
}

std::vector<EntityTintColour> differenceTints(const Comparison& comparison, double minScore) {
    std::vector<EntityTintColour> tints;
    for (const EntityChange& e : comparison.entities)
        if (std::fabs(e.score) >= minScore) tints.push_back({e.entity, divergingColour(e.score)});
    return tints;
}

} // namespace tv::ops
