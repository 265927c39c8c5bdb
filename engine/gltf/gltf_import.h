// glTF 2.0 import: .gltf (JSON + external/data-URI buffers and images), .glb, into a validated tv::scene::Asset.
//
// Safety contract: file access is confined to the asset's folder (no absolute URIs, no "..", no symlink escape);
// sizes are checked against ImportOptions caps before allocation; every index, offset, stride and count is
// bounds-checked before use. A malformed, truncated or hostile file, or one whose *required* extension is not
// supported, returns an Error whose message names the cause (the caller prints "error: <file>: <message>").
// Never crashes, hangs or allocates unboundedly. Thread-safe (no shared state); may run on a loader thread.
#pragma once

#include "core/expected.h"
#include "scene/asset.h"

#include <cstdint>
#include <filesystem>
#include <span>

namespace tv::gltf {

struct ImportOptions {
    uint64_t maxFileBytes = 2ull << 30;   // any single file (the .gltf/.glb, a buffer, an image)
    uint64_t maxTotalBytes = 4ull << 30;  // all buffers + decoded images together
    uint32_t maxImageDimension = 16384;   // width or height of a decoded image
    uint64_t maxVertexCount = 1ull << 28; // per primitive (after strip/fan expansion)
    bool generateTangents = true;         // for primitives with a normal map and no TANGENT
    bool decodeImages = true;             // false: images left empty (fast structure-only loads, tools)
};

// Loads a .gltf or .glb from disk. `path` may contain any UTF-8 characters.
Expected<scene::AssetPtr> importGltf(const std::filesystem::path& path, const ImportOptions& options = {});

// Loads from memory (the fuzz harness and tests use this). `baseDir` confines external URIs; an empty baseDir
// forbids external files entirely (only data URIs and the GLB binary chunk are allowed).
Expected<scene::AssetPtr> importGltfFromMemory(std::span<const uint8_t> bytes, const std::filesystem::path& baseDir,
                                               std::string_view displayName, const ImportOptions& options = {});

// Extensions this importer implements (others are ignored if optional, rejected if required).
std::span<const char* const> supportedExtensions();

} // namespace tv::gltf
