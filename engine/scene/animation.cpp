// glTF animation sampling and playback (see animation.h). The interpolation formulas follow the glTF 2.0
// specification, appendix C: LINEAR lerps (rotations slerp along the shortest arc), STEP holds the previous key,
// CUBICSPLINE evaluates the Hermite spline whose tangents are stored per key and scaled by the key interval.
#include "scene/animation.h"

#include "core/assert.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tv::scene {

namespace {

// Where t falls among the keys: the key k with times[k] <= t < times[k+1] and the fraction u in [0,1) between
// them. Outside [first, last] the sampler clamps: `clamped` then names the single key to use.
struct KeySpan {
    size_t k = 0;
    float u = 0.0f;
    float dt = 0.0f;
    bool clamped = false;
};

KeySpan locate(const AnimationSampler& s, float t) {
    const std::vector<float>& times = s.times;
    TV_ASSERT(!times.empty(), "animation sampler without keys (the importer rejects these)");
    size_t n = times.size();
    if (!(t > times.front())) return {0, 0.0f, 0.0f, true}; // also catches NaN
    if (t >= times.back()) return {n - 1, 0.0f, 0.0f, true};
    // upper_bound: first key strictly after t; n >= 2 here and t < times.back(), so 1 <= it < n.
    size_t k1 = size_t(std::upper_bound(times.begin(), times.end(), t) - times.begin());
    size_t k = k1 - 1;
    float dt = times[k1] - times[k];
    float u = dt > 0.0f ? (t - times[k]) / dt : 0.0f;
    return {k, u, dt, false};
}

// Pointer to component 0 of key k's value (skipping the in-tangent for CUBICSPLINE).
const float* keyValue(const AnimationSampler& s, size_t k) {
    size_t stride = s.interpolation == Interpolation::CubicSpline ? 3 : 1;
    size_t offset = (k * stride + (stride == 3 ? 1 : 0)) * s.components;
    TV_ASSERT(offset + s.components <= s.values.size(), "animation sampler values shorter than its keys");
    return s.values.data() + offset;
}

const float* inTangent(const AnimationSampler& s, size_t k) { return s.values.data() + (k * 3 + 0) * s.components; }
const float* outTangent(const AnimationSampler& s, size_t k) { return s.values.data() + (k * 3 + 2) * s.components; }

// Component-wise sampling for everything except LINEAR rotations (which need slerp).
void sampleComponents(const AnimationSampler& s, const KeySpan& span, float* out, size_t count) {
    TV_ASSERT(count == s.components, "animation sampler component count mismatch");
    if (span.clamped || s.interpolation == Interpolation::Step) {
        const float* v = keyValue(s, span.k);
        std::copy(v, v + count, out);
        return;
    }
    const float* v0 = keyValue(s, span.k);
    const float* v1 = keyValue(s, span.k + 1);
    float u = span.u;
    if (s.interpolation == Interpolation::Linear) {
        for (size_t c = 0; c < count; ++c) out[c] = v0[c] + (v1[c] - v0[c]) * u;
        return;
    }
    // CUBICSPLINE: p(u) = h00 v_k + h10 dt b_k + h01 v_k+1 + h11 dt a_k+1 (b = out-tangent, a = in-tangent).
    const float* b0 = outTangent(s, span.k);
    const float* a1 = inTangent(s, span.k + 1);
    float u2 = u * u, u3 = u2 * u;
    float h00 = 2.0f * u3 - 3.0f * u2 + 1.0f;
    float h10 = u3 - 2.0f * u2 + u;
    float h01 = -2.0f * u3 + 3.0f * u2;
    float h11 = u3 - u2;
    for (size_t c = 0; c < count; ++c)
        out[c] = h00 * v0[c] + h10 * span.dt * b0[c] + h01 * v1[c] + h11 * span.dt * a1[c];
}

quat fromXyzw(const float* v) { return quat(v[3], v[0], v[1], v[2]); }

quat normalizedOrIdentity(quat q) {
    float len = glm::length(q);
    return len > 1e-12f ? q / len : quat(1.0f, 0.0f, 0.0f, 0.0f);
}

// Slerp along the shorter arc (q and -q are the same rotation); falls back to normalized lerp when the two
// rotations are so close that sin(theta) loses precision.
quat slerpShortest(quat a, quat b, float u) {
    float d = glm::dot(a, b);
    if (d < 0.0f) {
        b = -b;
        d = -d;
    }
    if (d > 0.9995f) return normalizedOrIdentity(a + (b - a) * u);
    float theta = std::acos(std::min(d, 1.0f));
    float sinTheta = std::sin(theta);
    float wa = std::sin((1.0f - u) * theta) / sinTheta;
    float wb = std::sin(u * theta) / sinTheta;
    return normalizedOrIdentity(a * wa + b * wb);
}

} // namespace

