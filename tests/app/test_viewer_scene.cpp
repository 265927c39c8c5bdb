#include "app/viewer_scene.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace tv;

TEST(ViewerScene, LoadsTheDemoPlantWhenNoFileIsGiven) {
    app::ViewerScene s;
    app::Options o;
    ASSERT_TRUE(s.load(o));
    EXPECT_EQ(s.displayName(), "demo plant");
    EXPECT_GT(s.graph().nodeCount(), 10u);
    EXPECT_FALSE(s.extract().draws.empty());
    EXPECT_FALSE(s.extract().bounds.empty());
    EXPECT_GT(s.triangleCount(), 1000u);
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
