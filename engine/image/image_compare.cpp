#include "image/image_compare.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace tv::image {
namespace {

std::vector<uint8_t> coverageMask(const Rgba8Image& img, uint8_t threshold) {
    std::vector<uint8_t> mask(size_t(img.width) * img.height);
    for (size_t i = 0; i < mask.size(); ++i) mask[i] = img.pixels[i * 4 + 3] > threshold ? 1 : 0;
    return mask;
}

// Keeps a pixel only if every pixel within `radius` (square neighbourhood) is set; the image border counts as unset.
std::vector<uint8_t> erode(const std::vector<uint8_t>& mask, uint32_t w, uint32_t h, int radius) {
    if (radius <= 0) return mask;
    // Separable: horizontal then vertical run test.
    std::vector<uint8_t> tmp(mask.size()), out(mask.size());
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x) {
            bool keep = true;
            for (int d = -radius; d <= radius && keep; ++d) {
                int xx = int(x) + d;
                keep = xx >= 0 && xx < int(w) && mask[size_t(y) * w + size_t(xx)];
            }
            tmp[size_t(y) * w + x] = keep;
        }
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x) {
            bool keep = true;
            for (int d = -radius; d <= radius && keep; ++d) {
                int yy = int(y) + d;
                keep = yy >= 0 && yy < int(h) && tmp[size_t(yy) * w + x];
            }
            out[size_t(y) * w + x] = keep;
        }
    return out;
}

// Box blur of RGB (alpha ignored) into floats, clamping at the borders.
std::vector<float> blurRgb(const Rgba8Image& img, int radius) {
    const uint32_t w = img.width, h = img.height;
    std::vector<float> src(size_t(w) * h * 3), tmp(src.size()), out(src.size());
    for (size_t i = 0; i < size_t(w) * h; ++i)
        for (int c = 0; c < 3; ++c) src[i * 3 + c] = img.pixels[i * 4 + c];
    if (radius <= 0) return src;
    const float norm = 1.0f / float(2 * radius + 1);
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) {
                float s = 0.0f;
                for (int d = -radius; d <= radius; ++d) {
                    int xx = std::clamp(int(x) + d, 0, int(w) - 1);
                    s += src[(size_t(y) * w + size_t(xx)) * 3 + c];
                }
                tmp[(size_t(y) * w + x) * 3 + c] = s * norm;
            }
    for (uint32_t y = 0; y < h; ++y)
        for (uint32_t x = 0; x < w; ++x)
            for (int c = 0; c < 3; ++c) {
                float s = 0.0f;
                for (int d = -radius; d <= radius; ++d) {
                    int yy = std::clamp(int(y) + d, 0, int(h) - 1);
                    s += tmp[(size_t(yy) * w + x) * 3 + c];
                }
                out[(size_t(y) * w + x) * 3 + c] = s * norm;
            }
    return out;
}

Rgba8Image blankLike(const Rgba8Image& img) {
    Rgba8Image out;
    out.width = img.width;
    out.height = img.height;
    out.pixels.assign(size_t(img.width) * img.height * 4, 0);
    for (size_t i = 0; i < size_t(img.width) * img.height; ++i) out.pixels[i * 4 + 3] = 255;
    return out;
}

} // namespace

double psnrFromMse(double mse) {
    if (mse <= 0.0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(255.0 * 255.0 / mse);
}

ReferenceCompareResult compareWithReference(const Rgba8Image& actual, const Rgba8Image& reference,
                                            const ReferenceCompareOptions& options) {
    ReferenceCompareResult r;
    if (actual.width != reference.width || actual.height != reference.height || actual.empty()) return r;
    const uint32_t w = actual.width, h = actual.height;
    auto ma = coverageMask(actual, options.maskThreshold);
    auto mb = coverageMask(reference, options.maskThreshold);
    uint64_t inter = 0, uni = 0;
    std::vector<uint8_t> both(ma.size());
    for (size_t i = 0; i < ma.size(); ++i) {
        r.actualCovered += ma[i];
        r.referenceCovered += mb[i];
        inter += ma[i] & mb[i];
        uni += ma[i] | mb[i];
        both[i] = ma[i] & mb[i];
    }
    r.silhouetteIoU = uni ? double(inter) / double(uni) : 1.0;
    auto interior = erode(both, w, h, options.erodePixels);
    auto ba = blurRgb(actual, options.blurRadius);
    auto bb = blurRgb(reference, options.blurRadius);
    r.diff = blankLike(actual);
    double se = 0.0, ae = 0.0;
    for (size_t i = 0; i < interior.size(); ++i) {
        uint8_t* d = r.diff.pixels.data() + i * 4;
        if (interior[i]) {
            ++r.interiorPixels;
            for (int c = 0; c < 3; ++c) {
                double e = double(ba[i * 3 + c]) - double(bb[i * 3 + c]);
                se += e * e;
                ae += std::abs(e);
                d[c] = uint8_t(std::min(255.0, std::abs(e) * 4.0));
            }
        } else if (ma[i] && !mb[i]) {
            d[0] = 255;
        } else if (mb[i] && !ma[i]) {
            d[2] = 255;
        } else if (ma[i] && mb[i]) {
            d[0] = d[1] = d[2] = 48; // covered by both but too close to an edge to count
        }
    }
    if (r.interiorPixels) {
        double n = double(r.interiorPixels) * 3.0;
        r.interiorPsnr = psnrFromMse(se / n);
        r.meanAbsError = ae / n;
    }
    return r;
}

GoldenCompareResult compareWithGolden(const Rgba8Image& actual, const Rgba8Image& golden, int channelTolerance) {
    GoldenCompareResult r;
    if (actual.width != golden.width || actual.height != golden.height || actual.empty()) return r;
    r.sameSize = true;
    r.maxChannelDiff = 0;
    r.diff = blankLike(actual);
    const size_t n = size_t(actual.width) * actual.height;
    for (size_t i = 0; i < n; ++i) {
        int worst = 0;
        for (int c = 0; c < 4; ++c)
            worst = std::max(worst, std::abs(int(actual.pixels[i * 4 + c]) - int(golden.pixels[i * 4 + c])));
        r.maxChannelDiff = std::max(r.maxChannelDiff, worst);
        if (worst > channelTolerance) {
            ++r.differingPixels;
            r.diff.pixels[i * 4 + 0] = 255;
        } else {
            // Faint copy of the golden so the difference can be located in context.
            for (int c = 0; c < 3; ++c) r.diff.pixels[i * 4 + c] = uint8_t(golden.pixels[i * 4 + c] / 4);
        }
    }
    r.differingFraction = double(r.differingPixels) / double(n);
    return r;
}

} // namespace tv::image
