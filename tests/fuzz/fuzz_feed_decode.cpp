// libFuzzer harness for the twin-feed decoder (net/codec). Built from tests/net/CMakeLists.txt when
// TV_BUILD_FUZZ=ON. Beyond "no crash, no sanitizer report": every frame the decoder accepts must iterate cleanly
// and re-encode to exactly the same bytes (the encoding is canonical), which catches decoder/encoder disagreements
// — a field one side checks and the other does not. Small caps keep the fuzzer exploring structure, not size.
#include "core/assert.h"
#include "net/codec/decoder.h"
#include "net/codec/encoder.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    tv::net::Limits limits;
    limits.maxMessageBytes = 64 * 1024;
    limits.maxIdBytes = 64;
    limits.maxTextBytes = 1024;
    limits.maxCommandArgs = 8;
    auto message = tv::net::decodeMessage(std::span<const uint8_t>(data, size), limits);
    if (!message) {
        TV_ASSERT(!message.error().message.empty(), "decode failure without a message");
        return 0;
    }
    std::vector<uint8_t> again;
    auto encoded = tv::net::encodeMessage(*message, again, limits);
    TV_ASSERT(encoded.hasValue(), "the encoder refused a frame the decoder accepted");
    TV_ASSERT(again.size() == size && std::memcmp(again.data(), data, size) == 0,
              "re-encoding an accepted frame changed its bytes");
    return 0;
}
