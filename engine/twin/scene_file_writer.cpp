// Scene-file writer (see scene_file_writer.h). Mirrors scene_file_parser.cpp field by field.
#include "twin/scene_file_writer.h"

#include "core/log.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace tv::twin {

namespace {

// Ordered so a saved file keeps the schema's reading order (version first, entity before kind) and diffs stay small.
using json = nlohmann::ordered_json;

// A float widened to double prints as 0.800000011920929; write the shortest decimal that reads back as the same
// float instead, so a hand-written 0.8 is saved as 0.8.
double shortestFloat(float f) {
    for (int precision = 1; precision <= 9; ++precision) {
        double d = std::strtod(format("%.*g", precision, double(f)).c_str(), nullptr);
        if (float(d) == f) return d;
    }
    return double(f);
}

// Same for every float-valued number in `j` (the viewpoint JSON comes from floats too).
void shortenFloats(json& j) {
    if (j.is_number_float()) {
        double d = j.get<double>();
        float f = float(d);
        if (double(f) == d) j = shortestFloat(f);
    } else if (j.is_structured()) {
        for (json& child : j) shortenFloats(child);
    }
}

json vec3Json(const vec3& v) { return json::array({shortestFloat(v.x), shortestFloat(v.y), shortestFloat(v.z)}); }

json valueJson(const PropertyValue& v) {
    if (const double* d = std::get_if<double>(&v)) return *d;
    if (const bool* b = std::get_if<bool>(&v)) return *b;
    return std::get<std::string>(v);
}

json conditionJson(const Condition& c) {
    const char* key = "equals";
    switch (c.op) {
    case Condition::Op::Equals: key = "equals"; break;
    case Condition::Op::NotEquals: key = "notEquals"; break;
    case Condition::Op::Above: key = "above"; break;
    case Condition::Op::Below: key = "below"; break;
    }
    return json::object({{key, valueJson(c.value)}});
}

json bindingJson(const Binding& b) {
    json j = {{"entity", b.entity}, {"property", b.property}};
    std::visit(
        [&](const auto& s) {
            using T = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<T, ColorRampBinding>) {
                j["kind"] = "colorRamp";
                j["min"] = s.min;
                j["max"] = s.max;
                json stops = json::array();
                for (const ColorStop& st : s.stops) stops.push_back(json::array({st.value, vec3Json(st.color)}));
                j["stops"] = std::move(stops);
                j["target"] = s.target == ColorTarget::Emissive ? "emissive" : "baseColor";
            } else if constexpr (std::is_same_v<T, MotionBinding>) {
                j["kind"] = s.kind == MotionBinding::Kind::Translate ? "translate"
                            : s.kind == MotionBinding::Kind::Rotate  ? "rotate"
                                                                     : "scale";
                j["axis"] = vec3Json(s.axis);
                if (s.rate) {
                    j["rate"] = *s.rate;
                } else {
                    j["minValue"] = s.minValue;
                    j["maxValue"] = s.maxValue;
                    j["minAmount"] = s.minAmount;
                    j["maxAmount"] = s.maxAmount;
                }
            } else if constexpr (std::is_same_v<T, VisibilityBinding>) {
                j["kind"] = "visibility";
                j["when"] = conditionJson(s.when);
            } else if constexpr (std::is_same_v<T, BlinkBinding>) {
                j["kind"] = "blink";
                j["when"] = conditionJson(s.when);
                j["hz"] = s.hz;
            } else if constexpr (std::is_same_v<T, LabelBinding>) {
                j["kind"] = "label";
                j["format"] = s.format;
                if (!s.unit.empty()) j["unit"] = s.unit;
                j["offset"] = vec3Json(s.offset);
                // The default layer (the property name) is omitted so files without layers keep their shape.
                if (!s.layer.empty() && s.layer != b.property) j["layer"] = s.layer;
            } else if constexpr (std::is_same_v<T, ThresholdBinding>) {
                j["kind"] = "threshold";
                j[s.above ? "above" : "below"] = s.limit;
                j["hysteresis"] = s.hysteresis;
                j["severity"] = severityName(s.severity);
                if (!s.message.empty()) j["message"] = s.message;
            }
        },
        b.spec);
    return j;
}

} // namespace

