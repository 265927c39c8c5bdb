// Counts rejected frames per DecodeError so a feed can report them and log each kind once rather than once per
// frame (a misbehaving publisher can send thousands a second). Also counts out-of-order verdicts from the
// SequenceTracker's caller if it wishes. Owned by the feed's network thread; not thread-safe.
#pragma once

#include "core/log.h"
#include "net/codec/wire_format.h"

#include <array>
#include <cstdint>

namespace tv::net {

class DecodeStats {
public:
    // Records one failure; returns true the first time this error kind is seen (the caller logs it then).
    bool record(DecodeError e) { return m_counts[size_t(e)]++ == 0; }

    // record() + a warning the first time, naming the error, where it was found and the source.
    void recordAndLogOnce(const DecodeFailure& f, const char* source) {
        if (record(f.code))
            logWarn("feed %s: dropped a malformed frame (%s at byte %zu: %s); further %s frames are only counted",
                    source, decodeErrorName(f.code), f.offset, f.message.c_str(), decodeErrorName(f.code));
    }

    uint64_t count(DecodeError e) const { return m_counts[size_t(e)]; }
    uint64_t total() const {
        uint64_t t = 0;
        for (uint64_t c : m_counts) t += c;
        return t;
    }

private:
    std::array<uint64_t, kDecodeErrorCount> m_counts{};
};

} // namespace tv::net
