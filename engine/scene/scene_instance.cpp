// SceneGraph asset instances: instantiate() copies one scene of an imported Asset into the graph under a new node
// and remembers which graph node each asset node became (skins and animations address nodes by asset index);
// destroyInstance() removes them again. Main thread only, like the rest of SceneGraph.
#include "core/assert.h"
#include "core/log.h"
#include "scene/scene_graph.h"
#include "scene/scene_graph_impl.h"

namespace tv::scene {

namespace {
const AssetPtr kNoAsset;
}

Expected<InstanceHandle> SceneGraph::instantiate(AssetPtr asset, int32_t sceneIndex, NodeHandle parentNode,
                                                 std::string instanceName) {
    if (!asset) return makeError(ErrorCode::InvalidArgument, "instantiate: no asset");
    if (!parentNode.isNull() && !m->valid(parentNode))
        return makeError(ErrorCode::InvalidArgument, "instantiate: parent node handle is stale");
    const Asset& a = *asset;

    // Which asset nodes start the hierarchy: the chosen scene's roots or, without scenes, every parentless node.
    std::vector<int32_t> roots;
    if (a.scenes.empty()) {
        if (sceneIndex >= 0)
            return makeError(ErrorCode::NotFound, format("instantiate: '%s' has no scenes, scene %d requested",
                                                         a.sourcePath.c_str(), sceneIndex));
        for (size_t i = 0; i < a.nodes.size(); ++i)
            if (a.nodes[i].parent < 0) roots.push_back(int32_t(i));
    } else {
        int32_t s = sceneIndex >= 0 ? sceneIndex : (a.defaultScene >= 0 ? a.defaultScene : 0);
        if (size_t(s) >= a.scenes.size())
            return makeError(ErrorCode::NotFound, format("instantiate: '%s' has %zu scenes, scene %d requested",
                                                         a.sourcePath.c_str(), a.scenes.size(), s));
        roots = a.scenes[size_t(s)].roots;
    }

    uint32_t instSlot;
    if (!m->freeInstances.empty()) {
        instSlot = m->freeInstances.back();
        m->freeInstances.pop_back();
    } else {
        instSlot = uint32_t(m->instances.size());
        m->instances.emplace_back();
    }
    InstanceHandle ih{instSlot, m->instances[instSlot].generation};

    uint32_t parentSlot = parentNode.isNull() ? 0 : parentNode.index;
    uint32_t rootSlot = m->create(std::move(instanceName), parentSlot);
    m->rootOfInstance[rootSlot] = instSlot;

    std::vector<NodeHandle> nodeMap(a.nodes.size());
    // Depth-first, children in file order, so creation order (name lookup) and sibling order (paths) follow the
    // file. The importer rejects cycles; the nodeMap check also keeps a node listed twice from being copied twice.
    std::vector<std::pair<int32_t, uint32_t>> stack; // (asset node, parent slot)
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.emplace_back(*it, rootSlot);
    while (!stack.empty()) {
        auto [ni, ps] = stack.back();
        stack.pop_back();
        TV_ASSERT(ni >= 0 && size_t(ni) < a.nodes.size(), "instantiate: asset node index out of range");
        if (nodeMap[size_t(ni)]) continue;
        const Node& src = a.nodes[size_t(ni)];
        uint32_t slot = m->create(src.name, ps);
        NodeHandle h = m->handleOf(slot);
        nodeMap[size_t(ni)] = h;

        m->local[slot] = src.transform;
        if (src.hasMatrix) {
            m->localMatrix[slot] = src.matrix;
            m->flags[slot] |= kFlagMatrix;
        } else {
            m->localMatrix[slot] = src.transform.matrix();
        }

        NodeContent& c = m->content[slot];
        if (src.mesh >= 0) {
            TV_ASSERT(size_t(src.mesh) < a.meshes.size(), "instantiate: mesh index out of range");
            TV_ASSERT(src.skin < 0 || size_t(src.skin) < a.skins.size(), "instantiate: skin index out of range");
            c.mesh = MeshRef{asset, src.mesh, src.skin, src.skin >= 0 ? ih : InstanceHandle{}};
            c.morphWeights = !src.weights.empty() ? src.weights : a.meshes[size_t(src.mesh)].weights;
        }
        if (src.light >= 0) {
            TV_ASSERT(size_t(src.light) < a.lights.size(), "instantiate: light index out of range");
            c.light = a.lights[size_t(src.light)];
        }
        if (src.camera >= 0) {
            TV_ASSERT(size_t(src.camera) < a.cameras.size(), "instantiate: camera index out of range");
            c.camera = a.cameras[size_t(src.camera)];
        }
        c.instances = src.instances;

        for (auto it = src.children.rbegin(); it != src.children.rend(); ++it) stack.emplace_back(*it, slot);
    }

    InstanceSlot& inst = m->instances[instSlot]; // re-fetch: nothing above grows `instances`, but be explicit
    inst.alive = true;
    inst.asset = std::move(asset);
    inst.root = m->handleOf(rootSlot);
    inst.nodeMap = std::move(nodeMap);
    return ih;
}

void SceneGraph::destroyInstance(InstanceHandle instance) {
    if (!isValid(instance)) return;
    InstanceSlot& inst = m->instances[instance.index];
    // Nodes moved out from under the instance root (setParent) still belong to the instance and go too.
    std::vector<NodeHandle> nodes = inst.nodeMap;
    NodeHandle rootNode = inst.root;
    destroyNode(rootNode);                     // releases the instance slot through rootOfInstance
    for (NodeHandle h : nodes) destroyNode(h); // stale (already gone) handles are ignored
    m->releaseInstance(instance.index);        // no-op unless the root had been detached from the instance
}

bool SceneGraph::isValid(InstanceHandle instance) const {
    return instance.index < m->instances.size() && m->instances[instance.index].alive &&
           m->instances[instance.index].generation == instance.generation;
}

NodeHandle SceneGraph::instanceRoot(InstanceHandle instance) const {
    TV_ASSERT(isValid(instance), "instanceRoot: stale instance handle");
    return m->instances[instance.index].root;
}

const AssetPtr& SceneGraph::instanceAsset(InstanceHandle instance) const {
    if (!isValid(instance)) return kNoAsset;
    return m->instances[instance.index].asset;
}

NodeHandle SceneGraph::instanceNode(InstanceHandle instance, int32_t assetNode) const {
    if (!isValid(instance)) return {};
    const auto& map = m->instances[instance.index].nodeMap;
    if (assetNode < 0 || size_t(assetNode) >= map.size()) return {};
    NodeHandle h = map[size_t(assetNode)];
    return m->valid(h) ? h : NodeHandle{};
}

std::vector<InstanceHandle> SceneGraph::instances() const {
    std::vector<InstanceHandle> out;
    for (uint32_t i = 0; i < m->instances.size(); ++i)
        if (m->instances[i].alive) out.push_back(InstanceHandle{i, m->instances[i].generation});
    return out;
}

} // namespace tv::scene
