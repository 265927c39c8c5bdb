// SceneGraph — the live scene: nodes with stable handles, hierarchy, local TRS, visibility, mesh instances of
// imported assets and per-node material overrides. The single writer is the main thread (the feed applies its
// batches there at a frame boundary); the renderer never reads it directly, only a FrameExtract built from it.
//
// Cost model: edits are O(1) and only mark nodes dirty; updateWorldTransforms() walks just the dirty subtrees, so
// a frame costs what changed, not the scene size. Node storage is slot arrays reused through a free list with a
// generation counter, so a stale NodeHandle is detected, never aliased.
#pragma once

#include "core/expected.h"
#include "core/handle.h"
#include "core/math.h"
#include "scene/asset.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tv::scene {

struct NodeTag;
struct InstanceTag;
using NodeHandle = Handle<NodeTag>;
using InstanceHandle = Handle<InstanceTag>; // one instantiated asset (its nodes, skins, animation state)

// What a node draws: one mesh of one asset. Skinned meshes name the skin within the same instance.
struct MeshRef {
    AssetPtr asset;
    int32_t mesh = -1;
    int32_t skin = -1;       // asset skin index, -1 = not skinned
    InstanceHandle instance; // the instance whose nodes the skin's joints map to
};

// Per-node visual overrides set by the twin feed or the UI; unset fields leave the glTF material alone.
struct MaterialOverride {
    std::optional<vec4> baseColor; // linear RGBA, replaces baseColorFactor (texture still multiplies)
    std::optional<vec3> emissive;  // linear RGB, replaces emissiveFactor * strength
    float opacity = 1.0f;          // multiplies alpha (ghost/x-ray)
    float saturation = 1.0f;       // 1 = the material's colours, 0 = grey (a stale twin entity)
};

// Handles: every accessor and setter below requires a live handle and asserts otherwise (a stale handle there is a
// bug); code holding handles that may have died (feeds, UI selections) checks isValid() first. The exceptions are
// the functions documented as tolerating them: destroyNode, destroyInstance, setParent, instantiate,
// instanceAsset (null) and instanceNode (null handle).
class SceneGraph {
public:
    SceneGraph();
    ~SceneGraph();
    SceneGraph(const SceneGraph&) = delete;
    SceneGraph& operator=(const SceneGraph&) = delete;

    // ---- Structure -------------------------------------------------------------------------------------------
    // The graph always has one root node (name "", path "/"); parent == null handle means the root.
    NodeHandle root() const;
    NodeHandle createNode(std::string name, NodeHandle parent = {});
    void destroyNode(NodeHandle node); // destroys the whole subtree; stale handles are ignored
    bool isValid(NodeHandle node) const;
    Expected<void> setParent(NodeHandle node, NodeHandle newParent); // keeps the local transform; rejects cycles
    NodeHandle parent(NodeHandle node) const;
    std::vector<NodeHandle> children(NodeHandle node) const;
    size_t nodeCount() const; // live nodes, root excluded

    // ---- Names and lookup ------------------------------------------------------------------------------------
    const std::string& name(NodeHandle node) const;
    void setName(NodeHandle node, std::string name);
    NodeHandle findByName(std::string_view name) const; // first match in creation order; O(1) average
    // "/plant/tank-1/level": names joined by '/', from the root. Unnamed nodes appear as "#<index among siblings>".
    NodeHandle findByPath(std::string_view path) const;
    std::string path(NodeHandle node) const;

    // ---- Transform and visibility ----------------------------------------------------------------------------
    void setLocalTransform(NodeHandle node, const Transform& t);
    void setLocalMatrix(NodeHandle node, const mat4& m); // for glTF matrices that do not decompose
    const Transform& localTransform(NodeHandle node) const;
    mat4 localMatrix(NodeHandle node) const;
    void setTranslation(NodeHandle node, const vec3& t);
    void setRotation(NodeHandle node, const quat& r);
    void setScale(NodeHandle node, const vec3& s);
    // World matrix as of the last updateWorldTransforms().
    const mat4& worldMatrix(NodeHandle node) const;
    // Recomputes world matrices of dirty subtrees only; returns how many nodes were recomputed.
    size_t updateWorldTransforms();

    void setVisible(NodeHandle node, bool visible);
    bool isVisible(NodeHandle node) const;            // the node's own flag
    bool isEffectivelyVisible(NodeHandle node) const; // own flag and every ancestor's
    // Appends every effectively visible node (root excluded) to `out`, parents before children; hidden subtrees
    // are skipped without being walked. For per-frame extraction: reuse `out` to keep its capacity.
    void collectVisibleNodes(std::vector<NodeHandle>& out) const;

    // ---- Content ---------------------------------------------------------------------------------------------
    void setMesh(NodeHandle node, MeshRef mesh);
    const MeshRef* mesh(NodeHandle node) const; // nullptr when none
    void setMorphWeights(NodeHandle node, std::vector<float> weights);
    // Same, copying into the node's existing storage: no allocation once sized (animation playback, feeds).
    void assignMorphWeights(NodeHandle node, std::span<const float> weights);
    const std::vector<float>& morphWeights(NodeHandle node) const;
    void setLight(NodeHandle node, std::optional<Light> light);
    const Light* light(NodeHandle node) const;
    void setCamera(NodeHandle node, std::optional<Camera> camera);
    const Camera* camera(NodeHandle node) const;
    void setInstanceTransforms(NodeHandle node, std::vector<Transform> instances); // EXT_mesh_gpu_instancing
    const std::vector<Transform>& instanceTransforms(NodeHandle node) const;
    void setMaterialOverride(NodeHandle node, const MaterialOverride& o);
    void clearMaterialOverride(NodeHandle node);
    const MaterialOverride* materialOverride(NodeHandle node) const;

    // ---- Asset instances -------------------------------------------------------------------------------------
    // Creates a node named `name` under `parent` and, below it, the asset's scene `sceneIndex` (-1 = the asset's
    // default scene) with every node's TRS/matrix, mesh, light, camera, morph weights and instancing.
    Expected<InstanceHandle> instantiate(AssetPtr asset, int32_t sceneIndex, NodeHandle parent, std::string name);
    void destroyInstance(InstanceHandle instance); // removes its nodes
    bool isValid(InstanceHandle instance) const;
    NodeHandle instanceRoot(InstanceHandle instance) const;
    const AssetPtr& instanceAsset(InstanceHandle instance) const; // null for a stale instance
    // Maps an asset node index to the node created for it (null if that node is not in the instantiated scene).
    NodeHandle instanceNode(InstanceHandle instance, int32_t assetNode) const;
    std::vector<InstanceHandle> instances() const;

    // ---- Iteration -------------------------------------------------------------------------------------------
    // Calls fn(handle) for every live node except the root, in slot order.
    template <class Fn>
    void forEachNode(Fn&& fn) const {
        for (uint32_t i = 1; i < slotCount(); ++i)
            if (slotAlive(i)) fn(NodeHandle{i, slotGeneration(i)});
    }

    // Bounds of everything drawable (world space, rest pose of skinned meshes), as of the last update.
    Aabb worldBounds() const;

    // Monotonic counter bumped by every structural or content change (not transforms): lets caches notice.
    uint64_t structureVersion() const;

private:
    uint32_t slotCount() const;
    bool slotAlive(uint32_t index) const;
    uint32_t slotGeneration(uint32_t index) const;

    struct Impl;
    Impl* m; // pimpl keeps this header light; owned
};

} // namespace tv::scene
