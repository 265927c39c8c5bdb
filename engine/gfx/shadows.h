// Cascaded shadow maps for the default lighting's sun: cascade split distances (practical split scheme), one
// stabilized orthographic light projection per cascade (bounding sphere of the cascade's frustum slice, snapped to
// whole texels so the shadow edges do not shimmer as the camera moves), and the D32 array image they render into.
// Render thread only (the math is pure and testable anywhere).
#pragma once

#include "core/expected.h"
#include "core/math.h"
#include "gfx/gpu_resources.h"
#include "scene/view_camera.h"

#include <array>

namespace tv::gfx {

struct CascadeSetup {
    std::array<mat4, 4> viewProj{};
    vec4 splits{0.0f};     // view-space distance where cascade i ends
    vec4 texelWorld{0.0f}; // world size of one shadow texel per cascade
};

// `sceneBounds` limits both the shadowed distance (no cascade beyond the farthest object) and the light-space depth
// range (every potential caster between the light and the cascade is inside it).
CascadeSetup computeCascades(const scene::ViewCamera& camera, float aspect, const Aabb& sceneBounds,
                             const vec3& lightDirection, uint32_t mapSize);

class ShadowMaps {
public:
    explicit ShadowMaps(GpuCore& gpu) : m_gpu(gpu) {}
    ~ShadowMaps();
    Expected<void> init(uint32_t size);
    const Image& image() const { return m_image; }
    VkImageView layerView(uint32_t cascade) const { return m_layerViews[cascade]; }
    uint32_t size() const { return m_size; }
    // Whether the image has been rendered (and transitioned to shader-read) at least once.
    bool initialized = false;

private:
    GpuCore& m_gpu;
    Image m_image;
    std::array<VkImageView, 4> m_layerViews{};
    uint32_t m_size = 0;
};

} // namespace tv::gfx
