#version 460
// outline.frag — full-screen pass after tone mapping: a pixel outside the highlight mask within
// frame.counts.z pixels of a masked one gets the outline colour (selection wins over hover), blended over the
// frame already in the target. Display-space colours, pre-compensated for _SRGB targets like pbr.frag's output.
#extension GL_GOOGLE_include_directive : require
#include "frame_bindings.glsl"
#include "tonemap.glsl"

layout(constant_id = 0) const bool kSrgbTarget = false;

layout(location = 0) out vec4 outColor;

void main() {
    ivec2 size = textureSize(highlightMask, 0);
    ivec2 p = ivec2(gl_FragCoord.xy);
    vec2 center = texelFetch(highlightMask, p, 0).rg;
    if (center.r > 0.0) discard; // inside the selection: never outlined
    int radius = int(frame.counts.z);
    vec2 near = vec2(0.0);
    for (int dy = -radius; dy <= radius && near.r == 0.0; ++dy) { // a selected neighbour settles it
        for (int dx = -radius; dx <= radius; ++dx) {
            if (dx * dx + dy * dy > radius * radius + radius) continue; // a round brush
            ivec2 q = clamp(p + ivec2(dx, dy), ivec2(0), size - 1);
            near = max(near, texelFetch(highlightMask, q, 0).rg);
        }
    }
    vec4 c;
    if (near.r > 0.0) c = frame.outlineSelected;
    else if (near.g > 0.0 && center.g == 0.0) c = frame.outlineHovered;
    else discard;
    outColor = vec4(kSrgbTarget ? srgbToLinear(c.rgb) : c.rgb, c.a);
}
