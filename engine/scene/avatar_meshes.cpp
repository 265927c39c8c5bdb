// The shapes of avatar_meshes.h, from MeshBuilder primitives. Kept deliberately low-poly: 32 users' heads, hands,
// beams and a few hundred pins must cost nothing next to the plant.
#include "scene/avatar_meshes.h"

#include "scene/asset_builder.h"
#include "scene/mesh_builder.h"

namespace tv::scene {

namespace {

mat4 scaled(const vec3& at, const vec3& scale) { return glm::scale(translation(at), scale); }

} // namespace

AvatarMeshes makeAvatarMeshes() {
    AssetBuilder b;
    // White so that a MaterialOverride's baseColor is the colour seen (the override replaces the factor).
    int32_t shell = b.material("avatar-shell", vec4(1.0f), 0.0f, 0.45f);
    int32_t glass = b.material("avatar-visor", vec4(0.02f, 0.02f, 0.03f, 1.0f), 0.2f, 0.15f);
    int32_t light = b.material("avatar-light", vec4(1.0f), 0.0f, 1.0f);
    // Beams and hit dots are light, not surfaces: unlit, so they keep the user's colour in a dark corner.
    b.asset().materials[size_t(light)].unlit = true;
    int32_t pinPaint = b.material("pin-paint", vec4(1.0f), 0.0f, 0.35f);

    AvatarMeshes m;
    // A slightly taller than wide, deeper than wide shell: an ellipsoid reads as a head at any distance; the visor
    // on -Z tells where it looks.
    m.head = b.mesh(
        "avatar-head",
        {MeshBuilder(shell).sphere(scaled(vec3(0.0f), vec3(1.0f, 1.15f, 1.08f)), kAvatarHeadRadius, 16, 10).finish()});
    m.visor =
        b.mesh("avatar-visor",
               {MeshBuilder(glass)
                    .box(translation(vec3(0.0f, 0.025f, -kAvatarHeadRadius * 0.98f)), vec3(0.085f, 0.035f, 0.025f))
                    .finish()});
    // A flattened, elongated blob: reads as a hand (or a controller) without a rig, and is symmetric so one mesh
    // serves both hands without a mirroring transform.
    m.hand =
        b.mesh("avatar-hand",
               {MeshBuilder(shell).sphere(scaled(vec3(0.0f), vec3(0.045f, 0.022f, 0.075f)), 1.0f, 10, 6).finish()});
    m.beam = b.mesh("avatar-beam",
                    {MeshBuilder(light).cylinder(mat4(1.0f), kAvatarBeamRadius, 1.0f, 8, false, false).finish()});
    m.hitDot = b.mesh("avatar-hit-dot", {MeshBuilder(light).sphere(mat4(1.0f), kAvatarHitDotRadius, 12, 6).finish()});
    // Stem from the tip up to the ball; a short cone at the tip so the pin visibly touches the surface at a point.
    const float ballY = kPinHeight - kPinBallRadius;
    m.pin = b.mesh("annotation-pin",
                   {MeshBuilder(pinPaint)
                        .cone(glm::rotate(translation(vec3(0.0f, 0.04f, 0.0f)), glm::pi<float>(), vec3(1, 0, 0)),
                              kPinStemRadius * 1.8f, 0.04f, 8)
                        .cylinder(translation(vec3(0.0f, 0.04f, 0.0f)), kPinStemRadius, ballY - 0.04f, 8, false, false)
                        .sphere(translation(vec3(0.0f, ballY, 0.0f)), kPinBallRadius, 14, 8)
                        .finish()});
    m.asset = b.finish("generated:avatar-meshes");
    return m;
}

} // namespace tv::scene
