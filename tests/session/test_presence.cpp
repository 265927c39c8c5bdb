// Presence record codec (net/session/presence.h): round trips, every rejection the decoder makes (checked by its
// code and offset), truncation at every byte, and the encoder refusing what the decoder would reject.
#include "net/session/presence.h"

#include "net/codec/byte_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

using namespace tv;
using namespace tv::net;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// A desktop viewer pointing at a pump with it selected: the common case at 30+ Hz.
PresenceRecord desktopRecord() {
    PresenceRecord r;
    r.device = DeviceKind::Desktop;
    r.userId = "alice";
    r.sequence = 4711;
    r.sentTimeUs = 1'717'000'000'123'456ull;
    r.head.position = vec3(1.5f, 1.7f, -3.25f);
    r.head.orientation = glm::angleAxis(0.6f, glm::normalize(vec3(0.2f, 1.0f, 0.1f)));
    PresencePointer p;
    p.origin = vec3(1.5f, 1.7f, -3.25f);
    p.direction = glm::normalize(vec3(0.3f, -0.2f, -1.0f));
    p.hit = vec3(2.0f, 1.2f, -5.0f);
    r.pointer = p;
    r.selectionPath = "/plant/line1/pump3";
    r.verticalFovRad = 0.9f;
    return r;
}

// An XR user with both hands tracked, pointer without a hit, non-ASCII name and nothing selected.
PresenceRecord xrRecord() {
    PresenceRecord r;
    r.device = DeviceKind::Xr;
    r.userId = "Jürgen-北京";
    r.sequence = ~0ull;
    r.sentTimeUs = 42;
    r.head.position = vec3(0.0f, 1.6f, 0.0f);
    r.head.orientation = quat(1.0f, 0.0f, 0.0f, 0.0f);
    r.leftHand = PresencePose{vec3(-0.2f, 1.1f, -0.3f), glm::angleAxis(1.0f, vec3(1.0f, 0.0f, 0.0f))};
    r.rightHand = PresencePose{vec3(0.2f, 1.1f, -0.3f), glm::angleAxis(-2.0f, vec3(0.0f, 0.0f, 1.0f))};
    r.pointer = PresencePointer{vec3(0.2f, 1.1f, -0.3f), vec3(0.0f, 0.0f, -4.0f), std::nullopt};
    r.verticalFovRad = 1.7f;
    return r;
}

std::vector<uint8_t> encodeOk(const PresenceRecord& r) {
    std::vector<uint8_t> out;
    auto res = encodePresence(r, out);
    EXPECT_TRUE(res.hasValue()) << (res ? "" : res.error().message);
    return out;
}

// Byte offsets in a record (layout table in presence.h).
size_t afterUserId(const PresenceRecord& r) { return kPresenceFixedPrefixBytes + r.userId.size(); }
size_t headPositionAt(const PresenceRecord& r) { return afterUserId(r) + 16; }
size_t headQuatAt(const PresenceRecord& r) { return headPositionAt(r) + 12; }

void putF32(std::vector<uint8_t>& b, size_t at, float v) { detail::storeU32(&b[at], std::bit_cast<uint32_t>(v)); }

void expectReject(const std::vector<uint8_t>& bytes, DecodeError code, size_t offset) {
    auto res = decodePresence(bytes);
    ASSERT_FALSE(res.hasValue());
    EXPECT_EQ(res.error().code, code) << decodeErrorName(res.error().code) << ": " << res.error().message;
    EXPECT_EQ(res.error().offset, offset) << res.error().message;
    EXPECT_FALSE(res.error().message.empty());
}

void expectEncodeRefused(const PresenceRecord& r, ErrorCode code) {
    std::vector<uint8_t> out = {1, 2, 3};
    auto res = encodePresence(r, out);
    ASSERT_FALSE(res.hasValue());
    EXPECT_EQ(res.error().code, code) << res.error().message;
    EXPECT_TRUE(out.empty());
}

} // namespace

TEST(Presence, DesktopRoundTripAndSize) {
    const PresenceRecord r = desktopRecord();
    const auto bytes = encodeOk(r);
    // 10 prefix + 5 id + 16 seq/time + 28 head + 24 ray + 12 hit + 2+18 selection + 4 fov.
    EXPECT_EQ(bytes.size(), 119u);
    std::printf("[ presence ] typical desktop record (pointer + hit, 5-byte id, 18-byte selection): %zu bytes\n",
                bytes.size());
    EXPECT_EQ(bytes[0], 'T');
    EXPECT_EQ(bytes[3], 'R');
    EXPECT_EQ(bytes[4], 1);
    EXPECT_EQ(bytes[5], 0);
    EXPECT_EQ(detail::loadU16(&bytes[6]), kPresencePointer | kPresencePointerHit);
    auto dec = decodePresence(bytes);
    ASSERT_TRUE(dec.hasValue()) << dec.error().message;
    EXPECT_EQ(*dec, r);
    EXPECT_FALSE(dec->leftHand.has_value());
    EXPECT_FALSE(dec->rightHand.has_value());
    // Canonical: re-encoding the decoded record reproduces the bytes.
    EXPECT_EQ(encodeOk(*dec), bytes);
}

