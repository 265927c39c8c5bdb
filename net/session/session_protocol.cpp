#include "net/session/session_protocol.h"

#include "core/log.h"
#include "net/codec/byte_io.h"
#include "net/codec/byte_reader.h"

#include <cmath>
#include <cstring>
#include <numbers>
#include <optional>
#include <type_traits>

namespace tv::net {

namespace {

using namespace detail;

constexpr size_t kHeaderSize = 6; // magic, version, kind
constexpr uint8_t kNoRole = 0xFF; // Join: "the hub's default role"
constexpr uint8_t kMaxKind = uint8_t(SessionMsgKind::Pong);
constexpr float kPi = std::numbers::pi_v<float>;

// ------------------------------------------------------------------------------------------- shared domain checks
// One definition per rule, used by the encoder and the decoder alike, so whatever the encoder writes decodes.

bool isControlCodePoint(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Valid UTF-8 assumed. C1 controls (U+0080..U+009F) are the two-byte sequences C2 80..C2 9F.
bool hasControlCharacter(std::string_view s) {
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = uint8_t(s[i]);
        if (c < 0x80) {
            if (isControlCodePoint(c)) return true;
        } else if (c == 0xC2 && i + 1 < s.size() && uint8_t(s[i + 1]) <= 0x9F) {
            return true;
        }
    }
    return false;
}

// Empty means "nobody" (the hub itself, no leader, not resolved) wherever a user field allows it.
bool isValidOptionalUser(std::string_view user) { return user.empty() || isValidUserName(user); }
bool isValidOptionalSession(std::string_view session) { return session.empty() || isValidSessionName(session); }

bool isFiniteVec(const vec3& v) { return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z); }
bool isFovInRange(float fov) { return std::isfinite(fov) && fov > 0.0f && fov < kPi; }
bool isRttValid(float rtt) { return std::isfinite(rtt) && rtt >= 0.0f; }

size_t valueComponentCount(ValueType type) { return type == ValueType::Vec3 ? 3 : type == ValueType::Vec4 ? 4 : 0; }

// The smallest encoding of one list element: lets the decoder refuse a count the remaining bytes cannot hold before
// it reserves anything (a hostile count must not allocate).
constexpr size_t kMinMemberBytes = 2 + 1 + 1 + 4 + 8 + 8;
constexpr size_t kMinUserBytes = 2;
constexpr size_t kMinAnnotationBytes = 8 + 2 + 24 + 2 + 2 + 2 + 8 + 8 + 1 + 2;
constexpr size_t kMinViewpointBytes = 2 + 24 + 4 + 2 + 8;
constexpr size_t kMinLatencyBytes = 2 + 4;
constexpr size_t kMinArgBytes = 2 + 1 + 1;

// ---------------------------------------------------------------------------------------------------- encoder

class Encoder {
public:
    explicit Encoder(std::vector<uint8_t>& out) : m_w(out) {}

    void fail(std::string message) {
        if (!m_error) m_error = makeError(ErrorCode::InvalidArgument, std::move(message));
    }
    const std::optional<Error>& error() const { return m_error; }
    ByteWriter& w() { return m_w; }

    void u8(uint8_t v) { m_w.u8(v); }
    void u32(uint32_t v) { m_w.u32(v); }
    void u64(uint64_t v) { m_w.u64(v); }
    void boolean(bool v) { m_w.u8(v ? 1 : 0); }

    // u16 length + strict UTF-8, at most `cap` bytes, at least one when `required`.
    void string(std::string_view s, size_t cap, bool required, const char* what) {
        if (required && s.empty()) fail(format("%s is empty", what));
        if (s.size() > cap) fail(format("%s is %zu bytes, cap %zu", what, s.size(), cap));
        if (const size_t bad = firstInvalidUtf8(s); bad != s.size())
            fail(format("%s is not valid UTF-8 (byte %zu)", what, bad));
        if (m_error) return;
        m_w.u16(uint16_t(s.size()));
        m_w.raw(s);
    }
    void session(std::string_view s, const char* what) {
        if (!isValidSessionName(s)) fail(format("%s \"%s\" is not a valid session name", what, clip(s).c_str()));
        string(s, kSessionMaxNameBytes, true, what);
    }
    void optionalSession(std::string_view s, const char* what) {
        if (!isValidOptionalSession(s)) fail(format("%s \"%s\" is not a valid session name", what, clip(s).c_str()));
        string(s, kSessionMaxNameBytes, false, what);
    }
    void user(std::string_view s, const char* what) {
        if (!isValidUserName(s)) fail(format("%s \"%s\" is not a valid user name", what, clip(s).c_str()));
        string(s, kSessionMaxNameBytes, true, what);
    }
    void optionalUser(std::string_view s, const char* what) {
        if (!isValidOptionalUser(s)) fail(format("%s \"%s\" is not a valid user name", what, clip(s).c_str()));
        string(s, kSessionMaxNameBytes, false, what);
    }
    void f32(float v, const char* what) {
        if (!std::isfinite(v)) fail(format("%s is not finite", what));
        m_w.f32(v);
    }
    void f64(double v, const char* what) {
        if (!std::isfinite(v)) fail(format("%s is not finite", what));
        m_w.f64(v);
    }
    void vec(const vec3& v, const char* what) {
        if (!isFiniteVec(v)) fail(format("%s has a non-finite component", what));
        m_w.f32(v.x);
        m_w.f32(v.y);
        m_w.f32(v.z);
    }
    template <class E>
    void enumByte(E value, E maxValue, const char* what) {
        if (uint8_t(value) > uint8_t(maxValue)) fail(format("%s %u is out of range", what, unsigned(value)));
        m_w.u8(uint8_t(value));
    }
    void twinTime(uint64_t us, const char* what) {
        if (us > kMaxTwinTimeUs) fail(format("%s %llu us is after the year 9999", what, (unsigned long long)us));
        m_w.u64(us);
    }
    void count(size_t n, size_t cap, const char* what) {
        if (n > cap) fail(format("%s has %zu entries, cap %zu", what, n, cap));
        m_w.u32(uint32_t(std::min<size_t>(n, UINT32_MAX)));
    }

