// Internal to engine/gltf: converts glTF animations. Sampler inputs must be finite and strictly increasing;
// output counts must match the input count times the components of the animated path (x3 for CUBICSPLINE:
// in-tangent, value, out-tangent); channels must name an existing node and a known path (weights only on nodes
// whose mesh has morph targets). Channels the spec allows us to ignore (no target node, extension paths) are
// skipped with a warning. Expects nodes and meshes imported. Called by one import on one thread.
#pragma once

#include "core/expected.h"
#include "gltf/import_context.h"
#include "scene/asset.h"

namespace tv::gltf::detail {

Expected<void> importAnimations(ImportContext& ctx, scene::Asset& asset);

} // namespace tv::gltf::detail
