// Byte layout of recording files (docs/recording-format.md).
#include "net/record/recording_format.h"

#include "core/log.h"

#include <algorithm>

namespace tv::net {

namespace {
void putU16(std::vector<uint8_t>& out, uint16_t v) {
    out.push_back(uint8_t(v));
    out.push_back(uint8_t(v >> 8));
}
void putU32(std::vector<uint8_t>& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
void putU64(std::vector<uint8_t>& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(uint8_t(v >> (8 * i)));
}
uint64_t getLe(const uint8_t* p, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t(p[i]) << (8 * i);
    return v;
}
void putString(std::vector<uint8_t>& out, const std::string& s) {
    uint16_t n = uint16_t(std::min<size_t>(s.size(), 0xffff));
    putU16(out, n);
    out.insert(out.end(), s.begin(), s.begin() + n);
}
} // namespace

void appendRecordingHeader(const RecordingHeader& header, std::vector<uint8_t>& out) {
    out.insert(out.end(), std::begin(kRecordingMagic), std::end(kRecordingMagic));
    putU16(out, header.version);
    putU16(out, 0); // flags
    putU64(out, header.startUs);
    putString(out, header.feedName);
    putString(out, header.endpoint);
}

void appendRecordHeader(uint64_t timeOffsetUs, uint32_t frameLength, RecordType type, std::vector<uint8_t>& out) {
    putU64(out, timeOffsetUs);
    putU32(out, frameLength);
    out.push_back(uint8_t(type));
}

Expected<RecordingHeader> parseRecordingHeader(std::span<const uint8_t> bytes, size_t& consumed) {
    consumed = 0;
    if (bytes.size() < 4 || !std::equal(bytes.begin(), bytes.begin() + 4, std::begin(kRecordingMagic)))
        return makeError(ErrorCode::Parse, "not a twinview recording (the file does not start with \"TVFR\")");
    if (bytes.size() < 20) return makeError(ErrorCode::Parse, "recording header truncated");
    RecordingHeader h;
    h.version = uint16_t(getLe(bytes.data() + 4, 2));
    if (h.version != kRecordingVersion)
        return makeError(ErrorCode::Unsupported,
                         tv::format("recording format version %u not supported (this build reads version %u)",
                                    unsigned(h.version), unsigned(kRecordingVersion)));
    if (getLe(bytes.data() + 6, 2) != 0)
        return makeError(ErrorCode::Parse, "recording header flags must be 0 in version 1");
    h.startUs = getLe(bytes.data() + 8, 8);
    size_t pos = 16;
    for (std::string* s : {&h.feedName, &h.endpoint}) {
        if (bytes.size() < pos + 2) return makeError(ErrorCode::Parse, "recording header truncated");
        size_t n = size_t(getLe(bytes.data() + pos, 2));
        pos += 2;
        if (bytes.size() < pos + n) return makeError(ErrorCode::Parse, "recording header truncated");
        s->assign(reinterpret_cast<const char*>(bytes.data() + pos), n);
        pos += n;
    }
    consumed = pos;
    return h;
}

} // namespace tv::net
