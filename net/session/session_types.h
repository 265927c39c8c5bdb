// Shared-session value types (issue 5): roles and the permission matrix, annotations (3D pins), shared
// viewpoints, members and the audit log. Plain data and pure functions: no SQLite, no sockets, no Vulkan, so the
// hub, the viewer's session panel and the tests all use the same definitions. SessionStore (session_store.h)
// persists these; the hub enforces the permissions with mayPerform() before it touches the store.
//
// The permission matrix is documented in docs/session-store.md; mayPerform() is its single source of truth.
//
// Times are microseconds since the Unix epoch (the hub's wall clock), supplied by the caller so that the store
// stays deterministic and testable. Value types and pure functions: callable from any thread.
#pragma once

#include "core/math.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tv::net {

// Presenter: leads the session and has every right. Operator: sends commands to the twin and annotates.
// Observer: views and points only.
enum class Role : uint8_t { Presenter, Operator, Observer };

// "presenter", "operator", "observer" (the spelling stored in the database and shown to users).
const char* roleName(Role role);
// Inverse of roleName(), ASCII case-insensitive; nullopt for anything else (including "").
std::optional<Role> parseRole(std::string_view text);

// What the hub may be asked to do on behalf of a member. Annotation rights are split by ownership: Annotate covers
// creating annotations and editing/deleting one's own; EditOthersAnnotation and DeleteAnnotation are about
// annotations somebody else wrote (use annotationAction() to pick the right one).
enum class SessionAction : uint8_t {
    SendCommand,          // send a command to the twin (the hub forwards it to the plant / simulator)
    Annotate,             // create an annotation; edit or delete one's own
    EditOthersAnnotation, // change the text of an annotation another member wrote
    DeleteAnnotation,     // delete an annotation another member wrote
    ResolveAnnotation,    // mark any annotation resolved, or reopen it
    SaveViewpoint,        // save, overwrite or delete a shared viewpoint
    Lead,                 // make the others follow this member's camera
    Gather,               // teleport every member to a viewpoint
    Point,                // show a transient laser pointer / highlight to the others
    ShareMoment,          // take every member to a moment of the twin's recorded history, or back to live
};

const char* sessionActionName(SessionAction action);

// The permission matrix (docs/session-store.md). Pure; total over every Role x SessionAction.
bool mayPerform(Role role, SessionAction action);

// Why `role` may not perform `action`, for the audit log and the user ("observers may view and point only").
// Returns "" when the action is permitted. The string is static: never freed, never changes.
const char* denialReason(Role role, SessionAction action);

// Which action an annotation change needs, given whether the member is the annotation's author.
enum class AnnotationChange : uint8_t { Edit, Resolve, Delete };
SessionAction annotationAction(AnnotationChange change, bool isAuthor);

// A device a member takes part with; stored as "desktop" / "xr".
enum class DeviceKind : uint8_t { Desktop, Xr };
const char* deviceKindName(DeviceKind device);
std::optional<DeviceKind> parseDeviceKind(std::string_view text);

struct SessionInfo {
    std::string name; // unique, non-empty
    uint64_t createdUs = 0;
};

// A 3D pin on a surface. `id` is assigned by the store (unique in the whole database, never reused, > 0).
struct Annotation {
    uint64_t id = 0;
    std::string session;
    vec3 anchor{0.0f};             // world-space point on the surface (metres, glTF world space)
    vec3 normal{0.0f, 1.0f, 0.0f}; // surface normal at the anchor (unit length by convention; stored as given)
    std::string nodePath;          // optional scene node the pin is attached to ("" when none)
    std::string text;
    std::string author;
    uint64_t createdUs = 0;
    uint64_t updatedUs = 0; // last change of text or resolved state
    bool resolved = false;
    std::string resolvedBy; // "" while open

    bool operator==(const Annotation&) const = default;
};

// A named camera pose shared with the session. Unique by (session, name); saving the same name overwrites.
struct SharedViewpoint {
    std::string name;
    vec3 eye{0.0f};
    vec3 target{0.0f, 0.0f, -1.0f};
    float yfov = 0.8f; // vertical field of view, radians
    std::string author;
    uint64_t updatedUs = 0;

    bool operator==(const SharedViewpoint&) const = default;
};

// A member of a session, unique by (session, user). Members persist after they leave (lastSeenUs says when they
// were last heard from) so that a rejoining user keeps their colour.
struct Member {
    std::string user;
    Role role = Role::Observer;
    DeviceKind device = DeviceKind::Desktop;
    uint32_t colour = 0xffffff; // 0xRRGGBB
    uint64_t firstSeenUs = 0;
    uint64_t lastSeenUs = 0;

    bool operator==(const Member&) const = default;
};

// The moment of the twin's history a session is looking at together (issue 7: "the presenter can take everyone
// to a moment"). The hub keeps it per session in memory only (a restarted hub is live again) and sequences every
// change as a MomentChanged event; late joiners get it in the snapshot. Twin time: microseconds since the Unix
// epoch on the twin publisher's clock (the relayed feed's sentUs), so every member resolves it to the same state.
struct SharedMoment {
    uint64_t twinTimeUs = 0; // 0 = live
    std::string by;          // who set it ("" = nobody has in this hub run)
    uint64_t setUs = 0;      // when the hub sequenced it (hub wall clock; 0 = never set)
    uint64_t sequence = 0;   // the session event that set it (0 = never set in this hub run)

    bool live() const { return twinTimeUs == 0; }
    bool operator==(const SharedMoment&) const = default;
};

// Twin times past 9999-12-31 23:59:59.999999 UTC are refused on the wire: they cannot be shown as a date, and no
// recording reaches them.
inline constexpr uint64_t kMaxTwinTimeUs = 253'402'300'799'999'999ull;

// "2026-11-24 14:02:31.250 UTC" (milliseconds), "live" for 0: the audit log's and the logs' spelling of a moment.
std::string momentText(uint64_t twinTimeUs);
// "14:02:31" UTC: a moment as the viewer's notices say it (the timeline shows the date).
std::string momentClockText(uint64_t twinTimeUs);

// One line of the audit log: who did what, when, with which outcome. Append-only. `id` is assigned by the store
// and increases with every append, so it is the log's order even when two entries share a timestamp.
struct AuditEntry {
    uint64_t id = 0;
    std::string session;
    std::string user;
    uint64_t timeUs = 0;
    std::string action; // "command", "annotate", "join", ...
    std::string target; // what it was aimed at (a twin node path, an annotation id, ...); may be ""
    std::string detail; // e.g. the command text
    std::string result; // "accepted", "rejected: interlock", "denied: observers may view and point only", ...

    bool operator==(const AuditEntry&) const = default;
};

} // namespace tv::net
