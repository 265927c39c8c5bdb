// shader_interface.h — the one place where binding numbers, push constants and buffer layouts are declared, read by
// both C++ (engine/gfx) and GLSL (shaders/*). Change a layout here and both sides follow; nothing else may restate
// these numbers. Every struct uses only 16-byte-aligned members (vec4/uvec4/mat4, scalars in groups of four) so
// std140/std430 and C++ agree without padding surprises.
#ifndef TV_SHADER_INTERFACE_H
#define TV_SHADER_INTERFACE_H

#ifdef __cplusplus
#include <cstdint>
#include <glm/glm.hpp>
namespace tv::gfx::shader {
using uint = uint32_t;
using vec4 = glm::vec4;
using uvec4 = glm::uvec4;
using mat4 = glm::mat4;
#define TV_CONST(type, name, value) inline constexpr type name = value
#else
#define TV_CONST(type, name, value) const type name = value
#endif

// ---- Descriptor sets -------------------------------------------------------------------------------------------
// set 0: per frame (uniforms, per-frame storage, environment), set 1: per material, set 2: per asset geometry.
TV_CONST(uint, kSetFrame, 0);
TV_CONST(uint, kSetMaterial, 1);
TV_CONST(uint, kSetGeometry, 2);

TV_CONST(uint, kBindingFrame, 0);       // FrameUniforms (UBO)
TV_CONST(uint, kBindingInstances, 1);   // InstanceData[] (SSBO)
TV_CONST(uint, kBindingJoints, 2);      // mat4[] joint matrices (SSBO)
TV_CONST(uint, kBindingWeights, 3);     // float[] morph weights (SSBO)
TV_CONST(uint, kBindingBrdfLut, 4);     // sampler2D, split-sum GGX LUT (x = NdotV, y = perceptual roughness)
TV_CONST(uint, kBindingIrradiance, 5);  // samplerCube, Lambertian irradiance (already divided by pi)
TV_CONST(uint, kBindingPrefiltered, 6); // samplerCube, GGX prefiltered radiance, mip = roughness * (mips-1)
TV_CONST(uint, kBindingShadowMap, 7);   // sampler2DArrayShadow, one layer per cascade
TV_CONST(uint, kBindingSky, 8);         // samplerCube, the un-filtered sky (background)
TV_CONST(uint, kBindingTransmission, 9); // sampler2D, this frame's transmission framebuffer (linear, mipmapped)
TV_CONST(uint, kBindingHighlightMask, 10); // sampler2D, the highlight mask (r = selected, g = hovered); outline only
TV_CONST(uint, kFrameBindingCount, 11);

TV_CONST(uint, kBindingMaterial, 0);    // MaterialUniforms (UBO)
TV_CONST(uint, kBindingBaseColorTex, 1);
TV_CONST(uint, kBindingMetalRoughTex, 2);
TV_CONST(uint, kBindingNormalTex, 3);
TV_CONST(uint, kBindingOcclusionTex, 4);
TV_CONST(uint, kBindingEmissiveTex, 5);
TV_CONST(uint, kBindingTransmissionTex, 6); // KHR_materials_transmission texture (R channel, linear)
TV_CONST(uint, kMaterialBindingCount, 7);
TV_CONST(uint, kMaterialTextureCount, 6);

TV_CONST(uint, kBindingMorphDeltas, 0); // vec4[] morph deltas (SSBO), see DrawPush::morphBase

// ---- Vertex input: one binding per stream, location == binding --------------------------------------------------
TV_CONST(uint, kAttrPosition, 0);
TV_CONST(uint, kAttrNormal, 1);
TV_CONST(uint, kAttrTangent, 2);
TV_CONST(uint, kAttrUv0, 3);
TV_CONST(uint, kAttrUv1, 4);
TV_CONST(uint, kAttrColor, 5);
TV_CONST(uint, kAttrJoints, 6);
TV_CONST(uint, kAttrWeights, 7);
TV_CONST(uint, kAttrCount, 8);

// ---- Limits and enums ------------------------------------------------------------------------------------------
TV_CONST(uint, kMaxLights, 16);
TV_CONST(uint, kCascadeCount, 4);
// KHR_materials_transmission blur: the Khronos Sample Renderer samples a fixed 1024-texel-wide transmission
// framebuffer at lod = log2(1024) * roughness'. Our framebuffer has the target's size, so FrameUniforms::transmission.x
// shifts the lod by log2(width / 1024): the blur then covers the same fraction of the screen at any resolution.
TV_CONST(float, kTransmissionReferenceSize, 1024.0);
// Section planes: interact::SectionState's three planes plus a section box's six faces.
TV_CONST(uint, kMaxClipPlanes, 9);
// Multiview (XR): both eyes in one pass, layer i = view i.
TV_CONST(uint, kMaxViews, 2);

TV_CONST(uint, kLightDirectional, 0);
TV_CONST(uint, kLightPoint, 1);
TV_CONST(uint, kLightSpot, 2);

TV_CONST(uint, kAlphaOpaque, 0);
TV_CONST(uint, kAlphaMask, 1);
TV_CONST(uint, kAlphaBlend, 2);

// MaterialUniforms::flags.y bits
TV_CONST(uint, kMatUnlit, 1u);
TV_CONST(uint, kMatHasBaseColorTex, 2u);
TV_CONST(uint, kMatHasMetalRoughTex, 4u);
TV_CONST(uint, kMatHasNormalTex, 8u);
TV_CONST(uint, kMatHasOcclusionTex, 16u);
TV_CONST(uint, kMatHasEmissiveTex, 32u);
TV_CONST(uint, kMatHasTransmissionTex, 64u);

// DrawPush::flags bits
TV_CONST(uint, kDrawSkinned, 1u);
TV_CONST(uint, kDrawMorphed, 2u);
TV_CONST(uint, kDrawHasNormals, 4u);
TV_CONST(uint, kDrawHasTangents, 8u);
TV_CONST(uint, kDrawOverrideBase, 16u);
TV_CONST(uint, kDrawOverrideEmissive, 32u);
TV_CONST(uint, kDrawForceBlend, 64u); // opaque material drawn blended because an override lowered its opacity
TV_CONST(uint, kDrawCapBackFaces, 128u); // section planes active, closed single-sided surface: back faces = cap

// InstanceData::ids.z bits (highlight mask pass)
TV_CONST(uint, kHighlightSelected, 1u);
TV_CONST(uint, kHighlightHovered, 2u);

// DrawPush::pass
TV_CONST(uint, kPassColor, 0);
TV_CONST(uint, kPassShadow, 1);
TV_CONST(uint, kPassPick, 2);
TV_CONST(uint, kPassTransmission, 3); // colour of the surfaces behind transmissive ones: linear, not tone mapped
TV_CONST(uint, kPassHighlightMask, 4); // highlighted draws into the mask (pbr.vert passes ids.z as the pick id)

// FrameUniforms::env.z
TV_CONST(uint, kLightingNeutral, 0);
TV_CONST(uint, kLightingDefault, 1);

// ---- Structures ------------------------------------------------------------------------------------------------
struct LightData {
    vec4 positionType;     // xyz world position, w = kLight* type
    vec4 directionRange;   // xyz direction of travel (unit), w = range (0 = infinite)
    vec4 colorIntensity;   // rgb colour, w = intensity
    vec4 cone;             // x = cos(outer), y = cos(inner), z = 1 if it casts the cascaded shadow, w unused
};

// One view of a multiview (stereo, XR) pass, indexed by gl_ViewIndex in the *_multiview shader variants. The
// single-view shaders ignore it; the renderer fills views[0] from the mono camera so it is never garbage.
struct ViewUniforms {
    mat4 viewProj;
    mat4 invViewProj;
    vec4 cameraPos;        // xyz eye of this view, w unused (stereo views are perspective)
};

struct FrameUniforms {
    mat4 view;
    mat4 proj;
    mat4 viewProj;
    mat4 invViewProj;
    mat4 cascadeViewProj[4];
    vec4 cascadeSplits;    // view-space distance where each cascade ends
    vec4 cascadeTexel;     // world-space size of one shadow texel per cascade (normal offset)
    vec4 cameraPos;        // xyz eye, w = 1 for an orthographic camera
    vec4 cameraForward;    // xyz view direction (orthographic shading and cascade selection)
    vec4 env;              // x = IBL intensity, y = prefiltered mip count, z = kLighting*, w = shadows enabled
    vec4 shadowParams;     // x = 1/shadow map size, y = constant depth bias, z unused
    vec4 sun;              // xyz direction of travel of the sky's sun, w = angular radius (background disc)
    vec4 transmission;     // x = lod offset log2(width / kTransmissionReferenceSize), y = 1 when bound this frame
    uvec4 counts;          // x = light count, y = section plane count, z = outline radius in pixels
    LightData lights[16];
    vec4 capColor;         // rgb display-space colour of section caps (back faces seen through a cut)
    vec4 outlineSelected;  // rgb display colour, a = opacity of the selection outline
    vec4 outlineHovered;   // the same for the hovered node
    vec4 clipPlanes[9];    // kMaxClipPlanes, (n.xyz, d): a point p is kept when dot(n, p) + d >= 0 for each
    // Multiview: per-eye matrices and eye positions. In a stereo frame `view`, `viewProj` and `cameraPos` above
    // describe the shared "centre" view that both eyes' frusta fit in: cascade selection (view depth), shadows
    // and culling use it, so both eyes see the same shadows.
    ViewUniforms views[2];
};

struct MaterialUniforms {
    vec4 baseColorFactor;
    vec4 emissive;         // rgb = emissiveFactor * emissiveStrength
    vec4 params;           // x metallic, y roughness, z alphaCutoff, w dielectric F0 from ior
    uvec4 flags;           // x alpha mode, y kMat* bits, z texCoord set per texture (bit i = texture i uses UV1)
    vec4 scales;           // x normal scale, y occlusion strength, z transmissionFactor, w ior
    vec4 uvTransform[12];  // per texture i: rows 2i, 2i+1 of the 2x3 KHR_texture_transform matrix (xyz used)
};

struct InstanceData {
    mat4 model;
    vec4 normalMatrix[3];  // columns of inverse-transpose(mat3(model))
    uvec4 ids;             // x = pick id (0 = none), y = 1 if det(model) < 0, z = kHighlight* bits
};

struct DrawPush {
    uint jointBase;        // into the joint matrices (skinned draws)
    uint weightBase;       // into the morph weights
    uint morphBase;        // into the asset's morph deltas: [target][attr 0..2][vertex]
    uint morphTargets;     // number of morph targets with weights
    uint vertexCount;
    uint flags;            // kDraw* bits
    uint pass;             // kPass*
    uint viewIndex;        // cascade for kPassShadow
    vec4 overrideBaseColor;
    vec4 overrideEmissive; // rgb, w = opacity multiplier
    vec4 overrideExtra;    // x = desaturation (0 = material colours, 1 = grey: stale twin data; zero-initialised pushes
                           // leave colours alone); yzw unused
};

#ifdef __cplusplus
static_assert(sizeof(LightData) == 64);
static_assert(sizeof(ViewUniforms) == 144);
static_assert(sizeof(FrameUniforms) == 64 * 8 + 16 * 9 + 64 * 16 + 16 * 3 + 16 * 9 + 144 * 2);
static_assert(sizeof(MaterialUniforms) == 16 * 17);
static_assert(sizeof(InstanceData) == 128);
static_assert(sizeof(DrawPush) == 80); // within the 128 bytes every Vulkan device guarantees
} // namespace tv::gfx::shader
#endif
#undef TV_CONST
#endif
