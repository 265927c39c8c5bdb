// The decoder never trusts its input: truncation at every byte, bad magic, versions, kinds, caps, lengths,
// strings, values. Each malformed frame must fail with the documented DecodeError (and never crash).
#include "codec_samples.h"
#include "net/codec/byte_io.h"
#include "net/codec/decoder.h"
#include "net/codec/encoder.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>

namespace tv::net {
namespace {

using testing::sampleFrames;
using testing::sampleInfo;

DecodeError failCode(const std::vector<uint8_t>& f, const Limits& limits = {}) {
    auto m = decodeMessage(f, limits);
    EXPECT_FALSE(m.hasValue()) << "decoded a malformed frame";
    return m ? DecodeError::BadLength : m.error().code; // any value; the EXPECT above already failed
}

// One property update; byte layout (offsets from frame start):
//   40 count u32 | 44 tag | 45 len u16 | 47 "pump-3" | 53 len u16 | 55 "speed" | 60 ts u64 | 68 unit kind |
//   69 value type | 70 value f64 | 78 end
std::vector<uint8_t> propertyFrame(Value v = Value::makeNumber(1.5)) {
    std::vector<uint8_t> f;
    const Update u = PropertyUpdate{"pump-3", "speed", 0, Unit::none(), v};
    EXPECT_TRUE(encodeUpdates(sampleInfo(1), std::span<const Update>(&u, 1), f));
    return f;
}

void setBodyLength(std::vector<uint8_t>& f) {
    detail::storeU32(&f[offsets::kBodyLength], uint32_t(f.size() - kHeaderBytes));
}

TEST(CodecMalformed, TruncationAtEveryOffsetOfEveryKind) {
    for (const auto& s : sampleFrames()) {
        SCOPED_TRACE(s.name);
        for (size_t n = 0; n < s.frame.size(); ++n) {
            std::vector<uint8_t> prefix(s.frame.begin(), s.frame.begin() + std::ptrdiff_t(n));
            auto m = decodeMessage(prefix);
            ASSERT_FALSE(m) << "prefix of " << n << " bytes decoded";
            EXPECT_EQ(m.error().code, DecodeError::Truncated) << n << ": " << m.error().message;
        }
        EXPECT_TRUE(decodeMessage(s.frame));
    }
}

TEST(CodecMalformed, TruncatedBodyWithConsistentLengthIsTruncated) {
    // A publisher bug: body cut short but the length field agrees with what was sent.
    for (const auto& s : sampleFrames()) {
        SCOPED_TRACE(s.name);
        for (size_t n = kHeaderBytes; n < s.frame.size(); ++n) {
            std::vector<uint8_t> f(s.frame.begin(), s.frame.begin() + std::ptrdiff_t(n));
            setBodyLength(f);
            auto m = decodeMessage(f);
            ASSERT_FALSE(m) << "cut at " << n << " decoded";
            EXPECT_TRUE(m.error().code == DecodeError::Truncated || m.error().code == DecodeError::BadValue ||
                        m.error().code == DecodeError::BadString)
                << n << ": " << decodeErrorName(m.error().code) << " " << m.error().message;
        }
    }
}

TEST(CodecMalformed, BadMagicVersionKindFlags) {
    const auto good = propertyFrame();
    for (size_t i = 0; i < 4; ++i) {
        auto f = good;
        f[i] ^= 0x20;
        EXPECT_EQ(failCode(f), DecodeError::BadMagic);
        f.resize(i + 1); // even when short
        EXPECT_EQ(failCode(f), DecodeError::BadMagic);
    }
    const std::vector<uint8_t> json = {'{', '"', 'a', '"', ':', '1', '}'};
    EXPECT_EQ(failCode(json), DecodeError::BadMagic);
    for (uint8_t v : {0, 3, 255}) {
        auto f = good;
        f[offsets::kVersion] = v;
        EXPECT_EQ(failCode(f), DecodeError::UnsupportedVersion);
    }
    for (uint8_t k : {0, 8, 200}) {
        auto f = good;
        f[offsets::kKind] = k;
        EXPECT_EQ(failCode(f), DecodeError::UnknownKind);
    }
    auto f = good;
    f[offsets::kFlags + 1] = 0x80;
    EXPECT_EQ(failCode(f), DecodeError::BadValue);
}

TEST(CodecMalformed, LengthsAndCaps) {
    const auto good = propertyFrame();
    {
        auto f = good; // body length claims 2 GiB: rejected on the cap before anything is read or allocated
        detail::storeU32(&f[offsets::kBodyLength], 0x80000000u);
        EXPECT_EQ(failCode(f), DecodeError::TooLarge);
    }
    {
        auto f = good; // extra byte after the declared body
        f.push_back(0);
        EXPECT_EQ(failCode(f), DecodeError::BadLength);
        setBodyLength(f); // now declared, but left over after the records
        EXPECT_EQ(failCode(f), DecodeError::BadLength);
    }
    {
        Limits small;
        small.maxMessageBytes = uint32_t(good.size() - 1);
        EXPECT_EQ(failCode(good, small), DecodeError::TooLarge);
    }
    {
        auto f = good; // entity string runs past the end of the body
        detail::storeU16(&f[45], 200);
        EXPECT_EQ(failCode(f), DecodeError::Truncated);
    }
    {
        auto f = good; // entity length above the id cap
        detail::storeU16(&f[45], 0xFFFF);
        EXPECT_EQ(failCode(f), DecodeError::TooLarge);
    }
    {
        auto f = propertyFrame(Value::makeString("abc")); // string value length 4 GiB - 1
        detail::storeU32(&f[70], 0xFFFFFFFFu);
        EXPECT_EQ(failCode(f), DecodeError::TooLarge);
    }
    {
        auto f = good; // count says two records, body holds one
        detail::storeU32(&f[40], 2);
        EXPECT_EQ(failCode(f), DecodeError::Truncated);
        detail::storeU32(&f[40], 0xFFFFFFFFu);
        EXPECT_EQ(failCode(f), DecodeError::Truncated);
        detail::storeU32(&f[40], 0);
        EXPECT_EQ(failCode(f), DecodeError::BadValue);
    }
}

TEST(CodecMalformed, InvalidUtf8IsBadString) {
    const auto good = propertyFrame(); // entity "pump-3" at 47..52
    const std::vector<std::vector<uint8_t>> bad = {
        {0xFF},             // never valid
        {0x80},             // lone continuation
        {0xC0, 0x80},       // overlong NUL
        {0xE0, 0x80, 0x80}, // overlong
        {0xED, 0xA0, 0x80}, // UTF-16 surrogate
        {0xF4, 0x90, 0x80}, // above U+10FFFF (truncated 4-byte form too)
        {0xC3},             // truncated 2-byte form
    };
    for (const auto& seq : bad) {
        auto f = good;
        std::memcpy(&f[47 + 6 - seq.size()], seq.data(), seq.size());
        auto m = decodeMessage(f);
        ASSERT_FALSE(m);
        EXPECT_EQ(m.error().code, DecodeError::BadString) << m.error().message;
    }
    auto f = good; // valid multi-byte UTF-8 is fine: "pump-é" (é = C3 A9) replacing "-3"
    f[51] = 0xC3;
    f[52] = 0xA9;
    EXPECT_TRUE(decodeMessage(f));

    // Empty required id.
    std::vector<uint8_t> e;
    ASSERT_TRUE(encodeSnapshotRequest({}, {"x"}, e));
    e.pop_back();
    detail::storeU16(&e[40], 0);
    setBodyLength(e);
    EXPECT_EQ(failCode(e), DecodeError::BadString);
}

TEST(CodecMalformed, BadValues) {
    {
        auto f = propertyFrame(); // unknown value type
        f[69] = 9;
        EXPECT_EQ(failCode(f), DecodeError::UnknownKind);
        f[69] = 0;
        EXPECT_EQ(failCode(f), DecodeError::UnknownKind);
    }
    {
        auto f = propertyFrame(); // unknown update tag
        f[44] = 11;
        EXPECT_EQ(failCode(f), DecodeError::UnknownKind);
        f[44] = 0;
        EXPECT_EQ(failCode(f), DecodeError::UnknownKind);
    }
    {
        // Alarm acknowledge: 44 tag | 45 len | 47 "a" | 48 len | 50 "bob". Valid in version 2 only.
        const Update u = AlarmAck{"a", "bob"};
        std::vector<uint8_t> g;
        ASSERT_TRUE(encodeUpdates(sampleInfo(1), std::span<const Update>(&u, 1), g));
        ASSERT_EQ(g[offsets::kVersion], kAlarmAckVersion);
        EXPECT_TRUE(decodeMessage(g));
        auto h = g;
        h[offsets::kVersion] = 1; // a version-1 frame cannot carry tag 10
        EXPECT_EQ(failCode(h), DecodeError::UnknownKind);
        h = g;
        detail::storeU16(&h[45], 0); // empty alarm id (and one byte left over: the id check comes first)
        EXPECT_EQ(failCode(h), DecodeError::BadString);
        h = g;
        h[50] = 0xFF; // "by" must be UTF-8 too
        EXPECT_EQ(failCode(h), DecodeError::BadString);
        h = g;
        detail::storeU16(&h[48], 300); // "by" longer than the id cap
        EXPECT_EQ(failCode(h), DecodeError::TooLarge);
    }
    {
        auto f = propertyFrame(); // a version-2 frame without an ack is fine
        f[offsets::kVersion] = 2;
        EXPECT_TRUE(decodeMessage(f));
    }
    {
        auto f = propertyFrame(); // unknown unit kind
        f[68] = 3;
        EXPECT_EQ(failCode(f), DecodeError::BadValue);
    }
    {
        auto f = propertyFrame(Value::makeBool(true)); // bool must be 0 or 1
        f[70] = 2;
        EXPECT_EQ(failCode(f), DecodeError::BadValue);
    }
    std::vector<uint8_t> f;
    {
        // Transform: 40 count | 44 tag | 45 len | 47 "e" | 48 mask | 49 tx ty tz
        const Update u = TransformUpdate{"e", kTransformTranslation, vec3(1.0f), {}, {}};
        ASSERT_TRUE(encodeUpdates(sampleInfo(1), std::span<const Update>(&u, 1), f));
        auto g = f;
        detail::storeU32(&g[53], std::bit_cast<uint32_t>(std::numeric_limits<float>::quiet_NaN()));
        EXPECT_EQ(failCode(g), DecodeError::BadValue); // non-finite transforms are rejected
        g = f;
        detail::storeU32(&g[49], std::bit_cast<uint32_t>(std::numeric_limits<float>::infinity()));
        EXPECT_EQ(failCode(g), DecodeError::BadValue);
        g = f;
        g[48] = 0;
        EXPECT_EQ(failCode(g), DecodeError::BadValue);
        g[48] = 0x9;
        EXPECT_EQ(failCode(g), DecodeError::BadValue);
    }
    {
        // Alarm: 44 tag | 45 len | 47 "a" | 48 len | 50 "e" | 51 severity
        const Update u = AlarmRaise{"a", "e", AlarmSeverity::Info, "t"};
        ASSERT_TRUE(encodeUpdates(sampleInfo(1), std::span<const Update>(&u, 1), f));
        for (uint8_t sev : {0, 5, 255}) {
            auto g = f;
            g[51] = sev;
            EXPECT_EQ(failCode(g), DecodeError::BadValue);
        }
    }
    {
        // Command reply: 40 id u64 | 48 status
        ASSERT_TRUE(encodeCommandReply({}, {1, CommandStatus::Accepted, ""}, f));
        auto g = f;
        g[48] = 4;
        EXPECT_EQ(failCode(g), DecodeError::BadValue);
    }
    {
        // Command request: 40 id | 48 len "t" | 51 len "v" | 54 timeout | 58 argc
        ASSERT_TRUE(encodeCommandRequest({}, {1, "t", "v", {}, 0}, f));
        auto g = f;
        detail::storeU16(&g[58], 65);
        EXPECT_EQ(failCode(g), DecodeError::TooLarge);
        detail::storeU16(&g[58], 3);
        EXPECT_EQ(failCode(g), DecodeError::Truncated);
    }
}

TEST(CodecMalformed, FailureCarriesOffsetAndMessage) {
    auto f = propertyFrame();
    f[69] = 42;
    auto m = decodeMessage(f);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().offset, 69u);
    EXPECT_NE(m.error().message.find("42"), std::string::npos);
    const Error e = m.error().toError();
    EXPECT_EQ(e.code, ErrorCode::Parse);
    EXPECT_NE(e.message.find("UnknownKind"), std::string::npos);
}

TEST(CodecMalformed, RandomMutationsNeverCrashAndStayCanonical) {
    // A small deterministic fuzz in the unit suite (the libFuzzer harness goes much further).
    std::mt19937 rng(1234);
    size_t accepted = 0;
    for (const auto& s : sampleFrames()) {
        for (int iter = 0; iter < 3000; ++iter) {
            auto f = s.frame;
            const int edits = 1 + int(rng() % 4);
            for (int k = 0; k < edits; ++k) f[rng() % f.size()] = uint8_t(rng());
            auto m = decodeMessage(f);
            if (!m) continue;
            ++accepted;
            std::vector<uint8_t> again;
            ASSERT_TRUE(encodeMessage(*m, again)) << s.name;
            EXPECT_EQ(again, f) << s.name;
        }
    }
    EXPECT_GT(accepted, 0u); // mutations of numbers and timestamps stay valid
}

} // namespace
} // namespace tv::net

#include "net/codec/decode_stats.h"

namespace tv::net {
namespace {

TEST(DecodeStats, CountsPerKindAndFlagsTheFirstOfEach) {
    DecodeStats stats;
    EXPECT_TRUE(stats.record(DecodeError::BadMagic));
    EXPECT_FALSE(stats.record(DecodeError::BadMagic));
    EXPECT_TRUE(stats.record(DecodeError::Truncated));
    auto m = decodeMessage(std::vector<uint8_t>{'T', 'V', 'F', 'D', 1});
    ASSERT_FALSE(m);
    const LogLevel saved = logLevel();
    setLogLevel(LogLevel::Off);
    stats.recordAndLogOnce(m.error(), "test");
    setLogLevel(saved);
    EXPECT_EQ(stats.count(DecodeError::BadMagic), 2u);
    EXPECT_EQ(stats.count(DecodeError::Truncated), 2u);
    EXPECT_EQ(stats.count(DecodeError::BadValue), 0u);
    EXPECT_EQ(stats.total(), 4u);
}

} // namespace
} // namespace tv::net
