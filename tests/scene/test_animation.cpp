// Animation samplers against hand-computed values (glTF 2.0 appendix C), applyAnimation, AnimationPlayer.
#include "scene/animation.h"

#include "test_util.h"

#include <gtest/gtest.h>

namespace tv::scene {
namespace {

using test::vecNear;

AnimationSampler vec3Sampler(Interpolation interp, std::vector<float> times, std::vector<float> values) {
    AnimationSampler s;
    s.interpolation = interp;
    s.times = std::move(times);
    s.values = std::move(values);
    s.components = 3;
    return s;
}

AnimationSampler quatSampler(Interpolation interp, std::vector<float> times, std::vector<quat> keys) {
    AnimationSampler s;
    s.interpolation = interp;
    s.times = std::move(times);
    for (const quat& q : keys) s.values.insert(s.values.end(), {q.x, q.y, q.z, q.w}); // glTF order x,y,z,w
    s.components = 4;
    return s;
}

// Same rotation (q and -q are equal rotations).
::testing::AssertionResult sameRotation(const quat& a, const quat& b, float eps = 1e-4f) {
    float d = std::abs(glm::dot(a, b));
    if (std::abs(glm::length(a) - 1.0f) > eps) return ::testing::AssertionFailure() << "not normalized";
    if (d > 1.0f - eps) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "|dot| = " << d << " a=(" << a.w << "," << a.x << "," << a.y << "," << a.z
                                         << ") b=(" << b.w << "," << b.x << "," << b.y << "," << b.z << ")";
}

quat aroundY(float degrees) { return glm::angleAxis(glm::radians(degrees), vec3(0, 1, 0)); }

TEST(AnimationSampler, LinearVec3AndClamping) {
    auto s = vec3Sampler(Interpolation::Linear, {0, 1, 3}, {0, 0, 0, 10, 20, 30, 30, 20, 10});
    EXPECT_TRUE(vecNear(sampleVec3(s, 0.5f), vec3(5, 10, 15)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 1.0f), vec3(10, 20, 30)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 2.0f), vec3(20, 20, 20)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 2.5f), vec3(25, 20, 15)));
    EXPECT_TRUE(vecNear(sampleVec3(s, -1.0f), vec3(0, 0, 0))); // before the first key
    EXPECT_TRUE(vecNear(sampleVec3(s, 3.0f), vec3(30, 20, 10)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 100.0f), vec3(30, 20, 10))); // after the last key
}

TEST(AnimationSampler, FirstKeyAfterZeroClamps) {
    auto s = vec3Sampler(Interpolation::Linear, {1, 2}, {1, 1, 1, 3, 3, 3});
    EXPECT_TRUE(vecNear(sampleVec3(s, 0.0f), vec3(1)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 1.25f), vec3(1.5f)));
}

TEST(AnimationSampler, SingleKey) {
    auto s = vec3Sampler(Interpolation::Linear, {0.5f}, {7, 8, 9});
    EXPECT_TRUE(vecNear(sampleVec3(s, 0.0f), vec3(7, 8, 9)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 2.0f), vec3(7, 8, 9)));
}

TEST(AnimationSampler, Step) {
    auto s = vec3Sampler(Interpolation::Step, {0, 1, 3}, {0, 0, 0, 10, 20, 30, 30, 20, 10});
    EXPECT_TRUE(vecNear(sampleVec3(s, 0.99f), vec3(0, 0, 0)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 1.0f), vec3(10, 20, 30)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 2.99f), vec3(10, 20, 30)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 3.5f), vec3(30, 20, 10)));
}

TEST(AnimationSampler, BinarySearchOverManyKeys) {
    AnimationSampler s;
    s.components = 3;
    for (int i = 0; i < 1000; ++i) {
        s.times.push_back(float(i) * 0.1f);
        s.values.insert(s.values.end(), {float(i), float(i * 2), 0.0f});
    }
    EXPECT_TRUE(vecNear(sampleVec3(s, 12.35f), vec3(123.5f, 247.0f, 0.0f), 2e-3f));
    EXPECT_TRUE(vecNear(sampleVec3(s, 99.9f), vec3(999.0f, 1998.0f, 0.0f), 2e-3f));
}

