// SceneFile — the in-memory model of a twin scene file (scenes/*.json, schema in docs/scene-format.md): which glTF
// assets to load and where, which twin entities map to which nodes, how entity properties drive visuals
// (bindings), which feeds to subscribe to, saved viewpoints and KPI declarations. Plain data with no behaviour:
// scene_file_parser.h fills it from text, scene_file_writer.h turns it back into JSON, binding_eval.h computes
// visual effects, scene_resolve.h maps node paths onto a live SceneGraph.
// Owns only values; any thread may read or write a SceneFile it holds (no shared state).
#pragma once

#include "core/math.h"
#include "interact/viewpoints.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace tv::twin {

// 1-based line and column in the scene file text; 0 when the value was built in code rather than parsed.
struct SourcePos {
    uint32_t line = 0;
    uint32_t column = 0;
};

// A property value as the feed delivers it. Numbers are doubles (feeds send JSON numbers).
using PropertyValue = std::variant<double, bool, std::string>;

enum class PropertyType : uint8_t { Number, Bool, String };

// ---- Assets ----------------------------------------------------------------------------------------------------

inline constexpr const char* kBuiltinDemo = "builtin:demo";     // scene::makeDemoPlant()
inline constexpr const char* kBuiltinStress = "builtin:stress"; // scene::makeStressScene() with its defaults

struct AssetDecl {
    std::string id;           // unique within the file; entity node paths name it
    std::string source;       // as written: "builtin:demo", "builtin:stress" or a path relative to the file
    std::string resolvedPath; // source joined to the scene file's folder; empty for builtin sources
    std::string name;         // display name of the instance node; defaults to id
    Transform transform;      // placement of the instance root in the world
    // Loaded but not instantiated: only feed spawn records (which name it by id) create instances of it, so no
    // entity of the file may live on it.
    bool spawnOnly = false;
    SourcePos pos;
    bool isBuiltin() const { return source.rfind("builtin:", 0) == 0; }
};

// ---- Entities --------------------------------------------------------------------------------------------------

struct PropertyDecl {
    std::string name;
    PropertyType type = PropertyType::Number;
    std::string unit;          // display unit ("%", "degC", "rpm"); may be empty
    std::optional<double> min; // expected range (numbers only); documentation and UI scales, not clamping
    std::optional<double> max;
};

// "asset-id:/path/in/asset": the asset instance and a '/'-separated path of node names from the instance's root
// node ("/" alone is the instance root itself). Unnamed nodes are "#<index among siblings>", as in SceneGraph.
struct NodePath {
    std::string asset;
    std::string path;
    std::string toString() const { return asset + ":" + path; }
};

struct EntityDecl {
    std::string id; // twin entity id, as the feed names it; unique within the file
    NodePath node;
    std::vector<PropertyDecl> properties; // sorted by name (the JSON object's key order)
    SourcePos pos;

    const PropertyDecl* findProperty(const std::string& name) const {
        for (const PropertyDecl& p : properties)
            if (p.name == name) return &p;
        return nullptr;
    }
};

// ---- Bindings --------------------------------------------------------------------------------------------------

// A test on a property value: equals/notEquals compare any type (the value's type must match the property's),
// above/below compare numbers strictly.
struct Condition {
    enum class Op : uint8_t { Equals, NotEquals, Above, Below };
    Op op = Op::Equals;
    PropertyValue value = true;
};

enum class ColorTarget : uint8_t { BaseColor, Emissive };

struct ColorStop {
    double value = 0.0; // in property units, inside [min, max], strictly increasing along the ramp
    vec3 color{0.0f};   // linear RGB, components in 0..1
};

// Heat map: the value is clamped to [min, max] and its colour interpolated linearly between neighbouring stops.
struct ColorRampBinding {
    double min = 0.0;
    double max = 1.0;
    std::vector<ColorStop> stops; // at least two
    ColorTarget target = ColorTarget::BaseColor;
};