    void member(const Member& m) {
        user(m.user, "member user");
        enumByte(m.role, Role::Observer, "member role");
        enumByte(m.device, DeviceKind::Xr, "member device");
        if (m.colour > 0xFFFFFFu) fail(format("member colour 0x%x is not 0xRRGGBB", m.colour));
        u32(m.colour);
        u64(m.firstSeenUs);
        u64(m.lastSeenUs);
    }
    void annotation(const Annotation& a) {
        u64(a.id);
        optionalSession(a.session, "annotation session");
        vec(a.anchor, "annotation anchor");
        vec(a.normal, "annotation normal");
        string(a.nodePath, kSessionMaxPathBytes, false, "annotation node path");
        string(a.text, kSessionMaxTextBytes, false, "annotation text");
        optionalUser(a.author, "annotation author");
        u64(a.createdUs);
        u64(a.updatedUs);
        boolean(a.resolved);
        optionalUser(a.resolvedBy, "annotation resolvedBy");
    }
    void viewpoint(const SharedViewpoint& v) {
        viewpointName(v.name, false);
        vec(v.eye, "viewpoint eye");
        vec(v.target, "viewpoint target");
        if (!isFovInRange(v.yfov)) fail(format("viewpoint yfov %g is outside (0, pi)", double(v.yfov)));
        m_w.f32(v.yfov);
        optionalUser(v.author, "viewpoint author");
        u64(v.updatedUs);
    }
    void viewpointName(std::string_view name, bool required) {
        if (hasControlCharacter(name)) fail("viewpoint name contains a control character");
        string(name, kSessionMaxNameBytes, required, "viewpoint name");
    }
    void commandArg(const OwnedCommandArg& arg) {
        string(arg.name, kSessionMaxNameBytes, true, "command argument name");
        const OwnedValue& v = arg.value;
        enumByte(v.type, ValueType::Vec4, "command argument value type");
        switch (v.type) {
        case ValueType::Number: f64(v.number, "command argument number"); break;
        case ValueType::Bool: boolean(v.boolean); break;
        case ValueType::String: string(v.text, kSessionMaxTextBytes, false, "command argument text"); break;
        case ValueType::Vec3:
        case ValueType::Vec4:
            for (size_t i = 0; i < valueComponentCount(v.type); ++i) f64(v.vector[int(i)], "command argument vector");
            break;
        default: fail(format("command argument value type %u is unknown", unsigned(v.type))); break;
        }
    }

private:
    static std::string clip(std::string_view s) { return std::string(s.substr(0, 80)); }