TEST(AnimationSampler, CubicSplineVec3UsesTangentsScaledByInterval) {
    // keys t=0: in (9,9,9) value (0,0,0) out (1,0,0);  t=2: in (0,3,0) value (4,0,0) out (9,9,9)
    auto s =
        vec3Sampler(Interpolation::CubicSpline, {0, 2}, {9, 9, 9, 0, 0, 0, 1, 0, 0, /**/ 0, 3, 0, 4, 0, 0, 9, 9, 9});
    // u = 0.5, dt = 2: h00 = .5, h10 = .125, h01 = .5, h11 = -.125
    //   p = .125*2*(1,0,0) + .5*(4,0,0) - .125*2*(0,3,0) = (2.25, -0.75, 0)
    EXPECT_TRUE(vecNear(sampleVec3(s, 1.0f), vec3(2.25f, -0.75f, 0.0f)));
    // u = .25: h10 = .140625, h01 = .15625, h11 = -.046875
    //   p = (.140625*2 + .15625*4, -.046875*2*3, 0) = (0.90625, -0.28125, 0)
    EXPECT_TRUE(vecNear(sampleVec3(s, 0.5f), vec3(0.90625f, -0.28125f, 0.0f)));
    // Keys are hit exactly and the in/out tangents of the outer keys do not leak into clamping.
    EXPECT_TRUE(vecNear(sampleVec3(s, 0.0f), vec3(0.0f)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 2.0f), vec3(4, 0, 0)));
    EXPECT_TRUE(vecNear(sampleVec3(s, -3.0f), vec3(0.0f)));
    EXPECT_TRUE(vecNear(sampleVec3(s, 5.0f), vec3(4, 0, 0)));
}

TEST(AnimationSampler, LinearQuaternionSlerp) {
    auto s = quatSampler(Interpolation::Linear, {0, 1}, {quat(1, 0, 0, 0), aroundY(90)});
    EXPECT_TRUE(sameRotation(sampleQuat(s, 0.5f), aroundY(45)));
    EXPECT_TRUE(sameRotation(sampleQuat(s, 0.25f), aroundY(22.5f)));
    EXPECT_TRUE(sameRotation(sampleQuat(s, 0.0f), quat(1, 0, 0, 0)));
    EXPECT_TRUE(sameRotation(sampleQuat(s, 1.5f), aroundY(90)));
}

TEST(AnimationSampler, QuaternionShortestPath) {
    // The second key is stored with the opposite sign: still 90 degrees, the midpoint must be 45, not 135.
    auto s = quatSampler(Interpolation::Linear, {0, 1}, {quat(1, 0, 0, 0), -aroundY(90)});
    EXPECT_TRUE(sameRotation(sampleQuat(s, 0.5f), aroundY(45)));
    // 0 -> 190 degrees: the short way round is -170 degrees, so the midpoint is -85.
    auto t = quatSampler(Interpolation::Linear, {0, 1}, {quat(1, 0, 0, 0), aroundY(190)});
    EXPECT_TRUE(sameRotation(sampleQuat(t, 0.5f), aroundY(-85)));
    // Nearly identical keys take the nlerp branch and still come out normalized.
    auto n = quatSampler(Interpolation::Linear, {0, 1}, {aroundY(10), aroundY(10.01f)});
    EXPECT_TRUE(sameRotation(sampleQuat(n, 0.5f), aroundY(10.005f)));
}

