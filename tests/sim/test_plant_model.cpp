// PlantModel: determinism, physical ranges, the events it produces, commands and the pump interlock.
#include "net/sim/plant_model.h"

#include "net/codec/encoder.h"
#include "net/feed/twin_state.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace tv;
using namespace tv::net;
using namespace tv::net::sim;

namespace {

// The records of one collect as bytes (the canonical encoding makes "same records" a byte comparison).
std::vector<uint8_t> collectBytes(PlantModel& m) {
    std::vector<Update> ups;
    m.collectUpdates(ups);
    std::vector<uint8_t> bytes;
    if (ups.empty()) return bytes;
    EXPECT_TRUE(encodeUpdates(FrameInfo{}, ups, bytes, Limits{.maxMessageBytes = 1u << 24}).hasValue());
    return bytes;
}

CommandRequest command(std::string_view target, std::string_view verb, std::vector<CommandArg> args = {}) {
    CommandRequest r;
    r.commandId = 1;
    r.target = target;
    r.verb = verb;
    r.args = std::move(args);
    r.timeoutMs = 1000;
    return r;
}

const PumpState& pump(const PlantModel& m, int i) { return m.pumps()[size_t(i)]; }

} // namespace

TEST(PlantModel, SameSeedSameRecordsDifferentSeedDiffers) {
    PlantModelOptions o;
    o.seed = 42;
    o.startTimeUs = 1767225600000000ull;
    PlantModel a(o), b(o);
    o.seed = 43;
    PlantModel c(o);
    bool differs = false;
    for (int i = 0; i < 3000; ++i) { // 5 minutes at 10 Hz
        a.step(0.1);
        b.step(0.1);
        c.step(0.1);
        auto ba = collectBytes(a), bb = collectBytes(b), bc = collectBytes(c);
        ASSERT_EQ(ba, bb) << "tick " << i;
        differs = differs || ba != bc;
    }
    EXPECT_TRUE(differs);
}

TEST(PlantModel, FirstCollectDescribesTheWholePlant) {
    PlantModel m(PlantModelOptions{.seed = 1, .startTimeUs = 1767225600000000ull});
    std::vector<Update> ups;
    m.collectUpdates(ups);
    TwinState s;
    for (const Update& u : ups) s.apply(u);
    for (const char* e : {"tank-1", "tank-2", "tank-3", "tank-4", "pump-1", "pump-2", "pump-3", "valve-1", "valve-7",
                          "conveyor", "agv-1", "agv-2"})
        EXPECT_NE(s.findEntity(e), nullptr) << e;
    ASSERT_NE(s.findProperty("pump-1", "speed"), nullptr);
    EXPECT_EQ(s.findProperty("pump-1", "speed")->unit.code, 8);       // rpm
    EXPECT_EQ(s.findProperty("tank-1", "level")->unit.code, 9);       // %
    EXPECT_EQ(s.findProperty("tank-1", "temperature")->unit.code, 4); // °C
    EXPECT_EQ(s.findProperty("pump-1", "flow")->unit.code, 11);       // m³/h
    EXPECT_EQ(s.findProperty("tank-1", "level")->sourceTimestampUs, 1767225600000000ull);
    EXPECT_EQ(s.findEntity("part-1")->visible, false);
    int crates = 0;
    for (const auto& [id, e] : s.entities())
        if (e.spawned) {
            ++crates;
            EXPECT_EQ(e.spawn.asset, "part");
            EXPECT_EQ(e.spawn.parent, "conveyor");
            EXPECT_EQ(id.rfind("crate-", 0), 0u);
        }
    EXPECT_EQ(crates, 4);
    EXPECT_EQ(s.findEntity("agv-1")->transform.mask, kTransformTranslation | kTransformRotation);
}

TEST(PlantModel, DeadbandSendsOnlyWhatChanged) {
    PlantModel m;
    std::vector<Update> first, idle;
    m.collectUpdates(first);
    m.step(0.001); // almost nothing moves in a millisecond
    m.collectUpdates(idle);
    EXPECT_GT(first.size(), 50u);
    EXPECT_LT(idle.size(), first.size() / 4);
}

