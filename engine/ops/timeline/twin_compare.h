// Twin comparison — the core of the comparative view: two states of a feed (two moments, or live and a moment)
// compared property by property. Numbers are compared on a normalised scale: the property's range declared in
// the scene file (PropertyDecl min/max), else the values' own spread (the min..max of that property name over
// every entity in both states), so "level changed by 0.4 m" and "speed changed by 300 rpm" sort together.
// Non-numeric values (strings, bools, vectors) count as fully changed (1) when they differ. Per entity a signed
// score (the largest normalised change, negative = lower in B) gives a difference colour on a diverging ramp:
// blue = lower, white = same, red = higher. Alarms active in A only, B only, and both.
// Plain functions over values; any thread.
#pragma once

#include "core/math.h"
#include "net/feed/twin_state.h"
#include "twin/scene_file.h"

#include <string>
#include <vector>

namespace tv::ops {

struct CompareRow {
    std::string entity;
    std::string property;
    std::string unit;     // display unit (the feed's, else the scene file's)
    std::string a, b;     // display values ("-" when absent on that side)
    bool numeric = false; // both sides numbers: delta is B - A
    double valueA = 0.0, valueB = 0.0;
    double delta = 0.0;      // B - A (numeric rows)
    double normalised = 0.0; // |change| on 0..1 (see above); 1 for a changed non-number or a property on one side
};

struct EntityChange {
    std::string entity;
    double score = 0.0; // -1..1: signed normalised change of its most changed numeric property (0 = same)
};

// The colour for an entity's node (TwinRuntime::setEntityTints takes { entity, colour }).
struct EntityTintColour {
    std::string entity;
    vec3 colour{1.0f};
};

struct Comparison {
    std::vector<CompareRow> rows;         // changed rows first: by normalised change, then entity, property
    std::vector<EntityChange> entities;   // by |score|, largest first
    std::vector<std::string> alarmsOnlyA; // alarm ids active at A, cleared by B
    std::vector<std::string> alarmsOnlyB; // raised between A and B
    std::vector<std::string> alarmsBoth;
};

// Compares a (moment A) with b (moment B). `file` (optional) gives declared ranges and units.
Comparison compareStates(const net::TwinState& a, const net::TwinState& b, const twin::SceneFile* file = nullptr);

// The diverging ramp: -1 -> blue, 0 -> white, +1 -> red (linear RGB), clamped.
vec3 divergingColour(double score);

// One tint per entity whose |score| >= minScore (the others keep their own colours).
std::vector<EntityTintColour> differenceTints(const Comparison& comparison, double minScore = 0.02);

} // namespace tv::ops
