// Ray kernels and pixel <-> world mapping (see ray.h).
#include "interact/ray.h"

#include <cmath>

namespace tv::interact {

vec3 safeInverse(const vec3& d) {
    // 1e30 rather than inf: (bmin - o) * 1e30 stays finite unless the slab offset is itself huge, and for an
    // offset of exactly zero gives 0 (not NaN), which the slab test treats as "on the boundary".
    auto inv = [](float x) { return std::abs(x) > 1e-30f ? 1.0f / x : std::copysign(1e30f, x); };
    return vec3(inv(d.x), inv(d.y), inv(d.z));
}

std::optional<TriangleHit> intersectTriangle(const Ray& ray, const vec3& a, const vec3& b, const vec3& c, float tMax,
                                             float tMin) {
    vec3 e1 = b - a, e2 = c - a;
    vec3 p = glm::cross(ray.direction, e2);
    float det = glm::dot(e1, p);
    // Relative threshold: the determinant scales with |dir| * |e1| * |e2|, so a fixed epsilon would reject small
    // but valid triangles (millimetre detail) or accept slivers on huge ones.
    float scale = glm::length(ray.direction) * glm::length(e1) * glm::length(e2);
    if (!(std::abs(det) > scale * 1e-7f)) return std::nullopt;
    float invDet = 1.0f / det;
    vec3 s = ray.origin - a;
    float u = glm::dot(s, p) * invDet;
    if (u < 0.0f || u > 1.0f) return std::nullopt;
    vec3 q = glm::cross(s, e1);
    float v = glm::dot(ray.direction, q) * invDet;
    if (v < 0.0f || u + v > 1.0f) return std::nullopt;
    float t = glm::dot(e2, q) * invDet;
    if (!(t > tMin && t < tMax)) return std::nullopt;
    return TriangleHit{t, u, v};
}

Ray rayFromPixel(const scene::ViewCamera& camera, const vec2& pixel, const vec2& viewport) {
    // Build the basis from the view matrix itself so the degenerate-up fallback in ViewCamera::view() is honoured.
    mat4 invView = glm::inverse(camera.view());
    vec3 right = glm::normalize(vec3(invView[0]));
    vec3 up = glm::normalize(vec3(invView[1]));
    vec3 forward = -glm::normalize(vec3(invView[2]));
    vec3 eye = vec3(invView[3]);
    float w = std::max(viewport.x, 1.0f), h = std::max(viewport.y, 1.0f);
    float aspect = w / h;
    float ndcX = 2.0f * pixel.x / w - 1.0f;
    float ndcY = 1.0f - 2.0f * pixel.y / h; // +y up in camera space, pixels grow downwards
    Ray ray;
    if (camera.orthographic) {
        ray.origin = eye + right * (ndcX * camera.ymag * aspect) + up * (ndcY * camera.ymag);
        ray.direction = forward;
    } else {
        float tanHalf = std::tan(camera.yfov * 0.5f);
        ray.origin = eye;
        ray.direction = glm::normalize(forward + right * (ndcX * tanHalf * aspect) + up * (ndcY * tanHalf));
    }
    return ray;
}

std::optional<vec3> projectToPixel(const scene::ViewCamera& camera, const vec3& world, const vec2& viewport) {
    float w = std::max(viewport.x, 1.0f), h = std::max(viewport.y, 1.0f);
    vec4 clip = camera.projection(w / h) * camera.view() * vec4(world, 1.0f);
    if (!(clip.w > 1e-12f)) return std::nullopt;
    vec3 ndc = vec3(clip) / clip.w;
    // Vulkan framebuffer: ndc y = -1 is the top row (the projection already flipped Y).
    return vec3((ndc.x + 1.0f) * 0.5f * w, (ndc.y + 1.0f) * 0.5f * h, ndc.z);
}

float worldPerPixel(const scene::ViewCamera& camera, float depth, float viewportHeight) {
    float h = std::max(viewportHeight, 1.0f);
    if (camera.orthographic) return 2.0f * camera.ymag / h;
    return 2.0f * std::max(depth, 0.0f) * std::tan(camera.yfov * 0.5f) / h;
}

Aabb transformBox(const Aabb& box, const mat4& m) {
    if (box.empty()) return box;
    vec3 c = box.center(), e = box.extent() * 0.5f;
    vec3 nc = vec3(m * vec4(c, 1.0f));
    vec3 ne = glm::abs(vec3(m[0])) * e.x + glm::abs(vec3(m[1])) * e.y + glm::abs(vec3(m[2])) * e.z;
    Aabb out;
    out.min = nc - ne;
    out.max = nc + ne;
    return out;
}

} // namespace tv::interact
