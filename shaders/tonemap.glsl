// tonemap.glsl — Khronos PBR Neutral tone mapping and the Sample Renderer's output encoding pow(c, 1/2.2).
#ifndef TV_TONEMAP_GLSL
#define TV_TONEMAP_GLSL

vec3 toneMapPbrNeutral(vec3 color) {
    const float startCompression = 0.8 - 0.04;
    const float desaturation = 0.15;
    float x = min(color.r, min(color.g, color.b));
    float offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
    color -= offset;
    float peak = max(color.r, max(color.g, color.b));
    if (peak < startCompression) return color;
    const float d = 1.0 - startCompression;
    float newPeak = 1.0 - d * d / (peak + d - startCompression);
    color *= newPeak / peak;
    float g = 1.0 - 1.0 / (desaturation * (peak - newPeak) + 1.0);
    return mix(color, vec3(newPeak), g);
}

// The piecewise sRGB decode: used only to pre-compensate when the target itself is an _SRGB format, so the bytes
// stored equal pow(c, 1/2.2) exactly as on a UNORM target.
vec3 srgbToLinear(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), greaterThan(c, vec3(0.04045)));
}

// Linear scene colour -> display value written to the target.
vec3 displayEncode(vec3 linearColor, bool srgbTarget) {
    vec3 c = clamp(toneMapPbrNeutral(linearColor), 0.0, 1.0);
    c = pow(c, vec3(1.0 / 2.2));
    return srgbTarget ? srgbToLinear(c) : c;
}

#endif