TEST(Presence, QuaternionIsXyzwOnTheWire) {
    PresenceRecord r = desktopRecord();
    r.head.orientation = quat(0.5f, 0.5f, -0.5f, 0.5f); // w,x,y,z
    const auto bytes = encodeOk(r);
    const size_t q = headQuatAt(r);
    EXPECT_EQ(detail::loadF32(&bytes[q + 0]), 0.5f);  // x
    EXPECT_EQ(detail::loadF32(&bytes[q + 4]), -0.5f); // y
    EXPECT_EQ(detail::loadF32(&bytes[q + 8]), 0.5f);  // z
    EXPECT_EQ(detail::loadF32(&bytes[q + 12]), 0.5f); // w
}

TEST(Presence, XrRoundTripWithHands) {
    const PresenceRecord r = xrRecord();
    const auto bytes = encodeOk(r);
    EXPECT_EQ(bytes[5], 1);
    EXPECT_EQ(detail::loadU16(&bytes[6]), kPresenceLeftHand | kPresenceRightHand | kPresencePointer);
    auto dec = decodePresence(bytes);
    ASSERT_TRUE(dec.hasValue()) << dec.error().message;
    EXPECT_EQ(*dec, r);
    ASSERT_TRUE(dec->pointer.has_value());
    EXPECT_FALSE(dec->pointer->hit.has_value());
    EXPECT_EQ(encodeOk(*dec), bytes);
}

TEST(Presence, MinimalRoundTripWithoutHandsOrPointer) {
    PresenceRecord r;
    r.userId = "b";
    const auto bytes = encodeOk(r);
    EXPECT_EQ(bytes.size(), kPresenceFixedPrefixBytes + 1 + 16 + 28 + 2 + 4);
    EXPECT_EQ(detail::loadU16(&bytes[6]), 0);
    auto dec = decodePresence(bytes);
    ASSERT_TRUE(dec.hasValue()) << dec.error().message;
    EXPECT_EQ(*dec, r);
    EXPECT_FALSE(dec->pointer.has_value());
    EXPECT_TRUE(dec->selectionPath.empty());
}

TEST(Presence, LargestRecordFitsTheCap) {
    PresenceRecord r = xrRecord();
    r.userId = std::string(kPresenceMaxUserIdBytes, 'u');
    r.selectionPath = std::string(kPresenceMaxSelectionBytes, 's');
    r.pointer->hit = vec3(1.0f);
    const auto bytes = encodeOk(r);
    EXPECT_LE(bytes.size(), kPresenceMaxBytes);
    auto dec = decodePresence(bytes);
    ASSERT_TRUE(dec.hasValue()) << dec.error().message;
    EXPECT_EQ(*dec, r);
}

TEST(Presence, QuaternionToleranceEdges) {
    PresenceRecord r = desktopRecord();
    r.head.orientation = quat(1.0009f, 0.0f, 0.0f, 0.0f); // within 1e-3: accepted, not normalised
    auto dec = decodePresence(encodeOk(r));
    ASSERT_TRUE(dec.hasValue()) << dec.error().message;
    EXPECT_EQ(dec->head.orientation.w, 1.0009f);
    r.head.orientation = quat(0.9985f, 0.0f, 0.0f, 0.0f);
    expectEncodeRefused(r, ErrorCode::InvalidArgument);
}

TEST(Presence, RejectsBadMagic) {
    auto bytes = encodeOk(desktopRecord());
    bytes[1] = 'X';
    expectReject(bytes, DecodeError::BadMagic, 0);
    bytes[1] = 'V';
    bytes[3] = 'D'; // a twin-feed frame's magic
    expectReject(bytes, DecodeError::BadMagic, 0);
}

TEST(Presence, RejectsOtherVersions) {
    auto bytes = encodeOk(desktopRecord());
    for (uint8_t v : {0, 2, 255}) {
        bytes[4] = v;
        expectReject(bytes, DecodeError::UnsupportedVersion, 4);
    }
}

TEST(Presence, RejectsUnknownDevice) {
    auto bytes = encodeOk(desktopRecord());
    bytes[5] = 2;
    expectReject(bytes, DecodeError::BadValue, 5);
    PresenceRecord r = desktopRecord();
    r.device = DeviceKind(7);
    expectEncodeRefused(r, ErrorCode::InvalidArgument);
}

