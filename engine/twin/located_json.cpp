// Position-tracking JSON reader (see located_json.h). Recursive descent over the text; depth is capped.
#include "twin/located_json.h"

#include "core/log.h"

#include <charconv>
#include <cmath>

namespace tv::twin {

SourcePos LocatedJson::find(std::string_view path) const {
    std::string p(path);
    for (;;) {
        if (auto it = positions.find(p); it != positions.end()) return it->second;
        if (p.empty()) return {};
        // Strip the last ".key" or "[i]" component.
        size_t cut = p.find_last_of(".[");
        p.resize(cut == std::string::npos ? 0 : cut);
    }
}

namespace {

using nlohmann::json;

class Reader {
public:
    Reader(std::string_view text, std::string_view fileName, LocatedJson& out)
        : m_text(text), m_file(fileName), m_out(out) {}

    Expected<void> run() {
        skipSpace();
        auto v = value("", 0);
        if (!v) return v.error();
        m_out.value = std::move(*v);
        skipSpace();
        if (m_at < m_text.size()) return fail("unexpected text after the JSON value");
        return {};
    }

private:
    SourcePos here() const { return {m_line, uint32_t(m_at - m_lineStart + 1)}; }

    Error fail(const std::string& what) const { return failAt(here(), what); }

    Error failAt(SourcePos p, const std::string& what) const {
        return makeError(ErrorCode::Parse,
                         format("%.*s:%u:%u: ", int(m_file.size()), m_file.data(), p.line, p.column) + what);
    }

    void skipSpace() {
        while (m_at < m_text.size()) {
            char c = m_text[m_at];
            if (c == '\n') {
                ++m_at;
                ++m_line;
                m_lineStart = m_at;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++m_at;
            } else {
                break;
            }
        }
    }

    bool consumeWord(std::string_view w) {
        if (m_text.substr(m_at, w.size()) != w) return false;
        m_at += w.size();
        return true;
    }

    Expected<json> value(const std::string& path, int depth) {
        if (depth > kMaxJsonDepth) return fail(format("nesting deeper than %d levels", kMaxJsonDepth));
        if (m_at >= m_text.size()) return fail("unexpected end of input, expected a value");
        char c = m_text[m_at];
        if (c == '{') return object(path, depth);
        if (c == '[') return array(path, depth);
        if (c == '"') {
            auto s = string();
            if (!s) return s.error();
            return json(std::move(*s));
        }
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        if (consumeWord("true")) return json(true);
        if (consumeWord("false")) return json(false);
        if (consumeWord("null")) return json(nullptr);
        return fail(format("unexpected character '%c', expected a value", c));
    }

    Expected<json> object(const std::string& path, int depth) {
        ++m_at; // '{'
        json obj = json::object();
        skipSpace();
        if (m_at < m_text.size() && m_text[m_at] == '}') {
            ++m_at;
            return obj;
        }
        for (;;) {
            skipSpace();
            if (m_at >= m_text.size() || m_text[m_at] != '"') return fail("expected a quoted key");
            SourcePos keyPos = here();
            auto key = string();
            if (!key) return key.error();
            if (obj.contains(*key)) return failAt(keyPos, "duplicate key \"" + *key + "\"");
            std::string childPath = path.empty() ? *key : path + "." + *key;
            m_out.positions[childPath] = keyPos;
            skipSpace();
            if (m_at >= m_text.size() || m_text[m_at] != ':') return fail("expected ':' after the key");
            ++m_at;
            skipSpace();
            auto v = value(childPath, depth + 1);
            if (!v) return v.error();
            obj[*key] = std::move(*v);
            skipSpace();
            if (m_at < m_text.size() && m_text[m_at] == ',') {
                ++m_at;
                continue;
            }
            if (m_at < m_text.size() && m_text[m_at] == '}') {
                ++m_at;
                return obj;
            }
            return fail("expected ',' or '}' in an object");
        }
    }

    Expected<json> array(const std::string& path, int depth) {
        ++m_at; // '['
        json arr = json::array();
        skipSpace();
        if (m_at < m_text.size() && m_text[m_at] == ']') {
            ++m_at;
            return arr;
        }
        for (;;) {
            skipSpace();
            std::string childPath = path + "[" + std::to_string(arr.size()) + "]";
            m_out.positions[childPath] = here();
            auto v = value(childPath, depth + 1);
            if (!v) return v.error();
            arr.push_back(std::move(*v));
            skipSpace();
            if (m_at < m_text.size() && m_text[m_at] == ',') {
                ++m_at;
                continue;
            }
            if (m_at < m_text.size() && m_text[m_at] == ']') {
                ++m_at;
                return arr;
            }
            return fail("expected ',' or ']' in an array");
        }
    }

