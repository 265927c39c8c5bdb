#include "app/viewer_scene.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace tv;

TEST(ViewerScene, LoadsTheDemoTwinWhenNoFileIsGiven) {
    app::ViewerScene s;
    app::Options o;
    ASSERT_TRUE(s.load(o));
    EXPECT_EQ(s.displayName(), "Demo process plant");
    EXPECT_TRUE(s.isBundledDemo());
    ASSERT_NE(s.sceneFile(), nullptr);
    // Every entity of the embedded scene file resolved to a node of the plant.
    ASSERT_EQ(s.resolved().entityNodes.size(), s.sceneFile()->entities.size());
    for (scene::NodeHandle n : s.resolved().entityNodes) EXPECT_TRUE(s.graph().isValid(n));
    // Spawn-only assets are resolvable but not placed.
    auto part = s.assetResolver()("part");
    ASSERT_TRUE(part) << part.error().message;
    EXPECT_GT(s.graph().nodeCount(), 10u);
    EXPECT_FALSE(s.extract().draws.empty());
    EXPECT_FALSE(s.extract().bounds.empty());
    EXPECT_GT(s.triangleCount(), 1000u);
}

TEST(ViewerScene, BuiltinDemoIsThePlantWithoutATwin) {
    app::ViewerScene s;
    app::Options o;
    o.file = "builtin:demo";
    ASSERT_TRUE(s.load(o));
    EXPECT_EQ(s.displayName(), "demo plant");
    EXPECT_EQ(s.sceneFile(), nullptr);
    EXPECT_FALSE(s.isBundledDemo());
}

TEST(ViewerScene, SceneFileWithGeneratedAssetFilesLoads) {
    // A twin scene file whose assets are the project's generated .glb files (what a user's own twin looks like).
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "tv-viewer-scene";
    std::filesystem::create_directories(dir);
    const std::string assets = std::string(TV_SOURCE_DIR) + "/assets/";
    std::ofstream(dir / "site.json") << R"({"version": 1, "name": "site",
      "assets": [{"id": "plant", "source": ")"
                                     << assets << R"(plant.glb"},
                 {"id": "crate", "source": ")"
                                     << assets << R"(part.glb", "spawnOnly": true}],
      "entities": [{"id": "tank-1", "node": "plant:/plant/tank-1"}],
      "viewpoints": [{"name": "start", "eye": [10, 8, 10], "target": [0, 0, 0]}]})";
    app::ViewerScene s;
    app::Options o;
    o.file = (dir / "site.json").string();
    auto loaded = s.load(o);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(s.displayName(), "site");
    EXPECT_TRUE(s.graph().isValid(s.resolved().node(*s.sceneFile(), "tank-1")));
    EXPECT_TRUE(s.assetResolver()("crate"));
    EXPECT_FALSE(s.assetResolver()("missing.glb")); // a spawn naming a file that is not there: an error, cached
    // The scene file's first viewpoint is the starting camera.
    auto cam = s.initialCamera(o, 16.0f / 9.0f);
    EXPECT_NEAR(cam.eye.x, 10.0f, 1e-4f);
    EXPECT_NEAR(cam.target.y, 0.0f, 1e-4f);
}

TEST(ViewerScene, SceneFileErrorsNameFileLineAndField) {
    const std::filesystem::path file = std::filesystem::temp_directory_path() / "tv-bad-scene.json";
    std::ofstream(file) << "{\"version\": 1,\n \"assets\": [{\"id\": \"a\", \"source\": \"nope.glb\"}]}";
    app::ViewerScene s;
    app::Options o;
    o.file = file.string();
    auto r = s.load(o);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(file.string() + ":2:"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("no such file"), std::string::npos) << r.error().message;
}

TEST(ViewerScene, RejectsUnknownFileTypesAndMissingFiles) {
    app::ViewerScene s;
    app::Options o;
    o.file = "plant.obj";
    auto r = s.load(o);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find(".obj"), std::string::npos);
    o.file = "/nonexistent/plant.glb";
    app::ViewerScene s2;
    auto r2 = s2.load(o);
    ASSERT_FALSE(r2);
    EXPECT_EQ(r2.error().message, "no such file");
}

TEST(ViewerScene, CameraArgumentWinsAndDepthRangeEnclosesScene) {
    app::ViewerScene s;
    app::Options o;
    ASSERT_TRUE(s.load(o));
    o.camera = app::CameraArg{vec3(30, 20, 30), vec3(0, 0, 0), 50.0f};
    auto cam = s.initialCamera(o, 16.0f / 9.0f);
    EXPECT_EQ(cam.eye, vec3(30, 20, 30));
    EXPECT_NEAR(cam.yfov, glm::radians(50.0f), 1e-6);
    EXPECT_GT(cam.zfar, glm::distance(cam.eye, s.extract().bounds.center()));
}

TEST(ViewerScene, AutomaticFramingLooksAtTheBoundsCentre) {
    app::ViewerScene s;
    app::Options o;
    ASSERT_TRUE(s.load(o));
    auto cam = s.initialCamera(o, 1.0f);
    EXPECT_NEAR(glm::distance(cam.target, s.extract().bounds.center()), 0.0f, 1e-4);
}
