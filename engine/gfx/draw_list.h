// DrawList — one frame's draws, built from a FrameExtract: frustum culling per DrawInstance (empty worldBounds =
// never culled), grouping of identical simple draws (same asset and mesh, no skin/morph/override, same winding)
// into instanced batches with per-instance transforms, the blended draws sorted back to front, and the draws of
// transmissive materials (KHR_materials_transmission) apart, far to near, since they are drawn after everything
// else has been rendered into the transmission framebuffer. Also marks highlighted instances (selection outline)
// and drops draws a section plane cuts away entirely.
// Pure CPU work; render thread.
#pragma once

#include "core/expected.h"
#include "gfx/asset_gpu.h"
#include "scene/frame_extract.h"
#include "shaders/shader_interface.h"

#include <span>
#include <unordered_set>
#include <vector>

namespace tv::gfx {

class AssetCache;

struct DrawBatch {
    AssetGpu* asset = nullptr;
    const PrimitiveGpu* primitive = nullptr;
    const MaterialGpu* material = nullptr;
    uint32_t firstInstance = 0;
    uint32_t instanceCount = 0;
    shader::DrawPush push{};
    bool blend = false;
    bool doubleSided = false;
    bool mirrored = false;    // negative determinant: front faces wind clockwise
    bool visible = true;      // false = culled for the camera (still casts shadows)
    float sortDistance = 0;   // blended and transmissive: camera distance (far first)
    Aabb bounds;              // world bounds of all its instances; empty = unknown (never culled)
    bool highlighted = false; // some instance has InstanceData::ids.z bits (drawn into the highlight mask)
};

struct DrawList {
    std::vector<DrawBatch> opaque;       // OPAQUE and MASK (and culled shadow casters)
    std::vector<DrawBatch> blended;      // sorted back to front
    std::vector<DrawBatch> transmissive; // transmissive materials (blended or not), sorted back to front
    std::vector<shader::InstanceData> instances;
    std::vector<scene::NodeHandle> pickNodes; // pick id i (1-based) -> pickNodes[i - 1]
    Aabb highlightBounds;            // world bounds of the visible highlighted draws (the outline's screen area)
    bool highlightUnbounded = false; // a visible highlighted draw has no bounds (skinned): the whole view
    uint32_t visibleDraws = 0, culledDraws = 0;
    void clear();
};

struct DrawListOptions {
    mat4 viewProj{1.0f};
    const mat4* secondViewProj = nullptr; // stereo: a draw is visible when either frustum holds it
    vec3 eye{0.0f};
    bool cull = true;
    bool instancing = true;   // group identical draws into instanced batches
    bool keepCulled = false;  // keep culled draws (marked invisible) for the shadow pass
    uint64_t frame = 0;       // marks the assets used
    uint64_t submitValue = 0; // timeline value the frame will signal
    // Highlight: draws whose node is in a set get kHighlight* bits in InstanceData::ids.z (null = none).
    const std::unordered_set<scene::NodeHandle>* selected = nullptr;
    const std::unordered_set<scene::NodeHandle>* hovered = nullptr;
    // Section planes (n.xyz, d): draws whose bounds lie wholly on the cut-away side of one are dropped (no pass
    // would show them; the shaders cut the rest per fragment).
    std::span<const vec4> sectionPlanes;
};

Expected<void> buildDrawList(const scene::FrameExtract& extract, AssetCache& assets, const DrawListOptions& options,
                             DrawList& out);

// True when `box` lies entirely where dot(n, p) + d < 0 for some plane (so every point of it is cut away).
bool aabbClippedAway(const Aabb& box, std::span<const vec4> planes);

// Frustum test of an AABB against the 6 planes of a Vulkan clip volume (0 <= z <= w), reversed-Z or not.
bool aabbInFrustum(const Aabb& box, const mat4& viewProj);

} // namespace tv::gfx