    ByteWriter m_w;
    std::optional<Error> m_error;
};

void encodeEvent(Encoder& e, const SessionEvent& ev) {
    e.enumByte(ev.kind, SessionEventKind::MomentChanged, "event kind");
    if (ev.kind == SessionEventKind(0)) e.fail("event kind 0 is unknown");
    e.optionalUser(ev.by, "event by");
    switch (ev.kind) {
    case SessionEventKind::MemberJoined: e.member(ev.member); break;
    case SessionEventKind::MemberLeft:
        e.user(ev.user, "event user");
        e.enumByte(ev.leftReason, MemberLeftReason::Replaced, "left reason");
        break;
    case SessionEventKind::AnnotationUpserted: e.annotation(ev.annotation); break;
    case SessionEventKind::AnnotationDeleted: e.u64(ev.annotationId); break;
    case SessionEventKind::ViewpointUpserted:
    case SessionEventKind::Gather: e.viewpoint(ev.viewpoint); break;
    case SessionEventKind::ViewpointDeleted: e.viewpointName(ev.viewpointName, true); break;
    case SessionEventKind::FollowChanged: e.optionalUser(ev.leader, "event leader"); break;
    case SessionEventKind::MomentChanged: e.twinTime(ev.moment.twinTimeUs, "event moment"); break;
    }
}

void encodeRequest(Encoder& e, const SessionRequest& r) {
    e.enumByte(r.kind, SessionRequestKind::SetMoment, "request kind");
    if (r.kind == SessionRequestKind(0)) e.fail("request kind 0 is unknown");
    switch (r.kind) {
    case SessionRequestKind::CreateAnnotation: e.annotation(r.annotation); break;
    case SessionRequestKind::EditAnnotation:
        e.u64(r.annotationId);
        e.string(r.text, kSessionMaxTextBytes, false, "request text");
        break;
    case SessionRequestKind::ResolveAnnotation:
    case SessionRequestKind::ReopenAnnotation:
    case SessionRequestKind::DeleteAnnotation: e.u64(r.annotationId); break;
    case SessionRequestKind::SaveViewpoint:
    case SessionRequestKind::Gather: e.viewpoint(r.viewpoint); break;
    case SessionRequestKind::DeleteViewpoint: e.viewpointName(r.viewpointName, true); break;
    case SessionRequestKind::Lead:
    case SessionRequestKind::StopLead: break;
    case SessionRequestKind::SetMoment: e.twinTime(r.twinTimeUs, "request moment"); break;
    }
}

struct BodyEncoder {
    Encoder& e;

    void operator()(const JoinMsg& m) {
        e.session(m.session, "join session");
        e.user(m.user, "join user");
        if (m.role)
            e.enumByte(*m.role, Role::Observer, "join role");
        else
            e.u8(kNoRole);
        e.enumByte(m.device, DeviceKind::Xr, "join device");
        e.u64(m.instanceId);
    }
    void operator()(const JoinReplyMsg& m) {
        e.boolean(m.accepted);
        e.string(m.reason, kSessionMaxTextBytes, false, "join reply reason");
        e.optionalUser(m.user, "join reply user");
        e.enumByte(m.role, Role::Observer, "join reply role");
        if (m.colour > 0xFFFFFFu) e.fail(format("join reply colour 0x%x is not 0xRRGGBB", m.colour));
        e.u32(m.colour);
        e.u32(m.epoch);
        e.string(m.eventsEndpoint, kSessionMaxPathBytes, false, "events endpoint");
        e.string(m.feedUpdates, kSessionMaxPathBytes, false, "feed updates endpoint");
        e.string(m.feedSnapshot, kSessionMaxPathBytes, false, "feed snapshot endpoint");
        e.u32(m.presenceTimeoutMs);
    }
    void operator()(const LeaveMsg&) {}
    void operator()(const SnapshotRequestMsg&) {}
    void operator()(const SessionSnapshotMsg& m) {
        e.session(m.session, "snapshot session");
        e.u32(m.epoch);
        e.u64(m.sequence);
        e.count(m.members.size(), kSessionMaxMembers, "snapshot members");
        for (const Member& member : m.members) e.member(member);
        e.count(m.online.size(), kSessionMaxMembers, "snapshot online users");
        for (const std::string& user : m.online) e.user(user, "snapshot online user");
        e.count(m.annotations.size(), kSessionMaxAnnotations, "snapshot annotations");
        for (const Annotation& a : m.annotations) e.annotation(a);
        e.count(m.viewpoints.size(), kSessionMaxViewpoints, "snapshot viewpoints");
        for (const SharedViewpoint& v : m.viewpoints) e.viewpoint(v);
        e.optionalUser(m.leader, "snapshot leader");
        e.twinTime(m.moment.twinTimeUs, "snapshot moment");
        e.optionalUser(m.moment.by, "snapshot moment by");
        e.u64(m.moment.setUs);
        if (m.moment.sequence > m.sequence)
            e.fail(format("snapshot moment sequence %llu is after the snapshot's %llu",
                          (unsigned long long)m.moment.sequence, (unsigned long long)m.sequence));
        e.u64(m.moment.sequence);
    }
    void operator()(const EventMsg& m) {
        e.session(m.session, "event session");
        e.u32(m.epoch);
        e.u64(m.sequence);
        e.u64(m.timeUs);
        encodeEvent(e, m.event);
    }
    void operator()(const HeartbeatMsg& m) {
        e.session(m.session, "heartbeat session");
        e.u32(m.epoch);
        e.u64(m.sequence);
        e.u64(m.timeUs);
        e.count(m.latencies.size(), kSessionMaxLatencies, "heartbeat latencies");
        for (const MemberLatency& l : m.latencies) {
            e.user(l.user, "latency user");
            if (!isRttValid(l.rttMs))
                e.fail(format("latency %g ms is not a finite non-negative number", double(l.rttMs)));
            e.w().f32(l.rttMs);
        }
    }
    void operator()(const RequestMsg& m) {
        e.u64(m.requestId);
        encodeRequest(e, m.request);
    }
    void operator()(const ReplyMsg& m) {
        e.u64(m.requestId);
        e.enumByte(m.status, ReplyStatus::Failed, "reply status");
        e.string(m.reason, kSessionMaxTextBytes, false, "reply reason");
        e.u64(m.createdId);
    }
    void operator()(const CommandMsg& m) {
        e.u64(m.requestId);
        e.u32(m.timeoutMs);
        e.string(m.target, kSessionMaxPathBytes, true, "command target");
        e.string(m.verb, kSessionMaxNameBytes, true, "command verb");
        e.count(m.args.size(), kSessionMaxCommandArgs, "command arguments");
        for (const OwnedCommandArg& arg : m.args) e.commandArg(arg);
    }
    void operator()(const CommandReplyMsg& m) {
        e.u64(m.requestId);
        if (m.outcome == CommandOutcome::Pending) e.fail("command reply outcome is pending");
        e.enumByte(m.outcome, CommandOutcome::NotSent, "command reply outcome");
        e.string(m.reason, kSessionMaxTextBytes, false, "command reply reason");
    }
    void operator()(const PingMsg& m) {
        e.u64(m.clientTimeUs);
        if (!isRttValid(m.lastRttMs))
            e.fail(format("ping lastRttMs %g is not a finite non-negative number", double(m.lastRttMs)));
        e.w().f32(m.lastRttMs);
    }
    void operator()(const PongMsg& m) { e.u64(m.clientTimeUs); }
};

// ---------------------------------------------------------------------------------------------------- decoder

// The shared strict cursor (net/codec/byte_reader.h) plus the session message's composite fields.
class Reader : public ByteReader {
public:
    using ByteReader::ByteReader;

