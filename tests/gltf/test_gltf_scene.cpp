// Scene-level import with exact expected values: node TRS and matrices, hierarchy, scenes, cameras, lights,
// skins, morph targets and weights, animations, EXT_mesh_gpu_instancing, asset identity.
#include "gltf_test_util.h"

#include <gtest/gtest.h>

#include <glm/gtc/epsilon.hpp>

namespace tv::gltf::test {
namespace {

using nlohmann::json;

// A builder pre-filled with one triangle mesh (mesh 0, accessor 0 = positions).
GltfBuilder withTriangle() {
    GltfBuilder b;
    int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0}, kFloat, "VEC3");
    b.addMesh({{"attributes", {{"POSITION", pos}}}});
    return b;
}

scene::AssetPtr importOk(const GltfBuilder& b) {
    auto r = importJson(b.json());
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    if (!r) return nullptr;
    EXPECT_EQ(checkInvariants(**r), "");
    return *r;
}

bool near(const mat4& a, const mat4& b, float eps = 1e-5f) {
    for (int c = 0; c < 4; ++c)
        if (!glm::all(glm::epsilonEqual(a[c], b[c], eps))) return false;
    return true;
}

TEST(GltfScene, NodeTrsAndHierarchy) {
    GltfBuilder b = withTriangle();
    b.addNode({{"name", "root"}, {"children", {1, 2}}, {"translation", {1, 2, 3}}});
    b.addNode({{"name", "a"}, {"mesh", 0}, {"rotation", {0, 0.7071068, 0, 0.7071068}}, {"scale", {2, 2, 2}}});
    b.addNode({{"name", "b"}, {"children", {3}}});
    b.addNode({{"name", "c"}});
    b.addScene({0});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    ASSERT_EQ(a->nodes.size(), 4u);
    EXPECT_EQ(a->nodes[0].name, "root");
    EXPECT_EQ(a->nodes[0].transform.translation, vec3(1, 2, 3));
    EXPECT_EQ(a->nodes[0].children, (std::vector<int32_t>{1, 2}));
    EXPECT_EQ(a->nodes[1].parent, 0);
    EXPECT_EQ(a->nodes[3].parent, 2);
    EXPECT_EQ(a->nodes[0].parent, -1);
    EXPECT_EQ(a->nodes[1].mesh, 0);
    EXPECT_FALSE(a->nodes[1].hasMatrix);
    const quat q = a->nodes[1].transform.rotation; // glTF x,y,z,w -> glm w,x,y,z
    EXPECT_NEAR(q.w, 0.7071068f, 1e-6f);
    EXPECT_NEAR(q.y, 0.7071068f, 1e-6f);
    EXPECT_EQ(a->nodes[1].transform.scale, vec3(2));
    EXPECT_EQ(a->defaultScene, 0);
    EXPECT_EQ(a->scenes[0].roots, (std::vector<int32_t>{0}));
}

