// Measurement — point-to-point distances between picked surface points: the two-click tool state and the list of
// finished measurements (kept until cleared), each with its axis components, a label anchor (the midpoint, where
// the UI draws the text) and the label text. Units are scene units, which glTF defines as metres.
// Plain data; main thread.
#pragma once

#include "core/math.h"
#include "scene/scene_graph.h"

#include <optional>
#include <string>
#include <vector>

namespace tv::interact {

struct MeasurePoint {
    vec3 position{0.0f};
    scene::NodeHandle node; // what was picked (may be null for points placed in empty space)
};

struct Measurement {
    MeasurePoint a, b;

    vec3 delta() const { return b.position - a.position; } // signed, from a to b
    float distance() const { return glm::length(delta()); }
    vec3 anchor() const { return (a.position + b.position) * 0.5f; }
    // "2.350 m (dx 1.000, dy 2.000, dz 0.700)": the distance then the absolute axis components (how far apart
    // along each axis, independent of click order), with `decimals` digits.
    std::string label(int decimals = 3) const;
};

class MeasurementTool {
public:
    // First call starts a measurement; the second completes it, appends it to the list and returns it.
    std::optional<Measurement> addPoint(const MeasurePoint& point);
    bool hasPending() const { return m_pending.has_value(); }
    const std::optional<MeasurePoint>& pending() const { return m_pending; }
    void cancelPending() { m_pending.reset(); }
    // The rubber band while the second point is being chosen (the point under the cursor), for live display.
    std::optional<Measurement> preview(const MeasurePoint& cursor) const;

    const std::vector<Measurement>& measurements() const { return m_done; }
    void remove(size_t index);
    void clear(); // drops the list and any pending point

private:
    std::optional<MeasurePoint> m_pending;
    std::vector<Measurement> m_done;
};

} // namespace tv::interact
