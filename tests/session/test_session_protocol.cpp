// Session protocol codec (net/session/session_protocol.h): every message kind round-trips and re-encodes to the
// same bytes (also at the caps), the encoder refuses what the decoder would reject, and the decoder rejects
// truncation at every byte, bad magic/version/kind, trailing bytes, bad UTF-8, out-of-range enums and non-finite
// floats, each with its code and offset.
#include "net/session/session_protocol.h"

#include "net/codec/byte_io.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace tv;
using namespace tv::net;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr uint64_t kMomentUs = 1'795'528'951'250'000ull; // 2026-11-24 14:02:31.250 UTC

Member sampleMember(const std::string& user, Role role) {
    Member m;
    m.user = user;
    m.role = role;
    m.device = DeviceKind::Xr;
    m.colour = 0x12ab34;
    m.firstSeenUs = 1'700'000'000'000'000ull;
    m.lastSeenUs = 1'700'000'000'500'000ull;
    return m;
}

Annotation sampleAnnotation() {
    Annotation a;
    a.id = 17;
    a.session = "plant-1";
    a.anchor = vec3(1.0f, 2.5f, -3.0f);
    a.normal = vec3(0.0f, 0.0f, 1.0f);
    a.nodePath = "/plant/line1/pump3";
    a.text = "Leak at the flange — check the gasket";
    a.author = "Jürgen";
    a.createdUs = 111;
    a.updatedUs = 222;
    a.resolved = true;
    a.resolvedBy = "alice";
    return a;
}

SharedViewpoint sampleViewpoint() {
    SharedViewpoint v;
    v.name = "pump overview";
    v.eye = vec3(4.0f, 2.0f, 4.0f);
    v.target = vec3(0.0f, 1.0f, 0.0f);
    v.yfov = 0.9f;
    v.author = "bob";
    v.updatedUs = 333;
    return v;
}

EventMsg eventMsg(SessionEvent ev) {
    EventMsg m;
    m.session = "plant-1";
    m.epoch = 0xdeadbeef;
    m.sequence = 42;
    m.timeUs = 1'700'000'000'000'123ull;
    m.event = std::move(ev);
    return m;
}

RequestMsg requestMsg(SessionRequest req) {
    RequestMsg m;
    m.requestId = 9001;
    m.request = std::move(req);
    return m;
}

