#version 460
// shadow_clip.frag — the shadow pass's fragment stage while section planes are active: cut-away geometry casts no
// shadow. (Without planes the shadow pass is depth-only, with no fragment shader at all.)
#extension GL_GOOGLE_include_directive : require
#include "frame_bindings.glsl"
#include "section.glsl"

layout(location = 0) in vec3 inWorldPos;

void main() {
    if (sectionClipped(inWorldPos)) discard;
}
