// importGltf / importGltfFromMemory: checks the container ourselves (GLB header and chunks, JSON nesting depth),
// lets tinygltf parse the JSON with our confined file access and image decoder, then runs the conversion steps
// (each validates what it converts) into one scene::Asset.
#include "gltf/gltf_import.h"

#include "gltf/animation_import.h"
#include "gltf/image_decode.h"
#include "gltf/import_context.h"
#include "gltf/material_import.h"
#include "gltf/mesh_import.h"
#include "gltf/safe_fs.h"
#include "gltf/scene_import.h"

#include <cstring>
#include <new>

namespace tv::gltf {

namespace {

using detail::parseError;

constexpr const char* kSupportedExtensions[] = {
    "KHR_mesh_quantization", "KHR_texture_transform", "KHR_materials_unlit",     "KHR_materials_emissive_strength",
    "KHR_materials_ior",     "KHR_lights_punctual",   "EXT_mesh_gpu_instancing", "KHR_materials_transmission",
};

// tinygltf converts extras/extensions into tinygltf::Value recursively; a file nesting arrays a million deep
// would overflow the stack there. Real glTF nests about ten levels.
constexpr uint32_t kMaxJsonDepth = 64;

constexpr uint32_t kGlbMagic = 0x46546C67; // "glTF"
constexpr uint32_t kChunkJson = 0x4E4F534A;
constexpr uint32_t kChunkBin = 0x004E4942;

uint32_t readU32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

bool isGlb(std::span<const uint8_t> bytes) { return bytes.size() >= 4 && readU32(bytes.data()) == kGlbMagic; }

// Validates the GLB container completely, so tinygltf (whose 2.7 checks let a BIN chunk run 8 bytes past the
// end) only ever sees a well-formed one. Returns the JSON chunk.
Expected<std::span<const uint8_t>> checkGlb(std::span<const uint8_t> bytes) {
    const size_t size = bytes.size();
    if (size < 12) return parseError(format("truncated GLB header: %zu bytes, need 12", size));
    const uint32_t version = readU32(bytes.data() + 4);
    const uint32_t length = readU32(bytes.data() + 8);
    if (version != 2)
        return makeError(ErrorCode::Unsupported, format("GLB version %u is not supported (need 2)", version));
    if (length != size)
        return parseError(format("GLB header length %u does not match the data size %zu%s", length, size,
                                 length > size ? " (truncated)" : ""));
    if (size < 20) return parseError(format("truncated GLB: %zu bytes, no room for the JSON chunk header", size));
    const uint32_t jsonLength = readU32(bytes.data() + 12);
    const uint32_t jsonType = readU32(bytes.data() + 16);
    if (jsonType != kChunkJson)
        return parseError(format("GLB first chunk has type 0x%08X, expected JSON (0x%08X)", jsonType, kChunkJson));
    if (jsonLength == 0) return parseError("GLB JSON chunk is empty");
    const uint64_t jsonEnd = 20ull + jsonLength;
    if (jsonEnd > size)
        return parseError(
            format("GLB JSON chunk of %u bytes exceeds the file (%zu bytes after the header)", jsonLength, size - 20));
    if (jsonLength % 4 != 0) return parseError(format("GLB JSON chunk length %u is not a multiple of 4", jsonLength));
    if (jsonEnd < size) {
        if (jsonEnd + 8 > size)
            return parseError(format("truncated GLB: %llu bytes after the JSON chunk, too few for a chunk header",
                                     static_cast<unsigned long long>(size - jsonEnd)));
        const uint32_t binLength = readU32(bytes.data() + jsonEnd);
        const uint32_t binType = readU32(bytes.data() + jsonEnd + 4);
        if (binType != kChunkBin)
            return makeError(ErrorCode::Unsupported,
                             format("GLB second chunk has type 0x%08X, expected BIN (0x%08X)", binType, kChunkBin));
        if (jsonEnd + 8 + binLength > size)
            return parseError(format("GLB BIN chunk of %u bytes exceeds the file (%llu bytes left)", binLength,
                                     static_cast<unsigned long long>(size - jsonEnd - 8)));
        if (binLength < 4 || binLength % 4 != 0)
            return parseError(format("GLB BIN chunk length %u is not a positive multiple of 4", binLength));
    }
    return bytes.subspan(20, jsonLength);
}

Expected<void> checkJsonDepth(std::span<const uint8_t> json) {
    uint32_t depth = 0;
    bool inString = false, escaped = false;
    for (uint8_t c : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return parseError(format("JSON nests deeper than %u levels", kMaxJsonDepth));
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return {};
}

// tinygltf's messages can quote a whole data URI (megabytes): keep the first line, and at most ~200 characters.
std::string firstLine(const std::string& s) {
    constexpr size_t kMax = 200;
    std::string out = s.substr(0, s.find('\n'));
    while (!out.empty() && (out.back() == '\r' || out.back() == ' ')) out.pop_back();
    if (out.size() > kMax) out = out.substr(0, kMax) + "...";
    return out;
}

// Version and required extensions. tinygltf parses both before anything else, so this also runs when its load
// failed later: a file that needs Draco or glTF 1.0 should say so, not report the symptom tinygltf tripped on.
Expected<void> checkVersionAndExtensions(const tinygltf::Model& model) {
    const std::string& version = model.asset.version;
    if (version.rfind("2.", 0) != 0)
        return makeError(ErrorCode::Unsupported, format("asset version '%s' is not 2.x", version.c_str()));
    if (!model.asset.minVersion.empty() && model.asset.minVersion != "2.0")
        return makeError(ErrorCode::Unsupported,
                         format("asset minVersion '%s' is newer than 2.0", model.asset.minVersion.c_str()));
    for (const std::string& ext : model.extensionsRequired) {
        bool known = false;
        for (const char* s : kSupportedExtensions) known = known || ext == s;
        if (!known)
            return makeError(ErrorCode::Unsupported, format("required extension %s is not supported", ext.c_str()));
    }
    return {};
}

// Things tinygltf accepts but we must refuse before converting anything.
Expected<void> checkModel(const tinygltf::Model& model, bool binary) {
    for (size_t i = 1; binary && i < model.buffers.size(); ++i)
        if (model.buffers[i].uri.empty())
            return parseError(format("buffer %zu has no uri; only buffer 0 may use the GLB BIN chunk", i));
    return {};
}

Expected<scene::AssetPtr> convert(tinygltf::Model& model, const ImportOptions& options, std::string_view name,
                                  const std::map<int, std::string>& imageFailures) {
    detail::ImportContext ctx(model, options, std::string(name));
    auto asset = std::make_shared<scene::Asset>();
    asset->id = scene::nextAssetId();
    asset->sourcePath = std::string(name);

    TV_GLTF_TRY(detail::importTextures(ctx, model, imageFailures, *asset));
    TV_GLTF_TRY(detail::importMaterials(ctx, *asset));
    asset->meshes.reserve(model.meshes.size());
    for (size_t m = 0; m < model.meshes.size(); ++m) {
        auto mesh = detail::importMesh(ctx, static_cast<int>(m), asset->materials);
        if (!mesh) return mesh.error();
        asset->meshes.push_back(std::move(*mesh));
    }
    TV_GLTF_TRY(detail::importCamerasAndLights(ctx, *asset));
    TV_GLTF_TRY(detail::importNodes(ctx, *asset));
    TV_GLTF_TRY(detail::importScenes(ctx, *asset));
    TV_GLTF_TRY(detail::importSkins(ctx, *asset));
    TV_GLTF_TRY(detail::importAnimations(ctx, *asset));
    asset->extensionsUsed = model.extensionsUsed;
    return scene::AssetPtr(std::move(asset));
}

Expected<scene::AssetPtr> importImpl(std::span<const uint8_t> bytes, const std::filesystem::path& baseDir,
                                     std::string_view name, const ImportOptions& options) {
    if (bytes.size() > options.maxFileBytes)
        return makeError(ErrorCode::TooLarge, format("%zu bytes, over maxFileBytes (%llu)", bytes.size(),
                                                     static_cast<unsigned long long>(options.maxFileBytes)));
    if (bytes.size() > 0xFFFFFFFFull) // tinygltf takes 32-bit lengths (and GLB cannot be larger)
        return makeError(ErrorCode::TooLarge, "files of 4 GiB or more are not supported");
    const bool binary = isGlb(bytes);
    std::span<const uint8_t> json = bytes;
    if (binary) {
        auto chunk = checkGlb(bytes);
        if (!chunk) return chunk.error();
        json = *chunk;
    }
    if (json.size() < 4) return parseError(format("JSON of %zu bytes is too short to be glTF", json.size()));
    TV_GLTF_TRY(checkJsonDepth(json));

    detail::SafeFs safeFs(baseDir, options);
    tinygltf::Model model;
    detail::ImageDecoder decoder(model, options, safeFs);
    tinygltf::TinyGLTF loader;
    loader.SetFsCallbacks(safeFs.callbacks());
    loader.SetImageLoader(&detail::ImageDecoder::load, &decoder);
    std::string err, warn;
    bool ok = false;
    try {
        ok = binary ? loader.LoadBinaryFromMemory(&model, &err, &warn, bytes.data(),
                                                  static_cast<unsigned int>(bytes.size()), safeFs.baseDirString())
                    : loader.LoadASCIIFromString(&model, &err, &warn, reinterpret_cast<const char*>(json.data()),
                                                 static_cast<unsigned int>(json.size()), safeFs.baseDirString());
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, "out of memory while parsing the JSON");
    } catch (const std::exception& e) { return parseError(format("JSON: %s", e.what())); } catch (...) {
        return parseError("JSON: unknown exception from the parser");
    }
    if (safeFs.violation()) return *safeFs.violation();
    if (decoder.violation()) return *decoder.violation();
    TV_GLTF_TRY(checkVersionAndExtensions(model));
    if (!ok) {
        // A buffer tinygltf could not get bytes for; say which kind of "not found" it was.
        if (err.find("File not found") != std::string::npos) {
            if (safeFs.sawUndecodableDataUri())
                return parseError("a buffer's data: URI could not be decoded (unsupported media type, bad base64 "
                                  "or a length that differs from byteLength)");
            if (!safeFs.lastMissing().empty())
                return makeError(ErrorCode::NotFound,
                                 format("buffer file '%s' not found next to the asset", safeFs.lastMissing().c_str()));
        }
        return parseError(err.empty() ? std::string("glTF parser failed without a message") : firstLine(err));
    }
    TV_GLTF_TRY(checkModel(model, binary));

    uint64_t total = decoder.decodedBytes();
    for (const tinygltf::Buffer& b : model.buffers) total += b.data.size();
    if (total > options.maxTotalBytes)
        return makeError(ErrorCode::TooLarge, format("buffers and decoded images total %llu bytes, over "
                                                     "maxTotalBytes (%llu)",
                                                     static_cast<unsigned long long>(total),
                                                     static_cast<unsigned long long>(options.maxTotalBytes)));
    try {
        return convert(model, options, name, decoder.failures());
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, "out of memory while converting");
    } catch (const std::exception& e) {
        return parseError(format("unexpected exception while converting: %s", e.what()));
    }
}

} // namespace

Expected<scene::AssetPtr> importGltf(const std::filesystem::path& path, const ImportOptions& options) {
    auto bytes = detail::readFileCapped(path, options.maxFileBytes);
    if (!bytes) return bytes.error();
    std::filesystem::path dir = path.parent_path();
    if (dir.empty()) dir = "."; // "model.gltf": its folder is the working directory, not "no folder"
    return importImpl(*bytes, dir, path.string(), options);
}

Expected<scene::AssetPtr> importGltfFromMemory(std::span<const uint8_t> bytes, const std::filesystem::path& baseDir,
                                               std::string_view displayName, const ImportOptions& options) {
    return importImpl(bytes, baseDir, displayName, options);
}

std::span<const char* const> supportedExtensions() { return kSupportedExtensions; }

} // namespace tv::gltf
