// Node summary — the facts the inspector shows about a node's mesh, computed from the Asset without ImGui so they
// are unit-tested: primitive/vertex/triangle counts (GPU instances counted once; triangles only from triangle
// topology) and a one-line description of each primitive's material. Any thread (reads immutable assets).
#pragma once

#include "scene/asset.h"
#include "scene/scene_graph.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tv::ui {

struct MeshStats {
    uint32_t primitives = 0;
    uint64_t vertices = 0;
    uint64_t triangles = 0;
    uint64_t lines = 0;
    uint64_t points = 0;
    uint32_t morphTargets = 0; // max over primitives
};

MeshStats meshStats(const scene::Mesh& mesh);

// "steel (#2): base (0.60, 0.60, 0.62, 1.00), metal 1.00, rough 0.35, opaque, textures: base normal" —
// material -1 reads "default material".
std::string materialSummary(const scene::Asset& asset, int32_t material);

// Unique materials used by the node's mesh, in primitive order (each index once; -1 = default material).
std::vector<int32_t> meshMaterials(const scene::Mesh& mesh);

} // namespace tv::ui
