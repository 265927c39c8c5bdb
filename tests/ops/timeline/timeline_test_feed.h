// A scripted feed for the timeline tests: produces FeedDeltas the way the subscriber does (update records
// coalesced by net::DeltaBuilder), with every kind of change (numbers, strings, bools, unit changes, transforms,
// visibility, colours, spawns, removes, alarms, resnapshots), and keeps the reference TwinState the live viewer
// would hold (TwinState::apply of each delta). Deterministic (seeded).
#pragma once

#include "net/feed/twin_state.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace tv::ops::test {

class ScriptedFeed {
public:
    explicit ScriptedFeed(uint32_t seed, int entities = 12) : m_rng(seed), m_entities(entities) {
        for (int e = 0; e < entities; ++e) m_names.push_back("entity-" + std::to_string(e));
    }

    // One delta at publisher time tUs with about `changes` random update records. Every `resetEvery`-th call
    // (0 = never) is a resnapshot instead: a fresh random state delivered as a reset delta.
    net::FeedDelta next(uint64_t tUs, int changes, bool reset = false) {
        if (reset) {
            net::TwinState fresh;
            for (int i = 0; i < changes; ++i)
                randomUpdate(tUs, [&](const net::Update& u) { fresh.apply(u, tUs, tUs); });
            std::vector<net::Update> updates;
            fresh.toUpdates(updates);
            m_builder.beginReset();
            for (const net::Update& u : updates) m_builder.add(u, tUs, tUs + 300);
        } else {
            for (int i = 0; i < changes; ++i)
                randomUpdate(tUs, [&](const net::Update& u) { m_builder.add(u, tUs, tUs + 250); });
        }
        m_builder.addSentTimestamp(tUs);
        net::FeedDelta d;
        m_builder.take(d);
        d.status.name = "plant";
        d.status.liveness = net::FeedLiveness::Live;
        state.apply(d);
        return d;
    }

    net::TwinState state; // what the live viewer holds after every delta so far

private:
    template <class Add>
    void randomUpdate(uint64_t tUs, Add&& add) {
        const std::string& entity = m_names[pick(m_entities)];
        const int what = pick(100);
        if (what < 70) { // numbers dominate a plant feed
            static const char* props[] = {"level", "speed", "temperature", "flow"};
            net::PropertyUpdate p;
            p.entity = entity;
            p.property = props[pick(4)];
            p.value = net::Value::makeNumber(double(pick(100000)) / 7.0);
            p.unit = pick(50) == 0 ? net::Unit::fromSymbol("m3/h") : net::Unit::fromCode(uint16_t(1 + pick(2)));
            p.sourceTimestampUs = pick(3) == 0 ? 0 : tUs - 1000;
            add(net::Update(p));
        } else if (what < 76) {
            net::PropertyUpdate p;
            p.entity = entity;
            p.property = pick(2) ? "mode" : "level"; // "level" sometimes changes type
            m_text = pick(2) ? "auto" : "a rather long manual-override mode text";
            p.value = net::Value::makeString(m_text);
            add(net::Update(p));
        } else if (what < 79) {
            net::PropertyUpdate p;
            p.entity = entity;
            p.property = "running";
            p.value = net::Value::makeBool(pick(2));
            add(net::Update(p));
        } else if (what < 84) {
            net::TransformUpdate t;
            t.entity = entity;
            t.mask = uint8_t(1 + pick(7));
            t.translation = vec3(float(pick(10)), 0.0f, 1.0f);
            add(net::Update(t));
        } else if (what < 87) {
            add(net::Update(net::VisibilityUpdate{entity, pick(2) == 0}));
        } else if (what < 90) {
            if (pick(2)) {
                net::ColourOverride c;
                c.entity = entity;
                c.mask = net::kColourBase;
                c.baseColour = vec4(1.0f, float(pick(4)) / 4.0f, 0.0f, 1.0f);
                add(net::Update(c));
            } else {
                add(net::Update(net::ColourClear{entity}));
            }
        } else if (what < 92) {
            net::SpawnEntity s;
            s.entity = entity;
            s.asset = "valve";
            add(net::Update(s));
        } else if (what < 94) {
            add(net::Update(net::RemoveEntity{entity}));
        } else if (what < 97) {
            static const char* ids[] = {"high-level", "pump-trip", "leak"};
            net::AlarmRaise a;
            a.alarmId = ids[pick(3)];
            a.entity = entity;
            a.severity = net::AlarmSeverity(1 + pick(4));
            a.text = "alarm text";
            add(net::Update(a));
        } else {
            static const char* ids[] = {"high-level", "pump-trip", "leak"};
            add(net::Update(net::AlarmClear{ids[pick(3)]}));
        }
    }
    int pick(int n) { return int(m_rng() % uint32_t(n)); }

    std::mt19937 m_rng;
    int m_entities;
    std::vector<std::string> m_names;
    std::string m_text;
    net::DeltaBuilder m_builder;
};

} // namespace tv::ops::test