TEST(GltfScene, MatrixKeptVerbatimAndDecomposed) {
    const Transform trs{vec3(1, -2, 3), glm::normalize(quat(0.9f, 0.1f, 0.3f, -0.2f)), vec3(2, 3, 4)};
    const mat4 m = trs.matrix();
    GltfBuilder b;
    std::vector<float> flat(glm::value_ptr(m), glm::value_ptr(m) + 16);
    b.addNode({{"matrix", flat}});
    // Negative determinant: representable as a negative X scale.
    const mat4 mirror = glm::scale(mat4(1.0f), vec3(-1, 1, 1));
    b.addNode({{"matrix", std::vector<float>(glm::value_ptr(mirror), glm::value_ptr(mirror) + 16)}});
    // Shear: no TRS reproduces it, the matrix is still kept verbatim.
    mat4 shear(1.0f);
    shear[1][0] = 0.5f;
    b.addNode({{"matrix", std::vector<float>(glm::value_ptr(shear), glm::value_ptr(shear) + 16)}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    const auto& n = a->nodes[0];
    EXPECT_TRUE(n.hasMatrix);
    EXPECT_EQ(n.matrix, m);
    EXPECT_EQ(n.localMatrix(), m);
    EXPECT_TRUE(near(n.transform.matrix(), m));
    EXPECT_NEAR(n.transform.scale.y, 3.0f, 1e-5f);
    EXPECT_TRUE(near(a->nodes[1].transform.matrix(), mirror));
    EXPECT_LT(a->nodes[1].transform.scale.x * a->nodes[1].transform.scale.y * a->nodes[1].transform.scale.z, 0.0f);
    EXPECT_TRUE(a->nodes[2].hasMatrix);
    EXPECT_EQ(a->nodes[2].localMatrix(), shear);
}

TEST(GltfScene, MultipleScenesAndDefault) {
    GltfBuilder b;
    b.addNode({{"name", "x"}});
    b.addNode({{"name", "y"}});
    b.doc["scenes"] = {{{"name", "first"}, {"nodes", {0}}}, {{"name", "second"}, {"nodes", {1, 0}}}};
    b.doc["scene"] = 1;
    auto a = importOk(b);
    ASSERT_TRUE(a);
    ASSERT_EQ(a->scenes.size(), 2u);
    EXPECT_EQ(a->scenes[1].name, "second");
    EXPECT_EQ(a->scenes[1].roots, (std::vector<int32_t>{1, 0}));
    EXPECT_EQ(a->defaultScene, 1);

    b.doc.erase("scene");
    a = importOk(b);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->defaultScene, 0) << "no 'scene': the first";

    b.doc.erase("scenes");
    a = importOk(b);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->defaultScene, -1) << "no scenes at all";
}