TEST(PlantModel, SignalsStayInRangeForAnHour) {
    PlantModelOptions o;
    o.seed = 7;
    PlantModel m(o);
    TwinState s;
    std::set<std::string> alarmsSeen, spawned, removed;
    for (int i = 0; i < 36000; ++i) {
        m.step(0.1);
        std::vector<Update> ups;
        m.collectUpdates(ups);
        for (const Update& u : ups) {
            s.apply(u);
            if (auto* r = std::get_if<AlarmRaise>(&u)) alarmsSeen.insert(std::string(r->alarmId));
            if (auto* sp = std::get_if<SpawnEntity>(&u)) spawned.insert(std::string(sp->entity));
            if (auto* rm = std::get_if<RemoveEntity>(&u)) removed.insert(std::string(rm->entity));
        }
        for (const TankState& t : m.tanks()) {
            ASSERT_GE(t.levelPct, 0.0);
            ASSERT_LE(t.levelPct, 100.0);
            ASSERT_GT(t.temperatureC, 5.0);
            ASSERT_LT(t.temperatureC, 95.0);
        }
        for (const PumpState& p : m.pumps()) {
            ASSERT_GE(p.speedRpm, 0.0);
            ASSERT_LE(p.speedRpm, kMaxPumpSpeedRpm);
            ASSERT_GE(p.flowM3h, 0.0);
            ASSERT_LE(p.flowM3h, 60.0);
            ASSERT_LT(p.bearingTempC, 120.0);
            if (p.state == "fault") { ASSERT_LT(p.speedRpm, p.setpointRpm + 1.0); }
        }
        for (const AgvState& a : m.agvs()) {
            ASSERT_GE(a.batteryPct, 0.0);
            ASSERT_LE(a.batteryPct, 100.0);
            ASSERT_GE(a.position.x, 2.9f);
            ASSERT_LE(a.position.x, 13.1f);
            ASSERT_GE(a.position.z, -7.6f);
            ASSERT_LE(a.position.z, -0.4f);
        }
        for (const CrateState& c : m.crates()) ASSERT_LE(c.x, 5.8);
    }
    // Occasional events over an hour: pump trips (with their bearing warnings), AGV obstacles, crates flowing.
    EXPECT_GT(m.faultsSoFar(), 0u);
    bool trip = false, bearing = false, obstacle = false;
    for (const std::string& a : alarmsSeen) {
        trip = trip || a.find("-trip") != std::string::npos;
        bearing = bearing || a.find("-bearing") != std::string::npos;
        obstacle = obstacle || a.find("-obstacle") != std::string::npos;
    }
    EXPECT_TRUE(trip && bearing && obstacle);
    EXPECT_GT(spawned.size(), 100u);
    EXPECT_GT(removed.size(), 100u);
    // The twin state built from the records holds the model's values within the deadbands.
    for (const TankState& t : m.tanks())
        EXPECT_NEAR(s.findProperty(t.id, "level")->value.number, t.levelPct, 0.05 + 1e-9);
    size_t crateEntities = 0;
    for (const auto& [id, e] : s.entities()) crateEntities += e.spawned ? 1 : 0;
    EXPECT_EQ(crateEntities, m.crates().size());
    EXPECT_EQ(s.alarms().size(), m.alarms().size());
    // Some AGV charged on the way.
    bool charged = false;
    for (const AgvState& a : m.agvs()) charged = charged || a.batteryPct > 0.0;
    EXPECT_TRUE(charged);
}

TEST(PlantModel, PumpSpeedCommandRampsAndRangeIsChecked) {
    PlantModel m;
    auto v = m.handleCommand(command("pump-1", "set", {{"speed", Value::makeNumber(2400)}}));
    EXPECT_EQ(v.status, CommandStatus::Accepted) << v.reason;
    m.step(1.0);
    EXPECT_GT(pump(m, 0).speedRpm, 1500.0);
    EXPECT_LT(pump(m, 0).speedRpm, 2400.0); // ramps, does not jump
    m.step(5.0);
    EXPECT_NEAR(pump(m, 0).speedRpm, 2400.0, 1e-6);

    v = m.handleCommand(command("pump-1", "set", {{"speed", Value::makeNumber(3500)}}));
    EXPECT_EQ(v.status, CommandStatus::Rejected);
    EXPECT_NE(v.reason.find("3500"), std::string::npos) << v.reason;
    EXPECT_NE(v.reason.find("0..3000"), std::string::npos) << v.reason;
    v = m.handleCommand(command("pump-1", "set", {{"speed", Value::makeNumber(-1)}}));
    EXPECT_EQ(v.status, CommandStatus::Rejected);
    v = m.handleCommand(command("pump-1", "set", {{"rate", Value::makeNumber(10)}}));
    EXPECT_EQ(v.status, CommandStatus::Rejected);
    EXPECT_NE(v.reason.find("speed"), std::string::npos) << v.reason;
    v = m.handleCommand(command("pump-1", "set", {{"speed", Value::makeString("1000")}}));
    EXPECT_EQ(v.status, CommandStatus::Accepted) << v.reason;
    EXPECT_DOUBLE_EQ(pump(m, 0).setpointRpm, 1000.0);
}

