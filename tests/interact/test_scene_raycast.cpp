// SceneRaycaster: picking the right node at the right point and normal, instancing, filters, skinned draws, and
// agreement with brute force on a generated scene.
#include "interact/scene_raycast.h"
#include "scene/scene_generators.h"
#include "test_scenes.h"

#include <gtest/gtest.h>

#include <random>

namespace tv::interact {
namespace {

using test::vecNear;

TEST(SceneRaycast, PicksExpectedNodePointAndNormal) {
    test::TestWorld w(test::makeBoxesAsset({
        {"near", vec3(0, 0, 0), vec3(1, 1, 1)},
        {"far", vec3(0, 0, -10), vec3(2, 2, 2)},
        {"side", vec3(10, 0, 0), vec3(1, 2, 3)},
    }));
    SceneRaycaster rc;
    rc.build(w.extract);
    EXPECT_EQ(rc.targetCount(), 3u);

    auto h = rc.cast(Ray{vec3(0.3f, 0.2f, 10), vec3(0, 0, -1)});
    ASSERT_TRUE(h);
    EXPECT_EQ(h->node, w.node("near"));
    EXPECT_TRUE(vecNear(h->position, vec3(0.3f, 0.2f, 1)));
    EXPECT_TRUE(vecNear(h->normal, vec3(0, 0, 1)));
    EXPECT_NEAR(h->distance, 9.0f, 1e-5f);
    EXPECT_TRUE(h->frontFace);

    // Past the small box's silhouette the ray reaches the far one.
    h = rc.cast(Ray{vec3(1.5f, 0, 10), vec3(0, 0, -1)});
    ASSERT_TRUE(h);
    EXPECT_EQ(h->node, w.node("far"));
    EXPECT_TRUE(vecNear(h->position, vec3(1.5f, 0, -8)));

    // From the side, hitting the -X face of "side": normal points back at the ray.
    h = rc.cast(Ray{vec3(0, 1.5f, 0), vec3(1, 0, 0)}, RaycastOptions{});
    ASSERT_TRUE(h);
    EXPECT_EQ(h->node, w.node("side"));
    EXPECT_TRUE(vecNear(h->position, vec3(9, 1.5f, 0)));
    EXPECT_TRUE(vecNear(h->normal, vec3(-1, 0, 0)));

    // Rays that miss everything, or whose maxDistance falls short.
    EXPECT_FALSE(rc.cast(Ray{vec3(0, 10, 0), vec3(0, 1, 0)}));
    RaycastOptions shortRange;
    shortRange.maxDistance = 8.0f;
    EXPECT_FALSE(rc.cast(Ray{vec3(0.3f, 0.2f, 10), vec3(0, 0, -1)}, shortRange));
}

TEST(SceneRaycast, FromInsideReportsBackFaceWithNormalTowardsRay) {
    test::TestWorld w(test::makeBoxesAsset({{"room", vec3(0), vec3(5)}}));
    SceneRaycaster rc;
    rc.build(w.extract);
    auto h = rc.cast(Ray{vec3(0), vec3(0, -1, 0)});
    ASSERT_TRUE(h);
    EXPECT_FALSE(h->frontFace);
    EXPECT_TRUE(vecNear(h->normal, vec3(0, 1, 0)));
    EXPECT_TRUE(vecNear(h->position, vec3(0, -5, 0)));
}

TEST(SceneRaycast, AcceptFilterSkipsNodes) {
    test::TestWorld w(test::makeBoxesAsset({{"front", vec3(0), vec3(1)}, {"back", vec3(0, 0, -5), vec3(1)}}));
    SceneRaycaster rc;
    rc.build(w.extract);
    scene::NodeHandle front = w.node("front");
    RaycastOptions opt;
    opt.accept = [&](scene::NodeHandle n) { return n != front; };
    auto h = rc.cast(Ray{vec3(0, 0, 10), vec3(0, 0, -1)}, opt);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->node, w.node("back"));
    EXPECT_NEAR(h->distance, 14.0f, 1e-4f);
}

TEST(SceneRaycast, UsesWorldMatricesRotationScaleAndMirror) {
    test::TestWorld w(test::makeBoxesAsset({{"box", vec3(0), vec3(1)}}));
    scene::NodeHandle box = w.node("box");
    Transform t;
    t.translation = vec3(0, 3, 0);
    t.rotation = glm::angleAxis(glm::radians(45.0f), vec3(0, 1, 0));
    t.scale = vec3(2, -1, 1); // mirrored: winding flips; the reported normal must still be right
    w.graph.setLocalTransform(box, t);
    w.refresh();
    SceneRaycaster rc;
    rc.build(w.extract);
    auto h = rc.cast(Ray{vec3(0, 10, 0), vec3(0, -1, 0)});
    ASSERT_TRUE(h);
    EXPECT_TRUE(vecNear(h->position, vec3(0, 4, 0)));
    EXPECT_TRUE(vecNear(h->normal, vec3(0, 1, 0)));
    EXPECT_TRUE(h->frontFace);
    // Along the rotated X axis the box reaches 2 (scale) * 1 (half) from the centre.
    vec3 axis = t.rotation * vec3(1, 0, 0);
    auto side = rc.cast(Ray{vec3(0, 3, 0) + axis * 10.0f, -axis});
    ASSERT_TRUE(side);
    EXPECT_NEAR(side->distance, 8.0f, 1e-4f);
    EXPECT_TRUE(vecNear(side->normal, axis));
}

TEST(SceneRaycast, GpuInstancesAreHitIndividually) {
    test::TestWorld w(test::makeBoxesAsset({{"rack", vec3(0), vec3(0.5f)}}));
    scene::NodeHandle rack = w.node("rack");
    std::vector<Transform> inst(3);
    inst[0].translation = vec3(-5, 0, 0);
    inst[1].translation = vec3(0, 0, 0);
    inst[2].translation = vec3(5, 0, 0);
    w.graph.setInstanceTransforms(rack, inst);
    w.refresh();
    SceneRaycaster rc;
    rc.build(w.extract);
    EXPECT_EQ(rc.targetCount(), 3u);
    for (uint32_t i = 0; i < 3; ++i) {
        auto h = rc.cast(Ray{vec3(-5.0f + 5.0f * float(i), 0, 10), vec3(0, 0, -1)});
        ASSERT_TRUE(h);
        EXPECT_EQ(h->node, rack);
        EXPECT_EQ(h->instance, i);
        EXPECT_NEAR(h->distance, 9.5f, 1e-5f);
    }
    EXPECT_FALSE(rc.cast(Ray{vec3(2.5f, 0, 10), vec3(0, 0, -1)}));
}

TEST(SceneRaycast, SkinnedDrawsAreSkipped) {
    scene::AssetBuilder b;
    scene::MeshBuilder mb;
    int32_t mesh = b.mesh("skinned", {mb.box(mat4(1.0f), vec3(1)).finish()});
    int32_t joint = b.node("joint", -1);
    int32_t body = b.node("body", -1, {}, mesh);
    b.asset().skins.push_back(scene::Skin{"skin", {joint}, {mat4(1.0f)}, -1});
    b.asset().nodes[size_t(body)].skin = 0;
    test::TestWorld w(b.finish("generated:skinned"));
    ASSERT_EQ(w.extract.draws.size(), 1u);
    ASSERT_GT(w.extract.draws[0].jointCount, 0u);
    SceneRaycaster rc;
    rc.build(w.extract);
    EXPECT_EQ(rc.targetCount(), 0u);
    EXPECT_FALSE(rc.cast(Ray{vec3(0, 0, 10), vec3(0, 0, -1)}));
    EXPECT_FALSE(raycastBruteForce(w.extract, Ray{vec3(0, 0, 10), vec3(0, 0, -1)}));
}

TEST(SceneRaycast, SharesCachedBvhsAcrossBuilds) {
    scene::AssetPtr stress = scene::makeStressScene(500, 50000, 3);
    test::TestWorld w(stress);
    MeshBvhCache cache;
    SceneRaycaster rc(&cache);
    rc.build(w.extract);
    EXPECT_EQ(cache.builds(), stress->meshes.size()); // 6 shared meshes, ~450 draws
    rc.build(w.extract);
    EXPECT_EQ(cache.builds(), stress->meshes.size());
    EXPECT_EQ(rc.targetCount(), w.extract.draws.size());
}

TEST(SceneRaycast, AgreesWithBruteForceOnStressScene) {
    test::TestWorld w(scene::makeStressScene(400, 40000, 5));
    SceneRaycaster rc;
    rc.build(w.extract);
    Aabb b = w.extract.bounds;
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    auto inBox = [&](float lift) {
        vec3 e = b.extent();
        return b.min + vec3(u(rng) * e.x, u(rng) * e.y + lift, u(rng) * e.z);
    };
    int hits = 0;
    for (int i = 0; i < 300; ++i) {
        vec3 origin = inBox(10.0f);
        vec3 target = inBox(0.0f);
        Ray ray{origin, glm::normalize(target - origin)};
        auto fast = rc.cast(ray);
        auto slow = raycastBruteForce(w.extract, ray);
        ASSERT_EQ(bool(fast), bool(slow)) << "ray " << i;
        if (!fast) continue;
        ++hits;
        EXPECT_NEAR(fast->distance, slow->distance, 1e-3f) << "ray " << i;
        EXPECT_TRUE(vecNear(fast->position, slow->position, 1e-3f));
        if (std::abs(fast->distance - slow->distance) < 1e-5f) { EXPECT_EQ(fast->node, slow->node); }
    }
    EXPECT_GT(hits, 100);
}

} // namespace
} // namespace tv::interact
