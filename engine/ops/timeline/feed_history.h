// FeedHistory — the in-memory recording of ONE feed for the timeline (TwinTimeline holds one per feed): the live
// state of the feed, split into a table of properties indexed by an interned key id plus a TwinState for
// everything else (transforms, visibility, colours, spawns, alarms), and a list of segments, each a keyframe (a
// copy of that split state) followed by a change log. Numeric property changes whose unit did not change are
// logged as a 32-byte NumericChange; every other change is kept as a FeedChange copy (rare in a plant feed).
//
// Why split the state: copying a 10,000-property net::TwinState (one std::map node and several strings per
// property) every keyframe, and applying 10,000 changes per delta to it (two ordered-map lookups each), would
// cost milliseconds per delta. The key table makes a change O(1) (a position cache checked with two string
// compares, else one hash lookup), and a keyframe a vector copy of small-string-optimised values.
//
// Owns its state; not thread-safe: the main thread (through TwinTimeline) only.
#pragma once

#include "net/feed/twin_state.h"

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tv::ops {

class FeedHistory {
public:
    // Records `delta` at twin time `timeUs` (>= the previous call's; the caller clamps). A reset delta starts a
    // new segment whose keyframe is the new snapshot. A new segment also starts once the current one spans
    // `keyframeIntervalUs`.
    void record(const net::FeedDelta& delta, uint64_t timeUs, uint64_t keyframeIntervalUs);
    // Starts a new segment now (a keyframe of the live state) when the current one has logged anything.
    // Returns false when there was nothing to split.
    bool forceKeyframe();

    bool empty() const { return m_segments.empty(); }
    size_t segmentCount() const { return m_segments.size(); }
    uint64_t earliestUs() const { return m_segments.empty() ? 0 : m_segments.front().startUs; }
    uint64_t latestUs() const { return m_latestUs; }
    // Start time of the oldest segment, for the global "drop the oldest" decision.
    uint64_t oldestSegmentStartUs() const { return earliestUs(); }
    // Drops the oldest segment (never the last one); its buffers are kept for reuse. Returns the bytes freed.
    size_t dropOldestSegment();
    size_t bytesUsed() const; // estimate: segments, the key tables, the live state and the spare buffers
    // Frees the buffers kept for reuse (when the budget is too small to keep them). False when there were none.
    bool releaseSpares();

    // The state after every delta with time <= tUs (t below earliestUs(): the oldest keyframe's state).
    void stateAt(uint64_t tUs, net::TwinState& out) const;
    void liveState(net::TwinState& out) const;
    size_t numericChangesLogged() const;

private:
    struct PropertyKey {
        uint32_t entity = 0;
        std::string name;
    };
    // A numeric value change whose unit equals the key's current unit. receivedUs is stored as an offset from
    // sentUs (arrival is within ±35 min of sending, else the change goes to the general log).
    struct NumericChange {
        uint32_t key = 0;
        int32_t receivedOffsetUs = 0;
        double value = 0.0;
        uint64_t sourceTimestampUs = 0;
        uint64_t sentUs = 0;
    };
    struct Batch { // one recorded delta: its time and where its changes end in the segment's logs
        uint64_t timeUs = 0;
        uint32_t numericEnd = 0;
        uint32_t generalEnd = 0;
    };
    struct General { // a change kept whole; numericBefore = numeric changes of the segment logged before it
        uint32_t numericBefore = 0;
        uint32_t key = UINT32_MAX; // Property changes: the interned key
        net::FeedChange change;
    };
    // The split state: property slots by key id (present = the property exists) + the rest.
    struct SplitState {
        std::vector<net::PropertyState> props;
        std::vector<uint8_t> present;
        net::TwinState other;
    };
    struct Segment {
        uint64_t startUs = 0;
        SplitState keyframe;
        size_t keyframeBytes = 0;
        std::vector<Batch> batches;
        std::vector<NumericChange> numeric;
        std::vector<General> general;
        size_t generalBytes = 0;
    };
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using IdMap = std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>>;

    uint32_t entityId(std::string_view entity);
    uint32_t keyId(std::string_view entity, std::string_view name);
    uint32_t keyAt(size_t position, const net::FeedChange& c); // the position cache, then keyId()
    void startSegment(uint64_t timeUs);
    size_t segmentBytes(const Segment& s) const;
    void applyGeneral(SplitState& s, const General& g) const;
    static void applyNumeric(SplitState& s, const NumericChange& n);
    void materialise(const SplitState& s, net::TwinState& out) const;
    size_t estimateBytes(const SplitState& s) const;

    // Interning (never shrinks: bounded by the distinct keys the feed names).
    std::vector<std::string> m_entityNames;
    std::vector<std::vector<uint32_t>> m_entityKeys; // entity id -> its property keys (Remove drops them)
    IdMap m_entityIds;
    std::vector<PropertyKey> m_keys;
    IdMap m_keyIds; // "entity\0name"
    std::string m_scratch;
    std::vector<uint32_t> m_lastOrder; // key id per change position of the previous delta
    size_t m_keyBytes = 0;

    SplitState m_live;
    std::deque<Segment> m_segments;
    // Buffers of recently dropped segments, reused by the next new ones (no allocation at steady state).
    std::vector<Segment> m_spares;
    bool m_droppedAny = false; // a segment was dropped: before earliestUs() the state is unknown, not empty
    size_t m_bytes = 0;        // segments (keyframes + logs), estimated
    uint64_t m_latestUs = 0;
};

} // namespace tv::ops
