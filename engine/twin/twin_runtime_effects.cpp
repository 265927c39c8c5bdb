// TwinRuntime effects (see twin_runtime_impl.h): evaluating bindings for changed properties, composing every
// source's wish into each node's transform, visibility and material override, time-driven effects, labels and
// the sorted alarm list.
#include "core/log.h"
#include "twin/twin_runtime_impl.h"

#include <algorithm>
#include <cmath>

namespace tv::twin {

namespace {

constexpr float kStaleSaturation = 0.25f;
// Alarm glow: an unacknowledged alarm pulses between 0 and kFlashPeak (raised cosine, so it eases in and out
// rather than strobing); an acknowledged one glows steadily at kAckedLevel, dimmer, so it still reads as "known
// and still active" without pulling the eye. Critical flashes twice as fast. Repaint only when the level moved
// by more than kFlashStep (about 25 repaints per flash at 60 fps, none for a steady glow).
constexpr float kFlashPeak = 1.0f;
constexpr float kAckedLevel = 0.3f;
constexpr double kFlashHz = 1.0, kCriticalFlashHz = 2.0;
constexpr float kFlashStep = 0.04f;

bool isUniform(const vec3& s) { return s.x == s.y && s.y == s.z; }

// a * d as TRS when that is exact: d has no rotation (T_a R_a S_a T_d S_d = T(a.t + R_a S_a d.t) R_a (S_a S_d)),
// or a's scale is uniform (then S_a commutes with R_d). Otherwise the product has shear: the caller uses a matrix.
bool composeTrs(const Transform& a, const Transform& d, Transform& out) {
    bool noRotation = d.rotation == quat(1.0f, 0.0f, 0.0f, 0.0f);
    if (!noRotation && !isUniform(a.scale)) return false;
    out.translation = a.translation + a.rotation * (a.scale * d.translation);
    out.rotation = a.rotation * d.rotation;
    out.scale = a.scale * d.scale;
    return true;
}

std::string thresholdId(const Binding& b, size_t index) {
    return b.entity + "." + b.property + "#" + std::to_string(index);
}

} // namespace

// ---- Bindings --------------------------------------------------------------------------------------------------

void TwinRuntime::Impl::evaluateProperty(EntityRec& e, const LiveProperty& p) {
    auto it = e.bindingsByProperty.find(p.name);
    if (it == e.bindingsByProperty.end()) return;
    PropertyValue value;
    bool usable = toPropertyValue(p.state.value, value);
    for (size_t b : it->second) evaluate(b, usable ? &value : nullptr, valueTypeName(p.state.value));
}

void TwinRuntime::Impl::bindingError(size_t index, const std::string& message) {
    ++counters.bindingErrors;
    BindingRt& rt = bindings[index];
    if (rt.errorLogged) return;
    rt.errorLogged = true;
    const Binding& b = file.bindings[index];
    logWarn("%s:%u:%u: bindings[%zu]: %s (value ignored; further errors of this binding are only counted)",
            file.path.empty() ? "<scene>" : file.path.c_str(), b.pos.line, b.pos.column, index, message.c_str());
}

void TwinRuntime::Impl::ensureTimeDriven(size_t index) {
    BindingRt& rt = bindings[index];
    rt.timeDriven = true;
    if (!rt.inTimeList) {
        rt.inTimeList = true;
        timeDriven.push_back(index);
    }
}

void TwinRuntime::Impl::evaluate(size_t index, const PropertyValue* value, const std::string& typeName) {
    BindingRt& rt = bindings[index];
    const Binding& b = file.bindings[index];
    EntityRec& e = *rt.entity;
    if (!value) {
        bindingError(index, b.entity + "." + b.property + ": bindings cannot use a " + typeName + " value");
        return;
    }
    // Rate rotations integrate in update(): here dt = 0, the new value only changes the speed.
    Expected<BindingEffect> effect = evaluateBinding(b, *e.decl, *value, time, 0.0, rt.state);
    if (!effect) {
        bindingError(index, effect.error().message);
        return;
    }
    rt.hasValue = true;
    rt.value = *value;
    if (std::holds_alternative<ColorRampBinding>(b.spec)) {
        rt.material = effect->material;
        markDirty(e, false, false, true);
    } else if (const auto* motion = std::get_if<MotionBinding>(&b.spec)) {
        rt.delta = effect->transformDelta;
        if (motion->rate) ensureTimeDriven(index);
        markDirty(e, true, false, false);
    } else if (std::holds_alternative<VisibilityBinding>(b.spec)) {
        rt.visible = effect->visible;
        markDirty(e, false, true, false);
    } else if (const auto* blink = std::get_if<BlinkBinding>(&b.spec)) {
        rt.visible = effect->visible;
        if (evaluateCondition(blink->when, *value))
            ensureTimeDriven(index);
        else
            rt.timeDriven = false;
        markDirty(e, false, true, false);
    } else if (std::holds_alternative<LabelBinding>(b.spec)) {
        setLabel(index, effect->label.value_or(std::string()));
    } else if (const auto* th = std::get_if<ThresholdBinding>(&b.spec)) {
        if (effect->alert == AlertChange::Raised) {
            LiveAlarm a;
            a.id = thresholdId(b, index);
            a.entity = b.entity;
            a.severity = alarmSeverity(th->severity);
            a.text = effect->label ? *effect->label
                                   : format("%s.%s %s %g", b.entity.c_str(), b.property.c_str(),
                                            th->above ? "above" : "below", th->limit);
            a.origin = AlarmOrigin::Threshold;
            a.raisedAtSeconds = time;
            std::string key = "T:" + a.id; // before `a` is moved from
            addAlarm(key, std::move(a), e.live.feed);
        } else if (effect->alert == AlertChange::Cleared) {
            dropAlarm("T:" + thresholdId(b, index));
        }
    }
}

void TwinRuntime::Impl::undoBinding(size_t index) {
    BindingRt& rt = bindings[index];
    if (!rt.entity) return;
    dropLabel(index);
    if (rt.state.alertActive) dropAlarm("T:" + thresholdId(file.bindings[index], index));
    rt.state = {};
    rt.hasValue = false;
    rt.delta.reset();
    rt.visible.reset();
    rt.material.reset();
    rt.timeDriven = false;
    markDirty(*rt.entity, true, true, true);
}

void TwinRuntime::Impl::setLabel(size_t index, const std::string& text) {
    BindingRt& rt = bindings[index];
    if (rt.labelSlot < 0) {
        LiveLabel l;
        l.entity = rt.entity->live.id;
        const Binding& b = file.bindings[index];
        l.property = b.property;
        const std::string& layer = std::get<LabelBinding>(b.spec).layer;
        l.layer = layer.empty() ? b.property : layer;
        rt.labelSlot = int(labels.size());
        labels.push_back(std::move(l));
        labelBinding.push_back(index);
    }
    labels[size_t(rt.labelSlot)].text = text;
}

void TwinRuntime::Impl::dropLabel(size_t index) {
    BindingRt& rt = bindings[index];
    if (rt.labelSlot < 0) return;
    size_t slot = size_t(rt.labelSlot), last = labels.size() - 1;
    if (slot != last) {
        labels[slot] = std::move(labels[last]);
        labelBinding[slot] = labelBinding[last];
        bindings[labelBinding[slot]].labelSlot = int(slot);
    }
    labels.pop_back();
    labelBinding.pop_back();
    rt.labelSlot = -1;
}

// ---- Alarms ----------------------------------------------------------------------------------------------------

vec3 alarmGlowColour(net::AlarmSeverity severity) {
    switch (severity) {
    case net::AlarmSeverity::Info: return vec3(0.15f, 0.45f, 1.0f);
    case net::AlarmSeverity::Warning: return vec3(1.0f, 0.75f, 0.0f);
    case net::AlarmSeverity::Major: return vec3(1.0f, 0.4f, 0.0f);
    case net::AlarmSeverity::Critical: return vec3(1.0f, 0.05f, 0.02f);
    }
    return vec3(1.0f);
}

void TwinRuntime::Impl::addAlarm(const std::string& key, LiveAlarm alarm, size_t feed) {
    auto [it, fresh] = alarmRecs.try_emplace(key);
    if (!fresh) {
        alarm.raisedAtSeconds = it->second.alarm.raisedAtSeconds; // a repeat (snapshot) is not news
        if (alarm.acknowledged && it->second.alarm.acknowledged)
            alarm.acknowledgedAtSeconds = it->second.alarm.acknowledgedAtSeconds;
    }
    it->second.alarm = std::move(alarm);
    it->second.feed = feed;
    it->second.marked = false;
    alarmsDirty = true;
}

void TwinRuntime::Impl::dropAlarm(const std::string& key) {
    if (alarmRecs.erase(key) > 0) alarmsDirty = true;
}

void TwinRuntime::Impl::repaint(std::string_view entity) {
    if (EntityRec* e = find(entity)) markDirty(*e, false, false, true);
}

float TwinRuntime::Impl::alarmLevel(const AlarmLook& look) const {
    if (!look.flashing) return kAckedLevel;
    double hz = look.severity == net::AlarmSeverity::Critical ? kCriticalFlashHz : kFlashHz;
    // Phase from the runtime clock, not from when each alarm was raised: every flashing entity pulses together.
    double phase = time * hz - std::floor(time * hz);
    return kFlashPeak * float(0.5 + 0.5 * std::cos(phase * 2.0 * 3.14159265358979323846));
}

// Runs only when an alarm was added, dropped or acknowledged (not per frame), before the dirty entities are
// flushed, so an entity whose look changed is repainted in the same flush.
void TwinRuntime::Impl::rebuildAlarms() {
    alarmsDirty = false;
    sortedAlarms.clear();
    StringMap<AlarmLook> looks;
    for (const auto& [key, rec] : alarmRecs) {
        sortedAlarms.push_back(rec.alarm);
        auto [look, fresh] = looks.try_emplace(rec.alarm.entity);
        if (fresh || rec.alarm.severity > look->second.severity) look->second.severity = rec.alarm.severity;
        look->second.flashing = look->second.flashing || !rec.alarm.acknowledged;
    }
    for (const auto& [entity, old] : alarmLooks) {
        auto now = looks.find(entity);
        if (now == looks.end() || now->second.severity != old.severity || now->second.flashing != old.flashing)
            repaint(entity);
        else
            now->second.level = old.level;
    }
    for (const auto& [entity, look] : looks)
        if (alarmLooks.find(entity) == alarmLooks.end()) repaint(entity);
    alarmLooks = std::move(looks);
    std::sort(sortedAlarms.begin(), sortedAlarms.end(), [](const LiveAlarm& a, const LiveAlarm& b) {
        if (a.severity != b.severity) return a.severity > b.severity;
        if (a.raisedAtSeconds != b.raisedAtSeconds) return a.raisedAtSeconds > b.raisedAtSeconds;
        if (a.raisedUs != b.raisedUs) return a.raisedUs > b.raisedUs;
        return a.id < b.id; // deterministic order for alarms raised in the same frame
    });
}

// ---- Composition onto nodes ------------------------------------------------------------------------------------

void TwinRuntime::Impl::markDirty(EntityRec& e, bool transform, bool visibility, bool material) {
    e.dirtyTransform = e.dirtyTransform || transform;
    e.dirtyVisibility = e.dirtyVisibility || visibility;
    e.dirtyMaterial = e.dirtyMaterial || material;
    if (!e.queued) {
        e.queued = true;
        dirty.push_back(&e);
    }
}

void TwinRuntime::Impl::flush() {
    if (alarmsDirty) rebuildAlarms(); // may mark entities whose alarm look changed
    for (EntityRec* e : dirty) {
        if (graph.isValid(e->live.node)) {
            if (e->dirtyTransform) flushTransform(*e);
            if (e->dirtyVisibility) flushVisibility(*e);
        }
        if (e->dirtyMaterial) flushMaterial(*e);
        e->dirtyTransform = e->dirtyVisibility = e->dirtyMaterial = false;
        e->queued = false;
    }
    dirty.clear();
}

void TwinRuntime::Impl::flushTransform(EntityRec& e) {
    bool deltas = false;
    for (size_t b : e.bindings) deltas = deltas || bindings[b].delta.has_value();
    bool active = deltas || e.transformAspect.set || e.spawnAspect.set;
    if (!active && !e.touchedTransform) return; // never touched: leave whatever else set it alone
    Transform rest = e.base;
    if (e.transformAspect.set) {
        const net::TransformState& t = e.feedTransform;
        if (t.mask & net::kTransformTranslation) rest.translation = t.translation;
        if (t.mask & net::kTransformRotation) rest.rotation = t.rotation;
        if (t.mask & net::kTransformScale) rest.scale = t.scale;
    }
    Transform trs = rest;
    bool exact = true;
    mat4 m = rest.matrix();
    for (size_t b : e.bindings) {
        const std::optional<Transform>& d = bindings[b].delta;
        if (!d) continue;
        m = m * d->matrix();
        if (exact) exact = composeTrs(trs, *d, trs);
    }
    if (exact)
        graph.setLocalTransform(e.live.node, trs);
    else
        graph.setLocalMatrix(e.live.node, m);
    e.touchedTransform = active;
}

void TwinRuntime::Impl::flushVisibility(EntityRec& e) {
    bool fromBindings = false, visible = true;
    for (size_t b : e.bindings)
        if (const std::optional<bool>& v = bindings[b].visible) {
            fromBindings = true;
            visible = visible && *v;
        }
    bool active = fromBindings || e.visibilityAspect.set || e.removedAspect.set;
    if (!active && !e.touchedVisibility) return;
    bool base = e.removedAspect.set ? false : e.visibilityAspect.set ? e.feedVisible : e.baseVisible;
    graph.setVisible(e.live.node, base && visible);
    e.touchedVisibility = active;
}

void TwinRuntime::Impl::collectMeshNodes(const EntityRec& e, std::vector<scene::NodeHandle>& out) const {
    // The entity's node and its descendants, except subtrees that are other entities (they have their own
    // overrides: colouring the conveyor must not paint the parts riding on it).
    std::vector<scene::NodeHandle> stack{e.live.node};
    while (!stack.empty()) {
        scene::NodeHandle n = stack.back();
        stack.pop_back();
        if (graph.mesh(n)) out.push_back(n);
        for (scene::NodeHandle c : graph.children(n)) {
            auto it = byNode.find(c);
            if (it != byNode.end() && it->second != &e && it->second->live.node == c) continue;
            stack.push_back(c);
        }
    }
}

void TwinRuntime::Impl::restoreNode(scene::NodeHandle node) {
    auto it = originalOverride.find(node);
    if (it == originalOverride.end()) return;
    if (graph.isValid(node)) {
        if (it->second)
            graph.setMaterialOverride(node, *it->second);
        else
            graph.clearMaterialOverride(node);
    }
    originalOverride.erase(it);
}

void TwinRuntime::Impl::flushMaterial(EntityRec& e) {
    // The desired override, recomputed from every source: ramp colours (in binding order), then the feed's
    // explicit colour record, which wins for the fields it sets; staleness greys whatever results.
    std::optional<vec4> baseColor;
    std::optional<vec3> emissive;
    for (size_t b : e.bindings)
        if (const std::optional<scene::MaterialOverride>& o = bindings[b].material) {
            if (o->baseColor) baseColor = o->baseColor;
            if (o->emissive) emissive = o->emissive;
        }
    if (e.colourAspect.set) {
        if (e.feedColour.mask & net::kColourBase) baseColor = e.feedColour.baseColour;
        if (e.feedColour.mask & net::kColourEmissive) emissive = e.feedColour.emissive;
    }
    // A comparison tint replaces the base colour (keeping its alpha); the alarm glow adds to the emissive, so a
    // ramp's or the feed's glow still shows under it. At a flash's dark phase (level 0) the alarm asks nothing,
    // which lets the material's own look through.
    if (!tints.empty())
        if (auto t = tints.find(e.live.id); t != tints.end())
            baseColor = vec4(t->second, baseColor ? baseColor->a : 1.0f);
    if (!alarmLooks.empty())
        if (auto a = alarmLooks.find(e.live.id); a != alarmLooks.end()) {
            a->second.level = alarmLevel(a->second);
            if (a->second.level > 0.0f)
                emissive = emissive.value_or(vec3(0.0f)) + alarmGlowColour(a->second.severity) * a->second.level;
        }
    bool stale = e.live.stale;
    bool active = baseColor || emissive || stale;

    std::vector<scene::NodeHandle> now;
    if (active && graph.isValid(e.live.node)) collectMeshNodes(e, now);
    for (scene::NodeHandle n : e.paintedNodes)
        if (std::find(now.begin(), now.end(), n) == now.end()) restoreNode(n);
    for (scene::NodeHandle n : now) {
        auto [it, fresh] = originalOverride.try_emplace(n);
        if (fresh)
            if (const scene::MaterialOverride* o = graph.materialOverride(n)) it->second = *o;
        scene::MaterialOverride o = it->second.value_or(scene::MaterialOverride{});
        if (baseColor) o.baseColor = baseColor;
        if (emissive) o.emissive = emissive;
        if (stale) o.saturation = kStaleSaturation;
        graph.setMaterialOverride(n, o);
    }
    e.paintedNodes = std::move(now);
}

// ---- Time-driven effects and labels ----------------------------------------------------------------------------

void TwinRuntime::Impl::advance(double timeSeconds) {
    double dt = std::max(0.0, timeSeconds - time);
    time = timeSeconds;
    // Flashing: only entities with an unacknowledged alarm, and only when the pulse moved visibly.
    for (const auto& [entity, look] : alarmLooks)
        if (look.flashing && std::abs(alarmLevel(look) - look.level) > kFlashStep) repaint(entity);
    size_t kept = 0;
    for (size_t i = 0; i < timeDriven.size(); ++i) {
        size_t index = timeDriven[i];
        BindingRt& rt = bindings[index];
        if (!rt.timeDriven || !rt.hasValue) {
            rt.inTimeList = false;
            continue;
        }
        timeDriven[kept++] = index;
        const Binding& b = file.bindings[index];
        if (const auto* motion = std::get_if<MotionBinding>(&b.spec)) {
            const double* v = std::get_if<double>(&rt.value);
            if (!v || *v == 0.0) continue;
            rt.state.angleDegrees = advanceRotation(*motion, *v, dt, rt.state.angleDegrees);
            rt.delta = rotationDelta(*motion, rt.state.angleDegrees);
            markDirty(*rt.entity, true, false, false);
        } else if (const auto* blink = std::get_if<BlinkBinding>(&b.spec)) {
            bool visible = blinkVisible(*blink, rt.value, time);
            if (rt.visible != visible) {
                rt.visible = visible;
                markDirty(*rt.entity, false, true, false);
            }
        }
    }
    timeDriven.resize(kept);
}

void TwinRuntime::Impl::refreshLabels() {
    // World position from the chain of local matrices: exact even when this frame's apply()/update() moved the
    // node and updateWorldTransforms() has not run yet (labels are few; the chain is short).
    scene::NodeHandle root = graph.root();
    for (size_t i = 0; i < labels.size(); ++i) {
        const BindingRt& rt = bindings[labelBinding[i]];
        const EntityRec& e = *rt.entity;
        LiveLabel& l = labels[i];
        l.stale = e.live.stale;
        l.alert = alarmLooks.find(e.live.id) != alarmLooks.end();
        if (!graph.isValid(e.live.node)) continue;
        mat4 m(1.0f);
        for (scene::NodeHandle n = e.live.node; graph.isValid(n) && n != root; n = graph.parent(n))
            m = graph.localMatrix(n) * m;
        l.worldPosition = vec3(m[3]) + std::get<LabelBinding>(file.bindings[labelBinding[i]].spec).offset;
    }
}

} // namespace tv::twin
