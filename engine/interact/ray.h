// Ray — the primitive every interaction query is built on: picking, orbit-around-cursor, zoom-to-cursor, walk
// floor/wall probes and measurement points. Holds the ray type, the two intersection kernels (slab test against an
// Aabb, Möller–Trumbore against a triangle) and the mapping between window pixels and world rays for a ViewCamera.
// Pure functions on values; any thread.
//
// Pixel convention: window coordinates as the OS reports the cursor, (0,0) = top-left corner of the viewport,
// +x right, +y down, continuous (pixel centres at +0.5). The mapping inverts ViewCamera::view()/projection()
// exactly (reversed-Z, Vulkan clip space with +Y down), so a ray through the pixel where a point is drawn passes
// through that point.
#pragma once

#include "core/math.h"
#include "scene/view_camera.h"

#include <optional>

namespace tv::interact {

struct Ray {
    vec3 origin{0.0f};
    vec3 direction{0.0f, 0.0f, -1.0f}; // unit length for world rays (so t is a distance in metres)

    vec3 at(float t) const { return origin + direction * t; }
};

// 1/direction per axis, with zero components mapped to a huge value of the right sign so the slab test stays
// NaN-free (0 * inf would poison it).
vec3 safeInverse(const vec3& direction);

// Slab test. Returns the entry parameter clamped to >= 0 when the ray meets `box` within [0, tMax], else nullopt.
// `invDir` is safeInverse(ray.direction).
inline std::optional<float> intersectAabb(const vec3& origin, const vec3& invDir, const vec3& bmin, const vec3& bmax,
                                          float tMax) {
    vec3 t0 = (bmin - origin) * invDir;
    vec3 t1 = (bmax - origin) * invDir;
    vec3 tNear = glm::min(t0, t1), tFar = glm::max(t0, t1);
    float enter = std::max(std::max(tNear.x, tNear.y), std::max(tNear.z, 0.0f));
    float exit = std::min(std::min(tFar.x, tFar.y), std::min(tFar.z, tMax));
    if (enter > exit) return std::nullopt;
    return enter;
}

struct TriangleHit {
    float t = 0.0f; // ray parameter (distance when the direction is unit length)
    float u = 0.0f; // barycentric weight of vertex b
    float v = 0.0f; // barycentric weight of vertex c
};

// Möller–Trumbore, two-sided: picking must hit the inside of an open shell and walk probes must see walls from
// either side. Hits with t in (tMin, tMax) only; degenerate (zero-area) triangles never hit.
std::optional<TriangleHit> intersectTriangle(const Ray& ray, const vec3& a, const vec3& b, const vec3& c, float tMax,
                                             float tMin = 0.0f);

// The world ray through window pixel `pixel` of a viewport `viewport` pixels in size. Perspective: from the eye.
// Orthographic: from the eye plane, along the view direction. Direction is unit length.
Ray rayFromPixel(const scene::ViewCamera& camera, const vec2& pixel, const vec2& viewport);

// Where `world` is drawn: x, y in window pixels (same convention as rayFromPixel) and z the reversed-Z depth in
// [0, 1]. nullopt when the point is behind the eye (perspective) — it has no pixel.
std::optional<vec3> projectToPixel(const scene::ViewCamera& camera, const vec3& world, const vec2& viewport);

// World size of one pixel at view depth `depth` (metres along the view direction): what a 1-pixel mouse move
// means at that distance. Orthographic cameras ignore the depth.
float worldPerPixel(const scene::ViewCamera& camera, float depth, float viewportHeight);

// The box enclosing `box` transformed by the affine matrix m (centre + |m| half extents: exact for boxes, cheaper
// than eight corners).
Aabb transformBox(const Aabb& box, const mat4& m);

} // namespace tv::interact
