// TwinRuntime (see twin_runtime.h): feed records -> entity records. Bindings and the composition of their effects
// onto nodes are in twin_runtime_effects.cpp; the shared records in twin_runtime_impl.h.
#include "twin/twin_runtime.h"

#include "core/assert.h"
#include "core/log.h"
#include "twin/twin_runtime_impl.h"

#include <algorithm>
#include <atomic>

namespace tv::twin {
namespace {
std::atomic<uint64_t> g_entityGeneration{0};
uint64_t nextEntityGeneration() { return ++g_entityGeneration; }
} // namespace

const LiveProperty* LiveEntity::findProperty(std::string_view name) const {
    auto it = std::lower_bound(properties.begin(), properties.end(), name,
                               [](const LiveProperty& p, std::string_view n) { return p.name < n; });
    return it != properties.end() && it->name == name ? &*it : nullptr;
}

bool toPropertyValue(const net::OwnedValue& v, PropertyValue& out) {
    switch (v.type) {
    case net::ValueType::Number: out = v.number; return true;
    case net::ValueType::Bool: out = v.boolean; return true;
    case net::ValueType::String: out = v.text; return true;
    case net::ValueType::Vec3:
    case net::ValueType::Vec4: return false;
    }
    return false;
}

const char* valueTypeName(const net::OwnedValue& v) {
    switch (v.type) {
    case net::ValueType::Number: return "number";
    case net::ValueType::Bool: return "bool";
    case net::ValueType::String: return "string";
    case net::ValueType::Vec3: return "vec3";
    case net::ValueType::Vec4: return "vec4";
    }
    return "unknown";
}

net::AlarmSeverity alarmSeverity(Severity severity) {
    switch (severity) {
    case Severity::Info: return net::AlarmSeverity::Info;
    case Severity::Warning: return net::AlarmSeverity::Warning;
    case Severity::Critical: return net::AlarmSeverity::Critical;
    }
    return net::AlarmSeverity::Warning;
}

// ---- Records ---------------------------------------------------------------------------------------------------

const char* TwinRuntime::Impl::feedName(size_t feed) const {
    const std::string& name = feeds[feed].status.name;
    return name.empty() ? "(unnamed feed)" : name.c_str();
}

EntityRec* TwinRuntime::Impl::find(std::string_view id) {
    auto it = entities.find(id);
    return it == entities.end() ? nullptr : it->second.get();
}

void TwinRuntime::Impl::attachNode(EntityRec& e, scene::NodeHandle node) {
    e.live.node = node;
    byNode[node] = &e;
    if (!e.hasBase) {
        e.base = graph.localTransform(node);
        e.baseVisible = graph.isVisible(node);
        e.hasBase = true;
    }
}

EntityRec& TwinRuntime::Impl::entityFor(std::string_view id, size_t feed) {
    EntityRec* e = find(id);
    if (!e) {
        auto rec = std::make_unique<EntityRec>();
        rec->live.id = std::string(id);
        e = rec.get();
        entities.emplace(rec->live.id, std::move(rec));
        entityGeneration = nextEntityGeneration();
    }
    // A plain glTF whose node names are entity ids needs no scene file; a node created after an earlier miss (a
    // scene fix, a spawned parent's asset) is picked up on the next change.
    if (!graph.isValid(e->live.node) && !e->spawnAspect.set) {
        scene::NodeHandle named = graph.findByName(id);
        if (graph.isValid(named) && named != graph.root()) {
            e->hasBase = false;
            attachNode(*e, named);
            markDirty(*e, true, true, true);
        }
    }
    bool stale = feeds[feed].stale;
    if (!e->heard || e->live.feed != feed || e->live.stale != stale) {
        e->heard = true;
        e->live.feed = feed;
        if (e->live.stale != stale) {
            e->live.stale = stale;
            markDirty(*e, false, false, true);
        }
    }
    return *e;
}

void TwinRuntime::Impl::countUnknown(EntityRec& e, size_t feed) {
    ++counters.unknownEntities;
    if (!e.unknownLogged) {
        e.unknownLogged = true;
        logWarn("twin feed \"%s\": entity \"%s\" matches no scene node (not in the scene file, no node of that name, "
                "not spawned); its changes are kept but not shown",
                feedName(feed), e.live.id.c_str());
    }
}

void TwinRuntime::Impl::applyChange(size_t feed, const net::FeedChange& c) {
    using Kind = net::FeedChange::Kind;
    switch (c.kind) {
    case Kind::Property: applyProperty(feed, c); return;
    case Kind::Spawn: applySpawn(feed, c); return;
    case Kind::Remove: applyRemove(feed, c); return;
    case Kind::AlarmRaise: {
        LiveAlarm a;
        a.id = c.name;
        a.entity = c.alarm.entity;
        a.severity = c.alarm.severity;
        a.text = c.alarm.text;
        a.origin = AlarmOrigin::Feed;
        a.raisedAtSeconds = time;
        a.raisedUs = c.alarm.raisedUs;
        a.acknowledged = c.alarm.acknowledged;
        if (a.acknowledged) {
            a.acknowledgedBy = c.alarm.acknowledgedBy;
            a.acknowledgedAtSeconds = time;
            a.acknowledgedUs = c.alarm.acknowledgedUs;
        }
        addAlarm(format("F%zu:", feed) + c.name, std::move(a), feed);
        return;
    }
    case Kind::AlarmClear: dropAlarm(format("F%zu:", feed) + c.name); return;
    case Kind::AlarmAck: {
        // An alarm this runtime does not hold (cleared meanwhile, or from before a resync) is ignored, as in
        // net::TwinState.
        auto it = alarmRecs.find(format("F%zu:", feed) + c.name);
        if (it == alarmRecs.end()) return;
        LiveAlarm& a = it->second.alarm;
        if (!a.acknowledged) a.acknowledgedAtSeconds = time;
        a.acknowledged = true;
        a.acknowledgedBy = c.alarm.acknowledgedBy;
        a.acknowledgedUs = c.alarm.acknowledgedUs;
        alarmsDirty = true;
        return;
    }
    case Kind::Transform:
    case Kind::Visibility:
    case Kind::Colour: break;
    }
    EntityRec& e = entityFor(c.entity, feed);
    if (!graph.isValid(e.live.node)) countUnknown(e, feed);
    if (c.kind == Kind::Transform) {
        e.feedTransform = c.transform;
        e.transformAspect = {c.transform.mask != 0, feed, false};
        markDirty(e, true, false, false);
    } else if (c.kind == Kind::Visibility) {
        e.feedVisible = c.visible;
        e.visibilityAspect = {true, feed, false};
        e.removedAspect = {}; // a visibility record brings a removed scene entity back
        markDirty(e, false, true, false);
    } else {
        e.feedColour = c.colour;
        e.colourAspect = {c.colour.mask != 0, feed, false};
        markDirty(e, false, false, true);
    }
}

void TwinRuntime::Impl::applyProperty(size_t feed, const net::FeedChange& c) {
    EntityRec& e = entityFor(c.entity, feed);
    if (!graph.isValid(e.live.node)) countUnknown(e, feed);
    std::vector<LiveProperty>& props = e.live.properties;
    auto it = std::lower_bound(props.begin(), props.end(), c.name,
                               [](const LiveProperty& p, const std::string& n) { return p.name < n; });
    size_t index = size_t(it - props.begin());
    if (it == props.end() || it->name != c.name) {
        LiveProperty fresh;
        fresh.name = c.name;
        props.insert(it, std::move(fresh));
        e.propertyMeta.insert(e.propertyMeta.begin() + ptrdiff_t(index), PropertyMeta{});
    }
    LiveProperty& p = props[index];
    p.state = c.property;
    p.unit = c.property.unit.display();
    if (p.unit.empty() && e.decl)
        if (const PropertyDecl* d = e.decl->findProperty(c.name)) p.unit = d->unit;
    p.updatedAtSeconds = time;
    e.propertyMeta[index] = {feed, false};
    if (e.decl) evaluateProperty(e, p);
}

scene::NodeHandle TwinRuntime::Impl::spawnParentNode(const std::string& parent, size_t feed) {
    if (parent.empty()) return {};
    if (EntityRec* p = find(parent); p && graph.isValid(p->live.node)) return p->live.node;
    scene::NodeHandle named = graph.findByName(parent);
    if (graph.isValid(named)) return named;
    if (firstTime("parent:" + parent))
        logWarn("twin feed \"%s\": spawn parent \"%s\" matches no entity or node; spawning at the scene root",
                feedName(feed), parent.c_str());
    return {};
}

void TwinRuntime::Impl::destroySpawn(EntityRec& e) {
    byNode.erase(e.live.node);
    for (scene::NodeHandle n : e.paintedNodes) originalOverride.erase(n); // the nodes die with the instance
    e.paintedNodes.clear();
    graph.destroyInstance(e.instance); // tolerates an instance already gone with a removed spawned parent
    e.instance = {};
    e.live.node = {};
    e.live.spawned = false;
    e.spawnAspect = {};
    e.hasBase = false;
    e.touchedTransform = false;
    e.touchedVisibility = false;
}

void TwinRuntime::Impl::applySpawn(size_t feed, const net::FeedChange& c) {
    EntityRec& e = entityFor(c.entity, feed);
    const net::SpawnState& s = c.spawn;
    if (e.spawnAspect.set && graph.isValid(e.instance) && e.spawnAsset == s.asset) {
        // The same instance again (a snapshot repeating it, a move): keep the nodes, only place them.
        e.spawnAspect = {true, feed, false};
        if (s.parent != e.spawnParent) {
            e.spawnParent = s.parent;
            auto moved = graph.setParent(e.live.node, spawnParentNode(s.parent, feed));
            if (!moved && firstTime("reparent:" + e.live.id))
                logWarn("twin feed \"%s\": cannot move \"%s\" under \"%s\": %s", feedName(feed), e.live.id.c_str(),
                        s.parent.c_str(), moved.error().message.c_str());
        }
        e.base = s.transform;
        markDirty(e, true, false, false);
        return;
    }
    if (!e.spawnAspect.set && graph.isValid(e.live.node)) {
        // The scene already shows this entity (scene file or a node of that name): a spawn only brings it back
        // after a remove; its asset and placement are ignored.
        if (firstTime("spawn-existing:" + e.live.id))
            logWarn("twin feed \"%s\": spawn of \"%s\", which the scene already has: shown, asset \"%s\" ignored",
                    feedName(feed), e.live.id.c_str(), s.asset.c_str());
        e.removedAspect = {};
        markDirty(e, false, true, false);
        return;
    }
    auto cached = assetCache.find(s.asset);
    if (cached == assetCache.end()) {
        Expected<scene::AssetPtr> loaded =
            resolver ? resolver(s.asset)
                     : Expected<scene::AssetPtr>(makeError(ErrorCode::NotFound, "no asset resolver"));
        if (loaded && !*loaded) loaded = makeError(ErrorCode::NotFound, "the resolver returned no asset");
        if (!loaded)
            logWarn("twin feed \"%s\": cannot spawn asset \"%s\": %s (every spawn of it will fail)", feedName(feed),
                    s.asset.c_str(), loaded.error().message.c_str());
        cached = assetCache.emplace(s.asset, std::move(loaded)).first;
    }
    if (!cached->second) {
        ++counters.spawnFailures;
        return;
    }
    if (e.spawnAspect.set) destroySpawn(e); // another asset under the same id: replace the instance
    auto inst = graph.instantiate(*cached->second, -1, spawnParentNode(s.parent, feed), e.live.id);
    if (!inst) {
        ++counters.spawnFailures;
        if (firstTime("instantiate:" + s.asset))
            logWarn("twin feed \"%s\": cannot instantiate asset \"%s\": %s", feedName(feed), s.asset.c_str(),
                    inst.error().message.c_str());
        return;
    }
    e.instance = *inst;
    e.hasBase = true;
    e.base = s.transform;
    e.baseVisible = true;
    attachNode(e, graph.instanceRoot(*inst));
    e.spawnAspect = {true, feed, false};
    e.spawnAsset = s.asset;
    e.spawnParent = s.parent;
    e.live.spawned = true;
    e.removedAspect = {};
    markDirty(e, true, true, true);
}

void TwinRuntime::Impl::eraseProperty(EntityRec& e, size_t index) {
    auto it = e.bindingsByProperty.find(e.live.properties[index].name);
    if (it != e.bindingsByProperty.end())
        for (size_t b : it->second) undoBinding(b);
    e.live.properties.erase(e.live.properties.begin() + ptrdiff_t(index));
    e.propertyMeta.erase(e.propertyMeta.begin() + ptrdiff_t(index));
}

void TwinRuntime::Impl::clearAspects(EntityRec& e) {
    e.transformAspect = {};
    e.visibilityAspect = {};
    e.colourAspect = {};
    e.feedColour = {};
    e.feedTransform = {};
    markDirty(e, true, true, true);
}

void TwinRuntime::Impl::eraseEntity(EntityRec& e) {
    TV_ASSERT(!e.decl, "scene-file entities are never erased (bindings point at them)");
    if (e.queued) dirty.erase(std::find(dirty.begin(), dirty.end(), &e));
    for (scene::NodeHandle n : e.paintedNodes) restoreNode(n);
    // Also when the node is already gone (destroyed with a removed spawned parent): no entry may outlive `e`.
    auto it = byNode.find(e.live.node);
    if (it != byNode.end() && it->second == &e) byNode.erase(it);
    std::string id = e.live.id; // `e` dies with its map entry
    entities.erase(id);
    entityGeneration = nextEntityGeneration();
}

void TwinRuntime::Impl::applyRemove(size_t feed, const net::FeedChange& c) {
    EntityRec& e = entityFor(c.entity, feed);
    bool wasSpawned = e.spawnAspect.set;
    if (wasSpawned) destroySpawn(e);
    // Everything the feed said about it is gone (as in net::TwinState).
    while (!e.live.properties.empty()) eraseProperty(e, e.live.properties.size() - 1);
    clearAspects(e);
    if (graph.isValid(e.live.node)) {
        // A scene entity cannot be deleted from the file's assets: hide it until a spawn or visibility record.
        e.removedAspect = {true, feed, false};
        markDirty(e, false, true, false);
        return;
    }
    if (!wasSpawned) countUnknown(e, feed);
    if (!e.decl) eraseEntity(e);
}

// ---- Reset: mark, apply the new state, sweep what it did not mention ---------------------------------------------

void TwinRuntime::Impl::markFeed(size_t feed) {
    auto mark = [feed](FeedAspect& a) {
        if (a.set && a.feed == feed) a.marked = true;
    };
    for (auto& [id, e] : entities) {
        for (PropertyMeta& m : e->propertyMeta)
            if (m.feed == feed) m.marked = true;
        mark(e->transformAspect);
        mark(e->visibilityAspect);
        mark(e->colourAspect);
        mark(e->spawnAspect);
        mark(e->removedAspect);
    }
    for (auto& [key, a] : alarmRecs)
        if (a.alarm.origin == AlarmOrigin::Feed && a.feed == feed) a.marked = true;
}

void TwinRuntime::Impl::sweepFeed(size_t feed) {
    std::vector<EntityRec*> doomed;
    for (auto& [id, ep] : entities) {
        EntityRec& e = *ep;
        for (size_t i = e.propertyMeta.size(); i-- > 0;)
            if (e.propertyMeta[i].marked) eraseProperty(e, i);
        auto sweep = [&](FeedAspect& a, bool transform, bool visibility, bool material) {
            if (!a.marked) return false;
            a = {};
            markDirty(e, transform, visibility, material);
            return true;
        };
        sweep(e.transformAspect, true, false, false);
        sweep(e.visibilityAspect, false, true, false);
        if (sweep(e.colourAspect, false, false, true)) e.feedColour = {};
        sweep(e.removedAspect, false, true, false);
        if (e.spawnAspect.marked) {
            destroySpawn(e);
            if (!e.decl) doomed.push_back(&e);
        }
    }
    for (EntityRec* e : doomed) eraseEntity(*e);
    for (auto it = alarmRecs.begin(); it != alarmRecs.end();) {
        if (it->second.marked) {
            it = alarmRecs.erase(it);
            alarmsDirty = true;
        } else {
            ++it;
        }
    }
    (void)feed;
}

void TwinRuntime::Impl::setFeedStatus(size_t feed, const net::FeedStatus& status) {
    FeedSlot& slot = feeds[feed];
    std::string name = slot.status.name;
    slot.status = status;
    if (slot.status.name.empty()) slot.status.name = name;
    bool stale = status.liveness == net::FeedLiveness::Stale;
    if (stale == slot.stale) return;
    slot.stale = stale;
    // A liveness change is rare: walking every entity once is fine.
    for (auto& [id, e] : entities)
        if (e->heard && e->live.feed == feed && e->live.stale != stale) {
            e->live.stale = stale;
            markDirty(*e, false, false, true);
        }
}

// ---- Public API ------------------------------------------------------------------------------------------------

TwinRuntime::TwinRuntime(const SceneFile& file, ResolvedScene resolved, scene::SceneGraph& graph,
                         AssetResolver resolver)
    : m_impl(std::make_unique<Impl>(file, std::move(resolved), graph, std::move(resolver))) {
    Impl& m = *m_impl;
    m.feeds.resize(std::max<size_t>(1, file.feeds.size()));
    for (size_t i = 0; i < file.feeds.size(); ++i) m.feeds[i].status.name = file.feeds[i].name;
    for (size_t i = 0; i < file.entities.size(); ++i) {
        const EntityDecl& d = file.entities[i];
        auto rec = std::make_unique<EntityRec>();
        rec->live.id = d.id;
        rec->decl = &d;
        scene::NodeHandle node = i < m.resolved.entityNodes.size() ? m.resolved.entityNodes[i] : scene::NodeHandle{};
        if (graph.isValid(node)) m.attachNode(*rec, node);
        m.entities.emplace(d.id, std::move(rec));
    }
    m.entityGeneration = nextEntityGeneration();
    m.bindings.resize(file.bindings.size());
    for (size_t b = 0; b < file.bindings.size(); ++b) {
        EntityRec* e = m.find(file.bindings[b].entity);
        if (!e || !e->decl) continue; // a SceneFile built in code may skip validation: such a binding never fires
        m.bindings[b].entity = e;
        e->bindingsByProperty[file.bindings[b].property].push_back(b);
        e->bindings.push_back(b);
    }
}

TwinRuntime::~TwinRuntime() = default;

void TwinRuntime::apply(size_t feed, const net::FeedDelta& delta) {
    Impl& m = *m_impl;
    TV_ASSERT(feed < m.feeds.size(), "apply: feed index out of range");
    if (m.resetChangesOnApply) {
        m.counters.changesLastFrame = 0;
        m.resetChangesOnApply = false;
    }
    m.setFeedStatus(feed, delta.status);
    if (delta.reset) m.markFeed(feed);
    for (const net::FeedChange& c : delta.changes) m.applyChange(feed, c);
    if (delta.reset) m.sweepFeed(feed);
    m.counters.changesApplied += delta.changes.size();
    m.counters.changesLastFrame += uint32_t(delta.changes.size());
    m.flush();
}

void TwinRuntime::update(double timeSeconds) {
    Impl& m = *m_impl;
    // changesLastFrame keeps the count of this frame's deltas until the next frame's first apply(), so a panel
    // drawn after update() still sees it; a frame without any apply() reads 0.
    if (m.resetChangesOnApply) m.counters.changesLastFrame = 0;
    m.resetChangesOnApply = true;
    m.advance(timeSeconds);
    m.flush();
    m.refreshLabels();
}

const LiveEntity* TwinRuntime::findEntity(std::string_view id) const {
    EntityRec* e = m_impl->find(id);
    return e ? &e->live : nullptr;
}

uint64_t TwinRuntime::entityGeneration() const { return m_impl->entityGeneration; }

void TwinRuntime::forEachEntity(const std::function<void(const LiveEntity&)>& fn) const {
    for (const auto& [id, rec] : m_impl->entities) fn(rec->live);
}

const LiveEntity* TwinRuntime::entityForNode(scene::NodeHandle node) const {
    const Impl& m = *m_impl;
    for (scene::NodeHandle n = node; m.graph.isValid(n) && n != m.graph.root(); n = m.graph.parent(n)) {
        auto it = m.byNode.find(n);
        if (it != m.byNode.end() && it->second->live.node == n) return &it->second->live;
    }
    return nullptr;
}

const std::vector<LiveAlarm>& TwinRuntime::alarms() const { return m_impl->sortedAlarms; }

bool TwinRuntime::acknowledgeLocal(std::string_view alarmId, std::string_view by) {
    Impl& m = *m_impl;
    auto it = m.alarmRecs.find("T:" + std::string(alarmId));
    if (it == m.alarmRecs.end()) return false;
    LiveAlarm& a = it->second.alarm;
    if (a.acknowledged) return true;
    a.acknowledged = true;
    a.acknowledgedBy = std::string(by);
    a.acknowledgedAtSeconds = m.time;
    m.alarmsDirty = true;
    m.flush(); // the list and the entity's glow change now, not at the next frame's update
    return true;
}

void TwinRuntime::setEntityTints(std::span<const EntityTint> tints) {
    Impl& m = *m_impl;
    for (const auto& [id, colour] : m.tints) m.repaint(id);
    m.tints.clear();
    for (const EntityTint& t : tints) {
        m.tints[t.entity] = t.colour;
        m.repaint(t.entity);
    }
    m.flush();
}
const std::vector<LiveLabel>& TwinRuntime::labels() const { return m_impl->labels; }
const net::FeedStatus& TwinRuntime::feedStatus(size_t feed) const {
    TV_ASSERT(feed < m_impl->feeds.size(), "feedStatus: feed index out of range");
    return m_impl->feeds[feed].status;
}
size_t TwinRuntime::feedCount() const { return m_impl->feeds.size(); }
const RuntimeCounters& TwinRuntime::counters() const { return m_impl->counters; }
const SceneFile& TwinRuntime::file() const { return m_impl->file; }

} // namespace tv::twin
