#version 460
// pick.frag — writes the instance's pick id (R32_UINT) so one pixel read back names the node under the cursor.
// Section planes and MASK materials discard like in the colour pass, so cut-away geometry and holes in cut-out
// materials pick what is behind them.
#extension GL_GOOGLE_include_directive : require
#include "frame_bindings.glsl"
#include "material_bindings.glsl"
#include "section.glsl"

layout(location = 0) in vec3 inWorldPos;

layout(location = 4) in vec4 inUv;
layout(location = 5) in vec4 inColor;
layout(location = 6) flat in uint inPickId;

layout(location = 0) out uint outId;

void main() {
    if (frame.counts.y > 0u && sectionClipped(inWorldPos)) discard; // pick what the section leaves visible
    if (material.flags.x == kAlphaMask) {
        vec4 base = materialBaseColor(inUv, inColor, pc.flags, pc.overrideBaseColor);
        if (base.a < material.params.z) discard;
    }
    outId = inPickId;
}
