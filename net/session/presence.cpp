#include "net/session/presence.h"

#include "core/log.h"
#include "net/codec/byte_io.h"
#include "net/codec/byte_reader.h"

#include <cmath>
#include <cstring>
#include <numbers>
#include <optional>

namespace tv::net {

namespace {

using namespace detail;

constexpr float kPi = std::numbers::pi_v<float>;

// Domain checks shared by the encoder and the decoder, so what one accepts the other cannot reject.
bool allFinite(const float* v, int n) {
    for (int i = 0; i < n; ++i)
        if (!std::isfinite(v[i])) return false;
    return true;
}

// Length in double: squaring in float loses the last bits exactly where the tolerance is measured.
bool isUnitQuat(const quat& q) {
    const double len = std::sqrt(double(q.x) * q.x + double(q.y) * q.y + double(q.z) * q.z + double(q.w) * q.w);
    return std::abs(len - 1.0) <= double(kPresenceQuatTolerance);
}

bool isNonZero(const vec3& v) { return v.x != 0.0f || v.y != 0.0f || v.z != 0.0f; }

bool fovInRange(float fov) { return std::isfinite(fov) && fov > 0.0f && fov < kPi; }

// ---------------------------------------------------------------------------------------------------- encoder

class Encoder {
public:
    explicit Encoder(std::vector<uint8_t>& out) : m_w(out) {}

    void fail(ErrorCode code, std::string message) {
        if (!m_error) m_error = makeError(code, std::move(message));
    }
    const std::optional<Error>& error() const { return m_error; }
    ByteWriter& w() { return m_w; }

    void string(std::string_view s, size_t cap, bool required, const char* what) {
        if (required && s.empty()) fail(ErrorCode::InvalidArgument, format("%s is empty", what));
        if (s.size() > cap) fail(ErrorCode::TooLarge, format("%s is %zu bytes, cap %zu", what, s.size(), cap));
        if (firstInvalidUtf8(s) != s.size())
            fail(ErrorCode::InvalidArgument, format("%s is not valid UTF-8 (byte %zu)", what, firstInvalidUtf8(s)));
        if (m_error) return;
        m_w.u16(uint16_t(s.size()));
        m_w.raw(s);
    }
    void vec(const vec3& v, const char* what) {
        if (!allFinite(&v.x, 3)) fail(ErrorCode::InvalidArgument, format("%s has a non-finite component", what));
        m_w.f32(v.x);
        m_w.f32(v.y);
        m_w.f32(v.z);
    }
    void pose(const PresencePose& p, const char* what) {
        vec(p.position, what);
        const quat& q = p.orientation;
        const float xyzw[4] = {q.x, q.y, q.z, q.w};
        if (!allFinite(xyzw, 4))
            fail(ErrorCode::InvalidArgument, format("%s orientation has a non-finite component", what));
        else if (!isUnitQuat(q))
            fail(ErrorCode::InvalidArgument, format("%s orientation is not a unit quaternion", what));
        for (float f : xyzw) m_w.f32(f);
    }

private:
    ByteWriter m_w;
    std::optional<Error> m_error;
};

// ---------------------------------------------------------------------------------------------------- decoder

// The shared strict cursor plus the presence record's own composite field.
class Reader : public ByteReader {
public:
    using ByteReader::ByteReader;

