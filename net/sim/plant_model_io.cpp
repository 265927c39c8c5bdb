// PlantModel's two faces to the feed: collectUpdates() (what changed beyond its deadband, as update records) and
// handleCommand() (operator verbs). Kept apart from the dynamics in plant_model.cpp so each reads on its own.
#include "net/sim/plant_model.h"

#include "core/log.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/quaternion.hpp>

namespace tv::net::sim {

namespace {

// Protocol unit codes (docs/protocol.md).
constexpr uint16_t kUnitDegC = 4, kUnitRpm = 8, kUnitPercent = 9, kUnitMps = 10, kUnitM3h = 11, kUnitKw = 13;
// Conveyor-local height of the rollers' top: the "part" asset (scene_generators.h) has its origin at its bottom.
constexpr float kCrateY = 0.89f;

std::string key(std::string_view entity, std::string_view property) {
    std::string k;
    k.reserve(entity.size() + property.size() + 1);
    k.append(entity).push_back('\x1f');
    k.append(property);
    return k;
}

const CommandArg* findArg(const CommandRequest& r, std::string_view name) {
    for (const CommandArg& a : r.args)
        if (a.name == name) return &a;
    return nullptr;
}

CommandVerdict accepted() { return {CommandStatus::Accepted, {}}; }
CommandVerdict rejected(std::string reason) { return {CommandStatus::Rejected, std::move(reason)}; }

// A number argument (a string holding a number is accepted too: typed by hand in a console).
bool numberArg(const CommandRequest& r, std::string_view name, double& out, std::string& why) {
    const CommandArg* a = findArg(r, name);
    if (!a) {
        why = tv::format("missing argument '%.*s'", int(name.size()), name.data());
        return false;
    }
    if (a->value.type == ValueType::Number) {
        out = a->value.number;
    } else if (a->value.type == ValueType::String) {
        std::string s(a->value.text);
        char* end = nullptr;
        out = std::strtod(s.c_str(), &end);
        if (s.empty() || *end != '\0') {
            why = tv::format("argument '%.*s' is not a number: '%s'", int(name.size()), name.data(), s.c_str());
            return false;
        }
    } else {
        why = tv::format("argument '%.*s' must be a number", int(name.size()), name.data());
        return false;
    }
    if (!std::isfinite(out)) {
        why = tv::format("argument '%.*s' must be finite", int(name.size()), name.data());
        return false;
    }
    return true;
}

} // namespace

std::string_view PlantModel::keep(std::string s) {
    m_scratch.push_back(std::move(s));
    return m_scratch.back();
}

PlantModel::Published* PlantModel::remember(std::string_view k, bool& isNew) {
    auto [it, inserted] = m_published.try_emplace(std::string(k));
    isNew = inserted;
    return &it->second;
}

void PlantModel::emitNumber(std::vector<Update>& out, const std::string& entity, std::string_view property,
                            double value, uint16_t unitCode, double deadband) {
    bool isNew = false;
    Published* p = remember(key(entity, property), isNew);
    if (!isNew && std::abs(p->value.number - value) < deadband) return;
    p->value.type = ValueType::Number;
    p->value.number = value;
    PropertyUpdate u;
    u.entity = keep(entity);
    u.property = property;
    u.sourceTimestampUs = sourceTimeUs();
    u.unit = unitCode ? Unit::fromCode(unitCode) : Unit::none();
    u.value = Value::makeNumber(value);
    out.push_back(u);
}

void PlantModel::emitBool(std::vector<Update>& out, const std::string& entity, std::string_view property, bool value) {
    bool isNew = false;
    Published* p = remember(key(entity, property), isNew);
    if (!isNew && p->value.boolean == value) return;
    p->value.type = ValueType::Bool;
    p->value.boolean = value;
    PropertyUpdate u;
    u.entity = keep(entity);
    u.property = property;
    u.sourceTimestampUs = sourceTimeUs();
    u.value = Value::makeBool(value);
    out.push_back(u);
}

void PlantModel::emitString(std::vector<Update>& out, const std::string& entity, std::string_view property,
                            const std::string& value) {
    bool isNew = false;
    Published* p = remember(key(entity, property), isNew);
    if (!isNew && p->value.text == value) return;
    p->value.type = ValueType::String;
    p->value.text = value;
    PropertyUpdate u;
    u.entity = keep(entity);
    u.property = property;
    u.sourceTimestampUs = sourceTimeUs();
    u.value = Value::makeString(keep(value));
    out.push_back(u);
}

void PlantModel::emitTransform(std::vector<Update>& out, const std::string& entity, vec3 translation, float yaw,
                               bool withRotation) {
    bool isNew = false;
    Published* p = remember(key(entity, "\x1ftransform"), isNew);
    float dyaw = std::abs(std::remainder(yaw - p->yaw, 6.2831853f));
    if (!isNew && glm::length(translation - p->translation) < 0.01f && (!withRotation || dyaw < 0.0087f)) return;
    p->translation = translation;
    p->yaw = yaw;
    TransformUpdate t;
    t.entity = keep(entity);
    t.mask = kTransformTranslation | (withRotation ? kTransformRotation : 0);
    t.translation = translation;
    t.rotation = glm::angleAxis(yaw, vec3(0.0f, 1.0f, 0.0f));
    out.push_back(t);
}

void PlantModel::emitColour(std::vector<Update>& out, const std::string& entity, bool on, vec3 emissive) {
    auto [it, inserted] = m_colourOn.try_emplace(entity, false);
    if (!inserted && it->second == on) return;
    if (inserted && !on) return; // never overridden: nothing to clear
    it->second = on;
    if (on) {
        ColourOverride c;
        c.entity = keep(entity);
        c.mask = kColourEmissive;
        c.emissive = emissive;
        out.push_back(c);
    } else {
        out.push_back(ColourClear{keep(entity)});
    }
}

void PlantModel::collectUpdates(std::vector<Update>& out) {
    m_scratch.clear();
    // Crates spawned and removed within one window never reach the feed.
    std::vector<std::string> spawned, removed;
    for (const PendingEvent& e : m_events) {
        if (e.kind == PendingEvent::Kind::Spawn) spawned.push_back(e.id);
        if (e.kind == PendingEvent::Kind::Remove) removed.push_back(e.id);
    }
    auto contains = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    for (const CrateState& c : m_crates) {
        if (!contains(spawned, c.id)) continue;
        SpawnEntity s;
        s.entity = keep(c.id);
        s.asset = "part";
        s.parent = "conveyor";
        s.transform.translation = vec3(float(c.x), kCrateY, 0.0f);
        out.push_back(s);
        bool isNew = false;
        Published* p = remember(key(c.id, "\x1ftransform"), isNew);
        p->translation = s.transform.translation;
    }

    if (m_firstCollect) { // the modelled part-1..4 give way to the live crates
        for (int i = 1; i <= 4; ++i) out.push_back(VisibilityUpdate{keep("part-" + std::to_string(i)), false});
    }
    for (const CrateState& c : m_crates) emitTransform(out, c.id, vec3(float(c.x), kCrateY, 0.0f), 0.0f, false);
    for (const AgvState& a : m_agvs) emitTransform(out, a.id, a.position, a.yawRad, true);
    for (const PumpState& p : m_pumps) emitColour(out, p.id, p.state == "fault", vec3(1.0f, 0.05f, 0.02f));
    for (const AgvState& a : m_agvs) emitColour(out, a.id, a.state == "blocked", vec3(1.0f, 0.55f, 0.0f));

    for (const TankState& t : m_tanks) {
        emitNumber(out, t.id, "level", t.levelPct, kUnitPercent, 0.05);
        emitNumber(out, t.id, "temperature", t.temperatureC, kUnitDegC, 0.05);
        emitNumber(out, t.id, "heaterSetpoint", t.heaterSetpointC, kUnitDegC, 0.01);
    }
    emitNumber(out, m_tanks[3].id, "inflow", m_processInflowM3h, kUnitM3h, 0.2);
    emitNumber(out, m_tanks[2].id, "outflow", m_productDrawM3h, kUnitM3h, 0.2);
    for (const PumpState& p : m_pumps) {
        emitString(out, p.id, "state", p.state);
        emitNumber(out, p.id, "speed", p.speedRpm, kUnitRpm, 1.0);
        emitNumber(out, p.id, "setpoint", p.setpointRpm, kUnitRpm, 0.5);
        emitNumber(out, p.id, "flow", p.flowM3h, kUnitM3h, 0.05);
        emitNumber(out, p.id, "bearingTemperature", p.bearingTempC, kUnitDegC, 0.1);
        emitNumber(out, p.id, "power", p.powerKw, kUnitKw, 0.05);
    }
    for (const ValveState& v : m_valves) {
        emitNumber(out, v.id, "opening", v.openingPct, kUnitPercent, 0.1);
        emitString(out, v.id, "mode", v.manual ? "manual" : "auto");
    }
    static const std::string conveyor = "conveyor";
    emitBool(out, conveyor, "running", m_conveyorRunning);
    emitNumber(out, conveyor, "speed", m_conveyorSpeed, kUnitMps, 0.005);
    emitNumber(out, conveyor, "crates", double(m_crates.size()), 0, 0.5);
    emitNumber(out, conveyor, "delivered", double(m_cratesDelivered), 0, 0.5);
    for (const AgvState& a : m_agvs) {
        emitNumber(out, a.id, "battery", a.batteryPct, kUnitPercent, 0.1);
        emitString(out, a.id, "state", a.state);
    }

    for (const std::string& id : removed) {
        if (contains(spawned, id)) continue;
        out.push_back(RemoveEntity{keep(id)});
        m_published.erase(key(id, "\x1ftransform"));
    }
    for (const PendingEvent& e : m_events) {
        if (e.kind == PendingEvent::Kind::Raise) {
            AlarmRaise r;
            r.alarmId = keep(e.id);
            r.entity = keep(e.alarm.entity);
            r.severity = e.alarm.severity;
            r.text = keep(e.alarm.text);
            out.push_back(r);
        } else if (e.kind == PendingEvent::Kind::Clear) {
            out.push_back(AlarmClear{keep(e.id)});
        } else if (e.kind == PendingEvent::Kind::Ack) {
            out.push_back(AlarmAck{keep(e.id), keep(e.alarm.acknowledgedBy)});
        }
    }
    m_events.clear();
    m_firstCollect = false;
}

CommandVerdict PlantModel::handleCommand(const CommandRequest& r) {
    for (PumpState& p : m_pumps)
        if (p.id == r.target) return commandPump(p, r);
    for (ValveState& v : m_valves)
        if (v.id == r.target) return commandValve(v, r);
    if (r.target == "conveyor") return commandConveyor(r);
    if (r.verb == "ack") return commandAck(r);
    return rejected(tv::format("unknown target '%.*s'", int(r.target.size()), r.target.data()));
}

CommandVerdict PlantModel::commandPump(PumpState& p, const CommandRequest& r) {
    if (r.verb == "start") {
        if (p.state == "fault") return rejected("interlock: " + p.id + " in fault");
        p.wantRunning = true;
        p.state = "running";
        return accepted();
    }
    if (r.verb == "stop") {
        p.wantRunning = false;
        if (p.state != "fault") p.state = "stopped";
        return accepted();
    }
    if (r.verb == "reset") {
        if (p.state != "fault") return rejected(p.id + " is not in fault");
        p.state = p.wantRunning ? "running" : "stopped";
        p.degradeAt = std::max(p.degradeAt, m_time + 60.0);
        clearAlarm(p.id + "-trip");
        return accepted();
    }
    if (r.verb == "set") {
        double rpm = 0.0;
        std::string why;
        if (!numberArg(r, "speed", rpm, why)) return rejected(why);
        if (rpm < 0.0 || rpm > kMaxPumpSpeedRpm)
            return rejected(tv::format("speed %g rpm outside 0..%g rpm", rpm, kMaxPumpSpeedRpm));
        p.setpointRpm = rpm;
        return accepted();
    }
    return rejected(tv::format("unknown verb '%.*s' for %s (start, stop, reset, set speed=<rpm>)", int(r.verb.size()),
                               r.verb.data(), p.id.c_str()));
}

CommandVerdict PlantModel::commandValve(ValveState& v, const CommandRequest& r) {
    if (r.verb == "open" || r.verb == "close") {
        v.manual = true;
        v.targetPct = r.verb == "open" ? 100.0 : 0.0;
        return accepted();
    }
    if (r.verb == "set") {
        double pct = 0.0;
        std::string why;
        if (!numberArg(r, "opening", pct, why)) return rejected(why);
        if (pct < 0.0 || pct > 100.0) return rejected(tv::format("opening %g %% outside 0..100 %%", pct));
        v.manual = true;
        v.targetPct = pct;
        return accepted();
    }
    if (r.verb == "auto" && v.id == "valve-7") {
        v.manual = false;
        return accepted();
    }
    return rejected(tv::format("unknown verb '%.*s' for %s (open, close, set opening=<%%>)", int(r.verb.size()),
                               r.verb.data(), v.id.c_str()));
}

CommandVerdict PlantModel::commandConveyor(const CommandRequest& r) {
    if (r.verb == "start" || r.verb == "stop") {
        m_conveyorRunning = r.verb == "start";
        return accepted();
    }
    return rejected(tv::format("unknown verb '%.*s' for conveyor (start, stop)", int(r.verb.size()), r.verb.data()));
}

CommandVerdict PlantModel::commandAck(const CommandRequest& r) {
    auto it = m_alarms.find(r.target);
    if (it == m_alarms.end())
        return rejected(
            tv::format("unknown target '%.*s': no such entity or active alarm", int(r.target.size()), r.target.data()));
    std::string by;
    if (const CommandArg* a = findArg(r, "by")) {
        if (a->value.type != ValueType::String) return rejected("argument 'by' must be a string (who acknowledges)");
        by = std::string(a->value.text);
    }
    // Acknowledging an acknowledged alarm changes nothing (the first operator's ack stands): accepted, so two
    // operators pressing Ack at once both succeed.
    if (it->second.acknowledged) return accepted();
    it->second.acknowledged = true;
    it->second.acknowledgedBy = by;
    PendingEvent e{PendingEvent::Kind::Ack, it->first, {}};
    e.alarm.acknowledgedBy = std::move(by);
    m_events.push_back(std::move(e));
    return accepted();
}

} // namespace tv::net::sim
