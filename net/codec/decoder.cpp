#include "net/codec/decoder.h"

#include "core/assert.h"
#include "core/log.h"
#include "net/codec/byte_io.h"

#include <cmath>
#include <limits>

namespace tv::net {

// Grants the decoder access to UpdateBatch's private fields (only validated bytes may go in).
struct BatchAccess {
    static UpdateBatch make(std::span<const uint8_t> bytes, uint32_t count) {
        UpdateBatch b;
        b.m_bytes = bytes;
        b.m_count = count;
        return b;
    }
};

namespace {

using namespace detail;

// A bounds-checked read position. `base` is the frame offset of bytes[0], so failures report frame offsets.
// With validate == false (re-reading a batch the decoder already accepted) the content checks that cannot
// change the parse (UTF-8, finiteness) are skipped; bounds are still checked.
class Cursor {
public:
    Cursor(std::span<const uint8_t> bytes, size_t base, const Limits& limits, bool validate)
        : m_bytes(bytes), m_base(base), m_limits(limits), m_validate(validate) {}

    size_t pos() const { return m_pos; }
    // The frame's protocol version: records newer than it are unknown in it. Re-reads of a validated batch keep
    // the default (the check already passed).
    uint8_t version() const { return m_version; }
    void setVersion(uint8_t v) { m_version = v; }
    size_t remaining() const { return m_bytes.size() - m_pos; }
    bool failed() const { return m_failed; }
    DecodeFailure& failure() { return m_failure; }

    bool fail(DecodeError code, std::string message, size_t at) {
        if (!m_failed) {
            m_failed = true;
            m_failure = DecodeFailure{code, m_base + at, std::move(message)};
        }
        return false;
    }
    bool fail(DecodeError code, std::string message) { return fail(code, std::move(message), m_pos); }

    // The failure reports below are out of line and marked cold: kept inside the field readers, their message
    // formatting made those too big to inline, and the readers run once per field of every record.
    bool need(size_t n, const char* what) {
        if (remaining() < n) [[unlikely]]
            return truncated(n, what);
        return true;
    }
    bool u8(uint8_t& v, const char* what) {
        if (!need(1, what)) return false;
        v = m_bytes[m_pos++];
        return true;
    }
    bool u16(uint16_t& v, const char* what) {
        if (!need(2, what)) return false;
        v = loadU16(&m_bytes[m_pos]);
        m_pos += 2;
        return true;
    }
    bool u32(uint32_t& v, const char* what) {
        if (!need(4, what)) return false;
        v = loadU32(&m_bytes[m_pos]);
        m_pos += 4;
        return true;
    }
    bool u64(uint64_t& v, const char* what) {
        if (!need(8, what)) return false;
        v = loadU64(&m_bytes[m_pos]);
        m_pos += 8;
        return true;
    }
    bool f64(double& v, const char* what) {
        if (!need(8, what)) return false;
        v = loadF64(&m_bytes[m_pos]);
        m_pos += 8;
        return true;
    }
    bool flag(bool& v, const char* what) {
        uint8_t b = 0;
        if (!u8(b, what)) return false;
        if (b > 1) [[unlikely]]
            return badFlag(b, what);
        v = b != 0;
        return true;
    }
    // n finite f32 (transforms and colours: a NaN there would poison the scene graph or the shading).
    bool floats(float* out, int n, const char* what) {
        if (!need(size_t(n) * 4, what)) return false;
        for (int i = 0; i < n; ++i) {
            out[i] = loadF32(&m_bytes[m_pos + size_t(i) * 4]);
            if (m_validate && !std::isfinite(out[i])) [[unlikely]]
                return notFinite(i, what);
        }
        m_pos += size_t(n) * 4;
        return true;
    }