    Expected<uint32_t> hex4() {
        if (m_at + 4 > m_text.size()) return fail("truncated \\u escape");
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = m_text[m_at++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= uint32_t(c - 'A' + 10);
            else
                return fail("bad hex digit in a \\u escape");
        }
        return v;
    }

    static void appendUtf8(std::string& s, uint32_t cp) {
        if (cp < 0x80) {
            s += char(cp);
        } else if (cp < 0x800) {
            s += char(0xC0 | (cp >> 6));
            s += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += char(0xE0 | (cp >> 12));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        } else {
            s += char(0xF0 | (cp >> 18));
            s += char(0x80 | ((cp >> 12) & 0x3F));
            s += char(0x80 | ((cp >> 6) & 0x3F));
            s += char(0x80 | (cp & 0x3F));
        }
    }

    Expected<std::string> string() {
        ++m_at; // opening quote
        std::string s;
        for (;;) {
            if (m_at >= m_text.size()) return fail("unterminated string");
            char c = m_text[m_at];
            if (c == '"') {
                ++m_at;
                return s;
            }
            if (static_cast<unsigned char>(c) < 0x20) return fail("control character inside a string");
            if (c != '\\') {
                s += c;
                ++m_at;
                continue;
            }
            ++m_at;
            if (m_at >= m_text.size()) return fail("unterminated string");
            char e = m_text[m_at++];
            switch (e) {
            case '"': s += '"'; break;
            case '\\': s += '\\'; break;
            case '/': s += '/'; break;
            case 'b': s += '\b'; break;
            case 'f': s += '\f'; break;
            case 'n': s += '\n'; break;
            case 'r': s += '\r'; break;
            case 't': s += '\t'; break;
            case 'u': {
                auto hi = hex4();
                if (!hi) return hi.error();
                uint32_t cp = *hi;
                if (cp >= 0xD800 && cp <= 0xDBFF) { // surrogate pair
                    if (!consumeWord("\\u")) return fail("unpaired UTF-16 surrogate in a \\u escape");
                    auto lo = hex4();
                    if (!lo) return lo.error();
                    if (*lo < 0xDC00 || *lo > 0xDFFF) return fail("unpaired UTF-16 surrogate in a \\u escape");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (*lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return fail("unpaired UTF-16 surrogate in a \\u escape");
                }
                appendUtf8(s, cp);
                break;
            }
            default: return fail(format("unknown escape '\\%c'", e));
            }
        }
    }

    Expected<json> number() {
        size_t start = m_at;
        auto digits = [&] {
            size_t n = 0;
            while (m_at < m_text.size() && m_text[m_at] >= '0' && m_text[m_at] <= '9') ++m_at, ++n;
            return n;
        };
        if (m_text[m_at] == '-') ++m_at;
        if (m_at < m_text.size() && m_text[m_at] == '0') {
            ++m_at;
        } else if (digits() == 0) {
            return fail("malformed number");
        }
        bool integral = true;
        if (m_at < m_text.size() && m_text[m_at] == '.') {
            ++m_at;
            integral = false;
            if (digits() == 0) return fail("malformed number: digits expected after '.'");
        }
        if (m_at < m_text.size() && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
            ++m_at;
            integral = false;
            if (m_at < m_text.size() && (m_text[m_at] == '+' || m_text[m_at] == '-')) ++m_at;
            if (digits() == 0) return fail("malformed number: digits expected in the exponent");
        }
        const char* first = m_text.data() + start;
        const char* last = m_text.data() + m_at;
        if (integral) {
            int64_t i = 0;
            auto r = std::from_chars(first, last, i);
            if (r.ec == std::errc() && r.ptr == last) return json(i);
        }
        double d = 0.0;
        auto r = std::from_chars(first, last, d);
        if (r.ec != std::errc() || r.ptr != last || !std::isfinite(d)) {
            m_at = start;
            return fail("number out of range");
        }
        return json(d);
    }

    std::string_view m_text;
    std::string_view m_file;
    LocatedJson& m_out;
    size_t m_at = 0;
    size_t m_lineStart = 0;
    uint32_t m_line = 1;
};

} // namespace

Expected<LocatedJson> parseLocatedJson(std::string_view text, std::string_view fileName) {
    LocatedJson out;
    out.positions[""] = SourcePos{1, 1};
    Reader reader(text, fileName, out);
    auto ok = reader.run();
    if (!ok) return ok.error();
    return out;
}

} // namespace tv::twin
