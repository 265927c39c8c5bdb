// Twin-feed message contents: update records (property, transform, visibility, colour override, spawn/remove,
// alarm raise/clear/acknowledge), snapshot, heartbeat and command bodies. See docs/protocol.md for the byte layouts.
//
// Every string here is a std::string_view. When encoding, it points at the caller's strings; when decoding, it
// points into the received frame, so a decoded message is valid only while the frame's bytes are alive. That is
// what keeps the hot path (thousands of updates per message) free of per-update allocation. Plain values; any
// thread may use them.
#pragma once

#include "core/math.h"
#include "net/codec/wire_format.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

namespace tv::net {

enum class ValueType : uint8_t { Number = 1, Bool = 2, String = 3, Vec3 = 4, Vec4 = 5 };

// A typed property or command-argument value. Number and vector components are f64 on the wire (sensor data,
// geographic coordinates); NaN and infinities in them are legal and mean "no valid reading" (see protocol.md).
struct Value {
    ValueType type = ValueType::Number;
    double number = 0.0;
    bool boolean = false;
    std::string_view text;
    glm::dvec4 vector{0.0}; // Vec3 uses x, y, z; w is 0

    static Value makeNumber(double v) {
        Value r;
        r.type = ValueType::Number;
        r.number = v;
        return r;
    }
    static Value makeBool(bool v) {
        Value r;
        r.type = ValueType::Bool;
        r.boolean = v;
        return r;
    }
    static Value makeString(std::string_view v) {
        Value r;
        r.type = ValueType::String;
        r.text = v;
        return r;
    }
    static Value makeVec3(glm::dvec3 v) {
        Value r;
        r.type = ValueType::Vec3;
        r.vector = glm::dvec4(v, 0.0);
        return r;
    }
    static Value makeVec4(glm::dvec4 v) {
        Value r;
        r.type = ValueType::Vec4;
        r.vector = v;
        return r;
    }

    bool operator==(const Value&) const = default;
};

// Units: none, a code from the table in protocol.md (compact, for the hot path), or an inline UTF-8 symbol.
enum class UnitKind : uint8_t { None = 0, Code = 1, Inline = 2 };
struct Unit {
    UnitKind kind = UnitKind::None;
    uint16_t code = 0;
    std::string_view symbol;

    static Unit none() { return {}; }
    static Unit fromCode(uint16_t c) {
        Unit u;
        u.kind = UnitKind::Code;
        u.code = c;
        return u;
    }
    static Unit fromSymbol(std::string_view s) {
        Unit u;
        u.kind = UnitKind::Inline;
        u.symbol = s;
        return u;
    }

    bool operator==(const Unit&) const = default;
};

// Update record tags (first byte of each record).
enum class UpdateTag : uint8_t {
    Property = 1,
    Transform = 2,
    Visibility = 3,
    ColourOverride = 4,
    ColourClear = 5,
    Spawn = 6,
    Remove = 7,
    AlarmRaise = 8,
    AlarmClear = 9,
    AlarmAck = 10, // protocol version 2: a frame carrying one has version byte 2 (see kAlarmAckVersion)
};
inline constexpr uint8_t kMaxUpdateTag = 10;
// The protocol version that introduced the alarm acknowledge record. The encoder stamps a frame with it only when
// the frame carries one, so publishers that never acknowledge keep speaking version 1 to older viewers.
inline constexpr uint8_t kAlarmAckVersion = 2;

struct PropertyUpdate {
    std::string_view entity;
    std::string_view property;
    uint64_t sourceTimestampUs = 0; // when the source measured it (µs since the Unix epoch); 0 = unknown
    Unit unit;
    Value value;

    bool operator==(const PropertyUpdate&) const = default;
};

// Any subset of T/R/S; the mask says which fields are meaningful. Components must be finite.
inline constexpr uint8_t kTransformTranslation = 1, kTransformRotation = 2, kTransformScale = 4;
struct TransformUpdate {
    std::string_view entity;
    uint8_t mask = 0;
    vec3 translation{0.0f};
    quat rotation{1.0f, 0.0f, 0.0f, 0.0f}; // wire order x, y, z, w (glTF)
    vec3 scale{1.0f};

    bool operator==(const TransformUpdate&) const = default;
};

struct VisibilityUpdate {
    std::string_view entity;
    bool visible = true;

    bool operator==(const VisibilityUpdate&) const = default;
};

// Override of base colour and/or emissive (linear RGB); ColourClear removes both.
inline constexpr uint8_t kColourBase = 1, kColourEmissive = 2;
struct ColourOverride {
    std::string_view entity;
    uint8_t mask = 0; // non-zero
    vec4 baseColour{1.0f};
    vec3 emissive{0.0f};

