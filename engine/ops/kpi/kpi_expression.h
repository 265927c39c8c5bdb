// KPI expressions — the parsed form of a scene file's KPI `expression` (grammar in docs/scene-format.md, "KPIs"):
// numbers, + - * / with the usual precedence, unary minus, parentheses, property references `entity.property`
// (entity ids may hold letters, digits, '_', '-' and a '*' wildcard), and the functions sum, mean (avg), min, max,
// count and rate. Because '-' belongs to entity ids, subtraction needs spaces around it ("a.x - b.x");
// "tank-1.level-2" is a parse error that says so.
//
// This module only parses: the tree is flat (nodes in a vector, children by index) so the evaluator
// (kpi_evaluator.h) can walk it without allocating. Pure functions and values; any thread.
#pragma once

#include "core/expected.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tv::ops {

// `entity.property`; the entity part may contain '*' (matches any run of characters, glob style).
struct KpiRef {
    std::string entity;
    std::string property;
    bool wildcard = false;
    uint32_t column = 0; // 1-based column of the reference in the expression text
    std::string text() const { return entity + "." + property; }
};

enum class KpiNodeKind : uint8_t {
    Number,
    Ref,
    Negate,
    Add,
    Subtract,
    Multiply,
    Divide,
    Sum,
    Mean,
    Min,
    Max,
    Count,
    Rate,
};

struct KpiNode {
    KpiNodeKind kind = KpiNodeKind::Number;
    uint32_t column = 0;        // 1-based column where the node starts (operators: the operator's column)
    double number = 0.0;        // Number
    uint32_t ref = 0;           // Ref: index into KpiExpression::refs
    double windowSeconds = 0.0; // Rate: the sliding window (default kDefaultRateWindowSeconds)
    std::vector<uint32_t> args; // operands / function arguments: indices into KpiExpression::nodes
};

inline constexpr double kDefaultRateWindowSeconds = 10.0;
inline constexpr double kMaxRateWindowSeconds = 24.0 * 3600.0;

struct KpiExpression {
    std::string text;
    std::vector<KpiNode> nodes;
    std::vector<KpiRef> refs;
    uint32_t root = 0;
    bool hasRate = false; // some node is a rate(): the expression must be sampled even when no input changes

    // The source text of a function node (e.g. "sum") or of an operator, for messages.
    static const char* kindName(KpiNodeKind kind);
};

// Parses `text`. Errors (ErrorCode::Parse) read "column N: <what was expected>", e.g.
//   column 14: expected ')' after the arguments of sum
// Callers prefix where the expression came from (KpiBoard::create names the file, line and KPI).
Expected<KpiExpression> parseKpiExpression(std::string_view text);

// Glob match of an entity id against a pattern whose only special character is '*'.
bool kpiGlobMatch(std::string_view pattern, std::string_view id);

} // namespace tv::ops
