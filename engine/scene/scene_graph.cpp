// SceneGraph: slot storage, hierarchy, names and paths, transforms with dirty-subtree updates, visibility and
// per-node content. Asset instances live in scene_instance.cpp; the storage layout is in scene_graph_impl.h.
#include "scene/scene_graph.h"

#include "core/assert.h"
#include "core/log.h"
#include "scene/scene_graph_impl.h"

#include <glm/gtx/matrix_decompose.hpp>

#include <algorithm>
#include <charconv>

namespace tv::scene {

// ---- Impl helpers ------------------------------------------------------------------------------------------------

uint32_t SceneGraph::Impl::allocSlot() {
    uint32_t slot;
    if (!freeSlots.empty()) {
        slot = freeSlots.back();
        freeSlots.pop_back();
    } else {
        slot = static_cast<uint32_t>(generation.size());
        TV_ASSERT(slot != kNoSlot, "scene graph slot space exhausted");
        generation.push_back(1); // generation 0 never names a live node, so Handle{i, 0} is always stale
        flags.push_back(0);
        parent.push_back(kNoSlot);
        firstChild.push_back(kNoSlot);
        lastChild.push_back(kNoSlot);
        prevSibling.push_back(kNoSlot);
        nextSibling.push_back(kNoSlot);
        local.emplace_back();
        localMatrix.emplace_back(1.0f);
        world.emplace_back(1.0f);
        creationSeq.push_back(0);
        rootOfInstance.push_back(kNoSlot);
        names.emplace_back();
        content.emplace_back();
    }
    flags[slot] = kFlagAlive | kFlagVisible;
    parent[slot] = firstChild[slot] = lastChild[slot] = prevSibling[slot] = nextSibling[slot] = kNoSlot;
    local[slot] = Transform{};
    localMatrix[slot] = mat4(1.0f);
    world[slot] = mat4(1.0f);
    creationSeq[slot] = nextSeq++;
    rootOfInstance[slot] = kNoSlot;
    ++liveNodes;
    return slot;
}

void SceneGraph::Impl::link(uint32_t child, uint32_t newParent) {
    parent[child] = newParent;
    prevSibling[child] = lastChild[newParent];
    nextSibling[child] = kNoSlot;
    if (lastChild[newParent] != kNoSlot)
        nextSibling[lastChild[newParent]] = child;
    else
        firstChild[newParent] = child;
    lastChild[newParent] = child;
}

void SceneGraph::Impl::unlink(uint32_t child) {
    uint32_t p = parent[child];
    if (p == kNoSlot) return;
    uint32_t prev = prevSibling[child], next = nextSibling[child];
    if (prev != kNoSlot)
        nextSibling[prev] = next;
    else
        firstChild[p] = next;
    if (next != kNoSlot)
        prevSibling[next] = prev;
    else
        lastChild[p] = prev;
    parent[child] = prevSibling[child] = nextSibling[child] = kNoSlot;
}

void SceneGraph::Impl::indexName(uint32_t slot) {
    const std::string& n = names[slot];
    if (n.empty()) return;
    auto& bucket = byName[n];
    // New nodes carry the largest sequence number, so this is a push_back except after setName.
    auto pos = std::upper_bound(bucket.begin(), bucket.end(), creationSeq[slot],
                                [this](uint64_t seq, uint32_t s) { return seq < creationSeq[s]; });
    bucket.insert(pos, slot);
}

void SceneGraph::Impl::unindexName(uint32_t slot) {
    const std::string& n = names[slot];
    if (n.empty()) return;
    auto it = byName.find(std::string_view(n));
    TV_ASSERT(it != byName.end(), "named node missing from the name index");
    auto& bucket = it->second;
    auto pos = std::find(bucket.begin(), bucket.end(), slot);
    TV_ASSERT(pos != bucket.end(), "named node missing from its name bucket");
    bucket.erase(pos);
    if (bucket.empty()) byName.erase(it);
}

void SceneGraph::Impl::freeSubtree(uint32_t top) {
    // Stackless pre-order walk; each node's links are read before the node is freed, and freeing does not touch
    // the sibling links of nodes still to be visited.
    uint32_t n = top;
    while (n != kNoSlot) {
        uint32_t next;
        if (firstChild[n] != kNoSlot) {
            next = firstChild[n];
        } else {
            uint32_t up = n;
            while (up != top && nextSibling[up] == kNoSlot) up = parent[up];
            next = (up == top) ? kNoSlot : nextSibling[up];
        }
        // Freeing leaves the link arrays alone (allocSlot resets them on reuse, and no slot is reused during this
        // walk), so the climb above may read the links of ancestors freed earlier in the walk.
        if (rootOfInstance[n] != kNoSlot) releaseInstance(rootOfInstance[n]);
        unindexName(n);
        names[n].clear();
        names[n].shrink_to_fit();
        content[n] = NodeContent{};
        flags[n] = 0; // clears alive and dirty; a stale entry in `dirty` is skipped by the update
        if (++generation[n] == 0) generation[n] = 1;
        freeSlots.push_back(n);
        --liveNodes;
        n = next;
    }
}

void SceneGraph::Impl::releaseInstance(uint32_t instanceSlot) {
    InstanceSlot& inst = instances[instanceSlot];
    if (!inst.alive) return;
    if (valid(inst.root)) rootOfInstance[inst.root.index] = kNoSlot;
    inst.alive = false;
    inst.asset.reset();
    inst.root = {};
    inst.nodeMap.clear();
    if (++inst.generation == 0) inst.generation = 1;
    freeInstances.push_back(instanceSlot);
}

uint32_t SceneGraph::Impl::create(std::string name, uint32_t parentSlot) {
    uint32_t slot = allocSlot();
    names[slot] = std::move(name);
    indexName(slot);
    link(slot, parentSlot);
    markDirty(slot);
    ++structureVersion;
    return slot;
}

// ---- Structure ---------------------------------------------------------------------------------------------------

SceneGraph::SceneGraph() : m(new Impl) {
    uint32_t rootSlot = m->allocSlot();
    TV_ASSERT(rootSlot == 0, "the root must occupy slot 0");
}

SceneGraph::~SceneGraph() { delete m; }

NodeHandle SceneGraph::root() const { return m->handleOf(0); }

NodeHandle SceneGraph::createNode(std::string name, NodeHandle parentNode) {
    uint32_t p = 0;
    if (!parentNode.isNull()) {
        TV_ASSERT(m->valid(parentNode), "createNode: parent handle is stale");
        p = parentNode.index;
    }
    return m->handleOf(m->create(std::move(name), p));
}

void SceneGraph::destroyNode(NodeHandle node) {
    if (!m->valid(node)) return;
    TV_ASSERT(node.index != 0, "destroyNode: the root cannot be destroyed");
    m->unlink(node.index);
    m->freeSubtree(node.index);
    ++m->structureVersion;
}

bool SceneGraph::isValid(NodeHandle node) const { return m->valid(node); }

Expected<void> SceneGraph::setParent(NodeHandle node, NodeHandle newParent) {
    if (!m->valid(node)) return makeError(ErrorCode::InvalidArgument, "setParent: node handle is stale or null");
    if (node.index == 0) return makeError(ErrorCode::InvalidArgument, "setParent: the root cannot be reparented");
    uint32_t p = 0;
    if (!newParent.isNull()) {
        if (!m->valid(newParent)) return makeError(ErrorCode::InvalidArgument, "setParent: new parent is stale");
        p = newParent.index;
    }
    // Walking up from the new parent must not meet the node: that would make the node its own ancestor.
    for (uint32_t s = p; s != kNoSlot; s = m->parent[s])
        if (s == node.index)
            return makeError(ErrorCode::InvalidArgument,
                             format("setParent: '%s' cannot become a child of itself or of its descendant '%s'",
                                    m->names[node.index].c_str(), m->names[p].c_str()));
    if (m->parent[node.index] == p) return {};
    m->unlink(node.index);
    m->link(node.index, p);
    m->markDirty(node.index); // local is kept, so the world matrix changes with the new parent's
    ++m->structureVersion;
    return {};
}

NodeHandle SceneGraph::parent(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "parent: stale node handle");
    uint32_t p = m->parent[node.index];
    return p == kNoSlot ? NodeHandle{} : m->handleOf(p);
}

