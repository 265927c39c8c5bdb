// Encoder -> decoder round trips for every message kind, update tag and value type, plus the encoder's refusals.
#include "codec_samples.h"
#include "net/codec/decoder.h"
#include "net/codec/encoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tv::net {
namespace {

using testing::sampleFrames;
using testing::sampleInfo;
using testing::sampleUpdates;

std::vector<Update> collect(const UpdateBatch& batch) {
    std::vector<Update> v;
    batch.forEach([&](const Update& u) { v.push_back(u); });
    return v;
}

Message decodeOk(const std::vector<uint8_t>& frame) {
    auto m = decodeMessage(frame);
    EXPECT_TRUE(m.hasValue()) << (m ? "" : m.error().message);
    return m ? *m : Message{};
}

TEST(CodecRoundTrip, HeaderFieldsSurvive) {
    std::vector<uint8_t> f;
    ASSERT_TRUE(
        encodeHeartbeat(FrameInfo{0xDEADBEEFCAFEF00Dull, 0x89ABCDEFu, 0x1122334455667788ull, 1234567}, {250}, f));
    ASSERT_EQ(f.size(), kHeaderBytes + 4);
    const Message m = decodeOk(f);
    EXPECT_EQ(m.header.version, kProtocolVersion);
    EXPECT_EQ(m.header.kind, MessageKind::Heartbeat);
    EXPECT_EQ(m.header.publisherId, 0xDEADBEEFCAFEF00Dull);
    EXPECT_EQ(m.header.epoch, 0x89ABCDEFu);
    EXPECT_EQ(m.header.sequence, 0x1122334455667788ull);
    EXPECT_EQ(m.header.timestampUs, 1234567u);
    EXPECT_EQ(m.header.bodyLength, 4u);
    EXPECT_EQ(std::get<Heartbeat>(m.body).intervalMs, 250u);
    // Little-endian on the wire, whatever the host.
    EXPECT_EQ(f[offsets::kSequence], 0x88);
    EXPECT_EQ(f[offsets::kSequence + 7], 0x11);
}

TEST(CodecRoundTrip, EveryUpdateTagAndValueType) {
    const std::vector<Update> in = sampleUpdates();
    std::vector<uint8_t> f;
    ASSERT_TRUE(encodeUpdates(sampleInfo(42), in, f));
    const Message m = decodeOk(f);
    ASSERT_EQ(m.header.kind, MessageKind::Updates);
    const auto& batch = std::get<UpdateBatch>(m.body);
    EXPECT_EQ(batch.count(), in.size());
    const std::vector<Update> out = collect(batch);
    ASSERT_EQ(out.size(), in.size());
    for (size_t i = 0; i < in.size(); ++i) EXPECT_TRUE(in[i] == out[i]) << "update " << i;
    // Decoded strings borrow from the frame (zero copy).
    const auto& p = std::get<PropertyUpdate>(out[0]);
    EXPECT_GE(reinterpret_cast<const uint8_t*>(p.entity.data()), f.data());
    EXPECT_LT(reinterpret_cast<const uint8_t*>(p.entity.data()), f.data() + f.size());
}

TEST(CodecRoundTrip, AlarmAckFramesAreVersionTwoOthersStayVersionOne) {
    std::vector<uint8_t> f;
    const Update raise = AlarmRaise{"a1", "pump-2", AlarmSeverity::Major, "trip"};
    ASSERT_TRUE(encodeUpdates(sampleInfo(1), std::span<const Update>(&raise, 1), f));
    EXPECT_EQ(decodeOk(f).header.version, kProtocolVersion); // older viewers still read what they understand
    const Update both[] = {raise, AlarmAck{"a1", "bob Ã©"}, AlarmAck{"a2", ""}};
    ASSERT_TRUE(encodeUpdates(sampleInfo(2), both, f));
    const Message m = decodeOk(f);
    EXPECT_EQ(m.header.version, kAlarmAckVersion);
    const std::vector<Update> out = collect(std::get<UpdateBatch>(m.body));
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(std::get<AlarmAck>(out[1]), (AlarmAck{"a1", "bob Ã©"}));
    EXPECT_EQ(std::get<AlarmAck>(out[2]), (AlarmAck{"a2", ""}));
    // Snapshot chunks follow the same rule.
    ASSERT_TRUE(encodeSnapshotChunk(sampleInfo(3), 0, both, f));
    EXPECT_EQ(decodeOk(f).header.version, kAlarmAckVersion);
}

TEST(CodecRoundTrip, ReaderIteratesWithoutFailing) {
    std::vector<uint8_t> f;
    ASSERT_TRUE(encodeUpdates(sampleInfo(1), sampleUpdates(), f));
    const Message m = decodeOk(f);
    auto reader = std::get<UpdateBatch>(m.body).reader();
    Update u;
    uint32_t n = 0;
    while (reader.next(u)) ++n;
    EXPECT_EQ(n, sampleUpdates().size());
    EXPECT_EQ(reader.remaining(), 0u);
    EXPECT_FALSE(reader.next(u));
}

TEST(CodecRoundTrip, LargeBatch) {
    std::vector<std::string> names;
    for (int i = 0; i < 5000; ++i) names.push_back("sensor-" + std::to_string(i));
    std::vector<Update> in;
    for (int i = 0; i < 5000; ++i)
        in.push_back(PropertyUpdate{names[size_t(i)], "temperature", uint64_t(i), Unit::fromCode(4),
                                    Value::makeNumber(20.0 + i * 0.01)});
    std::vector<uint8_t> f;
    ASSERT_TRUE(encodeUpdates(sampleInfo(9), in, f));
    const Message m = decodeOk(f);
    EXPECT_EQ(collect(std::get<UpdateBatch>(m.body)), in);
}

TEST(CodecRoundTrip, EveryMessageKind) {
    for (const auto& s : sampleFrames()) {
        SCOPED_TRACE(s.name);
        auto m = decodeMessage(s.frame);
        ASSERT_TRUE(m) << m.error().message;
        // Canonical: re-encoding the decoded message gives the same bytes.
        std::vector<uint8_t> again;
        ASSERT_TRUE(encodeMessage(*m, again));
        EXPECT_EQ(again, s.frame);
    }
}

TEST(CodecRoundTrip, SnapshotRequestChunkAndEnd) {
    std::vector<uint8_t> f;
    ASSERT_TRUE(encodeSnapshotRequest(FrameInfo{5, 0, 0, 0}, {"viewer-\xE2\x82\xAC"}, f));
    EXPECT_EQ(std::get<SnapshotRequest>(decodeOk(f).body).identity, "viewer-\xE2\x82\xAC");

    const std::vector<Update> state = sampleUpdates();
    ASSERT_TRUE(encodeSnapshotChunk(sampleInfo(77), 3, state, f));
    Message m = decodeOk(f);
    EXPECT_EQ(m.header.sequence, 77u);
    const auto& chunk = std::get<SnapshotChunk>(m.body);
    EXPECT_EQ(chunk.chunkIndex, 3u);
    EXPECT_EQ(collect(chunk.updates), state);

    ASSERT_TRUE(encodeSnapshotChunk(sampleInfo(77), 4, {}, f)); // an empty twin has an empty snapshot
    EXPECT_EQ(std::get<SnapshotChunk>(decodeOk(f).body).updates.count(), 0u);

    ASSERT_TRUE(encodeSnapshotEnd(sampleInfo(77), {5}, f));
    EXPECT_EQ(std::get<SnapshotEnd>(decodeOk(f).body).chunkCount, 5u);
}

TEST(CodecRoundTrip, Commands) {
    std::vector<uint8_t> f;
    CommandRequest req{99, "valve-7", "close", {}, 2500};
    req.args = {{"speed", Value::makeNumber(1200)},
                {"force", Value::makeBool(false)},
                {"note", Value::makeString("operator")},
                {"at", Value::makeVec3({1, 2, 3})},
                {"rgba", Value::makeVec4({1, 1, 0, 1})}};
    ASSERT_TRUE(encodeCommandRequest(FrameInfo{1, 0, 0, 0}, req, f));
    EXPECT_EQ(std::get<CommandRequest>(decodeOk(f).body), req);

    for (CommandStatus st : {CommandStatus::Accepted, CommandStatus::Rejected, CommandStatus::Failed}) {
        const CommandReply rep{99, st, st == CommandStatus::Accepted ? "" : "valve is locked out"};
        ASSERT_TRUE(encodeCommandReply(FrameInfo{2, 0, 0, 0}, rep, f));
        EXPECT_EQ(std::get<CommandReply>(decodeOk(f).body), rep);
    }
}

TEST(CodecRoundTrip, NonFiniteNumbersInPropertiesPassThrough) {
    // Documented: NaN / ±inf in property and argument values mean "no valid reading" and are carried bit-exact.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const Update in[] = {PropertyUpdate{"s", "t", 0, {}, Value::makeNumber(nan)},
                         PropertyUpdate{"s", "u", 0, {}, Value::makeVec3({-inf, 0, nan})}};
    std::vector<uint8_t> f;
    ASSERT_TRUE(encodeUpdates(sampleInfo(1), in, f));
    const auto out = collect(std::get<UpdateBatch>(decodeOk(f).body));
    EXPECT_TRUE(std::isnan(std::get<PropertyUpdate>(out[0]).value.number));
    EXPECT_EQ(std::get<PropertyUpdate>(out[1]).value.vector.x, -inf);
    EXPECT_TRUE(std::isnan(std::get<PropertyUpdate>(out[1]).value.vector.z));
}

