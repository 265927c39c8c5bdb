// Presence records for shared sessions (docs/sessions.md, "Presence records"): the high-rate, never-stored
// message each viewer publishes ≥ 30 times a second — who it is, where its head, hands and pointer are, what it
// has selected and its camera's field of view (for follow mode). Heartbeats are these records themselves.
//
// Pure codec: no sockets, no clock. encodePresence() refuses exactly what decodePresence() rejects, so every record
// it writes decodes, and the encoding is canonical (decode then encode reproduces the bytes). Records are small
// (≤ kPresenceMaxBytes), so the decoded record owns its strings. Stateless; any thread may call anything here.
//
// Wire layout, version 1 (all integers and floats little-endian; fields in this order, no padding):
//
// | field            | type                | notes                                                          |
// |------------------|---------------------|----------------------------------------------------------------|
// | magic            | u8[4]               | "TVPR"                                                         |
// | version          | u8                  | 1                                                              |
// | device           | u8                  | 0 desktop, 1 xr (DeviceKind)                                   |
// | flags            | u16                 | bit0 left hand, bit1 right hand, bit2 pointer active,          |
// |                  |                     | bit3 pointer hit valid (only with bit2); other bits must be 0  |
// | user id          | u16 len + UTF-8     | 1..64 bytes                                                    |
// | sequence         | u64                 | per-sender counter                                             |
// | sent time        | u64                 | µs since the Unix epoch, sender's clock                        |
// | head pose        | f32[3] + f32[4]     | position; orientation quaternion x,y,z,w                       |
// | left hand pose   | f32[3] + f32[4]     | only when bit0                                                 |
// | right hand pose  | f32[3] + f32[4]     | only when bit1                                                 |
// | pointer ray      | f32[3] + f32[3]     | origin, direction (non-zero); only when bit2                   |
// | pointer hit      | f32[3]              | hit point; only when bit3                                      |
// | selection path   | u16 len + UTF-8     | 0..512 bytes (empty: nothing selected)                         |
// | vertical fov     | f32                 | radians, in (0, π)                                             |
//
// Every float is finite; quaternions have unit length within kPresenceQuatTolerance (never normalised: a record
// that is off is rejected); strings are strict UTF-8; the whole record is ≤ 1024 bytes with nothing after it.
#pragma once

#include "core/expected.h"
#include "core/math.h"
#include "net/codec/wire_format.h"
#include "net/session/session_types.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace tv::net {

// "TVPR": distinct from the twin feed's "TVFD" so a record on the wrong socket fails fast with BadMagic.
inline constexpr uint8_t kPresenceMagic[4] = {'T', 'V', 'P', 'R'};
inline constexpr uint8_t kPresenceVersion = 1;
inline constexpr size_t kPresenceMaxBytes = 1024;
inline constexpr size_t kPresenceMaxUserIdBytes = 64;
inline constexpr size_t kPresenceMaxSelectionBytes = 512;
inline constexpr float kPresenceQuatTolerance = 1e-3f; // | |q| - 1 | must not exceed this

// Flag bits (the u16 at byte offset 6).
inline constexpr uint16_t kPresenceLeftHand = 1u << 0;
inline constexpr uint16_t kPresenceRightHand = 1u << 1;
inline constexpr uint16_t kPresencePointer = 1u << 2;
inline constexpr uint16_t kPresencePointerHit = 1u << 3;
inline constexpr uint16_t kPresenceKnownFlags = 0x000F;

// Bytes before the user id's characters (magic, version, device, flags, user id length).
inline constexpr size_t kPresenceFixedPrefixBytes = 10;

struct PresencePose {
    vec3 position{0.0f};
    quat orientation{1.0f, 0.0f, 0.0f, 0.0f}; // glm order (w,x,y,z); written x,y,z,w on the wire
    bool operator==(const PresencePose&) const = default;
};

struct PresencePointer {
    vec3 origin{0.0f};
    vec3 direction{0.0f, 0.0f, -1.0f}; // any non-zero length (not normalised by the codec)
    std::optional<vec3> hit;           // where the ray meets the scene, when it does
    bool operator==(const PresencePointer&) const = default;
};

// One presence record. The flags on the wire are derived from which optionals are set, so a record cannot
// claim a hand it does not carry.
struct PresenceRecord {
    DeviceKind device = DeviceKind::Desktop;
    std::string userId;      // 1..64 bytes UTF-8
    uint64_t sequence = 0;   // per-sender counter; receivers drop records older than the last seen
    uint64_t sentTimeUs = 0; // µs since the Unix epoch (sender's clock)
    PresencePose head;
    std::optional<PresencePose> leftHand;
    std::optional<PresencePose> rightHand;
    std::optional<PresencePointer> pointer;
    std::string selectionPath;         // scene node path of the selection, 0..512 bytes UTF-8; empty: none
    float verticalFovRad = 0.8726646f; // camera vertical field of view (50°), for follow mode
    bool operator==(const PresenceRecord&) const = default;
};

// The flags word a record is encoded with.
uint16_t presenceFlags(const PresenceRecord& record);

// Clears `out` and writes one record into it (reusing its capacity). Refuses (InvalidArgument / TooLarge) anything
// decodePresence() would reject: an unknown device, an empty, over-long or non-UTF-8 string, a non-finite number,
// a non-unit quaternion, a zero pointer direction, a field of view outside (0, π). On error `out` is empty.
[[nodiscard]] Expected<void> encodePresence(const PresenceRecord& record, std::vector<uint8_t>& out);

// Validates `bytes` as exactly one record (nothing trusted, nothing left over). Failure codes: Truncated, BadMagic,
// UnsupportedVersion, TooLarge (input over 1024 bytes, user id over 64, selection over 512), BadString (empty
// user id, invalid UTF-8), BadValue (unknown device, reserved or inconsistent flag bits, non-finite number,
// non-unit quaternion, zero direction, fov out of range), BadLength (trailing bytes).
DecodeResult<PresenceRecord> decodePresence(std::span<const uint8_t> bytes);

} // namespace tv::net
