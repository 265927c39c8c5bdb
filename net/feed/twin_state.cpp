#include "net/feed/twin_state.h"

#include "core/log.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <set>

namespace tv::net {
namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

bool isEmpty(const EntityState& e) {
    return e.properties.empty() && e.transform.mask == 0 && !e.hasVisibility && e.colour.mask == 0 && !e.spawned;
}

void mergeTransform(TransformState& into, uint8_t mask, const vec3& t, const quat& r, const vec3& s) {
    into.mask |= mask;
    if (mask & kTransformTranslation) into.translation = t;
    if (mask & kTransformRotation) into.rotation = r;
    if (mask & kTransformScale) into.scale = s;
}

// std::string::assign is an out-of-line call even for "" into "". Most properties are numbers or vectors with a
// coded unit (no string value, no unit symbol), and every update passes here, so the empty case stays inline.
void assignText(std::string& to, std::string_view from) {
    if (from.empty())
        to.clear();
    else
        to.assign(from);
}

// A property record into its owned state, field by field, so a string value or unit symbol reuses the capacity
// already there (the state's and the pending delta's property slots are overwritten many times).
void assignProperty(PropertyState& p, const PropertyUpdate& u, uint64_t sentUs, uint64_t receivedUs) {
    p.value.type = u.value.type;
    p.value.number = u.value.number;
    p.value.boolean = u.value.boolean;
    assignText(p.value.text, u.value.text);
    p.value.vector = u.value.vector;
    p.unit.kind = u.unit.kind;
    p.unit.code = u.unit.code;
    assignText(p.unit.symbol, u.unit.symbol);
    p.sourceTimestampUs = u.sourceTimestampUs;
    p.sentUs = sentUs;
    p.receivedUs = receivedUs;
}

// Shortest round-trip form: a difference report must show the bits that differ, not a rounded display.
std::string exactNumber(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

std::string exactValue(const OwnedValue& v) {
    switch (v.type) {
    case ValueType::Number: return exactNumber(v.number);
    case ValueType::Bool: return v.boolean ? "true" : "false";
    case ValueType::String: return "\"" + v.text + "\"";
    case ValueType::Vec3:
    case ValueType::Vec4: {
        std::string s = "(";
        int n = v.type == ValueType::Vec3 ? 3 : 4;
        for (int i = 0; i < n; ++i) s += (i ? ", " : "") + exactNumber(v.vector[i]);
        return s + ")";
    }
    }
    return "?";
}

std::string describeTransform(const TransformState& t) {
    return format("mask %u T(%g, %g, %g) R(%g, %g, %g, %g) S(%g, %g, %g)", t.mask, t.translation.x, t.translation.y,
                  t.translation.z, t.rotation.x, t.rotation.y, t.rotation.z, t.rotation.w, t.scale.x, t.scale.y,
                  t.scale.z);
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------
// TwinState

void TwinState::apply(const Update& update, uint64_t sentUs, uint64_t receivedUs) {
    auto entity = [this](std::string_view id) -> EntityState& {
        auto it = m_entities.find(id);
        if (it == m_entities.end()) it = m_entities.emplace(std::string(id), EntityState{}).first;
        return it->second;
    };
    std::visit(Overloaded{
                   [&](const PropertyUpdate& u) {
                       EntityState& e = entity(u.entity);
                       auto it = e.properties.find(u.property);
                       if (it == e.properties.end())
                           it = e.properties.emplace(std::string(u.property), PropertyState{}).first;
                       assignProperty(it->second, u, sentUs, receivedUs);
                   },
                   [&](const TransformUpdate& u) {
                       mergeTransform(entity(u.entity).transform, u.mask, u.translation, u.rotation, u.scale);
                   },
                   [&](const VisibilityUpdate& u) {
                       EntityState& e = entity(u.entity);
                       e.hasVisibility = true;
                       e.visible = u.visible;
                   },
                   // An override record replaces the entity's whole override: mask 2 alone leaves no base-colour
                   // override. That keeps "latest record wins" exact for coalescing (DeltaBuilder).
                   [&](const ColourOverride& u) {
                       EntityState& e = entity(u.entity);
                       e.colour.mask = u.mask;
                       e.colour.baseColour = (u.mask & kColourBase) ? u.baseColour : vec4(1.0f);
                       e.colour.emissive = (u.mask & kColourEmissive) ? u.emissive : vec3(0.0f);
                   },
                   [&](const ColourClear& u) {
                       auto it = m_entities.find(u.entity);
                       if (it != m_entities.end()) it->second.colour = ColourState{};
                   },
                   [&](const SpawnEntity& u) {
                       EntityState& e = entity(u.entity);
                       e.spawned = true;
                       assignText(e.spawn.asset, u.asset);
                       assignText(e.spawn.parent, u.parent);
                       e.spawn.transform = u.transform;
                   },
                   [&](const RemoveEntity& u) {
                       auto it = m_entities.find(u.entity);
                       if (it != m_entities.end()) m_entities.erase(it);
                   },
                   [&](const AlarmRaise& u) {
                       auto it = m_alarms.find(u.alarmId);
                       if (it == m_alarms.end()) it = m_alarms.emplace(std::string(u.alarmId), AlarmState{}).first;
                       AlarmState& a = it->second;
                       assignText(a.entity, u.entity);
                       a.severity = u.severity;
                       assignText(a.text, u.text);
                       a.raisedUs = sentUs;
                       a.clearAcknowledgement();
                   },
                   [&](const AlarmClear& u) {
                       auto it = m_alarms.find(u.alarmId);
                       if (it != m_alarms.end()) m_alarms.erase(it);
                   },
                   [&](const AlarmAck& u) {
                       auto it = m_alarms.find(u.alarmId);
                       if (it == m_alarms.end()) return; // not raised (or already cleared): nothing to acknowledge
                       it->second.acknowledge(u.by, sentUs);
                   },
               },
               update);
}

void TwinState::apply(const FeedChange& c) {
    auto entity = [this](const std::string& id) -> EntityState& { return m_entities[id]; };
    switch (c.kind) {
    case FeedChange::Kind::Property: entity(c.entity).properties[c.name] = c.property; break;
    case FeedChange::Kind::Transform:
        mergeTransform(entity(c.entity).transform, c.transform.mask, c.transform.translation, c.transform.rotation,
                       c.transform.scale);
        break;
    case FeedChange::Kind::Visibility: {
        EntityState& e = entity(c.entity);
        e.hasVisibility = true;
        e.visible = c.visible;
        break;
    }
    case FeedChange::Kind::Colour:
        if (c.colour.mask != 0) {
            entity(c.entity).colour = c.colour;
        } else if (auto it = m_entities.find(c.entity); it != m_entities.end()) {
            it->second.colour = ColourState{};
        }
        break;
    case FeedChange::Kind::Spawn: {
        EntityState& e = entity(c.entity);
        e.spawned = true;
        e.spawn = c.spawn;
        break;
    }
    case FeedChange::Kind::Remove: m_entities.erase(c.entity); break;
    case FeedChange::Kind::AlarmRaise: m_alarms[c.name] = c.alarm; break;
    case FeedChange::Kind::AlarmClear: m_alarms.erase(c.name); break;
    case FeedChange::Kind::AlarmAck:
        if (auto it = m_alarms.find(c.name); it != m_alarms.end())
            it->second.acknowledge(c.alarm.acknowledgedBy, c.alarm.acknowledgedUs);
        break;
    }
}

void TwinState::apply(const FeedDelta& delta) {
    if (delta.reset) clear();
    for (const FeedChange& c : delta.changes) apply(c);
}

void TwinState::clear() {
    m_entities.clear();
    m_alarms.clear();
}

const EntityState* TwinState::findEntity(std::string_view id) const {
    auto it = m_entities.find(id);
    return it == m_entities.end() ? nullptr : &it->second;
}

const PropertyState* TwinState::findProperty(std::string_view entity, std::string_view property) const {
    const EntityState* e = findEntity(entity);
    if (!e) return nullptr;
    auto it = e->properties.find(property);
    return it == e->properties.end() ? nullptr : &it->second;
}

size_t TwinState::propertyCount() const {
    size_t n = 0;
    for (const auto& [id, e] : m_entities) n += e.properties.size();
    return n;
}

void appendUpdates(const FeedChange& c, std::vector<Update>& out) {
    switch (c.kind) {
    case FeedChange::Kind::Property: {
        PropertyUpdate u;
        u.entity = c.entity;
        u.property = c.name;
        u.sourceTimestampUs = c.property.sourceTimestampUs;
        u.unit = c.property.unit.view();
        u.value = c.property.value.view();
        out.emplace_back(u);
        return;
    }
    case FeedChange::Kind::Transform: {
        TransformUpdate t;
        t.entity = c.entity;
        t.mask = c.transform.mask;
        t.translation = c.transform.translation;
        t.rotation = c.transform.rotation;
        t.scale = c.transform.scale;
        out.emplace_back(t);
        return;
    }
    case FeedChange::Kind::Visibility: out.emplace_back(VisibilityUpdate{c.entity, c.visible}); return;
    case FeedChange::Kind::Colour: {
        if (c.colour.mask == 0) {
            out.emplace_back(ColourClear{c.entity});
            return;
        }
        ColourOverride o;
        o.entity = c.entity;
        o.mask = c.colour.mask;
        o.baseColour = c.colour.baseColour;
        o.emissive = c.colour.emissive;
        out.emplace_back(o);
        return;
    }
    case FeedChange::Kind::Spawn: {
        SpawnEntity s;
        s.entity = c.entity;
        s.asset = c.spawn.asset;
        s.parent = c.spawn.parent;
        s.transform = c.spawn.transform;
        out.emplace_back(s);
        return;
    }
    case FeedChange::Kind::Remove: out.emplace_back(RemoveEntity{c.entity}); return;
    case FeedChange::Kind::AlarmRaise:
        out.emplace_back(AlarmRaise{c.name, c.alarm.entity, c.alarm.severity, c.alarm.text});
        if (c.alarm.acknowledged) out.emplace_back(AlarmAck{c.name, c.alarm.acknowledgedBy});
        return;
    case FeedChange::Kind::AlarmClear: out.emplace_back(AlarmClear{c.name}); return;
    case FeedChange::Kind::AlarmAck: out.emplace_back(AlarmAck{c.name, c.alarm.acknowledgedBy}); return;
    }
}

void TwinState::toUpdates(std::vector<Update>& out) const {
    out.clear();
    // Spawns, parents before children: a depth-first walk up the parent chain emits a spawned parent first. The
    // `visiting` set stops a (malformed) parent cycle from recursing forever; such entities come out in id order.
    std::set<std::string_view> done, visiting;
    auto emitSpawn = [&](auto& self, const std::string& id, const EntityState& e) -> void {
        if (done.count(id) || visiting.count(id)) return;
        visiting.insert(id);
        if (!e.spawn.parent.empty()) {
            auto parent = m_entities.find(e.spawn.parent);
            if (parent != m_entities.end() && parent->second.spawned) self(self, parent->first, parent->second);
        }
        visiting.erase(id);
        done.insert(id);
        SpawnEntity s;
        s.entity = id;
        s.asset = e.spawn.asset;
        s.parent = e.spawn.parent;
        s.transform = e.spawn.transform;
        out.emplace_back(s);
    };
    for (const auto& [id, e] : m_entities)
        if (e.spawned) emitSpawn(emitSpawn, id, e);

    for (const auto& [id, e] : m_entities) {
        if (e.transform.mask != 0) {
            TransformUpdate t;
            t.entity = id;
            t.mask = e.transform.mask;
            t.translation = e.transform.translation;
            t.rotation = e.transform.rotation;
            t.scale = e.transform.scale;
            out.emplace_back(t);
        }
        if (e.hasVisibility) out.emplace_back(VisibilityUpdate{id, e.visible});
        if (e.colour.mask != 0) {
            ColourOverride c;
            c.entity = id;
            c.mask = e.colour.mask;
            c.baseColour = e.colour.baseColour;
            c.emissive = e.colour.emissive;
            out.emplace_back(c);
        }
        for (const auto& [name, p] : e.properties) {
            PropertyUpdate u;
            u.entity = id;
            u.property = name;
            u.sourceTimestampUs = p.sourceTimestampUs;
            u.unit = p.unit.view();
            u.value = p.value.view();
            out.emplace_back(u);
        }
    }
    for (const auto& [id, a] : m_alarms) {
        out.emplace_back(AlarmRaise{id, a.entity, a.severity, a.text});
        if (a.acknowledged) out.emplace_back(AlarmAck{id, a.acknowledgedBy});
    }
}

bool TwinState::sameAs(const TwinState& other, std::string* firstDifference) const {
    auto differ = [&](std::string what) {
        if (firstDifference) *firstDifference = std::move(what);
        return false;
    };
    // Entities with nothing set are invisible in a snapshot, so they do not count as a difference.
    auto live = [](const std::map<std::string, EntityState, std::less<>>& m) {
        std::vector<const std::pair<const std::string, EntityState>*> v;
        for (const auto& kv : m)
            if (!isEmpty(kv.second)) v.push_back(&kv);
        return v;
    };
    auto mine = live(m_entities), theirs = live(other.m_entities);
    size_t i = 0, j = 0;
    while (i < mine.size() || j < theirs.size()) {
        if (j == theirs.size() || (i < mine.size() && mine[i]->first < theirs[j]->first))
            return differ(format("entity %s: only on the left", mine[i]->first.c_str()));
        if (i == mine.size() || theirs[j]->first < mine[i]->first)
            return differ(format("entity %s: only on the right", theirs[j]->first.c_str()));
        const std::string& id = mine[i]->first;
        const EntityState& a = mine[i]->second;
        const EntityState& b = theirs[j]->second;
        if (a.spawned != b.spawned || (a.spawned && !(a.spawn == b.spawn)))
            return differ(format("%s: spawn %s (%s) vs %s (%s)", id.c_str(), a.spawned ? "yes" : "no",
                                 a.spawn.asset.c_str(), b.spawned ? "yes" : "no", b.spawn.asset.c_str()));
        if (!(a.transform == b.transform))
            return differ(format("%s.transform: %s vs %s", id.c_str(), describeTransform(a.transform).c_str(),
                                 describeTransform(b.transform).c_str()));
        if (a.hasVisibility != b.hasVisibility || (a.hasVisibility && a.visible != b.visible))
            return differ(format("%s.visible: %s vs %s", id.c_str(),
                                 a.hasVisibility ? (a.visible ? "true" : "false") : "unset",
                                 b.hasVisibility ? (b.visible ? "true" : "false") : "unset"));
        if (!(a.colour == b.colour))
            return differ(format("%s.colour: mask %u (%g, %g, %g, %g) vs mask %u (%g, %g, %g, %g)", id.c_str(),
                                 a.colour.mask, a.colour.baseColour.r, a.colour.baseColour.g, a.colour.baseColour.b,
                                 a.colour.baseColour.a, b.colour.mask, b.colour.baseColour.r, b.colour.baseColour.g,
                                 b.colour.baseColour.b, b.colour.baseColour.a));
        auto pa = a.properties.begin(), pb = b.properties.begin();
        for (; pa != a.properties.end() || pb != b.properties.end();) {
            if (pb == b.properties.end() || (pa != a.properties.end() && pa->first < pb->first))
                return differ(format("%s.%s: only on the left", id.c_str(), pa->first.c_str()));
            if (pa == a.properties.end() || pb->first < pa->first)
                return differ(format("%s.%s: only on the right", id.c_str(), pb->first.c_str()));
            const PropertyState& x = pa->second;
            const PropertyState& y = pb->second;
            if (!x.value.sameAs(y.value))
                return differ(format("%s.%s: %s vs %s", id.c_str(), pa->first.c_str(), exactValue(x.value).c_str(),
                                     exactValue(y.value).c_str()));
            if (!(x.unit == y.unit))
                return differ(format("%s.%s unit: '%s' vs '%s'", id.c_str(), pa->first.c_str(),
                                     x.unit.display().c_str(), y.unit.display().c_str()));
            if (x.sourceTimestampUs != y.sourceTimestampUs)
                return differ(format("%s.%s source timestamp: %llu vs %llu", id.c_str(), pa->first.c_str(),
                                     (unsigned long long)x.sourceTimestampUs, (unsigned long long)y.sourceTimestampUs));
            ++pa;
            ++pb;
        }
        ++i;
        ++j;
    }
    auto aa = m_alarms.begin(), ab = other.m_alarms.begin();
    for (; aa != m_alarms.end() || ab != other.m_alarms.end();) {
        if (ab == other.m_alarms.end() || (aa != m_alarms.end() && aa->first < ab->first))
            return differ(format("alarm %s: only on the left", aa->first.c_str()));
        if (aa == m_alarms.end() || ab->first < aa->first)
            return differ(format("alarm %s: only on the right", ab->first.c_str()));
        if (!aa->second.sameAs(ab->second)) {
            auto describe = [](const AlarmState& a) {
                return format("%s sev %u '%s' %s", a.entity.c_str(), unsigned(a.severity), a.text.c_str(),
                              a.acknowledged ? ("acked by '" + a.acknowledgedBy + "'").c_str() : "unacked");
            };
            return differ(format("alarm %s: %s vs %s", aa->first.c_str(), describe(aa->second).c_str(),
                                 describe(ab->second).c_str()));
        }
        ++aa;
        ++ab;
    }
    if (firstDifference) firstDifference->clear();
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// DeltaBuilder

// Key = kind letter + entity length + entity + name. The length prefix keeps ("ab", "c") apart from ("a", "bc") even
// though ids may contain any UTF-8, NUL included. It is one byte for ids under 128 bytes (0x80, then u16 length,
// otherwise; the first byte tells the forms apart), so a typical key ("P", "pump-01", "speed") stays within
// std::string's inline buffer: no allocation per new key and no pointer to chase when the lookup compares keys.
std::string_view DeltaBuilder::makeKey(char kind, std::string_view entity, std::string_view name) {
    m_scratch.clear();
    m_scratch.push_back(kind);
    const size_t n = std::min<size_t>(entity.size(), 0xFFFF);
    if (n < 0x80) {
        m_scratch.push_back(char(n));
    } else {
        m_scratch.push_back(char(0x80));
        m_scratch.push_back(char(n & 0xFF));
        m_scratch.push_back(char(n >> 8));
    }
    m_scratch.append(entity);
    m_scratch.append(name);
    return m_scratch;
}

FeedChange& DeltaBuilder::slot(FeedChange::Kind kind, std::string_view entity, std::string_view name, bool& created) {
    auto it = m_index.find(std::string_view(m_scratch));
    if (it != m_index.end() && it->second.generation == m_generation) {
        created = false;
        FeedChange& c = m_delta.changes[it->second.index];
        c.kind = kind; // alarm raise <-> clear share a key
        return c;
    }
    created = true;
    Slot s{m_generation, uint32_t(m_delta.changes.size())};
    if (it != m_index.end())
        it->second = s; // seen in an earlier delta: no allocation
    else
        m_index.emplace(m_scratch, s);
    FeedChange& c = m_delta.changes.emplace_back();
    c.kind = kind;
    assignText(c.entity, entity);
    assignText(c.name, name);
    return c;
}

// Keys of every entity ever updated stay in the index; a feed that spawns ever new ids would grow it without
// bound, so past this many keys the index starts over (costing one allocation per key once).
constexpr size_t kMaxRememberedKeys = size_t(1) << 18;

void DeltaBuilder::startGeneration() {
    ++m_generation;
    if (m_index.size() > kMaxRememberedKeys) m_index.clear();
}

FeedChange* DeltaBuilder::pending() {
    auto it = m_index.find(std::string_view(m_scratch));
    if (it == m_index.end() || it->second.generation != m_generation) return nullptr;
    return &m_delta.changes[it->second.index];
}

void DeltaBuilder::dropEntity(std::string_view entity) {
    auto& changes = m_delta.changes;
    auto isAlarm = [](const FeedChange& c) {
        return c.kind == FeedChange::Kind::AlarmRaise || c.kind == FeedChange::Kind::AlarmClear ||
               c.kind == FeedChange::Kind::AlarmAck;
    };
    auto end = std::remove_if(changes.begin(), changes.end(),
                              [&](const FeedChange& c) { return !isAlarm(c) && c.entity == entity; });
    if (end == changes.end()) return;
    changes.erase(end, changes.end());
    // Positions moved: re-register the survivors under a new generation. Removes are rare next to value updates,
    // so O(pending) here is fine.
    ++m_generation;
    for (uint32_t i = 0; i < changes.size(); ++i) {
        const FeedChange& c = changes[i];
        char k = 0;
        switch (c.kind) {
        case FeedChange::Kind::Property: k = 'P'; break;
        case FeedChange::Kind::Transform: k = 'T'; break;
        case FeedChange::Kind::Visibility: k = 'V'; break;
        case FeedChange::Kind::Colour: k = 'C'; break;
        case FeedChange::Kind::Spawn: k = 'S'; break;
        case FeedChange::Kind::Remove: k = 'R'; break;
        case FeedChange::Kind::AlarmRaise:
        case FeedChange::Kind::AlarmClear:
        case FeedChange::Kind::AlarmAck: k = 'A'; break;
        }
        makeKey(k, c.entity, c.name);
        m_index[m_scratch] = Slot{m_generation, i};
    }
}

void DeltaBuilder::add(const Update& update, uint64_t sentUs, uint64_t receivedUs) {
    bool created = false;
    std::visit(Overloaded{
                   [&](const PropertyUpdate& u) {
                       makeKey('P', u.entity, u.property);
                       FeedChange& c = slot(FeedChange::Kind::Property, u.entity, u.property, created);
                       PropertyState& p = c.property;
                       // Assign in place: a string value reuses the pending change's buffer.
                       assignProperty(p, u, sentUs, receivedUs);
                   },
                   [&](const TransformUpdate& u) {
                       makeKey('T', u.entity);
                       FeedChange& c = slot(FeedChange::Kind::Transform, u.entity, {}, created);
                       mergeTransform(c.transform, u.mask, u.translation, u.rotation, u.scale);
                   },
                   [&](const VisibilityUpdate& u) {
                       makeKey('V', u.entity);
                       slot(FeedChange::Kind::Visibility, u.entity, {}, created).visible = u.visible;
                   },
                   [&](const ColourOverride& u) {
                       makeKey('C', u.entity);
                       ColourState& s = slot(FeedChange::Kind::Colour, u.entity, {}, created).colour;
                       s.mask = u.mask;
                       s.baseColour = (u.mask & kColourBase) ? u.baseColour : vec4(1.0f);
                       s.emissive = (u.mask & kColourEmissive) ? u.emissive : vec3(0.0f);
                   },
                   [&](const ColourClear& u) {
                       makeKey('C', u.entity);
                       slot(FeedChange::Kind::Colour, u.entity, {}, created).colour = ColourState{};
                   },
                   [&](const SpawnEntity& u) {
                       makeKey('S', u.entity);
                       SpawnState& s = slot(FeedChange::Kind::Spawn, u.entity, {}, created).spawn;
                       assignText(s.asset, u.asset);
                       assignText(s.parent, u.parent);
                       s.transform = u.transform;
                   },
                   [&](const RemoveEntity& u) {
                       // Everything pending for the entity is void; the Remove goes last so that a later Spawn of
                       // the same id (appended after it) recreates the entity rather than being removed.
                       dropEntity(u.entity);
                       makeKey('R', u.entity);
                       slot(FeedChange::Kind::Remove, u.entity, {}, created);
                   },
                   [&](const AlarmRaise& u) {
                       makeKey('A', {}, u.alarmId);
                       AlarmState& a = slot(FeedChange::Kind::AlarmRaise, {}, u.alarmId, created).alarm;
                       assignText(a.entity, u.entity);
                       a.severity = u.severity;
                       assignText(a.text, u.text);
                       a.raisedUs = sentUs;
                       a.clearAcknowledgement(); // a new occurrence (also replaces a pending ack)
                   },
                   [&](const AlarmClear& u) {
                       makeKey('A', {}, u.alarmId);
                       slot(FeedChange::Kind::AlarmClear, {}, u.alarmId, created);
                   },
                   [&](const AlarmAck& u) {
                       makeKey('A', {}, u.alarmId);
                       FeedChange* c = pending();
                       // Cleared in this delta: the ack addresses an alarm that is gone, as TwinState ignores it.
                       if (c && c->kind == FeedChange::Kind::AlarmClear) return;
                       // Raised in this delta: the raise carries the ack. Otherwise an AlarmAck of its own.
                       if (!c) c = &slot(FeedChange::Kind::AlarmAck, {}, u.alarmId, created);
                       c->alarm.acknowledge(u.by, sentUs);
                   },
               },
               update);
}

void DeltaBuilder::beginReset() {
    m_delta.changes.clear();
    startGeneration();
    m_delta.reset = true;
}

void DeltaBuilder::addCommandResult(CommandResult result) { m_delta.commandResults.push_back(std::move(result)); }

void DeltaBuilder::addSentTimestamp(uint64_t sentUs) { m_delta.sentUs.push_back(sentUs); }

void DeltaBuilder::take(FeedDelta& out) {
    out.clear();
    std::swap(out.reset, m_delta.reset);
    std::swap(out.changes, m_delta.changes);
    std::swap(out.commandResults, m_delta.commandResults);
    std::swap(out.sentUs, m_delta.sentUs);
    startGeneration();
}

size_t DeltaBuilder::pendingChanges() const { return m_delta.changes.size(); }

} // namespace tv::net
