// JsonOut: see gltf_writer_json.h.
#include "gltf/gltf_writer_json.h"

#include "core/log.h"

#include <charconv>
#include <cmath>

namespace tv::gltf::detail {

bool validUtf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const auto c = uint8_t(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t extra = 0;
        uint8_t lo = 0x80, hi = 0xBF; // allowed range of the first continuation byte
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if (s.size() - i <= extra) return false;
        for (size_t k = 1; k <= extra; ++k) {
            const auto b = uint8_t(s[i + k]);
            if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
        }
        i += extra + 1;
    }
    return true;
}

JsonOut& JsonOut::key(std::string_view k) {
    separate();
    quoted(k);
    m_out += ':';
    m_afterKey = true;
    return *this;
}

void JsonOut::string(std::string_view s, const std::string& context) {
    if (!validUtf8(s)) fail(context + " has a name that is not valid UTF-8");
    separate();
    quoted(s);
}

void JsonOut::integer(int64_t v) {
    separate();
    m_out += std::to_string(v);
}

void JsonOut::boolean(bool v) {
    separate();
    m_out += v ? "true" : "false";
}

void JsonOut::number(float v, const std::string& context) {
    separate();
    if (!std::isfinite(v)) {
        fail(context + " holds a non-finite number (JSON cannot store NaN or infinity)");
        m_out += '0';
        return;
    }
    // Shortest decimal that reads back as v when parsed as float. Readers (tinygltf via nlohmann) parse as double
    // and then narrow; when that double rounding would land on a neighbour, print v's exact double instead.
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    double back = 0.0;
    std::from_chars(buf, r.ptr, back);
    if (float(back) != v) r = std::to_chars(buf, buf + sizeof buf, double(v));
    m_out.append(buf, r.ptr);
}

void JsonOut::open(char c) {
    separate();
    m_out += c;
    m_first.push_back(true);
}

void JsonOut::close(char c) {
    m_out += c;
    m_first.pop_back();
}

void JsonOut::separate() {
    if (m_afterKey) { // the value of a key: no comma
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back()) m_out += ',';
        m_first.back() = false;
    }
}

void JsonOut::quoted(std::string_view s) {
    m_out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') {
            m_out += '\\';
            m_out += c;
        } else if (uint8_t(c) < 0x20) {
            m_out += format("\\u%04x", unsigned(uint8_t(c)));
        } else {
            m_out += c;
        }
    }
    m_out += '"';
}

void JsonOut::fail(std::string message) {
    if (!m_error) m_error = makeError(ErrorCode::InvalidArgument, std::move(message));
}

} // namespace tv::gltf::detail
