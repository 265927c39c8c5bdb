#include "gfx/draw_list.h"

#include "gfx/asset_cache.h"

#include "core/log.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace tv::gfx {
using namespace shader;

void DrawList::clear() {
    opaque.clear();
    blended.clear();
    transmissive.clear();
    instances.clear();
    pickNodes.clear();
    highlightBounds = Aabb{};
    highlightUnbounded = false;
    visibleDraws = culledDraws = 0;
}

bool aabbInFrustum(const Aabb& box, const mat4& m) {
    // Gribb-Hartmann planes from the rows of the clip matrix: -w<=x<=w, -w<=y<=w, 0<=z<=w.
    glm::mat4 t = glm::transpose(m);
    vec4 planes[6] = {t[3] + t[0], t[3] - t[0], t[3] + t[1], t[3] - t[1], t[2], t[3] - t[2]};
    for (const vec4& p : planes) {
        vec3 n(p);
        // The box corner farthest along the plane normal; if it is outside, the whole box is.
        vec3 corner(n.x >= 0 ? box.max.x : box.min.x, n.y >= 0 ? box.max.y : box.min.y,
                    n.z >= 0 ? box.max.z : box.min.z);
        if (glm::dot(n, corner) + p.w < 0.0f) return false;
    }
    return true;
}

bool aabbClippedAway(const Aabb& box, std::span<const vec4> planes) {
    if (box.empty()) return false; // unknown extent (skinned): the shaders decide
    for (const vec4& p : planes) {
        vec3 n(p);
        vec3 corner(n.x >= 0 ? box.max.x : box.min.x, n.y >= 0 ? box.max.y : box.min.y,
                    n.z >= 0 ? box.max.z : box.min.z);
        if (glm::dot(n, corner) + p.w < 0.0f) return true;
    }
    return false;
}

namespace {
InstanceData makeInstance(const mat4& model, uint32_t pickId, uint32_t highlight) {
    InstanceData d;
    d.model = model;
    mat3 n = glm::transpose(glm::inverse(mat3(model)));
    d.normalMatrix[0] = vec4(n[0], 0.0f);
    d.normalMatrix[1] = vec4(n[1], 0.0f);
    d.normalMatrix[2] = vec4(n[2], 0.0f);
    d.ids = uvec4(pickId, glm::determinant(mat3(model)) < 0.0f ? 1u : 0u, highlight, 0u);
    return d;
}

bool meshHasBlend(const AssetGpu& gpu, const std::vector<PrimitiveGpu>& prims) {
    for (const PrimitiveGpu& p : prims)
        if (gpu.materials[p.material].alphaMode == scene::AlphaMode::Blend) return true;
    return false;
}

// Emits one batch per primitive of `mesh` covering instances [first, first + count).
void emitBatches(const scene::FrameExtract& extract, const scene::DrawInstance& draw, AssetGpu& gpu,
                 const std::vector<PrimitiveGpu>& prims, uint32_t first, uint32_t count, bool mirrored, bool visible,
                 const Aabb& bounds, const DrawListOptions& options, DrawList& out) {
    for (const PrimitiveGpu& prim : prims) {
        if (prim.indexCount == 0) continue;
        DrawBatch b;
        b.asset = &gpu;
        b.primitive = &prim;
        b.material = &gpu.materials[prim.material];
        b.firstInstance = first;
        b.instanceCount = count;
        b.mirrored = mirrored;
        b.visible = visible;
        b.doubleSided = b.material->doubleSided;
        b.bounds = bounds;
        DrawPush& p = b.push;
        p.vertexCount = prim.vertexCount;
        p.flags = 0;
        if (prim.presentStreams & (1u << kAttrNormal)) p.flags |= kDrawHasNormals;
        if (prim.presentStreams & (1u << kAttrTangent)) p.flags |= kDrawHasTangents;
        bool skinned = draw.jointCount > 0 && (prim.presentStreams & (1u << kAttrJoints)) &&
                       (prim.presentStreams & (1u << kAttrWeights));
        if (skinned) {
            p.flags |= kDrawSkinned;
            p.jointBase = draw.jointOffset;
        }
        if (draw.weightCount > 0 && prim.morphTargets > 0) {
            p.flags |= kDrawMorphed;
            p.weightBase = draw.weightOffset;
            p.morphBase = prim.morphBase;
            p.morphTargets = std::min(draw.weightCount, prim.morphTargets);
        }
        p.overrideEmissive = vec4(0.0f, 0.0f, 0.0f, 1.0f);
        p.overrideExtra = vec4(0.0f);
        if (draw.hasOverride) {
            p.overrideExtra.x = 1.0f - std::clamp(draw.override.saturation, 0.0f, 1.0f);
            if (draw.override.baseColor) {
                p.flags |= kDrawOverrideBase;
                p.overrideBaseColor = *draw.override.baseColor;
            }
            if (draw.override.emissive) {
                p.flags |= kDrawOverrideEmissive;
                p.overrideEmissive = vec4(*draw.override.emissive, 1.0f);
            }
            p.overrideEmissive.w = draw.override.opacity;
        }
        b.blend = b.material->alphaMode == scene::AlphaMode::Blend || p.overrideEmissive.w < 1.0f;
        if (b.blend && b.material->alphaMode != scene::AlphaMode::Blend) p.flags |= kDrawForceBlend;
        if (b.material->transmissive) {
            // Not a shadow caster either: light passes through (and the Sample Renderer has no shadows to match).
            if (!visible) continue;
            vec3 center = vec3(out.instances[first].model * vec4(prim.localCenter, 1.0f));
            b.sortDistance = glm::length(center - options.eye);
            out.transmissive.push_back(b);
        } else if (b.blend) {
            if (!visible) continue; // blended draws cast no shadows
            vec3 center = vec3(out.instances[first].model * vec4(prim.localCenter, 1.0f));
            b.sortDistance = glm::length(center - options.eye);
            out.blended.push_back(b);
        } else {
            out.opaque.push_back(b);
        }
    }
    (void)extract;
}
} // namespace

