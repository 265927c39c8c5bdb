// Scene-file parser: text -> SceneFile, validating everything that can be checked without loading assets.
// Every error reads "<file>:<line>:<column>: <json path>: <what>", e.g.
//   scenes/plant.json:14:9: bindings[2].stops[1]: expected [value, [r,g,b]]
// Unknown keys are not errors (files may come from newer versions) but are reported as warnings of the same form.
// Pure functions (loadSceneFile reads one file); any thread.
#pragma once

#include "core/expected.h"
#include "twin/scene_file.h"

#include <string>
#include <string_view>
#include <vector>

namespace tv::twin {

struct ParsedSceneFile {
    SceneFile scene;
    std::vector<std::string> warnings; // "<file>:<line>:<column>: <path>: unknown key \"x\" (ignored)"
};

// `fileName` is used in messages and to resolve relative asset sources (against its folder; an empty name
// resolves against the current directory). Errors: ErrorCode::Parse (syntax, types, values, references).
Expected<ParsedSceneFile> parseSceneFile(std::string_view text, std::string_view fileName);

// Reads and parses `path`. Errors: ErrorCode::Io when the file cannot be read, otherwise as parseSceneFile.
Expected<ParsedSceneFile> loadSceneFile(const std::string& path);

// "asset-id:/a/b" -> NodePath. The asset id is non-empty and has no ':'; the path starts with '/', has no empty
// segments and no trailing '/' ("/" alone = the instance root). The error message says which rule failed.
Expected<NodePath> parseNodePath(std::string_view text);

} // namespace tv::twin
