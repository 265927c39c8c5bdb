// golden_compare ACTUAL.png GOLDEN.png [TOLERANCE] [MAX_FRACTION] — the golden check for tests that produce images
// outside C++ (window tests driven by xdotool). Writes ACTUAL.diff.png; exit 0 when it matches, 1 otherwise.
#include "image/image_compare.h"

#include <cstdio>
#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: golden_compare ACTUAL.png GOLDEN.png [TOLERANCE=8] [MAX_FRACTION=0.01]\n");
        return 2;
    }
    int tolerance = argc > 3 ? std::atoi(argv[3]) : 8;
    double maxFraction = argc > 4 ? std::atof(argv[4]) : 0.01;
    auto actual = tv::image::readPng(argv[1]);
    if (!actual) {
        std::fprintf(stderr, "error: %s\n", actual.error().message.c_str());
        return 1;
    }
    auto golden = tv::image::readPng(argv[2]);
    if (!golden) {
        std::fprintf(stderr, "error: %s (look at %s and copy it there to approve)\n", golden.error().message.c_str(),
                     argv[1]);
        return 1;
    }
    auto cmp = tv::image::compareWithGolden(*actual, *golden, tolerance);
    std::string diff = std::string(argv[1]) + ".diff.png";
    if (!cmp.diff.empty()) (void)tv::image::writePng(diff, cmp.diff);
    std::printf("golden_compare: %s vs %s: %.3f%% of pixels differ by more than %d (max %d)%s\n", argv[1], argv[2],
                cmp.differingFraction * 100.0, tolerance, cmp.maxChannelDiff, cmp.sameSize ? "" : " (size differs)");
    return cmp.passed(maxFraction) ? 0 : 1;
}