// translate / rotate / scale driven by a value. Range form: the value is clamped to [minValue, maxValue] and
// mapped linearly onto [minAmount, maxAmount]. Rate form (rotate only): the node turns at `rate` degrees per
// second per unit of value (fan speed), integrated over time by the caller (binding_eval.h advanceRotation).
// Amounts: metres along `axis` (translate), degrees about `axis` (rotate), a scale factor applied to the
// components where `axis` is non-zero (scale: [0,1,0] scales Y only). The delta applies in the node's local
// frame, after its rest transform: local = rest * delta.
struct MotionBinding {
    enum class Kind : uint8_t { Translate, Rotate, Scale };
    Kind kind = Kind::Translate;
    vec3 axis{0.0f, 1.0f, 0.0f}; // unit length for translate/rotate (normalised on parse)
    double minValue = 0.0;
    double maxValue = 1.0;
    double minAmount = 0.0;
    double maxAmount = 1.0;
    std::optional<double> rate; // set = rate form (rotate only); the range fields are then unused
};

struct VisibilityBinding {
    Condition when; // visible while true
};

struct BlinkBinding {
    Condition when; // blinks while true, steady (visible) otherwise
    double hz = 1.0;
};

// 3D text at the node's origin + offset. `format` placeholders: {value}, {value:.Nf} (N decimals), {unit},
// {entity}, {property}; "{{" and "}}" are literal braces. `layer` groups labels the operator shows or hides
// together (e.g. "levels", "pumps"); the parser fills in the property name when the file gives none, and an empty
// layer (a binding built in code) means the same, so every label has a layer.
struct LabelBinding {
    std::string format = "{value} {unit}";
    std::string unit; // empty = the property's declared unit
    vec3 offset{0.0f};
    std::string layer; // empty = the property name
};

enum class Severity : uint8_t { Info, Warning, Critical };

// Raises an alert when the value goes above (or below) `limit`; clears only once it is back past
// limit -/+ hysteresis, so a noisy value near the limit does not flap. `message` uses LabelBinding's placeholders.
struct ThresholdBinding {
    bool above = true; // false = below
    double limit = 0.0;
    double hysteresis = 0.0; // >= 0
    Severity severity = Severity::Warning;
    std::string message;
};

using BindingSpec =
    std::variant<ColorRampBinding, MotionBinding, VisibilityBinding, BlinkBinding, LabelBinding, ThresholdBinding>;

struct Binding {
    std::string entity;   // an EntityDecl id
    std::string property; // declared on that entity
    BindingSpec spec;
    SourcePos pos;
};

// ---- Feeds, KPIs -----------------------------------------------------------------------------------------------

struct FeedDecl {
    std::string name;
    std::string endpoint;             // updates (PUB), e.g. "tcp://127.0.0.1:5556"
    std::string snapshotEndpoint;     // late-join state (ROUTER); may be empty
    std::string commandEndpoint;      // operator commands back to the twin; may be empty
    double staleTimeoutSeconds = 5.0; // entities not updated for this long are shown stale
};

// Which side of the target is good: Target = close to it (within 5% good, 15% warning), Higher = at or above it
// (down to 90% a warning), Lower = at or below it (up to 110% a warning). Evaluation: tv::ops::KpiBoard.
enum class KpiBetter : uint8_t { Target, Higher, Lower };

// A KPI tile: `expression` (grammar in docs/scene-format.md, evaluated by engine/ops/kpi) over live properties.
// The parser checks only the JSON shape; the expression itself is validated by ops::KpiBoard::create (tv_twin
// must not depend on tv_ops), which names `expressionPos` in its errors.
struct KpiDecl {
    std::string name;
    std::string expression;
    std::string unit;
    std::optional<double> target;
    KpiBetter better = KpiBetter::Target;
    SourcePos pos;           // the array element
    SourcePos expressionPos; // the "expression" member (its key)
};

// ---- The file --------------------------------------------------------------------------------------------------

inline constexpr int kSceneFileVersion = 1;

struct SceneFile {
    std::string path; // the file it was read from (for messages and resolving asset paths); may be empty
    std::string name; // optional title
    std::vector<AssetDecl> assets;
    std::vector<EntityDecl> entities;
    std::vector<Binding> bindings;
    std::vector<FeedDecl> feeds;
    interact::ViewpointList viewpoints;
    std::vector<KpiDecl> kpis;

    const AssetDecl* findAsset(const std::string& id) const {
        for (const AssetDecl& a : assets)
            if (a.id == id) return &a;
        return nullptr;
    }
    const EntityDecl* findEntity(const std::string& id) const {
        for (const EntityDecl& e : entities)
            if (e.id == id) return &e;
        return nullptr;
    }
};

const char* propertyTypeName(PropertyType type);
const char* severityName(Severity severity);
const char* kpiBetterName(KpiBetter better); // "target", "higher", "lower"

} // namespace tv::twin