std::vector<NodeHandle> SceneGraph::children(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "children: stale node handle");
    std::vector<NodeHandle> out;
    for (uint32_t c = m->firstChild[node.index]; c != kNoSlot; c = m->nextSibling[c]) out.push_back(m->handleOf(c));
    return out;
}

size_t SceneGraph::nodeCount() const { return m->liveNodes - 1; }

// ---- Names and lookup --------------------------------------------------------------------------------------------

const std::string& SceneGraph::name(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "name: stale node handle");
    return m->names[node.index];
}

void SceneGraph::setName(NodeHandle node, std::string newName) {
    TV_ASSERT(m->valid(node), "setName: stale node handle");
    if (m->names[node.index] == newName) return;
    m->unindexName(node.index);
    m->names[node.index] = std::move(newName);
    m->indexName(node.index);
    ++m->structureVersion;
}

NodeHandle SceneGraph::findByName(std::string_view n) const {
    if (n.empty()) return {};
    auto it = m->byName.find(n);
    if (it == m->byName.end()) return {};
    return m->handleOf(it->second.front());
}

NodeHandle SceneGraph::findByPath(std::string_view p) const {
    if (p.empty() || p.front() != '/') return {};
    uint32_t cur = 0;
    size_t pos = 1;
    while (pos < p.size()) {
        size_t end = p.find('/', pos);
        if (end == std::string_view::npos) end = p.size();
        std::string_view seg = p.substr(pos, end - pos);
        pos = end + 1;
        if (seg.empty()) continue; // tolerate "//" and a trailing '/'
        uint32_t found = kNoSlot;
        for (uint32_t c = m->firstChild[cur]; c != kNoSlot; c = m->nextSibling[c])
            if (m->names[c] == seg) {
                found = c;
                break;
            }
        if (found == kNoSlot && seg.size() > 1 && seg.front() == '#') {
            // "#<k>": the k-th child, which path() only produces for unnamed nodes.
            uint32_t k = 0;
            auto [ptr, ec] = std::from_chars(seg.data() + 1, seg.data() + seg.size(), k);
            if (ec == std::errc() && ptr == seg.data() + seg.size()) {
                uint32_t c = m->firstChild[cur];
                for (uint32_t i = 0; i < k && c != kNoSlot; ++i) c = m->nextSibling[c];
                if (c != kNoSlot && m->names[c].empty()) found = c;
            }
        }
        if (found == kNoSlot) return {};
        cur = found;
    }
    return m->handleOf(cur);
}