// One message of every kind, every event kind and every request kind.
std::vector<SessionMessage> sampleMessages() {
    std::vector<SessionMessage> out;
    out.push_back(JoinMsg{"plant-1", "alice", Role::Operator, DeviceKind::Xr, 0x1122334455667788ull});
    out.push_back(JoinMsg{"p", "Jürgen 北京", std::nullopt, DeviceKind::Desktop, 0});
    JoinReplyMsg reply;
    reply.accepted = true;
    reply.user = "alice";
    reply.role = Role::Presenter;
    reply.colour = 0xff8800;
    reply.epoch = 77;
    reply.eventsEndpoint = "tcp://127.0.0.1:7601";
    reply.feedUpdates = "tcp://127.0.0.1:7602";
    reply.feedSnapshot = "tcp://127.0.0.1:7603";
    reply.presenceTimeoutMs = 2500;
    out.push_back(reply);
    out.push_back(JoinReplyMsg{false, "session name \"a b\" is not valid", "", Role::Observer, 0, 0, "", "", "", 0});
    out.push_back(LeaveMsg{});
    out.push_back(SnapshotRequestMsg{});
    SessionSnapshotMsg snap;
    snap.session = "plant-1";
    snap.epoch = 5;
    snap.sequence = 12;
    snap.members = {sampleMember("alice", Role::Presenter), sampleMember("bob", Role::Observer)};
    snap.online = {"alice"};
    snap.annotations = {sampleAnnotation(), Annotation{}};
    snap.viewpoints = {sampleViewpoint()};
    snap.leader = "alice";
    snap.moment = SharedMoment{kMomentUs, "alice", 1'700'000'000'000'999ull, 11};
    out.push_back(snap);
    out.push_back(SessionSnapshotMsg{"empty", 1, 0, {}, {}, {}, {}, "", {}});

    SessionEvent ev;
    ev.kind = SessionEventKind::MemberJoined;
    ev.member = sampleMember("carol", Role::Operator);
    out.push_back(eventMsg(ev));
    ev = {};
    ev.kind = SessionEventKind::MemberLeft;
    ev.user = "carol";
    ev.leftReason = MemberLeftReason::TimedOut;
    out.push_back(eventMsg(ev));
    ev = {};
    ev.kind = SessionEventKind::AnnotationUpserted;
    ev.by = "alice";
    ev.annotation = sampleAnnotation();
    out.push_back(eventMsg(ev));
    ev = {};
    ev.kind = SessionEventKind::AnnotationDeleted;
    ev.by = "alice";
    ev.annotationId = 17;
    out.push_back(eventMsg(ev));
    ev = {};
    ev.kind = SessionEventKind::ViewpointUpserted;
    ev.by = "bob";
    ev.viewpoint = sampleViewpoint();
    out.push_back(eventMsg(ev));
    ev = {};
    ev.kind = SessionEventKind::ViewpointDeleted;
    ev.viewpointName = "pump overview";
    out.push_back(eventMsg(ev));
    ev = {};
    ev.kind = SessionEventKind::FollowChanged;
    ev.by = "alice";
    ev.leader = "alice";
    out.push_back(eventMsg(ev));
    ev = {};
    ev.kind = SessionEventKind::Gather;
    ev.by = "alice";
    ev.viewpoint = sampleViewpoint();
    ev.viewpoint.name = "";
    out.push_back(eventMsg(ev));
    ev = {};
    ev.kind = SessionEventKind::MomentChanged;
    ev.by = "alice";
    ev.moment.twinTimeUs = kMomentUs;
    out.push_back(eventMsg(ev));
    ev.moment.twinTimeUs = 0; // back to live
    out.push_back(eventMsg(ev));

    out.push_back(HeartbeatMsg{"plant-1", 5, 12, 99, {{"alice", 1.5f}, {"bob", 0.0f}}});

    SessionRequest req;
    req.kind = SessionRequestKind::CreateAnnotation;
    req.annotation = sampleAnnotation();
    req.annotation.id = 0;
    req.annotation.session = "";
    out.push_back(requestMsg(req));
    req = {};
    req.kind = SessionRequestKind::EditAnnotation;
    req.annotationId = 17;
    req.text = "new text";
    out.push_back(requestMsg(req));
    for (SessionRequestKind k : {SessionRequestKind::ResolveAnnotation, SessionRequestKind::ReopenAnnotation,
                                 SessionRequestKind::DeleteAnnotation}) {
        req = {};
        req.kind = k;
        req.annotationId = 3;
        out.push_back(requestMsg(req));
    }
    req = {};
    req.kind = SessionRequestKind::SaveViewpoint;
    req.viewpoint = sampleViewpoint();
    out.push_back(requestMsg(req));
    req = {};
    req.kind = SessionRequestKind::DeleteViewpoint;
    req.viewpointName = "pump overview";
    out.push_back(requestMsg(req));
    for (SessionRequestKind k : {SessionRequestKind::Lead, SessionRequestKind::StopLead}) {
        req = {};
        req.kind = k;
        out.push_back(requestMsg(req));
    }
    req = {};
    req.kind = SessionRequestKind::Gather;
    req.viewpoint = sampleViewpoint();
    out.push_back(requestMsg(req));
    for (uint64_t t : {kMomentUs, uint64_t(0), kMaxTwinTimeUs}) {
        req = {};
        req.kind = SessionRequestKind::SetMoment;
        req.twinTimeUs = t;
        out.push_back(requestMsg(req));
    }

    out.push_back(ReplyMsg{9001, ReplyStatus::Denied, "observers may view and point only", 0});
    out.push_back(ReplyMsg{9002, ReplyStatus::Ok, "", 55});

    CommandMsg cmd;
    cmd.requestId = 4;
    cmd.timeoutMs = 3000;
    cmd.target = "pump-1";
    cmd.verb = "set";
    cmd.args.push_back({"rpm", OwnedValue::from(Value::makeNumber(1200.0))});
    cmd.args.push_back({"on", OwnedValue::from(Value::makeBool(true))});
    cmd.args.push_back({"mode", OwnedValue::from(Value::makeString("auto"))});
    cmd.args.push_back({"dir", OwnedValue::from(Value::makeVec3({1.0, 2.0, 3.0}))});
    cmd.args.push_back({"rgba", OwnedValue::from(Value::makeVec4({0.1, 0.2, 0.3, 1.0}))});
    out.push_back(cmd);
    out.push_back(CommandReplyMsg{4, CommandOutcome::Rejected, "interlock"});
    out.push_back(CommandReplyMsg{5, CommandOutcome::NotSent, "the hub has no twin feed"});
    out.push_back(PingMsg{123456789, 2.25f});
    out.push_back(PongMsg{123456789});
    return out;
}

std::vector<uint8_t> encodeOk(const SessionMessage& m) {
    std::vector<uint8_t> out;
    auto res = encodeSessionMessage(m, out);
    EXPECT_TRUE(res.hasValue()) << sessionMsgKindName(sessionMessageKind(m)) << ": "
                                << (res ? "" : res.error().message);
    return out;
}

Error encodeError(const SessionMessage& m) {
    std::vector<uint8_t> out = {1, 2, 3};
    auto res = encodeSessionMessage(m, out);
    EXPECT_FALSE(res.hasValue());
    EXPECT_EQ(out, (std::vector<uint8_t>{1, 2, 3})) << "a refused message must leave the output untouched";
    return res ? Error{} : res.error();
}

DecodeFailure decodeFailure(const std::vector<uint8_t>& bytes) {
    auto res = decodeSessionMessage(bytes);
    EXPECT_FALSE(res.hasValue());
    return res ? DecodeFailure{} : res.error();
}

// Bytes of a little-endian f32 / u32 written over `bytes` at `at`.
void patchF32(std::vector<uint8_t>& bytes, size_t at, float v) {
    detail::storeU32(&bytes[at], std::bit_cast<uint32_t>(v));
}

// Join "plant-1"/"alice": header 6, session u16 @6 + 7 bytes @8, user u16 @15 + 5 bytes @17, role @22, device @23,
// instance id @24..31.
constexpr size_t kJoinSessionAt = 8;
constexpr size_t kJoinUserAt = 17;
constexpr size_t kJoinRoleAt = 22;
constexpr size_t kJoinDeviceAt = 23;

std::vector<uint8_t> joinBytes() {
    return encodeOk(JoinMsg{"plant-1", "alice", Role::Operator, DeviceKind::Desktop, 7});
}

} // namespace

