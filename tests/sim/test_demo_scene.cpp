// scenes/demo-plant.json against the simulator: the file parses cleanly, and every entity and property the plant
// publishes (over an hour of simulated time) is declared there with the same type and unit, so every signal of
// the simulator can be bound and inspected.
#include "net/sim/plant_model.h"

#include "net/feed/feed_types.h"
#include "twin/scene_file_parser.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

using namespace tv;
using namespace tv::net;
using namespace tv::net::sim;

namespace {

twin::PropertyType typeOf(ValueType t) {
    switch (t) {
    case ValueType::Bool: return twin::PropertyType::Bool;
    case ValueType::String: return twin::PropertyType::String;
    default: return twin::PropertyType::Number;
    }
}

} // namespace

TEST(DemoScene, DeclaresEverythingTheSimulatorPublishes) {
    auto parsed = twin::loadSceneFile(std::string(TV_SCENES_DIR) + "/demo-plant.json");
    ASSERT_TRUE(parsed.hasValue()) << parsed.error().message;
    EXPECT_TRUE(parsed->warnings.empty()) << parsed->warnings.front();
    const twin::SceneFile& scene = parsed->scene;
    ASSERT_EQ(scene.feeds.size(), 1u);
    EXPECT_EQ(scene.feeds[0].endpoint, "tcp://127.0.0.1:5556");
    EXPECT_GE(scene.viewpoints.size(), 3u);
    // The simulator spawns crates from asset id "part": declared spawn-only, builtin or a file that is there.
    const twin::AssetDecl* part = nullptr;
    for (const twin::AssetDecl& a : scene.assets)
        if (a.id == "part") part = &a;
    ASSERT_NE(part, nullptr);
    EXPECT_TRUE(part->spawnOnly);
    EXPECT_TRUE(part->isBuiltin() || std::filesystem::exists(part->resolvedPath)) << part->resolvedPath;

    PlantModel model(PlantModelOptions{.seed = 11, .startTimeUs = 1});
    std::set<std::string> spawned, checked;
    std::vector<Update> ups;
    for (int tick = 0; tick < 36000; ++tick) {
        ups.clear();
        model.collectUpdates(ups);
        for (const Update& u : ups) {
            std::string entity;
            std::visit(
                [&](const auto& r) {
                    using R = std::decay_t<decltype(r)>;
                    if constexpr (std::is_same_v<R, AlarmRaise>) {
                        entity = r.entity;
                    } else if constexpr (!std::is_same_v<R, AlarmClear> && !std::is_same_v<R, AlarmAck>) {
                        entity = r.entity;
                    }
                },
                u);
            if (auto* s = std::get_if<SpawnEntity>(&u)) spawned.insert(std::string(s->entity));
            if (entity.empty() || spawned.count(entity)) continue;
            const twin::EntityDecl* decl = scene.findEntity(entity);
            ASSERT_NE(decl, nullptr) << "entity " << entity << " is not in demo-plant.json";
            auto* p = std::get_if<PropertyUpdate>(&u);
            if (!p || !checked.insert(entity + "." + std::string(p->property)).second) continue;
            const twin::PropertyDecl* prop = nullptr;
            for (const twin::PropertyDecl& d : decl->properties)
                if (d.name == p->property) prop = &d;
            ASSERT_NE(prop, nullptr) << entity << "." << p->property << " is not declared";
            EXPECT_EQ(prop->type, typeOf(p->value.type)) << entity << "." << p->property;
            std::string unit = OwnedUnit::from(p->unit).display();
            EXPECT_EQ(prop->unit, unit) << entity << "." << p->property;
        }
        model.step(0.1);
    }
    EXPECT_GE(checked.size(), 50u); // every entity.property the plant publishes
    EXPECT_GT(spawned.size(), 100u);
}
