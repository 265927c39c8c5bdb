#include "scene/view_camera.h"

#include <algorithm>
#include <cmath>

namespace tv::scene {

mat4 ViewCamera::view() const {
    vec3 f = target - eye;
    if (glm::dot(f, f) < 1e-20f) f = vec3(0, 0, -1);
    vec3 u = up;
    // Avoid a degenerate basis when looking straight along `up`.
    if (std::abs(glm::dot(glm::normalize(f), glm::normalize(u))) > 0.9999f) u = vec3(0, 0, -1);
    return glm::lookAtRH(eye, eye + glm::normalize(f), u);
}

mat4 ViewCamera::projection(float aspect) const {
    mat4 p(0.0f);
    float n = std::max(znear, 1e-6f);
    float f = std::max(zfar, n * 1.0001f);
    if (orthographic) {
        float h = ymag, w = ymag * aspect;
        p[0][0] = 1.0f / w;
        p[1][1] = -1.0f / h; // Vulkan: +Y down in framebuffer
        // Reversed: z_view = -n -> 1, z_view = -f -> 0. z_clip = a * z_view + b.
        p[2][2] = 1.0f / (f - n);
        p[3][2] = f / (f - n);
        p[3][3] = 1.0f;
    } else {
        float t = 1.0f / std::tan(yfov * 0.5f);
        p[0][0] = t / aspect;
        p[1][1] = -t;
        // Reversed-Z perspective: depth = n (f + z) / (z (f - n))... expressed in clip space with w = -z.
        p[2][2] = n / (f - n);
        p[2][3] = -1.0f;
        p[3][2] = f * n / (f - n);
    }
    return p;
}

ViewCamera frameBounds(const Aabb& bounds, float yfovRad, float aspect) {
    ViewCamera cam;
    cam.yfov = yfovRad;
    Aabb b = bounds;
    if (b.empty()) {
        b.min = vec3(-1.0f);
        b.max = vec3(1.0f);
    }
    cam.target = b.center();
    float r = glm::length(b.max - b.min) * 0.5f;
    if (!(r > 0.0f)) r = 1.0f;
    float hfov = 2.0f * std::atan(std::tan(yfovRad * 0.5f) * aspect);
    float fov = std::min(yfovRad, hfov);
    float dist = 1.05f * r / std::sin(fov * 0.5f);
    cam.eye = cam.target + vec3(0.0f, 0.0f, dist);
    cam.znear = std::max(dist - 2.0f * r, dist / 1000.0f);
    cam.zfar = dist + 2.0f * r;
    return cam;
}

ViewCamera frameBoundsFrom(const Aabb& bounds, float yfovRad, float aspect, vec3 direction) {
    ViewCamera cam = frameBounds(bounds, yfovRad, aspect);
    float dist = glm::length(cam.eye - cam.target);
    if (glm::dot(direction, direction) < 1e-12f) direction = vec3(0, 0, 1);
    cam.eye = cam.target + glm::normalize(direction) * dist;
    fitDepthRange(cam, bounds);
    return cam;
}

void fitDepthRange(ViewCamera& camera, const Aabb& bounds) {
    if (bounds.empty()) {
        camera.znear = 0.01f;
        camera.zfar = 1000.0f;
        return;
    }
    vec3 fwd = camera.forward();
    float nearest = std::numeric_limits<float>::max(), farthest = 0.0f;
    for (int i = 0; i < 8; ++i) {
        vec3 c{(i & 1) ? bounds.max.x : bounds.min.x, (i & 2) ? bounds.max.y : bounds.min.y,
               (i & 4) ? bounds.max.z : bounds.min.z};
        float d = glm::dot(c - camera.eye, fwd);
        nearest = std::min(nearest, d);
        farthest = std::max(farthest, d);
    }
    float radius = glm::length(bounds.extent()) * 0.5f;
    float f = std::max(farthest * 1.01f, 1e-3f);
    // The near plane sits just before the nearest corner, but never so close that depth precision collapses
    // (reversed-Z float depth tolerates a ratio of ~1e6 comfortably).
    float n = std::max(nearest * 0.99f, std::max(f * 1e-6f, radius * 1e-5f));
    camera.znear = n;
    camera.zfar = f;
}

ViewCamera fromGltfCamera(const Camera& c, const mat4& world, const Aabb& sceneBounds) {
    ViewCamera cam;
    vec3 eye = vec3(world[3]);
    vec3 fwd = glm::normalize(vec3(world * vec4(0, 0, -1, 0)));
    vec3 up = glm::normalize(vec3(world * vec4(0, 1, 0, 0)));
    float dist = sceneBounds.empty() ? 1.0f : std::max(glm::length(sceneBounds.center() - eye), 1e-3f);
    cam.eye = eye;
    cam.target = eye + fwd * dist;
    cam.up = up;
    cam.orthographic = !c.perspective;
    cam.yfov = c.yfov;
    cam.ymag = c.ymag;
    cam.znear = c.znear;
    cam.zfar = c.zfar > 0.0f ? c.zfar : 0.0f;
    if (cam.zfar <= cam.znear) {
        ViewCamera fitted = cam;
        fitDepthRange(fitted, sceneBounds);
        cam.zfar = std::max(fitted.zfar, cam.znear * 2.0f);
    }
    return cam;
}

} // namespace tv::scene
