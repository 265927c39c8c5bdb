// Recording file format (docs/recording-format.md is the normative description): a small file header, then
// records of [u64 time offset µs][u32 length][u8 type][one twin-feed frame]. Shared by the recorder (writes), the
// recording reader (validates, indexes) and the tests. Pure functions; any thread.
#pragma once

#include "core/expected.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tv::net {

inline constexpr uint8_t kRecordingMagic[4] = {'T', 'V', 'F', 'R'};
inline constexpr uint16_t kRecordingVersion = 1;
inline constexpr size_t kRecordHeaderBytes = 13; // u64 time offset + u32 length + u8 type

enum class RecordType : uint8_t {
    Frame = 1,    // a frame as the subscriber applied it (snapshot chunks + end, or Updates)
    Keyframe = 2, // a snapshot chunk / end written by the recorder from its own state mirror (seek point only)
};

struct RecordingHeader {
    uint16_t version = kRecordingVersion;
    uint64_t startUs = 0; // wall clock (µs since the Unix epoch) of time offset 0
    std::string feedName; // the feed's name (scene file) or endpoint
    std::string endpoint; // the updates endpoint it was recorded from
};

// Appends the file header / one record header to `out`.
void appendRecordingHeader(const RecordingHeader& header, std::vector<uint8_t>& out);
void appendRecordHeader(uint64_t timeOffsetUs, uint32_t frameLength, RecordType type, std::vector<uint8_t>& out);

// Parses the file header at the start of `bytes`; `consumed` receives its size. Errors (Parse / Unsupported)
// name the problem ("not a twinview recording (magic ...)", "recording format version 7 not supported").
Expected<RecordingHeader> parseRecordingHeader(std::span<const uint8_t> bytes, size_t& consumed);

} // namespace tv::net
