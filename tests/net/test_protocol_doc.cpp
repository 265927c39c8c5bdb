// docs/protocol.md's hex examples must equal what the encoder produces, so the document cannot drift from the
// code. Each example is a "<!-- example: NAME -->" line followed by a fenced block of "OFFSET: hex bytes" lines;
// NAME is a frame from codec_samples.h. On a mismatch the test prints the dump to paste into the document.
#include "codec_samples.h"
#include "net/codec/decoder.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace tv::net {
namespace {

std::string hexDump(const std::vector<uint8_t>& bytes) {
    std::string out;
    char buf[24];
    for (size_t i = 0; i < bytes.size(); i += 16) {
        std::snprintf(buf, sizeof buf, "%04zx:", i);
        out += buf;
        for (size_t k = i; k < i + 16 && k < bytes.size(); ++k) {
            std::snprintf(buf, sizeof buf, " %02x", unsigned(bytes[k]));
            out += buf;
        }
        out += '\n';
    }
    return out;
}

std::map<std::string, std::string> docExamples() {
    std::ifstream in(TV_SOURCE_DIR "/docs/protocol.md");
    EXPECT_TRUE(in.good()) << "cannot open docs/protocol.md";
    std::map<std::string, std::string> examples;
    std::string line, name;
    bool inBlock = false;
    const std::string marker = "<!-- example: ";
    while (std::getline(in, line)) {
        if (line.rfind(marker, 0) == 0) {
            name = line.substr(marker.size(), line.find(' ', marker.size()) - marker.size());
            continue;
        }
        if (line.rfind("```", 0) == 0) {
            if (!name.empty() && !inBlock) {
                inBlock = true;
                examples[name];
            } else if (inBlock) {
                inBlock = false;
                name.clear();
            }
            continue;
        }
        if (inBlock) examples[name] += line + "\n";
    }
    return examples;
}

TEST(ProtocolDoc, HexExamplesMatchTheEncoder) {
    const auto examples = docExamples();
    EXPECT_GE(examples.size(), 5u) << "protocol.md lost its examples";
    std::map<std::string, std::vector<uint8_t>> frames;
    for (auto& s : testing::sampleFrames()) frames[s.name] = s.frame;
    for (const auto& [name, dump] : examples) {
        ASSERT_TRUE(frames.count(name)) << "protocol.md example '" << name << "' has no sample frame";
        EXPECT_EQ(dump, hexDump(frames[name])) << "update protocol.md example '" << name << "' to:\n"
                                               << hexDump(frames[name]);
        EXPECT_TRUE(decodeMessage(frames[name]));
    }
}

TEST(ProtocolDoc, DocumentsEveryKindAndError) {
    std::ifstream in(TV_SOURCE_DIR "/docs/protocol.md");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string doc = ss.str();
    for (uint8_t k = 1; k <= kMaxMessageKind; ++k)
        EXPECT_NE(doc.find(messageKindName(MessageKind(k))), std::string::npos) << messageKindName(MessageKind(k));
    for (size_t e = 0; e < kDecodeErrorCount; ++e)
        EXPECT_NE(doc.find(decodeErrorName(DecodeError(e))), std::string::npos) << decodeErrorName(DecodeError(e));
}

} // namespace
} // namespace tv::net
