// Scene-file parser (see scene_file_parser.h and docs/scene-format.md). Two steps: a position-tracking JSON read
// (located_json.h), then a typed walk that checks each field and names file:line:column and its JSON path on error.
#include "twin/scene_file_parser.h"

#include "scene/scene_generators.h"

#include "core/log.h"
#include "twin/located_json.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

namespace tv::twin {

const char* propertyTypeName(PropertyType type) {
    switch (type) {
    case PropertyType::Number: return "number";
    case PropertyType::Bool: return "bool";
    case PropertyType::String: return "string";
    }
    return "?";
}

const char* severityName(Severity severity) {
    switch (severity) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Critical: return "critical";
    }
    return "?";
}

const char* kpiBetterName(KpiBetter better) {
    switch (better) {
    case KpiBetter::Target: return "target";
    case KpiBetter::Higher: return "higher";
    case KpiBetter::Lower: return "lower";
    }
    return "?";
}

Expected<NodePath> parseNodePath(std::string_view text) {
    size_t colon = text.find(':');
    if (colon == std::string_view::npos)
        return makeError(ErrorCode::Parse, "expected \"asset-id:/path/in/asset\" (no ':' found)");
    NodePath np{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
    if (np.asset.empty()) return makeError(ErrorCode::Parse, "the asset id before ':' is empty");
    if (np.path.empty() || np.path[0] != '/') return makeError(ErrorCode::Parse, "the node path must start with '/'");
    if (np.path.size() > 1) {
        if (np.path.back() == '/') return makeError(ErrorCode::Parse, "the node path must not end with '/'");
        if (np.path.find("//") != std::string::npos)
            return makeError(ErrorCode::Parse, "the node path has an empty segment (\"//\")");
    }
    return np;
}

namespace {

using nlohmann::json;

// Unwraps an Expected into `var` or returns its error from the enclosing function.
#define TV_TWIN_TRY(var, expr)                                                                                         \
    auto var##Result = (expr);                                                                                         \
    if (!var##Result) return var##Result.error();                                                                      \
    auto var = std::move(*var##Result)

#define TV_TWIN_TRY_VOID(expr)                                                                                         \
    do {                                                                                                               \
        auto tvTryResult = (expr);                                                                                     \
        if (!tvTryResult) return tvTryResult.error();                                                                  \
    } while (false)

std::string child(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string element(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

class Walker {
public:
    Walker(const LocatedJson& lj, std::string file, std::vector<std::string>& warnings)
        : m_lj(lj), m_file(std::move(file)), m_warnings(warnings) {}

    Error error(const std::string& path, const std::string& what) const {
        return makeError(ErrorCode::Parse, where(path) + what);
    }

    void warn(const std::string& path, const std::string& what) { m_warnings.push_back(where(path) + what); }

    // Warns about keys of `obj` not in `known`.
    void checkKeys(const json& obj, const std::string& path, std::initializer_list<std::string_view> known) {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool ok = false;
            for (std::string_view k : known) ok = ok || k == it.key();
            if (!ok) warn(child(path, it.key()), "unknown key \"" + it.key() + "\" (ignored)");
        }
    }

    Expected<void> expectObject(const json& v, const std::string& path) const {
        if (!v.is_object()) return error(path, "expected an object");
        return {};
    }

    // Returns nullptr when the key is absent (and not required).
    Expected<const json*> member(const json& obj, const std::string& path, const char* key, bool required) const {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) return error(child(path, key), "missing (required)");
            return static_cast<const json*>(nullptr);
        }
        return &*it;
    }

    Expected<std::string> string(const json& obj, const std::string& path, const char* key, bool required,
                                 bool nonEmpty, std::string fallback = {}) const {
        TV_TWIN_TRY(m, member(obj, path, key, required));
        if (!m) return fallback;
        if (!m->is_string() || (nonEmpty && m->get<std::string>().empty()))
            return error(child(path, key), nonEmpty ? "expected a non-empty string" : "expected a string");
        return m->get<std::string>();
    }

    Expected<double> number(const json& v, const std::string& path) const {
        if (!v.is_number()) return error(path, "expected a number");
        double d = v.get<double>();
        if (!std::isfinite(d)) return error(path, "expected a finite number");
        return d;
    }

    Expected<std::optional<double>> number(const json& obj, const std::string& path, const char* key,
                                           bool required) const {
        TV_TWIN_TRY(m, member(obj, path, key, required));
        if (!m) return std::optional<double>();
        TV_TWIN_TRY(d, number(*m, child(path, key)));
        return std::optional<double>(d);
    }

    Expected<vec3> vec3Value(const json& v, const std::string& path, const char* what = "expected [x, y, z]") const {
        if (!v.is_array() || v.size() != 3) return error(path, what);
        vec3 out(0.0f);
        for (int i = 0; i < 3; ++i) {
            if (!v[size_t(i)].is_number()) return error(path, what);
            out[i] = v[size_t(i)].get<float>();
            if (!std::isfinite(out[i])) return error(path, "components must be finite");
        }
        return out;
    }

    Expected<vec3> vec3Member(const json& obj, const std::string& path, const char* key, vec3 fallback) const {
        TV_TWIN_TRY(m, member(obj, path, key, false));
        if (!m) return fallback;
        return vec3Value(*m, child(path, key));
    }

    Expected<const json*> array(const json& obj, const std::string& path, const char* key) const {
        TV_TWIN_TRY(m, member(obj, path, key, false));
        if (m && !m->is_array()) return error(child(path, key), "expected an array");
        return m;
    }

private:
    std::string where(const std::string& path) const {
        SourcePos p = m_lj.find(path);
        return format("%s:%u:%u: %s: ", m_file.c_str(), p.line, p.column, path.empty() ? "(root)" : path.c_str());
    }

    const LocatedJson& m_lj;
    std::string m_file;
    std::vector<std::string>& m_warnings;
};

// ---- Sections --------------------------------------------------------------------------------------------------

Expected<Transform> readTransform(Walker& w, const json& obj, const std::string& path) {
    TV_TWIN_TRY_VOID(w.expectObject(obj, path));
    w.checkKeys(obj, path, {"translation", "rotation", "scale"});
    Transform t;
    TV_TWIN_TRY(tr, w.vec3Member(obj, path, "translation", vec3(0.0f)));
    TV_TWIN_TRY(sc, w.vec3Member(obj, path, "scale", vec3(1.0f)));
    t.translation = tr;
    t.scale = sc;
    TV_TWIN_TRY(rot, w.member(obj, path, "rotation", false));
    if (rot) {
        std::string rp = child(path, "rotation");
        const char* what = "expected a quaternion [x, y, z, w] (glTF order)";
        if (!rot->is_array() || rot->size() != 4) return w.error(rp, what);
        float q[4];
        for (size_t i = 0; i < 4; ++i) {
            if (!(*rot)[i].is_number()) return w.error(rp, what);
            q[i] = (*rot)[i].get<float>();
        }
        quat r(q[3], q[0], q[1], q[2]); // glm::quat is (w, x, y, z)
        float len = glm::length(r);
        if (!std::isfinite(len) || len < 1e-6f) return w.error(rp, "quaternion must be non-zero and finite");
        t.rotation = r / len;
    }
    return t;
}

Expected<void> readAssets(Walker& w, const json& root, SceneFile& out, const LocatedJson& lj) {
    TV_TWIN_TRY(arr, w.array(root, "", "assets"));
    if (!arr) return {};
    std::filesystem::path base = std::filesystem::path(out.path).parent_path();
    for (size_t i = 0; i < arr->size(); ++i) {
        std::string p = element("assets", i);
        const json& a = (*arr)[i];
        TV_TWIN_TRY_VOID(w.expectObject(a, p));
        w.checkKeys(a, p, {"id", "source", "name", "transform", "spawnOnly"});
        AssetDecl d;
        TV_TWIN_TRY(id, w.string(a, p, "id", true, true));
        if (id.find(':') != std::string::npos) return w.error(child(p, "id"), "must not contain ':'");
        if (out.findAsset(id)) return w.error(child(p, "id"), "duplicate asset id \"" + id + "\"");
        TV_TWIN_TRY(source, w.string(a, p, "source", true, true));
        d.id = id;
        d.source = source;
        if (d.isBuiltin()) {
            const std::string_view name = std::string_view(source).substr(8);
            bool known = false;
            std::string expected;
            for (std::string_view b : scene::builtinAssetNames()) {
                known = known || b == name;
                expected += std::string(expected.empty() ? "" : ", ") + "\"builtin:" + std::string(b) + "\"";
            }
            if (!known)
                return w.error(child(p, "source"),
                               "unknown builtin \"" + source + "\" (expected one of " + expected + ")");
        } else {
            d.resolvedPath = (base / std::filesystem::u8path(source)).lexically_normal().string();
        }
        TV_TWIN_TRY(name, w.string(a, p, "name", false, false, id));
        d.name = name;
        TV_TWIN_TRY(tm, w.member(a, p, "transform", false));
        if (tm) {
            TV_TWIN_TRY(t, readTransform(w, *tm, child(p, "transform")));
            d.transform = t;
        }
        TV_TWIN_TRY(spawnOnly, w.member(a, p, "spawnOnly", false));
        if (spawnOnly) {
            if (!spawnOnly->is_boolean()) return w.error(child(p, "spawnOnly"), "expected true or false");
            d.spawnOnly = spawnOnly->get<bool>();
        }
        d.pos = lj.find(p);
        out.assets.push_back(std::move(d));
    }
    return {};
}

Expected<PropertyDecl> readProperty(Walker& w, const json& v, const std::string& p, const std::string& name) {
    TV_TWIN_TRY_VOID(w.expectObject(v, p));
    w.checkKeys(v, p, {"type", "unit", "min", "max"});
    PropertyDecl d;
    d.name = name;
    TV_TWIN_TRY(type, w.string(v, p, "type", false, true, "number"));
    if (type == "number")
        d.type = PropertyType::Number;
    else if (type == "bool")
        d.type = PropertyType::Bool;
    else if (type == "string")
        d.type = PropertyType::String;
    else
        return w.error(child(p, "type"), "expected \"number\", \"bool\" or \"string\"");
    TV_TWIN_TRY(unit, w.string(v, p, "unit", false, false));
    d.unit = unit;
    TV_TWIN_TRY(mn, w.number(v, p, "min", false));
    TV_TWIN_TRY(mx, w.number(v, p, "max", false));
    if ((mn || mx) && d.type != PropertyType::Number)
        return w.error(child(p, mn ? "min" : "max"), "a range is only allowed on number properties");
    if (mn && mx && !(*mn < *mx)) return w.error(child(p, "max"), "must be greater than min");
    d.min = mn;
    d.max = mx;
    return d;
}

Expected<void> readEntities(Walker& w, const json& root, SceneFile& out, const LocatedJson& lj) {
    TV_TWIN_TRY(arr, w.array(root, "", "entities"));
    if (!arr) return {};
    for (size_t i = 0; i < arr->size(); ++i) {
        std::string p = element("entities", i);
        const json& e = (*arr)[i];
        TV_TWIN_TRY_VOID(w.expectObject(e, p));
        w.checkKeys(e, p, {"id", "node", "properties"});
        EntityDecl d;
        TV_TWIN_TRY(id, w.string(e, p, "id", true, true));
        if (out.findEntity(id)) return w.error(child(p, "id"), "duplicate entity id \"" + id + "\"");
        d.id = id;
        d.pos = lj.find(p);
        TV_TWIN_TRY(node, w.string(e, p, "node", true, true));
        auto np = parseNodePath(node);
        if (!np) return w.error(child(p, "node"), np.error().message);
        const AssetDecl* asset = out.findAsset(np->asset);
        if (!asset) return w.error(child(p, "node"), "unknown asset \"" + np->asset + "\"");
        if (asset->spawnOnly)
            return w.error(child(p, "node"),
                           "asset \"" + np->asset + "\" is spawnOnly (never instantiated by the file)");
        d.node = *np;
        TV_TWIN_TRY(props, w.member(e, p, "properties", false));
        if (props) {
            std::string pp = child(p, "properties");
            if (!props->is_object()) return w.error(pp, "expected an object of property name -> declaration");
            for (auto it = props->begin(); it != props->end(); ++it) {
                if (it.key().empty()) return w.error(pp, "property names must be non-empty");
                TV_TWIN_TRY(pd, readProperty(w, it.value(), child(pp, it.key()), it.key()));
                d.properties.push_back(std::move(pd));
            }
        }
        out.entities.push_back(std::move(d));
    }
    return {};
}

// Condition value must have the property's type; above/below need a number property.
Expected<Condition> readCondition(Walker& w, const json& v, const std::string& p, const PropertyDecl& prop) {
    TV_TWIN_TRY_VOID(w.expectObject(v, p));
    static constexpr std::pair<const char*, Condition::Op> kOps[] = {{"equals", Condition::Op::Equals},
                                                                     {"notEquals", Condition::Op::NotEquals},
                                                                     {"above", Condition::Op::Above},
                                                                     {"below", Condition::Op::Below}};
    if (v.size() != 1 ||
        !(v.contains("equals") || v.contains("notEquals") || v.contains("above") || v.contains("below")))
        return w.error(p, "expected exactly one of \"equals\", \"notEquals\", \"above\", \"below\"");
    Condition c;
    for (const auto& [key, op] : kOps) {
        auto it = v.find(key);
        if (it == v.end()) continue;
        std::string kp = child(p, key);
        c.op = op;
        if (op == Condition::Op::Above || op == Condition::Op::Below) {
            if (prop.type != PropertyType::Number)
                return w.error(kp, "\"" + std::string(key) + "\" needs a number property, \"" + prop.name + "\" is " +
                                       propertyTypeName(prop.type));
        }
        switch (prop.type) {
        case PropertyType::Number: {
            TV_TWIN_TRY(d, w.number(*it, kp));
            c.value = d;
            break;
        }
        case PropertyType::Bool:
            if (!it->is_boolean())
                return w.error(kp, "expected true or false (property \"" + prop.name + "\" is bool)");
            c.value = it->get<bool>();
            break;
        case PropertyType::String:
            if (!it->is_string()) return w.error(kp, "expected a string (property \"" + prop.name + "\" is string)");
            c.value = it->get<std::string>();
            break;
        }
    }
    return c;
}

Expected<ColorRampBinding> readColorRamp(Walker& w, const json& b, const std::string& p) {
    ColorRampBinding r;
    TV_TWIN_TRY(mn, w.number(b, p, "min", true));
    TV_TWIN_TRY(mx, w.number(b, p, "max", true));
    if (!(*mn < *mx)) return w.error(child(p, "max"), "must be greater than min");
    r.min = *mn;
    r.max = *mx;
    TV_TWIN_TRY(target, w.string(b, p, "target", false, true, "baseColor"));
    if (target == "baseColor")
        r.target = ColorTarget::BaseColor;
    else if (target == "emissive")
        r.target = ColorTarget::Emissive;
    else
        return w.error(child(p, "target"), "expected \"baseColor\" or \"emissive\"");
    TV_TWIN_TRY(stops, w.array(b, p, "stops"));
    if (!stops) { // default: blue at min to red at max
        r.stops = {ColorStop{r.min, vec3(0.0f, 0.0f, 1.0f)}, ColorStop{r.max, vec3(1.0f, 0.0f, 0.0f)}};
        return r;
    }
    std::string sp = child(p, "stops");
    if (stops->size() < 2) return w.error(sp, "expected at least 2 stops");
    for (size_t i = 0; i < stops->size(); ++i) {
        std::string ep = element(sp, i);
        const json& s = (*stops)[i];
        const char* shape = "expected [value, [r,g,b]]";
        bool ok = s.is_array() && s.size() == 2 && s[0].is_number() && s[1].is_array() && s[1].size() == 3;
        for (size_t c = 0; ok && c < 3; ++c) ok = s[1][c].is_number();
        if (!ok) return w.error(ep, shape);
        ColorStop stop;
        stop.value = s[0].get<double>();
        TV_TWIN_TRY(color, w.vec3Value(s[1], element(ep, 1), shape));
        for (int c = 0; c < 3; ++c)
            if (color[c] < 0.0f || color[c] > 1.0f) return w.error(element(ep, 1), "colour components must be in 0..1");
        stop.color = color;
        if (stop.value < r.min || stop.value > r.max)
            return w.error(element(ep, 0),
                           format("stop value %g is outside min..max (%g..%g)", stop.value, r.min, r.max));
        if (!r.stops.empty() && !(stop.value > r.stops.back().value))
            return w.error(element(ep, 0), "stop values must be strictly increasing");
        r.stops.push_back(stop);
    }
    return r;
}

Expected<MotionBinding> readMotion(Walker& w, const json& b, const std::string& p, MotionBinding::Kind kind) {
    MotionBinding m;
    m.kind = kind;
    TV_TWIN_TRY(axis, w.vec3Member(b, p, "axis", vec3(0.0f, 1.0f, 0.0f)));
    std::string ap = child(p, "axis");
    if (kind == MotionBinding::Kind::Scale) {
        bool any = false;
        for (int i = 0; i < 3; ++i) {
            if (axis[i] != 0.0f && axis[i] != 1.0f) return w.error(ap, "scale axis components must be 0 or 1");
            any = any || axis[i] == 1.0f;
        }
        if (!any) return w.error(ap, "must not be zero");
    } else {
        if (glm::length(axis) < 1e-6f) return w.error(ap, "must not be zero");
        axis = glm::normalize(axis);
    }
    m.axis = axis;
    TV_TWIN_TRY(rate, w.number(b, p, "rate", false));
    if (rate) {
        if (kind != MotionBinding::Kind::Rotate)
            return w.error(child(p, "rate"), "only \"rotate\" bindings take a rate");
        for (const char* k : {"minValue", "maxValue", "minAmount", "maxAmount"})
            if (b.contains(k)) return w.error(child(p, k), "not allowed together with \"rate\"");
        m.rate = rate;
        return m;
    }
    TV_TWIN_TRY(minV, w.number(b, p, "minValue", true));
    TV_TWIN_TRY(maxV, w.number(b, p, "maxValue", true));
    TV_TWIN_TRY(minA, w.number(b, p, "minAmount", true));
    TV_TWIN_TRY(maxA, w.number(b, p, "maxAmount", true));
    if (!(*minV < *maxV)) return w.error(child(p, "maxValue"), "must be greater than minValue");
    if (kind == MotionBinding::Kind::Scale && (*minA < 0.0 || *maxA < 0.0))
        return w.error(child(p, *minA < 0.0 ? "minAmount" : "maxAmount"), "scale factors must be >= 0");
    m.minValue = *minV;
    m.maxValue = *maxV;
    m.minAmount = *minA;
    m.maxAmount = *maxA;
    return m;
}

Expected<ThresholdBinding> readThreshold(Walker& w, const json& b, const std::string& p) {
    ThresholdBinding t;
    bool hasAbove = b.contains("above"), hasBelow = b.contains("below");
    if (hasAbove == hasBelow) return w.error(p, "expected exactly one of \"above\" and \"below\"");
    t.above = hasAbove;
    TV_TWIN_TRY(limit, w.number(b, p, hasAbove ? "above" : "below", true));
    t.limit = *limit;
    TV_TWIN_TRY(hyst, w.number(b, p, "hysteresis", false));
    if (hyst && *hyst < 0.0) return w.error(child(p, "hysteresis"), "must be >= 0");
    t.hysteresis = hyst.value_or(0.0);
    TV_TWIN_TRY(sev, w.string(b, p, "severity", false, true, "warning"));
    if (sev == "info")
        t.severity = Severity::Info;
    else if (sev == "warning")
        t.severity = Severity::Warning;
    else if (sev == "critical")
        t.severity = Severity::Critical;
    else
        return w.error(child(p, "severity"), "expected \"info\", \"warning\" or \"critical\"");
    TV_TWIN_TRY(msg, w.string(b, p, "message", false, false));
    t.message = msg;
    return t;
}

Expected<void> readBindings(Walker& w, const json& root, SceneFile& out, const LocatedJson& lj) {
    TV_TWIN_TRY(arr, w.array(root, "", "bindings"));
    if (!arr) return {};
    for (size_t i = 0; i < arr->size(); ++i) {
        std::string p = element("bindings", i);
        const json& b = (*arr)[i];
        TV_TWIN_TRY_VOID(w.expectObject(b, p));
        Binding d;
        d.pos = lj.find(p);
        TV_TWIN_TRY(entity, w.string(b, p, "entity", true, true));
        const EntityDecl* e = out.findEntity(entity);
        if (!e) return w.error(child(p, "entity"), "unknown entity \"" + entity + "\"");
        TV_TWIN_TRY(property, w.string(b, p, "property", true, true));
        const PropertyDecl* prop = e->findProperty(property);
        if (!prop)
            return w.error(child(p, "property"), "entity \"" + entity + "\" declares no property \"" + property + "\"");
        d.entity = entity;
        d.property = property;
        TV_TWIN_TRY(kind, w.string(b, p, "kind", true, true));
        auto needNumber = [&]() -> Expected<void> {
            if (prop->type != PropertyType::Number)
                return w.error(child(p, "property"), "\"" + kind + "\" needs a number property, \"" + property +
                                                         "\" is " + propertyTypeName(prop->type));
            return {};
        };
        if (kind == "colorRamp") {
            w.checkKeys(b, p, {"entity", "property", "kind", "min", "max", "stops", "target"});
            TV_TWIN_TRY_VOID(needNumber());
            TV_TWIN_TRY(r, readColorRamp(w, b, p));
            d.spec = std::move(r);
        } else if (kind == "translate" || kind == "rotate" || kind == "scale") {
            w.checkKeys(
                b, p, {"entity", "property", "kind", "axis", "minValue", "maxValue", "minAmount", "maxAmount", "rate"});
            TV_TWIN_TRY_VOID(needNumber());
            auto mk = kind == "translate" ? MotionBinding::Kind::Translate
                      : kind == "rotate"  ? MotionBinding::Kind::Rotate
                                          : MotionBinding::Kind::Scale;
            TV_TWIN_TRY(m, readMotion(w, b, p, mk));
            d.spec = m;
        } else if (kind == "visibility") {
            w.checkKeys(b, p, {"entity", "property", "kind", "when", "equals"});
            VisibilityBinding v;
            if (b.contains("when") == b.contains("equals"))
                return w.error(p, "expected exactly one of \"when\" and \"equals\"");
            if (b.contains("when")) {
                TV_TWIN_TRY(c, readCondition(w, b["when"], child(p, "when"), *prop));
                v.when = c;
            } else { // shorthand: "equals": X == "when": {"equals": X}
                json wrapped = json::object({{"equals", b["equals"]}});
                TV_TWIN_TRY(c, readCondition(w, wrapped, p, *prop));
                v.when = c;
            }
            d.spec = v;
        } else if (kind == "blink") {
            w.checkKeys(b, p, {"entity", "property", "kind", "when", "hz"});
            BlinkBinding bl;
            TV_TWIN_TRY(when, w.member(b, p, "when", true));
            TV_TWIN_TRY(c, readCondition(w, *when, child(p, "when"), *prop));
            bl.when = c;
            TV_TWIN_TRY(hz, w.number(b, p, "hz", false));
            if (hz && !(*hz > 0.0)) return w.error(child(p, "hz"), "must be > 0");
            bl.hz = hz.value_or(1.0);
            d.spec = bl;
        } else if (kind == "label") {
            w.checkKeys(b, p, {"entity", "property", "kind", "format", "unit", "offset", "layer"});
            LabelBinding l;
            TV_TWIN_TRY(fmt, w.string(b, p, "format", false, true, l.format));
            TV_TWIN_TRY(unit, w.string(b, p, "unit", false, false));
            TV_TWIN_TRY(offset, w.vec3Member(b, p, "offset", vec3(0.0f)));
            TV_TWIN_TRY(layer, w.string(b, p, "layer", false, true, property));
            l.format = fmt;
            l.unit = unit;
            l.offset = offset;
            l.layer = layer;
            d.spec = l;
        } else if (kind == "threshold") {
            w.checkKeys(b, p, {"entity", "property", "kind", "above", "below", "hysteresis", "severity", "message"});
            TV_TWIN_TRY_VOID(needNumber());
            TV_TWIN_TRY(t, readThreshold(w, b, p));
            d.spec = t;
        } else {
            return w.error(child(p, "kind"), "unknown kind \"" + kind +
                                                 "\" (expected colorRamp, translate, rotate, scale, visibility, blink, "
                                                 "label or threshold)");
        }
        out.bindings.push_back(std::move(d));
    }
    return {};
}

bool endpointLooksValid(const std::string& e) {
    size_t sep = e.find("://");
    return sep != std::string::npos && sep > 0 && sep + 3 < e.size();
}

Expected<void> readFeeds(Walker& w, const json& root, SceneFile& out) {
    TV_TWIN_TRY(arr, w.array(root, "", "feeds"));
    if (!arr) return {};
    for (size_t i = 0; i < arr->size(); ++i) {
        std::string p = element("feeds", i);
        const json& f = (*arr)[i];
        TV_TWIN_TRY_VOID(w.expectObject(f, p));
        w.checkKeys(f, p, {"name", "endpoint", "snapshotEndpoint", "commandEndpoint", "staleTimeout"});
        FeedDecl d;
        TV_TWIN_TRY(name, w.string(f, p, "name", true, true));
        for (const FeedDecl& other : out.feeds)
            if (other.name == name) return w.error(child(p, "name"), "duplicate feed name \"" + name + "\"");
        d.name = name;
        for (auto [key, field, required] :
             {std::tuple{"endpoint", &d.endpoint, true}, std::tuple{"snapshotEndpoint", &d.snapshotEndpoint, false},
              std::tuple{"commandEndpoint", &d.commandEndpoint, false}}) {
            TV_TWIN_TRY(ep, w.string(f, p, key, required, true));
            if (!ep.empty() && !endpointLooksValid(ep))
                return w.error(child(p, key), "expected an endpoint like \"tcp://host:port\"");
            *field = ep;
        }
        TV_TWIN_TRY(stale, w.number(f, p, "staleTimeout", false));
        if (stale && !(*stale > 0.0)) return w.error(child(p, "staleTimeout"), "must be > 0 (seconds)");
        d.staleTimeoutSeconds = stale.value_or(d.staleTimeoutSeconds);
        out.feeds.push_back(std::move(d));
    }
    return {};
}

Expected<void> readKpis(Walker& w, const json& root, SceneFile& out, const LocatedJson& lj) {
    TV_TWIN_TRY(arr, w.array(root, "", "kpis"));
    if (!arr) return {};
    for (size_t i = 0; i < arr->size(); ++i) {
        std::string p = element("kpis", i);
        const json& k = (*arr)[i];
        TV_TWIN_TRY_VOID(w.expectObject(k, p));
        w.checkKeys(k, p, {"name", "expression", "unit", "target", "better"});
        KpiDecl d;
        d.pos = lj.find(p);
        d.expressionPos = lj.find(child(p, "expression"));
        TV_TWIN_TRY(name, w.string(k, p, "name", true, true));
        for (const KpiDecl& other : out.kpis)
            if (other.name == name) return w.error(child(p, "name"), "duplicate KPI name \"" + name + "\"");
        TV_TWIN_TRY(expr, w.string(k, p, "expression", true, true));
        TV_TWIN_TRY(unit, w.string(k, p, "unit", false, false));
        TV_TWIN_TRY(target, w.number(k, p, "target", false));
        TV_TWIN_TRY(better, w.string(k, p, "better", false, false, "target"));
        if (better == "target")
            d.better = KpiBetter::Target;
        else if (better == "higher")
            d.better = KpiBetter::Higher;
        else if (better == "lower")
            d.better = KpiBetter::Lower;
        else
            return w.error(child(p, "better"), "expected \"higher\", \"lower\" or \"target\"");
        d.name = name;
        d.expression = expr;
        d.unit = unit;
        d.target = target;
        out.kpis.push_back(std::move(d));
    }
    return {};
}

Expected<void> readViewpoints(Walker& w, const json& root, SceneFile& out) {
    TV_TWIN_TRY(arr, w.array(root, "", "viewpoints"));
    if (!arr) return {};
    for (size_t i = 0; i < arr->size(); ++i)
        if ((*arr)[i].is_object())
            w.checkKeys((*arr)[i], element("viewpoints", i),
                        {"name", "eye", "target", "up", "projection", "yfov", "ymag", "znear", "zfar"});
    auto list = interact::viewpointsFromJson(json::object({{"viewpoints", *arr}}));
    if (!list) {
        // interact's messages read "<json path>: <what>"; re-anchor them at that path's position.
        const std::string& m = list.error().message;
        size_t sep = m.find(": ");
        if (sep == std::string::npos) return w.error("viewpoints", m);
        return w.error(m.substr(0, sep), m.substr(sep + 2));
    }
    out.viewpoints = std::move(*list);
    return {};
}

#undef TV_TWIN_TRY
#undef TV_TWIN_TRY_VOID

} // namespace

Expected<ParsedSceneFile> parseSceneFile(std::string_view text, std::string_view fileName) {
    std::string file = fileName.empty() ? std::string("<scene>") : std::string(fileName);
    auto lj = parseLocatedJson(text, file);
    if (!lj) return lj.error();
    ParsedSceneFile out;
    out.scene.path = std::string(fileName);
    Walker w(*lj, file, out.warnings);
    const nlohmann::json& root = lj->value;
    if (!root.is_object()) return w.error("", "expected a JSON object at the top level");
    w.checkKeys(root, "", {"version", "name", "assets", "entities", "bindings", "feeds", "viewpoints", "kpis"});
    auto version = root.find("version");
    if (version == root.end()) return w.error("version", "missing (required)");
    if (!version->is_number_integer() || version->get<int64_t>() != kSceneFileVersion)
        return w.error("version", format("unsupported version (this build reads version %d)", kSceneFileVersion));
    auto name = w.string(root, "", "name", false, false);
    if (!name) return name.error();
    out.scene.name = *name;
    // Order matters: entities reference assets, bindings reference entities.
    if (auto ok = readAssets(w, root, out.scene, *lj); !ok) return ok.error();
    if (auto ok = readFeeds(w, root, out.scene); !ok) return ok.error();
    if (auto ok = readEntities(w, root, out.scene, *lj); !ok) return ok.error();
    if (auto ok = readBindings(w, root, out.scene, *lj); !ok) return ok.error();
    if (auto ok = readKpis(w, root, out.scene, *lj); !ok) return ok.error();
    if (auto ok = readViewpoints(w, root, out.scene); !ok) return ok.error();
    return out;
}

Expected<ParsedSceneFile> loadSceneFile(const std::string& path) {
    std::ifstream in(std::filesystem::u8path(path), std::ios::binary);
    if (!in) return makeError(ErrorCode::Io, "cannot open scene file \"" + path + "\"");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return makeError(ErrorCode::Io, "cannot read scene file \"" + path + "\"");
    return parseSceneFile(text.str(), path);
}

} // namespace tv::twin
