// Camera framing, standard views and the projection toggle (see camera_views.h).
#include "interact/camera_views.h"

#include <algorithm>
#include <cmath>

namespace tv::interact {

namespace {

struct NamedView {
    const char* name;
    StandardView view;
};
constexpr NamedView kNames[] = {{"top", StandardView::Top},     {"bottom", StandardView::Bottom},
                                {"front", StandardView::Front}, {"back", StandardView::Back},
                                {"left", StandardView::Left},   {"right", StandardView::Right},
                                {"iso", StandardView::Iso},     {"side", StandardView::Right}};

float targetDistance(const scene::ViewCamera& c) { return std::max(glm::length(c.target - c.eye), 1e-6f); }

} // namespace

const char* standardViewName(StandardView view) {
    for (const NamedView& n : kNames)
        if (n.view == view) return n.name;
    return "?";
}

std::optional<StandardView> standardViewFromName(std::string_view name) {
    for (const NamedView& n : kNames)
        if (name == n.name) return n.view;
    return std::nullopt;
}

ViewAxes standardViewAxes(StandardView view) {
    switch (view) {
    case StandardView::Top: return {vec3(0, -1, 0), vec3(0, 0, -1)};
    case StandardView::Bottom: return {vec3(0, 1, 0), vec3(0, 0, 1)};
    case StandardView::Front: return {vec3(0, 0, -1), vec3(0, 1, 0)};
    case StandardView::Back: return {vec3(0, 0, 1), vec3(0, 1, 0)};
    case StandardView::Left: return {vec3(1, 0, 0), vec3(0, 1, 0)};
    case StandardView::Right: return {vec3(-1, 0, 0), vec3(0, 1, 0)};
    case StandardView::Iso: {
        vec3 f = -glm::normalize(vec3(1, 1, 1));
        vec3 right = glm::normalize(glm::cross(f, vec3(0, 1, 0)));
        return {f, glm::cross(right, f)};
    }
    }
    return {vec3(0, 0, -1), vec3(0, 1, 0)};
}

float framingDistance(float radius, float yfovRad, float aspect) {
    float hfov = 2.0f * std::atan(std::tan(yfovRad * 0.5f) * std::max(aspect, 1e-6f));
    float fov = std::min(yfovRad, hfov);
    return 1.05f * radius / std::sin(fov * 0.5f);
}

float orthoHalfHeightAt(float distance, float yfovRad) { return distance * std::tan(yfovRad * 0.5f); }

scene::ViewCamera frameAlong(const scene::ViewCamera& lens, const Aabb& bounds, float aspect, const ViewAxes& axes) {
    Aabb b = bounds;
    if (b.empty()) {
        b.min = vec3(-1.0f);
        b.max = vec3(1.0f);
    }
    float radius = glm::length(b.extent()) * 0.5f;
    if (!(radius > 0.0f)) radius = 0.5f; // a point: frame a 1 m neighbourhood rather than divide by zero
    scene::ViewCamera cam = lens;
    float dist = framingDistance(radius, lens.yfov, aspect);
    cam.target = b.center();
    cam.eye = cam.target - glm::normalize(axes.forward) * dist;
    cam.up = axes.up;
    if (cam.orthographic) cam.ymag = orthoHalfHeightAt(dist, lens.yfov);
    scene::fitDepthRange(cam, b);
    return cam;
}

scene::ViewCamera frameKeepingDirection(const scene::ViewCamera& current, const Aabb& bounds, float aspect) {
    quat q = cameraOrientation(current);
    return frameAlong(current, bounds, aspect, ViewAxes{orientationForward(q), orientationUp(q)});
}

scene::ViewCamera standardView(const scene::ViewCamera& current, StandardView view, const Aabb& bounds, float aspect) {
    return frameAlong(current, bounds, aspect, standardViewAxes(view));
}

scene::ViewCamera toOrthographic(const scene::ViewCamera& camera) {
    scene::ViewCamera c = camera;
    if (c.orthographic) return c;
    c.orthographic = true;
    c.ymag = orthoHalfHeightAt(targetDistance(camera), camera.yfov);
    return c;
}

scene::ViewCamera toPerspective(const scene::ViewCamera& camera) {
    scene::ViewCamera c = camera;
    if (!c.orthographic) return c;
    c.orthographic = false;
    float dist = c.ymag / std::tan(c.yfov * 0.5f);
    c.eye = c.target - camera.forward() * dist;
    // Keep the far plane reaching at least as far past the target as before.
    c.zfar = std::max(c.zfar, dist + (camera.zfar - targetDistance(camera)));
    c.znear = std::min(c.znear, dist * 0.5f);
    return c;
}

quat cameraOrientation(const scene::ViewCamera& camera) {
    mat3 r = glm::transpose(mat3(camera.view())); // rotation part of the inverse view: camera axes in world space
    return glm::normalize(glm::quat_cast(r));
}

vec3 orientationForward(const quat& q) { return glm::normalize(q * vec3(0, 0, -1)); }
vec3 orientationUp(const quat& q) { return glm::normalize(q * vec3(0, 1, 0)); }

} // namespace tv::interact
