// TwinState — the complete state of one twin as a feed describes it: per entity its properties, transform,
// visibility, colour override and spawn record, plus the raised alarms. The publisher keeps one to answer snapshot
// requests, the recorder and the replayer keep one to seek, the tests compare them ("the replayed final state
// equals the live final state"). Owned by one thread at a time; not thread-safe.
#pragma once

#include "net/feed/feed_types.h"

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tv::net {

struct EntityState {
    std::map<std::string, PropertyState, std::less<>> properties;
    TransformState transform; // mask 0 = never set
    bool hasVisibility = false;
    bool visible = true;
    ColourState colour; // mask 0 = none
    bool spawned = false;
    SpawnState spawn; // valid when spawned
};

class TwinState {
public:
    // Applies one decoded record. sentUs = the carrying frame's header timestamp, receivedUs = local arrival time.
    // Remove drops the entity (and, if it was spawned, its spawned children's records stay: the viewer removes the
    // node subtree; the publisher is expected to send their removes too). Alarm clear or acknowledge of an unknown
    // id is a no-op; a raise of an id already raised replaces it and drops its acknowledgement (a new occurrence).
    void apply(const Update& update, uint64_t sentUs = 0, uint64_t receivedUs = 0);
    // Applies a coalesced change (reset handling is the caller's: clear() first when delta.reset).
    void apply(const FeedChange& change);
    void apply(const FeedDelta& delta); // clear() when delta.reset, then every change

    void clear();

    const std::map<std::string, EntityState, std::less<>>& entities() const { return m_entities; }
    const std::map<std::string, AlarmState, std::less<>>& alarms() const { return m_alarms; }
    const EntityState* findEntity(std::string_view id) const;
    const PropertyState* findProperty(std::string_view entity, std::string_view property) const;
    size_t propertyCount() const;

    // The state as update records that rebuild it when applied in order to an empty TwinState: spawns first
    // (parents before children), then per entity transform, visibility, colour, properties; then alarms (each raise
    // followed by its ack when acknowledged). The records borrow from this state: keep it unchanged while using
    // them. Used for snapshots and recording keyframes; split into frames under the cap by the caller.
    void toUpdates(std::vector<Update>& out) const;

    // Same twin content (values bit-exact, units, source timestamps, transforms, overrides, spawns, alarms);
    // arrival times are ignored. `firstDifference` (optional) receives a readable description of the first
    // mismatch, e.g. "tank-1.level: 41.5 vs 42".
    bool sameAs(const TwinState& other, std::string* firstDifference = nullptr) const;

private:
    std::map<std::string, EntityState, std::less<>> m_entities;
    std::map<std::string, AlarmState, std::less<>> m_alarms;
};

// Appends the update records that reproduce `change` when applied (Property, Transform with the accumulated mask,
// Visibility, ColourOverride or ColourClear for mask 0, Spawn, Remove, AlarmRaise followed by AlarmAck when the
// change carries an ack, AlarmClear, AlarmAck). The records borrow the change's strings: keep `change` alive and
// unchanged while using it. Applying a delta's records in order to the state the delta was built against gives the
// delta's result (what a relay republishes).
void appendUpdates(const FeedChange& change, std::vector<Update>& out);

// Coalesces decoded updates into a FeedDelta on the network thread: one FeedChange per key, the latest wins, in
// O(1) per update with no allocation once a key has been seen in this delta (heterogeneous lookup). take() hands
// the delta over (swap) and starts a new one.
class DeltaBuilder {
public:
    void add(const Update& update, uint64_t sentUs, uint64_t receivedUs);
    // A snapshot is about to be applied: drop everything pending and mark the delta as a reset.
    void beginReset();
    void addCommandResult(CommandResult result);
    void addSentTimestamp(uint64_t sentUs);
    // Moves the pending delta into `out` (its status is the caller's to fill) and starts empty.
    void take(FeedDelta& out);
    size_t pendingChanges() const;

private:
    // Index from a change's key (see FeedChange) to its position in m_delta.changes. The key is built in
    // m_scratch (reused) and looked up as a string_view. Entries outlive a take(): an entry whose generation is not
    // the current one means "seen before, not pending", and is reused without allocating, so a twin's steady stream
    // of updates to the same keys costs no allocation in the builder at all.
    struct KeyHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    struct Slot {
        uint64_t generation = 0;
        uint32_t index = 0;
    };
    std::string_view makeKey(char kind, std::string_view entity, std::string_view name = {});
    // Returns the pending change for the key in m_scratch, appending a fresh one (kind `kind`) if there is none.
    FeedChange& slot(FeedChange::Kind kind, std::string_view entity, std::string_view name, bool& created);
    // The pending change for the key in m_scratch, or null (an ack must not turn a pending clear into an ack).
    FeedChange* pending();
    void dropEntity(std::string_view entity); // a Remove: drop the entity's pending changes (rare; O(pending))
    void startGeneration();                   // nothing is pending any more

    FeedDelta m_delta;
    std::unordered_map<std::string, Slot, KeyHash, std::equal_to<>> m_index;
    uint64_t m_generation = 1;
    std::string m_scratch;
};

} // namespace tv::net