TEST(Presence, RejectsReservedAndInconsistentFlags) {
    const auto good = encodeOk(desktopRecord());
    for (int bit = 4; bit < 16; ++bit) {
        auto bytes = good;
        detail::storeU16(&bytes[6], uint16_t(detail::loadU16(&bytes[6]) | (1u << bit)));
        expectReject(bytes, DecodeError::BadValue, 6);
    }
    // Hit valid without pointer active.
    PresenceRecord r = desktopRecord();
    r.pointer.reset();
    auto bytes = encodeOk(r);
    detail::storeU16(&bytes[6], kPresencePointerHit);
    expectReject(bytes, DecodeError::BadValue, 6);
}

TEST(Presence, RejectsNonFiniteNumbers) {
    const PresenceRecord r = desktopRecord();
    const auto good = encodeOk(r);
    // Every float field in the record: head (7), ray (6), hit (3), then the fov, which is the last 4 bytes.
    const size_t firstFloat = headPositionAt(r);
    const size_t floatCount = 7 + 6 + 3;
    for (size_t i = 0; i < floatCount; ++i) {
        for (float bad : {kNaN, std::numeric_limits<float>::infinity()}) {
            auto bytes = good;
            putF32(bytes, firstFloat + 4 * i, bad);
            expectReject(bytes, DecodeError::BadValue, firstFloat + 4 * i);
        }
    }
    auto bytes = good;
    putF32(bytes, bytes.size() - 4, kNaN);
    expectReject(bytes, DecodeError::BadValue, bytes.size() - 4);

    // And the encoder refuses the same, field by field.
    auto refuse = [](auto mutate) {
        PresenceRecord m = desktopRecord();
        m.leftHand = PresencePose{};
        m.rightHand = PresencePose{};
        mutate(m);
        expectEncodeRefused(m, ErrorCode::InvalidArgument);
    };
    refuse([](PresenceRecord& m) { m.head.position.y = kNaN; });
    refuse([](PresenceRecord& m) { m.head.orientation.w = kNaN; });
    refuse([](PresenceRecord& m) { m.leftHand->position.x = kNaN; });
    refuse([](PresenceRecord& m) { m.rightHand->orientation.z = kNaN; });
    refuse([](PresenceRecord& m) { m.pointer->origin.z = kNaN; });
    refuse([](PresenceRecord& m) { m.pointer->direction.x = kNaN; });
    refuse([](PresenceRecord& m) { m.pointer->hit->y = std::numeric_limits<float>::infinity(); });
    refuse([](PresenceRecord& m) { m.verticalFovRad = kNaN; });
}

TEST(Presence, RejectsNonUnitQuaternions) {
    const PresenceRecord r = xrRecord();
    const auto good = encodeOk(r);
    const size_t head = headQuatAt(r);
    const size_t left = head + 16 + 12;
    const size_t right = left + 16 + 12;
    for (size_t q : {head, left, right}) {
        auto bytes = good;
        putF32(bytes, q + 12, detail::loadF32(&bytes[q + 12]) * 1.01f + 0.01f); // scale w off the unit sphere
        expectReject(bytes, DecodeError::BadValue, q);
        bytes = good;
        for (int i = 0; i < 4; ++i) putF32(bytes, q + 4 * size_t(i), 0.0f); // the zero quaternion
        expectReject(bytes, DecodeError::BadValue, q);
    }
    PresenceRecord m = r;
    m.head.orientation = quat(2.0f, 0.0f, 0.0f, 0.0f);
    expectEncodeRefused(m, ErrorCode::InvalidArgument);
    m = r;
    m.leftHand->orientation = quat(0.0f, 0.0f, 0.0f, 0.0f);
    expectEncodeRefused(m, ErrorCode::InvalidArgument);
    m = r;
    m.rightHand->orientation = quat(0.7f, 0.7f, 0.1f, 0.0f); // |q| ≈ 0.995
    expectEncodeRefused(m, ErrorCode::InvalidArgument);
}

TEST(Presence, RejectsZeroPointerDirection) {
    const PresenceRecord r = desktopRecord();
    auto bytes = encodeOk(r);
    const size_t dir = headQuatAt(r) + 16 + 12;
    for (int i = 0; i < 3; ++i) putF32(bytes, dir + 4 * size_t(i), i == 1 ? -0.0f : 0.0f);
    expectReject(bytes, DecodeError::BadValue, dir);
    PresenceRecord m = r;
    m.pointer->direction = vec3(0.0f);
    expectEncodeRefused(m, ErrorCode::InvalidArgument);
}

TEST(Presence, RejectsFovOutOfRange) {
    const auto good = encodeOk(desktopRecord());
    for (float fov : {0.0f, -0.5f, 3.2f}) {
        auto bytes = good;
        putF32(bytes, bytes.size() - 4, fov);
        expectReject(bytes, DecodeError::BadValue, bytes.size() - 4);
        PresenceRecord m = desktopRecord();
        m.verticalFovRad = fov;
        expectEncodeRefused(m, ErrorCode::InvalidArgument);
    }
}