    bool operator==(const ColourOverride&) const = default;
};
struct ColourClear {
    std::string_view entity;

    bool operator==(const ColourClear&) const = default;
};

// A new instance of a glTF asset (asset = id or URI, resolved by the viewer), optionally under a parent entity.
struct SpawnEntity {
    std::string_view entity;
    std::string_view asset;
    std::string_view parent; // empty = scene root
    Transform transform;

    bool operator==(const SpawnEntity& o) const {
        return entity == o.entity && asset == o.asset && parent == o.parent &&
               transform.translation == o.transform.translation && transform.rotation == o.transform.rotation &&
               transform.scale == o.transform.scale;
    }
};
struct RemoveEntity {
    std::string_view entity;

    bool operator==(const RemoveEntity&) const = default;
};

enum class AlarmSeverity : uint8_t { Info = 1, Warning = 2, Major = 3, Critical = 4 };
struct AlarmRaise {
    std::string_view alarmId;
    std::string_view entity;
    AlarmSeverity severity = AlarmSeverity::Warning;
    std::string_view text;

    bool operator==(const AlarmRaise&) const = default;
};
struct AlarmClear {
    std::string_view alarmId;

    bool operator==(const AlarmClear&) const = default;
};
// An operator acknowledged a raised alarm (ISA-18.2: the alarm stays active until cleared). `by` names who did,
// as the twin knows them (a user name, a role); empty = not recorded. An ack of an alarm that is not raised is a
// no-op for the receiver; a later raise of the same id is a new occurrence and is unacknowledged again.
struct AlarmAck {
    std::string_view alarmId;
    std::string_view by;

    bool operator==(const AlarmAck&) const = default;
};

using Update = std::variant<PropertyUpdate, TransformUpdate, VisibilityUpdate, ColourOverride, ColourClear, SpawnEntity,
                            RemoveEntity, AlarmRaise, AlarmClear, AlarmAck>;

// A validated run of update records inside a frame (the body of Updates and SnapshotChunk). Only the decoder
// creates non-empty ones, after checking every record, so iterating cannot fail.
class UpdateBatch {
public:
    UpdateBatch() = default;
    uint32_t count() const { return m_count; }
    std::span<const uint8_t> bytes() const { return m_bytes; }

    // Forward reader: next() fills `out` and returns true until the records are exhausted. No allocation.
    class Reader {
    public:
        bool next(Update& out);
        uint32_t remaining() const { return m_left; }

    private:
        friend class UpdateBatch;
        std::span<const uint8_t> m_bytes;
        size_t m_pos = 0;
        uint32_t m_left = 0;
    };
    Reader reader() const;

    // Calls visit(const Update&) for each record in order.
    template <class F>
    void forEach(F&& visit) const {
        Reader r = reader();
        Update u;
        while (r.next(u)) visit(static_cast<const Update&>(u));
    }

private:
    friend struct BatchAccess;
    std::span<const uint8_t> m_bytes;
    uint32_t m_count = 0;
};

struct SnapshotRequest {
    std::string_view identity; // the subscriber's identity, echoed so a broker can route the reply

    bool operator==(const SnapshotRequest&) const = default;
};
// Header sequence of chunk and end = the publisher sequence the snapshot reflects.
struct SnapshotChunk {
    uint32_t chunkIndex = 0; // 0, 1, 2, ... within one snapshot
    UpdateBatch updates;
};
struct SnapshotEnd {
    uint32_t chunkCount = 0; // lets the subscriber verify it got every chunk

    bool operator==(const SnapshotEnd&) const = default;
};
struct Heartbeat {
    uint32_t intervalMs = 0; // the publisher's heartbeat period; subscribers time out after a multiple of it

    bool operator==(const Heartbeat&) const = default;
};

struct CommandArg {
    std::string_view name;
    Value value;

    bool operator==(const CommandArg&) const = default;
};
struct CommandRequest {
    uint64_t commandId = 0;
    std::string_view target; // entity id
    std::string_view verb;   // e.g. "set", "close"
    std::vector<CommandArg> args;
    uint32_t timeoutMs = 0; // after this the viewer treats the command as failed; the twin may drop it

    bool operator==(const CommandRequest&) const = default;
};
enum class CommandStatus : uint8_t { Accepted = 1, Rejected = 2, Failed = 3 };
struct CommandReply {
    uint64_t commandId = 0;
    CommandStatus status = CommandStatus::Accepted;
    std::string_view reason;

    bool operator==(const CommandReply&) const = default;
};

using MessageBody =
    std::variant<UpdateBatch, SnapshotRequest, SnapshotChunk, SnapshotEnd, Heartbeat, CommandRequest, CommandReply>;

struct Message {
    FrameHeader header;
    MessageBody body;
};

} // namespace tv::net
