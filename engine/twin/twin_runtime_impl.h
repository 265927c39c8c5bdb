// TwinRuntime internals shared by twin_runtime.cpp (feed records: properties, transform, visibility, colour,
// spawn/remove, alarms, reset) and twin_runtime_effects.cpp (bindings, the per-node composition of what every
// source asks for, labels, time-driven effects). Private to engine/twin; main thread only, like TwinRuntime.
//
// The central idea: nothing patches the scene directly. Each source (rest pose, feed records, bindings, staleness)
// writes its wish into the entity's record and marks the entity dirty; flush() then recomputes the node's local
// transform, visibility and the material override of each of its mesh nodes from all wishes at once. That keeps
// the result coherent whatever order the changes arrive in, and lets a reset undo one source without knowing what
// the others did.
#pragma once

#include "twin/twin_runtime.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tv::twin {

// Heterogeneous lookup: feeds hand us string_views (no allocation per change to find an entity).
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

// One thing a feed set on an entity (a transform record, a colour, ...): which feed, and the reset mark.
struct FeedAspect {
    bool set = false;
    size_t feed = 0;
    bool marked = false; // a reset of `feed` is in progress and the new state has not mentioned it (yet)
};

struct PropertyMeta { // parallel to LiveEntity::properties
    size_t feed = 0;
    bool marked = false;
};

struct EntityRec {
    LiveEntity live;
    const EntityDecl* decl = nullptr; // the scene file's declaration (bindings need it), or null
    bool heard = false;               // some feed has spoken about it (only then can it go stale)
    bool unknownLogged = false;
    std::vector<PropertyMeta> propertyMeta;
    StringMap<std::vector<size_t>> bindingsByProperty; // property -> indices into SceneFile::bindings
    std::vector<size_t> bindings;                      // all of them, in file order (composition order)

    // Pose: `base` is the node's transform when the runtime first saw it (or the spawn record's placement);
    // a feed transform record replaces the masked fields of it; binding deltas multiply on the right.
    bool hasBase = false;
    Transform base;
    bool baseVisible = true;
    FeedAspect transformAspect;
    net::TransformState feedTransform;
    FeedAspect visibilityAspect;
    bool feedVisible = true;
    FeedAspect colourAspect;
    net::ColourState feedColour;
    FeedAspect spawnAspect; // set while a spawned instance exists
    scene::InstanceHandle instance;
    std::string spawnAsset;
    std::string spawnParent;
    FeedAspect removedAspect; // a remove record hid this (non-spawned) entity

    // What flush() must recompute.
    bool dirtyTransform = false;
    bool dirtyVisibility = false;
    bool dirtyMaterial = false;
    bool queued = false;           // in Impl::dirty
    bool touchedTransform = false; // the runtime has written the node's transform (restore it when idle)
    bool touchedVisibility = false;
    std::vector<scene::NodeHandle> paintedNodes; // mesh nodes holding our override now
};

struct BindingRt {               // runtime state of one SceneFile binding
    EntityRec* entity = nullptr; // file entities are never erased, so this stays valid
    BindingState state;
    bool hasValue = false;
    PropertyValue value;
    std::optional<Transform> delta;
    std::optional<bool> visible;
    std::optional<scene::MaterialOverride> material;
    int labelSlot = -1;      // index into Impl::labels
    bool timeDriven = false; // update() must advance it (rate rotation, a blink whose condition holds)
    bool inTimeList = false; // listed in Impl::timeDriven (dropped lazily once timeDriven goes false)
    bool errorLogged = false;
};

struct AlarmRec {
    LiveAlarm alarm;
    size_t feed = 0;
    bool marked = false;
};

// How an entity with active alarms looks: the highest severity among them, and whether any is unacknowledged.
struct AlarmLook {
    net::AlarmSeverity severity = net::AlarmSeverity::Info;
    bool flashing = false;
    float level = -1.0f; // glow intensity last painted (flashing repaints only when it moved)
};

struct FeedSlot {
    net::FeedStatus status;
    bool stale = false;
};

struct TwinRuntime::Impl {
    Impl(const SceneFile& f, ResolvedScene r, scene::SceneGraph& g, AssetResolver res)
        : file(f), resolved(std::move(r)), graph(g), resolver(std::move(res)) {}

    const SceneFile& file;
    ResolvedScene resolved;
    scene::SceneGraph& graph;
    AssetResolver resolver;

