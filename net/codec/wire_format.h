// Twin-feed wire format: the constants, frame header, caps and decode-error vocabulary shared by the encoder
// (encoder.h) and the decoder (decoder.h). docs/protocol.md is the normative description; this header is its
// executable form, and tests/net/test_protocol_doc.cpp keeps the two in step.
//
// Pure data and free functions: no sockets, no allocation beyond error messages. Any thread may call anything here.
#pragma once

#include "core/expected.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace tv::net {

// "TVFD" — chosen so a hex dump of any frame starts recognisably and a stray text/JSON frame fails fast.
inline constexpr uint8_t kMagic[4] = {'T', 'V', 'F', 'D'};
// Version 1 is the baseline every encoder writes; version 2 adds the alarm acknowledge record and nothing else, so
// a frame is stamped 2 only when it carries one (messages.h, kAlarmAckVersion). Decoders accept 1..kMaxProtocolVersion.
inline constexpr uint8_t kProtocolVersion = 1;
inline constexpr uint8_t kMaxProtocolVersion = 2;
// Fixed header: every field naturally aligned so a publisher in C can overlay a packed struct on it.
inline constexpr size_t kHeaderBytes = 40;
inline constexpr uint32_t kDefaultMaxMessageBytes = 1u << 20; // whole frame, header included

// Header offsets (bytes from the start of the frame). All integers little-endian.
namespace offsets {
inline constexpr size_t kMagic = 0;       // u8[4]
inline constexpr size_t kVersion = 4;     // u8
inline constexpr size_t kKind = 5;        // u8
inline constexpr size_t kFlags = 6;       // u16, must be 0 in version 1
inline constexpr size_t kPublisherId = 8; // u64
inline constexpr size_t kEpoch = 16;      // u32, changes each time the publisher (re)starts
inline constexpr size_t kBodyLength = 20; // u32, bytes after the header
inline constexpr size_t kSequence = 24;   // u64
inline constexpr size_t kTimestamp = 32;  // u64, µs since the Unix epoch (sender's clock)
} // namespace offsets

enum class MessageKind : uint8_t {
    Updates = 1,         // a batch of 1..N update records, one sequence number for the whole batch
    SnapshotRequest = 2, // subscriber -> publisher: "send me the full state" (ICANHAZ? in the Guide)
    SnapshotChunk = 3,   // publisher -> subscriber: part of the state, as update records
    SnapshotEnd = 4,     // publisher -> subscriber: end of snapshot (KTHXBAI in the Guide)
    Heartbeat = 5,       // publisher alive; header sequence = last update sequence published
    CommandRequest = 6,  // viewer -> twin
    CommandReply = 7,    // twin -> viewer
};
inline constexpr uint8_t kMaxMessageKind = 7;
const char* messageKindName(MessageKind kind);

// Caps a decoder enforces (and an encoder refuses to exceed, so everything we encode also decodes). Defaults are
// what docs/protocol.md promises; a deployment may lower or raise them on both ends.
struct Limits {
    uint32_t maxMessageBytes = kDefaultMaxMessageBytes;
    uint16_t maxIdBytes = 256;     // u16-prefixed strings: entity, property, alarm id, verb, unit, identity
    uint32_t maxTextBytes = 65536; // u32-prefixed strings: string values, alarm text, asset URI, reasons
    uint16_t maxCommandArgs = 64;
};

struct FrameHeader {
    uint8_t version = kProtocolVersion;
    MessageKind kind = MessageKind::Updates;
    uint16_t flags = 0;
    uint64_t publisherId = 0;
    uint32_t epoch = 0;
    uint32_t bodyLength = 0;
    uint64_t sequence = 0;
    uint64_t timestampUs = 0;
};

// The sender-chosen part of a header (the encoder fills in magic, version, kind, flags and body length).
struct FrameInfo {
    uint64_t publisherId = 0;
    uint32_t epoch = 0;
    uint64_t sequence = 0;
    uint64_t timestampUs = 0;
};

enum class DecodeError : uint8_t {
    Truncated,          // a field or the body runs past the end of the bytes received
    BadMagic,           // not a twin-feed frame
    UnsupportedVersion, // a version this decoder does not speak (newer, or 0)
    UnknownKind,        // unknown message kind, update tag or value type
    TooLarge,           // frame, string or count above its cap
    BadString,          // a string that is not valid UTF-8 (or an id that is empty)
    BadValue,           // a field outside its domain: bool not 0/1, reserved bits set, non-finite transform, ...
    BadLength,          // body length disagrees with the bytes received, or bytes left over after the body
};
inline constexpr size_t kDecodeErrorCount = 8;
const char* decodeErrorName(DecodeError e);

struct DecodeFailure {
    DecodeError code = DecodeError::Truncated;
    size_t offset = 0; // byte offset in the frame where the problem was found
    std::string message;

    // For callers that speak tv::Error (the message keeps the decode error's name).
    Error toError() const;
};

// Expected-like result of a decode: a value or a DecodeFailure (typed so feeds can count failures per kind).
template <class T>
class [[nodiscard]] DecodeResult {
public:
    DecodeResult(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
    DecodeResult(DecodeFailure failure) : m_v(std::in_place_index<1>, std::move(failure)) {}
    bool hasValue() const { return m_v.index() == 0; }
    explicit operator bool() const { return hasValue(); }
    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const DecodeFailure& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, DecodeFailure> m_v;
};

} // namespace tv::net
