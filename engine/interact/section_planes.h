// Section planes — up to three clipping planes (axis-aligned or free) and one section box (an AABB with an optional
// transform), the state behind the viewer's section tools. The renderer clips with the same rule in its shaders:
// shaderPlanes() exports everything as vec4s (n.xyz, d) and a point p is KEPT when dot(n, p) + d >= 0 for every
// one of them; isClipped() is the CPU twin of that test (for picking through cut-away geometry and for tests).
// Also: placing an axis plane through the middle of some bounds, and dragging a plane along its normal from a
// mouse drag. Plain data; main thread.
#pragma once

#include "core/expected.h"
#include "core/math.h"
#include "scene/view_camera.h"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace tv::interact {

// Keeps the half-space dot(normal, p) + offset >= 0. normal is unit length (setters normalise).
struct SectionPlane {
    vec3 normal{1.0f, 0.0f, 0.0f};
    float offset = 0.0f;
    bool enabled = true;

    float signedDistance(const vec3& p) const { return glm::dot(normal, p) + offset; }
    bool keeps(const vec3& p) const { return signedDistance(p) >= 0.0f; }
    vec4 asVec4() const { return vec4(normal, offset); }
};

// A plane through `point` keeping the side `normal` points to.
SectionPlane planeThrough(const vec3& point, const vec3& normal);
// The axis plane (axis 0/1/2 = X/Y/Z) through the middle of `bounds`, keeping the +axis half (or the -axis half
// when keepNegative).
SectionPlane axisPlaneThroughMiddle(const Aabb& bounds, int axis, bool keepNegative = false);

// Keeps what is inside `box` (in the box's local space, placed in the world by `transform`).
struct SectionBox {
    Aabb box;
    mat4 transform{1.0f};
    bool enabled = true;
};

class SectionState {
public:
    static constexpr size_t kMaxPlanes = 3;
    // The shader's array size: three planes plus the box's six faces.
    static constexpr size_t kMaxShaderPlanes = kMaxPlanes + 6;

    // Adds a plane; fails with TooLarge when three are already set. Returns its index.
    Expected<size_t> addPlane(const SectionPlane& plane);
    void setPlane(size_t index, const SectionPlane& plane);
    void removePlane(size_t index);
    const std::vector<SectionPlane>& planes() const { return m_planes; }
    SectionPlane& plane(size_t index);

    void setBox(std::optional<SectionBox> box) { m_box = box; }
    const std::optional<SectionBox>& box() const { return m_box; }
    void clear();

    bool active() const; // any enabled plane or box
    bool isClipped(const vec3& worldPoint) const;
    // Every enabled plane, then the enabled box as six inward-facing planes (world space, unit normals).
    std::vector<vec4> shaderPlanes() const;

private:
    std::vector<SectionPlane> m_planes;
    std::optional<SectionBox> m_box;
};

// How far to move a plane along its normal for a mouse drag of `dragPixels` (window pixels, +y down) that started
// over `anchor` (a world point on the plane, e.g. its gizmo): the drag is projected onto the screen-space image of
// the normal, so dragging "along the arrow" moves the plane the same world distance the cursor covered at that
// depth. When the normal points (nearly) at the viewer its screen image vanishes; then dragging up moves the plane
// towards the viewer. Returns the offset change to add to SectionPlane::offset (negative = move along +normal,
// because offset = -dot(n, point)).
float dragPlaneOffset(const SectionPlane& plane, const vec3& anchor, const vec2& dragPixels,
                      const scene::ViewCamera& camera, const vec2& viewport);

} // namespace tv::interact
