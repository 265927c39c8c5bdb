#include "net/codec/encoder.h"

#include "core/log.h"
#include "net/codec/byte_io.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace tv::net {
namespace {

using detail::ByteWriter;

// Writes one frame. Field checks record the first problem and keep going (the frame is discarded at the end),
// which keeps the per-kind code a straight list of fields, the same order as protocol.md.
class FrameWriter {
public:
    FrameWriter(std::vector<uint8_t>& out, const Limits& limits) : m_out(out), m_w(out), m_limits(limits) {}

    void header(MessageKind kind, const FrameInfo& info) {
        m_w.reset();
        for (uint8_t b : kMagic) m_w.u8(b);
        m_w.u8(kProtocolVersion);
        m_w.u8(uint8_t(kind));
        m_w.u16(0); // flags: none defined in version 1
        m_w.u64(info.publisherId);
        m_w.u32(info.epoch);
        m_w.u32(0); // body length, patched by finish()
        m_w.u64(info.sequence);
        m_w.u64(info.timestampUs);
    }

    Expected<void> finish() {
        if (!m_error && m_w.size() > m_limits.maxMessageBytes)
            fail(ErrorCode::TooLarge,
                 format("frame of %zu bytes exceeds the %u-byte cap", m_w.size(), unsigned(m_limits.maxMessageBytes)));
        if (m_error) {
            m_out.clear();
            return *m_error;
        }
        m_w.finish();
        m_w.patchU32(offsets::kBodyLength, uint32_t(m_w.size() - kHeaderBytes));
        // The lowest version that covers every record written (see kAlarmAckVersion).
        if (m_version != kProtocolVersion) m_out[offsets::kVersion] = m_version;
        return {};
    }

    void fail(ErrorCode code, std::string message) {
        if (!m_error) m_error = makeError(code, std::move(message));
    }
    bool failed() const { return m_error.has_value(); }

    void u8(uint8_t v) { m_w.u8(v); }
    void u16(uint16_t v) { m_w.u16(v); }
    void u32(uint32_t v) { m_w.u32(v); }
    void u64(uint64_t v) { m_w.u64(v); }
    void f64(double v) { m_w.f64(v); }

    void finite(const float* v, int n, const char* what) {
        for (int i = 0; i < n; ++i)
            if (!std::isfinite(v[i])) fail(ErrorCode::InvalidArgument, format("%s has a non-finite component", what));
        for (int i = 0; i < n; ++i) m_w.f32(v[i]);
    }

    // u16-prefixed id; `required` ids must be non-empty.
    void id(std::string_view s, const char* what, bool required = true) {
        if (required && s.empty()) fail(ErrorCode::InvalidArgument, format("%s is empty", what));
        if (s.size() > m_limits.maxIdBytes) {
            fail(ErrorCode::TooLarge, format("%s is %zu bytes, cap %u", what, s.size(), unsigned(m_limits.maxIdBytes)));
            m_w.u16(0);
            return;
        }
        utf8(s, what);
        m_w.u16(uint16_t(s.size()));
        m_w.raw(s);
    }
    // u32-prefixed text.
    void text(std::string_view s, const char* what, bool required = false) {
        if (required && s.empty()) fail(ErrorCode::InvalidArgument, format("%s is empty", what));
        if (s.size() > m_limits.maxTextBytes || s.size() > m_limits.maxMessageBytes) {
            fail(ErrorCode::TooLarge,
                 format("%s is %zu bytes, cap %u", what, s.size(), unsigned(m_limits.maxTextBytes)));
            m_w.u32(0);
            return;
        }
        utf8(s, what);
        m_w.u32(uint32_t(s.size()));
        m_w.raw(s);
    }

    void value(const Value& v) {
        u8(uint8_t(v.type));
        switch (v.type) {
        case ValueType::Number: f64(v.number); break;
        case ValueType::Bool: u8(v.boolean ? 1 : 0); break;
        case ValueType::String: text(v.text, "string value"); break;
        case ValueType::Vec3:
            for (int i = 0; i < 3; ++i) f64(v.vector[i]);
            break;
        case ValueType::Vec4:
            for (int i = 0; i < 4; ++i) f64(v.vector[i]);
            break;
        default: fail(ErrorCode::InvalidArgument, format("unknown value type %u", unsigned(v.type)));
        }
    }

    void unit(const Unit& u) {
        u8(uint8_t(u.kind));
        switch (u.kind) {
        case UnitKind::None: break;
        case UnitKind::Code: u16(u.code); break;
        case UnitKind::Inline: id(u.symbol, "unit symbol"); break;
        default: fail(ErrorCode::InvalidArgument, format("unknown unit kind %u", unsigned(u.kind)));
        }
    }

    void rotation(const quat& q, const char* what) {
        const float xyzw[4] = {q.x, q.y, q.z, q.w}; // glTF order on the wire
        finite(xyzw, 4, what);
    }

