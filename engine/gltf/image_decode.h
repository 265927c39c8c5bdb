// Internal to engine/gltf: the image loader tinygltf calls for every glTF image. It refuses anything but PNG and
// JPEG (the formats glTF 2.0 core allows; fewer decoders exposed to hostile bytes), reads the header with
// stbi_info_from_memory and checks the dimensions and the byte budget BEFORE decoding, then decodes to RGBA8.
// For images stored in a bufferView it bounds-checks the view itself, because tinygltf 2.7 hands us a pointer
// computed from an unchecked byteOffset/byteLength. One ImageDecoder per import call, used by one thread.
#pragma once

#include "core/expected.h"
#include "gltf/gltf_import.h"

#include <tiny_gltf.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace tv::gltf::detail {

class SafeFs;

class ImageDecoder {
public:
    // `model` is the model tinygltf is filling (its buffers and bufferViews are parsed before images).
    ImageDecoder(const tinygltf::Model& model, const ImportOptions& options, const SafeFs& fs)
        : m_model(model), m_options(options), m_fs(fs) {}

    // Matches tinygltf::LoadImageDataFunction; `self` is the ImageDecoder.
    static bool load(tinygltf::Image* image, int imageIndex, std::string* err, std::string* warn, int reqWidth,
                     int reqHeight, const unsigned char* bytes, int size, void* self);

    // A hard failure (image over the caps, bufferView out of range); the import fails with it.
    const std::optional<Error>& violation() const { return m_violation; }
    // Images that could not be decoded (not fatal: their textures lose their source), by glTF image index.
    const std::map<int, std::string>& failures() const { return m_failures; }
    uint64_t decodedBytes() const { return m_decodedBytes; }

private:
    bool decode(tinygltf::Image& image, int imageIndex, const uint8_t* bytes, uint64_t size);
    bool fail(ErrorCode code, std::string message);

    const tinygltf::Model& m_model;
    const ImportOptions& m_options;
    const SafeFs& m_fs;
    std::optional<Error> m_violation;
    std::map<int, std::string> m_failures;
    uint64_t m_decodedBytes = 0;
};

} // namespace tv::gltf::detail
