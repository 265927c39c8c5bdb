// Section planes and box (see section_planes.h).
#include "interact/section_planes.h"

#include "core/assert.h"
#include "interact/ray.h"

#include <cmath>

namespace tv::interact {

SectionPlane planeThrough(const vec3& point, const vec3& normal) {
    float len = glm::length(normal);
    TV_ASSERT(len > 0.0f, "section plane normal must not be zero");
    SectionPlane p;
    p.normal = normal / len;
    p.offset = -glm::dot(p.normal, point);
    return p;
}

SectionPlane axisPlaneThroughMiddle(const Aabb& bounds, int axis, bool keepNegative) {
    TV_ASSERT(axis >= 0 && axis < 3, "axis must be 0, 1 or 2");
    vec3 n(0.0f);
    n[axis] = keepNegative ? -1.0f : 1.0f;
    return planeThrough(bounds.empty() ? vec3(0.0f) : bounds.center(), n);
}

Expected<size_t> SectionState::addPlane(const SectionPlane& plane) {
    if (m_planes.size() >= kMaxPlanes)
        return makeError(ErrorCode::TooLarge, "section planes: at most 3 planes can be active; remove one first");
    m_planes.push_back(plane);
    m_planes.back().normal = glm::normalize(plane.normal);
    return m_planes.size() - 1;
}

void SectionState::setPlane(size_t index, const SectionPlane& plane) {
    TV_ASSERT(index < m_planes.size(), "section plane index out of range");
    m_planes[index] = plane;
    m_planes[index].normal = glm::normalize(plane.normal);
}

void SectionState::removePlane(size_t index) {
    TV_ASSERT(index < m_planes.size(), "section plane index out of range");
    m_planes.erase(m_planes.begin() + std::ptrdiff_t(index));
}

SectionPlane& SectionState::plane(size_t index) {
    TV_ASSERT(index < m_planes.size(), "section plane index out of range");
    return m_planes[index];
}

void SectionState::clear() {
    m_planes.clear();
    m_box.reset();
}

bool SectionState::active() const {
    for (const SectionPlane& p : m_planes)
        if (p.enabled) return true;
    return m_box && m_box->enabled && !m_box->box.empty();
}

bool SectionState::isClipped(const vec3& p) const {
    for (const SectionPlane& plane : m_planes)
        if (plane.enabled && !plane.keeps(p)) return true;
    if (m_box && m_box->enabled && !m_box->box.empty()) {
        vec3 local = vec3(glm::inverse(m_box->transform) * vec4(p, 1.0f));
        if (glm::any(glm::lessThan(local, m_box->box.min)) || glm::any(glm::greaterThan(local, m_box->box.max)))
            return true;
    }
    return false;
}

std::vector<vec4> SectionState::shaderPlanes() const {
    std::vector<vec4> out;
    for (const SectionPlane& p : m_planes)
        if (p.enabled) out.push_back(p.asVec4());
    if (m_box && m_box->enabled && !m_box->box.empty()) {
        // Local face planes (inward normals) pushed to world space: a plane is a covector, so it maps by the
        // inverse transpose: P_world = P_local * M^-1 (row vector), i.e. transpose(inverse(M)) * P_local.
        mat4 toWorld = glm::transpose(glm::inverse(m_box->transform));
        const Aabb& b = m_box->box;
        for (int axis = 0; axis < 3; ++axis) {
            vec3 n(0.0f);
            n[axis] = 1.0f;
            vec4 local[2] = {vec4(n, -b.min[axis]), vec4(-n, b.max[axis])}; // x >= min, x <= max
            for (const vec4& l : local) {
                vec4 w = toWorld * l;
                float len = glm::length(vec3(w));
                out.push_back(len > 0.0f ? w / len : w);
            }
        }
    }
    return out;
}

float dragPlaneOffset(const SectionPlane& plane, const vec3& anchor, const vec2& dragPixels,
                      const scene::ViewCamera& camera, const vec2& viewport) {
    auto a = projectToPixel(camera, anchor, viewport);
    float depth = std::max(glm::dot(anchor - camera.eye, camera.forward()), 1e-4f);
    float wpp = worldPerPixel(camera, depth, viewport.y);
    // Screen image of one world unit along the normal, sampled at a short step to stay in front of the eye.
    float step = std::max(wpp * 50.0f, 1e-4f);
    auto b = projectToPixel(camera, anchor + plane.normal * step, viewport);
    float along = 0.0f; // world distance to move along +normal
    if (a && b) {
        vec2 s = (vec2(*b) - vec2(*a)) / step; // pixels per metre along the normal
        float s2 = glm::dot(s, s);
        float minPixelsPerMetre = 0.2f / wpp; // below ~a fifth of the at-depth scale, the arrow points at us
        if (s2 > minPixelsPerMetre * minPixelsPerMetre)
            along = glm::dot(dragPixels, s) / s2;
        else
            along = -dragPixels.y * wpp * (glm::dot(plane.normal, camera.forward()) > 0.0f ? -1.0f : 1.0f);
    } else {
        along = -dragPixels.y * wpp;
    }
    return -along;
}

} // namespace tv::interact
