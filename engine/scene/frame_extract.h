// FrameExtract — what the renderer needs from the scene for one frame, copied out of the SceneGraph at a frame
// boundary so rendering never walks live objects. Built on the main thread by extractFrame(); then read-only.
#pragma once

#include "core/math.h"
#include "scene/asset.h"
#include "scene/scene_graph.h"

#include <vector>

namespace tv::scene {

// One visible mesh node. The renderer draws every primitive of asset->meshes[mesh].
struct DrawInstance {
    const Asset* asset = nullptr; // kept alive by the SceneGraph (and FrameExtract::assets) for the frame
    int32_t mesh = -1;
    NodeHandle node;                                // for picking
    mat4 world{1.0f};                               // identity for skinned draws (joint matrices carry world space)
    uint32_t jointOffset = 0, jointCount = 0;       // into FrameExtract::jointMatrices (0 = not skinned)
    uint32_t weightOffset = 0, weightCount = 0;     // into FrameExtract::morphWeights (0 = no morphing)
    uint32_t instanceOffset = 0, instanceCount = 0; // into FrameExtract::instanceMatrices (0 = single instance)
    MaterialOverride override;
    bool hasOverride = false;
    Aabb worldBounds; // for culling; covers all GPU instances; empty = do not cull (skinned)
};

struct LightInstance {
    Light light;
    vec3 position{0.0f};
    vec3 direction{0.0f, 0.0f, -1.0f}; // direction of travel (node -Z in world space)
};

struct FrameExtract {
    std::vector<DrawInstance> draws;
    std::vector<mat4> jointMatrices; // world(joint) * inverseBind, per skinned draw
    std::vector<float> morphWeights;
    std::vector<mat4> instanceMatrices; // world(node) * instance TRS
    std::vector<LightInstance> lights;
    std::vector<AssetPtr> assets; // every asset referenced by draws (keeps them alive)
    Aabb bounds;                  // world bounds of all draws (skinned: mesh bounds under every current joint)
    void clear();
};

// Rebuilds `out` from the graph (call after updateWorldTransforms()). Reuses out's capacity.
void extractFrame(const SceneGraph& graph, FrameExtract& out);

} // namespace tv::scene