TEST(SessionNames, SessionNameRules) {
    EXPECT_TRUE(isValidSessionName("plant-1"));
    EXPECT_TRUE(isValidSessionName("A.b_c-9"));
    EXPECT_TRUE(isValidSessionName(std::string(64, 'x')));
    EXPECT_FALSE(isValidSessionName(""));
    EXPECT_FALSE(isValidSessionName(std::string(65, 'x')));
    EXPECT_FALSE(isValidSessionName("a b"));
    EXPECT_FALSE(isValidSessionName("a/b"));
    EXPECT_FALSE(isValidSessionName("plänt"));
    EXPECT_FALSE(isValidSessionName(std::string("a\0b", 3)));
}

TEST(SessionNames, UserNameRules) {
    EXPECT_TRUE(isValidUserName("alice"));
    EXPECT_TRUE(isValidUserName("Jürgen 北京"));
    EXPECT_TRUE(isValidUserName(std::string(64, 'u')));
    EXPECT_FALSE(isValidUserName(""));
    EXPECT_FALSE(isValidUserName(std::string(65, 'u')));
    EXPECT_FALSE(isValidUserName("tab\there"));
    EXPECT_FALSE(isValidUserName("del\x7f"));
    EXPECT_FALSE(isValidUserName("c1\xc2\x85"));   // U+0085 NEXT LINE, a C1 control
    EXPECT_TRUE(isValidUserName("nbsp\xc2\xa0x")); // U+00A0 is not a control
    EXPECT_FALSE(isValidUserName("bad\xff"));
    EXPECT_FALSE(isValidUserName("\xc0\xaf")); // overlong
}

TEST(SessionTopics, TopicsEndInNul) {
    EXPECT_EQ(sessionEventsTopic("plant"), std::string("Splant\0", 7));
    EXPECT_EQ(sessionPresenceTopic("plant"), std::string("Pplant\0", 7));
    // "plant" must not be a prefix of "plant-2"'s topic.
    EXPECT_NE(sessionEventsTopic("plant-2").rfind(sessionEventsTopic("plant"), 0), 0u);
}

TEST(SessionProtocol, EveryKindRoundTripsToTheSameBytes) {
    std::vector<bool> seenKind(14, false);
    for (const SessionMessage& m : sampleMessages()) {
        const std::vector<uint8_t> bytes = encodeOk(m);
        ASSERT_GE(bytes.size(), 6u);
        EXPECT_EQ(0, std::memcmp(bytes.data(), "TVSS", 4));
        EXPECT_EQ(bytes[4], kSessionProtocolVersion);
        EXPECT_EQ(bytes[5], uint8_t(sessionMessageKind(m)));
        EXPECT_TRUE(isSessionMessage(bytes));
        EXPECT_EQ(peekSessionMessageKind(bytes), sessionMessageKind(m));
        auto decoded = decodeSessionMessage(bytes);
        ASSERT_TRUE(decoded.hasValue()) << sessionMsgKindName(sessionMessageKind(m)) << ": " << decoded.error().message;
        EXPECT_EQ(decoded->index(), m.index());
        EXPECT_EQ(encodeOk(*decoded), bytes) << sessionMsgKindName(sessionMessageKind(m));
        seenKind[size_t(sessionMessageKind(m))] = true;
    }
    for (uint8_t k = 1; k <= 13; ++k) EXPECT_TRUE(seenKind[k]) << "no sample of kind " << int(k);
}

TEST(SessionProtocol, DecodedFieldsMatch) {
    const SessionMessage join = JoinMsg{"plant-1", "Jürgen", Role::Observer, DeviceKind::Xr, 0xabcdef0123456789ull};
    auto j = decodeSessionMessage(encodeOk(join));
    ASSERT_TRUE(j.hasValue());
    const auto& jm = std::get<JoinMsg>(*j);
    EXPECT_EQ(jm.session, "plant-1");
    EXPECT_EQ(jm.user, "Jürgen");
    EXPECT_EQ(jm.role, Role::Observer);
    EXPECT_EQ(jm.device, DeviceKind::Xr);
    EXPECT_EQ(jm.instanceId, 0xabcdef0123456789ull);

    auto noRole = decodeSessionMessage(encodeOk(JoinMsg{"s", "u", std::nullopt, DeviceKind::Desktop, 1}));
    ASSERT_TRUE(noRole.hasValue());
    EXPECT_FALSE(std::get<JoinMsg>(*noRole).role.has_value());

    SessionSnapshotMsg snap;
    snap.session = "plant-1";
    snap.epoch = 9;
    snap.sequence = 1234;
    snap.members = {sampleMember("alice", Role::Presenter)};
    snap.online = {"alice"};
    snap.annotations = {sampleAnnotation()};
    snap.viewpoints = {sampleViewpoint()};
    snap.leader = "alice";
    auto s = decodeSessionMessage(encodeOk(snap));
    ASSERT_TRUE(s.hasValue());
    const auto& sm = std::get<SessionSnapshotMsg>(*s);
    EXPECT_EQ(sm.session, snap.session);
    EXPECT_EQ(sm.epoch, 9u);
    EXPECT_EQ(sm.sequence, 1234u);
    EXPECT_EQ(sm.members, snap.members);
    EXPECT_EQ(sm.online, snap.online);
    EXPECT_EQ(sm.annotations, snap.annotations);
    EXPECT_EQ(sm.viewpoints, snap.viewpoints);
    EXPECT_EQ(sm.leader, "alice");

    SessionEvent ev;
    ev.kind = SessionEventKind::MemberLeft;
    ev.by = "";
    ev.user = "bob";
    ev.leftReason = MemberLeftReason::Replaced;
    auto e = decodeSessionMessage(encodeOk(eventMsg(ev)));
    ASSERT_TRUE(e.hasValue());
    const auto& em = std::get<EventMsg>(*e);
    EXPECT_EQ(em.epoch, 0xdeadbeefu);
    EXPECT_EQ(em.sequence, 42u);
    EXPECT_EQ(em.event.kind, SessionEventKind::MemberLeft);
    EXPECT_EQ(em.event.user, "bob");
    EXPECT_EQ(em.event.leftReason, MemberLeftReason::Replaced);

    CommandMsg cmd;
    cmd.requestId = 77;
    cmd.timeoutMs = 1500;
    cmd.target = "valve-2";
    cmd.verb = "open";
    cmd.args.push_back({"pos", OwnedValue::from(Value::makeVec3({1.0, -2.0, 3.5}))});
    cmd.args.push_back({"name", OwnedValue::from(Value::makeString("ü"))});
    auto c = decodeSessionMessage(encodeOk(cmd));
    ASSERT_TRUE(c.hasValue());
    const auto& cm = std::get<CommandMsg>(*c);
    EXPECT_EQ(cm.requestId, 77u);
    EXPECT_EQ(cm.timeoutMs, 1500u);
    EXPECT_EQ(cm.target, "valve-2");
    EXPECT_EQ(cm.verb, "open");
    ASSERT_EQ(cm.args.size(), 2u);
    EXPECT_EQ(cm.args[0].name, "pos");
    EXPECT_TRUE(cm.args[0].value.sameAs(cmd.args[0].value));
    EXPECT_TRUE(cm.args[1].value.sameAs(cmd.args[1].value));

    auto p = decodeSessionMessage(encodeOk(PingMsg{55, 3.5f}));
    ASSERT_TRUE(p.hasValue());
    EXPECT_EQ(std::get<PingMsg>(*p).clientTimeUs, 55u);
    EXPECT_EQ(std::get<PingMsg>(*p).lastRttMs, 3.5f);
}

