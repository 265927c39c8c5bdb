// Session protocol — the messages between viewers and `twinview hub` (docs/session-protocol.md): joining,
// the session state's snapshot and sequenced events (Clone pattern, the hub is the single sequencer), requests
// that change the state and their replies (the hub checks roles), twin commands relayed through the hub, the
// hub's heartbeats, and ping/pong for latency. Presence records travel beside these as "TVPR" records
// (presence.h), told apart by their magic.
//
// Pure bytes, no sockets: a strict decoder (every field checked, trailing bytes refused, size caps) and an encoder
// that refuses what the decoder would reject, so every encoded message decodes and re-encodes to the same bytes.
// Value types and pure functions: any thread.
#pragma once

#include "core/expected.h"
#include "net/codec/wire_format.h"
#include "net/feed/feed_types.h"
#include "net/session/session_types.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tv::net {

inline constexpr uint8_t kSessionMagic[4] = {'T', 'V', 'S', 'S'};
// Version 2 (issue 7): the shared moment (SetMoment request, MomentChanged event, the snapshot's moment).
inline constexpr uint8_t kSessionProtocolVersion = 2;
inline constexpr size_t kSessionMaxMessageBytes = 64 * 1024;         // every message except snapshots
inline constexpr size_t kSessionMaxSnapshotBytes = 16 * 1024 * 1024; // a session snapshot
inline constexpr size_t kSessionMaxNameBytes = 64;                   // session and user names
inline constexpr size_t kSessionMaxTextBytes = 4096;                 // annotation text, reasons
inline constexpr size_t kSessionMaxPathBytes = 512;                  // node paths, endpoints
// List caps (u32 counts above them are TooLarge before anything is allocated). A snapshot is further bounded by
// kSessionMaxSnapshotBytes; a heartbeat lists at most kSessionMaxLatencies members so it fits one message.
inline constexpr size_t kSessionMaxMembers = 1024;      // snapshot members and online users
inline constexpr size_t kSessionMaxAnnotations = 16384; // snapshot annotations
inline constexpr size_t kSessionMaxViewpoints = 1024;   // snapshot viewpoints
inline constexpr size_t kSessionMaxLatencies = 512;     // heartbeat latencies
inline constexpr size_t kSessionMaxCommandArgs = 64;    // command arguments (the twin feed's own cap)
// The string argument the hub sets on every command it forwards to the twin: the sending member's user name
// (whatever `by` the viewer sent is replaced), so a twin can record who acknowledged an alarm. Viewers may send
// at most kSessionMaxCommandArgs - 1 other arguments.
inline constexpr std::string_view kCommandByArg = "by";

// Session names: 1..64 bytes of [A-Za-z0-9._-] (they appear in URLs and PUB topics). User names: 1..64 bytes
// of UTF-8 without control characters.
bool isValidSessionName(std::string_view name);
bool isValidUserName(std::string_view name);

enum class SessionMsgKind : uint8_t {
    Join = 1,        // viewer -> hub (control)
    JoinReply,       // hub -> viewer
    Leave,           // viewer -> hub
    SnapshotRequest, // viewer -> hub
    Snapshot,        // hub -> viewer
    Event,           // hub -> all (events PUB), sequenced
    Heartbeat,       // hub -> all (events PUB), carries the last sequence and member latencies
    Request,         // viewer -> hub: change the session state
    Reply,           // hub -> viewer
    Command,         // viewer -> hub: a twin command, forwarded after the role check
    CommandReply,    // hub -> viewer
    Ping,            // viewer -> hub
    Pong,            // hub -> viewer
};
const char* sessionMsgKindName(SessionMsgKind kind);

struct JoinMsg {
    std::string session;
    std::string user;         // with CURVE keys the hub uses the allow list's user instead
    std::optional<Role> role; // requested; nullopt = the hub's default
    DeviceKind device = DeviceKind::Desktop;
    uint64_t instanceId = 0; // random per viewer process: a rejoin after a reconnect is the same instance
};

struct JoinReplyMsg {
    bool accepted = false;
    std::string reason; // why it was refused ("unknown key", "session name ...")
    std::string user;   // the name the hub knows this member by
    Role role = Role::Observer;
    uint32_t colour = 0xffffff;
    uint32_t epoch = 0;         // the hub's run (changes on restart): events of another epoch mean resync
    std::string eventsEndpoint; // the hub's events PUB ("tcp://127.0.0.1:7601")
    std::string feedUpdates;    // the relayed twin feed (docs/protocol.md); both empty when the hub has no feed
    std::string feedSnapshot;
    uint32_t presenceTimeoutMs = 2000; // a member silent this long is gone
};

struct LeaveMsg {};
struct SnapshotRequestMsg {};

struct SessionSnapshotMsg {
    std::string session;
    uint32_t epoch = 0;
    uint64_t sequence = 0; // the last event sequence the snapshot includes
    std::vector<Member> members;
    std::vector<std::string> online; // users connected now (subset of members)
    std::vector<Annotation> annotations;
    std::vector<SharedViewpoint> viewpoints;
    std::string leader;  // user everybody is asked to follow, "" = nobody
    SharedMoment moment; // the moment everyone was taken to (live when never set); moment.sequence <= sequence
};

enum class MemberLeftReason : uint8_t { Left, TimedOut, Replaced };
const char* memberLeftReasonName(MemberLeftReason reason); // "left", "timed out", "replaced"

