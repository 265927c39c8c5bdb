// KPI expression parser (see kpi_expression.h): a recursive-descent parser over the text, one function per
// precedence level:  expr := term (('+' | '-') term)* ; term := unary (('*' | '/') unary)* ;
// unary := '-' unary | primary ; primary := number | '(' expr ')' | name '(' args ')' | reference.
#include "ops/kpi/kpi_expression.h"

#include "core/log.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace tv::ops {

const char* KpiExpression::kindName(KpiNodeKind kind) {
    switch (kind) {
    case KpiNodeKind::Number: return "number";
    case KpiNodeKind::Ref: return "reference";
    case KpiNodeKind::Negate: return "-";
    case KpiNodeKind::Add: return "+";
    case KpiNodeKind::Subtract: return "-";
    case KpiNodeKind::Multiply: return "*";
    case KpiNodeKind::Divide: return "/";
    case KpiNodeKind::Sum: return "sum";
    case KpiNodeKind::Mean: return "mean";
    case KpiNodeKind::Min: return "min";
    case KpiNodeKind::Max: return "max";
    case KpiNodeKind::Count: return "count";
    case KpiNodeKind::Rate: return "rate";
    }
    return "?";
}

bool kpiGlobMatch(std::string_view pattern, std::string_view id) {
    // Iterative glob with backtracking to the last '*': linear in practice, no recursion.
    size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
    while (s < id.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = s;
        } else if (p < pattern.size() && pattern[p] == id[s]) {
            ++p;
            ++s;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            s = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

namespace {

bool isIdChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '*'; }
bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Function {
    const char* name;
    KpiNodeKind kind;
};
constexpr Function kFunctions[] = {
    {"sum", KpiNodeKind::Sum}, {"mean", KpiNodeKind::Mean},   {"avg", KpiNodeKind::Mean},  {"min", KpiNodeKind::Min},
    {"max", KpiNodeKind::Max}, {"count", KpiNodeKind::Count}, {"rate", KpiNodeKind::Rate},
};

bool isAggregate(KpiNodeKind k) {
    return k == KpiNodeKind::Sum || k == KpiNodeKind::Mean || k == KpiNodeKind::Min || k == KpiNodeKind::Max ||
           k == KpiNodeKind::Count;
}

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) { m_out.text = std::string(text); }

    Expected<KpiExpression> run() {
        skipSpace();
        if (atEnd()) return fail("expected an expression (the text is empty)");
        auto root = expr();
        if (!root) return root.error();
        skipSpace();
        if (!atEnd()) {
            if (peek() == ')') return fail("unmatched ')'");
            return fail(format("expected an operator (+ - * /) or the end, found '%c'", peek()));
        }
        m_out.root = *root;
        if (auto ok = checkWildcards(); !ok) return ok.error();
        return std::move(m_out);
    }

private:
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    uint32_t column() const { return uint32_t(m_pos + 1); }
    void skipSpace() {
        while (!atEnd() && std::isspace(static_cast<unsigned char>(m_text[m_pos]))) ++m_pos;
    }
    Error fail(const std::string& what) const { return failAt(column(), what); }
    static Error failAt(uint32_t col, const std::string& what) {
        return makeError(ErrorCode::Parse, format("column %u: %s", col, what.c_str()));
    }
    // What stands at the cursor, for "found ..." in messages.
    std::string found() const { return atEnd() ? "the end" : format("'%c'", peek()); }

    // A wildcard stands for many values: only an aggregate can take it, as a direct argument.
    Expected<void> checkWildcards() const {
        std::vector<bool> allowed(m_out.nodes.size(), false);
        for (const KpiNode& n : m_out.nodes)
            if (isAggregate(n.kind))
                for (uint32_t a : n.args) allowed[a] = true;
        const KpiRef* first = nullptr;
        for (size_t i = 0; i < m_out.nodes.size(); ++i) {
            const KpiNode& n = m_out.nodes[i];
            if (n.kind != KpiNodeKind::Ref || allowed[i] || !m_out.refs[n.ref].wildcard) continue;
            if (!first || m_out.refs[n.ref].column < first->column) first = &m_out.refs[n.ref];
        }
        if (!first) return {};
        return failAt(first->column, format("a wildcard reference (%s) is only allowed directly in sum, mean, min, "
                                            "max or count",
                                            first->text().c_str()));
    }

    uint32_t add(KpiNode node) {
        m_out.nodes.push_back(std::move(node));
        return uint32_t(m_out.nodes.size() - 1);
    }

    Expected<uint32_t> expr() {
        auto lhs = term();
        if (!lhs) return lhs;
        for (;;) {
            skipSpace();
            char c = peek();
            if (c != '+' && c != '-') return lhs;
            KpiNode n;
            n.kind = c == '+' ? KpiNodeKind::Add : KpiNodeKind::Subtract;
            n.column = column();
            ++m_pos;
            auto rhs = term();
            if (!rhs) return rhs;
            n.args = {*lhs, *rhs};
            lhs = add(std::move(n));
        }
    }

    Expected<uint32_t> term() {
        auto lhs = unary();
        if (!lhs) return lhs;
        for (;;) {
            skipSpace();
            char c = peek();
            if (c != '*' && c != '/') return lhs;
            KpiNode n;
            n.kind = c == '*' ? KpiNodeKind::Multiply : KpiNodeKind::Divide;
            n.column = column();
            ++m_pos;
            auto rhs = unary();
            if (!rhs) return rhs;
            n.args = {*lhs, *rhs};
            lhs = add(std::move(n));
        }
    }

    Expected<uint32_t> unary() {
        skipSpace();
        if (peek() == '-') {
            KpiNode n;
            n.kind = KpiNodeKind::Negate;
            n.column = column();
            ++m_pos;
            auto operand = unary();
            if (!operand) return operand;
            n.args = {*operand};
            return add(std::move(n));
        }
        return primary();
    }

    Expected<uint32_t> primary() {
        skipSpace();
        if (atEnd()) return fail("expected a number, a reference (entity.property), a function or '(', found the end");
        char c = peek();
        if (std::isdigit(static_cast<unsigned char>(c)) ||
            (c == '.' && m_pos + 1 < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos + 1]))))
            return number();
        if (c == '(') {
            uint32_t open = column();
            ++m_pos;
            auto inner = expr();
            if (!inner) return inner;
            skipSpace();
            if (peek() != ')')
                return fail(format("expected ')' to close the '(' at column %u, found %s", open, found().c_str()));
            ++m_pos;
            return inner;
        }
        if (isIdChar(c)) return nameOrReference();
        return fail(format("expected a number, a reference (entity.property), a function or '(', found '%c'", c));
    }

    Expected<uint32_t> number() {
        KpiNode n;
        n.kind = KpiNodeKind::Number;
        n.column = column();
        const char* begin = m_text.data() + m_pos;
        const char* end = m_text.data() + m_text.size();
        auto [ptr, ec] = std::from_chars(begin, end, n.number);
        if (ec != std::errc() || !std::isfinite(n.number)) return fail("malformed number");
        m_pos += size_t(ptr - begin);
        // "2x" or "3pump.flow": a number glued to a name is a typo, not an implicit product.
        if (!atEnd() && (isNameChar(peek()) || peek() == '.'))
            return fail(format("unexpected '%c' after the number", peek()));
        return add(std::move(n));
    }

    Expected<uint32_t> nameOrReference() {
        uint32_t start = column();
        size_t begin = m_pos;
        while (!atEnd() && isIdChar(peek())) ++m_pos;
        std::string_view word = m_text.substr(begin, m_pos - begin);
        // A function call: a plain name followed (possibly after spaces) by '('.
        size_t save = m_pos;
        skipSpace();
        if (peek() == '(') {
            for (const Function& f : kFunctions)
                if (word == f.name) return call(f, start);
            return failAt(start, format("unknown function '%.*s' (expected sum, mean, avg, min, max, count or rate)",
                                        int(word.size()), word.data()));
        }
        m_pos = save;
        if (peek() != '.') {
            if (!word.empty() && isNameStart(word[0]) &&
                std::all_of(word.begin(), word.end(), [](char ch) { return isNameChar(ch); }))
                return failAt(start, format("expected '.' and a property after the entity id '%.*s'", int(word.size()),
                                            word.data()));
            return failAt(start,
                          format("expected a reference entity.property, found '%.*s'", int(word.size()), word.data()));
        }
        if (word.empty()) return failAt(start, "expected an entity id before '.'");
        ++m_pos; // '.'
        uint32_t propColumn = column();
        size_t propBegin = m_pos;
        while (!atEnd() && isNameChar(peek())) ++m_pos;
        std::string_view prop = m_text.substr(propBegin, m_pos - propBegin);
        if (prop.empty() || !isNameStart(prop[0]))
            return failAt(propColumn, format("expected a property name after '%.*s.'", int(word.size()), word.data()));
        if (!atEnd() && peek() == '-') {
            // "tank-1.level-2": '-' glued to a name would read as part of an id; say what to write instead.
            return fail(format("'-' directly after the property '%.*s': write spaces around '-' to subtract "
                               "('a.x - b.x'); entity ids may contain '-'",
                               int(prop.size()), prop.data()));
        }
        if (!atEnd() && peek() == '.') return fail("expected one '.' between entity and property, found a second");
        KpiRef ref;
        ref.entity = std::string(word);
        ref.property = std::string(prop);
        ref.wildcard = ref.entity.find('*') != std::string::npos;
        ref.column = start;
        m_out.refs.push_back(std::move(ref));
        KpiNode n;
        n.kind = KpiNodeKind::Ref;
        n.column = start;
        n.ref = uint32_t(m_out.refs.size() - 1);
        return add(std::move(n));
    }

    Expected<uint32_t> call(const Function& f, uint32_t start) {
        ++m_pos; // '('
        KpiNode n;
        n.kind = f.kind;
        n.column = start;
        skipSpace();
        if (peek() == ')') return failAt(column(), format("%s() needs at least one argument", f.name));
        for (;;) {
            auto arg = expr();
            if (!arg) return arg;
            n.args.push_back(*arg);
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ')') break;
            return fail(format("expected ')' after the arguments of %s, found %s", f.name, found().c_str()));
        }
        uint32_t closeColumn = column();
        ++m_pos; // ')'
        if (f.kind == KpiNodeKind::Rate) {
            n.windowSeconds = kDefaultRateWindowSeconds;
            if (n.args.size() > 2) return failAt(closeColumn, "rate() takes one value and an optional window (s)");
            if (n.args.size() == 2) {
                const KpiNode& w = m_out.nodes[n.args[1]];
                if (w.kind != KpiNodeKind::Number || !(w.number > 0.0) || w.number > kMaxRateWindowSeconds)
                    return failAt(w.column, format("expected the window of rate in seconds: a number in (0, %g]",
                                                   kMaxRateWindowSeconds));
                n.windowSeconds = w.number;
                n.args.pop_back();
            }
            m_out.hasRate = true;
        }
        return add(std::move(n));
    }

    std::string_view m_text;
    size_t m_pos = 0;
    KpiExpression m_out;
};

} // namespace

Expected<KpiExpression> parseKpiExpression(std::string_view text) {
    // Unary-minus chains and nested parentheses recurse; a scene file is trusted input but keep a bound anyway.
    if (text.size() > 4096)
        return makeError(ErrorCode::Parse, "column 1: the expression is longer than 4096 characters");
    return Parser(text).run();
}

} // namespace tv::ops