TEST(SessionProtocol, MaximumSizesRoundTrip) {
    const std::string name64(64, 'n');
    auto bytes = encodeOk(JoinMsg{name64, name64, Role::Presenter, DeviceKind::Desktop, ~0ull});
    EXPECT_TRUE(decodeSessionMessage(bytes).hasValue());

    Annotation big = sampleAnnotation();
    big.text = std::string(kSessionMaxTextBytes, 't');
    big.nodePath = std::string(kSessionMaxPathBytes, 'p');
    big.author = name64;
    big.resolvedBy = name64;
    SessionEvent ev;
    ev.kind = SessionEventKind::AnnotationUpserted;
    ev.by = name64;
    ev.annotation = big;
    bytes = encodeOk(eventMsg(ev));
    auto decoded = decodeSessionMessage(bytes);
    ASSERT_TRUE(decoded.hasValue());
    EXPECT_EQ(std::get<EventMsg>(*decoded).event.annotation, big);

    HeartbeatMsg hb{"s", 1, 2, 3, {}};
    for (size_t i = 0; i < kSessionMaxLatencies; ++i) hb.latencies.push_back({name64, float(i)});
    bytes = encodeOk(hb);
    EXPECT_LE(bytes.size(), kSessionMaxMessageBytes);
    decoded = decodeSessionMessage(bytes);
    ASSERT_TRUE(decoded.hasValue());
    EXPECT_EQ(std::get<HeartbeatMsg>(*decoded).latencies.size(), kSessionMaxLatencies);

    CommandMsg cmd{1, 1000, std::string(kSessionMaxPathBytes, 'x'), name64, {}};
    for (size_t i = 0; i < kSessionMaxCommandArgs; ++i)
        cmd.args.push_back({name64, OwnedValue::from(Value::makeVec4({1.0, 2.0, 3.0, 4.0}))});
    bytes = encodeOk(cmd);
    decoded = decodeSessionMessage(bytes);
    ASSERT_TRUE(decoded.hasValue());
    EXPECT_EQ(std::get<CommandMsg>(*decoded).args.size(), kSessionMaxCommandArgs);
    EXPECT_EQ(encodeOk(*decoded), bytes);

    // A snapshot larger than the 64 KiB message cap is fine (its own cap is 16 MiB).
    SessionSnapshotMsg snap;
    snap.session = name64;
    for (int i = 0; i < 100; ++i) {
        big.id = uint64_t(i + 1);
        snap.annotations.push_back(big);
    }
    for (size_t i = 0; i < kSessionMaxMembers; ++i) {
        snap.members.push_back(sampleMember("user-" + std::to_string(i), Role::Operator));
        snap.online.push_back("user-" + std::to_string(i));
    }
    bytes = encodeOk(snap);
    EXPECT_GT(bytes.size(), kSessionMaxMessageBytes);
    decoded = decodeSessionMessage(bytes);
    ASSERT_TRUE(decoded.hasValue()) << decoded.error().message;
    EXPECT_EQ(std::get<SessionSnapshotMsg>(*decoded).annotations.size(), 100u);
    EXPECT_EQ(encodeOk(*decoded), bytes);
}

