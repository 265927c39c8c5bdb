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
    // Floats are written as typed: 0.8 stays 0.8, not 0.800000011920929.
    EXPECT_NE(written.find("[\n            1.0,\n            0.8,\n            0.0\n          ]"), std::string::npos)
        << written;
    EXPECT_EQ(written.find("0.800000011920929"), std::string::npos);

    const SceneFile& a = first->scene;
    const SceneFile& b = second->scene;
    ASSERT_EQ(a.bindings.size(), b.bindings.size());
    for (size_t i = 0; i < a.bindings.size(); ++i) {
        EXPECT_EQ(a.bindings[i].entity, b.bindings[i].entity);
        EXPECT_EQ(a.bindings[i].spec.index(), b.bindings[i].spec.index());
    }
    const auto& ra = std::get<ColorRampBinding>(a.bindings[0].spec);
    const auto& rb = std::get<ColorRampBinding>(b.bindings[0].spec);
    ASSERT_EQ(ra.stops.size(), rb.stops.size());
    for (size_t i = 0; i < ra.stops.size(); ++i) {
        EXPECT_EQ(ra.stops[i].value, rb.stops[i].value);
        EXPECT_EQ(ra.stops[i].color, rb.stops[i].color);
    }
    EXPECT_EQ(std::get<ThresholdBinding>(b.bindings[2].spec).message, "{entity} over temperature: {value:.1f} {unit}");
    EXPECT_EQ(b.entities.size(), a.entities.size());
    EXPECT_EQ(b.entities[5].node.toString(), "plant:/plant/conveyor/part-1");
    EXPECT_EQ(b.feeds[0].commandEndpoint, a.feeds[0].commandEndpoint);
    EXPECT_EQ(b.kpis[0].expression, a.kpis[0].expression);
    ASSERT_EQ(b.viewpoints.size(), 3u);
    EXPECT_EQ(b.viewpoints.all()[1].name, "tank farm");
    EXPECT_EQ(b.viewpoints.all()[1].camera.eye, a.viewpoints.all()[1].camera.eye);
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
    ASSERT_EQ(reread->scene.viewpoints.size(), 4u);
    const interact::Viewpoint* vp = reread->scene.viewpoints.find("pump room");
    ASSERT_NE(vp, nullptr);
    EXPECT_EQ(vp->camera.eye, vec3(3, 4, 5));
    std::filesystem::remove_all(dir);

    auto bad = saveSceneFile(s, "/nonexistent/dir/x.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::Io);
}
