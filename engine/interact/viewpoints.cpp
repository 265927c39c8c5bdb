// Viewpoint list, tour and JSON (see viewpoints.h).
#include "interact/viewpoints.h"

#include "core/assert.h"
#include "core/log.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace tv::interact {

size_t ViewpointList::save(std::string name, const scene::ViewCamera& camera) {
    TV_ASSERT(!name.empty(), "viewpoint names must not be empty");
    if (auto i = indexOf(name)) {
        m_items[*i].camera = camera;
        return *i;
    }
    m_items.push_back(Viewpoint{std::move(name), camera});
    return m_items.size() - 1;
}

bool ViewpointList::remove(std::string_view name) {
    auto i = indexOf(name);
    if (!i) return false;
    m_items.erase(m_items.begin() + std::ptrdiff_t(*i));
    if (m_current) {
        if (*m_current == *i)
            m_current.reset();
        else if (*m_current > *i)
            --*m_current;
    }
    return true;
}

bool ViewpointList::rename(std::string_view from, std::string to) {
    auto i = indexOf(from);
    if (!i || to.empty()) return false;
    if (auto j = indexOf(to); j && *j != *i) return false;
    m_items[*i].name = std::move(to);
    return true;
}

void ViewpointList::move(size_t from, size_t to) {
    TV_ASSERT(from < m_items.size() && to < m_items.size(), "viewpoint move index out of range");
    Viewpoint v = std::move(m_items[from]);
    m_items.erase(m_items.begin() + std::ptrdiff_t(from));
    m_items.insert(m_items.begin() + std::ptrdiff_t(to), std::move(v));
    if (m_current) {
        // Keep pointing at the same viewpoint.
        size_t c = *m_current;
        if (c == from)
            c = to;
        else if (from < c && c <= to)
            --c;
        else if (to <= c && c < from)
            ++c;
        m_current = c;
    }
}

void ViewpointList::clear() {
    m_items.clear();
    m_current.reset();
}

const Viewpoint* ViewpointList::find(std::string_view name) const {
    auto i = indexOf(name);
    return i ? &m_items[*i] : nullptr;
}

std::optional<size_t> ViewpointList::indexOf(std::string_view name) const {
    for (size_t i = 0; i < m_items.size(); ++i)
        if (m_items[i].name == name) return i;
    return std::nullopt;
}

const Viewpoint* ViewpointList::next() {
    if (m_items.empty()) return nullptr;
    m_current = m_current ? (*m_current + 1) % m_items.size() : 0;
    return &m_items[*m_current];
}

const Viewpoint* ViewpointList::previous() {
    if (m_items.empty()) return nullptr;
    m_current = m_current && *m_current > 0 ? *m_current - 1 : m_items.size() - 1;
    return &m_items[*m_current];
}

const Viewpoint* ViewpointList::goTo(size_t index) {
    if (index >= m_items.size()) return nullptr;
    m_current = index;
    return &m_items[index];
}

// ---- JSON ------------------------------------------------------------------------------------------------------

