// Scene resolve — maps a SceneFile's entity node paths onto a live SceneGraph once its assets are instantiated.
// Main thread (it reads the SceneGraph, whose single writer is the main thread).
#pragma once

#include "core/expected.h"
#include "scene/scene_graph.h"
#include "twin/scene_file.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tv::twin {

// Asset id (AssetDecl::id) -> the instance the caller created for it.
using InstanceMap = std::unordered_map<std::string, scene::InstanceHandle>;

struct ResolvedScene {
    std::vector<scene::NodeHandle> entityNodes; // parallel to SceneFile::entities

    // The node bound to entity `id`, or a null handle when the file has no such entity.
    scene::NodeHandle node(const SceneFile& file, std::string_view id) const;
};

// Walks each entity's path from its asset instance's root node, segment by segment (first child with that name;
// "#k" = the k-th child). Reports every unresolved entity, not just the first: one error (ErrorCode::NotFound)
// whose message has a line per failure, "<file>:<line>:<column>: entities[i].node: \"a:/x/y\" ...: <why>"
// (no instance for the asset, stale instance, or which segment is missing under which node).
Expected<ResolvedScene> resolve(const SceneFile& file, const scene::SceneGraph& graph, const InstanceMap& instances);

// Resolves one path below `instanceRoot`; null handle when a segment is missing. `missingSegment` (optional)
// receives the index of the first segment that did not resolve.
scene::NodeHandle resolveNodePath(const scene::SceneGraph& graph, scene::NodeHandle instanceRoot, std::string_view path,
                                  size_t* missingSegment = nullptr);

} // namespace tv::twin
