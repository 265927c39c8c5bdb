// Internal to engine/gltf: converts glTF images (already decoded by ImageDecoder), samplers, textures and
// materials into their scene:: counterparts: sampler enums mapped per asset.h (NEAREST/LINEAR min filters mean
// no mipmaps), texture sources that are missing or undecodable become image -1 with one warning, and the
// material extensions we support (KHR_texture_transform, KHR_materials_unlit, _emissive_strength, _ior,
// _transmission) are read here. Called by one import on one thread.
#pragma once

#include "core/expected.h"
#include "gltf/import_context.h"
#include "scene/asset.h"

#include <map>
#include <string>
#include <vector>

namespace tv::gltf::detail {

// Moves decoded pixels out of `model` (hence non-const) into asset.images and fills asset.textures. Images that
// failed to decode (`failures`, by glTF image index) are left out; their textures get image = -1.
Expected<void> importTextures(ImportContext& ctx, tinygltf::Model& model, const std::map<int, std::string>& failures,
                              scene::Asset& asset);

Expected<void> importMaterials(ImportContext& ctx, scene::Asset& asset);

} // namespace tv::gltf::detail
