#include "gltf/image_decode.h"

#include "core/log.h"
#include "gltf/safe_fs.h"

#include <stb/stb_image.h>

#include <climits>
#include <cstring>

namespace tv::gltf::detail {

namespace {

bool isPng(const uint8_t* p, uint64_t n) {
    static const uint8_t kMagic[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    return n >= 8 && std::memcmp(p, kMagic, 8) == 0;
}

bool isJpeg(const uint8_t* p, uint64_t n) { return n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF; }

std::string imageLabel(const tinygltf::Image& image, int index) {
    std::string label = format("image %d", index);
    if (!image.name.empty())
        label += format(" ('%s')", image.name.c_str());
    else if (!image.uri.empty() && image.uri.rfind("data:", 0) != 0)
        label += format(" ('%s')", quoteUri(image.uri).c_str());
    return label;
}

} // namespace

bool ImageDecoder::fail(ErrorCode code, std::string message) {
    if (!m_violation) m_violation = makeError(code, std::move(message));
    return false; // tinygltf stops the load; the import reports m_violation
}

bool ImageDecoder::load(tinygltf::Image* image, int imageIndex, std::string* /*err*/, std::string* /*warn*/,
                        int /*reqWidth*/, int /*reqHeight*/, const unsigned char* bytes, int size, void* self) {
    auto* me = static_cast<ImageDecoder*>(self);
    if (image->bufferView < 0) {
        if (size < 0 || bytes == nullptr)
            return me->fail(ErrorCode::TooLarge,
                            format("%s: encoded size does not fit in 2 GiB", imageLabel(*image, imageIndex).c_str()));
        return me->decode(*image, imageIndex, bytes, static_cast<uint64_t>(size));
    }
    // Never trust `bytes` here: tinygltf computed it as &buffer.data[byteOffset] without checking the range.
    const tinygltf::Model& model = me->m_model;
    const std::string label = imageLabel(*image, imageIndex);
    if (static_cast<size_t>(image->bufferView) >= model.bufferViews.size())
        return me->fail(ErrorCode::OutOfBounds, format("%s: bufferView %d does not exist (%zu bufferViews)",
                                                       label.c_str(), image->bufferView, model.bufferViews.size()));
    const tinygltf::BufferView& view = model.bufferViews[static_cast<size_t>(image->bufferView)];
    if (view.buffer < 0 || static_cast<size_t>(view.buffer) >= model.buffers.size())
        return me->fail(ErrorCode::OutOfBounds, format("%s: bufferView %d names buffer %d, which does not exist",
                                                       label.c_str(), image->bufferView, view.buffer));
    const tinygltf::Buffer& buffer = model.buffers[static_cast<size_t>(view.buffer)];
    const uint64_t bufferSize = buffer.data.size();
    if (view.byteOffset > bufferSize || view.byteLength > bufferSize - view.byteOffset)
        return me->fail(
            ErrorCode::OutOfBounds,
            format("%s: bufferView %d range [%zu, %llu) exceeds buffer %d of %llu bytes", label.c_str(),
                   image->bufferView, view.byteOffset,
                   static_cast<unsigned long long>(view.byteOffset) + static_cast<unsigned long long>(view.byteLength),
                   view.buffer, static_cast<unsigned long long>(bufferSize)));
    return me->decode(*image, imageIndex, buffer.data.data() + view.byteOffset, view.byteLength);
}

bool ImageDecoder::decode(tinygltf::Image& image, int imageIndex, const uint8_t* bytes, uint64_t size) {
    const std::string label = imageLabel(image, imageIndex);
    image.image.clear();
    image.width = image.height = 0;
    image.component = 4;
    image.bits = 8;
    image.pixel_type = TINYGLTF_COMPONENT_TYPE_UNSIGNED_BYTE;

    if (!isPng(bytes, size) && !isJpeg(bytes, size)) {
        m_failures[imageIndex] = format("%s: not a PNG or JPEG image", label.c_str());
        return true;
    }
    if (size > static_cast<uint64_t>(INT_MAX))
        return fail(ErrorCode::TooLarge, format("%s: encoded size %llu does not fit stb_image", label.c_str(),
                                                static_cast<unsigned long long>(size)));
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(bytes, static_cast<int>(size), &w, &h, &comp) || w <= 0 || h <= 0) {
        m_failures[imageIndex] = format("%s: unreadable header (%s)", label.c_str(), stbi_failure_reason());
        return true;
    }
    const uint32_t maxDim = m_options.maxImageDimension;
    if (static_cast<uint32_t>(w) > maxDim || static_cast<uint32_t>(h) > maxDim)
        return fail(ErrorCode::TooLarge, format("%s: %dx%d exceeds maxImageDimension %u", label.c_str(), w, h, maxDim));
    image.width = w;
    image.height = h;
    if (!m_options.decodeImages) return true;

    const uint64_t pixelBytes = static_cast<uint64_t>(w) * static_cast<uint64_t>(h) * 4u;
    const uint64_t used = m_decodedBytes + m_fs.bytesRead();
    if (pixelBytes > m_options.maxTotalBytes || used > m_options.maxTotalBytes - pixelBytes)
        return fail(ErrorCode::TooLarge,
                    format("%s: decoding %dx%d RGBA8 (%llu bytes) would exceed maxTotalBytes (%llu)", label.c_str(), w,
                           h, static_cast<unsigned long long>(pixelBytes),
                           static_cast<unsigned long long>(m_options.maxTotalBytes)));

    int dw = 0, dh = 0, dcomp = 0;
    stbi_uc* pixels = stbi_load_from_memory(bytes, static_cast<int>(size), &dw, &dh, &dcomp, 4);
    if (!pixels) {
        m_failures[imageIndex] = format("%s: decoding failed (%s)", label.c_str(), stbi_failure_reason());
        image.width = image.height = 0;
        return true;
    }
    if (dw != w || dh != h) { // header and decoder disagree: trust neither
        stbi_image_free(pixels);
        m_failures[imageIndex] =
            format("%s: decoded size %dx%d differs from header %dx%d", label.c_str(), dw, dh, w, h);
        image.width = image.height = 0;
        return true;
    }
    image.image.assign(pixels, pixels + pixelBytes);
    stbi_image_free(pixels);
    m_decodedBytes += pixelBytes;
    return true;
}

} // namespace tv::gltf::detail
