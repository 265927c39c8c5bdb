// Image comparison for rendering correctness: against the Khronos Sample Renderer's reference images (silhouette
// overlap + interior PSNR, as ../shared/gltf-reference/README.md prescribes) and against the project's own goldens
// (per-channel tolerance + fraction of differing pixels). Pure functions; any thread.
#pragma once

#include "image/png_io.h"

#include <cstdint>

namespace tv::image {

struct ReferenceCompareOptions {
    uint8_t maskThreshold = 127; // alpha above this = covered by the object
    int erodePixels = 2;         // interior = covered in both images, this many pixels in from every edge
    int blurRadius = 1;          // box blur radius applied to both images before the PSNR ("a light blur")
};

struct ReferenceCompareResult {
    double silhouetteIoU = 0.0; // |A∩B| / |A∪B| of the alpha masks (1 = identical silhouettes)
    double interiorPsnr = 0.0;  // dB over RGB of interior pixels; +inf when identical, 0 when no interior
    uint64_t interiorPixels = 0;
    uint64_t actualCovered = 0, referenceCovered = 0;
    double meanAbsError = 0.0; // per channel, 0..255, interior
    Rgba8Image diff;           // visualisation: |a-b| x4 on interior, red = only actual, blue = only reference
};

// Both images must have the same size (else interiorPixels = 0 and the diff is empty).
ReferenceCompareResult compareWithReference(const Rgba8Image& actual, const Rgba8Image& reference,
                                            const ReferenceCompareOptions& options = {});

struct GoldenCompareResult {
    bool sameSize = false;
    uint64_t differingPixels = 0; // any channel differs by more than the tolerance
    double differingFraction = 1.0;
    int maxChannelDiff = 255;
    Rgba8Image diff;
    bool passed(double maxFraction) const { return sameSize && differingFraction <= maxFraction; }
};

GoldenCompareResult compareWithGolden(const Rgba8Image& actual, const Rgba8Image& golden, int channelTolerance);

// Peak signal-to-noise ratio in dB for a mean squared error on a 0..255 scale (+inf for mse == 0).
double psnrFromMse(double mse);

} // namespace tv::image
