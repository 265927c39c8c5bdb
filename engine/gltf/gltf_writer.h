// glTF 2.0 export of a tv::scene::Asset as a binary .glb: what the project's generators build (assets/ is written
// with it by tv_assetgen) and what a tool needs to hand a generated model to other glTF software.
//
// Written: scenes, the node hierarchy (names; TRS, or the matrix verbatim when the node has one), meshes and their
// primitives (POSITION with the min/max the spec requires, NORMAL, TANGENT, TEXCOORD_0/1, COLOR_0; indices as
// unsigned short when every index fits below the primitive-restart value 65535, else unsigned int; points, lines
// or triangles), metallic-roughness materials (factors, emissive, alpha mode and cutoff, double-sided, names) with
// the factor-only extensions KHR_materials_emissive_strength / _ior / _unlit / _transmission, cameras, and
// KHR_lights_punctual lights. asset.generator is "twinview assetgen".
//
// Refused with ErrorCode::Unsupported naming the first offender (none is needed by generated content, and each
// would need more than a few lines): images, textures and material texture references, skins and JOINTS_0 /
// WEIGHTS_0, morph targets and morph weights, animations, EXT_mesh_gpu_instancing instances. Malformed input (an
// index or child out of range, a node with two parents or in a cycle, an empty primitive, a non-finite number,
// a name that is not UTF-8) is ErrorCode::InvalidArgument. Asset::id, sourcePath and extensionsUsed are not
// written (the file's extensionsUsed is derived from what it contains).
//
// Output is byte-deterministic: the same Asset gives the same bytes on every run (no timestamps, fixed key order,
// one bufferView per accessor in asset order, every view and chunk padded to 4 bytes, floats printed as the
// shortest decimal that reads back as the same float). Plain functions on immutable data: any thread.
#pragma once

#include "core/expected.h"
#include "scene/asset.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace tv::gltf {

inline constexpr const char* kWriterGenerator = "twinview assetgen";

// The .glb bytes of `asset`. sceneIndex -1 writes every scene, node and mesh, with asset.defaultScene as "scene";
// sceneIndex >= 0 writes only that scene: the nodes reachable from its roots and the meshes, materials, cameras
// and lights they use, renumbered in their original order, as the file's only (default) scene.
Expected<std::vector<uint8_t>> writeGlb(const scene::Asset& asset, int32_t sceneIndex = -1);

// writeGlb, then stores the bytes at `path` atomically: written to a temporary file in the same folder, flushed
// to disk, then renamed over `path`, so a reader sees the old file or the new one, never a partial one. The
// folder must exist. On failure `path` is untouched and the temporary file removed.
Expected<void> writeGlbFile(const std::filesystem::path& path, const scene::Asset& asset, int32_t sceneIndex = -1);

} // namespace tv::gltf
