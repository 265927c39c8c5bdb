#include "gfx/shadows.h"

#include "gfx/retire_list.h"
#include "gfx/vk_context.h"

#include "core/log.h"

#include <algorithm>
#include <cmath>

namespace tv::gfx {

CascadeSetup computeCascades(const scene::ViewCamera& camera, float aspect, const Aabb& sceneBounds,
                             const vec3& lightDirection, uint32_t mapSize) {
    CascadeSetup out;
    vec3 fwd = camera.forward();
    float nearD = std::max(camera.znear, 1e-3f);
    float farD = camera.zfar;
    Aabb bounds = sceneBounds.empty() ? Aabb{vec3(-1.0f), vec3(1.0f)} : sceneBounds;
    // No cascade beyond the farthest corner of the scene: the resolution goes where there is geometry.
    float farthest = 0.0f;
    for (int i = 0; i < 8; ++i) {
        vec3 c{(i & 1) ? bounds.max.x : bounds.min.x, (i & 2) ? bounds.max.y : bounds.min.y,
               (i & 4) ? bounds.max.z : bounds.min.z};
        farthest = std::max(farthest, glm::dot(c - camera.eye, fwd));
    }
    farD = std::clamp(farthest, nearD * 2.0f, std::max(farD, nearD * 2.0f));

    const float lambda = 0.75f;
    float splits[5];
    splits[0] = nearD;
    for (int i = 1; i <= 4; ++i) {
        float f = float(i) / 4.0f;
        float logSplit = nearD * std::pow(farD / nearD, f);
        float linSplit = nearD + (farD - nearD) * f;
        splits[i] = lambda * logSplit + (1.0f - lambda) * linSplit;
    }

    vec3 right =
        glm::normalize(glm::cross(fwd, std::abs(glm::dot(fwd, camera.up)) > 0.999f ? vec3(0, 0, 1) : camera.up));
    vec3 up = glm::cross(right, fwd);
    float tanY = camera.orthographic ? 0.0f : std::tan(camera.yfov * 0.5f);
    float tanX = tanY * aspect;
    vec3 dir = glm::normalize(lightDirection);
    vec3 lightUp = std::abs(dir.y) > 0.99f ? vec3(0, 0, 1) : vec3(0, 1, 0);
    float sceneRadius = glm::length(bounds.extent()) * 0.5f;

    for (int c = 0; c < 4; ++c) {
        vec3 corners[8];
        for (int k = 0; k < 2; ++k) {
            float d = splits[c + k];
            float hy = camera.orthographic ? camera.ymag : d * tanY;
            float hx = camera.orthographic ? camera.ymag * aspect : d * tanX;
            vec3 center = camera.eye + fwd * d;
            corners[k * 4 + 0] = center - right * hx - up * hy;
            corners[k * 4 + 1] = center + right * hx - up * hy;
            corners[k * 4 + 2] = center - right * hx + up * hy;
            corners[k * 4 + 3] = center + right * hx + up * hy;
        }
        vec3 sphereCenter(0.0f);
        for (const vec3& p : corners) sphereCenter += p;
        sphereCenter /= 8.0f;
        float radius = 0.0f;
        for (const vec3& p : corners) radius = std::max(radius, glm::length(p - sphereCenter));
        radius = std::ceil(radius * 16.0f) / 16.0f;

        // Light view centred on the origin along the light direction; snap the sphere centre to whole texels.
        mat4 lightView = glm::lookAtRH(vec3(0.0f), dir, lightUp);
        vec3 centerLs = vec3(lightView * vec4(sphereCenter, 1.0f));
        float texel = 2.0f * radius / float(mapSize);
        centerLs.x = std::floor(centerLs.x / texel) * texel;
        centerLs.y = std::floor(centerLs.y / texel) * texel;
        // Depth range: the scene bounds in light space (casters outside the slice still shadow it).
        float zMin = std::numeric_limits<float>::max(), zMax = -std::numeric_limits<float>::max();
        for (int i = 0; i < 8; ++i) {
            vec3 p{(i & 1) ? bounds.max.x : bounds.min.x, (i & 2) ? bounds.max.y : bounds.min.y,
                   (i & 4) ? bounds.max.z : bounds.min.z};
            float z = (lightView * vec4(p, 1.0f)).z;
            zMin = std::min(zMin, z);
            zMax = std::max(zMax, z);
        }
        zMin = std::min(zMin, centerLs.z - radius);
        zMax = std::max(zMax, centerLs.z + radius);
        float pad = 0.01f * (sceneRadius + radius);
        // View space looks down -Z: near = -zMax, far = -zMin.
        mat4 proj = glm::orthoRH_ZO(centerLs.x - radius, centerLs.x + radius, centerLs.y - radius, centerLs.y + radius,
                                    -zMax - pad, -zMin + pad);
        out.viewProj[size_t(c)] = proj * lightView;
        out.splits[c] = splits[c + 1];
        out.texelWorld[c] = texel;
    }
    return out;
}

ShadowMaps::~ShadowMaps() {
    uint64_t value = m_gpu.ctx.lastSubmitted();
    for (VkImageView v : m_layerViews) m_gpu.retire.retire(value, v);
    m_gpu.retire.retire(value, m_image);
}

Expected<void> ShadowMaps::init(uint32_t size) {
    ImageDesc desc;
    desc.format = VK_FORMAT_D32_SFLOAT;
    desc.width = desc.height = size;
    desc.layers = 4;
    desc.usage =
        VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    auto img = createImage(m_gpu, desc, "cascaded shadow maps");
    if (!img) return img.error();
    m_image = *img;
    m_size = size;
    for (uint32_t c = 0; c < 4; ++c) {
        auto v = createImageView(m_gpu, m_image, VK_IMAGE_VIEW_TYPE_2D, 0, 1, c, 1, format("shadow cascade %u", c));
        if (!v) return v.error();
        m_layerViews[c] = *v;
    }
    return {};
}

} // namespace tv::gfx