enum class SessionEventKind : uint8_t {
    MemberJoined = 1, // member (online now)
    MemberLeft,       // user + leftReason
    AnnotationUpserted,
    AnnotationDeleted, // annotationId
    ViewpointUpserted,
    ViewpointDeleted, // viewpointName
    FollowChanged,    // leader ("" = follow ended)
    Gather,           // viewpoint: everybody goes there (not state: nothing is stored)
    MomentChanged,    // moment: everybody goes to moment.twinTimeUs (0 = back to live)
};
const char* sessionEventKindName(SessionEventKind kind);

struct SessionEvent {
    SessionEventKind kind = SessionEventKind::MemberJoined;
    std::string by; // the member whose request caused it ("" for the hub itself, e.g. a timeout)
    Member member;
    std::string user;
    MemberLeftReason leftReason = MemberLeftReason::Left;
    Annotation annotation;
    uint64_t annotationId = 0;
    SharedViewpoint viewpoint;
    std::string viewpointName;
    std::string leader;
    // MomentChanged. On the wire only twinTimeUs; the decoder fills by, setUs and sequence from the event's `by`,
    // timeUs and sequence (the encoder ignores them), so a replica holds the whole SharedMoment.
    SharedMoment moment;
};

struct EventMsg {
    std::string session;
    uint32_t epoch = 0;
    uint64_t sequence = 0; // 1, 2, ... per session and epoch
    uint64_t timeUs = 0;
    SessionEvent event;
};

struct MemberLatency {
    std::string user;
    float rttMs = 0.0f; // the member's last measured round trip to the hub
};

struct HeartbeatMsg {
    std::string session;
    uint32_t epoch = 0;
    uint64_t sequence = 0; // last event sequence sent (a viewer behind it has missed one: resync)
    uint64_t timeUs = 0;
    std::vector<MemberLatency> latencies;
};

enum class SessionRequestKind : uint8_t {
    CreateAnnotation = 1, // annotation.anchor/normal/nodePath/text
    EditAnnotation,       // annotationId, text
    ResolveAnnotation,    // annotationId
    ReopenAnnotation,     // annotationId
    DeleteAnnotation,     // annotationId
    SaveViewpoint,        // viewpoint
    DeleteViewpoint,      // viewpointName
    Lead,                 // ask everyone to follow me
    StopLead,
    Gather,    // viewpoint (a pose, name may be empty): everyone goes there
    SetMoment, // twinTimeUs: take everyone to this moment of the twin's history (0 = back to live); presenter only
};
const char* sessionRequestKindName(SessionRequestKind kind);

struct SessionRequest {
    SessionRequestKind kind = SessionRequestKind::CreateAnnotation;
    Annotation annotation;
    uint64_t annotationId = 0;
    std::string text;
    SharedViewpoint viewpoint;
    std::string viewpointName;
    uint64_t twinTimeUs = 0; // SetMoment (<= kMaxTwinTimeUs)
};

struct RequestMsg {
    uint64_t requestId = 0; // chosen by the viewer, echoed in the reply
    SessionRequest request;
};

enum class ReplyStatus : uint8_t { Ok, Denied, Invalid, Failed };
const char* replyStatusName(ReplyStatus status);

struct ReplyMsg {
    uint64_t requestId = 0;
    ReplyStatus status = ReplyStatus::Ok;
    std::string reason;     // Denied: the role's denial reason; Invalid/Failed: what was wrong
    uint64_t createdId = 0; // CreateAnnotation: the new annotation's id
};

struct CommandMsg {
    uint64_t requestId = 0;
    uint32_t timeoutMs = 5000;
    std::string target;
    std::string verb;
    std::vector<OwnedCommandArg> args;
};

struct CommandReplyMsg {
    uint64_t requestId = 0;
    CommandOutcome outcome = CommandOutcome::Accepted; // never Pending
    std::string reason;
};

struct PingMsg {
    uint64_t clientTimeUs = 0;
    float lastRttMs = 0.0f; // the previous round trip, reported so the hub can publish it
};
struct PongMsg {
    uint64_t clientTimeUs = 0; // echoed
};

using SessionMessage = std::variant<JoinMsg, JoinReplyMsg, LeaveMsg, SnapshotRequestMsg, SessionSnapshotMsg, EventMsg,
                                    HeartbeatMsg, RequestMsg, ReplyMsg, CommandMsg, CommandReplyMsg, PingMsg, PongMsg>;

SessionMsgKind sessionMessageKind(const SessionMessage& message);

// Appends nothing and returns InvalidArgument (naming the field) for a message the decoder would reject; else
// replaces `out` with the encoded bytes.
Expected<void> encodeSessionMessage(const SessionMessage& message, std::vector<uint8_t>& out);
// Strict: magic, version, kind, every field, caps (kSessionMaxMessageBytes; kSessionMaxSnapshotBytes for
// snapshots), strict UTF-8, finite floats, no trailing bytes. Failures carry the byte offset.
DecodeResult<SessionMessage> decodeSessionMessage(std::span<const uint8_t> bytes);

// Cheap classification of a received frame before decoding it: the control socket carries session messages and
// presence records side by side. isSessionMessage() looks at the magic only; peekSessionMessageKind() also needs
// a supported version and a known kind (the hub uses it to answer a malformed Join with a refusal).
bool isSessionMessage(std::span<const uint8_t> bytes);
std::optional<SessionMsgKind> peekSessionMessageKind(std::span<const uint8_t> bytes);

// PUB topics on the hub's events socket: one frame "S<session>\0" (events, heartbeats) or "P<session>\0"
// (presence records), then the body. The NUL stops "plant" from matching "plant-2" subscriptions.
std::string sessionEventsTopic(std::string_view session);
std::string sessionPresenceTopic(std::string_view session);

} // namespace tv::net