TEST(PlantModel, UnknownTargetsAndVerbsAreRejectedByName) {
    PlantModel m;
    auto v = m.handleCommand(command("pump-9", "start"));
    EXPECT_EQ(v.status, CommandStatus::Rejected);
    EXPECT_NE(v.reason.find("pump-9"), std::string::npos) << v.reason;
    v = m.handleCommand(command("pump-1", "explode"));
    EXPECT_EQ(v.status, CommandStatus::Rejected);
    EXPECT_NE(v.reason.find("explode"), std::string::npos) << v.reason;
    v = m.handleCommand(command("valve-2", "wiggle"));
    EXPECT_EQ(v.status, CommandStatus::Rejected);
    EXPECT_NE(v.reason.find("wiggle"), std::string::npos) << v.reason;
    v = m.handleCommand(command("conveyor", "reverse"));
    EXPECT_EQ(v.status, CommandStatus::Rejected);
    EXPECT_NE(v.reason.find("reverse"), std::string::npos) << v.reason;
}

TEST(PlantModel, StopStartValvesAndConveyor) {
    PlantModel m;
    EXPECT_EQ(m.handleCommand(command("pump-2", "stop")).status, CommandStatus::Accepted);
    m.step(10.0);
    EXPECT_EQ(pump(m, 1).state, "stopped");
    EXPECT_EQ(pump(m, 1).speedRpm, 0.0);
    EXPECT_EQ(pump(m, 1).flowM3h, 0.0);
    EXPECT_EQ(m.handleCommand(command("pump-2", "start")).status, CommandStatus::Accepted);
    m.step(10.0);
    EXPECT_GT(pump(m, 1).flowM3h, 1.0);

    EXPECT_EQ(m.handleCommand(command("valve-1", "close")).status, CommandStatus::Accepted);
    m.step(2.0);
    EXPECT_NEAR(m.valves()[0].openingPct, 80.0, 1e-6); // 10 %/s
    m.step(10.0);
    EXPECT_EQ(m.valves()[0].openingPct, 0.0);
    EXPECT_EQ(pump(m, 0).flowM3h, 0.0); // suction closed: no flow
    auto v = m.handleCommand(command("valve-1", "set", {{"opening", Value::makeNumber(40)}}));
    EXPECT_EQ(v.status, CommandStatus::Accepted);
    m.step(10.0);
    EXPECT_NEAR(m.valves()[0].openingPct, 40.0, 1e-6);
    v = m.handleCommand(command("valve-1", "set", {{"opening", Value::makeNumber(140)}}));
    EXPECT_EQ(v.status, CommandStatus::Rejected);

    EXPECT_EQ(m.handleCommand(command("conveyor", "stop")).status, CommandStatus::Accepted);
    m.step(5.0);
    EXPECT_FALSE(m.conveyorRunning());
    EXPECT_EQ(m.conveyorSpeed(), 0.0);
    std::vector<double> xs;
    for (const CrateState& c : m.crates()) xs.push_back(c.x);
    m.step(5.0);
    for (size_t i = 0; i < xs.size(); ++i) EXPECT_EQ(m.crates()[i].x, xs[i]);
}

