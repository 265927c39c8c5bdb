// Twin formatting — the text and colours the live-twin panels share: property values with units, ages ("2.1 s
// ago"), UTC source times, replay clock labels, alarm severity and feed liveness colours, per-severity alarm
// counts and an updates-per-second meter fed from monotonic counters. Pure functions and plain values (no ImGui
// calls, so they are testable as text); colours are ImU32 so the panels use them directly. Any thread.
#pragma once

#include "net/feed/feed_types.h"
#include "twin/twin_runtime.h"

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tv::ui {

// "1200 rpm", "true", "open", "(1, 2, 3) m", "no reading" (NaN / inf: never followed by a unit).
std::string propertyValueText(const twin::LiveProperty& property);
// True when a number (or any vector component) is not finite: shown as "no reading" in its own style.
bool isNoReading(const net::OwnedValue& value);

// Age of something that happened at `thenSeconds`, seen at `nowSeconds` (same clock): "0.4 s ago", "2.1 s ago",
// "12 s ago", "3 min ago", "2 h ago". Negative ages (clock skew between frames) read "just now".
std::string formatAge(double nowSeconds, double thenSeconds);
// Case-insensitive (ASCII) substring test for the panels' filter boxes; an empty needle matches everything.
bool containsNoCase(std::string_view hay, std::string_view needle);
// Microseconds since the Unix epoch as UTC: "08:27:34.123 UTC" (withDate: "2026-11-24 08:27:34.123 UTC").
// "-" for 0 (unknown).
std::string formatUtc(uint64_t unixMicros, bool withDate = false);
// A replay position: "0:07.5", "12:03.0", "1:02:03.0" (hours only when needed); negative clamps to 0.
std::string formatClock(double seconds);

const char* severityName(net::AlarmSeverity severity); // "info", "warning", "major", "critical"
ImU32 severityColour(net::AlarmSeverity severity);     // badge colours: blue, amber, orange, red
const char* alarmOriginName(twin::AlarmOrigin origin); // "feed", "threshold"
ImU32 livenessColour(net::FeedLiveness liveness);      // Live green, Syncing teal, Stale amber, Connecting grey,
                                                       // Replay blue
ImU32 commandOutcomeColour(net::CommandOutcome outcome);

struct AlarmCounts {
    uint32_t info = 0, warning = 0, major = 0, critical = 0;
    uint32_t total() const { return info + warning + major + critical; }
    uint32_t of(net::AlarmSeverity severity) const;
};
AlarmCounts countAlarms(std::span<const twin::LiveAlarm> alarms);
// The unacknowledged ones among them.
AlarmCounts countUnacknowledged(std::span<const twin::LiveAlarm> alarms);

// Rate of a monotonic counter sampled once per frame, averaged over windows of `windowSeconds` so the number is
// readable (a per-frame rate flickers). A counter that goes backwards (a new runtime) restarts the meter.
class RateMeter {
public:
    explicit RateMeter(double windowSeconds = 1.0) : m_window(windowSeconds) {}
    void sample(double timeSeconds, uint64_t count);
    // Per second over the last complete window; nullopt until one window has passed.
    std::optional<double> rate() const { return m_rate; }
    void reset();

private:
    double m_window;
    bool m_started = false;
    double m_startTime = 0.0;
    uint64_t m_startCount = 0;
    uint64_t m_lastCount = 0;
    std::optional<double> m_rate;
};

} // namespace tv::ui
