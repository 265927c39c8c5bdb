// Scene-file writer: SceneFile -> JSON in the schema parseSceneFile reads (docs/scene-format.md), so the viewer
// can save edited viewpoints back into the file. Writing then parsing gives back an equal SceneFile; keys the
// parser warned about and ignored are not preserved, and defaults are written out explicitly.
// Pure functions (saveSceneFile writes one file); any thread.
#pragma once

#include "core/expected.h"
#include "twin/scene_file.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace tv::twin {

// Keys in the schema's order (nlohmann::ordered_json); floats written as the shortest decimal that reads back equal.
nlohmann::ordered_json sceneFileToJson(const SceneFile& scene);
std::string sceneFileToString(const SceneFile& scene, int indent = 2);

// Writes to `path` through a temporary file renamed over it, so a crash never leaves half a scene file.
// Errors: ErrorCode::Io naming the path.
Expected<void> saveSceneFile(const SceneFile& scene, const std::string& path);

} // namespace tv::twin
