// Feed types — the owned (std::string-holding) forms of twin state and of the changes a feed delivers to the
// viewer once per frame. The codec's records (net/codec/messages.h) borrow from a received frame and die with it;
// these outlive the frame, cross from the network thread to the main thread, and are what the scene side
// (engine/twin/twin_runtime.h), the recorder and the tests consume. Plain values; any thread may hold them.
#pragma once

#include "core/math.h"
#include "net/codec/messages.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tv::net {

// An owned Value (messages.h): same meaning, the string is held.
struct OwnedValue {
    ValueType type = ValueType::Number;
    double number = 0.0;
    bool boolean = false;
    std::string text;
    glm::dvec4 vector{0.0};

    static OwnedValue from(const Value& v);
    Value view() const; // borrows this->text
    // Bit-exact equality (NaN equals NaN with the same bits): "the replayed state equals the live state".
    bool sameAs(const OwnedValue& o) const;
    // "1200", "true", "open", "(1, 2, 3)", "no reading" for NaN/inf: what the inspector shows.
    std::string toDisplayString() const;
};

struct OwnedUnit {
    UnitKind kind = UnitKind::None;
    uint16_t code = 0;
    std::string symbol;

    static OwnedUnit from(const Unit& u);
    Unit view() const;
    bool operator==(const OwnedUnit&) const = default;
    // The display symbol: "" for none, the table symbol for a known code ("rpm"), "#<code>" for an unknown one.
    std::string display() const;
};
// The symbol of a protocol unit code (docs/protocol.md table), or nullptr when the code is not in the table.
const char* unitCodeSymbol(uint16_t code);

struct PropertyState {
    OwnedValue value;
    OwnedUnit unit;
    uint64_t sourceTimestampUs = 0; // when the source measured it (0 = unknown)
    uint64_t sentUs = 0;            // header timestamp of the frame that carried it (publisher clock)
    uint64_t receivedUs = 0;        // local wall clock (µs since epoch) when it arrived; 0 in snapshots of state
    // Equality of what the twin said (value bits, unit, source timestamp); arrival times are not compared.
    bool sameAs(const PropertyState& o) const {
        return value.sameAs(o.value) && unit == o.unit && sourceTimestampUs == o.sourceTimestampUs;
    }
};

struct TransformState { // the fields the feed has set so far (mask bits as TransformUpdate)
    uint8_t mask = 0;
    vec3 translation{0.0f};
    quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
    vec3 scale{1.0f};
    bool operator==(const TransformState&) const = default;
};

struct ColourState { // mask 0 = no override (cleared)
    uint8_t mask = 0;
    vec4 baseColour{1.0f};
    vec3 emissive{0.0f};
    bool operator==(const ColourState&) const = default;
};

struct SpawnState {
    std::string asset;
    std::string parent;
    Transform transform;
    bool operator==(const SpawnState& o) const {
        return asset == o.asset && parent == o.parent && transform.translation == o.transform.translation &&
               transform.rotation == o.transform.rotation && transform.scale == o.transform.scale;
    }
};

struct AlarmState {
    std::string entity;
    AlarmSeverity severity = AlarmSeverity::Warning;
    std::string text;
    uint64_t raisedUs = 0;       // header timestamp of the frame that raised it (publisher clock)
    bool acknowledged = false;   // an ack record arrived since the (latest) raise
    std::string acknowledgedBy;  // who acknowledged (may be empty)
    uint64_t acknowledgedUs = 0; // header timestamp of the frame that carried the ack (publisher clock)
    // An ack record for this occurrence: who, and the header timestamp of the frame that carried it.
    void acknowledge(std::string_view by, uint64_t atUs);
    // A raise (again) is a new occurrence: whatever acknowledged the previous one does not cover it.
    void clearAcknowledgement();
    // What the twin said (arrival times are not compared).
    bool sameAs(const AlarmState& o) const {
        return entity == o.entity && severity == o.severity && text == o.text && acknowledged == o.acknowledged &&
               acknowledgedBy == o.acknowledgedBy;
    }
};