TEST(CodecEncoder, RefusesWhatTheDecoderWouldReject) {
    std::vector<uint8_t> f;
    auto refuse = [&](const Update& u, ErrorCode code) {
        auto r = encodeUpdates(sampleInfo(1), std::span<const Update>(&u, 1), f);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, code) << r.error().message;
        EXPECT_TRUE(f.empty());
    };
    const float nanf = std::numeric_limits<float>::quiet_NaN();
    refuse(PropertyUpdate{"", "p", 0, {}, {}}, ErrorCode::InvalidArgument);
    refuse(PropertyUpdate{"e\xFF", "p", 0, {}, {}}, ErrorCode::InvalidArgument);
    refuse(PropertyUpdate{std::string(300, 'x'), "p", 0, {}, {}}, ErrorCode::TooLarge);
    refuse(TransformUpdate{"e", 0, {}, {}, {}}, ErrorCode::InvalidArgument);
    refuse(TransformUpdate{"e", 8, {}, {}, {}}, ErrorCode::InvalidArgument);
    refuse(TransformUpdate{"e", kTransformTranslation, vec3(nanf), {}, {}}, ErrorCode::InvalidArgument);
    refuse(ColourOverride{"e", 0, {}, {}}, ErrorCode::InvalidArgument);
    refuse(SpawnEntity{"e", "", "", {}}, ErrorCode::InvalidArgument);
    refuse(AlarmRaise{"a", "e", AlarmSeverity(0), ""}, ErrorCode::InvalidArgument);
    refuse(AlarmRaise{"a", "e", AlarmSeverity(5), ""}, ErrorCode::InvalidArgument);
    refuse(AlarmAck{"", "bob"}, ErrorCode::InvalidArgument);
    refuse(AlarmAck{"a", "\xFF"}, ErrorCode::InvalidArgument);
    refuse(AlarmAck{"a", std::string(300, 'b')}, ErrorCode::TooLarge);

    auto empty = encodeUpdates(sampleInfo(1), {}, f);
    EXPECT_FALSE(empty);

    Limits small;
    small.maxMessageBytes = 200;
    std::vector<Update> many(20, Update{RemoveEntity{"entity-with-a-name"}});
    auto big = encodeUpdates(sampleInfo(1), many, f, small);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, ErrorCode::TooLarge);

    CommandRequest cmd{1, "t", "v", std::vector<CommandArg>(65, CommandArg{"a", Value::makeBool(true)}), 0};
    EXPECT_FALSE(encodeCommandRequest({}, cmd, f));
    EXPECT_FALSE(encodeCommandReply({}, CommandReply{1, CommandStatus(0), ""}, f));
}

TEST(CodecRoundTrip, CustomLimitsAgreeOnBothEnds) {
    Limits big;
    big.maxTextBytes = 2u << 20;
    big.maxMessageBytes = 4u << 20;
    const std::string text(1500000, 'a');
    const Update u = PropertyUpdate{"e", "p", 0, {}, Value::makeString(text)};
    std::vector<uint8_t> f;
    EXPECT_FALSE(encodeUpdates(sampleInfo(1), std::span<const Update>(&u, 1), f)); // default caps refuse
    ASSERT_TRUE(encodeUpdates(sampleInfo(1), std::span<const Update>(&u, 1), f, big));
    EXPECT_FALSE(decodeMessage(f)); // a default decoder refuses it too
    auto m = decodeMessage(f, big);
    ASSERT_TRUE(m);
    EXPECT_EQ(std::get<PropertyUpdate>(collect(std::get<UpdateBatch>(m->body))[0]).value.text.size(), text.size());
}

} // namespace
} // namespace tv::net