TEST(SessionProtocol, EncoderRefusesInvalidMessages) {
    EXPECT_EQ(encodeError(JoinMsg{"a b", "alice", {}, DeviceKind::Desktop, 0}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(JoinMsg{"", "alice", {}, DeviceKind::Desktop, 0}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(JoinMsg{"s", "", {}, DeviceKind::Desktop, 0}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(JoinMsg{"s", "a\nb", {}, DeviceKind::Desktop, 0}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(JoinMsg{"s", std::string(65, 'u'), {}, DeviceKind::Desktop, 0}).code,
              ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(JoinMsg{"s", "u", Role(3), DeviceKind::Desktop, 0}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(JoinMsg{"s", "u", {}, DeviceKind(2), 0}).code, ErrorCode::InvalidArgument);
    EXPECT_NE(encodeError(JoinMsg{"s", "a\nb", {}, DeviceKind::Desktop, 0}).message.find("join user"),
              std::string::npos)
        << "the error names the field";

    SessionRequest req;
    req.kind = SessionRequestKind::CreateAnnotation;
    req.annotation = sampleAnnotation();
    req.annotation.anchor.y = kNaN;
    EXPECT_EQ(encodeError(requestMsg(req)).code, ErrorCode::InvalidArgument);
    req.annotation = sampleAnnotation();
    req.annotation.text = std::string(kSessionMaxTextBytes + 1, 't');
    EXPECT_EQ(encodeError(requestMsg(req)).code, ErrorCode::InvalidArgument);
    req.annotation = sampleAnnotation();
    req.annotation.text = "bad \xed\xa0\x80 surrogate";
    EXPECT_EQ(encodeError(requestMsg(req)).code, ErrorCode::InvalidArgument);
    req = {};
    req.kind = SessionRequestKind::SaveViewpoint;
    req.viewpoint = sampleViewpoint();
    req.viewpoint.yfov = 0.0f;
    EXPECT_EQ(encodeError(requestMsg(req)).code, ErrorCode::InvalidArgument);
    req.viewpoint = sampleViewpoint();
    req.viewpoint.eye.z = std::numeric_limits<float>::infinity();
    EXPECT_EQ(encodeError(requestMsg(req)).code, ErrorCode::InvalidArgument);
    req = {};
    req.kind = SessionRequestKind::DeleteViewpoint; // empty name
    EXPECT_EQ(encodeError(requestMsg(req)).code, ErrorCode::InvalidArgument);
    req = {};
    req.kind = SessionRequestKind(0);
    EXPECT_EQ(encodeError(requestMsg(req)).code, ErrorCode::InvalidArgument);
    req.kind = SessionRequestKind(12);
    EXPECT_EQ(encodeError(requestMsg(req)).code, ErrorCode::InvalidArgument);

    SessionEvent ev;
    ev.kind = SessionEventKind::MemberJoined;
    ev.member = sampleMember("alice", Role::Operator);
    ev.member.colour = 0x1000000;
    EXPECT_EQ(encodeError(eventMsg(ev)).code, ErrorCode::InvalidArgument);
    ev.kind = SessionEventKind::MemberLeft; // user empty
    EXPECT_EQ(encodeError(eventMsg(ev)).code, ErrorCode::InvalidArgument);
    ev.kind = SessionEventKind(10);
    EXPECT_EQ(encodeError(eventMsg(ev)).code, ErrorCode::InvalidArgument);

    EXPECT_EQ(encodeError(PingMsg{1, kNaN}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(PingMsg{1, -1.0f}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(HeartbeatMsg{"s", 1, 1, 1, {{"a", kNaN}}}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(CommandReplyMsg{1, CommandOutcome::Pending, ""}).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(ReplyMsg{1, ReplyStatus(4), "", 0}).code, ErrorCode::InvalidArgument);

    CommandMsg cmd{1, 1000, "pump", "set", {}};
    cmd.args.push_back({"x", OwnedValue::from(Value::makeNumber(std::nan("")))});
    EXPECT_EQ(encodeError(cmd).code, ErrorCode::InvalidArgument);
    cmd.args.clear();
    for (size_t i = 0; i <= kSessionMaxCommandArgs; ++i) cmd.args.push_back({"a", OwnedValue{}});
    EXPECT_EQ(encodeError(cmd).code, ErrorCode::InvalidArgument);
    EXPECT_EQ(encodeError(CommandMsg{1, 1000, "", "set", {}}).code, ErrorCode::InvalidArgument);

    // Every field valid but the whole message over its cap.
    SessionSnapshotMsg snap;
    snap.session = "s";
    Annotation big = sampleAnnotation();
    big.text = std::string(kSessionMaxTextBytes, 't');
    snap.annotations.assign(kSessionMaxSnapshotBytes / kSessionMaxTextBytes + 1, big);
    EXPECT_EQ(encodeError(snap).code, ErrorCode::TooLarge);
}

TEST(SessionProtocol, TruncationAtEveryOffsetIsRejected) {
    for (const SessionMessage& m : sampleMessages()) {
        const std::vector<uint8_t> bytes = encodeOk(m);
        for (size_t n = 0; n < bytes.size(); ++n) {
            const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + std::ptrdiff_t(n));
            auto res = decodeSessionMessage(prefix);
            ASSERT_FALSE(res.hasValue()) << sessionMsgKindName(sessionMessageKind(m)) << " prefix " << n;
            EXPECT_EQ(res.error().code, DecodeError::Truncated)
                << sessionMsgKindName(sessionMessageKind(m)) << " prefix " << n << ": " << res.error().message;
            EXPECT_LE(res.error().offset, n);
        }
    }
}

TEST(SessionProtocol, HeaderErrors) {
    std::vector<uint8_t> bytes = joinBytes();
    auto bad = bytes;
    bad[0] = 'X';
    EXPECT_EQ(decodeFailure(bad).code, DecodeError::BadMagic);
    EXPECT_FALSE(isSessionMessage(bad));
    // A presence record and a twin-feed frame are not session messages.
    EXPECT_EQ(decodeFailure({'T', 'V', 'P', 'R', 1, 0}).code, DecodeError::BadMagic);
    EXPECT_EQ(decodeFailure({'T', 'V', 'F', 'D', 1, 1}).code, DecodeError::BadMagic);

    for (uint8_t version :
         {uint8_t(0), uint8_t(kSessionProtocolVersion - 1), uint8_t(kSessionProtocolVersion + 1), uint8_t(255)}) {
        bad = bytes;
        bad[4] = version;
        const DecodeFailure f = decodeFailure(bad);
        EXPECT_EQ(f.code, DecodeError::UnsupportedVersion);
        EXPECT_EQ(f.offset, 4u);
        EXPECT_FALSE(peekSessionMessageKind(bad).has_value());
    }
    for (uint8_t kind : {uint8_t(0), uint8_t(14), uint8_t(255)}) {
        bad = bytes;
        bad[5] = kind;
        const DecodeFailure f = decodeFailure(bad);
        EXPECT_EQ(f.code, DecodeError::UnknownKind);
        EXPECT_EQ(f.offset, 5u);
        EXPECT_FALSE(peekSessionMessageKind(bad).has_value());
    }
    bad = bytes;
    bad.push_back(0);
    DecodeFailure f = decodeFailure(bad);
    EXPECT_EQ(f.code, DecodeError::BadLength);
    EXPECT_EQ(f.offset, bytes.size());
    // A Join body carried under the Leave kind: everything after the header is trailing.
    bad = bytes;
    bad[5] = uint8_t(SessionMsgKind::Leave);
    EXPECT_EQ(decodeFailure(bad).code, DecodeError::BadLength);
}

TEST(SessionProtocol, SizeCaps) {
    // A non-snapshot message over 64 KiB is refused before its fields are read.
    std::vector<uint8_t> big = joinBytes();
    big.resize(kSessionMaxMessageBytes + 1, 0);
    EXPECT_EQ(decodeFailure(big).code, DecodeError::TooLarge);
    big[5] = uint8_t(SessionMsgKind::Snapshot); // snapshots may be larger; this one then fails on its fields
    EXPECT_NE(decodeFailure(big).code, DecodeError::TooLarge);
    big.resize(kSessionMaxSnapshotBytes + 1, 0);
    EXPECT_EQ(decodeFailure(big).code, DecodeError::TooLarge);

    // A string length above its cap.
    std::vector<uint8_t> bytes = joinBytes();
    detail::storeU16(&bytes[kJoinSessionAt - 2], 65);
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::TooLarge);

    // A list count above its cap, and one the remaining bytes cannot hold (neither may allocate).
    HeartbeatMsg hb{"s", 1, 2, 3, {{"a", 1.0f}}};
    bytes = encodeOk(hb);
    const size_t countAt = 6 + 3 + 4 + 8 + 8;
    ASSERT_EQ(detail::loadU32(&bytes[countAt]), 1u);
    detail::storeU32(&bytes[countAt], uint32_t(kSessionMaxLatencies + 1));
    DecodeFailure f = decodeFailure(bytes);
    EXPECT_EQ(f.code, DecodeError::TooLarge);
    EXPECT_EQ(f.offset, countAt);
    detail::storeU32(&bytes[countAt], 400);
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::Truncated);
    detail::storeU32(&bytes[countAt], 0xffffffffu);
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::TooLarge);
}

TEST(SessionProtocol, BadStringsAreRejected) {
    std::vector<uint8_t> bytes = joinBytes();
    auto bad = bytes;
    bad[kJoinSessionAt + 1] = ' '; // "p ant-1": not a session name
    DecodeFailure f = decodeFailure(bad);
    EXPECT_EQ(f.code, DecodeError::BadString);
    EXPECT_EQ(f.offset, kJoinSessionAt - 2);
    EXPECT_EQ(peekSessionMessageKind(bad), SessionMsgKind::Join) << "the hub can still tell it was a join";

    bad = bytes;
    bad[kJoinUserAt + 2] = 0xff; // invalid UTF-8 in the user name
    f = decodeFailure(bad);
    EXPECT_EQ(f.code, DecodeError::BadString);
    EXPECT_EQ(f.offset, kJoinUserAt + 2);

    bad = bytes;
    bad[kJoinUserAt] = '\n'; // a control character in the user name
    EXPECT_EQ(decodeFailure(bad).code, DecodeError::BadString);

    bad = bytes; // empty user name
    bad.erase(bad.begin() + std::ptrdiff_t(kJoinUserAt), bad.begin() + std::ptrdiff_t(kJoinUserAt + 5));
    detail::storeU16(&bad[kJoinUserAt - 2], 0);
    EXPECT_EQ(decodeFailure(bad).code, DecodeError::BadString);

    // Overlong encoding inside an annotation's text.
    SessionRequest req;
    req.kind = SessionRequestKind::EditAnnotation;
    req.annotationId = 1;
    req.text = "ab";
    bytes = encodeOk(requestMsg(req));
    const size_t textAt = bytes.size() - 2;
    bytes[textAt] = 0xc0;
    bytes[textAt + 1] = 0xaf;
    f = decodeFailure(bytes);
    EXPECT_EQ(f.code, DecodeError::BadString);
    EXPECT_EQ(f.offset, textAt);
}

TEST(SessionProtocol, EnumsOutOfRangeAreRejected) {
    std::vector<uint8_t> bytes = joinBytes();
    auto bad = bytes;
    bad[kJoinRoleAt] = 3;
    DecodeFailure f = decodeFailure(bad);
    EXPECT_EQ(f.code, DecodeError::BadValue);
    EXPECT_EQ(f.offset, kJoinRoleAt);
    bad[kJoinRoleAt] = 0xff; // "hub default" is fine
    EXPECT_TRUE(decodeSessionMessage(bad).hasValue());
    bad = bytes;
    bad[kJoinDeviceAt] = 2;
    EXPECT_EQ(decodeFailure(bad).code, DecodeError::BadValue);

    // Event kind (offset: header 6 + session "plant-1" 9 + epoch 4 + sequence 8 + time 8).
    SessionEvent ev;
    ev.kind = SessionEventKind::FollowChanged;
    bytes = encodeOk(eventMsg(ev));
    const size_t kindAt = 6 + 9 + 4 + 8 + 8;
    ASSERT_EQ(bytes[kindAt], uint8_t(SessionEventKind::FollowChanged));
    for (uint8_t k : {uint8_t(0), uint8_t(10)}) {
        bad = bytes;
        bad[kindAt] = k;
        f = decodeFailure(bad);
        EXPECT_EQ(f.code, DecodeError::UnknownKind);
        EXPECT_EQ(f.offset, kindAt);
    }
    // MemberLeft reason out of range (last byte).
    ev = {};
    ev.kind = SessionEventKind::MemberLeft;
    ev.user = "bob";
    bytes = encodeOk(eventMsg(ev));
    bytes.back() = 3;
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::BadValue);

    // Request kind (after the request id).
    SessionRequest req;
    req.kind = SessionRequestKind::Lead;
    bytes = encodeOk(requestMsg(req));
    bytes[6 + 8] = 12;
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::UnknownKind);

    // Reply status; command outcome Pending (0) and past NotSent.
    bytes = encodeOk(ReplyMsg{1, ReplyStatus::Ok, "", 0});
    bytes[6 + 8] = 4;
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::BadValue);
    bytes = encodeOk(CommandReplyMsg{1, CommandOutcome::Accepted, ""});
    for (uint8_t o : {uint8_t(0), uint8_t(6)}) {
        bad = bytes;
        bad[6 + 8] = o;
        EXPECT_EQ(decodeFailure(bad).code, DecodeError::BadValue);
    }

    // A bool that is neither 0 nor 1 (JoinReply accepted).
    bytes = encodeOk(JoinReplyMsg{});
    bytes[6] = 2;
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::BadValue);

    // Command argument value type.
    CommandMsg cmd{1, 1000, "pump", "set", {{"on", OwnedValue::from(Value::makeBool(true))}}};
    bytes = encodeOk(cmd);
    bad = bytes;
    bad[bad.size() - 2] = 6; // the type byte before the bool
    EXPECT_EQ(decodeFailure(bad).code, DecodeError::UnknownKind);
    bad = bytes;
    bad.back() = 2; // bool value 2
    EXPECT_EQ(decodeFailure(bad).code, DecodeError::BadValue);
}

