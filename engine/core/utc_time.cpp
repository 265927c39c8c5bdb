#include "core/utc_time.h"

#include "core/log.h"

#include <ctime>

namespace tv {
namespace {

std::tm utcOf(uint64_t unixMicros) {
    const std::time_t seconds = std::time_t(unixMicros / 1'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return utc;
}

unsigned millisOf(uint64_t unixMicros) { return unsigned(unixMicros / 1000 % 1000); }

} // namespace

std::string utcDateTimeText(uint64_t unixMicros) {
    const std::tm utc = utcOf(unixMicros);
    return format("%04d-%02d-%02d %02d:%02d:%02d.%03u UTC", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                  utc.tm_hour, utc.tm_min, utc.tm_sec, millisOf(unixMicros));
}

std::string utcClockText(uint64_t unixMicros, bool withMillis) {
    const std::tm utc = utcOf(unixMicros);
    if (withMillis) return format("%02d:%02d:%02d.%03u", utc.tm_hour, utc.tm_min, utc.tm_sec, millisOf(unixMicros));
    return format("%02d:%02d:%02d", utc.tm_hour, utc.tm_min, utc.tm_sec);
}

} // namespace tv
