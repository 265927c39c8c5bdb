// tv_assetgen: writes the project's generated models (assets/*.glb) from the code generators, or with --check
// reports which committed files differ from what the generators produce now. scripts/generate-assets runs it.
//
//   tv_assetgen [--check] <assets-dir>      exit 0 ok, 1 a file differs or could not be written, 2 bad usage
#include "generated_assets.h"

#include "core/log.h"
#include "gltf/gltf_writer.h"
#include "scene/scene_generators.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

std::vector<uint8_t> readAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

int main(int argc, char** argv) {
    using namespace tv;
    bool check = false;
    std::filesystem::path dir;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--check") {
            check = true;
        } else if (dir.empty() && !arg.empty() && arg[0] != '-') {
            dir = arg;
        } else {
            logError("usage: tv_assetgen [--check] <assets-dir>");
            return 2;
        }
    }
    if (dir.empty() || !std::filesystem::is_directory(dir)) {
        logError("usage: tv_assetgen [--check] <assets-dir> (an existing folder)");
        return 2;
    }
    int failures = 0;
    for (const assetgen::GeneratedAsset& g : assetgen::kGeneratedAssets) {
        const std::filesystem::path path = dir / g.file;
        scene::AssetPtr asset = scene::makeBuiltinAsset(g.builtin);
        auto bytes = gltf::writeGlb(*asset);
        if (!bytes) {
            logError("%s: %s", path.string().c_str(), bytes.error().message.c_str());
            ++failures;
            continue;
        }
        if (check) {
            if (readAll(path) != *bytes) {
                logError("%s differs from what builtin:%s generates now (run scripts/generate-assets)",
                         path.string().c_str(), std::string(g.builtin).c_str());
                ++failures;
            }
            continue;
        }
        if (auto written = gltf::writeGlbFile(path, *asset); !written) {
            logError("%s", written.error().message.c_str());
            ++failures;
            continue;
        }
        logInfo("wrote %s (%zu bytes, builtin:%s)", path.string().c_str(), bytes->size(),
                std::string(g.builtin).c_str());
    }
    if (check && failures == 0)
        logInfo("%s: all %zu generated assets are up to date", dir.string().c_str(), assetgen::kGeneratedAssets.size());
    return failures == 0 ? 0 : 1;
}
