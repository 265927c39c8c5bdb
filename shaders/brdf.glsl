// brdf.glsl — glTF 2.0 spec Appendix B BRDF terms, written to match the Khronos glTF Sample Renderer so the neutral
// rig reproduces its reference images.
#ifndef TV_BRDF_GLSL
#define TV_BRDF_GLSL

const float kPi = 3.141592653589793;

// Trowbridge-Reitz/GGX normal distribution; alpha = perceptualRoughness^2.
float dGgx(float NdotH, float alpha) {
    float a2 = alpha * alpha;
    float f = (NdotH * NdotH) * (a2 - 1.0) + 1.0;
    return a2 / (kPi * f * f);
}

// Height-correlated Smith-GGX visibility (already divided by 4 NdotL NdotV).
float vSmithGgxCorrelated(float NdotL, float NdotV, float alpha) {
    float a2 = alpha * alpha;
    float ggxV = NdotL * sqrt(NdotV * NdotV * (1.0 - a2) + a2);
    float ggxL = NdotV * sqrt(NdotL * NdotL * (1.0 - a2) + a2);
    float ggx = ggxV + ggxL;
    return ggx > 0.0 ? 0.5 / ggx : 0.0;
}

vec3 fSchlick(vec3 f0, vec3 f90, float VdotH) {
    float x = clamp(1.0 - VdotH, 0.0, 1.0);
    float x2 = x * x;
    return f0 + (f90 - f0) * (x2 * x2 * x);
}

// Hammersley point i of n (radical inverse in base 2).
vec2 hammersley(uint i, uint n) {
    uint bits = (i << 16u) | (i >> 16u);
    bits = ((bits & 0x55555555u) << 1u) | ((bits & 0xAAAAAAAAu) >> 1u);
    bits = ((bits & 0x33333333u) << 2u) | ((bits & 0xCCCCCCCCu) >> 2u);
    bits = ((bits & 0x0F0F0F0Fu) << 4u) | ((bits & 0xF0F0F0F0u) >> 4u);
    bits = ((bits & 0x00FF00FFu) << 8u) | ((bits & 0xFF00FF00u) >> 8u);
    return vec2(float(i) / float(n), float(bits) * 2.3283064365386963e-10);
}

// GGX importance sample of the half vector around +Z; returns (H, pdf of H).
vec4 importanceSampleGgx(vec2 xi, float alpha) {
    float cosTheta = clamp(sqrt((1.0 - xi.y) / (1.0 + (alpha * alpha - 1.0) * xi.y)), 0.0, 1.0);
    float sinTheta = sqrt(max(1.0 - cosTheta * cosTheta, 0.0));
    float phi = 2.0 * kPi * xi.x;
    vec3 h = vec3(sinTheta * cos(phi), sinTheta * sin(phi), cosTheta);
    return vec4(h, dGgx(cosTheta, alpha) * cosTheta);
}

// An orthonormal basis whose third axis is n.
mat3 basisAround(vec3 n) {
    vec3 up = abs(n.y) < 0.999 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0);
    vec3 t = normalize(cross(up, n));
    vec3 b = cross(n, t);
    return mat3(t, b, n);
}

// Direction through texel centre `uv` (0..1) of cube face `face`, per the Vulkan cube map face selection table.
vec3 cubeDirection(uint face, vec2 uv) {
    float sc = 2.0 * uv.x - 1.0;
    float tc = 2.0 * uv.y - 1.0;
    vec3 d;
    if (face == 0u) d = vec3(1.0, -tc, -sc);
    else if (face == 1u) d = vec3(-1.0, -tc, sc);
    else if (face == 2u) d = vec3(sc, 1.0, tc);
    else if (face == 3u) d = vec3(sc, -1.0, -tc);
    else if (face == 4u) d = vec3(sc, -tc, 1.0);
    else d = vec3(-sc, -tc, -1.0);
    return normalize(d);
}

#endif
