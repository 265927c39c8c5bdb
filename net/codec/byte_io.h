// Little-endian byte helpers and the UTF-8 check shared by the codec's encoder and decoder. Internal to
// net/codec (not part of the public API). Written with shifts rather than memcpy-of-structs so the wire stays
// little-endian whatever the host is. Any thread.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

namespace tv::net::detail {

inline uint16_t loadU16(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }
inline uint32_t loadU32(const uint8_t* p) {
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}
inline uint64_t loadU64(const uint8_t* p) { return uint64_t(loadU32(p)) | (uint64_t(loadU32(p + 4)) << 32); }
inline float loadF32(const uint8_t* p) { return std::bit_cast<float>(loadU32(p)); }
inline double loadF64(const uint8_t* p) { return std::bit_cast<double>(loadU64(p)); }

inline void storeU16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
}
inline void storeU32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = uint8_t(v >> (8 * i));
}
inline void storeU64(uint8_t* p, uint64_t v) {
    for (int i = 0; i < 8; ++i) p[i] = uint8_t(v >> (8 * i));
}

// Appends to a byte vector. The vector's size runs ahead of what was written (grown in doubling steps, so a
// reused vector is zero-filled at most once per frame rather than per field); each field is one store through a
// pointer and one add to the written length. finish() cuts the vector back to what was written. Growing through
// resize() per field instead cost an out-of-line call plus a zero-fill for every field, and push_back per byte a
// dependent update of the vector's end pointer per byte: either was most of the cost of encoding a batch.
// Callers reuse one vector per socket so the hot path stops allocating after the first few messages.
class ByteWriter {
public:
    explicit ByteWriter(std::vector<uint8_t>& out) : m_out(out), m_size(out.size()) {}
    size_t size() const { return m_size; }
    void reset() { m_size = 0; } // start over (the vector keeps its size and capacity until finish())
    void finish() { m_out.resize(m_size); }
    void u8(uint8_t v) { *grow(1) = v; }
    void u16(uint16_t v) { storeU16(grow(2), v); }
    void u32(uint32_t v) { storeU32(grow(4), v); }
    void u64(uint64_t v) { storeU64(grow(8), v); }
    void f32(float v) { u32(std::bit_cast<uint32_t>(v)); }
    void f64(double v) { u64(std::bit_cast<uint64_t>(v)); }
    void raw(std::string_view s) {
        if (s.empty()) return;
        std::memcpy(grow(s.size()), s.data(), s.size());
    }
    void patchU32(size_t at, uint32_t v) { storeU32(m_out.data() + at, v); }

private:
    uint8_t* grow(size_t n) {
        const size_t at = m_size;
        if (m_out.size() - at < n) [[unlikely]]
            m_out.resize(std::max({m_out.capacity(), 2 * m_out.size(), at + n, size_t(256)}));
        m_size = at + n;
        return m_out.data() + at;
    }
    std::vector<uint8_t>& m_out;
    size_t m_size = 0; // bytes written; m_out.size() >= m_size
};

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Returns the byte offset of
// the first bad sequence, or s.size() when the whole string is valid.
inline size_t firstInvalidUtf8(std::string_view s) {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        // ASCII (nearly every id and name) eight bytes at a time: every decoded string passes here.
        while (n - i >= 8) {
            uint64_t word;
            std::memcpy(&word, p + i, 8);
            if (word & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i == n) break;
        const uint8_t c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        uint8_t lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c == 0xE0) {
            len = 3;
            lo = 0xA0;
        } else if (c >= 0xE1 && c <= 0xEC)
            len = 3;
        else if (c == 0xED) {
            len = 3;
            hi = 0x9F;
        } // excludes UTF-16 surrogates
        else if (c >= 0xEE && c <= 0xEF)
            len = 3;
        else if (c == 0xF0) {
            len = 4;
            lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3)
            len = 4;
        else if (c == 0xF4) {
            len = 4;
            hi = 0x8F;
        } // caps at U+10FFFF
        else
            return i;
        if (n - i < len) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (size_t k = 2; k < len; ++k)
            if ((p[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return n;
}

} // namespace tv::net::detail
