// TwinKpiSource — the KpiSource (kpi_evaluator.h) view of a live twin::TwinRuntime: entity handles are
// LiveEntity pointers (valid while TwinRuntime::entityGeneration() is unchanged), values come from
// LiveEntity::findProperty; numbers as they are, bools as 0 / 1, anything else is not a number.
// Holds a reference only; construct one on the stack per update. Main thread (like TwinRuntime).
#pragma once

#include "ops/kpi/kpi_evaluator.h"
#include "twin/twin_runtime.h"

namespace tv::ops {

class TwinKpiSource final : public KpiSource {
public:
    explicit TwinKpiSource(const twin::TwinRuntime& runtime) : m_runtime(runtime) {}

    uint64_t generation() const override;
    void forEachEntity(const std::function<void(std::string_view id, KpiEntity)>& fn) const override;
    KpiEntity findEntity(std::string_view id) const override;
    KpiRead read(KpiEntity entity, std::string_view property, double& value) const override;

private:
    const twin::TwinRuntime& m_runtime;
};

} // namespace tv::ops