    template <class Check>
    bool checkedString(std::string& s, bool required, Check valid, const char* what, const char* rule) {
        const size_t start = m_pos;
        if (!string(s, kSessionMaxNameBytes, required, what)) return false;
        if (!valid(s)) return fail(DecodeError::BadString, format("%s is not %s", what, rule), start);
        return true;
    }
    bool session(std::string& s, const char* what) {
        return checkedString(s, true, isValidSessionName, what, "a valid session name");
    }
    bool optionalSession(std::string& s, const char* what) {
        return checkedString(s, false, isValidOptionalSession, what, "a valid session name");
    }
    bool user(std::string& s, const char* what) {
        return checkedString(s, true, isValidUserName, what, "a valid user name");
    }
    bool optionalUser(std::string& s, const char* what) {
        return checkedString(s, false, isValidOptionalUser, what, "a valid user name");
    }
    bool viewpointName(std::string& s, bool required) {
        return checkedString(
            s, required, [](std::string_view n) { return !hasControlCharacter(n); }, "viewpoint name",
            "free of control characters");
    }

    bool member(Member& m) {
        if (!user(m.user, "member user") || !enumByte(m.role, Role::Observer, "member role") ||
            !enumByte(m.device, DeviceKind::Xr, "member device"))
            return false;
        const size_t at = m_pos;
        if (!u32(m.colour, "member colour")) return false;
        if (m.colour > 0xFFFFFFu)
            return fail(DecodeError::BadValue, format("member colour 0x%x is not 0xRRGGBB", m.colour), at);
        return u64(m.firstSeenUs, "member first seen") && u64(m.lastSeenUs, "member last seen");
    }
    bool annotation(Annotation& a) {
        return u64(a.id, "annotation id") && optionalSession(a.session, "annotation session") &&
               vec(a.anchor, "annotation anchor") && vec(a.normal, "annotation normal") &&
               string(a.nodePath, kSessionMaxPathBytes, false, "annotation node path") &&
               string(a.text, kSessionMaxTextBytes, false, "annotation text") &&
               optionalUser(a.author, "annotation author") && u64(a.createdUs, "annotation created") &&
               u64(a.updatedUs, "annotation updated") && boolean(a.resolved, "annotation resolved") &&
               optionalUser(a.resolvedBy, "annotation resolvedBy");
    }
    bool viewpoint(SharedViewpoint& v) {
        if (!viewpointName(v.name, false) || !vec(v.eye, "viewpoint eye") || !vec(v.target, "viewpoint target"))
            return false;
        const size_t at = m_pos;
        if (!f32(v.yfov, "viewpoint yfov")) return false;
        if (!isFovInRange(v.yfov))
            return fail(DecodeError::BadValue, format("viewpoint yfov %g is outside (0, pi)", double(v.yfov)), at);
        return optionalUser(v.author, "viewpoint author") && u64(v.updatedUs, "viewpoint updated");
    }
    bool twinTime(uint64_t& us, const char* what) {
        const size_t at = m_pos;
        if (!u64(us, what)) return false;
        if (us > kMaxTwinTimeUs)
            return fail(DecodeError::BadValue,
                        format("%s %llu us is after the year 9999", what, (unsigned long long)us), at);
        return true;
    }
    bool rtt(float& v, const char* what) {
        const size_t at = m_pos;
        if (!f32(v, what)) return false;
        if (!isRttValid(v)) return fail(DecodeError::BadValue, format("%s %g is negative", what, double(v)), at);
        return true;
    }
    bool commandArg(OwnedCommandArg& arg) {
        if (!string(arg.name, kSessionMaxNameBytes, true, "command argument name")) return false;
        uint8_t type = 0;
        if (!u8(type, "command argument value type")) return false;
        if (type < uint8_t(ValueType::Number) || type > uint8_t(ValueType::Vec4))
            return fail(DecodeError::UnknownKind, format("command argument value type %u is unknown", type), m_pos - 1);
        OwnedValue& v = arg.value;
        v.type = ValueType(type);
        switch (v.type) {
        case ValueType::Number: return f64(v.number, "command argument number");
        case ValueType::Bool: return boolean(v.boolean, "command argument bool");
        case ValueType::String: return string(v.text, kSessionMaxTextBytes, false, "command argument text");
        case ValueType::Vec3:
        case ValueType::Vec4:
            for (size_t i = 0; i < valueComponentCount(v.type); ++i)
                if (!f64(v.vector[int(i)], "command argument vector")) return false;
            return true;
        }
        return false;
    }
};

bool decodeEvent(Reader& r, SessionEvent& ev) {
    const size_t at = r.pos();
    uint8_t kind = 0;
    if (!r.u8(kind, "event kind")) return false;
    if (kind < uint8_t(SessionEventKind::MemberJoined) || kind > uint8_t(SessionEventKind::MomentChanged))
        return r.fail(DecodeError::UnknownKind, format("event kind %u is unknown", kind), at);
    ev.kind = SessionEventKind(kind);
    if (!r.optionalUser(ev.by, "event by")) return false;
    switch (ev.kind) {
    case SessionEventKind::MemberJoined: return r.member(ev.member);
    case SessionEventKind::MemberLeft:
        return r.user(ev.user, "event user") && r.enumByte(ev.leftReason, MemberLeftReason::Replaced, "left reason");
    case SessionEventKind::AnnotationUpserted: return r.annotation(ev.annotation);
    case SessionEventKind::AnnotationDeleted: return r.u64(ev.annotationId, "annotation id");
    case SessionEventKind::ViewpointUpserted:
    case SessionEventKind::Gather: return r.viewpoint(ev.viewpoint);
    case SessionEventKind::ViewpointDeleted: return r.viewpointName(ev.viewpointName, true);
    case SessionEventKind::FollowChanged: return r.optionalUser(ev.leader, "event leader");
    case SessionEventKind::MomentChanged: return r.twinTime(ev.moment.twinTimeUs, "event moment");
    }
    return false;
}

bool decodeRequest(Reader& r, SessionRequest& req) {
    const size_t at = r.pos();
    uint8_t kind = 0;
    if (!r.u8(kind, "request kind")) return false;
    if (kind < uint8_t(SessionRequestKind::CreateAnnotation) || kind > uint8_t(SessionRequestKind::SetMoment))
        return r.fail(DecodeError::UnknownKind, format("request kind %u is unknown", kind), at);
    req.kind = SessionRequestKind(kind);
    switch (req.kind) {
    case SessionRequestKind::CreateAnnotation: return r.annotation(req.annotation);
    case SessionRequestKind::EditAnnotation:
        return r.u64(req.annotationId, "annotation id") &&
               r.string(req.text, kSessionMaxTextBytes, false, "request text");
    case SessionRequestKind::ResolveAnnotation:
    case SessionRequestKind::ReopenAnnotation:
    case SessionRequestKind::DeleteAnnotation: return r.u64(req.annotationId, "annotation id");
    case SessionRequestKind::SaveViewpoint:
    case SessionRequestKind::Gather: return r.viewpoint(req.viewpoint);
    case SessionRequestKind::DeleteViewpoint: return r.viewpointName(req.viewpointName, true);
    case SessionRequestKind::Lead:
    case SessionRequestKind::StopLead: return true;
    case SessionRequestKind::SetMoment: return r.twinTime(req.twinTimeUs, "request moment");
    }
    return false;
}

bool decodeBody(Reader& r, SessionMsgKind kind, SessionMessage& out) {
    switch (kind) {
    case SessionMsgKind::Join: {
        JoinMsg& m = out.emplace<JoinMsg>();
        if (!r.session(m.session, "join session") || !r.user(m.user, "join user")) return false;
        uint8_t role = 0;
        if (!r.u8(role, "join role")) return false;
        if (role != kNoRole) {
            if (role > uint8_t(Role::Observer))
                return r.fail(DecodeError::BadValue, format("join role %u is out of range", role), r.pos() - 1);
            m.role = Role(role);
        }
        return r.enumByte(m.device, DeviceKind::Xr, "join device") && r.u64(m.instanceId, "join instance id");
    }
    case SessionMsgKind::JoinReply: {
        JoinReplyMsg& m = out.emplace<JoinReplyMsg>();
        if (!r.boolean(m.accepted, "join reply accepted") ||
            !r.string(m.reason, kSessionMaxTextBytes, false, "join reply reason") ||
            !r.optionalUser(m.user, "join reply user") || !r.enumByte(m.role, Role::Observer, "join reply role"))
            return false;
        const size_t at = r.pos();
        if (!r.u32(m.colour, "join reply colour")) return false;
        if (m.colour > 0xFFFFFFu)
            return r.fail(DecodeError::BadValue, format("join reply colour 0x%x is not 0xRRGGBB", m.colour), at);
        return r.u32(m.epoch, "join reply epoch") &&
               r.string(m.eventsEndpoint, kSessionMaxPathBytes, false, "events endpoint") &&
               r.string(m.feedUpdates, kSessionMaxPathBytes, false, "feed updates endpoint") &&
               r.string(m.feedSnapshot, kSessionMaxPathBytes, false, "feed snapshot endpoint") &&
               r.u32(m.presenceTimeoutMs, "presence timeout");
    }
    case SessionMsgKind::Leave: out.emplace<LeaveMsg>(); return true;
    case SessionMsgKind::SnapshotRequest: out.emplace<SnapshotRequestMsg>(); return true;
    case SessionMsgKind::Snapshot: {
        SessionSnapshotMsg& m = out.emplace<SessionSnapshotMsg>();
        if (!r.session(m.session, "snapshot session") || !r.u32(m.epoch, "snapshot epoch") ||
            !r.u64(m.sequence, "snapshot sequence"))
            return false;
        uint32_t n = 0;
        if (!r.count(n, kSessionMaxMembers, kMinMemberBytes, "snapshot members")) return false;
        m.members.resize(n);
        for (Member& member : m.members)
            if (!r.member(member)) return false;
        if (!r.count(n, kSessionMaxMembers, kMinUserBytes, "snapshot online users")) return false;
        m.online.resize(n);
        for (std::string& user : m.online)
            if (!r.user(user, "snapshot online user")) return false;
        if (!r.count(n, kSessionMaxAnnotations, kMinAnnotationBytes, "snapshot annotations")) return false;
        m.annotations.resize(n);
        for (Annotation& a : m.annotations)
            if (!r.annotation(a)) return false;
        if (!r.count(n, kSessionMaxViewpoints, kMinViewpointBytes, "snapshot viewpoints")) return false;
        m.viewpoints.resize(n);
        for (SharedViewpoint& v : m.viewpoints)
            if (!r.viewpoint(v)) return false;
        if (!r.optionalUser(m.leader, "snapshot leader") || !r.twinTime(m.moment.twinTimeUs, "snapshot moment") ||
            !r.optionalUser(m.moment.by, "snapshot moment by") || !r.u64(m.moment.setUs, "snapshot moment set"))
            return false;
        const size_t at = r.pos();
        if (!r.u64(m.moment.sequence, "snapshot moment sequence")) return false;
        if (m.moment.sequence > m.sequence)
            return r.fail(DecodeError::BadValue,
                          format("snapshot moment sequence %llu is after the snapshot's %llu",
                                 (unsigned long long)m.moment.sequence, (unsigned long long)m.sequence),
                          at);
        return true;
    }
    case SessionMsgKind::Event: {
        EventMsg& m = out.emplace<EventMsg>();
        if (!r.session(m.session, "event session") || !r.u32(m.epoch, "event epoch") ||
            !r.u64(m.sequence, "event sequence") || !r.u64(m.timeUs, "event time") || !decodeEvent(r, m.event))
            return false;
        if (m.event.kind == SessionEventKind::MomentChanged) {
            // The rest of the moment is the event's own envelope: who, when, which sequence.
            m.event.moment.by = m.event.by;
            m.event.moment.setUs = m.timeUs;
            m.event.moment.sequence = m.sequence;
        }
        return true;
    }
    case SessionMsgKind::Heartbeat: {
        HeartbeatMsg& m = out.emplace<HeartbeatMsg>();
        if (!r.session(m.session, "heartbeat session") || !r.u32(m.epoch, "heartbeat epoch") ||
            !r.u64(m.sequence, "heartbeat sequence") || !r.u64(m.timeUs, "heartbeat time"))
            return false;
        uint32_t n = 0;
        if (!r.count(n, kSessionMaxLatencies, kMinLatencyBytes, "heartbeat latencies")) return false;
        m.latencies.resize(n);
        for (MemberLatency& l : m.latencies)
            if (!r.user(l.user, "latency user") || !r.rtt(l.rttMs, "latency")) return false;
        return true;
    }
    case SessionMsgKind::Request: {
        RequestMsg& m = out.emplace<RequestMsg>();
        return r.u64(m.requestId, "request id") && decodeRequest(r, m.request);
    }
    case SessionMsgKind::Reply: {
        ReplyMsg& m = out.emplace<ReplyMsg>();
        return r.u64(m.requestId, "request id") && r.enumByte(m.status, ReplyStatus::Failed, "reply status") &&
               r.string(m.reason, kSessionMaxTextBytes, false, "reply reason") && r.u64(m.createdId, "created id");
    }
    case SessionMsgKind::Command: {
        CommandMsg& m = out.emplace<CommandMsg>();
        if (!r.u64(m.requestId, "request id") || !r.u32(m.timeoutMs, "command timeout") ||
            !r.string(m.target, kSessionMaxPathBytes, true, "command target") ||
            !r.string(m.verb, kSessionMaxNameBytes, true, "command verb"))
            return false;
        uint32_t n = 0;
        if (!r.count(n, kSessionMaxCommandArgs, kMinArgBytes, "command arguments")) return false;
        m.args.resize(n);
        for (OwnedCommandArg& arg : m.args)
            if (!r.commandArg(arg)) return false;
        return true;
    }
    case SessionMsgKind::CommandReply: {
        CommandReplyMsg& m = out.emplace<CommandReplyMsg>();
        return r.u64(m.requestId, "request id") &&
               r.enumByte(m.outcome, CommandOutcome::NotSent, "command reply outcome",
                          uint8_t(CommandOutcome::Accepted)) &&
               r.string(m.reason, kSessionMaxTextBytes, false, "command reply reason");
    }
    case SessionMsgKind::Ping: {
        PingMsg& m = out.emplace<PingMsg>();
        return r.u64(m.clientTimeUs, "ping time") && r.rtt(m.lastRttMs, "ping lastRttMs");
    }
    case SessionMsgKind::Pong: {
        PongMsg& m = out.emplace<PongMsg>();
        return r.u64(m.clientTimeUs, "pong time");
    }
    }
    return false;
}

size_t capFor(SessionMsgKind kind) {
    return kind == SessionMsgKind::Snapshot ? kSessionMaxSnapshotBytes : kSessionMaxMessageBytes;
}

} // namespace