// One coalesced change for the main thread: the latest state of one key. Keys: (Property, entity, name),
// (Transform|Visibility|Colour|Spawn|Remove, entity), (AlarmRaise|AlarmClear|AlarmAck, alarm id in `name`).
// Alarm coalescing: a raise then an ack in the same delta stay one AlarmRaise whose `alarm` carries the ack; an ack
// of an alarm raised in an earlier delta is an AlarmAck (only alarm.acknowledgedBy/acknowledgedUs are meaningful;
// the receiver ignores it for an alarm it does not hold); a clear replaces either.
struct FeedChange {
    enum class Kind : uint8_t {
        Property,
        Transform,
        Visibility,
        Colour,
        Spawn,
        Remove,
        AlarmRaise,
        AlarmClear,
        AlarmAck,
    };
    Kind kind = Kind::Property;
    std::string entity;       // empty for alarm changes (the alarm's entity is in `alarm`)
    std::string name;         // property name, or alarm id
    PropertyState property;   // Property
    TransformState transform; // Transform: accumulated fields (a later T-only update keeps an earlier R)
    bool visible = true;      // Visibility
    ColourState colour;       // Colour (mask 0 = override cleared)
    SpawnState spawn;         // Spawn
    AlarmState alarm;         // AlarmRaise (with its ack, if acknowledged in the same delta), AlarmAck
};
const char* feedChangeKindName(FeedChange::Kind kind);

// How a command ended, as the operator sees it.
enum class CommandOutcome : uint8_t { Pending, Accepted, Rejected, Failed, TimedOut, NotSent };
const char* commandOutcomeName(CommandOutcome outcome); // "pending", "done", "rejected", ...

struct OwnedCommandArg {
    std::string name;
    OwnedValue value;
};

struct CommandResult {
    uint64_t commandId = 0;
    CommandOutcome outcome = CommandOutcome::Pending;
    std::string reason;       // from the twin (rejected/failed) or ours (timed out, not connected)
    double roundTripMs = 0.0; // request sent -> reply received (0 for timeouts)
};

enum class FeedLiveness : uint8_t {
    Connecting, // no frame from the publisher yet
    Syncing,    // waiting for a snapshot (first join or after a gap/restart)
    Live,       // synced and heard from within the stale timeout
    Stale,      // silent past the stale timeout: its state is shown greyed until it is heard again
    Replay,     // a recording is playing (no publisher)
};
const char* feedLivenessName(FeedLiveness liveness);

struct FeedCounters {
    uint64_t framesReceived = 0; // every frame read from a socket, valid or not
    uint64_t updateFrames = 0;   // Updates frames applied
    uint64_t updatesApplied = 0; // update records applied (snapshots included)
    uint64_t snapshots = 0;      // snapshots loaded
    uint64_t duplicates = 0;     // updates discarded as already in the snapshot
    uint64_t gaps = 0;           // resyncs caused by a missing sequence (incl. the heartbeat tail check)
    uint64_t restarts = 0;       // resyncs caused by a new publisher id / epoch
    uint64_t malformed = 0;      // frames the decoder rejected (all kinds; per kind in the log, once each)
    uint64_t unexpected = 0;     // valid frames of a kind or from a peer we did not expect (counted, dropped)
    uint64_t commandsSent = 0;
    uint64_t commandsTimedOut = 0;
};

struct FeedStatus {
    std::string name; // the feed's name (scene file) or endpoint
    FeedLiveness liveness = FeedLiveness::Connecting;
    uint64_t publisherId = 0;
    uint32_t epoch = 0;
    uint64_t lastSequence = 0; // last applied update sequence
    uint64_t lastHeardUs = 0;  // local wall clock of the last valid frame from the publisher
    FeedCounters counters;
    std::string lastError; // the most recent problem worth showing (malformed kind, resync cause), or empty
};

// Everything that happened on a feed since the previous drain, coalesced: at most one change per key (latest
// wins), so its size grows with what changed, not with how often. Applying `changes` in order is correct:
// a Remove drops earlier pending changes of that entity, a Spawn comes before later changes of the new entity.
struct FeedDelta {
    // A (re)snapshot happened: `changes` start with the complete new state. Everything previously received from
    // this feed that the new state does not mention is gone (remove spawned instances, clear overrides, alarms).
    bool reset = false;
    std::vector<FeedChange> changes;
    std::vector<CommandResult> commandResults; // commands that finished (any outcome) since the last drain
    std::vector<uint64_t> sentUs;              // header timestamps of the Updates frames merged here (latency)
    FeedStatus status;                         // as of the drain

    void clear() {
        reset = false;
        changes.clear();
        commandResults.clear();
        sentUs.clear();
    }
    bool empty() const { return !reset && changes.empty() && commandResults.empty(); }
};

// Wall clock in µs since the Unix epoch (header timestamps, received times).
uint64_t wallClockUs();

// Twin time (docs/operator-panels.md): µs since the Unix epoch on the publisher's clock, so that viewers of one
// feed (a shared session's relay included) agree on it. A delta's twin time is the largest header timestamp merged
// into it, else the local wall clock (a delta without Updates frames: a snapshot or command results only).
uint64_t deltaTwinTimeUs(const FeedDelta& delta);

} // namespace tv::net
