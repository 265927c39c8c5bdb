// Operator command parsing and formatting (see operator_command.h).
#include "twin/operator_command.h"

#include "core/log.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tv::twin {

namespace {

struct Token {
    std::string_view text;
    size_t column = 0; // 1-based
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isWordChar(char c) { return isAlpha(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '/'; }
bool isWord(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (!isWordChar(c)) return false;
    return true;
}
bool looksNumeric(std::string_view s) {
    return !s.empty() && (isDigit(s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.');
}

Error errorAt(const std::string& what, size_t column) {
    return makeError(ErrorCode::Parse, what + " at column " + std::to_string(column));
}

// Splits on spaces outside "..." and [...].
Expected<std::vector<Token>> tokenize(std::string_view text) {
    std::vector<Token> out;
    size_t i = 0, n = text.size();
    while (i < n) {
        if (isSpace(text[i])) {
            ++i;
            continue;
        }
        size_t start = i;
        while (i < n && !isSpace(text[i])) {
            char c = text[i];
            if (c == '"') {
                size_t open = i++;
                while (i < n && text[i] != '"') i += (text[i] == '\\' && i + 1 < n) ? 2 : 1;
                if (i >= n) return errorAt("unterminated string", open + 1);
                ++i;
            } else if (c == '[') {
                size_t open = i;
                size_t close = text.find(']', i);
                if (close == std::string_view::npos) return errorAt("unterminated vector (missing ']')", open + 1);
                i = close + 1;
            } else {
                ++i;
            }
        }
        out.push_back({text.substr(start, i - start), start + 1});
    }
    return out;
}

bool parseNumber(std::string_view s, double& out) {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1); // from_chars rejects a leading '+'
    if (s.empty()) return false;
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

// `shown` is what the error quotes (the whole name=value token for arguments).
Expected<net::OwnedValue> parseValue(std::string_view raw, std::string_view shown, size_t column) {
    auto bad = [&](const std::string& why = {}) {
        return makeError(ErrorCode::Parse, "bad value '" + std::string(shown) + "' at column " +
                                               std::to_string(column) + (why.empty() ? "" : ": " + why));
    };
    net::OwnedValue v;
    if (raw.empty()) return bad();
    if (raw.front() == '"') {
        if (raw.size() < 2 || raw.back() != '"') return bad("text after the closing quote");
        v.type = net::ValueType::String;
        for (size_t i = 1; i + 1 < raw.size(); ++i) {
            char c = raw[i];
            if (c != '\\') {
                v.text += c;
                continue;
            }
            char e = raw[++i];
            if (e == '"' || e == '\\')
                v.text += e;
            else if (e == 'n')
                v.text += '\n';
            else if (e == 't')
                v.text += '\t';
            else
                return bad(std::string("unknown escape '\\") + e + "'");
        }
        return v;
    }
    if (raw.front() == '[') {
        if (raw.back() != ']') return bad("text after ']'");
        std::string_view inner = raw.substr(1, raw.size() - 2);
        double c[4] = {0, 0, 0, 0};
        size_t count = 0;
        while (true) {
            size_t comma = inner.find(',');
            std::string_view part = trim(inner.substr(0, comma));
            if (count == 4 || !parseNumber(part, c[count])) return bad("a vector holds 3 or 4 numbers");
            ++count;
            if (comma == std::string_view::npos) break;
            inner.remove_prefix(comma + 1);
        }
        if (count < 3) return bad("a vector holds 3 or 4 numbers");
        v.type = count == 3 ? net::ValueType::Vec3 : net::ValueType::Vec4;
        v.vector = glm::dvec4(c[0], c[1], c[2], c[3]);
        return v;
    }
    if (raw == "true" || raw == "false") {
        v.type = net::ValueType::Bool;
        v.boolean = raw == "true";
        return v;
    }
    if (looksNumeric(raw)) {
        v.type = net::ValueType::Number;
        if (!parseNumber(raw, v.number)) return bad("not a finite number");
        return v;
    }
    if (!isWord(raw)) return bad("quote text that has characters other than letters, digits and _ - . : /");
    v.type = net::ValueType::String;
    v.text = std::string(raw);
    return v;
}

std::string shortestNumber(double d) {
    // Whole numbers as operators type them ("1200", not "1.2e+03"); %.0f is exact below 2^53.
    if (d == std::floor(d) && std::abs(d) < 1e15) return format("%.0f", d);
    for (int precision = 1; precision <= 17; ++precision) {
        std::string s = format("%.*g", precision, d);
        if (std::strtod(s.c_str(), nullptr) == d) return s;
    }
    return format("%.17g", d);
}

} // namespace

Expected<OperatorCommand> parseOperatorCommand(std::string_view text) {
    auto tokens = tokenize(text);
    if (!tokens) return tokens.error();
    const std::vector<Token>& t = *tokens;
    if (t.empty() || !isAlpha(t[0].text.front()) || !isWord(t[0].text))
        return errorAt("expected a verb", t.empty() ? text.size() + 1 : t[0].column);
    OperatorCommand cmd;
    cmd.verb = std::string(t[0].text);
    size_t afterVerb = t[0].column + t[0].text.size();
    if (t.size() < 2) return errorAt("expected a target (an entity id) after '" + cmd.verb + "'", afterVerb);
    if (!isWord(t[1].text))
        return errorAt("expected a target (an entity id) before '" + std::string(t[1].text) + "'", t[1].column);
    cmd.target = std::string(t[1].text);

    auto addArg = [&](std::string name, net::OwnedValue value, size_t column) -> Expected<void> {
        for (const net::OwnedCommandArg& a : cmd.args)
            if (a.name == name) return errorAt("duplicate argument '" + name + "'", column);
        cmd.args.push_back({std::move(name), std::move(value)});
        return {};
    };
    for (size_t i = 2; i < t.size(); ++i) {
        const Token& tok = t[i];
        // The '=' of name=value comes before any quote or bracket ("a=\"x=y\"" is the argument a).
        size_t eq = tok.text.find_first_of("=\"[");
        bool named = eq != std::string_view::npos && tok.text[eq] == '=';
        if (!named) {
            if (i != 2) return errorAt("expected name=value, got '" + std::string(tok.text) + "'", tok.column);
            auto value = parseValue(tok.text, tok.text, tok.column);
            if (!value) return value.error();
            std::string name = "value";
            size_t dot = cmd.target.rfind('.');
            if (dot != std::string::npos && dot > 0 && dot + 1 < cmd.target.size()) {
                name = cmd.target.substr(dot + 1);
                cmd.target.resize(dot);
            }
            if (auto ok = addArg(std::move(name), std::move(*value), tok.column); !ok) return ok.error();
            continue;
        }
        std::string_view name = tok.text.substr(0, eq);
        if (name.empty()) return errorAt("expected an argument name before '='", tok.column);
        if (!isWord(name)) return errorAt("bad argument name '" + std::string(name) + "'", tok.column);
        auto value = parseValue(tok.text.substr(eq + 1), tok.text, tok.column);
        if (!value) return value.error();
        if (auto ok = addArg(std::string(name), std::move(*value), tok.column); !ok) return ok.error();
    }
    return cmd;
}

std::string formatOperatorValue(const net::OwnedValue& v) {
    switch (v.type) {
    case net::ValueType::Number: return shortestNumber(v.number);
    case net::ValueType::Bool: return v.boolean ? "true" : "false";
    case net::ValueType::Vec3:
        return "[" + shortestNumber(v.vector.x) + "," + shortestNumber(v.vector.y) + "," + shortestNumber(v.vector.z) +
               "]";
    case net::ValueType::Vec4:
        return "[" + shortestNumber(v.vector.x) + "," + shortestNumber(v.vector.y) + "," + shortestNumber(v.vector.z) +
               "," + shortestNumber(v.vector.w) + "]";
    case net::ValueType::String: break;
    }
    const std::string& s = v.text;
    if (isWord(s) && !looksNumeric(s) && s != "true" && s != "false") return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\', out += c;
        else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else
            out += c;
    }
    return out + "\"";
}

std::string formatOperatorCommand(const OperatorCommand& command) {
    std::string out = command.verb + " " + command.target;
    for (const net::OwnedCommandArg& a : command.args) out += " " + a.name + "=" + formatOperatorValue(a.value);
    return out;
}

} // namespace tv::twin
