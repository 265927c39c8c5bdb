// extractFrame: copies what the renderer needs for one frame out of the SceneGraph (see frame_extract.h).
//
// Bounds of skinned draws (the brief leaves the choice open): DrawInstance::worldBounds stays empty (never cull a
// skinned draw — animation can move it anywhere), while FrameExtract::bounds gets the box enclosing the mesh's
// rest bounds under every current joint matrix. A skinned vertex is a convex combination of jointMatrix_j * p, so
// that box contains the mesh in its current pose; right after instantiate() the joints are in their rest pose and
// it is the rest-pose box the header describes. It is conservative (loose) for strongly bent poses.
#include "scene/frame_extract.h"

#include "core/assert.h"
#include "scene/scene_graph_impl.h"

namespace tv::scene {

void FrameExtract::clear() {
    draws.clear();
    jointMatrices.clear();
    morphWeights.clear();
    instanceMatrices.clear();
    lights.clear();
    assets.clear();
    bounds = Aabb{};
}

namespace {

// Scratch reused across frames so a steady-state extract does not allocate. extractFrame runs on the main thread;
// thread_local keeps it correct should a tool extract from a second graph on another thread.
thread_local std::vector<NodeHandle> t_visible;

void keepAsset(FrameExtract& out, const AssetPtr& asset) {
    // A scene references a handful of assets; the last one added is almost always the one seen again.
    if (!out.assets.empty() && out.assets.back() == asset) return;
    for (const AssetPtr& a : out.assets)
        if (a == asset) return;
    out.assets.push_back(asset);
}

} // namespace

void extractFrame(const SceneGraph& graph, FrameExtract& out) {
    out.clear();
    std::vector<NodeHandle>& visible = t_visible;
    visible.clear();
    graph.collectVisibleNodes(visible);

    for (NodeHandle h : visible) {
        const mat4& world = graph.worldMatrix(h);

        if (const Light* l = graph.light(h)) {
            LightInstance li;
            li.light = *l;
            li.position = vec3(world[3]);
            vec3 dir = vec3(world * vec4(0.0f, 0.0f, -1.0f, 0.0f));
            float len = glm::length(dir);
            li.direction = len > 0.0f ? dir / len : vec3(0.0f, 0.0f, -1.0f);
            out.lights.push_back(li);
        }

        const MeshRef* ref = graph.mesh(h);
        if (!ref) continue;
        const Asset& asset = *ref->asset;
        const Mesh& mesh = asset.meshes[size_t(ref->mesh)];
        Aabb local = meshBounds(asset, ref->mesh);

        DrawInstance d;
        d.asset = &asset;
        d.mesh = ref->mesh;
        d.node = h;
        if (const MaterialOverride* o = graph.materialOverride(h)) {
            d.override = *o;
            d.hasOverride = true;
        }

        const std::vector<float>& w = graph.morphWeights(h);
        const std::vector<float>& weights = !w.empty() ? w : mesh.weights;
        if (!weights.empty()) {
            d.weightOffset = uint32_t(out.morphWeights.size());
            d.weightCount = uint32_t(weights.size());
            out.morphWeights.insert(out.morphWeights.end(), weights.begin(), weights.end());
        }

        const std::vector<Transform>& inst = graph.instanceTransforms(h);
        if (ref->skin >= 0) {
            const Skin& skin = asset.skins[size_t(ref->skin)];
            d.world = mat4(1.0f);
            d.jointOffset = uint32_t(out.jointMatrices.size());
            d.jointCount = uint32_t(skin.joints.size());
            for (size_t j = 0; j < skin.joints.size(); ++j) {
                NodeHandle jn = graph.instanceNode(ref->instance, skin.joints[j]);
                // A joint outside the instantiated scene has no world matrix of its own; the mesh node's is the
                // least surprising stand-in (the mesh stays where its node is).
                const mat4& jw = jn ? graph.worldMatrix(jn) : world;
                out.jointMatrices.push_back(jw * skin.inverseBindMatrices[j]);
            }
            out.bounds.extend(skinnedBounds(local, out.jointMatrices.data() + d.jointOffset, d.jointCount));
            // d.worldBounds stays empty: do not cull.
        } else if (!inst.empty()) {
            d.world = world;
            d.instanceOffset = uint32_t(out.instanceMatrices.size());
            d.instanceCount = uint32_t(inst.size());
            for (const Transform& t : inst) {
                mat4 mm = world * t.matrix();
                out.instanceMatrices.push_back(mm);
                d.worldBounds.extend(transformAabb(local, mm));
            }
            out.bounds.extend(d.worldBounds);
        } else {
            d.world = world;
            d.worldBounds = transformAabb(local, world);
            out.bounds.extend(d.worldBounds);
        }

        keepAsset(out, ref->asset);
        out.draws.push_back(d);
    }
}

} // namespace tv::scene
