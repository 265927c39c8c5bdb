// AnnotationPins — the session's annotations as pins in the scene: one node per annotation, its tip on the anchor,
// its stem along the surface normal; open annotations in a strong colour, resolved ones muted, the selected one
// highlighted (brighter glow, slightly larger). sync() diffs the list by id and updatedUs, so a frame in which
// nothing changed touches no node and an edit touches only that pin. pick() finds the pin under a ray (the app
// casts the cursor ray; pins are small, so they are tested against a slightly enlarged ball and stem rather than
// their triangles). All nodes live under root(), which picking of the plant must skip (isPinNode).
//
// Owns its nodes (destroyed with it); the SceneGraph must outlive it. Main thread (the scene graph's writer).
#pragma once

#include "interact/ray.h"
#include "net/session/session_types.h"
#include "scene/avatar_meshes.h"
#include "scene/scene_graph.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>

namespace tv::session {

inline constexpr vec3 kPinOpenColour{0.90f, 0.18f, 0.06f};     // linear RGB: a strong red-orange
inline constexpr vec3 kPinResolvedColour{0.22f, 0.30f, 0.24f}; // muted grey-green
inline constexpr vec3 kPinSelectedGlow{1.0f, 0.75f, 0.15f};    // emissive added to the selected pin
inline constexpr float kPinSelectedScale = 1.35f;
inline constexpr float kPinPickSlack = 1.6f; // pick radii are this many times the drawn ball / stem radii

// Where a pin's ball is for an annotation (its label goes here): the anchor moved along the normal.
vec3 pinHeadPosition(const vec3& anchor, const vec3& normal);
vec3 pinHeadPosition(const net::Annotation& annotation);

struct PinSyncStats {
    size_t created = 0;
    size_t updated = 0; // text/state/anchor changed: rebuilt
    size_t removed = 0;
    size_t unchanged = 0;
};

class AnnotationPins {
public:
    // Creates the root node ("session-annotations") under the graph's root.
    AnnotationPins(scene::SceneGraph& graph, scene::AvatarMeshes meshes);
    ~AnnotationPins();
    AnnotationPins(const AnnotationPins&) = delete;
    AnnotationPins& operator=(const AnnotationPins&) = delete;

    // Makes the pins match `annotations` (the session's full current list). Cheap when nothing changed.
    PinSyncStats sync(std::span<const net::Annotation> annotations);
    // Highlights one pin (0 = none). Unknown ids highlight nothing until a pin with that id appears.
    void setSelected(uint64_t id);
    uint64_t selected() const { return m_selected; }

    // The nearest pin the ray passes through (ball or stem), or nullopt. Hidden pins (root hidden) still pick:
    // the caller decides whether pins are interactive.
    std::optional<uint64_t> pick(const interact::Ray& ray, float maxDistance = 1e30f) const;

    scene::NodeHandle root() const { return m_root; }
    bool isPinNode(scene::NodeHandle node) const; // root() or below: what picking the plant must ignore
    scene::NodeHandle node(uint64_t id) const;    // null when there is no pin for `id`
    size_t pinCount() const { return m_pins.size(); }

private:
    struct Pin {
        scene::NodeHandle node;
        uint64_t updatedUs = 0;
        vec3 anchor{0.0f};
        vec3 normal{0.0f, 1.0f, 0.0f};
        bool resolved = false;
    };
    void apply(const Pin& pin, uint64_t id);

    scene::SceneGraph& m_graph;
    scene::AvatarMeshes m_meshes;
    scene::NodeHandle m_root;
    std::map<uint64_t, Pin> m_pins;
    uint64_t m_selected = 0;
};

} // namespace tv::session