nlohmann::ordered_json sceneFileToJson(const SceneFile& scene) {
    json root = {{"version", kSceneFileVersion}};
    if (!scene.name.empty()) root["name"] = scene.name;

    json assets = json::array();
    for (const AssetDecl& a : scene.assets) {
        const Transform& t = a.transform;
        json tj = {{"translation", vec3Json(t.translation)},
                   {"rotation", json::array({shortestFloat(t.rotation.x), shortestFloat(t.rotation.y),
                                             shortestFloat(t.rotation.z), shortestFloat(t.rotation.w)})},
                   {"scale", vec3Json(t.scale)}};
        json aj = {{"id", a.id}, {"source", a.source}, {"name", a.name}, {"transform", std::move(tj)}};
        if (a.spawnOnly) aj["spawnOnly"] = true; // omitted when false so existing files keep their shape
        assets.push_back(std::move(aj));
    }
    root["assets"] = std::move(assets);

    json entities = json::array();
    for (const EntityDecl& e : scene.entities) {
        json props = json::object();
        for (const PropertyDecl& p : e.properties) {
            json pj = {{"type", propertyTypeName(p.type)}};
            if (!p.unit.empty()) pj["unit"] = p.unit;
            if (p.min) pj["min"] = *p.min;
            if (p.max) pj["max"] = *p.max;
            props[p.name] = std::move(pj);
        }
        entities.push_back({{"id", e.id}, {"node", e.node.toString()}, {"properties", std::move(props)}});
    }
    root["entities"] = std::move(entities);

    json bindings = json::array();
    for (const Binding& b : scene.bindings) bindings.push_back(bindingJson(b));
    root["bindings"] = std::move(bindings);

    json feeds = json::array();
    for (const FeedDecl& f : scene.feeds) {
        json fj = {{"name", f.name}, {"endpoint", f.endpoint}, {"staleTimeout", f.staleTimeoutSeconds}};
        if (!f.snapshotEndpoint.empty()) fj["snapshotEndpoint"] = f.snapshotEndpoint;
        if (!f.commandEndpoint.empty()) fj["commandEndpoint"] = f.commandEndpoint;
        feeds.push_back(std::move(fj));
    }
    root["feeds"] = std::move(feeds);

    // interact owns the viewpoint shape; convert its (sorted) JSON through text to keep one definition of it.
    json viewpoints = json::parse(interact::viewpointsToJson(scene.viewpoints)["viewpoints"].dump());
    shortenFloats(viewpoints);
    root["viewpoints"] = std::move(viewpoints);

    json kpis = json::array();
    for (const KpiDecl& k : scene.kpis) {
        json kj = {{"name", k.name}, {"expression", k.expression}};
        if (!k.unit.empty()) kj["unit"] = k.unit;
        if (k.target) kj["target"] = *k.target;
        if (k.better != KpiBetter::Target) kj["better"] = kpiBetterName(k.better);
        kpis.push_back(std::move(kj));
    }
    root["kpis"] = std::move(kpis);
    return root;
}

std::string sceneFileToString(const SceneFile& scene, int indent) { return sceneFileToJson(scene).dump(indent) + "\n"; }

Expected<void> saveSceneFile(const SceneFile& scene, const std::string& path) {
    std::filesystem::path target = std::filesystem::u8path(path);
    std::filesystem::path temp = target;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) return makeError(ErrorCode::Io, "cannot write scene file \"" + temp.string() + "\"");
        out << sceneFileToString(scene);
        out.flush();
        if (!out) return makeError(ErrorCode::Io, "cannot write scene file \"" + temp.string() + "\"");
    }
    std::error_code ec;
    std::filesystem::rename(temp, target, ec);
    if (ec) {
        std::string why = ec.message();
        std::filesystem::remove(temp, ec);
        return makeError(ErrorCode::Io, "cannot replace scene file \"" + path + "\": " + why);
    }
    return {};
}

} // namespace tv::twin
