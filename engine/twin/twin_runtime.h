// TwinRuntime — the live twin on the main thread: takes the coalesced changes of each feed (net::FeedDelta, once
// per frame) and makes the scene show them. Entity ids map to nodes through the scene file (ResolvedScene), else
// to a scene node of that name, else (spawn) to the instance the feed created. Properties are kept with their
// unit, timestamps and source for the inspector, and drive the scene file's bindings (heat-map colours, motion
// relative to the node's rest transform, visibility, blinking, labels, threshold alerts). Transform, visibility,
// colour, spawn and remove records act on nodes directly; alarms (from the feed and from thresholds) are kept in
// one list, and the node of an entity with an unacknowledged alarm flashes (an emissive pulse in the severity
// colour, synchronised across entities: 1 Hz, 2 Hz for critical), then glows steadily and dimmer once every one of
// its alarms is acknowledged. Entities of a feed that went stale are drawn greyed until it is heard again. Entity
// tints (setEntityTints) replace base colours for the comparative view. A delta with reset
// (re-snapshot) replaces everything that feed had said: what the new state does not mention is undone.
//
// Cost per frame grows with the changes applied, not with the scene: only changed properties re-evaluate their
// bindings; time-driven effects (rate rotation, blinking, alarm flashing) touch only their own nodes.
//
// Main thread only (it writes the SceneGraph). No Vulkan, no sockets: unit-tested with a SceneGraph alone.
#pragma once

#include "core/expected.h"
#include "net/feed/feed_types.h"
#include "scene/scene_graph.h"
#include "twin/binding_eval.h"
#include "twin/scene_file.h"
#include "twin/scene_resolve.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tv::twin {

// Resolves a spawn record's asset reference: a scene-file asset id, else a path relative to the scene file (or
// "builtin:..."). Called on the main thread the first time a reference is seen; results (errors too) are cached
// by the runtime. The app's resolver may load the file synchronously or return a cached asset.
using AssetResolver = std::function<Expected<scene::AssetPtr>(const std::string& assetRef)>;

struct LiveProperty {
    std::string name;
    net::PropertyState state;
    std::string unit;              // display unit: the feed's, else the scene file's declaration
    double updatedAtSeconds = 0.0; // runtime clock (update()'s timeSeconds) when it last changed
};

struct LiveEntity {
    std::string id;
    scene::NodeHandle node;               // null while unresolved (an entity the feed names but the scene lacks)
    size_t feed = 0;                      // index of the feed that last spoke about it
    bool spawned = false;                 // created by a spawn record (removed by remove / reset)
    bool stale = false;                   // its feed is stale
    std::vector<LiveProperty> properties; // sorted by name
    const LiveProperty* findProperty(std::string_view name) const;
};

enum class AlarmOrigin : uint8_t { Feed, Threshold };

struct LiveAlarm {
    std::string id; // feed alarm id, or "<entity>.<property>#<binding index>" for thresholds
    std::string entity;
    net::AlarmSeverity severity = net::AlarmSeverity::Warning; // thresholds map info/warning/critical
    std::string text;
    AlarmOrigin origin = AlarmOrigin::Feed;
    double raisedAtSeconds = 0.0; // runtime clock
    uint64_t raisedUs = 0;        // publisher clock (feed alarms), 0 for thresholds
    // ISA-18.2 acknowledgement. Feed alarms take it from the feed (the twin publishes an alarm acknowledge record,
    // usually after an operator's "ack" command); threshold alarms are acknowledged here (acknowledgeLocal).
    // A new raise of the same id is unacknowledged again.
    bool acknowledged = false;
    std::string acknowledgedBy;         // who (may be empty)
    double acknowledgedAtSeconds = 0.0; // runtime clock when this runtime learnt of it (0 while unacknowledged)
    uint64_t acknowledgedUs = 0;        // publisher clock of the ack record (feed alarms), 0 otherwise
};

// A threshold binding's severity (info/warning/critical) on the feed's alarm scale.
net::AlarmSeverity alarmSeverity(Severity severity);

