// Internal to engine/gltf: converts glTF meshes into scene::Mesh. Per primitive: reads and validates every
// attribute the renderer uses (counts must match POSITION), the indices (each < vertex count) and the morph
// targets; turns strips, fans and loops into plain lists with the winding the spec defines; gives triangles
// without NORMAL flat normals (un-welding the vertices so each face keeps its own); generates tangents for
// normal-mapped primitives without TANGENT; computes bounds. Called by one import on one thread.
#pragma once

#include "core/expected.h"
#include "gltf/import_context.h"
#include "scene/asset.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tv::gltf::detail {

// `materials` are the already imported materials (their normalTexture decides tangent generation).
Expected<scene::Mesh> importMesh(ImportContext& ctx, int meshIndex, std::span<const scene::Material> materials);

// The triangle/line/point list for `mode` (glTF primitive mode 0..6) over `indices`; `topology` receives the
// resulting list type. Trailing indices that do not form a whole primitive are dropped (`dropped` counts them).
Expected<std::vector<uint32_t>> toList(int mode, const std::vector<uint32_t>& indices, scene::Topology& topology,
                                       size_t& dropped);

} // namespace tv::gltf::detail