std::string SceneGraph::path(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "path: stale node handle");
    if (node.index == 0) return "/";
    std::vector<std::string> segments; // leaf first
    for (uint32_t s = node.index; s != 0 && s != kNoSlot; s = m->parent[s]) {
        if (!m->names[s].empty()) {
            segments.push_back(m->names[s]);
        } else {
            uint32_t k = 0;
            for (uint32_t c = m->prevSibling[s]; c != kNoSlot; c = m->prevSibling[c]) ++k;
            segments.push_back("#" + std::to_string(k));
        }
    }
    std::string out;
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
        out.push_back('/');
        out += *it;
    }
    return out;
}

// ---- Transform and visibility ------------------------------------------------------------------------------------

void SceneGraph::setLocalTransform(NodeHandle node, const Transform& t) {
    TV_ASSERT(m->valid(node), "setLocalTransform: stale node handle");
    uint32_t s = node.index;
    m->local[s] = t;
    m->localMatrix[s] = t.matrix();
    m->flags[s] &= uint8_t(~kFlagMatrix);
    m->markDirty(s);
}

void SceneGraph::setLocalMatrix(NodeHandle node, const mat4& mat) {
    TV_ASSERT(m->valid(node), "setLocalMatrix: stale node handle");
    uint32_t s = node.index;
    m->localMatrix[s] = mat;
    m->flags[s] |= kFlagMatrix;
    // Keep localTransform() meaningful when the matrix decomposes; a sheared or singular matrix leaves the
    // previous TRS there (the matrix is what renders either way).
    vec3 scale, translation, skew;
    vec4 perspective;
    quat rotation;
    if (glm::decompose(mat, scale, rotation, translation, skew, perspective))
        m->local[s] = Transform{translation, glm::normalize(rotation), scale};
    m->markDirty(s);
}

