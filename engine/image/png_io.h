// RGBA8 images in memory and PNG files on disk (stb, Debian's libstb). Used for screenshots, golden tests and
// reference comparison. No shared state; any thread.
#pragma once

#include "core/expected.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace tv::image {

struct Rgba8Image {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint8_t> pixels; // width * height * 4 bytes, row 0 = top

    uint8_t* at(uint32_t x, uint32_t y) { return pixels.data() + (size_t(y) * width + x) * 4; }
    const uint8_t* at(uint32_t x, uint32_t y) const { return pixels.data() + (size_t(y) * width + x) * 4; }
    bool empty() const { return width == 0 || height == 0; }
};

Expected<void> writePng(const std::filesystem::path& path, const Rgba8Image& image);
// Reads any PNG (grey, grey+alpha, RGB, RGBA; 8 or 16 bit) and converts to RGBA8.
Expected<Rgba8Image> readPng(const std::filesystem::path& path);

} // namespace tv::image