TEST(AnimationSampler, StepAndCubicQuaternion) {
    auto step = quatSampler(Interpolation::Step, {0, 1}, {quat(1, 0, 0, 0), aroundY(90)});
    EXPECT_TRUE(sameRotation(sampleQuat(step, 0.9f), quat(1, 0, 0, 0)));
    EXPECT_TRUE(sameRotation(sampleQuat(step, 1.0f), aroundY(90)));
    // CUBICSPLINE with zero tangents from identity to 180 about Y: at u = .5 the raw result is (0,.5,0,.5),
    // which normalizes to 90 degrees about Y.
    AnimationSampler c;
    c.interpolation = Interpolation::CubicSpline;
    c.components = 4;
    c.times = {0, 1};
    c.values = {0, 0, 0, 0, /*v*/ 0, 0, 0, 1, /*out*/ 0, 0, 0, 0, /*in*/ 0, 0, 0, 0, /*v*/ 0, 1, 0, 0, 0, 0, 0, 0};
    EXPECT_TRUE(sameRotation(sampleQuat(c, 0.5f), aroundY(90)));
    // Unnormalized storage is normalized on output.
    AnimationSampler big = quatSampler(Interpolation::Step, {0}, {quat(2, 0, 0, 0)});
    EXPECT_TRUE(sameRotation(sampleQuat(big, 0.0f), quat(1, 0, 0, 0)));
}

TEST(AnimationSampler, Weights) {
    AnimationSampler s;
    s.components = 2;
    s.times = {0, 1};
    s.values = {0.0f, 1.0f, 1.0f, 0.0f};
    float out[2];
    sampleWeights(s, 0.25f, out);
    EXPECT_FLOAT_EQ(out[0], 0.25f);
    EXPECT_FLOAT_EQ(out[1], 0.75f);
    s.interpolation = Interpolation::Step;
    sampleWeights(s, 0.75f, out);
    EXPECT_FLOAT_EQ(out[0], 0.0f);
    EXPECT_FLOAT_EQ(out[1], 1.0f);
    // CUBICSPLINE weights: tangents scaled by dt = 1; value 0 -> 1 with out-tangent 2 on component 0.
    AnimationSampler c;
    c.interpolation = Interpolation::CubicSpline;
    c.components = 2;
    c.times = {0, 1};
    c.values = {0, 0, /*v*/ 0, 0, /*out*/ 2, 0, /*in*/ 0, 0, /*v*/ 1, 1, 0, 0};
    sampleWeights(c, 0.5f, out);
    EXPECT_FLOAT_EQ(out[0], 0.125f * 2.0f + 0.5f); // h10*dt*b0 + h01*v1
    EXPECT_FLOAT_EQ(out[1], 0.5f);
}

// Asset from test_util plus one animation: translation of "arm", rotation of "tip", weights of "tip",
// and a channel on node 6, which is not in the default scene.
std::shared_ptr<Asset> makeAnimatedAsset() {
    auto a = test::makeSmallAsset();
    a->meshes[0].weights = {0.0f, 0.0f};
    Animation anim;
    anim.name = "wave";
    anim.samplers.push_back(vec3Sampler(Interpolation::Linear, {0, 2}, {0, 1, 0, 4, 1, 0}));
    anim.samplers.push_back(quatSampler(Interpolation::Linear, {0, 2}, {quat(1, 0, 0, 0), aroundY(90)}));
    AnimationSampler w;
    w.components = 2;
    w.times = {0, 2};
    w.values = {0, 1, 1, 0};
    anim.samplers.push_back(w);
    anim.channels.push_back(AnimationChannel{1, AnimationPath::Translation, 0});
    anim.channels.push_back(AnimationChannel{2, AnimationPath::Rotation, 1});
    anim.channels.push_back(AnimationChannel{2, AnimationPath::Weights, 2});
    anim.channels.push_back(AnimationChannel{6, AnimationPath::Translation, 0});
    anim.duration = 2.0f;
    a->animations.push_back(anim);
    Animation still;
    still.name = "still";
    still.samplers.push_back(vec3Sampler(Interpolation::Linear, {0}, {0, 0, 7}));
    still.channels.push_back(AnimationChannel{0, AnimationPath::Scale, 0});
    still.duration = 0.0f;
    a->animations.push_back(still);
    return a;
}

