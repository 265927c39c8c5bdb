#version 460
// sky.frag — the single-view build of sky_frag.glsl.
#extension GL_GOOGLE_include_directive : require
#include "sky_frag.glsl"