vec3 sampleVec3(const AnimationSampler& s, float t) {
    std::array<float, 3> v{};
    sampleComponents(s, locate(s, t), v.data(), 3);
    return vec3(v[0], v[1], v[2]);
}

quat sampleQuat(const AnimationSampler& s, float t) {
    TV_ASSERT(s.components == 4, "rotation sampler must have 4 components");
    KeySpan span = locate(s, t);
    if (s.interpolation == Interpolation::Linear && !span.clamped)
        return slerpShortest(fromXyzw(keyValue(s, span.k)), fromXyzw(keyValue(s, span.k + 1)), span.u);
    std::array<float, 4> v{};
    sampleComponents(s, span, v.data(), 4);
    return normalizedOrIdentity(fromXyzw(v.data()));
}

void sampleWeights(const AnimationSampler& s, float t, std::span<float> out) {
    sampleComponents(s, locate(s, t), out.data(), out.size());
}

void applyAnimation(SceneGraph& graph, InstanceHandle instance, int32_t animation, float t) {
    if (!graph.isValid(instance)) return;
    const AssetPtr& asset = graph.instanceAsset(instance);
    TV_ASSERT(animation >= 0 && size_t(animation) < asset->animations.size(), "applyAnimation: no such animation");
    const Animation& anim = asset->animations[size_t(animation)];
    // Scratch for morph weights so steady playback does not allocate (main thread only, like the graph).
    static thread_local std::vector<float> weights;
    for (const AnimationChannel& ch : anim.channels) {
        NodeHandle node = graph.instanceNode(instance, ch.node);
        if (!node) continue; // target outside the instantiated scene
        TV_ASSERT(ch.sampler >= 0 && size_t(ch.sampler) < anim.samplers.size(), "channel sampler out of range");
        const AnimationSampler& s = anim.samplers[size_t(ch.sampler)];
        if (s.times.empty()) continue;
        switch (ch.path) {
        case AnimationPath::Translation: graph.setTranslation(node, sampleVec3(s, t)); break;
        case AnimationPath::Rotation: graph.setRotation(node, sampleQuat(s, t)); break;
        case AnimationPath::Scale: graph.setScale(node, sampleVec3(s, t)); break;
        case AnimationPath::Weights:
            weights.resize(s.components);
            sampleWeights(s, t, weights);
            graph.assignMorphWeights(node, weights);
            break;
        }
    }
}

// ---- AnimationPlayer ---------------------------------------------------------------------------------------------

void AnimationPlayer::play(InstanceHandle instance, int32_t animation, bool loop, float speed) {
    for (Track& tr : m_tracks) {
        if (tr.instance == instance && tr.animation == animation) {
            tr = Track{instance, animation, loop, speed, 0.0f}; // restart
            return;
        }
    }
    m_tracks.push_back(Track{instance, animation, loop, speed, 0.0f});
}

void AnimationPlayer::stop(InstanceHandle instance) {
    std::erase_if(m_tracks, [instance](const Track& tr) { return tr.instance == instance; });
}

void AnimationPlayer::stopAll() { m_tracks.clear(); }

void AnimationPlayer::update(SceneGraph& graph, float dt) {
    for (size_t i = 0; i < m_tracks.size();) {
        Track& tr = m_tracks[i];
        const AssetPtr& asset = graph.instanceAsset(tr.instance); // null once the instance is gone
        if (!asset || tr.animation < 0 || size_t(tr.animation) >= asset->animations.size()) {
            m_tracks.erase(m_tracks.begin() + std::ptrdiff_t(i));
            continue;
        }
        float duration = asset->animations[size_t(tr.animation)].duration;
        tr.time += dt * tr.speed;
        bool finished = false;
        if (duration <= 0.0f) {
            tr.time = 0.0f; // a single pose: apply it, nothing to advance
            finished = !tr.loop;
        } else if (tr.loop) {
            // Keep the clock wrapped so float precision does not decay over hours of playback.
            tr.time = std::fmod(tr.time, duration);
            if (tr.time < 0.0f) tr.time += duration; // negative speed plays backwards
        } else if (tr.time >= duration || tr.time <= 0.0f) {
            finished = (tr.speed >= 0.0f) ? tr.time >= duration : tr.time <= 0.0f;
            tr.time = std::clamp(tr.time, 0.0f, duration);
        }
        applyAnimation(graph, tr.instance, tr.animation, tr.time);
        if (finished)
            m_tracks.erase(m_tracks.begin() + std::ptrdiff_t(i)); // holds its last pose
        else
            ++i;
    }
}

} // namespace tv::scene
