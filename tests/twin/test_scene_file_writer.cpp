// Writer: SceneFile -> JSON -> SceneFile gives the same model; saving viewpoints back into a file.
#include "twin/scene_file_parser.h"
#include "twin/scene_file_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tv;
using namespace tv::twin;

TEST(SceneFileWriter, RoundTripIsStable) {
    auto first = loadSceneFile(std::string(TV_SCENES_DIR) + "/demo-plant.json");
    ASSERT_TRUE(first) << first.error().message;
    std::string written = sceneFileToString(first->scene);
    auto second = parseSceneFile(written, "written.json");
    ASSERT_TRUE(second) << second.error().message << "\n" << written;
    EXPECT_TRUE(second->warnings.empty());
    // Same model: written again it produces identical text, and the original text's JSON agrees field by field
    // where the writer adds nothing (bindings carry explicit defaults after writing, so compare those via model).
    EXPECT_EQ(sceneFileToString(second->scene), written);
    // (Floats written as typed, 0.8 not 0.800000011920929: test_scene_file_round_trip.cpp.)

    // Field by field where the writer adds nothing (the demo file changes with the demo: compare generically).
    const SceneFile& a = first->scene;
    const SceneFile& b = second->scene;
    ASSERT_EQ(a.bindings.size(), b.bindings.size());
    for (size_t i = 0; i < a.bindings.size(); ++i) {
        EXPECT_EQ(a.bindings[i].entity, b.bindings[i].entity);
        EXPECT_EQ(a.bindings[i].property, b.bindings[i].property);
        EXPECT_EQ(a.bindings[i].spec.index(), b.bindings[i].spec.index());
        const auto* ra = std::get_if<ColorRampBinding>(&a.bindings[i].spec);
        const auto* rb = std::get_if<ColorRampBinding>(&b.bindings[i].spec);
        if (!ra || !rb) continue;
        ASSERT_EQ(ra->stops.size(), rb->stops.size());
        for (size_t k = 0; k < ra->stops.size(); ++k) {
            EXPECT_EQ(ra->stops[k].value, rb->stops[k].value);
            EXPECT_EQ(ra->stops[k].color, rb->stops[k].color);
        }
    }
    ASSERT_EQ(b.entities.size(), a.entities.size());
    for (size_t i = 0; i < a.entities.size(); ++i)
        EXPECT_EQ(b.entities[i].node.toString(), a.entities[i].node.toString());
    ASSERT_EQ(b.feeds.size(), a.feeds.size());
    for (size_t i = 0; i < a.feeds.size(); ++i) EXPECT_EQ(b.feeds[i].commandEndpoint, a.feeds[i].commandEndpoint);
    ASSERT_EQ(b.kpis.size(), a.kpis.size());
    for (size_t i = 0; i < a.kpis.size(); ++i) EXPECT_EQ(b.kpis[i].expression, a.kpis[i].expression);
    ASSERT_EQ(b.viewpoints.size(), a.viewpoints.size());
    for (size_t i = 0; i < a.viewpoints.size(); ++i) {
        EXPECT_EQ(b.viewpoints.all()[i].name, a.viewpoints.all()[i].name);
        EXPECT_EQ(b.viewpoints.all()[i].camera.eye, a.viewpoints.all()[i].camera.eye);
    }
}

TEST(SceneFileWriter, WritesEveryKindInTheParsedShape) {
    SceneFile s;
    s.name = "kinds";
    AssetDecl asset;
    asset.id = "a";
    asset.source = "builtin:stress";
    asset.name = "a";
    s.assets.push_back(asset);
    EntityDecl e;
    e.id = "e";
    e.node = {"a", "/x"};
    e.properties = {{"n", PropertyType::Number, "rpm", 0.0, 10.0}, {"s", PropertyType::String, "", {}, {}}};
    s.entities.push_back(e);
    MotionBinding fan;
    fan.kind = MotionBinding::Kind::Rotate;
    fan.axis = vec3(0, 0, 1);
    fan.rate = 6.0;
    s.bindings.push_back({"e", "n", fan, {}});
    s.bindings.push_back({"e", "s", VisibilityBinding{Condition{Condition::Op::NotEquals, std::string("off")}}, {}});
    ThresholdBinding th;
    th.above = false;
    th.limit = 2.0;
    th.severity = Severity::Critical;
    s.bindings.push_back({"e", "n", th, {}});
    s.feeds.push_back({"f", "ipc:///tmp/twin", "", "", 2.5});
    s.kpis.push_back({"k", "e.n * 2", "", std::nullopt});

    nlohmann::ordered_json j = sceneFileToJson(s);
    EXPECT_EQ(j.begin().key(), "version"); // schema order, not alphabetical
    EXPECT_EQ(j["bindings"][0].begin().key(), "entity");
    EXPECT_EQ(j["version"], 1);
    EXPECT_EQ(j["bindings"][0]["kind"], "rotate");
    EXPECT_EQ(j["bindings"][0]["rate"], 6.0);
    EXPECT_FALSE(j["bindings"][0].contains("minValue"));
    EXPECT_EQ(j["bindings"][1]["when"]["notEquals"], "off");
    EXPECT_EQ(j["bindings"][2]["below"], 2.0);
    EXPECT_EQ(j["bindings"][2]["severity"], "critical");
    EXPECT_EQ(j["entities"][0]["properties"]["n"]["unit"], "rpm");
    EXPECT_FALSE(j["feeds"][0].contains("snapshotEndpoint"));
    EXPECT_FALSE(j["kpis"][0].contains("target"));

    auto back = parseSceneFile(j.dump(), "");
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(sceneFileToJson(back->scene), j);
}

TEST(SceneFileWriter, SavesViewpointsBackIntoTheFile) {
    auto loaded = loadSceneFile(std::string(TV_SCENES_DIR) + "/demo-plant.json");
    ASSERT_TRUE(loaded) << loaded.error().message;
    SceneFile s = loaded->scene;
    scene::ViewCamera cam;
    cam.eye = vec3(3, 4, 5);
    cam.target = vec3(0, 1, 0);
    s.viewpoints.save("pump room", cam);

    std::filesystem::path dir = std::filesystem::temp_directory_path() / "tv_test_twin_save";
    std::filesystem::create_directories(dir);
    std::string path = (dir / "saved.json").string();
    auto saved = saveSceneFile(s, path);
    ASSERT_TRUE(saved) << saved.error().message;
    EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
    auto reread = loadSceneFile(path);
    ASSERT_TRUE(reread) << reread.error().message;
    ASSERT_EQ(reread->scene.viewpoints.size(), loaded->scene.viewpoints.size() + 1);
    const interact::Viewpoint* vp = reread->scene.viewpoints.find("pump room");
    ASSERT_NE(vp, nullptr);
    EXPECT_EQ(vp->camera.eye, vec3(3, 4, 5));
    std::filesystem::remove_all(dir);

    auto bad = saveSceneFile(s, "/nonexistent/dir/x.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::Io);
}
