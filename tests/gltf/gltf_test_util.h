// Helpers for the glTF importer tests: where the shared sample models are, base64 data URIs, GLB assembly, and
// the Asset invariants every successful import must satisfy (the renderer relies on them).
#pragma once

#include "gltf/gltf_import.h"
#include "scene/asset.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tv::gltf::test {

// glTF enum values, spelled out so tests read like the spec.
enum ComponentType : int {
    kByte = 5120,
    kUByte = 5121,
    kShort = 5122,
    kUShort = 5123,
    kInt = 5124,
    kUInt = 5125,
    kFloat = 5126
};

// $TV_SHARED_DIR, else the CMake-provided ../shared next to the repository. Empty path if neither exists.
std::filesystem::path sharedDir();

std::string base64(const void* data, size_t size);
std::string base64(const std::vector<uint8_t>& bytes);
// "data:application/octet-stream;base64,..."
std::string dataUri(const std::vector<uint8_t>& bytes);

// Appends the raw bytes of values (little-endian, as glTF stores them).
template <class T>
void append(std::vector<uint8_t>& out, std::initializer_list<T> values) {
    for (const T& v : values) {
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        out.insert(out.end(), p, p + sizeof(T));
    }
}

// A GLB container: 12-byte header, JSON chunk (space padded), optional BIN chunk (zero padded).
std::vector<uint8_t> makeGlb(const std::string& json, const std::vector<uint8_t>& bin);

// Imports JSON text from memory (no base directory unless given).
Expected<scene::AssetPtr> importJson(const std::string& json, const ImportOptions& options = {},
                                     const std::filesystem::path& baseDir = {});
Expected<scene::AssetPtr> importBytes(const std::vector<uint8_t>& bytes, const ImportOptions& options = {},
                                      const std::filesystem::path& baseDir = {});

// Checks the invariants asset.h promises (streams match, indices in range, references valid...). Returns an
// empty string when all hold, else a description of the first violation.
std::string checkInvariants(const scene::Asset& asset);

// Builds small glTF documents in code: a JSON document plus one binary blob (buffer 0) that accessors point
// into. json() embeds the blob as a base64 data URI, glb() stores it in the BIN chunk.
class GltfBuilder {
public:
    GltfBuilder();
    nlohmann::json doc;
    std::vector<uint8_t> bin;

    // Appends bytes at the next multiple of `align`; returns their offset in the blob.
    size_t addBytes(const void* data, size_t size, size_t align = 4);
    int addView(size_t offset, size_t length, size_t stride = 0);
    // Appends `values` as one tightly packed bufferView and an accessor of `type` ("SCALAR", "VEC3", ...) over
    // it; count = values.size() / components(type). Returns the accessor index.
    template <class T>
    int addAccessor(const std::vector<T>& values, int componentType, const std::string& type, bool normalized = false) {
        size_t offset = addBytes(values.data(), values.size() * sizeof(T), 4);
        int view = addView(offset, values.size() * sizeof(T));
        return addAccessorOnView(view, 0, componentType, type, values.size() / components(type), normalized);
    }
    int addAccessorOnView(int view, size_t byteOffset, int componentType, const std::string& type, size_t count,
                          bool normalized = false);
    // A mesh with one primitive {attributes, indices?, mode?}; returns the mesh index.
    int addMesh(const nlohmann::json& primitive);
    int addNode(const nlohmann::json& node);
    // One scene over `roots`, made the default scene.
    void addScene(const std::vector<int>& roots);

    std::string json() const;
    std::vector<uint8_t> glb() const;

    static size_t components(const std::string& type);
};

// A small RGBA8 PNG of w x h whose pixel (x, y) is (x, y, x + y, 255), encoded with stb_image_write.
std::vector<uint8_t> makePng(int w, int h);

// A fresh empty temporary directory, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    void write(const std::filesystem::path& relative, const std::vector<uint8_t>& bytes) const;
    void write(const std::filesystem::path& relative, const std::string& text) const;

private:
    std::filesystem::path m_path;
};

} // namespace tv::gltf::test
