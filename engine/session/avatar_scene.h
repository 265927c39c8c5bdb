// AvatarScene — the other users of a shared session as scene-graph nodes: per peer a head (shell + visor facing
// where they look), a hand for each hand their presence carries (XR), a laser beam from the pointer's origin to its
// hit (or kBeamLength when it hits nothing) and a dot at the hit, all in the user's colour. Every node lives under
// one root node, so the app hides avatars with one setVisible(root()) and keeps them out of picking and ray casts
// with isAvatarNode() (RaycastOptions::accept). The meshes come from scene/avatar_meshes.h, built once and shared.
//
// update() is called once per frame with the peers' sampled poses (PresenceInterpolator::sampleAll): it creates
// the nodes of new peers, moves everyone, shows/hides hands and beams as the records say and destroys the nodes of
// peers that are no longer listed. The local user is never drawn (setLocalUser). Owns its nodes (destroyed with
// it); the SceneGraph must outlive it. Main thread (the scene graph's single writer).
#pragma once

#include "scene/avatar_meshes.h"
#include "scene/scene_graph.h"
#include "session/presence_interpolator.h"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace tv::session {

inline constexpr float kBeamLength = 5.0f; // metres, when the pointer hits nothing

// 0xRRGGBB (sRGB, as members' colours are stored) -> linear RGB, what MaterialOverride takes.
vec3 colourToLinear(uint32_t rgb);

// One peer to draw this frame.
struct AvatarInput {
    const SampledPresence* pose = nullptr; // required
    uint32_t colour = 0xffffff;            // the member's colour, 0xRRGGBB
};

// The nodes of one avatar. All exist while the avatar does; parts the presence does not carry (hands on a desktop,
// the beam when not pointing) are hidden, not destroyed, so they reappear without rebuilding.
struct AvatarNodes {
    scene::NodeHandle group; // per-peer parent of everything below
    scene::NodeHandle head, visor, leftHand, rightHand, beam, hitDot;
    uint32_t colour = 0;
};

class AvatarScene {
public:
    // Creates the root node ("session-avatars") under the graph's root. `meshes` may be shared with AnnotationPins.
    AvatarScene(scene::SceneGraph& graph, scene::AvatarMeshes meshes);
    ~AvatarScene(); // destroys every node it created
    AvatarScene(const AvatarScene&) = delete;
    AvatarScene& operator=(const AvatarScene&) = delete;

    // The local user's id: never given an avatar even when its own presence comes back through the hub.
    void setLocalUser(std::string user);

    // Brings the nodes in line with `peers` (see the header comment). Users listed twice: the first wins.
    void update(std::span<const AvatarInput> peers);
    void clear(); // removes every avatar (e.g. on leaving the session)

    scene::NodeHandle root() const { return m_root; }
    // True for root() and every node below it: what picking must ignore.
    bool isAvatarNode(scene::NodeHandle node) const;

    size_t avatarCount() const { return m_avatars.size(); }
    const AvatarNodes* nodes(std::string_view user) const; // nullptr when the user has no avatar

private:
    AvatarNodes create(const std::string& user, uint32_t colour);
    void paint(const AvatarNodes& nodes);
    void place(const AvatarNodes& nodes, const SampledPresence& pose);

    scene::SceneGraph& m_graph;
    scene::AvatarMeshes m_meshes;
    scene::NodeHandle m_root;
    std::string m_localUser;
    std::map<std::string, AvatarNodes, std::less<>> m_avatars;
};

} // namespace tv::session
