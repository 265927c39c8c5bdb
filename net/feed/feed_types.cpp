#include "net/feed/feed_types.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>

namespace tv::net {
namespace {

uint64_t bitsOf(double v) {
    uint64_t b = 0;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

// Six significant digits is what an operator reads ("1200.5", "0.000125", "1.23457e+07"); the exact bits are in
// the value itself, and sameAs() compares those.
void appendNumber(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "no reading";
        return;
    }
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::general, 6);
    if (ec == std::errc()) out.append(buf.data(), end);
}

} // namespace

OwnedValue OwnedValue::from(const Value& v) {
    OwnedValue o;
    o.type = v.type;
    o.number = v.number;
    o.boolean = v.boolean;
    o.text.assign(v.text);
    o.vector = v.vector;
    return o;
}

Value OwnedValue::view() const {
    Value v;
    v.type = type;
    v.number = number;
    v.boolean = boolean;
    v.text = text;
    v.vector = vector;
    return v;
}

bool OwnedValue::sameAs(const OwnedValue& o) const {
    if (type != o.type) return false;
    switch (type) {
    case ValueType::Number: return bitsOf(number) == bitsOf(o.number);
    case ValueType::Bool: return boolean == o.boolean;
    case ValueType::String: return text == o.text;
    case ValueType::Vec3:
    case ValueType::Vec4:
        for (int i = 0; i < 4; ++i)
            if (bitsOf(vector[i]) != bitsOf(o.vector[i])) return false;
        return true;
    }
    return false;
}

std::string OwnedValue::toDisplayString() const {
    std::string out;
    switch (type) {
    case ValueType::Number: appendNumber(out, number); break;
    case ValueType::Bool: out = boolean ? "true" : "false"; break;
    case ValueType::String: out = text; break;
    case ValueType::Vec3:
    case ValueType::Vec4: {
        int n = type == ValueType::Vec3 ? 3 : 4;
        // A vector with any invalid component is one invalid reading, not a half-valid position.
        for (int i = 0; i < n; ++i)
            if (!std::isfinite(vector[i])) return "no reading";
        out = "(";
        for (int i = 0; i < n; ++i) {
            if (i) out += ", ";
            appendNumber(out, vector[i]);
        }
        out += ")";
        break;
    }
    }
    return out;
}

OwnedUnit OwnedUnit::from(const Unit& u) {
    OwnedUnit o;
    o.kind = u.kind;
    o.code = u.code;
    o.symbol.assign(u.symbol);
    return o;
}

Unit OwnedUnit::view() const {
    Unit u;
    u.kind = kind;
    u.code = code;
    u.symbol = symbol;
    return u;
}

std::string OwnedUnit::display() const {
    switch (kind) {
    case UnitKind::None: return {};
    case UnitKind::Code:
        if (const char* s = unitCodeSymbol(code)) return s;
        return "#" + std::to_string(code);
    case UnitKind::Inline: return symbol;
    }
    return {};
}

const char* unitCodeSymbol(uint16_t code) {
    // docs/protocol.md, "Units". UTF-8 literals spelled as bytes so the source encoding cannot change them.
    static constexpr const char* kSymbols[] = {
        nullptr,
        "m",
        "mm",
        "s",
        "\xC2\xB0"
        "C",
        "K",
        "Pa",
        "bar",
        "rpm",
        "%",
        "m/s",
        "m\xC2\xB3/h",
        "W",
        "kW",
        "V",
        "A",
        "Hz",
        "kg",
        "L",
        "rad",
        "deg",
    };
    if (code == 0 || code >= std::size(kSymbols)) return nullptr;
    return kSymbols[code];
}

const char* feedChangeKindName(FeedChange::Kind kind) {
    switch (kind) {
    case FeedChange::Kind::Property: return "property";
    case FeedChange::Kind::Transform: return "transform";
    case FeedChange::Kind::Visibility: return "visibility";
    case FeedChange::Kind::Colour: return "colour";
    case FeedChange::Kind::Spawn: return "spawn";
    case FeedChange::Kind::Remove: return "remove";
    case FeedChange::Kind::AlarmRaise: return "alarm raise";
    case FeedChange::Kind::AlarmClear: return "alarm clear";
    case FeedChange::Kind::AlarmAck: return "alarm acknowledge";
    }
    return "unknown";
}

const char* commandOutcomeName(CommandOutcome outcome) {
    switch (outcome) {
    case CommandOutcome::Pending: return "pending";
    case CommandOutcome::Accepted: return "done";
    case CommandOutcome::Rejected: return "rejected";
    case CommandOutcome::Failed: return "failed";
    case CommandOutcome::TimedOut: return "timed out";
    case CommandOutcome::NotSent: return "not sent";
    }
    return "unknown";
}

const char* feedLivenessName(FeedLiveness liveness) {
    switch (liveness) {
    case FeedLiveness::Connecting: return "connecting";
    case FeedLiveness::Syncing: return "syncing";
    case FeedLiveness::Live: return "live";
    case FeedLiveness::Stale: return "stale";
    case FeedLiveness::Replay: return "replay";
    }
    return "unknown";
}

void AlarmState::acknowledge(std::string_view by, uint64_t atUs) {
    acknowledged = true;
    if (by.empty())
        acknowledgedBy.clear(); // a default string_view's null data is not assign()'s to take
    else
        acknowledgedBy.assign(by);
    acknowledgedUs = atUs;
}

void AlarmState::clearAcknowledgement() {
    acknowledged = false;
    acknowledgedBy.clear();
    acknowledgedUs = 0;
}

uint64_t deltaTwinTimeUs(const FeedDelta& delta) {
    uint64_t t = 0;
    for (uint64_t s : delta.sentUs) t = std::max(t, s);
    return t != 0 ? t : wallClockUs();
}

uint64_t wallClockUs() {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
}

} // namespace tv::net