    // u16-prefixed UTF-8 id.
    bool id(std::string_view& s, const char* what, bool required = true) {
        const size_t start = m_pos;
        uint16_t len = 0;
        if (!u16(len, what)) return false;
        if (len > m_limits.maxIdBytes) [[unlikely]]
            return tooLong(len, m_limits.maxIdBytes, what, start);
        return chars(s, len, what, required, start);
    }
    // u32-prefixed UTF-8 text.
    bool text(std::string_view& s, const char* what, bool required = false) {
        const size_t start = m_pos;
        uint32_t len = 0;
        if (!u32(len, what)) return false;
        if (len > m_limits.maxTextBytes) [[unlikely]]
            return tooLong(len, m_limits.maxTextBytes, what, start);
        return chars(s, len, what, required, start);
    }

private:
    bool chars(std::string_view& s, size_t len, const char* what, bool required, size_t start) {
        if (!need(len, what)) return false;
        s = std::string_view(reinterpret_cast<const char*>(m_bytes.data() + m_pos), len);
        if (m_validate) {
            if (required && len == 0) [[unlikely]]
                return fail(DecodeError::BadString, format("%s is empty", what), start);
            const size_t bad = firstInvalidUtf8(s);
            if (bad != len) [[unlikely]]
                return badUtf8(bad, what);
        }
        m_pos += len;
        return true;
    }

    [[gnu::cold, gnu::noinline]] bool truncated(size_t n, const char* what) {
        return fail(DecodeError::Truncated, format("%s needs %zu bytes, %zu left", what, n, remaining()));
    }
    [[gnu::cold, gnu::noinline]] bool badFlag(uint8_t b, const char* what) {
        return fail(DecodeError::BadValue, format("%s is %u (must be 0 or 1)", what, b), m_pos - 1);
    }
    [[gnu::cold, gnu::noinline]] bool notFinite(int i, const char* what) {
        return fail(DecodeError::BadValue, format("%s component %d is not finite", what, i), m_pos + size_t(i) * 4);
    }
    [[gnu::cold, gnu::noinline]] bool tooLong(size_t len, size_t cap, const char* what, size_t at) {
        return fail(DecodeError::TooLarge, format("%s length %zu exceeds the cap %zu", what, len, cap), at);
    }
    [[gnu::cold, gnu::noinline]] bool badUtf8(size_t bad, const char* what) {
        return fail(DecodeError::BadString, format("%s is not valid UTF-8 at byte %zu", what, bad), m_pos + bad);
    }

