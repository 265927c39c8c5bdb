// Avatar nodes: creation, colouring and per-frame placement; see avatar_scene.h.
#include "session/avatar_scene.h"

#include "core/assert.h"

#include <glm/gtx/quaternion.hpp>

#include <cmath>

namespace tv::session {

namespace {

float srgbToLinear(float c) { return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

scene::MeshRef meshRef(const scene::AvatarMeshes& meshes, int32_t mesh) {
    scene::MeshRef ref;
    ref.asset = meshes.asset;
    ref.mesh = mesh;
    return ref;
}

Transform poseTransform(const net::PresencePose& pose) {
    Transform t;
    t.translation = pose.position;
    t.rotation = pose.orientation;
    return t;
}

} // namespace

vec3 colourToLinear(uint32_t rgb) {
    return vec3(srgbToLinear(float((rgb >> 16) & 0xff) / 255.0f), srgbToLinear(float((rgb >> 8) & 0xff) / 255.0f),
                srgbToLinear(float(rgb & 0xff) / 255.0f));
}

AvatarScene::AvatarScene(scene::SceneGraph& graph, scene::AvatarMeshes meshes)
    : m_graph(graph), m_meshes(std::move(meshes)) {
    TV_ASSERT(m_meshes.asset != nullptr, "AvatarScene needs the avatar meshes");
    m_root = m_graph.createNode("session-avatars");
}

AvatarScene::~AvatarScene() { m_graph.destroyNode(m_root); }

void AvatarScene::setLocalUser(std::string user) {
    m_localUser = std::move(user);
    auto it = m_avatars.find(m_localUser);
    if (it != m_avatars.end()) {
        m_graph.destroyNode(it->second.group);
        m_avatars.erase(it);
    }
}

AvatarNodes AvatarScene::create(const std::string& user, uint32_t colour) {
    AvatarNodes n;
    n.colour = colour;
    n.group = m_graph.createNode("avatar:" + user, m_root);
    n.head = m_graph.createNode("head", n.group);
    m_graph.setMesh(n.head, meshRef(m_meshes, m_meshes.head));
    n.visor = m_graph.createNode("visor", n.head);
    m_graph.setMesh(n.visor, meshRef(m_meshes, m_meshes.visor));
    n.leftHand = m_graph.createNode("left-hand", n.group);
    m_graph.setMesh(n.leftHand, meshRef(m_meshes, m_meshes.hand));
    n.rightHand = m_graph.createNode("right-hand", n.group);
    m_graph.setMesh(n.rightHand, meshRef(m_meshes, m_meshes.hand));
    n.beam = m_graph.createNode("beam", n.group);
    m_graph.setMesh(n.beam, meshRef(m_meshes, m_meshes.beam));
    n.hitDot = m_graph.createNode("hit", n.group);
    m_graph.setMesh(n.hitDot, meshRef(m_meshes, m_meshes.hitDot));
    paint(n);
    return n;
}

void AvatarScene::paint(const AvatarNodes& n) {
    const vec3 c = colourToLinear(n.colour);
    scene::MaterialOverride body;
    body.baseColor = vec4(c, 1.0f);
    body.emissive = c * 0.15f; // a faint glow keeps a user recognisable in an unlit corner of the plant
    for (scene::NodeHandle node : {n.head, n.leftHand, n.rightHand}) m_graph.setMaterialOverride(node, body);
    scene::MaterialOverride light;
    light.baseColor = vec4(c, 1.0f);
    light.emissive = c;
    for (scene::NodeHandle node : {n.beam, n.hitDot}) m_graph.setMaterialOverride(node, light);
}

void AvatarScene::place(const AvatarNodes& n, const SampledPresence& pose) {
    m_graph.setLocalTransform(n.head, poseTransform(pose.head));

    auto hand = [&](scene::NodeHandle node, const std::optional<net::PresencePose>& p) {
        m_graph.setVisible(node, p.has_value());
        if (p) m_graph.setLocalTransform(node, poseTransform(*p));
    };
    hand(n.leftHand, pose.leftHand);
    hand(n.rightHand, pose.rightHand);

    const bool pointing = pose.pointer.has_value();
    m_graph.setVisible(n.beam, pointing);
    m_graph.setVisible(n.hitDot, pointing && pose.pointer->hit.has_value());
    if (!pointing) return;
    const net::PresencePointer& ptr = *pose.pointer;
    vec3 dir = glm::length(ptr.direction) > 1e-6f ? glm::normalize(ptr.direction) : vec3(0.0f, 0.0f, -1.0f);
    float length = kBeamLength;
    if (ptr.hit) {
        length = glm::length(*ptr.hit - ptr.origin);
        if (length > 1e-4f) dir = (*ptr.hit - ptr.origin) / length; // the beam ends exactly on the dot
        Transform dot;
        dot.translation = *ptr.hit;
        m_graph.setLocalTransform(n.hitDot, dot);
    }
    Transform beam;
    beam.translation = ptr.origin;
    beam.rotation = glm::rotation(vec3(0.0f, 1.0f, 0.0f), dir);
    beam.scale = vec3(1.0f, std::max(length, 1e-4f), 1.0f);
    m_graph.setLocalTransform(n.beam, beam);
}

void AvatarScene::update(std::span<const AvatarInput> peers) {
    // Mark-and-sweep over the listed peers: anything not seen this frame has left.
    std::map<std::string, AvatarNodes, std::less<>> next;
    for (const AvatarInput& in : peers) {
        TV_ASSERT(in.pose != nullptr, "AvatarInput without a pose");
        const std::string& user = in.pose->userId;
        if (user == m_localUser || next.count(user)) continue;
        auto it = m_avatars.find(user);
        AvatarNodes n;
        if (it != m_avatars.end()) {
            n = it->second;
            m_avatars.erase(it);
            if (n.colour != in.colour) {
                n.colour = in.colour;
                paint(n);
            }
        } else {
            n = create(user, in.colour);
        }
        place(n, *in.pose);
        next.emplace(user, n);
    }
    for (auto& [user, n] : m_avatars) m_graph.destroyNode(n.group);
    m_avatars = std::move(next);
}

void AvatarScene::clear() {
    for (auto& [user, n] : m_avatars) m_graph.destroyNode(n.group);
    m_avatars.clear();
}

bool AvatarScene::isAvatarNode(scene::NodeHandle node) const {
    for (int depth = 0; node && m_graph.isValid(node) && depth < 16; ++depth) {
        if (node == m_root) return true;
        node = m_graph.parent(node);
    }
    return false;
}

const AvatarNodes* AvatarScene::nodes(std::string_view user) const {
    auto it = m_avatars.find(user);
    return it == m_avatars.end() ? nullptr : &it->second;
}

} // namespace tv::session