    void update(const Update& update) {
        std::visit([this](const auto& u) { record(u); }, update);
    }

    void records(std::span<const Update> updates) {
        for (const Update& u : updates) {
            update(u);
            if (m_error) return;
            if (m_w.size() > m_limits.maxMessageBytes) return; // finish() reports TooLarge
        }
    }

private:
    void record(const PropertyUpdate& u) {
        u8(uint8_t(UpdateTag::Property));
        id(u.entity, "entity id");
        id(u.property, "property name");
        u64(u.sourceTimestampUs);
        unit(u.unit);
        value(u.value);
    }
    void record(const TransformUpdate& u) {
        u8(uint8_t(UpdateTag::Transform));
        id(u.entity, "entity id");
        if (u.mask == 0 || (u.mask & ~7u) != 0)
            fail(ErrorCode::InvalidArgument,
                 format("transform mask 0x%x (must be a non-empty subset of T|R|S)", u.mask));
        u8(u.mask);
        if (u.mask & kTransformTranslation) finite(glm::value_ptr(u.translation), 3, "translation");
        if (u.mask & kTransformRotation) rotation(u.rotation, "rotation");
        if (u.mask & kTransformScale) finite(glm::value_ptr(u.scale), 3, "scale");
    }
    void record(const VisibilityUpdate& u) {
        u8(uint8_t(UpdateTag::Visibility));
        id(u.entity, "entity id");
        u8(u.visible ? 1 : 0);
    }
    void record(const ColourOverride& u) {
        u8(uint8_t(UpdateTag::ColourOverride));
        id(u.entity, "entity id");
        if (u.mask == 0 || (u.mask & ~3u) != 0)
            fail(ErrorCode::InvalidArgument, format("colour mask 0x%x (must be base, emissive or both)", u.mask));
        u8(u.mask);
        if (u.mask & kColourBase) finite(glm::value_ptr(u.baseColour), 4, "base colour");
        if (u.mask & kColourEmissive) finite(glm::value_ptr(u.emissive), 3, "emissive colour");
    }
    void record(const ColourClear& u) {
        u8(uint8_t(UpdateTag::ColourClear));
        id(u.entity, "entity id");
    }
    void record(const SpawnEntity& u) {
        u8(uint8_t(UpdateTag::Spawn));
        id(u.entity, "entity id");
        text(u.asset, "asset", true);
        id(u.parent, "parent entity id", false);
        finite(glm::value_ptr(u.transform.translation), 3, "spawn translation");
        rotation(u.transform.rotation, "spawn rotation");
        finite(glm::value_ptr(u.transform.scale), 3, "spawn scale");
    }
    void record(const RemoveEntity& u) {
        u8(uint8_t(UpdateTag::Remove));
        id(u.entity, "entity id");
    }
    void record(const AlarmRaise& u) {
        u8(uint8_t(UpdateTag::AlarmRaise));
        id(u.alarmId, "alarm id");
        id(u.entity, "entity id");
        const auto sev = uint8_t(u.severity);
        if (sev < 1 || sev > 4) fail(ErrorCode::InvalidArgument, format("alarm severity %u (must be 1..4)", sev));
        u8(sev);
        text(u.text, "alarm text");
    }
    void record(const AlarmClear& u) {
        u8(uint8_t(UpdateTag::AlarmClear));
        id(u.alarmId, "alarm id");
    }
    void record(const AlarmAck& u) {
        u8(uint8_t(UpdateTag::AlarmAck));
        id(u.alarmId, "alarm id");
        id(u.by, "acknowledged-by", false);
        m_version = std::max(m_version, kAlarmAckVersion);
    }

    void utf8(std::string_view s, const char* what) {
        const size_t bad = detail::firstInvalidUtf8(s);
        if (bad != s.size()) fail(ErrorCode::InvalidArgument, format("%s is not valid UTF-8 (byte %zu)", what, bad));
    }

    std::vector<uint8_t>& m_out;
    ByteWriter m_w;
    const Limits& m_limits;
    std::optional<Error> m_error;
    uint8_t m_version = kProtocolVersion;
};

} // namespace

Expected<void> encodeUpdates(const FrameInfo& info, std::span<const Update> updates, std::vector<uint8_t>& out,
                             const Limits& limits) {
    FrameWriter w(out, limits);
    w.header(MessageKind::Updates, info);
    if (updates.empty()) w.fail(ErrorCode::InvalidArgument, "an Updates message needs at least one update");
    if (updates.size() > UINT32_MAX) w.fail(ErrorCode::TooLarge, "more than 2^32-1 updates in one message");
    w.u32(uint32_t(updates.size()));
    w.records(updates);
    return w.finish();
}

Expected<void> encodeSnapshotRequest(const FrameInfo& info, const SnapshotRequest& request, std::vector<uint8_t>& out,
                                     const Limits& limits) {
    FrameWriter w(out, limits);
    w.header(MessageKind::SnapshotRequest, info);
    w.id(request.identity, "subscriber identity");
    return w.finish();
}