TEST(SessionProtocol, NonFiniteAndOutOfDomainFloatsAreRejected) {
    std::vector<uint8_t> bytes = encodeOk(PingMsg{1, 2.0f});
    patchF32(bytes, 14, kNaN);
    DecodeFailure f = decodeFailure(bytes);
    EXPECT_EQ(f.code, DecodeError::BadValue);
    EXPECT_EQ(f.offset, 14u);
    patchF32(bytes, 14, -0.5f);
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::BadValue);

    // Viewpoint: request id 8 + kind 1, name "v" 3, eye 12, target 12, then yfov.
    SessionRequest req;
    req.kind = SessionRequestKind::SaveViewpoint;
    req.viewpoint = sampleViewpoint();
    req.viewpoint.name = "v";
    bytes = encodeOk(requestMsg(req));
    const size_t eyeAt = 6 + 8 + 1 + 3;
    auto bad = bytes;
    patchF32(bad, eyeAt + 4, std::numeric_limits<float>::infinity());
    f = decodeFailure(bad);
    EXPECT_EQ(f.code, DecodeError::BadValue);
    EXPECT_EQ(f.offset, eyeAt + 4);
    bad = bytes;
    patchF32(bad, eyeAt + 24, 3.5f); // yfov >= pi
    EXPECT_EQ(decodeFailure(bad).code, DecodeError::BadValue);

    // A command's number argument (f64, last 8 bytes).
    CommandMsg cmd{1, 1000, "pump", "set", {{"rpm", OwnedValue::from(Value::makeNumber(5.0))}}};
    bytes = encodeOk(cmd);
    detail::storeU64(&bytes[bytes.size() - 8], std::bit_cast<uint64_t>(std::nan("")));
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::BadValue);
}

