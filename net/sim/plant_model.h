// PlantModel — the demo process plant as a pure, deterministic simulation: no sockets, no clock, no threads. It
// owns the plant's physical state (pumps, valves, tanks, the conveyor with its crates, AGVs, alarms), advances it
// by step(dt), turns what changed beyond a deadband into twin-feed update records (collectUpdates) and answers
// operator commands (handleCommand). PlantSimulator (plant_simulator.h) wraps it with a FeedPublisher and a thread;
// the tests drive it directly with synthetic time.
//
// The plant (node names of engine/scene/demo_plant.cpp): tank-1, tank-2 and tank-4 feed pump-1..3 through
// suction valves valve-1..3; the pumps discharge through valve-4..6 into the header that fills tank-3; tank-3
// returns to tank-1 and tank-2 through valve-7 (level-controlled unless an operator set it by hand) and feeds the
// downstream process; tank-4 receives a varying process inflow. Tank heaters drive temperatures; pumps ramp to speed
// setpoints, and occasionally a pump's bearing overheats and the pump trips (fault) until it cools down or is reset.
// Crates ride the conveyor (spawned at its start, removed at its end) and two AGVs drive a loop on the east floor,
// draining their batteries, recharging, and now and then stopping for an obstacle.
//
// Same seed + same start time + same sequence of step()/handleCommand() calls = the same records, bit for bit.
// Not thread-safe: one owner (the simulator thread or a test).
#pragma once

#include "core/math.h"
#include "net/codec/messages.h"
#include "net/feed/feed_publisher.h"

#include <cstdint>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tv::net::sim {

inline constexpr double kMaxPumpSpeedRpm = 3000.0;
inline constexpr double kPumpRatedPowerKw = 15.0; // shaft power at full speed; affinity law: ~ speed^3

struct PlantModelOptions {
    uint64_t seed = 1;
    uint64_t startTimeUs = 0; // wall clock of simulation time 0 (source timestamps = startTimeUs + sim time)
};

struct PumpState {
    std::string id;
    std::string state = "stopped"; // running | stopped | fault
    double setpointRpm = 0.0;
    double speedRpm = 0.0;
    double flowM3h = 0.0;
    double bearingTempC = 30.0;
    double powerKw = 0.0;      // electrical draw: kPumpRatedPowerKw * (speed / max)^3 plus losses while turning
    int sourceTank = 0;        // index into tanks()
    int suctionValve = 0;      // index into valves()
    int dischargeValve = 0;    // index into valves()
    bool wantRunning = false;  // what the operator asked for (a fault overrides it until cleared)
    double degradeAt = 0.0;    // sim time when the bearing starts to overheat (precursor of a trip)
    double faultClearAt = 0.0; // sim time when a trip clears by itself
};

struct ValveState {
    std::string id;
    double openingPct = 0.0;
    double targetPct = 0.0;
    bool manual = true; // valve-7 starts in automatic (level control) until an operator sets it
};

struct TankState {
    std::string id;
    double capacityM3 = 1.0;
    double levelPct = 50.0;
    double temperatureC = 20.0;
    double heaterSetpointC = 20.0;
    double nextSetpointChange = 0.0;
};

struct CrateState {
    std::string id; // "crate-17"
    double x = 0.0; // conveyor-local position along its length (m)
};

struct AgvState {
    std::string id;
    double distance = 0.0; // along the route loop (m)
    double batteryPct = 100.0;
    std::string state = "moving"; // moving | blocked | charging
    double blockedUntil = 0.0;
    double nextObstacleAt = 0.0;
    vec3 position{0.0f};
    float yawRad = 0.0f;
};

struct ActiveAlarm {
    std::string entity;
    AlarmSeverity severity = AlarmSeverity::Warning;
    std::string text;
    bool acknowledged = false;
    std::string acknowledgedBy; // the ack command's `by` argument ("" when it named nobody)
};

class PlantModel {
public:
    explicit PlantModel(PlantModelOptions options = {});

    // Advances the plant by dtSeconds of simulated time (internally in sub-steps of at most 0.05 s, so a large dt
    // gives the same physics as many small ones up to rounding). dtSeconds >= 0.
    void step(double dtSeconds);

    // Appends the records for everything that changed meaningfully since the previous call — every signal on the
    // first call — in an order that applies cleanly: spawns, transforms, visibility, colours, properties, removes,
    // alarms. The records borrow from the model: use them before the next call to any non-const member.
    void collectUpdates(std::vector<Update>& out);