Expected<void> buildDrawList(const scene::FrameExtract& extract, AssetCache& assets, const DrawListOptions& options,
                             DrawList& out) {
    out.clear();
    // Simple draws grouped by (asset, mesh, mirrored, visible): their instances become one instanced batch.
    struct Group {
        const scene::DrawInstance* first = nullptr;
        AssetGpu* gpu = nullptr;
        std::vector<std::tuple<mat4, uint32_t, uint32_t>> instances; // model, pick id, highlight bits
        Aabb bounds;
        bool unbounded = false;
    };
    std::map<std::tuple<uint64_t, int32_t, bool, bool>, Group> groups;

    for (const scene::DrawInstance& draw : extract.draws) {
        if (!draw.asset || draw.mesh < 0 || size_t(draw.mesh) >= draw.asset->meshes.size()) continue;
        bool visible = !options.cull || draw.worldBounds.empty() || aabbInFrustum(draw.worldBounds, options.viewProj) ||
                       (options.secondViewProj && aabbInFrustum(draw.worldBounds, *options.secondViewProj));
        if (visible)
            ++out.visibleDraws;
        else
            ++out.culledDraws;
        if (!visible && !options.keepCulled) continue;
        if (!options.sectionPlanes.empty() && aabbClippedAway(draw.worldBounds, options.sectionPlanes)) continue;
        uint32_t highlight = 0;
        if (options.selected && options.selected->count(draw.node)) highlight |= kHighlightSelected;
        if (options.hovered && options.hovered->count(draw.node)) highlight |= kHighlightHovered;
        if (highlight && visible) {
            if (draw.worldBounds.empty())
                out.highlightUnbounded = true;
            else
                out.highlightBounds.extend(draw.worldBounds);
        }
        auto gpu = assets.acquire(*draw.asset);
        if (!gpu) continue; // logged once by the cache; the rest of the scene still renders
        AssetCache::markUsed(**gpu, options.frame, options.submitValue);
        const std::vector<PrimitiveGpu>& prims = (*gpu)->meshes[size_t(draw.mesh)];

        out.pickNodes.push_back(draw.node);
        uint32_t pickId = uint32_t(out.pickNodes.size());
        // GPU instances of this node (EXT_mesh_gpu_instancing) or the node itself.
        auto forEachModel = [&](auto&& fn) {
            if (draw.instanceCount > 0) {
                for (uint32_t i = 0; i < draw.instanceCount; ++i) {
                    size_t at = size_t(draw.instanceOffset) + i;
                    if (at < extract.instanceMatrices.size()) fn(extract.instanceMatrices[at]);
                }
            } else {
                fn(draw.world);
            }
        };

        bool simple = options.instancing && draw.jointCount == 0 && draw.weightCount == 0 && !draw.hasOverride &&
                      !meshHasBlend(**gpu, prims);
        if (simple) {
            forEachModel([&](const mat4& m) {
                bool mirrored = glm::determinant(mat3(m)) < 0.0f;
                Group& g = groups[{draw.asset->id, draw.mesh, mirrored, visible}];
                if (!g.first) {
                    g.first = &draw;
                    g.gpu = *gpu;
                }
                g.instances.emplace_back(m, pickId, highlight);
                g.bounds.extend(draw.worldBounds);
                g.unbounded = g.unbounded || draw.worldBounds.empty();
            });
            continue;
        }
        // Individually drawn: one batch per winding so mirrored instances cull correctly.
        for (bool mirroredPass : {false, true}) {
            uint32_t first = uint32_t(out.instances.size());
            forEachModel([&](const mat4& m) {
                if ((glm::determinant(mat3(m)) < 0.0f) == mirroredPass)
                    out.instances.push_back(makeInstance(m, pickId, highlight));
            });
            uint32_t count = uint32_t(out.instances.size()) - first;
            if (count > 0)
                emitBatches(extract, draw, **gpu, prims, first, count, mirroredPass, visible, draw.worldBounds, options,
                            out);
        }
    }

    for (auto& [key, g] : groups) {
        uint32_t first = uint32_t(out.instances.size());
        for (const auto& [m, id, bits] : g.instances) out.instances.push_back(makeInstance(m, id, bits));
        const std::vector<PrimitiveGpu>& prims = g.gpu->meshes[size_t(std::get<1>(key))];
        emitBatches(extract, *g.first, *g.gpu, prims, first, uint32_t(g.instances.size()), std::get<2>(key),
                    std::get<3>(key), g.unbounded ? Aabb{} : g.bounds, options, out);
    }

    if (options.selected || options.hovered) {
        for (auto* list : {&out.opaque, &out.blended, &out.transmissive})
            for (DrawBatch& b : *list)
                for (uint32_t i = b.firstInstance; i < b.firstInstance + b.instanceCount && !b.highlighted; ++i)
                    b.highlighted = out.instances[i].ids.z != 0;
    }

    // Opaque: group by material to limit rebinding. Blended: far to near.
    std::stable_sort(out.opaque.begin(), out.opaque.end(), [](const DrawBatch& a, const DrawBatch& b) {
        return std::tie(a.asset, a.material) < std::tie(b.asset, b.material);
    });
    auto farFirst = [](const DrawBatch& a, const DrawBatch& b) { return a.sortDistance > b.sortDistance; };
    std::stable_sort(out.blended.begin(), out.blended.end(), farFirst);
    std::stable_sort(out.transmissive.begin(), out.transmissive.end(), farFirst);
    return {};
}

} // namespace tv::gfx