const Transform& SceneGraph::localTransform(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "localTransform: stale node handle");
    return m->local[node.index];
}

mat4 SceneGraph::localMatrix(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "localMatrix: stale node handle");
    return m->localMatrix[node.index];
}

// The component setters switch a matrix node back to TRS (the stored, decomposed Transform) — what animation of
// such a node would need; glTF forbids animating matrix nodes, so this only matters for feeds and tools.
void SceneGraph::setTranslation(NodeHandle node, const vec3& t) {
    TV_ASSERT(m->valid(node), "setTranslation: stale node handle");
    uint32_t s = node.index;
    m->local[s].translation = t;
    if (m->flags[s] & kFlagMatrix) {
        m->localMatrix[s] = m->local[s].matrix();
        m->flags[s] &= uint8_t(~kFlagMatrix);
    } else {
        m->localMatrix[s][3] = vec4(t, 1.0f); // T*R*S only puts the translation in column 3
    }
    m->markDirty(s);
}

void SceneGraph::setRotation(NodeHandle node, const quat& r) {
    TV_ASSERT(m->valid(node), "setRotation: stale node handle");
    uint32_t s = node.index;
    m->local[s].rotation = r;
    m->localMatrix[s] = m->local[s].matrix();
    m->flags[s] &= uint8_t(~kFlagMatrix);
    m->markDirty(s);
}

void SceneGraph::setScale(NodeHandle node, const vec3& sc) {
    TV_ASSERT(m->valid(node), "setScale: stale node handle");
    uint32_t s = node.index;
    m->local[s].scale = sc;
    m->localMatrix[s] = m->local[s].matrix();
    m->flags[s] &= uint8_t(~kFlagMatrix);
    m->markDirty(s);
}

const mat4& SceneGraph::worldMatrix(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "worldMatrix: stale node handle");
    return m->world[node.index];
}

size_t SceneGraph::updateWorldTransforms() {
    Impl& g = *m;
    // 1. Subtree roots: dirty nodes none of whose ancestors is dirty (those are covered by the ancestor's walk).
    //    Costs O(depth) per edit, which for the shallow hierarchies of plants is a handful of loads.
    g.scratchRoots.clear();
    for (uint32_t s : g.dirty) {
        if ((g.flags[s] & (kFlagAlive | kFlagDirty)) != (kFlagAlive | kFlagDirty)) continue; // destroyed since
        bool ancestorDirty = false;
        for (uint32_t a = g.parent[s]; a != kNoSlot; a = g.parent[a])
            if (g.flags[a] & kFlagDirty) {
                ancestorDirty = true;
                break;
            }
        if (!ancestorDirty) g.scratchRoots.push_back(s);
    }
    g.dirty.clear();

    // 2. Walk each subtree in pre-order (stackless, via the sibling links), recomputing world = parent * local.
    size_t recomputed = 0;
    auto compute = [&g](uint32_t s) {
        uint32_t p = g.parent[s];
        g.world[s] = (p == kNoSlot) ? g.localMatrix[s] : g.world[p] * g.localMatrix[s];
        g.flags[s] &= uint8_t(~kFlagDirty);
    };
    for (uint32_t r : g.scratchRoots) {
        if (!(g.flags[r] & kFlagDirty)) continue; // duplicate entry (slot freed and reused), already done
        compute(r);
        ++recomputed;
        uint32_t n = g.firstChild[r];
        while (n != kNoSlot) {
            compute(n);
            ++recomputed;
            if (g.firstChild[n] != kNoSlot) {
                n = g.firstChild[n];
                continue;
            }
            while (n != r && g.nextSibling[n] == kNoSlot) n = g.parent[n];
            n = (n == r) ? kNoSlot : g.nextSibling[n];
        }
    }
    return recomputed;
}