namespace {

using nlohmann::json;

json vec3ToJson(const vec3& v) { return json::array({v.x, v.y, v.z}); }

Error fieldError(const std::string& field, const char* what) {
    return makeError(ErrorCode::Parse, field + ": " + what);
}

Expected<vec3> readVec3(const json& obj, const std::string& prefix, const char* key, std::optional<vec3> fallback) {
    std::string field = prefix + "." + key;
    auto it = obj.find(key);
    if (it == obj.end()) {
        if (fallback) return *fallback;
        return fieldError(field, "missing (required)");
    }
    if (!it->is_array() || it->size() != 3) return fieldError(field, "expected an array of 3 numbers");
    vec3 v(0.0f);
    for (int i = 0; i < 3; ++i) {
        const json& c = (*it)[size_t(i)];
        if (!c.is_number()) return fieldError(field, "expected an array of 3 numbers");
        v[i] = c.get<float>();
        if (!std::isfinite(v[i])) return fieldError(field, "components must be finite");
    }
    return v;
}

Expected<float> readFloat(const json& obj, const std::string& prefix, const char* key, float fallback,
                          float minExclusive) {
    std::string field = prefix + "." + key;
    auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    if (!it->is_number()) return fieldError(field, "expected a number");
    float v = it->get<float>();
    if (!std::isfinite(v) || !(v > minExclusive)) return fieldError(field, "out of range");
    return v;
}

Expected<Viewpoint> readViewpoint(const json& item, const std::string& prefix) {
    if (!item.is_object()) return fieldError(prefix, "expected an object");
    Viewpoint vp;
    auto name = item.find("name");
    if (name == item.end()) return fieldError(prefix + ".name", "missing (required)");
    if (!name->is_string() || name->get<std::string>().empty())
        return fieldError(prefix + ".name", "expected a non-empty string");
    vp.name = name->get<std::string>();

    scene::ViewCamera defaults;
    scene::ViewCamera& c = vp.camera;
    auto eye = readVec3(item, prefix, "eye", std::nullopt);
    if (!eye) return eye.error();
    auto target = readVec3(item, prefix, "target", std::nullopt);
    if (!target) return target.error();
    auto up = readVec3(item, prefix, "up", defaults.up);
    if (!up) return up.error();
    c.eye = *eye;
    c.target = *target;
    c.up = *up;
    if (glm::length(c.target - c.eye) < 1e-6f) return fieldError(prefix + ".target", "must differ from eye");
    if (glm::length(c.up) < 1e-6f) return fieldError(prefix + ".up", "must not be zero");

    auto proj = item.find("projection");
    if (proj != item.end()) {
        if (!proj->is_string())
            return fieldError(prefix + ".projection", "expected \"perspective\" or \"orthographic\"");
        std::string p = proj->get<std::string>();
        if (p == "orthographic")
            c.orthographic = true;
        else if (p != "perspective")
            return fieldError(prefix + ".projection", "expected \"perspective\" or \"orthographic\"");
    }
    auto yfov = readFloat(item, prefix, "yfov", defaults.yfov, 0.0f);
    if (!yfov) return yfov.error();
    if (*yfov >= 3.14159f) return fieldError(prefix + ".yfov", "out of range");
    auto ymag = readFloat(item, prefix, "ymag", defaults.ymag, 0.0f);
    if (!ymag) return ymag.error();
    auto znear = readFloat(item, prefix, "znear", defaults.znear, 0.0f);
    if (!znear) return znear.error();
    auto zfar = readFloat(item, prefix, "zfar", defaults.zfar, *znear);
    if (!zfar) return makeError(ErrorCode::Parse, prefix + ".zfar: must be a number greater than znear");
    c.yfov = *yfov;
    c.ymag = *ymag;
    c.znear = *znear;
    c.zfar = *zfar;
    return vp;
}

} // namespace

nlohmann::json viewpointsToJson(const ViewpointList& list) {
    json arr = json::array();
    for (const Viewpoint& v : list.all()) {
        const scene::ViewCamera& c = v.camera;
        arr.push_back(json{{"name", v.name},
                           {"eye", vec3ToJson(c.eye)},
                           {"target", vec3ToJson(c.target)},
                           {"up", vec3ToJson(c.up)},
                           {"projection", c.orthographic ? "orthographic" : "perspective"},
                           {"yfov", c.yfov},
                           {"ymag", c.ymag},
                           {"znear", c.znear},
                           {"zfar", c.zfar}});
    }
    return json{{"viewpoints", std::move(arr)}};
}

Expected<ViewpointList> viewpointsFromJson(const nlohmann::json& root) {
    if (!root.is_object()) return makeError(ErrorCode::Parse, "viewpoints: expected a JSON object at the top level");
    auto it = root.find("viewpoints");
    if (it == root.end()) return makeError(ErrorCode::Parse, "viewpoints: missing (required)");
    if (!it->is_array()) return makeError(ErrorCode::Parse, "viewpoints: expected an array");
    ViewpointList list;
    for (size_t i = 0; i < it->size(); ++i) {
        std::string prefix = format("viewpoints[%zu]", i);
        auto vp = readViewpoint((*it)[i], prefix);
        if (!vp) return vp.error();
        if (list.find(vp->name))
            return makeError(ErrorCode::Parse, prefix + ".name: duplicate name \"" + vp->name + "\"");
        list.save(std::move(vp->name), vp->camera);
    }
    return list;
}

std::string viewpointsToString(const ViewpointList& list, int indent) { return viewpointsToJson(list).dump(indent); }

Expected<ViewpointList> parseViewpoints(std::string_view text) {
    // nlohmann throws on malformed text; convert at this boundary (error policy: library exceptions stop here).
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        return makeError(ErrorCode::Parse, std::string("viewpoints: malformed JSON: ") + e.what());
    }
    return viewpointsFromJson(root);
}

} // namespace tv::interact