TEST(Presence, RejectsBadUserIds) {
    // Oversized: 65 bytes on the wire (forged) and in the encoder.
    PresenceRecord r = desktopRecord();
    r.userId = std::string(kPresenceMaxUserIdBytes, 'a');
    auto bytes = encodeOk(r);
    detail::storeU16(&bytes[8], uint16_t(kPresenceMaxUserIdBytes + 1));
    bytes.insert(bytes.begin() + 10, 'a');
    expectReject(bytes, DecodeError::TooLarge, 8);
    r.userId.push_back('a');
    expectEncodeRefused(r, ErrorCode::TooLarge);

    // Empty.
    r = desktopRecord();
    r.userId.clear();
    expectEncodeRefused(r, ErrorCode::InvalidArgument);
    r.userId = "a";
    bytes = encodeOk(r);
    bytes.erase(bytes.begin() + 10);
    detail::storeU16(&bytes[8], 0);
    expectReject(bytes, DecodeError::BadString, 8);
}

TEST(Presence, RejectsInvalidUtf8) {
    // Overlong '/', a UTF-16 surrogate, a lone continuation byte, a truncated sequence, above U+10FFFF.
    const std::string bad[] = {"\xC0\xAF", "\xED\xA0\x80", "\x80", "\xE2\x82", "\xF4\x90\x80\x80"};
    for (const std::string& b : bad) {
        PresenceRecord r = desktopRecord();
        r.userId = "ab" + b;
        expectEncodeRefused(r, ErrorCode::InvalidArgument);
        r.userId = "ab";
        r.selectionPath = "/x" + b;
        expectEncodeRefused(r, ErrorCode::InvalidArgument);

        // Forge the same bytes into an otherwise valid record: same-length ASCII placeholders, then overwrite.
        r.userId = "ab" + std::string(b.size(), 'z');
        r.selectionPath = "/plant";
        auto bytes = encodeOk(r);
        std::memcpy(&bytes[12], b.data(), b.size());
        expectReject(bytes, DecodeError::BadString, 12);

        r.userId = "ab";
        r.selectionPath = "/x" + std::string(b.size(), 'z');
        bytes = encodeOk(r);
        const size_t selChars = bytes.size() - 4 - r.selectionPath.size();
        std::memcpy(&bytes[selChars + 2], b.data(), b.size());
        expectReject(bytes, DecodeError::BadString, selChars + 2);
    }
}

TEST(Presence, RejectsOversizedSelection) {
    PresenceRecord r = desktopRecord();
    r.selectionPath = std::string(kPresenceMaxSelectionBytes + 1, 's');
    expectEncodeRefused(r, ErrorCode::TooLarge);
    r.selectionPath = std::string(kPresenceMaxSelectionBytes, 's');
    auto bytes = encodeOk(r);
    const size_t lenAt = bytes.size() - 4 - kPresenceMaxSelectionBytes - 2;
    detail::storeU16(&bytes[lenAt], uint16_t(kPresenceMaxSelectionBytes + 1));
    bytes.insert(bytes.end() - 4, 's');
    expectReject(bytes, DecodeError::TooLarge, lenAt);
}

TEST(Presence, RejectsTruncationAtEveryOffset) {
    for (const PresenceRecord& r : {desktopRecord(), xrRecord()}) {
        const auto good = encodeOk(r);
        for (size_t n = 0; n < good.size(); ++n) {
            auto res = decodePresence(std::span<const uint8_t>(good.data(), n));
            ASSERT_FALSE(res.hasValue()) << "prefix of " << n << " bytes decoded";
            EXPECT_EQ(res.error().code, DecodeError::Truncated) << n << ": " << res.error().message;
            EXPECT_LE(res.error().offset, n);
        }
    }
}

TEST(Presence, RejectsTrailingBytesAndOversizedInput) {
    auto bytes = encodeOk(desktopRecord());
    const size_t size = bytes.size();
    bytes.push_back(0);
    expectReject(bytes, DecodeError::BadLength, size);
    bytes.resize(kPresenceMaxBytes + 1, 0);
    expectReject(bytes, DecodeError::TooLarge, kPresenceMaxBytes);
}

TEST(Presence, EncoderReusesAndClearsItsOutput) {
    std::vector<uint8_t> out;
    ASSERT_TRUE(encodePresence(xrRecord(), out).hasValue());
    const auto xr = out;
    ASSERT_TRUE(encodePresence(desktopRecord(), out).hasValue());
    EXPECT_EQ(out, encodeOk(desktopRecord()));
    EXPECT_LT(out.size(), xr.size());
}
