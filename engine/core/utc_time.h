// UTC text of a time in µs since the Unix epoch (twin time on the publisher's clock, hub and audit times): the one
// spelling every log line, notice, audit listing and panel uses, so a moment reads the same everywhere.
#pragma once

#include <cstdint>
#include <string>

namespace tv {

// "2026-11-24 14:02:31.250 UTC" (milliseconds truncated).
std::string utcDateTimeText(uint64_t unixMicros);
// "14:02:31", or "14:02:31.250" with `withMillis` (no " UTC": panels put it where it fits).
std::string utcClockText(uint64_t unixMicros, bool withMillis = false);

} // namespace tv
