#version 460
// pbr.frag — the single-view build of pbr_frag.glsl.
#extension GL_GOOGLE_include_directive : require
#include "pbr_frag.glsl"
