// Hand-made live-twin values for the panel and format tests (no TwinRuntime needed).
#pragma once

#include "twin/twin_runtime.h"

#include <cstdint>

namespace tv::test {

// A numeric live property `name` = v with its display unit, last changed at `at` (runtime clock), measured at
// `sourceUs` (0 = the source sent no timestamp).
inline twin::LiveProperty numberProperty(const char* name, double v, const char* unit, double at = 0.0,
                                         uint64_t sourceUs = 0) {
    twin::LiveProperty p;
    p.name = name;
    p.state.value.type = net::ValueType::Number;
    p.state.value.number = v;
    p.state.sourceTimestampUs = sourceUs;
    p.unit = unit;
    p.updatedAtSeconds = at;
    return p;
}

} // namespace tv::test
