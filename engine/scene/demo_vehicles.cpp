// The spawnable assets — a conveyor part, a forklift, an AGV — and makeBuiltinAsset(), the name -> generator table
// scene files reach with "builtin:<name>".
//
// The AGV repeats demo_plant.cpp's AGV geometry and materials on purpose (that file's output is frozen by golden
// images); tests/gltf/test_generated_assets.cpp checks the two stay identical.
#include "scene/scene_generators.h"

#include "scene/asset_builder.h"
#include "scene/mesh_builder.h"

#include <glm/gtx/quaternion.hpp>

#include <array>
#include <string>

namespace tv::scene {

namespace {

// Matrix placing a +Y-aligned shape (cylinder) at `from`, pointing along `dir`.
mat4 alongAxis(const vec3& from, const vec3& dir) {
    return translation(from) * glm::mat4_cast(glm::rotation(vec3(0.0f, 1.0f, 0.0f), glm::normalize(dir)));
}

// A wheel centred on its node's origin, axle along Z.
Primitive wheelPrimitive(int32_t material, float radius, float width, uint32_t segments) {
    return MeshBuilder(material)
        .cylinder(alongAxis(vec3(0, 0, -width * 0.5f), vec3(0, 0, 1)), radius, width, segments)
        .finish();
}

} // namespace

AssetPtr makeConveyorPart() {
    AssetBuilder b;
    // The plant's part colour; straps make the crate read as a crate and show its orientation when it turns.
    int32_t orange = b.material("part-orange", vec4(0.85f, 0.28f, 0.05f, 1.0f), 0.0f, 0.55f);
    int32_t strap = b.material("strap-black", vec4(0.04f, 0.04f, 0.05f, 1.0f), 0.0f, 0.75f);
    const vec3 half(0.25f, 0.17f, 0.2f);
    Primitive crate = MeshBuilder(orange).box(translation(vec3(0, half.y, 0)), half).finish();
    MeshBuilder straps(strap);
    for (float x : {-0.15f, 0.15f})
        straps.box(translation(vec3(x, half.y, 0)), vec3(0.025f, half.y + 0.004f, half.z + 0.004f));
    b.node("part", -1, {}, b.mesh("part", {std::move(crate), straps.finish()}));
    return b.finish("generated:part");
}

AssetPtr makeForklift() {
    AssetBuilder b;
    int32_t paint = b.material("forklift-orange", vec4(0.80f, 0.22f, 0.03f, 1.0f), 0.0f, 0.45f);
    int32_t counterweight = b.material("painted-steel-grey", vec4(0.22f, 0.25f, 0.29f, 1.0f), 0.0f, 0.60f);
    int32_t steel = b.material("fork-steel", vec4(0.30f, 0.30f, 0.32f, 1.0f), 1.0f, 0.50f);
    int32_t rubber = b.material("black-rubber", vec4(0.03f, 0.03f, 0.03f, 1.0f), 0.0f, 0.85f);
    int32_t seat = b.material("seat-black", vec4(0.05f, 0.05f, 0.06f, 1.0f), 0.0f, 0.90f);

    int32_t root = b.node("forklift", -1);

    // Body: chassis and cowl, counterweight at the rear, seat, steering wheel and the overhead guard over the seat.
    MeshBuilder chassis(paint);
    chassis.box(translation(vec3(0.0f, 0.5f, 0)), vec3(0.9f, 0.25f, 0.5f));
    chassis.box(translation(vec3(0.55f, 0.95f, 0)), vec3(0.25f, 0.2f, 0.45f)); // cowl in front of the seat
    MeshBuilder rear(counterweight);
    rear.box(translation(vec3(-0.8f, 0.65f, 0)), vec3(0.25f, 0.4f, 0.52f));
    MeshBuilder guard(steel);
    for (float x : {0.55f, -0.6f})
        for (float z : {-0.45f, 0.45f}) guard.box(translation(vec3(x, 1.5f, z)), vec3(0.03f, 0.7f, 0.03f));
    guard.box(translation(vec3(-0.025f, 2.2f, 0)), vec3(0.61f, 0.025f, 0.5f));
    guard.cylinder(alongAxis(vec3(0.4f, 1.15f, 0), vec3(-0.6f, 1.0f, 0)), 0.02f, 0.25f, 8); // steering column
    MeshBuilder cab(seat);
    cab.box(translation(vec3(-0.2f, 0.85f, 0)), vec3(0.22f, 0.1f, 0.25f));
    cab.box(translation(vec3(-0.42f, 1.1f, 0)), vec3(0.04f, 0.25f, 0.25f));
    cab.torus(glm::translate(mat4(1.0f), vec3(0.28f, 1.38f, 0)) *
                  glm::mat4_cast(glm::angleAxis(glm::radians(30.0f), vec3(0, 0, 1))),
              0.16f, 0.02f, 24, 8);
    b.node("body", root, {}, b.mesh("forklift-body", {chassis.finish(), rear.finish(), guard.finish(), cab.finish()}));

    // Mast in front of the front axle; the forks are its child so one translation lifts them.
    MeshBuilder mast(counterweight);
    for (float z : {-0.35f, 0.35f}) mast.box(translation(vec3(0, 1.2f, z)), vec3(0.04f, 1.1f, 0.05f));
    mast.box(translation(vec3(0, 2.26f, 0)), vec3(0.04f, 0.04f, 0.4f));
    mast.box(translation(vec3(0, 0.18f, 0)), vec3(0.04f, 0.04f, 0.4f));
    int32_t mastNode = b.node("mast", root, at(vec3(0.98f, 0, 0)), b.mesh("forklift-mast", {mast.finish()}));
    MeshBuilder forks(steel);
    forks.box(translation(vec3(0.07f, 0.3f, 0)), vec3(0.025f, 0.3f, 0.42f)); // carriage plate
    for (float z : {-0.22f, 0.22f}) {
        forks.box(translation(vec3(0.65f, 0.02f, z)), vec3(0.55f, 0.02f, 0.05f)); // tine
        forks.box(translation(vec3(0.12f, 0.3f, z)), vec3(0.02f, 0.3f, 0.05f));   // shank
    }
    b.node("forks", mastNode, at(vec3(0, 0.1f, 0)), b.mesh("forklift-forks", {forks.finish()}));

    // Drive wheels at the front, smaller steer wheels at the rear.
    int32_t front = b.mesh("forklift-wheel-front", {wheelPrimitive(rubber, 0.3f, 0.22f, 28)});
    int32_t back = b.mesh("forklift-wheel-rear", {wheelPrimitive(rubber, 0.23f, 0.18f, 24)});
    b.node("wheel-1", root, at(vec3(0.6f, 0.3f, -0.5f)), front);
    b.node("wheel-2", root, at(vec3(0.6f, 0.3f, 0.5f)), front);
    b.node("wheel-3", root, at(vec3(-0.6f, 0.23f, -0.48f)), back);
    b.node("wheel-4", root, at(vec3(-0.6f, 0.23f, 0.48f)), back);
    return b.finish("generated:forklift");
}

AssetPtr makeAgv() {
    AssetBuilder b;
    // demo_plant.cpp's materials for the AGV, with the same names and factors.
    int32_t yellow = b.material("safety-yellow", vec4(0.90f, 0.60f, 0.02f, 1.0f), 0.0f, 0.50f);
    int32_t deckGrey = b.material("agv-deck-grey", vec4(0.12f, 0.12f, 0.13f, 1.0f), 0.0f, 0.70f);
    int32_t rubber = b.material("black-rubber", vec4(0.03f, 0.03f, 0.03f, 1.0f), 0.0f, 0.85f);

    MeshBuilder body(yellow);
    body.box(translation(vec3(0, 0.32f, 0)), vec3(0.8f, 0.18f, 0.5f));
    MeshBuilder deck(deckGrey);
    deck.box(translation(vec3(0, 0.53f, 0)), vec3(0.72f, 0.03f, 0.44f));      // load deck
    deck.box(translation(vec3(0.82f, 0.25f, 0)), vec3(0.03f, 0.08f, 0.45f));  // front bumper
    deck.box(translation(vec3(-0.82f, 0.25f, 0)), vec3(0.03f, 0.08f, 0.45f)); // rear bumper
    deck.cylinder(translation(vec3(0.62f, 0.56f, 0)), 0.07f, 0.09f, 20);      // lidar
    int32_t agv = b.node("agv", -1, {}, b.mesh("agv-body", {body.finish(), deck.finish()}));

    MeshBuilder wheelShape(rubber);
    wheelShape.cylinder(alongAxis(vec3(0, 0, -0.05f), vec3(0, 0, 1)), 0.15f, 0.1f, 24);
    int32_t wheel = b.mesh("agv-wheel", {wheelShape.finish()});
    int k = 1;
    for (float x : {0.55f, -0.55f})
        for (float z : {0.5f, -0.5f}) b.node("wheel-" + std::to_string(k++), agv, at(vec3(x, 0.15f, z)), wheel);
    return b.finish("generated:agv");
}

namespace {
constexpr std::array<std::string_view, 5> kBuiltinNames = {"demo", "stress", "part", "forklift", "agv"};
} // namespace

std::span<const std::string_view> builtinAssetNames() { return kBuiltinNames; }

AssetPtr makeBuiltinAsset(std::string_view name) {
    if (name == "demo") return makeDemoPlant();
    if (name == "stress") return makeStressScene();
    if (name == "part") return makeConveyorPart();
    if (name == "forklift") return makeForklift();
    if (name == "agv") return makeAgv();
    return nullptr;
}

} // namespace tv::scene
