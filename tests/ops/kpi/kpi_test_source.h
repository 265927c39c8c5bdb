// A table-backed KpiSource for the KPI tests: entities and their values set directly, with the generation bumped
// whenever an entity is added or removed (as TwinRuntime does).
#pragma once

#include "ops/kpi/kpi_evaluator.h"

#include <map>
#include <memory>
#include <string>
#include <variant>

namespace tv::ops::test {

struct TableSource final : KpiSource {
    using Value = std::variant<double, bool, std::string>;
    struct Entity {
        std::string id;
        std::map<std::string, Value, std::less<>> props;
    };
    std::map<std::string, std::unique_ptr<Entity>, std::less<>> entities;
    uint64_t gen = 1000;
    mutable int reads = 0;

    void set(const std::string& entity, const std::string& property, Value v) {
        auto it = entities.find(entity);
        if (it == entities.end()) {
            auto e = std::make_unique<Entity>();
            e->id = entity;
            it = entities.emplace(entity, std::move(e)).first;
            ++gen;
        }
        it->second->props[property] = std::move(v);
    }
    void remove(const std::string& entity) {
        entities.erase(entity);
        ++gen;
    }

    uint64_t generation() const override { return gen; }
    void forEachEntity(const std::function<void(std::string_view, KpiEntity)>& fn) const override {
        for (const auto& [id, e] : entities) fn(id, e.get());
    }
    KpiEntity findEntity(std::string_view id) const override {
        auto it = entities.find(id);
        return it == entities.end() ? nullptr : it->second.get();
    }
    KpiRead read(KpiEntity entity, std::string_view property, double& value) const override {
        ++reads;
        const Entity* e = static_cast<const Entity*>(entity);
        auto it = e->props.find(property);
        if (it == e->props.end()) return KpiRead::NoProperty;
        if (auto* d = std::get_if<double>(&it->second)) {
            value = *d;
            return KpiRead::Number;
        }
        if (auto* b = std::get_if<bool>(&it->second)) {
            value = *b ? 1.0 : 0.0;
            return KpiRead::Number;
        }
        return KpiRead::NotNumber;
    }
};

} // namespace tv::ops::test