    bool pose(PresencePose& p, const char* what) {
        if (!vec(p.position, what)) return false;
        const size_t at = m_pos;
        float f[4];
        if (!floats(f, 4, what)) return false;
        p.orientation = quat(f[3], f[0], f[1], f[2]); // wire x,y,z,w -> glm (w,x,y,z)
        if (!isUnitQuat(p.orientation))
            return fail(DecodeError::BadValue, format("%s orientation is not a unit quaternion", what), at);
        return true;
    }
};

bool decodeBody(Reader& r, PresenceRecord& rec) {
    if (!r.need(4, "magic")) return false;
    uint8_t magic[4];
    for (uint8_t& b : magic) (void)r.u8(b, "magic");
    if (std::memcmp(magic, kPresenceMagic, 4) != 0)
        return r.fail(DecodeError::BadMagic, "not a presence record (magic is not \"TVPR\")", 0);

    uint8_t version = 0;
    if (!r.u8(version, "version")) return false;
    if (version != kPresenceVersion)
        return r.fail(DecodeError::UnsupportedVersion, format("presence version %u (this decoder speaks 1)", version),
                      r.pos() - 1);

    uint8_t device = 0;
    if (!r.u8(device, "device")) return false;
    if (device > uint8_t(DeviceKind::Xr))
        return r.fail(DecodeError::BadValue, format("unknown device %u", device), r.pos() - 1);
    rec.device = DeviceKind(device);

    uint16_t flags = 0;
    if (!r.u16(flags, "flags")) return false;
    if (flags & ~kPresenceKnownFlags)
        return r.fail(DecodeError::BadValue, format("reserved flag bits set (flags 0x%04x)", flags), r.pos() - 2);
    if ((flags & kPresencePointerHit) && !(flags & kPresencePointer))
        return r.fail(DecodeError::BadValue, "pointer hit flag without the pointer flag", r.pos() - 2);

    if (!r.string(rec.userId, kPresenceMaxUserIdBytes, true, "user id")) return false;
    if (!r.u64(rec.sequence, "sequence") || !r.u64(rec.sentTimeUs, "sent time")) return false;
    if (!r.pose(rec.head, "head pose")) return false;
    if (flags & kPresenceLeftHand) {
        if (!r.pose(rec.leftHand.emplace(), "left hand pose")) return false;
    }
    if (flags & kPresenceRightHand) {
        if (!r.pose(rec.rightHand.emplace(), "right hand pose")) return false;
    }
    if (flags & kPresencePointer) {
        PresencePointer& p = rec.pointer.emplace();
        if (!r.vec(p.origin, "pointer origin")) return false;
        const size_t at = r.pos();
        if (!r.vec(p.direction, "pointer direction")) return false;
        if (!isNonZero(p.direction)) return r.fail(DecodeError::BadValue, "pointer direction is zero", at);
        if (flags & kPresencePointerHit) {
            if (!r.vec(p.hit.emplace(), "pointer hit")) return false;
        }
    }
    if (!r.string(rec.selectionPath, kPresenceMaxSelectionBytes, false, "selection path")) return false;
    const size_t fovAt = r.pos();
    float fov = 0.0f;
    if (!r.floats(&fov, 1, "vertical fov")) return false;
    if (!fovInRange(fov))
        return r.fail(DecodeError::BadValue, format("vertical fov %g is outside (0, pi)", double(fov)), fovAt);
    rec.verticalFovRad = fov;

    if (r.remaining() != 0)
        return r.fail(DecodeError::BadLength, format("%zu bytes after the end of the record", r.remaining()), r.pos());
    return true;
}

} // namespace

uint16_t presenceFlags(const PresenceRecord& record) {
    uint16_t flags = 0;
    if (record.leftHand) flags |= kPresenceLeftHand;
    if (record.rightHand) flags |= kPresenceRightHand;
    if (record.pointer) {
        flags |= kPresencePointer;
        if (record.pointer->hit) flags |= kPresencePointerHit;
    }
    return flags;
}

Expected<void> encodePresence(const PresenceRecord& record, std::vector<uint8_t>& out) {
    out.clear();
    Encoder e(out);
    ByteWriter& w = e.w();
    w.raw(std::string_view(reinterpret_cast<const char*>(kPresenceMagic), 4));
    w.u8(kPresenceVersion);
    if (uint8_t(record.device) > uint8_t(DeviceKind::Xr))
        e.fail(ErrorCode::InvalidArgument, format("unknown device %u", unsigned(record.device)));
    w.u8(uint8_t(record.device));
    w.u16(presenceFlags(record));
    e.string(record.userId, kPresenceMaxUserIdBytes, true, "user id");
    w.u64(record.sequence);
    w.u64(record.sentTimeUs);
    e.pose(record.head, "head pose");
    if (record.leftHand) e.pose(*record.leftHand, "left hand pose");
    if (record.rightHand) e.pose(*record.rightHand, "right hand pose");
    if (const auto& p = record.pointer) {
        e.vec(p->origin, "pointer origin");
        e.vec(p->direction, "pointer direction");
        if (allFinite(&p->direction.x, 3) && !isNonZero(p->direction))
            e.fail(ErrorCode::InvalidArgument, "pointer direction is zero");
        if (p->hit) e.vec(*p->hit, "pointer hit");
    }
    e.string(record.selectionPath, kPresenceMaxSelectionBytes, false, "selection path");
    if (!fovInRange(record.verticalFovRad))
        e.fail(ErrorCode::InvalidArgument, format("vertical fov %g is outside (0, pi)", double(record.verticalFovRad)));
    w.f32(record.verticalFovRad);
    // The field caps keep a record under ~730 bytes; the check stands in case a later version grows it.
    if (w.size() > kPresenceMaxBytes)
        e.fail(ErrorCode::TooLarge,
               format("record of %zu bytes exceeds the %zu-byte cap", w.size(), kPresenceMaxBytes));
    if (e.error()) {
        out.clear();
        return *e.error();
    }
    w.finish();
    return {};
}

DecodeResult<PresenceRecord> decodePresence(std::span<const uint8_t> bytes) {
    if (bytes.size() > kPresenceMaxBytes)
        return DecodeFailure{
            DecodeError::TooLarge, kPresenceMaxBytes,
            format("presence record of %zu bytes exceeds the %zu-byte cap", bytes.size(), kPresenceMaxBytes)};
    Reader r(bytes);
    PresenceRecord rec;
    if (!decodeBody(r, rec)) return r.takeFailure();
    return rec;
}

} // namespace tv::net