TEST(PlantModel, FaultedPumpIsInterlockedUntilReset) {
    PlantModel m;
    ASSERT_TRUE(m.forcePumpFault("pump-2"));
    EXPECT_FALSE(m.forcePumpFault("pump-7"));
    EXPECT_EQ(pump(m, 1).state, "fault");
    EXPECT_EQ(m.alarms().count("pump-2-trip"), 1u);
    auto v = m.handleCommand(command("pump-2", "start"));
    EXPECT_EQ(v.status, CommandStatus::Rejected);
    EXPECT_EQ(v.reason, "interlock: pump-2 in fault");
    m.step(2.0);
    EXPECT_LT(pump(m, 1).speedRpm, 1200.0); // coasting down

    std::vector<Update> ups;
    m.collectUpdates(ups);
    bool red = false, raised = false;
    for (const Update& u : ups) {
        if (auto* c = std::get_if<ColourOverride>(&u))
            red = red || (c->entity == "pump-2" && c->mask == kColourEmissive);
        if (auto* a = std::get_if<AlarmRaise>(&u)) raised = raised || a->alarmId == "pump-2-trip";
    }
    EXPECT_TRUE(red && raised);

    // ack publishes an alarm acknowledge record naming who (the alarm stays until the fault clears).
    CommandRequest ack = command("pump-2-trip", "ack");
    ack.args.push_back({"by", Value::makeString("alice")});
    EXPECT_EQ(m.handleCommand(ack).status, CommandStatus::Accepted);
    CommandVerdict unknown = m.handleCommand(command("nothing-here", "ack"));
    EXPECT_EQ(unknown.status, CommandStatus::Rejected);
    EXPECT_NE(unknown.reason.find("nothing-here"), std::string::npos) << unknown.reason;
    CommandRequest badBy = command("pump-2-trip", "ack");
    badBy.args.push_back({"by", Value::makeNumber(7)});
    EXPECT_EQ(m.handleCommand(badBy).status, CommandStatus::Rejected);
    ups.clear();
    m.collectUpdates(ups);
    int acks = 0;
    for (const Update& u : ups) {
        if (auto* a = std::get_if<AlarmAck>(&u)) {
            ++acks;
            EXPECT_EQ(*a, (AlarmAck{"pump-2-trip", "alice"}));
        }
        if (auto* p = std::get_if<PropertyUpdate>(&u)) { EXPECT_NE(p->property, "alarmAcknowledged"); }
    }
    EXPECT_EQ(acks, 1);
    EXPECT_TRUE(m.alarms().at("pump-2-trip").acknowledged);
    EXPECT_EQ(m.alarms().at("pump-2-trip").acknowledgedBy, "alice");
    // Acknowledging again is accepted and publishes nothing (idempotent); without `by` it names nobody.
    EXPECT_EQ(m.handleCommand(command("pump-2-trip", "ack")).status, CommandStatus::Accepted);
    ups.clear();
    m.collectUpdates(ups);
    for (const Update& u : ups) EXPECT_FALSE(std::holds_alternative<AlarmAck>(u));
    EXPECT_EQ(m.alarms().at("pump-2-trip").acknowledgedBy, "alice");

    v = m.handleCommand(command("pump-2", "reset"));
    EXPECT_EQ(v.status, CommandStatus::Accepted) << v.reason;
    EXPECT_EQ(pump(m, 1).state, "running");
    EXPECT_EQ(m.alarms().count("pump-2-trip"), 0u);
    ups.clear();
    m.collectUpdates(ups);
    bool cleared = false, uncoloured = false;
    for (const Update& u : ups) {
        if (auto* a = std::get_if<AlarmClear>(&u)) cleared = cleared || a->alarmId == "pump-2-trip";
        if (auto* c = std::get_if<ColourClear>(&u)) uncoloured = uncoloured || c->entity == "pump-2";
    }
    EXPECT_TRUE(cleared && uncoloured);
    EXPECT_EQ(m.handleCommand(command("pump-2", "reset")).status, CommandStatus::Rejected);
}

TEST(PlantModel, FaultClearsByItselfAfterCoolingDown) {
    PlantModel m;
    ASSERT_TRUE(m.forcePumpFault("pump-1"));
    for (int i = 0; i < 1200 && pump(m, 0).state == "fault"; ++i) m.step(0.1);
    EXPECT_EQ(pump(m, 0).state, "running");
    EXPECT_EQ(m.alarms().count("pump-1-trip"), 0u);
}
