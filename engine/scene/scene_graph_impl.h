// SceneGraph::Impl — the private storage behind SceneGraph, shared by scene_graph.cpp (structure, names,
// transforms, content) and scene_instance.cpp (asset instances). Not part of the public contract: include it only
// from engine/scene/*.cpp. Same threading rule as SceneGraph: the main thread only.
//
// Layout: structure-of-arrays indexed by slot. The hot arrays (links, flags, matrices) are touched by the
// per-frame transform update and stay dense; the cold per-node content (mesh, light, overrides...) lives in one
// array of structs that the update never reads. Children are an intrusive doubly linked list (first/last child,
// prev/next sibling) so linking, unlinking and reparenting are O(1) and sibling order is creation order.
#pragma once

#include "scene/scene_graph.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tv::scene {

inline constexpr uint32_t kNoSlot = UINT32_MAX;

// Heterogeneous hashing so findByName(string_view) does not build a std::string per lookup.
struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Per-node data the transform update never reads.
struct NodeContent {
    MeshRef mesh; // mesh.asset == nullptr: no mesh
    std::vector<float> morphWeights;
    std::optional<Light> light;
    std::optional<Camera> camera;
    std::vector<Transform> instances; // EXT_mesh_gpu_instancing; empty = single instance
    std::optional<MaterialOverride> materialOverride;
};

enum NodeFlag : uint8_t {
    kFlagAlive = 1u << 0,
    kFlagVisible = 1u << 1, // the node's own flag
    kFlagDirty = 1u << 2,   // world matrix of this node (and so its subtree) is out of date; node is in m_dirty
    kFlagMatrix = 1u << 3,  // local matrix set verbatim (setLocalMatrix), not composed from the TRS
};

struct InstanceSlot {
    uint32_t generation = 1;
    bool alive = false;
    AssetPtr asset;
    NodeHandle root;
    std::vector<NodeHandle> nodeMap; // asset node index -> created node (null when not in the scene)
};

struct SceneGraph::Impl {
    // ---- Node slots (SoA) ----
    std::vector<uint32_t> generation;
    std::vector<uint8_t> flags;
    std::vector<uint32_t> parent, firstChild, lastChild, prevSibling, nextSibling;
    std::vector<Transform> local;
    std::vector<mat4> localMatrix; // composed from `local`, or verbatim when kFlagMatrix
    std::vector<mat4> world;
    std::vector<uint64_t> creationSeq;    // orders duplicate names "first in creation order" across slot reuse
    std::vector<uint32_t> rootOfInstance; // instance slot whose root this node is, else kNoSlot
    std::vector<std::string> names;
    std::vector<NodeContent> content;
    std::vector<uint32_t> freeSlots;
    size_t liveNodes = 0; // root included

    // Nodes edited since the last update (each at most once while its dirty flag is set).
    std::vector<uint32_t> dirty;
    std::vector<uint32_t> scratchRoots; // reused by updateWorldTransforms

    // Name -> live slots with that name, ascending creation order. Empty names are not indexed.
    std::unordered_map<std::string, std::vector<uint32_t>, NameHash, std::equal_to<>> byName;

    std::vector<InstanceSlot> instances;
    std::vector<uint32_t> freeInstances;

    uint64_t nextSeq = 0;
    uint64_t structureVersion = 1;

    // ---- Helpers (scene_graph.cpp) ----
    bool valid(NodeHandle h) const {
        return h.index < generation.size() && (flags[h.index] & kFlagAlive) && generation[h.index] == h.generation;
    }
    NodeHandle handleOf(uint32_t slot) const { return NodeHandle{slot, generation[slot]}; }
    uint32_t allocSlot();
    void link(uint32_t child, uint32_t newParent); // appends as last child
    void unlink(uint32_t child);
    void markDirty(uint32_t slot) {
        if (flags[slot] & kFlagDirty) return;
        flags[slot] |= kFlagDirty;
        dirty.push_back(slot);
    }
    void indexName(uint32_t slot);
    void unindexName(uint32_t slot);
    void freeSubtree(uint32_t top); // unlinked already; frees every slot in it
    void releaseInstance(uint32_t instanceSlot);
    uint32_t create(std::string name, uint32_t parentSlot);
    bool isVisibleEffective(uint32_t slot) const {
        for (uint32_t s = slot; s != kNoSlot; s = parent[s])
            if (!(flags[s] & kFlagVisible)) return false;
        return true;
    }
};

// The box enclosing `box` transformed by the affine matrix m: centre transformed, half extents through |m|
// (Arvo). Same result as Aabb::transformed's eight corners at a fraction of the cost; used per draw per frame.
inline Aabb transformAabb(const Aabb& box, const mat4& m) {
    if (box.empty()) return box;
    vec3 c = box.center(), e = box.extent() * 0.5f;
    vec3 nc = vec3(m[3]) + vec3(m[0]) * c.x + vec3(m[1]) * c.y + vec3(m[2]) * c.z;
    vec3 ne = glm::abs(vec3(m[0])) * e.x + glm::abs(vec3(m[1])) * e.y + glm::abs(vec3(m[2])) * e.z;
    Aabb out;
    out.min = nc - ne;
    out.max = nc + ne;
    return out;
}

// Bounds of every primitive of a mesh in its own space (rest pose, no morphing).
Aabb meshBounds(const Asset& asset, int32_t mesh);

// The conservative world-space box of a skinned mesh in its current pose: every skinned vertex is a convex
// combination of jointMatrix_j * p, so it lies inside the box enclosing the mesh bounds under every joint matrix.
// (With joints in their rest pose — as after instantiate(), before any animation — this is the rest-pose box.)
Aabb skinnedBounds(const Aabb& meshBox, const mat4* jointMatrices, size_t jointCount);

} // namespace tv::scene
