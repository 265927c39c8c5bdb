// makeDemoPlant(): the bundled demo scene, built in code — a small process plant on a concrete slab.
//
// Layout (metres; glTF axes: +Y up, the default camera looks down -Z): the slab spans x -16..16, z -11..11 with its
// top at y = 0. Tanks stand on the west side (x < -6), pumps in a row at x = -4 feed a header that returns to the
// big tank over a 5 m pipe bridge, a roller conveyor with parts runs along z = 4 on the east side, two AGVs wait
// on the east floor, and a steel frame (columns and roof beams) encloses it all. Feeds bind to the node names:
// plant/tank-1..4, pump-1..3, valve-1..7, pipe-1..8, conveyor (with part-1..4), agv-1..2, frame, floor.
#include "scene/scene_generators.h"

#include "scene/asset_builder.h"
#include "scene/mesh_builder.h"

#include <glm/gtx/quaternion.hpp>

#include <string>

namespace tv::scene {

namespace {

struct PlantMaterials {
    int32_t concrete, paintedBlue, stainless, safetyYellow, structural, pipeGreen, valveRed, rubber, motorGrey,
        partOrange, tankWhite, deckGrey;
};

PlantMaterials addMaterials(AssetBuilder& b) {
    // Linear base colours; dielectric paints have metallic 0, bare steel metallic 1.
    PlantMaterials m{};
    m.concrete = b.material("concrete-floor", vec4(0.40f, 0.40f, 0.38f, 1.0f), 0.0f, 0.92f);
    m.paintedBlue = b.material("painted-steel-blue", vec4(0.06f, 0.20f, 0.48f, 1.0f), 0.0f, 0.45f);
    m.stainless = b.material("stainless-steel", vec4(0.78f, 0.78f, 0.80f, 1.0f), 1.0f, 0.28f);
    m.safetyYellow = b.material("safety-yellow", vec4(0.90f, 0.60f, 0.02f, 1.0f), 0.0f, 0.50f);
    m.structural = b.material("painted-steel-grey", vec4(0.22f, 0.25f, 0.29f, 1.0f), 0.0f, 0.60f);
    m.pipeGreen = b.material("painted-pipe-green", vec4(0.10f, 0.34f, 0.16f, 1.0f), 0.0f, 0.40f);
    m.valveRed = b.material("valve-red", vec4(0.62f, 0.04f, 0.03f, 1.0f), 0.0f, 0.40f);
    m.rubber = b.material("black-rubber", vec4(0.03f, 0.03f, 0.03f, 1.0f), 0.0f, 0.85f);
    m.motorGrey = b.material("motor-grey-metal", vec4(0.55f, 0.57f, 0.60f, 1.0f), 1.0f, 0.42f);
    m.partOrange = b.material("part-orange", vec4(0.85f, 0.28f, 0.05f, 1.0f), 0.0f, 0.55f);
    m.tankWhite = b.material("painted-tank-white", vec4(0.80f, 0.80f, 0.76f, 1.0f), 0.0f, 0.38f);
    m.deckGrey = b.material("agv-deck-grey", vec4(0.12f, 0.12f, 0.13f, 1.0f), 0.0f, 0.70f);
    return m;
}

// Matrix placing a +Y-aligned shape (cylinder, cone) at `from`, pointing along `dir` (any direction).
mat4 alongAxis(const vec3& from, const vec3& dir) {
    return translation(from) * glm::mat4_cast(glm::rotation(vec3(0.0f, 1.0f, 0.0f), glm::normalize(dir)));
}

// A pipe run along an axis-aligned polyline: straight lengths, a ball fitting at each bend, flanges at both ends.
Primitive pipeRun(const std::vector<vec3>& points, float radius, int32_t material) {
    MeshBuilder b(material);
    for (size_t i = 0; i + 1 < points.size(); ++i) {
        vec3 d = points[i + 1] - points[i];
        b.cylinder(alongAxis(points[i], d), radius, glm::length(d), 16, false, false);
        if (i > 0) b.sphere(translation(points[i]), radius * 1.12f, 16, 8);
    }
    auto flange = [&](const vec3& p, const vec3& inward) {
        vec3 dir = glm::normalize(inward);
        b.cylinder(alongAxis(p - dir * 0.02f, dir), radius * 1.6f, 0.06f, 16);
    };
    flange(points.front(), points[1] - points.front());
    flange(points.back(), points[points.size() - 2] - points.back());
    return b.finish();
}

std::vector<Primitive> tankMesh(const PlantMaterials& m, int32_t shellMaterial, float radius, float height,
                                float headRatio /* 0 = flat roof */) {
    const float plinth = 0.3f;
    std::vector<Primitive> prims;
    prims.push_back(MeshBuilder(m.concrete).cylinder(mat4(1.0f), radius + 0.25f, plinth, 40).finish());
    MeshBuilder shell(shellMaterial);
    shell.cylinder(translation(vec3(0, plinth, 0)), radius, height, 40, true, headRatio <= 0.0f, 4);
    if (headRatio > 0.0f) shell.dome(translation(vec3(0, plinth + height, 0)), radius, headRatio, 40, 10);
    // Manway nozzle on the roof and a reinforcing band half way up.
    float roof = plinth + height + (headRatio > 0.0f ? radius * headRatio * 0.55f : 0.0f);
    shell.cylinder(translation(vec3(radius * 0.35f, roof - 0.1f, 0)), 0.25f, 0.45f, 20);
    prims.push_back(shell.finish());
    prims.push_back(MeshBuilder(m.structural)
                        .cylinder(translation(vec3(0, plinth + height * 0.5f, 0)), radius * 1.02f, 0.12f, 40)
                        .finish());
    return prims;
}

// Pump skid: base plate, volute casing (pipe axis along local X at suction height 0.55), motor behind it.
std::vector<Primitive> pumpMesh(const PlantMaterials& m) {
    std::vector<Primitive> prims;
    prims.push_back(
        MeshBuilder(m.structural).box(translation(vec3(0.25f, 0.075f, 0)), vec3(0.8f, 0.075f, 0.4f)).finish());
    MeshBuilder body(m.paintedBlue);
    body.cylinder(alongAxis(vec3(-0.35f, 0.55f, -0.22f), vec3(0, 0, 1)), 0.36f, 0.44f, 28); // volute
    body.box(translation(vec3(-0.35f, 0.25f, 0)), vec3(0.22f, 0.1f, 0.2f));                 // pedestal
    body.box(translation(vec3(0.15f, 0.35f, 0)), vec3(0.22f, 0.2f, 0.15f));                 // bearing housing
    prims.push_back(body.finish());
    MeshBuilder motor(m.motorGrey);
    motor.cylinder(alongAxis(vec3(0.35f, 0.5f, 0), vec3(1, 0, 0)), 0.27f, 0.65f, 28);
    motor.cylinder(alongAxis(vec3(1.0f, 0.5f, 0), vec3(1, 0, 0)), 0.22f, 0.12f, 28); // fan cover
    motor.box(translation(vec3(0.6f, 0.8f, 0)), vec3(0.1f, 0.06f, 0.1f));            // terminal box
    prims.push_back(motor.finish());
    // Suction and discharge stubs (the plant's pipes end on their flanges).
    prims.push_back(MeshBuilder(m.pipeGreen)
                        .cylinder(alongAxis(vec3(-0.8f, 0.55f, 0), vec3(1, 0, 0)), 0.12f, 0.45f, 16)
                        .cylinder(alongAxis(vec3(-0.35f, 0.88f, 0), vec3(0, 1, 0)), 0.12f, 0.1f, 16)
                        .finish());
    return prims;
}

// Gate valve on a pipe along local X: body, bonnet and stem up +Y, red handwheel with two spokes.
std::vector<Primitive> valveMesh(const PlantMaterials& m) {
    std::vector<Primitive> prims;
    MeshBuilder body(m.structural);
    body.box(mat4(1.0f), vec3(0.2f, 0.18f, 0.18f));
    body.cylinder(alongAxis(vec3(-0.24f, 0, 0), vec3(1, 0, 0)), 0.2f, 0.06f, 20);
    body.cylinder(alongAxis(vec3(0.18f, 0, 0), vec3(1, 0, 0)), 0.2f, 0.06f, 20);
    body.box(translation(vec3(0, 0.26f, 0)), vec3(0.1f, 0.08f, 0.1f));
    body.cylinder(translation(vec3(0, 0.34f, 0)), 0.025f, 0.2f, 10);
    prims.push_back(body.finish());
    MeshBuilder wheel(m.valveRed);
    wheel.torus(translation(vec3(0, 0.52f, 0)), 0.18f, 0.022f, 32, 8);
    wheel.box(translation(vec3(0, 0.52f, 0)), vec3(0.17f, 0.012f, 0.015f));
    wheel.box(translation(vec3(0, 0.52f, 0)), vec3(0.015f, 0.012f, 0.17f));
    prims.push_back(wheel.finish());
    return prims;
}

std::vector<Primitive> conveyorMesh(const PlantMaterials& m, float length) {
    float half = length * 0.5f;
    std::vector<Primitive> prims;
    MeshBuilder frame(m.paintedBlue);
    frame.box(translation(vec3(0, 0.62f, 0)), vec3(half, 0.12f, 0.5f));
    for (float x : {-half + 0.4f, -half * 0.33f, half * 0.33f, half - 0.4f})
        for (float z : {-0.4f, 0.4f}) frame.box(translation(vec3(x, 0.25f, z)), vec3(0.05f, 0.25f, 0.05f));
    prims.push_back(frame.finish());
    MeshBuilder rails(m.safetyYellow);
    for (float z : {-0.56f, 0.56f}) rails.box(translation(vec3(0, 0.85f, z)), vec3(half, 0.1f, 0.04f));
    prims.push_back(rails.finish());
    MeshBuilder rollers(m.motorGrey);
    for (float x = -half + 0.15f; x < half - 0.1f; x += 0.25f)
        rollers.cylinder(alongAxis(vec3(x, 0.82f, -0.5f), vec3(0, 0, 1)), 0.07f, 1.0f, 12);
    prims.push_back(rollers.finish());
    return prims;
}

std::vector<Primitive> agvBodyMesh(const PlantMaterials& m) {
    std::vector<Primitive> prims;
    MeshBuilder body(m.safetyYellow);
    body.box(translation(vec3(0, 0.32f, 0)), vec3(0.8f, 0.18f, 0.5f));
    prims.push_back(body.finish());
    MeshBuilder deck(m.deckGrey);
    deck.box(translation(vec3(0, 0.53f, 0)), vec3(0.72f, 0.03f, 0.44f));      // load deck
    deck.box(translation(vec3(0.82f, 0.25f, 0)), vec3(0.03f, 0.08f, 0.45f));  // front bumper
    deck.box(translation(vec3(-0.82f, 0.25f, 0)), vec3(0.03f, 0.08f, 0.45f)); // rear bumper
    deck.cylinder(translation(vec3(0.62f, 0.56f, 0)), 0.07f, 0.09f, 20);      // lidar
    prims.push_back(deck.finish());
    return prims;
}

} // namespace

AssetPtr makeDemoPlant() {
    AssetBuilder b;
    PlantMaterials mat = addMaterials(b);

    int32_t plant = b.node("plant", -1);

    // ---- Floor: slab with walkway markings ----
    MeshBuilder slab(mat.concrete);
    slab.box(translation(vec3(0, -0.15f, 0)), vec3(16.0f, 0.15f, 11.0f));
    MeshBuilder marks(mat.safetyYellow);
    for (float z : {2.7f, 5.3f}) marks.box(translation(vec3(6.5f, 0.004f, z)), vec3(8.0f, 0.004f, 0.06f));
    for (float x : {-5.6f, -2.6f}) marks.box(translation(vec3(x, 0.004f, -3.5f)), vec3(0.06f, 0.004f, 6.0f));
    b.node("floor", plant, {}, b.mesh("floor", {slab.finish(), marks.finish()}));

    // ---- Tanks ----
    int32_t tallTank = b.mesh("tank-tall", tankMesh(mat, mat.stainless, 1.4f, 6.0f, 0.5f));
    int32_t wideTank = b.mesh("tank-wide", tankMesh(mat, mat.tankWhite, 1.8f, 4.0f, 0.0f));
    int32_t smallTank = b.mesh("tank-small", tankMesh(mat, mat.paintedBlue, 1.0f, 3.5f, 1.0f));
    b.node("tank-1", plant, at(vec3(-12.0f, 0, -6.0f)), tallTank);
    b.node("tank-2", plant, at(vec3(-8.0f, 0, -6.0f)), tallTank);
    b.node("tank-3", plant, at(vec3(-12.0f, 0, 1.0f)), wideTank);
    b.node("tank-4", plant, at(vec3(-7.5f, 0, 1.5f)), smallTank);

    // ---- Pumps: suction flange at local (-0.8, 0.55, 0), discharge at (-0.35, 0.98, 0) ----
    int32_t pump = b.mesh("pump", pumpMesh(mat));
    const float pumpZ[3] = {-7.5f, -4.5f, 0.5f};
    for (int i = 0; i < 3; ++i) b.node("pump-" + std::to_string(i + 1), plant, at(vec3(-4.0f, 0, pumpZ[i])), pump);

    // ---- Pipes (node at the origin; geometry in plant coordinates) ----
    const float r = 0.12f, y = 0.55f, header = 5.0f;
    std::vector<std::vector<vec3>> runs = {
        {{-12.0f, y, -7.4f}, {-12.0f, y, -8.4f}, {-5.2f, y, -8.4f}, {-5.2f, y, -7.5f}, {-4.8f, y, -7.5f}},
        {{-6.6f, y, -6.0f}, {-5.2f, y, -6.0f}, {-5.2f, y, -4.5f}, {-4.8f, y, -4.5f}},
        {{-6.5f, y, 1.5f}, {-5.2f, y, 1.5f}, {-5.2f, y, 0.5f}, {-4.8f, y, 0.5f}},
        {{-4.35f, 0.98f, -7.5f}, {-4.35f, header, -7.5f}},
        {{-4.35f, 0.98f, -4.5f}, {-4.35f, header, -4.5f}},
        {{-4.35f, 0.98f, 0.5f}, {-4.35f, header, 0.5f}},
        {{-4.35f, header, -7.5f},
         {-4.35f, header, 3.5f},
         {-12.0f, header, 3.5f},
         {-12.0f, header, 1.0f},
         {-12.0f, 4.3f, 1.0f}},
        {{-12.0f, 2.0f, -0.8f}, {-12.0f, 2.0f, -4.6f}},
    };
    for (size_t i = 0; i < runs.size(); ++i) {
        std::string name = "pipe-" + std::to_string(i + 1);
        b.node(name, plant, {}, b.mesh(name, {pipeRun(runs[i], r, mat.pipeGreen)}));
    }
    // Pipe bridge: posts beside the header with cross arms under it.
    MeshBuilder supports(mat.structural);
    auto post = [&](float x, float z) {
        supports.box(translation(vec3(x, (header - 0.12f) * 0.5f, z)), vec3(0.08f, (header - 0.12f) * 0.5f, 0.08f));
    };
    for (float z : {-6.0f, -1.5f, 3.5f}) {
        post(-3.9f, z);
        supports.box(translation(vec3(-4.2f, header - 0.17f, z)), vec3(0.35f, 0.05f, 0.08f));
    }
    post(-8.2f, 3.85f);
    supports.box(translation(vec3(-8.2f, header - 0.17f, 3.6f)), vec3(0.08f, 0.05f, 0.32f));
    b.node("pipe-bridge", plant, {}, b.mesh("pipe-bridge", {supports.finish()}));

    // ---- Valves: local X along the pipe, handwheel up ----
    int32_t valve = b.mesh("valve", valveMesh(mat));
    auto valveAt = [&](const vec3& p, const quat& q) {
        Transform t;
        t.translation = p;
        t.rotation = q;
        return t;
    };
    const quat alongX(1, 0, 0, 0);
    const quat vertical = glm::angleAxis(glm::radians(-90.0f), vec3(0, 0, 1)); // pipe axis Y, wheel toward +X
    const quat alongZ = glm::angleAxis(glm::radians(90.0f), vec3(0, 1, 0));
    std::vector<Transform> valves = {
        valveAt({-9.0f, y, -8.4f}, alongX),       valveAt({-5.9f, y, -6.0f}, alongX),
        valveAt({-5.9f, y, 1.5f}, alongX),        valveAt({-4.35f, 2.2f, -7.5f}, vertical),
        valveAt({-4.35f, 2.2f, -4.5f}, vertical), valveAt({-4.35f, 2.2f, 0.5f}, vertical),
        valveAt({-12.0f, 2.0f, -2.7f}, alongZ),
    };
    for (size_t i = 0; i < valves.size(); ++i) b.node("valve-" + std::to_string(i + 1), plant, valves[i], valve);

    // ---- Conveyor with parts riding on the rollers (children, so a feed moves them in conveyor space) ----
    const float conveyorLength = 12.0f;
    int32_t conveyor =
        b.node("conveyor", plant, at(vec3(7.0f, 0, 4.0f)), b.mesh("conveyor", conveyorMesh(mat, conveyorLength)));
    int32_t part = b.mesh("part", {MeshBuilder(mat.partOrange).box(mat4(1.0f), vec3(0.25f, 0.17f, 0.2f)).finish()});
    const float partX[4] = {-4.2f, -1.0f, 1.9f, 4.6f};
    for (int i = 0; i < 4; ++i)
        b.node("part-" + std::to_string(i + 1), conveyor, at(vec3(partX[i], 0.89f + 0.17f, 0), float(i) * 7.0f), part);

    // ---- AGVs: body plus four wheel nodes (axles along local Z) ----
    int32_t agvBody = b.mesh("agv-body", agvBodyMesh(mat));
    MeshBuilder wheelShape(mat.rubber);
    wheelShape.cylinder(alongAxis(vec3(0, 0, -0.05f), vec3(0, 0, 1)), 0.15f, 0.1f, 24);
    int32_t wheel = b.mesh("agv-wheel", {wheelShape.finish()});
    const vec3 agvPos[2] = {{6.0f, 0, -2.5f}, {11.5f, 0, -6.0f}};
    const float agvYaw[2] = {25.0f, -60.0f};
    for (int i = 0; i < 2; ++i) {
        int32_t agv = b.node("agv-" + std::to_string(i + 1), plant, at(agvPos[i], agvYaw[i]), agvBody);
        int k = 1;
        for (float x : {0.55f, -0.55f})
            for (float z : {0.5f, -0.5f}) b.node("wheel-" + std::to_string(k++), agv, at(vec3(x, 0.15f, z)), wheel);
    }

    // ---- Steel frame: columns on a 7.5 m grid along both long sides, roof beams both ways ----
    const float height = 8.0f, xs[5] = {-15.0f, -7.5f, 0.0f, 7.5f, 15.0f}, zs[2] = {-10.0f, 10.0f};
    int32_t frame = b.node("frame", plant);
    int32_t column =
        b.mesh("column", {MeshBuilder(mat.structural)
                              .box(translation(vec3(0, height * 0.5f, 0)), vec3(0.15f, height * 0.5f, 0.15f))
                              .box(translation(vec3(0, 0.01f, 0)), vec3(0.3f, 0.01f, 0.3f)) // base plate
                              .finish()});
    int32_t beamX = b.mesh("beam-x", {MeshBuilder(mat.structural).box(mat4(1.0f), vec3(3.75f, 0.2f, 0.12f)).finish()});
    int32_t beamZ = b.mesh("beam-z", {MeshBuilder(mat.structural).box(mat4(1.0f), vec3(0.12f, 0.2f, 10.0f)).finish()});
    int k = 1;
    for (float z : zs)
        for (float x : xs) b.node("column-" + std::to_string(k++), frame, at(vec3(x, 0, z)), column);
    k = 1;
    for (float z : zs)
        for (int i = 0; i < 4; ++i)
            b.node("beam-" + std::to_string(k++), frame, at(vec3((xs[i] + xs[i + 1]) * 0.5f, height + 0.2f, z)), beamX);
    for (float x : xs) b.node("beam-" + std::to_string(k++), frame, at(vec3(x, height + 0.2f, 0)), beamZ);

    return b.finish("generated:demo-plant");
}

} // namespace tv::scene
