#include "ui/twin_format.h"

#include "core/log.h"
#include "core/utc_time.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tv::ui {

bool isNoReading(const net::OwnedValue& value) {
    switch (value.type) {
    case net::ValueType::Number: return !std::isfinite(value.number);
    case net::ValueType::Vec3:
    case net::ValueType::Vec4: {
        int n = value.type == net::ValueType::Vec3 ? 3 : 4;
        for (int i = 0; i < n; ++i)
            if (!std::isfinite(value.vector[i])) return true;
        return false;
    }
    case net::ValueType::Bool:
    case net::ValueType::String: return false;
    }
    return false;
}

std::string propertyValueText(const twin::LiveProperty& property) {
    const net::OwnedValue& value = property.state.value;
    // A missing reading has no unit: "no reading rpm" would read as if the unit were the problem.
    if (isNoReading(value)) return "no reading";
    std::string text = value.toDisplayString();
    if (!property.unit.empty()) {
        // "%" sits on the number as operators write it; every other unit is separated by a space.
        if (property.unit != "%") text += ' ';
        text += property.unit;
    }
    return text;
}

bool containsNoCase(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it != hay.end();
}

std::string formatAge(double nowSeconds, double thenSeconds) {
    double age = nowSeconds - thenSeconds;
    if (!(age >= 0.05)) return "just now"; // also catches NaN
    if (age < 10.0) return tv::format("%.1f s ago", age);
    if (age < 120.0) return tv::format("%.0f s ago", std::floor(age));
    if (age < 7200.0) return tv::format("%.0f min ago", std::floor(age / 60.0));
    return tv::format("%.0f h ago", std::floor(age / 3600.0));
}

std::string formatUtc(uint64_t unixMicros, bool withDate) {
    if (unixMicros == 0) return "-";
    return withDate ? utcDateTimeText(unixMicros) : utcClockText(unixMicros, true) + " UTC";
}

std::string formatClock(double seconds) {
    if (!(seconds > 0.0)) seconds = 0.0;
    // Round to tenths first so 59.96 s reads "1:00.0", not "0:60.0".
    long long tenths = std::llround(seconds * 10.0);
    long long whole = tenths / 10;
    int tenth = int(tenths % 10);
    long long h = whole / 3600, m = (whole / 60) % 60, s = whole % 60;
    if (h > 0) return tv::format("%lld:%02lld:%02lld.%d", h, m, s, tenth);
    return tv::format("%lld:%02lld.%d", m, s, tenth);
}

const char* severityName(net::AlarmSeverity severity) {
    switch (severity) {
    case net::AlarmSeverity::Info: return "info";
    case net::AlarmSeverity::Warning: return "warning";
    case net::AlarmSeverity::Major: return "major";
    case net::AlarmSeverity::Critical: return "critical";
    }
    return "unknown";
}

ImU32 severityColour(net::AlarmSeverity severity) {
    switch (severity) {
    case net::AlarmSeverity::Info: return IM_COL32(80, 150, 235, 255);
    case net::AlarmSeverity::Warning: return IM_COL32(235, 190, 50, 255);
    case net::AlarmSeverity::Major: return IM_COL32(240, 130, 40, 255);
    case net::AlarmSeverity::Critical: return IM_COL32(235, 60, 55, 255);
    }
    return IM_COL32(160, 160, 160, 255);
}

const char* alarmOriginName(twin::AlarmOrigin origin) {
    return origin == twin::AlarmOrigin::Threshold ? "threshold" : "feed";
}

ImU32 livenessColour(net::FeedLiveness liveness) {
    switch (liveness) {
    case net::FeedLiveness::Live: return IM_COL32(90, 200, 90, 255);
    case net::FeedLiveness::Syncing: return IM_COL32(90, 190, 200, 255);
    case net::FeedLiveness::Stale: return IM_COL32(235, 170, 40, 255);
    case net::FeedLiveness::Connecting: return IM_COL32(150, 150, 150, 255);
    case net::FeedLiveness::Replay: return IM_COL32(90, 150, 240, 255);
    }
    return IM_COL32(150, 150, 150, 255);
}

ImU32 commandOutcomeColour(net::CommandOutcome outcome) {
    switch (outcome) {
    case net::CommandOutcome::Pending: return IM_COL32(200, 200, 200, 255);
    case net::CommandOutcome::Accepted: return IM_COL32(90, 200, 90, 255);
    case net::CommandOutcome::Rejected:
    case net::CommandOutcome::Failed: return IM_COL32(235, 80, 70, 255);
    case net::CommandOutcome::TimedOut: return IM_COL32(235, 170, 40, 255);
    case net::CommandOutcome::NotSent: return IM_COL32(150, 150, 150, 255);
    }
    return IM_COL32(150, 150, 150, 255);
}

uint32_t AlarmCounts::of(net::AlarmSeverity severity) const {
    switch (severity) {
    case net::AlarmSeverity::Info: return info;
    case net::AlarmSeverity::Warning: return warning;
    case net::AlarmSeverity::Major: return major;
    case net::AlarmSeverity::Critical: return critical;
    }
    return 0;
}

namespace {

AlarmCounts countWhere(std::span<const twin::LiveAlarm> alarms, bool unacknowledgedOnly) {
    AlarmCounts c;
    for (const twin::LiveAlarm& a : alarms) {
        if (unacknowledgedOnly && a.acknowledged) continue;
        switch (a.severity) {
        case net::AlarmSeverity::Info: ++c.info; break;
        case net::AlarmSeverity::Warning: ++c.warning; break;
        case net::AlarmSeverity::Major: ++c.major; break;
        case net::AlarmSeverity::Critical: ++c.critical; break;
        }
    }
    return c;
}

} // namespace

AlarmCounts countAlarms(std::span<const twin::LiveAlarm> alarms) { return countWhere(alarms, false); }
AlarmCounts countUnacknowledged(std::span<const twin::LiveAlarm> alarms) { return countWhere(alarms, true); }

void RateMeter::sample(double timeSeconds, uint64_t count) {
    if (!m_started || count < m_lastCount || timeSeconds < m_startTime) {
        bool restarted = m_started;
        m_started = true;
        m_startTime = timeSeconds;
        m_startCount = count;
        m_lastCount = count;
        if (restarted) m_rate.reset();
        return;
    }
    m_lastCount = count;
    double elapsed = timeSeconds - m_startTime;
    if (elapsed < m_window) return;
    m_rate = double(count - m_startCount) / elapsed;
    m_startTime = timeSeconds;
    m_startCount = count;
}

void RateMeter::reset() {
    m_started = false;
    m_rate.reset();
}

} // namespace tv::ui