void SceneGraph::setVisible(NodeHandle node, bool visible) {
    TV_ASSERT(m->valid(node), "setVisible: stale node handle");
    uint8_t& f = m->flags[node.index];
    bool was = f & kFlagVisible;
    if (was == visible) return;
    f = visible ? uint8_t(f | kFlagVisible) : uint8_t(f & ~kFlagVisible);
    ++m->structureVersion;
}

bool SceneGraph::isVisible(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "isVisible: stale node handle");
    return m->flags[node.index] & kFlagVisible;
}

bool SceneGraph::isEffectivelyVisible(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "isEffectivelyVisible: stale node handle");
    return m->isVisibleEffective(node.index);
}

void SceneGraph::collectVisibleNodes(std::vector<NodeHandle>& out) const {
    const Impl& g = *m;
    if (!(g.flags[0] & kFlagVisible)) return;
    uint32_t n = g.firstChild[0];
    while (n != kNoSlot) {
        bool descend = false;
        if (g.flags[n] & kFlagVisible) {
            out.push_back(g.handleOf(n));
            descend = g.firstChild[n] != kNoSlot;
        }
        if (descend) {
            n = g.firstChild[n];
            continue;
        }
        while (n != 0 && g.nextSibling[n] == kNoSlot) n = g.parent[n];
        n = (n == 0) ? kNoSlot : g.nextSibling[n];
    }
}

// ---- Content -----------------------------------------------------------------------------------------------------

void SceneGraph::setMesh(NodeHandle node, MeshRef meshRef) {
    TV_ASSERT(m->valid(node), "setMesh: stale node handle");
    if (meshRef.asset) {
        TV_ASSERT(meshRef.mesh >= 0 && size_t(meshRef.mesh) < meshRef.asset->meshes.size(),
                  "setMesh: mesh index outside the asset");
        TV_ASSERT(meshRef.skin < 0 || size_t(meshRef.skin) < meshRef.asset->skins.size(),
                  "setMesh: skin index outside the asset");
    }
    m->content[node.index].mesh = std::move(meshRef);
    ++m->structureVersion;
}

const MeshRef* SceneGraph::mesh(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "mesh: stale node handle");
    const MeshRef& r = m->content[node.index].mesh;
    return r.asset ? &r : nullptr;
}

void SceneGraph::setMorphWeights(NodeHandle node, std::vector<float> weights) {
    TV_ASSERT(m->valid(node), "setMorphWeights: stale node handle");
    m->content[node.index].morphWeights = std::move(weights);
}

void SceneGraph::assignMorphWeights(NodeHandle node, std::span<const float> weights) {
    TV_ASSERT(m->valid(node), "assignMorphWeights: stale node handle");
    m->content[node.index].morphWeights.assign(weights.begin(), weights.end());
}

const std::vector<float>& SceneGraph::morphWeights(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "morphWeights: stale node handle");
    return m->content[node.index].morphWeights;
}

void SceneGraph::setLight(NodeHandle node, std::optional<Light> l) {
    TV_ASSERT(m->valid(node), "setLight: stale node handle");
    m->content[node.index].light = std::move(l);
    ++m->structureVersion;
}

const Light* SceneGraph::light(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "light: stale node handle");
    const auto& l = m->content[node.index].light;
    return l ? &*l : nullptr;
}

