// Internal to engine/gltf: converts cameras, KHR_lights_punctual lights, nodes (TRS or matrix, children,
// EXT_mesh_gpu_instancing), the node hierarchy (parent links; a node with two parents or a cycle is an error),
// scenes and skins. Expects asset.meshes to be imported already (morph weights and skin joints are checked
// against them). Called by one import on one thread.
#pragma once

#include "core/expected.h"
#include "gltf/import_context.h"
#include "scene/asset.h"

namespace tv::gltf::detail {

Expected<void> importCamerasAndLights(ImportContext& ctx, scene::Asset& asset);
Expected<void> importNodes(ImportContext& ctx, scene::Asset& asset);
Expected<void> importScenes(ImportContext& ctx, scene::Asset& asset);
Expected<void> importSkins(ImportContext& ctx, scene::Asset& asset);

// Splits a 4x4 matrix into T * R * S. false when it has shear or a projective row (then `out` is a best effort:
// translation, column lengths as scale, rotation from the orthonormalized columns). A negative determinant is
// represented as a negative X scale.
bool decomposeMatrix(const mat4& m, Transform& out);

} // namespace tv::gltf::detail
