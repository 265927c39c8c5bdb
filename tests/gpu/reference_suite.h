// Shared helpers for the golden-image tests: where ../shared lives, the sample manifest, the reference sidecar
// camera, and rendering an Asset exactly as the reference rig would (neutral lighting, rest pose, file lights).
#pragma once

#include "gfx/renderer.h"
#include "image/png_io.h"
#include "scene/asset.h"
#include "scene/view_camera.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace tv::golden {

// ../shared next to the source tree, or $TV_SHARED_DIR. Empty when absent (a user's clone): tests skip.
std::filesystem::path sharedDir();

struct SampleModel {
    std::string name;                                  // manifest "name" column, e.g. "DamagedHelmet"
    std::filesystem::path file;                        // absolute path of the main file
    std::filesystem::path referencePng, referenceJson; // empty if the reference has no entry for it
};

// Every model in gltf-samples/manifest.tsv, matched to its reference render by the sidecar's "model" field.
std::vector<SampleModel> sampleModels();
// gtest prints parameters with this (instead of a byte dump).
inline void PrintTo(const SampleModel& m, std::ostream* os) { *os << m.name; }

struct ReferenceRig {
    scene::ViewCamera camera;
    uint32_t width = 256, height = 256;
};
std::optional<ReferenceRig> readReferenceRig(const std::filesystem::path& json);

// Renders the asset's default scene in its rest pose with the given renderer (configured by the caller).
Expected<image::Rgba8Image> renderAsset(gfx::Renderer& renderer, const scene::AssetPtr& asset,
                                        const scene::ViewCamera& camera, uint32_t width, uint32_t height);

// Where failing (and passing) tests leave actual and diff images: <build>/test-output/<sub>.
std::filesystem::path testOutputDir(const std::string& sub);

} // namespace tv::golden
