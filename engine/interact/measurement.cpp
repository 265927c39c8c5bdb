// Measurement tool (see measurement.h).
#include "interact/measurement.h"

#include "core/assert.h"
#include "core/log.h"

#include <algorithm>
#include <cmath>

namespace tv::interact {

std::string Measurement::label(int decimals) const {
    decimals = std::clamp(decimals, 0, 9);
    vec3 d = glm::abs(delta());
    return format("%.*f m (dx %.*f, dy %.*f, dz %.*f)", decimals, double(distance()), decimals, double(d.x), decimals,
                  double(d.y), decimals, double(d.z));
}

std::optional<Measurement> MeasurementTool::addPoint(const MeasurePoint& point) {
    if (!m_pending) {
        m_pending = point;
        return std::nullopt;
    }
    Measurement m{*m_pending, point};
    m_pending.reset();
    m_done.push_back(m);
    return m;
}

std::optional<Measurement> MeasurementTool::preview(const MeasurePoint& cursor) const {
    if (!m_pending) return std::nullopt;
    return Measurement{*m_pending, cursor};
}

void MeasurementTool::remove(size_t index) {
    TV_ASSERT(index < m_done.size(), "measurement index out of range");
    m_done.erase(m_done.begin() + std::ptrdiff_t(index));
}

void MeasurementTool::clear() {
    m_done.clear();
    m_pending.reset();
}

} // namespace tv::interact
