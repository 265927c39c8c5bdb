// XrPointerScene — what a headset user sees of their own hands and pointing: a hand shape at each tracked
// controller, a laser beam from each aiming hand to what it hits (with a dot on the hit, or a fixed length into
// the distance), the teleport arc while a thumbstick is pushed forward (cyan on a valid floor target, red when the
// arc ends nowhere or on a wall) and a ring where the user would land. Built from the same shared meshes as the
// session avatars (scene/avatar_meshes.h) so the renderer uploads nothing new; every node lives under one root
// ("xr-pointers") so the app keeps them out of picking (isPointerNode) and they never occlude the hit they point at.
//
// update() takes plain world-space poses and points each frame (the XR interaction logic computes them; this class
// only draws), and `scale` thickens beams and dots with the user's world scale (a user grown 10x for a tabletop
// review still sees a laser). Owns its nodes; the SceneGraph must outlive it. Main thread. Vulkan- and OpenXR-free.
#pragma once

#include "core/math.h"
#include "scene/avatar_meshes.h"
#include "scene/scene_graph.h"

#include <array>
#include <optional>
#include <span>
#include <vector>

namespace tv::session {

struct XrPointerPose {
    vec3 position{0.0f};
    quat orientation{1.0f, 0.0f, 0.0f, 0.0f};
};

struct XrBeam {
    vec3 origin{0.0f};
    vec3 end{0.0f};   // where the beam stops: the hit, the panel, or a fixed length ahead
    bool hit = false; // a dot is drawn at `end`
};

// One frame of the local user's pointers, world space. Index 0 = left hand, 1 = right hand.
struct XrPointerFrame {
    std::array<std::optional<XrPointerPose>, 2> hands; // tracked grips
    std::array<std::optional<XrBeam>, 2> beams;        // aiming hands
    std::vector<vec3> arc;                             // teleport arc polyline (empty: not aiming to teleport)
    bool arcValid = false;                             // the arc ends on a floor the user may stand on
    std::optional<vec3> target;                        // the landing point when valid
    // The selected node's world box, drawn as 12 orange edges: the desktop's selection outline is a screen-space
    // pass the stereo renderer does not run, and a box reads well at any distance in a headset.
    std::optional<Aabb> selection;
    float scale = 1.0f; // world metres per tracked metre (the rig's scale)
};

inline constexpr size_t kXrMaxArcSegments = 48;

class XrPointerScene {
public:
    XrPointerScene(scene::SceneGraph& graph, scene::AvatarMeshes meshes, uint32_t colour = 0x4cc3ff);
    ~XrPointerScene();
    XrPointerScene(const XrPointerScene&) = delete;
    XrPointerScene& operator=(const XrPointerScene&) = delete;

    void update(const XrPointerFrame& frame);
    void hideAll();

    scene::NodeHandle root() const { return m_root; }
    bool isPointerNode(scene::NodeHandle node) const;
    // For tests: the number of arc segments drawn now, and whether a node is visible.
    size_t visibleArcSegments() const;
    scene::NodeHandle hand(int i) const { return m_hands[i]; }
    scene::NodeHandle beam(int i) const { return m_beams[i]; }
    scene::NodeHandle hitDot(int i) const { return m_dots[i]; }
    scene::NodeHandle targetRing() const { return m_target; }
    bool selectionBoxVisible() const;

private:
    void placeSegment(scene::NodeHandle node, vec3 from, vec3 to, float thickness);

    scene::SceneGraph& m_graph;
    scene::AvatarMeshes m_meshes;
    scene::NodeHandle m_root;
    std::array<scene::NodeHandle, 2> m_hands, m_beams, m_dots;
    std::vector<scene::NodeHandle> m_arc; // kXrMaxArcSegments beam nodes, shown as needed
    scene::NodeHandle m_target;
    std::array<scene::NodeHandle, 12> m_box; // the selection box's edges
    size_t m_arcShown = 0;
    scene::MaterialOverride m_valid, m_invalid;
};

} // namespace tv::session