// The linear RGB an alarmed entity glows in for this severity (blue, amber, orange, red).
vec3 alarmGlowColour(net::AlarmSeverity severity);

// A colour that replaces an entity's base colour (comparative view: difference colouring). See setEntityTints.
struct EntityTint {
    std::string entity;
    vec3 colour{1.0f}; // linear RGB
};

// A label binding's current text at a world anchor (node origin + offset), for the UI to draw each frame.
struct LiveLabel {
    std::string entity;
    std::string property; // the bound property
    std::string layer;    // the binding's layer (the property name when the file names none): shown/hidden together
    std::string text;
    vec3 worldPosition{0.0f};
    bool stale = false;
    bool alert = false; // the entity has an active alarm: draw it in the alarm colour
};

struct RuntimeCounters {
    uint64_t changesApplied = 0;   // total
    uint32_t changesLastFrame = 0; // in the deltas applied since the last update()
    uint64_t unknownEntities = 0;  // changes for ids no node matches (logged once per id)
    uint64_t bindingErrors = 0;    // values of the wrong type for a binding (logged once per binding)
    uint64_t spawnFailures = 0;    // spawns whose asset could not be resolved (logged once per asset)
};

class TwinRuntime {
public:
    // `file` must outlive the runtime. `resolved` maps the file's entities to nodes of `graph`; rest transforms
    // are captured from the graph now. One feed slot per file.feeds entry (at least one: feed 0 is used for
    // sources the file does not declare, e.g. a replay or a --connect endpoint).
    TwinRuntime(const SceneFile& file, ResolvedScene resolved, scene::SceneGraph& graph, AssetResolver resolver);
    ~TwinRuntime();
    TwinRuntime(const TwinRuntime&) = delete;
    TwinRuntime& operator=(const TwinRuntime&) = delete;

    // Applies one feed's delta (status included: liveness drives greying). Main thread, once per frame per feed.
    void apply(size_t feed, const net::FeedDelta& delta);
    // Advances time-driven effects (rate rotation, blink) to timeSeconds and refreshes label positions; call once
    // per frame after apply() and before the frame is extracted.
    void update(double timeSeconds);

    const LiveEntity* findEntity(std::string_view id) const;
    // Changes (to a value no other runtime has used) whenever an entity appears (first named by a feed, spawned)
    // or disappears (a spawned entity removed): LiveEntity pointers kept from an equal generation are still valid.
    uint64_t entityGeneration() const;
    // Calls `fn` for every entity (file-declared and feed-created), in no particular order. O(entities): for
    // caches rebuilt when entityGeneration() changes (e.g. KPI wildcards), not for per-frame use.
    void forEachEntity(const std::function<void(const LiveEntity&)>& fn) const;
    // The entity shown by `node` or its nearest ancestor that is an entity (clicking a pump's motor finds the pump).
    const LiveEntity* entityForNode(scene::NodeHandle node) const;
    const std::vector<LiveAlarm>& alarms() const; // sorted: severity (highest first), then newest first

    // Acknowledges a threshold alarm (computed by this runtime, so acknowledged here only; `by` is recorded as
    // given). false for an unknown id or a feed alarm (those are acknowledged by the twin: send it the "ack"
    // command). Acknowledging again keeps the first acknowledgement and returns true.
    bool acknowledgeLocal(std::string_view alarmId, std::string_view by = {});

    // Replaces the base colour of each listed entity's node and its mesh children (not sub-entities), on top of
    // bindings and feed colours (alarm glow and stale greying still apply), until the next call: entities not in
    // the new list get their colours back; an empty span clears every tint. Entities the runtime does not know
    // (not in the scene file, never named by a feed) are skipped. Cost: O(old + new tints).
    void setEntityTints(std::span<const EntityTint> tints);
    const std::vector<LiveLabel>& labels() const;
    const net::FeedStatus& feedStatus(size_t feed) const;
    size_t feedCount() const;
    const RuntimeCounters& counters() const;
    const SceneFile& file() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace tv::twin
