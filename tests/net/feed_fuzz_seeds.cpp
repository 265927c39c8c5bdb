// Writes the sample frames (codec_samples.h) into a directory as the fuzzer's seed corpus: feed_fuzz_seeds DIR.
#include "codec_samples.h"

#include <cstdio>
#include <stdexcept>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: feed_fuzz_seeds DIR\n");
        return 2;
    }
    for (const auto& s : tv::net::testing::sampleFrames()) {
        const std::string path = std::string(argv[1]) + "/" + s.name + ".bin";
        FILE* f = std::fopen(path.c_str(), "wb");
        if (!f) {
            std::perror(path.c_str());
            return 1;
        }
        std::fwrite(s.frame.data(), 1, s.frame.size(), f);
        std::fclose(f);
    }
    return 0;
}
