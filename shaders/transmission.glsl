// transmission.glsl — KHR_materials_transmission for thin walls (no KHR_materials_volume), modelled on the Khronos
// glTF Sample Renderer so the neutral rig matches its references: the light behind a transmissive surface comes
// from the transmission framebuffer (the frame's other surfaces, drawn first, linear), and each punctual light adds
// a GGX lobe around its direction mirrored through the surface. Callers mix both into the diffuse term by
// transmissionFactor * texture.r.
#ifndef TV_TRANSMISSION_GLSL
#define TV_TRANSMISSION_GLSL
#include "brdf.glsl"
#include "frame_bindings.glsl"

// Microfacet refraction grows with the index of refraction: none at ior 1, the full roughness from ior 1.5 on.
float transmissionRoughness(float roughness, float ior) { return roughness * clamp(ior * 2.0 - 2.0, 0.0, 1.0); }

// Image-based part: what lies behind the surface. A thin wall does not displace the ray, so the exit point is the
// surface point itself and the framebuffer is read at its own screen position, blurred by a mip chosen from the
// roughness (see kTransmissionReferenceSize for the resolution-independent lod), tinted by the base colour.
vec3 iblTransmission(vec3 worldPos, float perceptualRoughness, float ior, vec3 baseColor) {
    vec4 clip = frame.viewProj * vec4(worldPos, 1.0);
    vec2 uv = clip.xy / clip.w * 0.5 + 0.5; // the same mapping the viewport applied when the framebuffer was drawn
    float lod = log2(kTransmissionReferenceSize) * transmissionRoughness(perceptualRoughness, ior) +
                frame.transmission.x;
    return textureLod(transmissionFramebuffer, uv, max(lod, 0.0)).rgb * baseColor;
}

// Punctual part (BTDF without the cosine: the light arrives from the other side): GGX around the light direction
// mirrored through the surface plane, with the ior-scaled roughness. `l` points from the surface to the light.
vec3 punctualTransmission(vec3 n, vec3 v, vec3 l, float alphaRoughness, float ior, vec3 baseColor) {
    float a = transmissionRoughness(alphaRoughness, ior);
    vec3 lMirror = normalize(l - 2.0 * n * dot(l, n));
    vec3 h = normalize(lMirror + v);
    float NdotH = clamp(dot(n, h), 0.0, 1.0);
    float NdotL = clamp(dot(n, lMirror), 0.0, 1.0);
    float NdotV = clamp(dot(n, v), 0.0, 1.0);
    return baseColor * dGgx(NdotH, a) * vSmithGgxCorrelated(NdotL, NdotV, a);
}

#endif