TEST(SessionProtocol, RandomBytesNeverCrashAndNeverDecodeWrongly) {
    // Flip every byte of every sample to a few values: whatever decodes must re-encode to the same bytes
    // (canonical form), and nothing may crash.
    for (const SessionMessage& m : sampleMessages()) {
        const std::vector<uint8_t> bytes = encodeOk(m);
        for (size_t i = 0; i < bytes.size(); ++i) {
            for (uint8_t v : {uint8_t(0x00), uint8_t(0x7f), uint8_t(0x80), uint8_t(0xff)}) {
                auto mutated = bytes;
                mutated[i] = v;
                auto res = decodeSessionMessage(mutated);
                if (res.hasValue()) { EXPECT_EQ(encodeOk(*res), mutated) << "byte " << i << " = " << int(v); }
            }
        }
    }
}

TEST(SessionProtocol, SharedMomentTravelsWithItsAuthorTimeAndSequence) {
    // The event carries only the twin time; by, setUs and sequence come from the event itself.
    SessionEvent ev;
    ev.kind = SessionEventKind::MomentChanged;
    ev.by = "alice";
    ev.moment = SharedMoment{kMomentUs, "ignored", 5, 6}; // the encoder ignores all but twinTimeUs
    const std::vector<uint8_t> bytes = encodeOk(eventMsg(ev));
    EXPECT_EQ(bytes.size(), 6u + 9 + 4 + 8 + 8 + 1 + 7 + 8) << "kind, by \"alice\", twin time";
    auto decoded = decodeSessionMessage(bytes);
    ASSERT_TRUE(decoded.hasValue()) << decoded.error().message;
    const EventMsg& em = std::get<EventMsg>(*decoded);
    EXPECT_EQ(em.event.kind, SessionEventKind::MomentChanged);
    EXPECT_EQ(em.event.moment, (SharedMoment{kMomentUs, "alice", em.timeUs, 42}));
    EXPECT_FALSE(em.event.moment.live());

    SessionSnapshotMsg snap;
    snap.session = "plant-1";
    snap.sequence = 20;
    snap.moment = SharedMoment{kMomentUs, "Jürgen", 123456, 20};
    auto s = decodeSessionMessage(encodeOk(snap));
    ASSERT_TRUE(s.hasValue()) << s.error().message;
    EXPECT_EQ(std::get<SessionSnapshotMsg>(*s).moment, snap.moment);

    SessionRequest req;
    req.kind = SessionRequestKind::SetMoment;
    req.twinTimeUs = kMomentUs;
    auto r = decodeSessionMessage(encodeOk(requestMsg(req)));
    ASSERT_TRUE(r.hasValue());
    EXPECT_EQ(std::get<RequestMsg>(*r).request.kind, SessionRequestKind::SetMoment);
    EXPECT_EQ(std::get<RequestMsg>(*r).request.twinTimeUs, kMomentUs);
}