void SceneGraph::setCamera(NodeHandle node, std::optional<Camera> c) {
    TV_ASSERT(m->valid(node), "setCamera: stale node handle");
    m->content[node.index].camera = std::move(c);
    ++m->structureVersion;
}

const Camera* SceneGraph::camera(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "camera: stale node handle");
    const auto& c = m->content[node.index].camera;
    return c ? &*c : nullptr;
}

void SceneGraph::setInstanceTransforms(NodeHandle node, std::vector<Transform> inst) {
    TV_ASSERT(m->valid(node), "setInstanceTransforms: stale node handle");
    m->content[node.index].instances = std::move(inst);
    ++m->structureVersion;
}

const std::vector<Transform>& SceneGraph::instanceTransforms(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "instanceTransforms: stale node handle");
    return m->content[node.index].instances;
}

void SceneGraph::setMaterialOverride(NodeHandle node, const MaterialOverride& o) {
    TV_ASSERT(m->valid(node), "setMaterialOverride: stale node handle");
    m->content[node.index].materialOverride = o;
    ++m->structureVersion;
}

void SceneGraph::clearMaterialOverride(NodeHandle node) {
    TV_ASSERT(m->valid(node), "clearMaterialOverride: stale node handle");
    if (!m->content[node.index].materialOverride) return;
    m->content[node.index].materialOverride.reset();
    ++m->structureVersion;
}

const MaterialOverride* SceneGraph::materialOverride(NodeHandle node) const {
    TV_ASSERT(m->valid(node), "materialOverride: stale node handle");
    const auto& o = m->content[node.index].materialOverride;
    return o ? &*o : nullptr;
}

// ---- Bounds, version, slots --------------------------------------------------------------------------------------

Aabb meshBounds(const Asset& asset, int32_t mesh) {
    Aabb box;
    if (mesh < 0 || size_t(mesh) >= asset.meshes.size()) return box;
    for (const Primitive& p : asset.meshes[size_t(mesh)].primitives) box.extend(p.bounds);
    return box;
}

Aabb skinnedBounds(const Aabb& meshBox, const mat4* jointMatrices, size_t jointCount) {
    Aabb box;
    for (size_t j = 0; j < jointCount; ++j) box.extend(transformAabb(meshBox, jointMatrices[j]));
    return box;
}

Aabb SceneGraph::worldBounds() const {
    std::vector<NodeHandle> visible;
    collectVisibleNodes(visible);
    std::vector<mat4> joints;
    Aabb box;
    for (NodeHandle h : visible) {
        const MeshRef* r = mesh(h);
        if (!r) continue;
        Aabb local = meshBounds(*r->asset, r->mesh);
        if (local.empty()) continue;
        const mat4& w = m->world[h.index];
        if (r->skin >= 0 && isValid(r->instance)) {
            const Skin& skin = r->asset->skins[size_t(r->skin)];
            joints.clear();
            for (size_t j = 0; j < skin.joints.size(); ++j) {
                NodeHandle jn = instanceNode(r->instance, skin.joints[j]);
                joints.push_back((jn ? m->world[jn.index] : w) * skin.inverseBindMatrices[j]);
            }
            box.extend(skinnedBounds(local, joints.data(), joints.size()));
        } else if (const auto& inst = m->content[h.index].instances; !inst.empty()) {
            for (const Transform& t : inst) box.extend(transformAabb(local, w * t.matrix()));
        } else {
            box.extend(transformAabb(local, w));
        }
    }
    return box;
}

uint64_t SceneGraph::structureVersion() const { return m->structureVersion; }

uint32_t SceneGraph::slotCount() const { return static_cast<uint32_t>(m->generation.size()); }
bool SceneGraph::slotAlive(uint32_t index) const { return m->flags[index] & kFlagAlive; }
uint32_t SceneGraph::slotGeneration(uint32_t index) const { return m->generation[index]; }

} // namespace tv::scene
