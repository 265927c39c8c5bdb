// The files tv_assetgen writes into assets/ and the builtin generator behind each (scene::makeBuiltinAsset). Shared
// by the tool and by the test that keeps the committed files equal to what the generators produce now.
#pragma once

#include <array>
#include <string_view>

namespace tv::assetgen {

struct GeneratedAsset {
    std::string_view file;    // name inside assets/
    std::string_view builtin; // scene::makeBuiltinAsset name
};

inline constexpr std::array<GeneratedAsset, 4> kGeneratedAssets = {{
    {"plant.glb", "demo"},
    {"part.glb", "part"},
    {"forklift.glb", "forklift"},
    {"agv.glb", "agv"},
}};

} // namespace tv::assetgen