TEST(SessionProtocol, SharedMomentCapsAndConsistencyAreEnforcedBothWays) {
    // A twin time past the year 9999: refused by the encoder (naming the field) and the decoder (at its offset).
    SessionRequest req;
    req.kind = SessionRequestKind::SetMoment;
    req.twinTimeUs = kMaxTwinTimeUs + 1;
    const Error e = encodeError(requestMsg(req));
    EXPECT_EQ(e.code, ErrorCode::InvalidArgument);
    EXPECT_NE(e.message.find("request moment"), std::string::npos) << e.message;
    req.twinTimeUs = kMaxTwinTimeUs;
    std::vector<uint8_t> bytes = encodeOk(requestMsg(req));
    const size_t timeAt = 6 + 8 + 1;
    ASSERT_EQ(detail::loadU64(&bytes[timeAt]), kMaxTwinTimeUs);
    detail::storeU64(&bytes[timeAt], kMaxTwinTimeUs + 1);
    DecodeFailure f = decodeFailure(bytes);
    EXPECT_EQ(f.code, DecodeError::BadValue);
    EXPECT_EQ(f.offset, timeAt);

    SessionEvent ev;
    ev.kind = SessionEventKind::MomentChanged;
    ev.moment.twinTimeUs = ~0ull;
    EXPECT_EQ(encodeError(eventMsg(ev)).code, ErrorCode::InvalidArgument);
    ev.moment.twinTimeUs = 1;
    bytes = encodeOk(eventMsg(ev));
    detail::storeU64(&bytes[bytes.size() - 8], ~0ull);
    EXPECT_EQ(decodeFailure(bytes).code, DecodeError::BadValue);

    // A snapshot's moment cannot come from an event after the snapshot.
    SessionSnapshotMsg snap;
    snap.session = "s";
    snap.sequence = 7;
    snap.moment = SharedMoment{kMomentUs, "alice", 1, 8};
    EXPECT_EQ(encodeError(snap).code, ErrorCode::InvalidArgument);
    snap.moment.sequence = 7;
    bytes = encodeOk(snap);
    detail::storeU64(&bytes[bytes.size() - 8], 8);
    f = decodeFailure(bytes);
    EXPECT_EQ(f.code, DecodeError::BadValue);
    EXPECT_EQ(f.offset, bytes.size() - 8);
    // ... nor name someone who is not a valid user.
    snap.moment.by = "a\nb";
    EXPECT_EQ(encodeError(snap).code, ErrorCode::InvalidArgument);
}

TEST(SessionProtocol, MomentTextIsUtcWithMilliseconds) {
    EXPECT_EQ(momentText(0), "live");
    EXPECT_EQ(momentText(kMomentUs), "2026-11-24 14:02:31.250 UTC");
    EXPECT_EQ(momentText(1), "1970-01-01 00:00:00.000 UTC");
    EXPECT_EQ(momentText(kMaxTwinTimeUs), "9999-12-31 23:59:59.999 UTC");
    EXPECT_EQ(momentClockText(kMomentUs), "14:02:31");
}