    std::vector<FeedSlot> feeds;
    StringMap<std::unique_ptr<EntityRec>> entities;
    std::unordered_map<scene::NodeHandle, EntityRec*> byNode;
    std::vector<BindingRt> bindings; // parallel to file.bindings
    std::vector<size_t> timeDriven;  // binding indices; entries whose flag dropped are removed lazily
    std::vector<LiveLabel> labels;
    std::vector<size_t> labelBinding; // parallel to labels
    StringMap<AlarmRec> alarmRecs;    // "F<feed>:<id>" (feed) / "T:<id>" (threshold)
    std::vector<LiveAlarm> sortedAlarms;
    StringMap<AlarmLook> alarmLooks; // entity id -> its alarm look; exactly the entities with active alarms
    StringMap<vec3> tints;           // entity id -> base colour (setEntityTints)
    bool alarmsDirty = false;
    std::vector<EntityRec*> dirty;
    std::unordered_map<scene::NodeHandle, std::optional<scene::MaterialOverride>> originalOverride;
    StringMap<Expected<scene::AssetPtr>> assetCache;
    std::unordered_set<std::string> logged; // "log once" keys
    RuntimeCounters counters;
    // TwinRuntime::entityGeneration(): a new process-wide unique value (nextEntityGeneration) each time an entity
    // record is created or erased, so a cache keyed by it can never mistake another runtime's entities for ours.
    uint64_t entityGeneration = 0;
    bool resetChangesOnApply = false;
    double time = 0.0;

    // ---- twin_runtime.cpp: records -------------------------------------------------------------------------
    EntityRec* find(std::string_view id);
    EntityRec& entityFor(std::string_view id, size_t feed); // creates the record (named node or unresolved)
    void attachNode(EntityRec& e, scene::NodeHandle node);
    void applyChange(size_t feed, const net::FeedChange& c);
    void applyProperty(size_t feed, const net::FeedChange& c);
    void applySpawn(size_t feed, const net::FeedChange& c);
    void applyRemove(size_t feed, const net::FeedChange& c);
    void eraseProperty(EntityRec& e, size_t index);
    void clearAspects(EntityRec& e);
    void eraseEntity(EntityRec& e);
    void markFeed(size_t feed);
    void sweepFeed(size_t feed);
    void setFeedStatus(size_t feed, const net::FeedStatus& status);
    const char* feedName(size_t feed) const;
    void countUnknown(EntityRec& e, size_t feed);
    bool firstTime(std::string key) { return logged.insert(std::move(key)).second; }
    scene::NodeHandle spawnParentNode(const std::string& parent, size_t feed);
    void destroySpawn(EntityRec& e);
    void ensureTimeDriven(size_t bindingIndex);
    void bindingError(size_t bindingIndex, const std::string& message);

    // ---- twin_runtime_effects.cpp: bindings and composition ----------------------------------------------------
    void evaluateProperty(EntityRec& e, const LiveProperty& p);
    void evaluate(size_t bindingIndex, const PropertyValue* value, const std::string& typeName);
    void undoBinding(size_t bindingIndex);
    void raiseThreshold(size_t bindingIndex, const BindingEffect& effect);
    void setLabel(size_t bindingIndex, const std::string& text);
    void dropLabel(size_t bindingIndex);
    void addAlarm(const std::string& key, LiveAlarm alarm, size_t feed);
    void dropAlarm(const std::string& key);
    void markDirty(EntityRec& e, bool transform, bool visibility, bool material);
    void flush();
    void flushTransform(EntityRec& e);
    void flushVisibility(EntityRec& e);
    void flushMaterial(EntityRec& e);
    void collectMeshNodes(const EntityRec& e, std::vector<scene::NodeHandle>& out) const;
    void restoreNode(scene::NodeHandle node);
    void rebuildAlarms();
    void repaint(std::string_view entity); // material dirty, if the runtime knows the entity
    float alarmLevel(const AlarmLook& look) const;
    void advance(double timeSeconds);
    void refreshLabels();
};

// net::OwnedValue -> the scene file's value model; false for vectors (no binding can use them). An out parameter
// rather than optional<variant>: GCC 12 reports a false maybe-uninitialized for the latter under sanitizers.
bool toPropertyValue(const net::OwnedValue& v, PropertyValue& out);
const char* valueTypeName(const net::OwnedValue& v);
} // namespace tv::twin