    std::span<const uint8_t> m_bytes;
    size_t m_base = 0;
    size_t m_pos = 0;
    const Limits& m_limits;
    bool m_validate = true;
    uint8_t m_version = kMaxProtocolVersion;
    bool m_failed = false;
    DecodeFailure m_failure;
};

bool parseValue(Cursor& c, Value& v) {
    const size_t at = c.pos();
    uint8_t type = 0;
    if (!c.u8(type, "value type")) return false;
    v = Value{};
    switch (type) {
    case uint8_t(ValueType::Number): v.type = ValueType::Number; return c.f64(v.number, "number value");
    case uint8_t(ValueType::Bool): v.type = ValueType::Bool; return c.flag(v.boolean, "bool value");
    case uint8_t(ValueType::String): v.type = ValueType::String; return c.text(v.text, "string value");
    case uint8_t(ValueType::Vec3):
    case uint8_t(ValueType::Vec4): {
        v.type = ValueType(type);
        const int n = type == uint8_t(ValueType::Vec3) ? 3 : 4;
        for (int i = 0; i < n; ++i)
            if (!c.f64(v.vector[i], "vector value")) return false;
        return true;
    }
    default: return c.fail(DecodeError::UnknownKind, format("unknown value type %u", unsigned(type)), at);
    }
}

bool parseUnit(Cursor& c, Unit& u) {
    const size_t at = c.pos();
    uint8_t kind = 0;
    if (!c.u8(kind, "unit kind")) return false;
    u = Unit{};
    switch (kind) {
    case uint8_t(UnitKind::None): return true;
    case uint8_t(UnitKind::Code): u.kind = UnitKind::Code; return c.u16(u.code, "unit code");
    case uint8_t(UnitKind::Inline): u.kind = UnitKind::Inline; return c.id(u.symbol, "unit symbol");
    default: return c.fail(DecodeError::BadValue, format("unit kind %u (must be 0..2)", unsigned(kind)), at);
    }
}

bool parseRotation(Cursor& c, quat& q, const char* what) {
    float xyzw[4];
    if (!c.floats(xyzw, 4, what)) return false;
    q = quat(xyzw[3], xyzw[0], xyzw[1], xyzw[2]); // glm's constructor takes w first
    return true;
}

// The record is parsed straight into `out` (no temporary copied in): this runs twice per record (validation, then
// UpdateBatch::Reader), and building a zeroed PropertyUpdate and copying it over was a large share of the decode.
// A property record sets every field, so one already in `out` (the previous record) is overwritten in place; the
// other kinds, whose optional fields default, start from a fresh value. On failure `out` is unspecified.
bool parseRecord(Cursor& c, Update& out) {
    const size_t at = c.pos();
    uint8_t tag = 0;
    if (!c.u8(tag, "update tag")) return false;
    switch (tag) {
    case uint8_t(UpdateTag::Property): {
        auto* existing = std::get_if<PropertyUpdate>(&out);
        PropertyUpdate& u = existing ? *existing : out.emplace<PropertyUpdate>();
        return c.id(u.entity, "entity id") && c.id(u.property, "property name") &&
               c.u64(u.sourceTimestampUs, "source timestamp") && parseUnit(c, u.unit) && parseValue(c, u.value);
    }
    case uint8_t(UpdateTag::Transform): {
        TransformUpdate& u = out.emplace<TransformUpdate>();
        if (!c.id(u.entity, "entity id")) return false;
        const size_t maskAt = c.pos();
        if (!c.u8(u.mask, "transform mask")) return false;
        if (u.mask == 0 || (u.mask & ~7u) != 0)
            return c.fail(DecodeError::BadValue,
                          format("transform mask 0x%x (must be a non-empty subset of 0x7)", u.mask), maskAt);
        if ((u.mask & kTransformTranslation) && !c.floats(glm::value_ptr(u.translation), 3, "translation"))
            return false;
        if ((u.mask & kTransformRotation) && !parseRotation(c, u.rotation, "rotation")) return false;
        if ((u.mask & kTransformScale) && !c.floats(glm::value_ptr(u.scale), 3, "scale")) return false;
        return true;
    }
    case uint8_t(UpdateTag::Visibility): {
        VisibilityUpdate& u = out.emplace<VisibilityUpdate>();
        if (!c.id(u.entity, "entity id") || !c.flag(u.visible, "visible")) return false;
        return true;
    }
    case uint8_t(UpdateTag::ColourOverride): {
        ColourOverride& u = out.emplace<ColourOverride>();
        if (!c.id(u.entity, "entity id")) return false;
        const size_t maskAt = c.pos();
        if (!c.u8(u.mask, "colour mask")) return false;
        if (u.mask == 0 || (u.mask & ~3u) != 0)
            return c.fail(DecodeError::BadValue, format("colour mask 0x%x (must be 1, 2 or 3)", u.mask), maskAt);
        if ((u.mask & kColourBase) && !c.floats(glm::value_ptr(u.baseColour), 4, "base colour")) return false;
        if ((u.mask & kColourEmissive) && !c.floats(glm::value_ptr(u.emissive), 3, "emissive colour")) return false;
        return true;
    }
    case uint8_t(UpdateTag::ColourClear): {
        ColourClear& u = out.emplace<ColourClear>();
        if (!c.id(u.entity, "entity id")) return false;
        return true;
    }
    case uint8_t(UpdateTag::Spawn): {
        SpawnEntity& u = out.emplace<SpawnEntity>();
        if (!c.id(u.entity, "entity id") || !c.text(u.asset, "asset", true) ||
            !c.id(u.parent, "parent entity id", false) ||
            !c.floats(glm::value_ptr(u.transform.translation), 3, "spawn translation") ||
            !parseRotation(c, u.transform.rotation, "spawn rotation") ||
            !c.floats(glm::value_ptr(u.transform.scale), 3, "spawn scale"))
            return false;
        return true;
    }
    case uint8_t(UpdateTag::Remove): {
        RemoveEntity& u = out.emplace<RemoveEntity>();
        if (!c.id(u.entity, "entity id")) return false;
        return true;
    }
    case uint8_t(UpdateTag::AlarmRaise): {
        AlarmRaise& u = out.emplace<AlarmRaise>();
        if (!c.id(u.alarmId, "alarm id") || !c.id(u.entity, "entity id")) return false;
        const size_t sevAt = c.pos();
        uint8_t sev = 0;
        if (!c.u8(sev, "alarm severity")) return false;
        if (sev < 1 || sev > 4)
            return c.fail(DecodeError::BadValue, format("alarm severity %u (must be 1..4)", unsigned(sev)), sevAt);
        u.severity = AlarmSeverity(sev);
        if (!c.text(u.text, "alarm text")) return false;
        return true;
    }
    case uint8_t(UpdateTag::AlarmClear): {
        AlarmClear& u = out.emplace<AlarmClear>();
        if (!c.id(u.alarmId, "alarm id")) return false;
        return true;
    }
    case uint8_t(UpdateTag::AlarmAck): {
        // A version-1 frame cannot carry it: a version-1 decoder would have rejected the frame, so accepting it
        // here would make the two disagree about the same bytes.
        if (c.version() < kAlarmAckVersion)
            return c.fail(DecodeError::UnknownKind,
                          format("update tag %u (alarm acknowledge) in a version %u frame (needs version %u)",
                                 unsigned(tag), unsigned(c.version()), unsigned(kAlarmAckVersion)),
                          at);
        AlarmAck& u = out.emplace<AlarmAck>();
        if (!c.id(u.alarmId, "alarm id") || !c.id(u.by, "acknowledged-by", false)) return false;
        return true;
    }
    default: return c.fail(DecodeError::UnknownKind, format("unknown update tag %u", unsigned(tag)), at);
    }
}

// Validates `count` records from the cursor to the end of the body; the batch is the bytes they span.
bool parseBatch(Cursor& c, std::span<const uint8_t> body, uint32_t count, UpdateBatch& out) {
    const size_t start = c.pos();
    Update scratch;
    for (uint32_t i = 0; i < count; ++i)
        if (!parseRecord(c, scratch)) return false;
    out = BatchAccess::make(body.subspan(start, c.pos() - start), count);
    return true;
}

bool expectEnd(Cursor& c) {
    if (c.remaining() != 0)
        return c.fail(DecodeError::BadLength, format("%zu bytes left over after the body", c.remaining()));
    return true;
}

} // namespace

bool UpdateBatch::Reader::next(Update& out) {
    if (m_left == 0) return false;
    static const Limits kNoCaps{std::numeric_limits<uint32_t>::max(), std::numeric_limits<uint16_t>::max(),
                                std::numeric_limits<uint32_t>::max(), std::numeric_limits<uint16_t>::max()};
    Cursor c(m_bytes.subspan(m_pos), 0, kNoCaps, false);
    const bool ok = parseRecord(c, out);
    TV_ASSERT(ok, "UpdateBatch holds bytes the decoder did not validate");
    m_pos += c.pos();
    --m_left;
    return true;
}

UpdateBatch::Reader UpdateBatch::reader() const {
    Reader r;
    r.m_bytes = m_bytes;
    r.m_left = m_count;
    return r;
}

DecodeResult<FrameHeader> decodeHeader(std::span<const uint8_t> frame, const Limits& limits) {
    // Magic first on whatever arrived, so a stray non-feed frame is BadMagic even when short.
    for (size_t i = 0; i < 4 && i < frame.size(); ++i)
        if (frame[i] != kMagic[i])
            return DecodeFailure{DecodeError::BadMagic, i,
                                 format("byte %zu is 0x%02x, not the 'TVFD' magic", i, unsigned(frame[i]))};
    if (frame.size() < kHeaderBytes)
        return DecodeFailure{
            DecodeError::Truncated, frame.size(),
            format("frame of %zu bytes is shorter than the %zu-byte header", frame.size(), kHeaderBytes)};
    FrameHeader h;
    h.version = frame[offsets::kVersion];
    if (h.version < kProtocolVersion || h.version > kMaxProtocolVersion)
        return DecodeFailure{DecodeError::UnsupportedVersion, offsets::kVersion,
                             format("protocol version %u (this decoder speaks %u..%u)", unsigned(h.version),
                                    unsigned(kProtocolVersion), unsigned(kMaxProtocolVersion))};
    const uint8_t kind = frame[offsets::kKind];
    if (kind < 1 || kind > kMaxMessageKind)
        return DecodeFailure{DecodeError::UnknownKind, offsets::kKind,
                             format("unknown message kind %u", unsigned(kind))};
    h.kind = MessageKind(kind);
    h.flags = loadU16(&frame[offsets::kFlags]);
    if (h.flags != 0)
        return DecodeFailure{DecodeError::BadValue, offsets::kFlags,
                             format("flags 0x%04x set (none are defined in version 1)", unsigned(h.flags))};
    h.publisherId = loadU64(&frame[offsets::kPublisherId]);
    h.epoch = loadU32(&frame[offsets::kEpoch]);
    h.bodyLength = loadU32(&frame[offsets::kBodyLength]);
    h.sequence = loadU64(&frame[offsets::kSequence]);
    h.timestampUs = loadU64(&frame[offsets::kTimestamp]);
    if (uint64_t(h.bodyLength) + kHeaderBytes > limits.maxMessageBytes)
        return DecodeFailure{DecodeError::TooLarge, offsets::kBodyLength,
                             format("body length %u exceeds the %u-byte frame cap", unsigned(h.bodyLength),
                                    unsigned(limits.maxMessageBytes))};
    const size_t have = frame.size() - kHeaderBytes;
    if (have < h.bodyLength)
        return DecodeFailure{
            DecodeError::Truncated, frame.size(),
            format("body length %u but only %zu bytes follow the header", unsigned(h.bodyLength), have)};
    if (have > h.bodyLength)
        return DecodeFailure{DecodeError::BadLength, kHeaderBytes + h.bodyLength,
                             format("%zu bytes after the %u-byte body", have - h.bodyLength, unsigned(h.bodyLength))};
    return h;
}

DecodeResult<Message> decodeMessage(std::span<const uint8_t> frame, const Limits& limits) {
    auto header = decodeHeader(frame, limits);
    if (!header) return header.error();
    // Built in place in the result (one return object, so no Message moves through variants): at one update per
    // frame, moving the message out was a visible share of the decode.
    DecodeResult<Message> result(Message{});
    Message& m = *result;
    m.header = *header;
    const std::span<const uint8_t> body = frame.subspan(kHeaderBytes);
    Cursor c(body, kHeaderBytes, limits, true);
    c.setVersion(m.header.version);
    bool ok = false;
    switch (m.header.kind) {
    case MessageKind::Updates: {
        uint32_t count = 0;
        UpdateBatch batch;
        ok = c.u32(count, "update count");
        if (ok && count == 0) ok = c.fail(DecodeError::BadValue, "an Updates message with no updates", 0);
        ok = ok && parseBatch(c, body, count, batch);
        m.body = batch;
        break;
    }
    case MessageKind::SnapshotRequest: {
        SnapshotRequest r;
        ok = c.id(r.identity, "subscriber identity");
        m.body = r;
        break;
    }
    case MessageKind::SnapshotChunk: {
        SnapshotChunk s;
        uint32_t count = 0;
        ok =
            c.u32(s.chunkIndex, "chunk index") && c.u32(count, "update count") && parseBatch(c, body, count, s.updates);
        m.body = s;
        break;
    }
    case MessageKind::SnapshotEnd: {
        SnapshotEnd e;
        ok = c.u32(e.chunkCount, "chunk count");
        m.body = e;
        break;
    }
    case MessageKind::Heartbeat: {
        Heartbeat h;
        ok = c.u32(h.intervalMs, "heartbeat interval");
        m.body = h;
        break;
    }
    case MessageKind::CommandRequest: {
        CommandRequest r;
        uint16_t argCount = 0;
        ok = c.u64(r.commandId, "command id") && c.id(r.target, "command target") && c.id(r.verb, "command verb") &&
             c.u32(r.timeoutMs, "command timeout") && c.u16(argCount, "argument count");
        if (ok && argCount > limits.maxCommandArgs)
            ok = c.fail(DecodeError::TooLarge,
                        format("%u command arguments, cap %u", unsigned(argCount), unsigned(limits.maxCommandArgs)),
                        c.pos() - 2);
        if (ok) {
            r.args.reserve(argCount); // bounded by maxCommandArgs, checked above
            for (uint16_t i = 0; i < argCount && ok; ++i) {
                CommandArg a;
                ok = c.id(a.name, "argument name") && parseValue(c, a.value);
                if (ok) r.args.push_back(a);
            }
        }
        m.body = std::move(r);
        break;
    }
    case MessageKind::CommandReply: {
        CommandReply r;
        uint8_t status = 0;
        ok = c.u64(r.commandId, "command id") && c.u8(status, "command status");
        if (ok && (status < 1 || status > 3))
            ok = c.fail(DecodeError::BadValue, format("command status %u (must be 1..3)", unsigned(status)),
                        c.pos() - 1);
        r.status = CommandStatus(status);
        ok = ok && c.text(r.reason, "reply reason");
        m.body = r;
        break;
    }
    }
    ok = ok && expectEnd(c);
    if (!ok) {
        TV_ASSERT(c.failed(), "decode failed without recording a cause");
        result = DecodeResult<Message>(std::move(c.failure()));
    }
    return result;
}

} // namespace tv::net