bool isValidSessionName(std::string_view name) {
    if (name.empty() || name.size() > kSessionMaxNameBytes) return false;
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool isValidUserName(std::string_view name) {
    if (name.empty() || name.size() > kSessionMaxNameBytes) return false;
    if (firstInvalidUtf8(name) != name.size()) return false;
    return !hasControlCharacter(name);
}

const char* sessionMsgKindName(SessionMsgKind kind) {
    switch (kind) {
    case SessionMsgKind::Join: return "join";
    case SessionMsgKind::JoinReply: return "join-reply";
    case SessionMsgKind::Leave: return "leave";
    case SessionMsgKind::SnapshotRequest: return "snapshot-request";
    case SessionMsgKind::Snapshot: return "snapshot";
    case SessionMsgKind::Event: return "event";
    case SessionMsgKind::Heartbeat: return "heartbeat";
    case SessionMsgKind::Request: return "request";
    case SessionMsgKind::Reply: return "reply";
    case SessionMsgKind::Command: return "command";
    case SessionMsgKind::CommandReply: return "command-reply";
    case SessionMsgKind::Ping: return "ping";
    case SessionMsgKind::Pong: return "pong";
    }
    return "unknown";
}

const char* sessionRequestKindName(SessionRequestKind kind) {
    switch (kind) {
    case SessionRequestKind::CreateAnnotation: return "create-annotation";
    case SessionRequestKind::EditAnnotation: return "edit-annotation";
    case SessionRequestKind::ResolveAnnotation: return "resolve-annotation";
    case SessionRequestKind::ReopenAnnotation: return "reopen-annotation";
    case SessionRequestKind::DeleteAnnotation: return "delete-annotation";
    case SessionRequestKind::SaveViewpoint: return "save-viewpoint";
    case SessionRequestKind::DeleteViewpoint: return "delete-viewpoint";
    case SessionRequestKind::Lead: return "lead";
    case SessionRequestKind::StopLead: return "stop-lead";
    case SessionRequestKind::Gather: return "gather";
    case SessionRequestKind::SetMoment: return "set-moment";
    }
    return "unknown";
}

const char* replyStatusName(ReplyStatus status) {
    switch (status) {
    case ReplyStatus::Ok: return "ok";
    case ReplyStatus::Denied: return "denied";
    case ReplyStatus::Invalid: return "invalid";
    case ReplyStatus::Failed: return "failed";
    }
    return "unknown";
}

const char* sessionEventKindName(SessionEventKind kind) {
    switch (kind) {
    case SessionEventKind::MemberJoined: return "member-joined";
    case SessionEventKind::MemberLeft: return "member-left";
    case SessionEventKind::AnnotationUpserted: return "annotation-upserted";
    case SessionEventKind::AnnotationDeleted: return "annotation-deleted";
    case SessionEventKind::ViewpointUpserted: return "viewpoint-upserted";
    case SessionEventKind::ViewpointDeleted: return "viewpoint-deleted";
    case SessionEventKind::FollowChanged: return "follow-changed";
    case SessionEventKind::Gather: return "gather";
    case SessionEventKind::MomentChanged: return "moment-changed";
    }
    return "unknown";
}

const char* memberLeftReasonName(MemberLeftReason reason) {
    switch (reason) {
    case MemberLeftReason::Left: return "left";
    case MemberLeftReason::TimedOut: return "timed out";
    case MemberLeftReason::Replaced: return "replaced";
    }
    return "unknown";
}

SessionMsgKind sessionMessageKind(const SessionMessage& message) {
    // The variant's alternatives are declared in the kinds' order, starting at Join = 1.
    return SessionMsgKind(uint8_t(message.index() + 1));
}

Expected<void> encodeSessionMessage(const SessionMessage& message, std::vector<uint8_t>& out) {
    std::vector<uint8_t> bytes;
    bytes.reserve(256);
    Encoder e(bytes);
    const SessionMsgKind kind = sessionMessageKind(message);
    e.w().raw(std::string_view(reinterpret_cast<const char*>(kSessionMagic), 4));
    e.u8(kSessionProtocolVersion);
    e.u8(uint8_t(kind));
    std::visit(BodyEncoder{e}, message);
    if (e.error()) return *e.error();
    if (e.w().size() > capFor(kind))
        return makeError(ErrorCode::TooLarge, format("%s message of %zu bytes exceeds the %zu-byte cap",
                                                     sessionMsgKindName(kind), e.w().size(), capFor(kind)));
    e.w().finish();
    out = std::move(bytes);
    return {};
}

bool isSessionMessage(std::span<const uint8_t> bytes) {
    return bytes.size() >= 4 && std::memcmp(bytes.data(), kSessionMagic, 4) == 0;
}

std::optional<SessionMsgKind> peekSessionMessageKind(std::span<const uint8_t> bytes) {
    if (bytes.size() < kHeaderSize || !isSessionMessage(bytes) || bytes[4] != kSessionProtocolVersion) return {};
    if (bytes[5] < uint8_t(SessionMsgKind::Join) || bytes[5] > kMaxKind) return {};
    return SessionMsgKind(bytes[5]);
}

DecodeResult<SessionMessage> decodeSessionMessage(std::span<const uint8_t> bytes) {
    if (bytes.size() > kSessionMaxSnapshotBytes)
        return DecodeFailure{
            DecodeError::TooLarge, kSessionMaxSnapshotBytes,
            format("session message of %zu bytes exceeds the %zu-byte cap", bytes.size(), kSessionMaxSnapshotBytes)};
    Reader r(bytes);
    if (!r.need(4, "magic")) return r.takeFailure();
    if (!isSessionMessage(bytes))
        return DecodeFailure{DecodeError::BadMagic, 0, "not a session message (magic is not \"TVSS\")"};
    if (!r.need(kHeaderSize, "header")) return r.takeFailure();
    if (bytes[4] != kSessionProtocolVersion)
        return DecodeFailure{
            DecodeError::UnsupportedVersion, 4,
            format("session protocol version %u (this decoder speaks %u)", bytes[4], kSessionProtocolVersion)};
    if (bytes[5] < uint8_t(SessionMsgKind::Join) || bytes[5] > kMaxKind)
        return DecodeFailure{DecodeError::UnknownKind, 5, format("session message kind %u is unknown", bytes[5])};
    const auto kind = SessionMsgKind(bytes[5]);
    if (bytes.size() > capFor(kind))
        return DecodeFailure{DecodeError::TooLarge, capFor(kind),
                             format("%s message of %zu bytes exceeds the %zu-byte cap", sessionMsgKindName(kind),
                                    bytes.size(), capFor(kind))};
    uint8_t skip = 0;
    for (size_t i = 0; i < kHeaderSize; ++i) (void)r.u8(skip, "header");

    SessionMessage message;
    if (!decodeBody(r, kind, message)) return r.takeFailure();
    if (r.remaining() != 0)
        return DecodeFailure{
            DecodeError::BadLength, r.pos(),
            format("%zu bytes after the end of the %s message", r.remaining(), sessionMsgKindName(kind))};
    return message;
}

std::string sessionEventsTopic(std::string_view session) {
    std::string topic;
    topic.reserve(session.size() + 2);
    topic.push_back('S');
    topic.append(session);
    topic.push_back('\0');
    return topic;
}

std::string sessionPresenceTopic(std::string_view session) {
    std::string topic;
    topic.reserve(session.size() + 2);
    topic.push_back('P');
    topic.append(session);
    topic.push_back('\0');
    return topic;
}

} // namespace tv::net
