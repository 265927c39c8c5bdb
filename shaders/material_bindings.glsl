// material_bindings.glsl — set 1 (per material) and the texture-coordinate helpers shared by pbr.frag and pick.frag.
#ifndef TV_MATERIAL_BINDINGS_GLSL
#define TV_MATERIAL_BINDINGS_GLSL
#include "shader_interface.h"

layout(set = 1, binding = kBindingMaterial) uniform MaterialBlock { MaterialUniforms material; };
layout(set = 1, binding = kBindingBaseColorTex) uniform sampler2D baseColorTex;
layout(set = 1, binding = kBindingMetalRoughTex) uniform sampler2D metalRoughTex;
layout(set = 1, binding = kBindingNormalTex) uniform sampler2D normalTex;
layout(set = 1, binding = kBindingOcclusionTex) uniform sampler2D occlusionTex;
layout(set = 1, binding = kBindingEmissiveTex) uniform sampler2D emissiveTex;
layout(set = 1, binding = kBindingTransmissionTex) uniform sampler2D transmissionTex;

// Texture slot order matches the bindings: 0 base colour, 1 metal-rough, 2 normal, 3 occlusion, 4 emissive,
// 5 transmission.
vec2 materialUv(uint slot, vec4 uvs) {
    vec2 uv = ((material.flags.z >> slot) & 1u) != 0u ? uvs.zw : uvs.xy;
    vec3 r0 = material.uvTransform[2u * slot].xyz;
    vec3 r1 = material.uvTransform[2u * slot + 1u].xyz;
    return vec2(dot(r0, vec3(uv, 1.0)), dot(r1, vec3(uv, 1.0)));
}

// Base colour with vertex colour and the node's override; alpha follows the glTF alpha mode rules except that the
// caller decides about MASK discards.
vec4 materialBaseColor(vec4 uvs, vec4 vertexColor, uint drawFlags, vec4 overrideBase) {
    vec4 factor = (drawFlags & kDrawOverrideBase) != 0u ? overrideBase : material.baseColorFactor;
    vec4 c = factor * vertexColor;
    if ((material.flags.y & kMatHasBaseColorTex) != 0u) c *= texture(baseColorTex, materialUv(0u, uvs));
    return c;
}
#endif