Expected<void> encodeSnapshotChunk(const FrameInfo& info, uint32_t chunkIndex, std::span<const Update> updates,
                                   std::vector<uint8_t>& out, const Limits& limits) {
    FrameWriter w(out, limits);
    w.header(MessageKind::SnapshotChunk, info);
    if (updates.size() > UINT32_MAX) w.fail(ErrorCode::TooLarge, "more than 2^32-1 updates in one chunk");
    w.u32(chunkIndex);
    w.u32(uint32_t(updates.size()));
    w.records(updates);
    return w.finish();
}

Expected<void> encodeSnapshotEnd(const FrameInfo& info, const SnapshotEnd& end, std::vector<uint8_t>& out,
                                 const Limits& limits) {
    FrameWriter w(out, limits);
    w.header(MessageKind::SnapshotEnd, info);
    w.u32(end.chunkCount);
    return w.finish();
}

Expected<void> encodeHeartbeat(const FrameInfo& info, const Heartbeat& heartbeat, std::vector<uint8_t>& out,
                               const Limits& limits) {
    FrameWriter w(out, limits);
    w.header(MessageKind::Heartbeat, info);
    w.u32(heartbeat.intervalMs);
    return w.finish();
}

Expected<void> encodeCommandRequest(const FrameInfo& info, const CommandRequest& request, std::vector<uint8_t>& out,
                                    const Limits& limits) {
    FrameWriter w(out, limits);
    w.header(MessageKind::CommandRequest, info);
    w.u64(request.commandId);
    w.id(request.target, "command target");
    w.id(request.verb, "command verb");
    w.u32(request.timeoutMs);
    if (request.args.size() > limits.maxCommandArgs)
        w.fail(ErrorCode::TooLarge,
               format("%zu command arguments, cap %u", request.args.size(), unsigned(limits.maxCommandArgs)));
    w.u16(uint16_t(request.args.size()));
    for (const CommandArg& a : request.args) {
        if (w.failed()) break;
        w.id(a.name, "argument name");
        w.value(a.value);
    }
    return w.finish();
}

Expected<void> encodeCommandReply(const FrameInfo& info, const CommandReply& reply, std::vector<uint8_t>& out,
                                  const Limits& limits) {
    FrameWriter w(out, limits);
    w.header(MessageKind::CommandReply, info);
    w.u64(reply.commandId);
    const auto status = uint8_t(reply.status);
    if (status < 1 || status > 3)
        w.fail(ErrorCode::InvalidArgument, format("command status %u (must be 1..3)", status));
    w.u8(status);
    w.text(reply.reason, "reply reason");
    return w.finish();
}

Expected<void> encodeMessage(const Message& message, std::vector<uint8_t>& out, const Limits& limits) {
    const FrameInfo info{message.header.publisherId, message.header.epoch, message.header.sequence,
                         message.header.timestampUs};
    auto collect = [](const UpdateBatch& batch) {
        std::vector<Update> v;
        v.reserve(batch.count());
        batch.forEach([&](const Update& u) { v.push_back(u); });
        return v;
    };
    struct Visitor {
        const FrameInfo& info;
        std::vector<uint8_t>& out;
        const Limits& limits;
        decltype(collect)& collectFn;
        Expected<void> operator()(const UpdateBatch& b) const { return encodeUpdates(info, collectFn(b), out, limits); }
        Expected<void> operator()(const SnapshotRequest& r) const {
            return encodeSnapshotRequest(info, r, out, limits);
        }
        Expected<void> operator()(const SnapshotChunk& c) const {
            return encodeSnapshotChunk(info, c.chunkIndex, collectFn(c.updates), out, limits);
        }
        Expected<void> operator()(const SnapshotEnd& e) const { return encodeSnapshotEnd(info, e, out, limits); }
        Expected<void> operator()(const Heartbeat& h) const { return encodeHeartbeat(info, h, out, limits); }
        Expected<void> operator()(const CommandRequest& r) const { return encodeCommandRequest(info, r, out, limits); }
        Expected<void> operator()(const CommandReply& r) const { return encodeCommandReply(info, r, out, limits); }
    };
    const uint8_t version = message.header.version;
    if (version < kProtocolVersion || version > kMaxProtocolVersion)
        return makeError(ErrorCode::InvalidArgument,
                         format("protocol version %u (this encoder writes %u..%u)", unsigned(version),
                                unsigned(kProtocolVersion), unsigned(kMaxProtocolVersion)));
    Expected<void> r = std::visit(Visitor{info, out, limits, collect}, message.body);
    // Keep the message's version when it is higher than its records need (a re-encode gives the same bytes).
    if (r && out[offsets::kVersion] < version) out[offsets::kVersion] = version;
    return r;
}

} // namespace tv::net