TEST(GltfScene, Cameras) {
    GltfBuilder b;
    b.doc["cameras"] = {
        {{"type", "perspective"},
         {"name", "p"},
         {"perspective", {{"yfov", 0.5}, {"znear", 0.1}, {"zfar", 50}, {"aspectRatio", 1.5}}}},
        {{"type", "perspective"}, {"perspective", {{"yfov", 1.0}, {"znear", 0.2}}}},
        {{"type", "orthographic"}, {"orthographic", {{"xmag", 2}, {"ymag", 3}, {"znear", 0}, {"zfar", 10}}}}};
    b.addNode({{"camera", 2}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    ASSERT_EQ(a->cameras.size(), 3u);
    const auto& p = a->cameras[0];
    EXPECT_TRUE(p.perspective);
    EXPECT_EQ(p.name, "p");
    EXPECT_FLOAT_EQ(p.yfov, 0.5f);
    EXPECT_FLOAT_EQ(p.znear, 0.1f);
    EXPECT_FLOAT_EQ(p.zfar, 50.0f);
    EXPECT_FLOAT_EQ(p.aspectRatio, 1.5f);
    EXPECT_EQ(a->cameras[1].zfar, 0.0f) << "infinite";
    EXPECT_EQ(a->cameras[1].aspectRatio, 0.0f) << "viewport's";
    const auto& o = a->cameras[2];
    EXPECT_FALSE(o.perspective);
    EXPECT_EQ(o.xmag, 2.0f);
    EXPECT_EQ(o.ymag, 3.0f);
    EXPECT_EQ(o.zfar, 10.0f);
    EXPECT_EQ(a->nodes[0].camera, 2);
}

TEST(GltfScene, PunctualLightsAttachToNodes) {
    GltfBuilder b;
    b.doc["extensionsUsed"] = {"KHR_lights_punctual"};
    b.doc["extensions"]["KHR_lights_punctual"]["lights"] = {
        {{"type", "directional"}, {"color", {1, 0.5, 0.25}}, {"intensity", 3}},
        {{"type", "point"}, {"range", 7.5}, {"name", "bulb"}},
        {{"type", "spot"}, {"spot", {{"innerConeAngle", 0.2}, {"outerConeAngle", 0.6}}}}};
    b.addNode({{"extensions", {{"KHR_lights_punctual", {{"light", 2}}}}}});
    b.addNode({{"extensions", {{"KHR_lights_punctual", {{"light", 0}}}}}});
    b.addNode(json::object());
    auto a = importOk(b);
    ASSERT_TRUE(a);
    ASSERT_EQ(a->lights.size(), 3u);
    EXPECT_EQ(a->lights[0].type, scene::LightType::Directional);
    EXPECT_EQ(a->lights[0].color, vec3(1, 0.5f, 0.25f));
    EXPECT_EQ(a->lights[0].intensity, 3.0f);
    EXPECT_EQ(a->lights[1].type, scene::LightType::Point);
    EXPECT_EQ(a->lights[1].range, 7.5f);
    EXPECT_EQ(a->lights[1].color, vec3(1));
    EXPECT_EQ(a->lights[1].name, "bulb");
    EXPECT_EQ(a->lights[2].type, scene::LightType::Spot);
    EXPECT_FLOAT_EQ(a->lights[2].innerConeAngle, 0.2f);
    EXPECT_FLOAT_EQ(a->lights[2].outerConeAngle, 0.6f);
    EXPECT_EQ(a->nodes[0].light, 2);
    EXPECT_EQ(a->nodes[1].light, 0);
    EXPECT_EQ(a->nodes[2].light, -1);
}

TEST(GltfScene, SkinsWithAndWithoutInverseBindMatrices) {
    GltfBuilder b = withTriangle();
    const mat4 ibm0 = glm::translate(mat4(1.0f), vec3(0, -1, 0));
    const mat4 ibm1 = glm::scale(mat4(1.0f), vec3(2));
    std::vector<float> ibms(glm::value_ptr(ibm0), glm::value_ptr(ibm0) + 16);
    ibms.insert(ibms.end(), glm::value_ptr(ibm1), glm::value_ptr(ibm1) + 16);
    int ibm = b.addAccessor(ibms, kFloat, "MAT4");
    b.addNode({{"children", {1, 2}}});
    b.addNode(json::object());
    b.addNode(json::object());
    b.addNode({{"mesh", 0}, {"skin", 0}});
    b.doc["skins"] = {{{"joints", {1, 2}}, {"inverseBindMatrices", ibm}, {"skeleton", 0}, {"name", "rig"}},
                      {{"joints", {2}}}};
    auto a = importOk(b);
    ASSERT_TRUE(a);
    ASSERT_EQ(a->skins.size(), 2u);
    EXPECT_EQ(a->skins[0].name, "rig");
    EXPECT_EQ(a->skins[0].joints, (std::vector<int32_t>{1, 2}));
    EXPECT_EQ(a->skins[0].skeleton, 0);
    ASSERT_EQ(a->skins[0].inverseBindMatrices.size(), 2u);
    EXPECT_EQ(a->skins[0].inverseBindMatrices[0], ibm0);
    EXPECT_EQ(a->skins[0].inverseBindMatrices[1], ibm1);
    EXPECT_EQ(a->skins[1].inverseBindMatrices, (std::vector<mat4>{mat4(1.0f)}));
    EXPECT_EQ(a->skins[1].skeleton, -1);
    EXPECT_EQ(a->nodes[3].skin, 0);
}

TEST(GltfScene, MorphTargetsAndWeights) {
    GltfBuilder b;
    int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0}, kFloat, "VEC3");
    int d0 = b.addAccessor(std::vector<float>{0, 0, 1, 0, 0, 1, 0, 0, 1}, kFloat, "VEC3");
    int d1 = b.addAccessorOnView(-1, 0, kFloat, "VEC3", 3); // no bufferView: all zeros
    int n1 = b.addAccessor(std::vector<float>{0, 1, 0, 0, 1, 0, 0, 1, 0}, kFloat, "VEC3");
    b.addMesh(
        {{"attributes", {{"POSITION", pos}}}, {"targets", {{{"POSITION", d0}}, {{"POSITION", d1}, {"NORMAL", n1}}}}});
    b.doc["meshes"][0]["weights"] = {0.25, 0.75};
    b.addNode({{"mesh", 0}, {"weights", {1, 0}}});
    b.addNode({{"mesh", 0}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    const auto& p = a->meshes[0].primitives[0];
    ASSERT_EQ(p.targets.size(), 2u);
    EXPECT_EQ(p.targets[0].positions, (std::vector<vec3>(3, vec3(0, 0, 1))));
    EXPECT_TRUE(p.targets[0].normals.empty());
    EXPECT_EQ(p.targets[1].positions, (std::vector<vec3>(3, vec3(0))));
    EXPECT_EQ(p.targets[1].normals[2], vec3(0, 1, 0));
    EXPECT_EQ(a->meshes[0].weights, (std::vector<float>{0.25f, 0.75f}));
    EXPECT_EQ(a->nodes[0].weights, (std::vector<float>{1.0f, 0.0f}));
    EXPECT_TRUE(a->nodes[1].weights.empty());
}

TEST(GltfScene, AnimationsAllPathsAndInterpolations) {
    GltfBuilder b;
    int pos = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 0, 1, 0}, kFloat, "VEC3");
    int d0 = b.addAccessor(std::vector<float>{0, 0, 1, 0, 0, 1, 0, 0, 1}, kFloat, "VEC3");
    b.addMesh({{"attributes", {{"POSITION", pos}}}, {"targets", {{{"POSITION", d0}}, {{"POSITION", d0}}}}});
    b.addNode({{"mesh", 0}});
    b.addNode(json::object());
    int t2 = b.addAccessor(std::vector<float>{0.0f, 2.0f}, kFloat, "SCALAR");
    int t3 = b.addAccessor(std::vector<float>{0.5f, 1.0f, 4.0f}, kFloat, "SCALAR");
    int trans = b.addAccessor(std::vector<float>{0, 0, 0, 1, 2, 3}, kFloat, "VEC3");
    // Rotation keys as normalized SHORT (allowed for rotations): 32767 -> 1.0.
    int rot = b.addAccessor(std::vector<int16_t>{0, 0, 0, 32767, 0, 32767, 0, 0}, kShort, "VEC4", true);
    std::vector<float> cubic(3 * 3 * 3);
    for (size_t i = 0; i < cubic.size(); ++i) cubic[i] = float(i);
    int scl = b.addAccessor(cubic, kFloat, "VEC3");
    int wts = b.addAccessor(std::vector<float>{1, 0, 0, 1}, kFloat, "SCALAR");
    b.doc["animations"] = {{{"name", "move"},
                            {"samplers",
                             {{{"input", t2}, {"output", trans}},
                              {{"input", t2}, {"output", rot}, {"interpolation", "STEP"}},
                              {{"input", t3}, {"output", scl}, {"interpolation", "CUBICSPLINE"}},
                              {{"input", t2}, {"output", wts}}}},
                            {"channels",
                             {{{"sampler", 0}, {"target", {{"node", 1}, {"path", "translation"}}}},
                              {{"sampler", 1}, {"target", {{"node", 1}, {"path", "rotation"}}}},
                              {{"sampler", 2}, {"target", {{"node", 1}, {"path", "scale"}}}},
                              {{"sampler", 3}, {"target", {{"node", 0}, {"path", "weights"}}}}}}}};
    auto a = importOk(b);
    ASSERT_TRUE(a);
    ASSERT_EQ(a->animations.size(), 1u);
    const auto& an = a->animations[0];
    EXPECT_EQ(an.name, "move");
    EXPECT_EQ(an.duration, 4.0f);
    ASSERT_EQ(an.samplers.size(), 4u);
    ASSERT_EQ(an.channels.size(), 4u);
    EXPECT_EQ(an.samplers[0].times, (std::vector<float>{0.0f, 2.0f}));
    EXPECT_EQ(an.samplers[0].values, (std::vector<float>{0, 0, 0, 1, 2, 3}));
    EXPECT_EQ(an.samplers[0].components, 3u);
    EXPECT_EQ(an.samplers[1].interpolation, scene::Interpolation::Step);
    EXPECT_EQ(an.samplers[1].values, (std::vector<float>{0, 0, 0, 1, 0, 1, 0, 0}));
    EXPECT_EQ(an.samplers[1].components, 4u);
    EXPECT_EQ(an.samplers[2].interpolation, scene::Interpolation::CubicSpline);
    EXPECT_EQ(an.samplers[2].values, cubic);
    EXPECT_EQ(an.samplers[3].components, 2u) << "weights: one value per morph target";
    EXPECT_EQ(an.channels[1].node, 1);
    EXPECT_EQ(an.channels[1].path, scene::AnimationPath::Rotation);
    EXPECT_EQ(an.channels[3].path, scene::AnimationPath::Weights);
    EXPECT_EQ(an.channels[3].node, 0);
}

