// Viewpoints — named saved cameras and an ordered tour through them (next/previous wrap around), with a JSON form
// so they can live in scene files. Owns its list; main thread (the UI and the scene loader).
//
// JSON shape (one object; unknown keys are ignored so scene files can grow):
//   {"viewpoints": [{"name": "pump room", "eye": [x,y,z], "target": [x,y,z], "up": [0,1,0],
//                    "projection": "perspective" | "orthographic", "yfov": 0.785, "ymag": 1.0,
//                    "znear": 0.01, "zfar": 1000.0}, ...]}
// name, eye and target are required; the rest default to ViewCamera's defaults. Parse errors name the field, e.g.
// "viewpoints[2].eye: expected an array of 3 numbers".
#pragma once

#include "core/expected.h"
#include "scene/view_camera.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tv::interact {

struct Viewpoint {
    std::string name;
    scene::ViewCamera camera;
};

class ViewpointList {
public:
    // Adds at the end, or replaces the camera of the viewpoint with that name (keeping its place in the tour).
    // Returns its index. Names must be non-empty (asserted: the UI supplies a default name).
    size_t save(std::string name, const scene::ViewCamera& camera);
    bool remove(std::string_view name);
    bool rename(std::string_view from, std::string to); // false when `from` is missing or `to` is taken/empty
    // Moves a viewpoint to position `to` in the tour order.
    void move(size_t from, size_t to);
    void clear();

    const Viewpoint* find(std::string_view name) const;
    std::optional<size_t> indexOf(std::string_view name) const;
    const std::vector<Viewpoint>& all() const { return m_items; }
    size_t size() const { return m_items.size(); }
    bool empty() const { return m_items.empty(); }

    // Tour: the current position (nullopt before the first next()/previous()/goTo()). next() from nothing starts
    // at the first, previous() from nothing at the last; both wrap. nullptr when the list is empty.
    const Viewpoint* next();
    const Viewpoint* previous();
    const Viewpoint* goTo(size_t index);
    std::optional<size_t> current() const { return m_current; }

private:
    std::vector<Viewpoint> m_items;
    std::optional<size_t> m_current;
};

nlohmann::json viewpointsToJson(const ViewpointList& list);
Expected<ViewpointList> viewpointsFromJson(const nlohmann::json& json);
// Text forms (what a scene file stores); parse errors report the JSON library's position.
std::string viewpointsToString(const ViewpointList& list, int indent = 2);
Expected<ViewpointList> parseViewpoints(std::string_view text);

} // namespace tv::interact
