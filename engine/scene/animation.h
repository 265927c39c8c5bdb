// glTF animation sampling (LINEAR with quaternion slerp, STEP, CUBICSPLINE with Hermite tangents) and playback
// onto asset instances in a SceneGraph. Main thread (it writes the graph).
#pragma once

#include "scene/asset.h"
#include "scene/scene_graph.h"

#include <span>
#include <vector>

namespace tv::scene {

// Pure samplers (unit-tested against hand-computed values). Times outside [first, last] clamp.
vec3 sampleVec3(const AnimationSampler& s, float t);
quat sampleQuat(const AnimationSampler& s, float t);                          // normalized; input values are x,y,z,w
void sampleWeights(const AnimationSampler& s, float t, std::span<float> out); // out.size() == s.components

// Applies animation `animation` of the instance's asset at time t (seconds, not wrapped) to the instance's nodes:
// local TRS and morph weights. Channels targeting nodes outside the instantiated scene are skipped.
void applyAnimation(SceneGraph& graph, InstanceHandle instance, int32_t animation, float t);

// Keeps a clock per playing (instance, animation) and applies them each frame.
class AnimationPlayer {
public:
    void play(InstanceHandle instance, int32_t animation, bool loop = true, float speed = 1.0f);
    void stop(InstanceHandle instance); // stops every animation of that instance (nodes keep their last pose)
    void stopAll();
    // Advances clocks by dt seconds and applies every playing animation; drops entries of destroyed instances.
    void update(SceneGraph& graph, float dt);
    size_t playingCount() const { return m_tracks.size(); }

private:
    struct Track {
        InstanceHandle instance;
        int32_t animation = 0;
        bool loop = true;
        float speed = 1.0f;
        float time = 0.0f;
    };
    std::vector<Track> m_tracks;
};

} // namespace tv::scene