TEST(GltfScene, GpuInstancing) {
    GltfBuilder b = withTriangle();
    b.doc["extensionsUsed"] = {"EXT_mesh_gpu_instancing"};
    b.doc["extensionsRequired"] = {"EXT_mesh_gpu_instancing"};
    int t = b.addAccessor(std::vector<float>{0, 0, 0, 5, 0, 0, 0, 5, 0}, kFloat, "VEC3");
    int r = b.addAccessor(std::vector<float>{0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1}, kFloat, "VEC4");
    int s = b.addAccessor(std::vector<float>{1, 1, 1, 2, 2, 2, 1, 3, 1}, kFloat, "VEC3");
    b.addNode({{"mesh", 0},
               {"extensions",
                {{"EXT_mesh_gpu_instancing", {{"attributes", {{"TRANSLATION", t}, {"ROTATION", r}, {"SCALE", s}}}}}}}});
    b.addNode({{"mesh", 0}, {"extensions", {{"EXT_mesh_gpu_instancing", {{"attributes", {{"TRANSLATION", t}}}}}}}});
    auto a = importOk(b);
    ASSERT_TRUE(a);
    const auto& inst = a->nodes[0].instances;
    ASSERT_EQ(inst.size(), 3u);
    EXPECT_EQ(inst[1].translation, vec3(5, 0, 0));
    EXPECT_EQ(inst[1].rotation, quat(0, 0, 0, 1)); // glTF (0,0,1,0) = 180 degrees about Z
    EXPECT_EQ(inst[1].scale, vec3(2));
    EXPECT_EQ(inst[2].scale, vec3(1, 3, 1));
    ASSERT_EQ(a->nodes[1].instances.size(), 3u);
    EXPECT_EQ(a->nodes[1].instances[2].translation, vec3(0, 5, 0));
    EXPECT_EQ(a->nodes[1].instances[2].scale, vec3(1));
}

