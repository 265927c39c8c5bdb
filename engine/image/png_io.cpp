#include "image/png_io.h"

#include "core/log.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <fstream>
#include <iterator>

namespace tv::image {

Expected<void> writePng(const std::filesystem::path& path, const Rgba8Image& image) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * image.height * 4)
        return makeError(ErrorCode::InvalidArgument,
                         format("cannot write %s: image is empty or inconsistent", path.string().c_str()));
    std::error_code ec;
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
    int ok = stbi_write_png(path.string().c_str(), int(image.width), int(image.height), 4, image.pixels.data(),
                            int(image.width * 4));
    if (!ok) return makeError(ErrorCode::Io, format("cannot write %s", path.string().c_str()));
    return {};
}

Expected<Rgba8Image> readPng(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::Io, format("cannot open %s", path.string().c_str()));
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    int w = 0, h = 0, comp = 0;
    if (bytes.size() > size_t(INT32_MAX) || !stbi_info_from_memory(bytes.data(), int(bytes.size()), &w, &h, &comp))
        return makeError(ErrorCode::Parse, format("%s is not a readable image", path.string().c_str()));
    if (w <= 0 || h <= 0 || w > 32768 || h > 32768)
        return makeError(ErrorCode::TooLarge,
                         format("%s: image size %dx%d is out of range", path.string().c_str(), w, h));
    unsigned char* data = stbi_load_from_memory(bytes.data(), int(bytes.size()), &w, &h, &comp, 4);
    if (!data) return makeError(ErrorCode::Parse, format("%s: %s", path.string().c_str(), stbi_failure_reason()));
    Rgba8Image img;
    img.width = uint32_t(w);
    img.height = uint32_t(h);
    img.pixels.assign(data, data + size_t(w) * size_t(h) * 4);
    stbi_image_free(data);
    return img;
}

} // namespace tv::image
