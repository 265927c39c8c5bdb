// PlantModel dynamics: pumps, valves, tanks, conveyor crates, AGVs and the alarms they raise. The numbers are
// chosen so that the demo shows something happening within a minute (a tank farm hours long in reality is
// compressed into minutes) while every signal stays physically plausible and within its documented range.
#include "net/sim/plant_model.h"

#include "core/log.h"

#include <algorithm>
#include <cmath>

namespace tv::net::sim {

namespace {

constexpr double kSubstep = 0.05;                   // s; physics resolution whatever the caller's dt
constexpr double kMaxPumpFlow = 60.0;               // m³/h at 3000 rpm, valves fully open
constexpr double kPumpRampUp = 300.0;               // rpm/s
constexpr double kPumpCoast = 400.0;                // rpm/s
constexpr double kBearingTau = 15.0;                // s
constexpr double kBearingWarn = 75.0;               // °C: warning alarm
constexpr double kBearingClear = 70.0;              // °C: warning cleared below
constexpr double kBearingTrip = 85.0;               // °C: the pump trips
constexpr double kValveRate = 10.0;                 // %/s
constexpr double kReturnFlowMax = 70.0;             // m³/h through valve-7 fully open with tank-3 full
constexpr double kTankTempTau = 60.0;               // s
constexpr double kMeanTimeToDegrade = 600.0;        // s of running per pump between bearing incidents
constexpr double kConveyorSpeed = 0.6;              // m/s when running
constexpr double kConveyorAccel = 0.5;              // m/s²
constexpr double kBeltStart = -5.7, kBeltEnd = 5.7; // conveyor-local x (the conveyor is 12 m long)
constexpr double kAgvSpeed = 1.2;                   // m/s
constexpr double kAgvDrain = 0.25;                  // %/s while moving
constexpr double kAgvCharge = 2.0;                  // %/s
constexpr double kAgvLowBattery = 25.0, kAgvCharged = 95.0;
constexpr double kMeanTimeToObstacle = 90.0; // s

// The AGV loop: a rounded rectangle on the east floor, x 3..13, z -7.5..-0.5, corner radius 1.2, driven
// counter-clockwise seen from above. The charger is at distance 0 (south-west, heading +X).
constexpr double kRouteX0 = 3.0, kRouteX1 = 13.0, kRouteZ0 = -7.5, kRouteZ1 = -0.5, kRouteR = 1.2;
constexpr double kHalfPi = 1.5707963267948966;

double routeLength() {
    return 2.0 * (kRouteX1 - kRouteX0 - 2 * kRouteR) + 2.0 * (kRouteZ1 - kRouteZ0 - 2 * kRouteR) +
           4.0 * kHalfPi * kRouteR;
}

// Position and heading (direction of travel in x/z) at distance s along the loop.
void routeAt(double s, vec3& position, float& yaw) {
    const double len = routeLength();
    s = std::fmod(s, len);
    if (s < 0) s += len;
    const double lx = kRouteX1 - kRouteX0 - 2 * kRouteR, lz = kRouteZ1 - kRouteZ0 - 2 * kRouteR;
    const double arc = kHalfPi * kRouteR;
    struct Seg {
        bool straight;
        double length, x, z; // start point (straight) or centre (arc)
        double dx, dz;       // direction (straight)
        double a0;           // start angle (arc), sweeping +90°
    };
    const Seg segs[8] = {
        {true, lx, kRouteX0 + kRouteR, kRouteZ0, 1, 0, 0},
        {false, arc, kRouteX1 - kRouteR, kRouteZ0 + kRouteR, 0, 0, -kHalfPi},
        {true, lz, kRouteX1, kRouteZ0 + kRouteR, 0, 1, 0},
        {false, arc, kRouteX1 - kRouteR, kRouteZ1 - kRouteR, 0, 0, 0},
        {true, lx, kRouteX1 - kRouteR, kRouteZ1, -1, 0, 0},
        {false, arc, kRouteX0 + kRouteR, kRouteZ1 - kRouteR, 0, 0, kHalfPi},
        {true, lz, kRouteX0, kRouteZ1 - kRouteR, 0, -1, 0},
        {false, arc, kRouteX0 + kRouteR, kRouteZ0 + kRouteR, 0, 0, 2 * kHalfPi},
    };
    for (const Seg& g : segs) {
        if (s > g.length) {
            s -= g.length;
            continue;
        }
        double px, pz, hx, hz;
        if (g.straight) {
            px = g.x + g.dx * s;
            pz = g.z + g.dz * s;
            hx = g.dx;
            hz = g.dz;
        } else {
            double a = g.a0 + s / kRouteR;
            px = g.x + kRouteR * std::cos(a);
            pz = g.z + kRouteR * std::sin(a);
            hx = -std::sin(a);
            hz = std::cos(a);
        }
        position = vec3(float(px), 0.0f, float(pz));
        // The AGV's forward axis is local +X; a rotation by yaw about +Y maps +X to (cos yaw, 0, -sin yaw).
        yaw = float(std::atan2(-hz, hx));
        return;
    }
    position = vec3(float(kRouteX0 + kRouteR), 0.0f, float(kRouteZ0));
    yaw = 0.0f;
}

} // namespace

PlantModel::PlantModel(PlantModelOptions options) : m_options(options), m_rng(options.seed) {
    struct TankInit {
        const char* id;
        double capacity, level, temperature, setpoint;
    };
    const TankInit tanks[4] = {
        {"tank-1", 37.0, 60.0, 55.0, 62.0},
        {"tank-2", 37.0, 45.0, 40.0, 42.0},
        {"tank-3", 40.0, 55.0, 45.0, 50.0},
        {"tank-4", 11.0, 55.0, 22.0, 24.0},
    };
    for (const TankInit& t : tanks) {
        TankState s;
        s.id = t.id;
        s.capacityM3 = t.capacity;
        s.levelPct = t.level;
        s.temperatureC = t.temperature;
        s.heaterSetpointC = t.setpoint;
        s.nextSetpointChange = uniform(60.0, 180.0);
        m_tanks.push_back(s);
    }
    for (int i = 1; i <= 7; ++i) {
        ValveState v;
        v.id = "valve-" + std::to_string(i);
        v.openingPct = v.targetPct = (i == 7) ? 50.0 : 100.0;
        v.manual = i != 7;
        m_valves.push_back(v);
    }
    const double setpoints[3] = {1450.0, 1200.0, 900.0}; // pump-3 matches tank-4's mean inflow
    const int sources[3] = {0, 1, 3};                    // tank-1, tank-2, tank-4
    for (int i = 0; i < 3; ++i) {
        PumpState p;
        p.id = "pump-" + std::to_string(i + 1);
        p.state = "running";
        p.wantRunning = true;
        p.setpointRpm = p.speedRpm = setpoints[i];
        p.bearingTempC = 28.0 + 40.0 * std::pow(p.speedRpm / kMaxPumpSpeedRpm, 2.0);
        p.sourceTank = sources[i];
        p.suctionValve = i;
        p.dischargeValve = 3 + i;
        p.degradeAt = 30.0 - kMeanTimeToDegrade * std::log(1.0 - uniform());
        m_pumps.push_back(p);
    }
    for (PumpState& p : m_pumps) p.flowM3h = pumpFlow(p);
    for (int i = 0; i < 4; ++i) { // a belt already carrying crates
        CrateState c;
        c.id = "crate-" + std::to_string(++m_crateCounter);
        c.x = kBeltStart + 0.4 + 2.8 * i + uniform(0.0, 0.5);
        m_crates.push_back(c);
        m_events.push_back({PendingEvent::Kind::Spawn, c.id, {}});
    }
    m_conveyorSpeed = kConveyorSpeed;
    m_nextCrateGap = uniform(1.8, 3.0);
    for (int i = 0; i < 2; ++i) {
        AgvState a;
        a.id = "agv-" + std::to_string(i + 1);
        a.distance = routeLength() * (0.1 + 0.5 * i);
        a.batteryPct = i == 0 ? 88.0 : 61.0;
        a.nextObstacleAt = -kMeanTimeToObstacle * std::log(1.0 - uniform()) + 20.0;
        routeAt(a.distance, a.position, a.yawRad);
        m_agvs.push_back(a);
    }
}

double PlantModel::uniform() { return double(m_rng() >> 11) * 0x1.0p-53; }

uint64_t PlantModel::sourceTimeUs() const { return m_options.startTimeUs + uint64_t(std::llround(m_time * 1e6)); }

void PlantModel::step(double dtSeconds) {
    if (!(dtSeconds > 0.0)) return;
    int n = std::max(1, int(std::ceil(dtSeconds / kSubstep - 1e-9)));
    double dt = dtSeconds / n;
    for (int i = 0; i < n; ++i) substep(dt);
}

void PlantModel::substep(double dt) {
    m_time += dt;
    // Valves move at a finite rate towards their target; valve-7 in automatic holds tank-3 near 60 %.
    ValveState& ret = m_valves[6];
    if (!ret.manual) ret.targetPct = std::clamp((m_tanks[2].levelPct - 40.0) * 3.0, 0.0, 100.0);
    for (ValveState& v : m_valves) {
        double d = v.targetPct - v.openingPct;
        v.openingPct += std::clamp(d, -kValveRate * dt, kValveRate * dt);
    }
    stepPumps(dt);
    stepTanks(dt);
    stepConveyor(dt);
    stepAgvs(dt);
    updateAlarms();
}

void PlantModel::stepPumps(double dt) {
    for (PumpState& p : m_pumps) {
        bool running = p.state == "running";
        double target = running ? p.setpointRpm : 0.0;
        double d = target - p.speedRpm;
        p.speedRpm += std::clamp(d, -kPumpCoast * dt, kPumpRampUp * dt);
        p.speedRpm = std::clamp(p.speedRpm, 0.0, kMaxPumpSpeedRpm);

        p.flowM3h = pumpFlow(p);
        // Power (for the energy KPI): the affinity law's cube of speed, plus a small loss while the shaft turns.
        double speedRatio = p.speedRpm / kMaxPumpSpeedRpm;
        p.powerKw = p.speedRpm > 1.0 ? kPumpRatedPowerKw * speedRatio * speedRatio * speedRatio + 0.4 : 0.0;

        // Bearing: heats with the square of speed; a degrading bearing (before a trip) heats up over ~30 s.
        double ratio = p.speedRpm / kMaxPumpSpeedRpm;
        double targetTemp = 28.0 + 40.0 * ratio * ratio;
        if (running && m_time >= p.degradeAt) targetTemp += 60.0 * std::min(1.0, (m_time - p.degradeAt) / 30.0);
        if (!running && p.state != "fault" && m_time >= p.degradeAt) p.degradeAt = m_time + 1.0; // accrues running
        p.bearingTempC += (targetTemp - p.bearingTempC) * (dt / kBearingTau) + noise(0.02);

        if (running && p.bearingTempC > kBearingTrip) tripPump(p);
        if (p.state == "fault" && m_time >= p.faultClearAt && p.bearingTempC < 60.0) {
            p.state = p.wantRunning ? "running" : "stopped"; // auto-reset after cooling down
            clearAlarm(p.id + "-trip");
        }
    }
}

double PlantModel::pumpFlow(const PumpState& p) const {
    const TankState& src = m_tanks[size_t(p.sourceTank)];
    double opening =
        std::min(m_valves[size_t(p.suctionValve)].openingPct, m_valves[size_t(p.dischargeValve)].openingPct) / 100.0;
    double suction = std::clamp((src.levelPct - 1.0) / 4.0, 0.0, 1.0); // dry-running below ~2 %
    return kMaxPumpFlow * (p.speedRpm / kMaxPumpSpeedRpm) * opening * suction;
}

void PlantModel::tripPump(PumpState& p) {
    p.state = "fault";
    p.faultClearAt = m_time + uniform(25.0, 45.0);
    p.degradeAt = m_time + 60.0 - kMeanTimeToDegrade * std::log(1.0 - uniform());
    ++m_faultCount;
    raiseAlarm(p.id + "-trip", p.id, AlarmSeverity::Major,
               tv::format("%s tripped: bearing over-temperature (%.1f °C)", p.id.c_str(), p.bearingTempC));
}

bool PlantModel::forcePumpFault(std::string_view pumpId) {
    for (PumpState& p : m_pumps)
        if (p.id == pumpId) {
            tripPump(p);
            return true;
        }
    return false;
}

void PlantModel::stepTanks(double dt) {
    auto addVolume = [&](TankState& t, double m3h) { t.levelPct += m3h / 3600.0 * dt / t.capacityM3 * 100.0; };
    TankState& t3 = m_tanks[2];
    double returnFlow = kReturnFlowMax * m_valves[6].openingPct / 100.0 * std::sqrt(std::max(0.0, t3.levelPct) / 100.0);
    m_processInflowM3h = 18.0 + 8.0 * std::sin(m_time * 2.0 * 3.141592653589793 / 240.0) + noise(0.5);
    // Product drawn from tank-3 by the downstream process (what keeps the plant's volume balanced).
    m_productDrawM3h = t3.levelPct > 5.0 ? 18.0 + 3.0 * std::sin(m_time * 2.0 * 3.141592653589793 / 300.0) : 0.0;

    // Heat carried by the flows into tank-3 and back (mixing), before the levels change.
    double mix = 0.0;
    for (const PumpState& p : m_pumps) {
        const TankState& src = m_tanks[size_t(p.sourceTank)];
        mix += p.flowM3h * (src.temperatureC - t3.temperatureC);
    }
    t3.temperatureC += mix / 3600.0 * dt / std::max(0.5, t3.capacityM3 * t3.levelPct / 100.0);

    for (const PumpState& p : m_pumps) {
        addVolume(m_tanks[size_t(p.sourceTank)], -p.flowM3h);
        addVolume(t3, p.flowM3h);
    }
    addVolume(t3, -returnFlow - m_productDrawM3h);
    // The return splits between tank-1 and tank-2 in proportion to what their pumps take out.
    double f1 = m_pumps[0].flowM3h, f2 = m_pumps[1].flowM3h;
    double share1 = f1 + f2 > 0.1 ? f1 / (f1 + f2) : 0.5;
    addVolume(m_tanks[0], returnFlow * share1);
    addVolume(m_tanks[1], returnFlow * (1.0 - share1));
    addVolume(m_tanks[3], m_processInflowM3h);

    const double ranges[4][2] = {{50.0, 75.0}, {35.0, 50.0}, {40.0, 60.0}, {20.0, 30.0}};
    for (size_t i = 0; i < m_tanks.size(); ++i) {
        TankState& t = m_tanks[i];
        t.levelPct = std::clamp(t.levelPct, 0.0, 100.0); // overflow / empty
        if (m_time >= t.nextSetpointChange) {
            t.heaterSetpointC = std::round(uniform(ranges[i][0], ranges[i][1]) * 2.0) / 2.0;
            t.nextSetpointChange = m_time + uniform(60.0, 180.0);
        }
        t.temperatureC += (t.heaterSetpointC - t.temperatureC) * (dt / kTankTempTau) + noise(0.01);
    }
}

void PlantModel::stepConveyor(double dt) {
    double target = m_conveyorRunning ? kConveyorSpeed : 0.0;
    m_conveyorSpeed += std::clamp(target - m_conveyorSpeed, -kConveyorAccel * dt, kConveyorAccel * dt);
    double travel = m_conveyorSpeed * dt;
    for (CrateState& c : m_crates) c.x += travel;
    for (auto it = m_crates.begin(); it != m_crates.end();) {
        if (it->x > kBeltEnd) {
            m_events.push_back({PendingEvent::Kind::Remove, it->id, {}});
            it = m_crates.erase(it);
            ++m_cratesDelivered;
        } else {
            ++it;
        }
    }
    m_nextCrateGap -= travel;
    if (m_nextCrateGap <= 0.0) {
        CrateState c;
        c.id = "crate-" + std::to_string(++m_crateCounter);
        c.x = kBeltStart;
        m_crates.push_back(c);
        m_events.push_back({PendingEvent::Kind::Spawn, c.id, {}});
        m_nextCrateGap = uniform(1.8, 3.0);
    }
}

void PlantModel::stepAgvs(double dt) {
    const double len = routeLength();
    for (AgvState& a : m_agvs) {
        if (a.state == "blocked") {
            a.batteryPct -= kAgvDrain * 0.2 * dt;
            if (m_time >= a.blockedUntil) {
                a.state = "moving";
                clearAlarm(a.id + "-obstacle");
                a.nextObstacleAt = m_time - kMeanTimeToObstacle * std::log(1.0 - uniform());
            }
        } else if (a.state == "charging") {
            a.batteryPct += kAgvCharge * dt;
            if (a.batteryPct >= kAgvCharged) a.state = "moving";
        } else {
            double before = a.distance;
            a.distance += kAgvSpeed * dt;
            a.batteryPct -= kAgvDrain * dt;
            bool passedCharger = std::floor(before / len) != std::floor(a.distance / len);
            if (passedCharger && a.batteryPct < kAgvLowBattery) {
                a.distance = std::floor(a.distance / len) * len; // dock exactly at the charger
                a.state = "charging";
            } else if (m_time >= a.nextObstacleAt) {
                a.state = "blocked";
                a.blockedUntil = m_time + uniform(5.0, 12.0);
                raiseAlarm(a.id + "-obstacle", a.id, AlarmSeverity::Warning, a.id + " stopped: obstacle in path");
            }
            if (a.distance > 1000.0 * len) a.distance -= 1000.0 * len; // keep the float precision
        }
        a.batteryPct = std::clamp(a.batteryPct, 0.0, 100.0);
        routeAt(a.distance, a.position, a.yawRad);
    }
}

void PlantModel::updateAlarms() {
    for (const PumpState& p : m_pumps) {
        std::string id = p.id + "-bearing";
        bool active = m_alarms.count(id) != 0;
        if (!active && p.bearingTempC > kBearingWarn)
            raiseAlarm(id, p.id, AlarmSeverity::Warning,
                       tv::format("%s bearing temperature high: %.1f °C", p.id.c_str(), p.bearingTempC));
        else if (active && p.bearingTempC < kBearingClear)
            clearAlarm(id);
    }
    const TankState& t3 = m_tanks[2];
    if (!m_alarms.count("tank-3-high") && t3.levelPct > 90.0)
        raiseAlarm("tank-3-high", t3.id, AlarmSeverity::Warning, "tank-3 level high");
    else if (m_alarms.count("tank-3-high") && t3.levelPct < 85.0)
        clearAlarm("tank-3-high");
    const TankState& t4 = m_tanks[3];
    if (!m_alarms.count("tank-4-low") && t4.levelPct < 10.0)
        raiseAlarm("tank-4-low", t4.id, AlarmSeverity::Warning, "tank-4 level low: pump-3 may run dry");
    else if (m_alarms.count("tank-4-low") && t4.levelPct > 15.0)
        clearAlarm("tank-4-low");
}

void PlantModel::raiseAlarm(const std::string& id, const std::string& entity, AlarmSeverity severity,
                            std::string text) {
    ActiveAlarm a;
    a.entity = entity;
    a.severity = severity;
    a.text = std::move(text);
    m_alarms[id] = a;
    m_events.push_back({PendingEvent::Kind::Raise, id, a});
}

void PlantModel::clearAlarm(const std::string& id) {
    if (m_alarms.erase(id) == 0) return;
    m_events.push_back({PendingEvent::Kind::Clear, id, {}});
}

} // namespace tv::net::sim