TEST(GltfScene, AssetIdentity) {
    GltfBuilder b = withTriangle();
    auto a1 = importJson(b.json());
    auto a2 = importJson(b.json());
    ASSERT_TRUE(a1);
    ASSERT_TRUE(a2);
    EXPECT_NE((*a1)->id, 0u);
    EXPECT_NE((*a1)->id, (*a2)->id);
    EXPECT_EQ((*a1)->sourcePath, "test.gltf");
}

TEST(GltfScene, GlbWithBinChunk) {
    GltfBuilder b = withTriangle();
    b.addScene({b.addNode({{"mesh", 0}})});
    auto r = importBytes(b.glb());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ((*r)->meshes[0].primitives[0].positions[1], vec3(1, 0, 0));
    EXPECT_EQ(checkInvariants(**r), "");
}

TEST(GltfScene, SupportedExtensionsListed) {
    std::vector<std::string> names(supportedExtensions().begin(), supportedExtensions().end());
    for (const char* e :
         {"KHR_mesh_quantization", "KHR_texture_transform", "KHR_materials_unlit", "KHR_materials_emissive_strength",
          "KHR_materials_ior", "KHR_lights_punctual", "EXT_mesh_gpu_instancing"})
        EXPECT_NE(std::find(names.begin(), names.end(), e), names.end()) << e;
}

TEST(GltfScene, UnknownOptionalExtensionIgnored) {
    GltfBuilder b = withTriangle();
    b.doc["extensionsUsed"] = {"VENDOR_whatever"};
    b.doc["meshes"][0]["extensions"] = {{"VENDOR_whatever", {{"x", 1}}}};
    auto a = importOk(b);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->extensionsUsed, (std::vector<std::string>{"VENDOR_whatever"}));
}

} // namespace
} // namespace tv::gltf::test
