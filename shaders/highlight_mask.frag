#version 460
// highlight_mask.frag — writes the highlighted draws into the R8G8 mask the outline pass reads (r = selected,
// g = hovered; the pipeline blends with MAX so overlapping draws combine). Drawn without a depth test: the outline
// follows the whole silhouette, occluded parts included (x-ray style, as CAD viewers show a selection). Cut-away
// geometry and MASK cut-outs are left out, so the outline follows what the section leaves.
#extension GL_GOOGLE_include_directive : require
#include "frame_bindings.glsl"
#include "material_bindings.glsl"
#include "section.glsl"

layout(location = 0) in vec3 inWorldPos;
layout(location = 4) in vec4 inUv;
layout(location = 5) in vec4 inColor;
layout(location = 6) flat in uint inHighlight; // InstanceData::ids.z in kPassHighlightMask

layout(location = 0) out vec2 outMask;

void main() {
    if (inHighlight == 0u || sectionClipped(inWorldPos)) discard;
    if (material.flags.x == kAlphaMask) {
        vec4 base = materialBaseColor(inUv, inColor, pc.flags, pc.overrideBaseColor);
        if (base.a < material.params.z) discard;
    }
    outMask = vec2((inHighlight & kHighlightSelected) != 0u ? 1.0 : 0.0,
                   (inHighlight & kHighlightHovered) != 0u ? 1.0 : 0.0);
}
