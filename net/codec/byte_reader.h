// ByteReader — the bounds-checked read cursor of the small strict decoders (presence records, session messages):
// little-endian integers, finite floats, range-checked enums, list counts checked against a cap and against the
// bytes left (before anything is allocated), u16-prefixed strict UTF-8 strings. The first failure sticks and
// carries its byte offset, and every read after it fails too, so a decoder can chain reads with && and report the
// first problem. Decoders derive from it to add their own composite fields. The twin feed's hot-path decoder
// (decoder.cpp) validates a whole frame in one pass instead and does not use it. Any thread (one reader per call).
#pragma once

#include "core/log.h"
#include "core/math.h"
#include "net/codec/byte_io.h"
#include "net/codec/wire_format.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tv::net {

class ByteReader {
public:
    explicit ByteReader(std::span<const uint8_t> bytes) : m_bytes(bytes) {}

    size_t pos() const { return m_pos; }
    size_t remaining() const { return m_bytes.size() - m_pos; }
    bool failed() const { return m_failure.has_value(); }
    DecodeFailure takeFailure() { return std::move(*m_failure); }

    bool fail(DecodeError code, std::string message, size_t at) {
        if (!m_failure) m_failure = DecodeFailure{code, at, std::move(message)};
        return false;
    }
    bool need(size_t n, const char* what) {
        if (!m_failure && remaining() >= n) return true;
        return fail(DecodeError::Truncated, format("%s needs %zu bytes, %zu left", what, n, remaining()), m_pos);
    }
    bool u8(uint8_t& v, const char* what) {
        if (!need(1, what)) return false;
        v = m_bytes[m_pos++];
        return true;
    }
    bool u16(uint16_t& v, const char* what) { return fixed(v, detail::loadU16, what); }
    bool u32(uint32_t& v, const char* what) { return fixed(v, detail::loadU32, what); }
    bool u64(uint64_t& v, const char* what) { return fixed(v, detail::loadU64, what); }
    bool boolean(bool& v, const char* what) {
        uint8_t b = 0;
        if (!u8(b, what)) return false;
        if (b > 1) return fail(DecodeError::BadValue, format("%s is %u, not 0 or 1", what, b), m_pos - 1);
        v = b == 1;
        return true;
    }
    bool f32(float& v, const char* what) { return floats(&v, 1, what); }
    bool f64(double& v, const char* what) {
        if (!need(8, what)) return false;
        v = detail::loadF64(&m_bytes[m_pos]);
        if (!std::isfinite(v)) return fail(DecodeError::BadValue, format("%s is not finite", what), m_pos);
        m_pos += 8;
        return true;
    }
    // `n` consecutive f32, every one finite (the offset of a bad one is its own).
    bool floats(float* out, int n, const char* what) {
        if (!need(size_t(n) * 4, what)) return false;
        for (int i = 0; i < n; ++i) {
            out[i] = detail::loadF32(&m_bytes[m_pos + size_t(i) * 4]);
            if (!std::isfinite(out[i]))
                return fail(DecodeError::BadValue,
                            n == 1 ? format("%s is not finite", what)
                                   : format("%s component %d is not finite", what, i),
                            m_pos + size_t(i) * 4);
        }
        m_pos += size_t(n) * 4;
        return true;
    }
    bool vec(vec3& v, const char* what) {
        float f[3];
        if (!floats(f, 3, what)) return false;
        v = vec3(f[0], f[1], f[2]);
        return true;
    }
    template <class E>
    bool enumByte(E& value, E maxValue, const char* what, uint8_t minValue = 0) {
        uint8_t b = 0;
        if (!u8(b, what)) return false;
        if (b < minValue || b > uint8_t(maxValue))
            return fail(DecodeError::BadValue, format("%s %u is out of range", what, b), m_pos - 1);
        value = E(b);
        return true;
    }
    // A u32 list count: at most `cap`, and no more entries than the remaining bytes could hold.
    bool count(uint32_t& n, size_t cap, size_t minEntryBytes, const char* what) {
        const size_t at = m_pos;
        if (!u32(n, what)) return false;
        if (n > cap) return fail(DecodeError::TooLarge, format("%s has %u entries, cap %zu", what, n, cap), at);
        if (size_t(n) * minEntryBytes > remaining())
            return fail(DecodeError::Truncated, format("%s has %u entries, only %zu bytes left", what, n, remaining()),
                        at);
        return true;
    }
    // u16-prefixed strict UTF-8 of at most `cap` bytes (and at least one when `required`).
    bool string(std::string& s, size_t cap, bool required, const char* what) {
        const size_t start = m_pos;
        uint16_t len = 0;
        if (!u16(len, what)) return false;
        if (len > cap) return fail(DecodeError::TooLarge, format("%s is %u bytes, cap %zu", what, len, cap), start);
        if (required && len == 0) return fail(DecodeError::BadString, format("%s is empty", what), start);
        if (!need(len, what)) return false;
        const std::string_view view(reinterpret_cast<const char*>(&m_bytes[m_pos]), len);
        if (const size_t bad = detail::firstInvalidUtf8(view); bad != view.size())
            return fail(DecodeError::BadString, format("%s is not valid UTF-8", what), m_pos + bad);
        s.assign(view);
        m_pos += len;
        return true;
    }

protected:
    std::span<const uint8_t> m_bytes;
    size_t m_pos = 0;

private:
    template <class T, class Load>
    bool fixed(T& v, Load load, const char* what) {
        if (!need(sizeof(T), what)) return false;
        v = load(&m_bytes[m_pos]);
        m_pos += sizeof(T);
        return true;
    }

    std::optional<DecodeFailure> m_failure;
};

} // namespace tv::net
