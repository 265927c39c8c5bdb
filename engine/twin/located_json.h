// LocatedJson — a strict JSON (RFC 8259) reader that remembers where every value sits in the text, so scene-file
// errors can name file:line:column. nlohmann::json's own parser reports positions only for syntax errors, not for
// the values a later validation step rejects, hence this small reader that builds the same nlohmann::json tree.
// Pure function; any thread.
#pragma once

#include "core/expected.h"
#include "twin/scene_file.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <unordered_map>

namespace tv::twin {

struct LocatedJson {
    nlohmann::json value;
    // Keyed by the JSON path of each value: "" (root), "assets", "assets[0]", "assets[0].id". For an object
    // member the position is that of its key (where a reader looks for the field); for array elements and the
    // root, the value's first character.
    std::unordered_map<std::string, SourcePos> positions;

    // The position of `path`, or of its nearest recorded ancestor (the root at worst).
    SourcePos find(std::string_view path) const;
};

inline constexpr int kMaxJsonDepth = 256; // deeper nesting is rejected (protects the recursive reader's stack)

// Syntax errors read "<fileName>:<line>:<column>: <what>" (ErrorCode::Parse). Duplicate object keys are an error
// (nlohmann would silently keep the last one, hiding a typo'd copy-paste).
Expected<LocatedJson> parseLocatedJson(std::string_view text, std::string_view fileName);

} // namespace tv::twin
