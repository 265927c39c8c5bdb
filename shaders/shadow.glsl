// shadow.glsl — cascaded shadow lookup for the default lighting's sun (PCF over a 3x3 texel footprint).
#ifndef TV_SHADOW_GLSL
#define TV_SHADOW_GLSL

float sunShadow(vec3 worldPos, vec3 normal, vec3 toLight, float viewDepth) {
    if (frame.env.w < 0.5) return 1.0;
    uint cascade = 0u;
    while (cascade < 3u && viewDepth > frame.cascadeSplits[cascade]) ++cascade;
    if (viewDepth > frame.cascadeSplits[3]) return 1.0;
    // Offset along the normal by the cascade's texel footprint, more at grazing angles: keeps acne away.
    float texelWorld = frame.cascadeTexel[cascade];
    float slope = 1.0 - clamp(dot(normal, toLight), 0.0, 1.0);
    vec3 p = worldPos + normal * texelWorld * (0.5 + slope);
    vec4 clip = frame.cascadeViewProj[cascade] * vec4(p, 1.0);
    vec3 ndc = clip.xyz / clip.w;
    vec2 uv = ndc.xy * 0.5 + 0.5;
    if (any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0))) || ndc.z > 1.0) return 1.0;
    float depth = ndc.z - frame.shadowParams.y;
    float texel = frame.shadowParams.x;
    float lit = 0.0;
    for (int y = -1; y <= 1; ++y)
        for (int x = -1; x <= 1; ++x)
            lit += texture(shadowMap, vec4(uv + vec2(x, y) * texel, float(cascade), depth));
    return lit / 9.0;
}
#endif