TEST(Animation, ApplyWritesLocalTrsAndWeights) {
    SceneGraph g;
    auto asset = makeAnimatedAsset();
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "r");
    NodeHandle arm = g.instanceNode(inst, 1), tip = g.instanceNode(inst, 2);
    g.updateWorldTransforms();
    applyAnimation(g, inst, 0, 1.0f);
    EXPECT_TRUE(vecNear(g.localTransform(arm).translation, vec3(2, 1, 0)));
    EXPECT_TRUE(sameRotation(g.localTransform(tip).rotation, aroundY(45)));
    EXPECT_TRUE(vecNear(g.localTransform(tip).translation, vec3(1, 0, 0))); // untouched component
    ASSERT_EQ(g.morphWeights(tip).size(), 2u);
    EXPECT_FLOAT_EQ(g.morphWeights(tip)[0], 0.5f);
    EXPECT_FLOAT_EQ(g.morphWeights(tip)[1], 0.5f);
    // The edit goes through the dirty path: arm and tip are recomputed.
    EXPECT_EQ(g.updateWorldTransforms(), 2u);
    mat4 expected = glm::translate(mat4(1.0f), vec3(2, 1, 0)) * glm::translate(mat4(1.0f), vec3(1, 0, 0)) *
                    glm::mat4_cast(aroundY(45));
    EXPECT_TRUE(test::matNear(g.worldMatrix(tip), expected));
}

TEST(AnimationPlayer, LoopsWithFmod) {
    SceneGraph g;
    auto asset = makeAnimatedAsset();
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "r");
    NodeHandle arm = g.instanceNode(inst, 1);
    AnimationPlayer player;
    player.play(inst, 0);
    EXPECT_EQ(player.playingCount(), 1u);
    for (int i = 0; i < 5; ++i) player.update(g, 0.5f); // t = 2.5 -> 0.5
    EXPECT_TRUE(vecNear(g.localTransform(arm).translation, vec3(1, 1, 0)));
    player.update(g, 4.0f * 100.0f + 0.25f); // many loops later: t = 0.75
    EXPECT_TRUE(vecNear(g.localTransform(arm).translation, vec3(1.5f, 1, 0), 1e-3f));
    // play() again restarts the same track rather than adding one.
    player.play(inst, 0, true, 2.0f);
    EXPECT_EQ(player.playingCount(), 1u);
    player.update(g, 0.5f); // speed 2: t = 1
    EXPECT_TRUE(vecNear(g.localTransform(arm).translation, vec3(2, 1, 0)));
}

TEST(AnimationPlayer, NonLoopingStopsAtTheEndAndHoldsThePose) {
    SceneGraph g;
    auto asset = makeAnimatedAsset();
    InstanceHandle inst = *g.instantiate(asset, -1, {}, "r");
    AnimationPlayer player;
    player.play(inst, 0, false);
    player.update(g, 1.5f);
    EXPECT_EQ(player.playingCount(), 1u);
    player.update(g, 1.0f);
    EXPECT_EQ(player.playingCount(), 0u);
    EXPECT_TRUE(vecNear(g.localTransform(g.instanceNode(inst, 1)).translation, vec3(4, 1, 0)));
}

TEST(AnimationPlayer, ZeroDurationAndDestroyedInstances) {
    SceneGraph g;
    auto asset = makeAnimatedAsset();
    InstanceHandle a = *g.instantiate(asset, -1, {}, "a");
    InstanceHandle b = *g.instantiate(asset, -1, {}, "b");
    AnimationPlayer player;
    player.play(a, 1); // duration 0, looping: applies its single pose, no NaN from fmod
    player.play(b, 0);
    player.play(b, 1);
    player.update(g, 0.1f);
    EXPECT_TRUE(vecNear(g.localTransform(g.instanceNode(a, 0)).scale, vec3(0, 0, 7)));
    EXPECT_EQ(player.playingCount(), 3u);
    g.destroyInstance(b);
    player.update(g, 0.1f);
    EXPECT_EQ(player.playingCount(), 1u);
    player.stop(a);
    EXPECT_EQ(player.playingCount(), 0u);
    player.play(a, 0);
    player.play(a, 1, false);
    player.update(g, 0.1f);
    EXPECT_EQ(player.playingCount(), 1u); // the zero-length one-shot finished
    player.stopAll();
    EXPECT_EQ(player.playingCount(), 0u);
}

} // namespace
} // namespace tv::scene