    // An operator command (see plant_simulator.h for the verbs). Accepted commands take effect on the next steps
    // and show up in later updates; rejected ones carry a reason naming the problem.
    CommandVerdict handleCommand(const CommandRequest& request);

    // Test hook and fault injection: trips the pump now as if its bearing had overheated. false if no such pump.
    bool forcePumpFault(std::string_view pumpId);

    double timeSeconds() const { return m_time; }
    uint64_t sourceTimeUs() const;
    const std::vector<PumpState>& pumps() const { return m_pumps; }
    const std::vector<ValveState>& valves() const { return m_valves; }
    const std::vector<TankState>& tanks() const { return m_tanks; }
    const std::vector<CrateState>& crates() const { return m_crates; }
    const std::vector<AgvState>& agvs() const { return m_agvs; }
    bool conveyorRunning() const { return m_conveyorRunning; }
    double conveyorSpeed() const { return m_conveyorSpeed; }
    const std::map<std::string, ActiveAlarm, std::less<>>& alarms() const { return m_alarms; }
    uint64_t faultsSoFar() const { return m_faultCount; }
    uint64_t cratesDelivered() const { return m_cratesDelivered; } // crates that left the belt's end so far

private:
    struct Published { // last value sent per key, for the deadband
        OwnedValue value;
        vec3 translation{0.0f};
        float yaw = 0.0f;
    };
    struct PendingEvent { // spawns, removes and alarm transitions since the last collect, in order
        enum class Kind : uint8_t { Spawn, Remove, Raise, Clear, Ack };
        Kind kind = Kind::Spawn;
        std::string id;    // crate or alarm id
        ActiveAlarm alarm; // Raise: as raised; Ack: acknowledgedBy
    };

    void substep(double dt);
    void stepPumps(double dt);
    void stepTanks(double dt);
    void stepConveyor(double dt);
    void stepAgvs(double dt);
    void updateAlarms();
    double pumpFlow(const PumpState& pump) const;
    void tripPump(PumpState& pump);
    void raiseAlarm(const std::string& id, const std::string& entity, AlarmSeverity severity, std::string text);
    void clearAlarm(const std::string& id);
    double uniform(); // [0, 1) from the seeded generator, identical on every platform
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    double noise(double amplitude) { return uniform(-amplitude, amplitude); }

    // collectUpdates() helpers: emit when beyond the deadband, remember what was sent.
    std::string_view keep(std::string s);
    void emitNumber(std::vector<Update>& out, const std::string& entity, std::string_view property, double value,
                    uint16_t unitCode, double deadband);
    void emitBool(std::vector<Update>& out, const std::string& entity, std::string_view property, bool value);
    void emitString(std::vector<Update>& out, const std::string& entity, std::string_view property,
                    const std::string& value);
    void emitTransform(std::vector<Update>& out, const std::string& entity, vec3 translation, float yaw,
                       bool withRotation);
    void emitColour(std::vector<Update>& out, const std::string& entity, bool on, vec3 emissive);
    Published* remember(std::string_view key, bool& isNew);

    CommandVerdict commandPump(PumpState& pump, const CommandRequest& request);
    CommandVerdict commandValve(ValveState& valve, const CommandRequest& request);
    CommandVerdict commandConveyor(const CommandRequest& request);
    CommandVerdict commandAck(const CommandRequest& request);

    PlantModelOptions m_options;
    std::mt19937_64 m_rng;
    double m_time = 0.0;
    std::vector<PumpState> m_pumps;
    std::vector<ValveState> m_valves;
    std::vector<TankState> m_tanks;
    std::vector<CrateState> m_crates;
    std::vector<AgvState> m_agvs;
    bool m_conveyorRunning = true;
    double m_conveyorSpeed = 0.0;
    double m_nextCrateGap = 0.0; // belt travel (m) until the next crate is placed
    uint64_t m_crateCounter = 0;
    uint64_t m_cratesDelivered = 0;
    double m_processInflowM3h = 0.0;
    double m_productDrawM3h = 0.0;
    std::map<std::string, ActiveAlarm, std::less<>> m_alarms;
    uint64_t m_faultCount = 0;

    std::vector<PendingEvent> m_events;
    std::unordered_map<std::string, Published> m_published;
    std::map<std::string, bool, std::less<>> m_colourOn; // colour override currently published per entity
    std::deque<std::string> m_scratch;                   // strings the last collect's records borrow
    bool m_firstCollect = true;
};

} // namespace tv::net::sim
