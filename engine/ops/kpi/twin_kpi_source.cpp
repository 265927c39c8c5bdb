// TwinKpiSource (see twin_kpi_source.h).
#include "ops/kpi/twin_kpi_source.h"

namespace tv::ops {

uint64_t TwinKpiSource::generation() const { return m_runtime.entityGeneration(); }

void TwinKpiSource::forEachEntity(const std::function<void(std::string_view id, KpiEntity)>& fn) const {
    m_runtime.forEachEntity([&](const twin::LiveEntity& e) { fn(e.id, &e); });
}

KpiEntity TwinKpiSource::findEntity(std::string_view id) const { return m_runtime.findEntity(id); }

KpiRead TwinKpiSource::read(KpiEntity entity, std::string_view property, double& value) const {
    const twin::LiveProperty* p = static_cast<const twin::LiveEntity*>(entity)->findProperty(property);
    if (!p) return KpiRead::NoProperty;
    const net::OwnedValue& v = p->state.value;
    switch (v.type) {
    case net::ValueType::Number: value = v.number; return KpiRead::Number;
    case net::ValueType::Bool: value = v.boolean ? 1.0 : 0.0; return KpiRead::Number;
    default: return KpiRead::NotNumber;
    }
}

} // namespace tv::ops
