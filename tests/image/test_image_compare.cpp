// The comparison metrics are the oracle of every golden test, so they are tested on images with known answers.
#include "image/image_compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using tv::image::Rgba8Image;

namespace {
Rgba8Image solid(uint32_t w, uint32_t h, uint8_t r, uint8_t g, uint8_t b, uint8_t a) {
    Rgba8Image img;
    img.width = w;
    img.height = h;
    img.pixels.resize(size_t(w) * h * 4);
    for (size_t i = 0; i < size_t(w) * h; ++i) {
        img.pixels[i * 4 + 0] = r;
        img.pixels[i * 4 + 1] = g;
        img.pixels[i * 4 + 2] = b;
        img.pixels[i * 4 + 3] = a;
    }
    return img;
}
// An opaque square [x0,x1)x[y0,y1) on a transparent background.
Rgba8Image square(uint32_t size, uint32_t x0, uint32_t x1, uint32_t y0, uint32_t y1, uint8_t v) {
    Rgba8Image img = solid(size, size, 0, 0, 0, 0);
    for (uint32_t y = y0; y < y1; ++y)
        for (uint32_t x = x0; x < x1; ++x) {
            uint8_t* p = img.at(x, y);
            p[0] = p[1] = p[2] = v;
            p[3] = 255;
        }
    return img;
}
} // namespace

TEST(ReferenceCompare, IdenticalImagesHaveInfinitePsnrAndFullOverlap) {
    auto a = square(32, 4, 28, 4, 28, 200);
    auto r = tv::image::compareWithReference(a, a);
    EXPECT_DOUBLE_EQ(r.silhouetteIoU, 1.0);
    EXPECT_TRUE(std::isinf(r.interiorPsnr));
    // 24x24 square eroded by 2 on each side leaves 20x20.
    EXPECT_EQ(r.interiorPixels, 20u * 20u);
}

TEST(ReferenceCompare, ConstantOffsetGivesExactPsnr) {
    auto a = square(32, 0, 32, 0, 32, 100);
    auto b = square(32, 0, 32, 0, 32, 110);
    auto r = tv::image::compareWithReference(a, b);
    // Every channel differs by 10 -> MSE 100 -> PSNR = 10 log10(255^2/100).
    EXPECT_NEAR(r.interiorPsnr, 10.0 * std::log10(255.0 * 255.0 / 100.0), 1e-6);
    EXPECT_NEAR(r.meanAbsError, 10.0, 1e-6);
}

TEST(ReferenceCompare, SilhouetteIoUOfShiftedSquares) {
    auto a = square(40, 0, 20, 0, 20, 128);
    auto b = square(40, 10, 30, 0, 20, 128);
    auto r = tv::image::compareWithReference(a, b);
    // Intersection 10x20 = 200, union 30x20 = 600.
    EXPECT_NEAR(r.silhouetteIoU, 200.0 / 600.0, 1e-9);
    EXPECT_EQ(r.actualCovered, 400u);
    EXPECT_EQ(r.referenceCovered, 400u);
}

TEST(ReferenceCompare, EdgePixelsAreExcludedFromInterior) {
    // A one-pixel-wide line has no interior after erosion: edges must not dominate the PSNR.
    auto a = square(16, 0, 16, 8, 9, 0);
    auto b = square(16, 0, 16, 8, 9, 255);
    auto r = tv::image::compareWithReference(a, b);
    EXPECT_EQ(r.interiorPixels, 0u);
    EXPECT_DOUBLE_EQ(r.interiorPsnr, 0.0);
}

TEST(ReferenceCompare, SizeMismatchYieldsNoInterior) {
    auto r = tv::image::compareWithReference(solid(8, 8, 0, 0, 0, 255), solid(9, 8, 0, 0, 0, 255));
    EXPECT_EQ(r.interiorPixels, 0u);
    EXPECT_TRUE(r.diff.empty());
}

TEST(GoldenCompare, ToleranceAndFraction) {
    auto a = solid(10, 10, 100, 100, 100, 255);
    auto b = a;
    b.at(3, 3)[1] = 104; // within tolerance 4
    b.at(5, 5)[0] = 120; // outside
    auto r = tv::image::compareWithGolden(a, b, 4);
    EXPECT_TRUE(r.sameSize);
    EXPECT_EQ(r.differingPixels, 1u);
    EXPECT_DOUBLE_EQ(r.differingFraction, 0.01);
    EXPECT_EQ(r.maxChannelDiff, 20);
    EXPECT_TRUE(r.passed(0.01));
    EXPECT_FALSE(r.passed(0.005));
}

TEST(PngIo, RoundTripAndBadInput) {
    auto a = square(17, 2, 9, 3, 11, 77);
    auto path = std::filesystem::temp_directory_path() / "tv_test_png_roundtrip.png";
    ASSERT_TRUE(tv::image::writePng(path, a));
    auto b = tv::image::readPng(path);
    ASSERT_TRUE(b);
    EXPECT_EQ(b->width, 17u);
    EXPECT_EQ(b->pixels, a.pixels);
    auto missing = tv::image::readPng("/nonexistent/nothing.png");
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("/nonexistent/nothing.png"), std::string::npos);
}
