// Internal to engine/gltf: the JSON emitter behind writeGlb(). Compact output with keys in the order they are
// written (glTF readers do not care; determinism and diffs do) and floats as the shortest decimal that reads back
// as the same float. The first value JSON cannot hold (NaN, infinity, a string that is not UTF-8) is remembered as
// the error, naming the context the caller passed; the caller then discards the document. One per document, one
// thread.
#pragma once

#include "core/expected.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tv::gltf::detail {

// RFC 3629 UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF): what JSON parsers accept.
bool validUtf8(std::string_view s);

class JsonOut {
public:
    void beginObject() { open('{'); }
    void endObject() { close('}'); }
    void beginArray() { open('['); }
    void endArray() { close(']'); }
    // Returns *this so a member reads as one call chain: j.key("mesh").integer(3).
    JsonOut& key(std::string_view k);
    void string(std::string_view s, const std::string& context);
    void integer(int64_t v);
    void boolean(bool v);
    void number(float v, const std::string& context);
    template <class V>
    void numbers(const V& v, int n, const std::string& context) {
        beginArray();
        for (int i = 0; i < n; ++i) number(v[i], context);
        endArray();
    }

    std::string& text() { return m_out; }
    const std::optional<Error>& error() const { return m_error; }

private:
    void open(char c);
    void close(char c);
    void separate();
    void quoted(std::string_view s);
    void fail(std::string message);

    std::string m_out;
    std::vector<bool> m_first; // per open object/array: nothing written in it yet
    bool m_afterKey = false;
    std::optional<Error> m_error;
};

} // namespace tv::gltf::detail
