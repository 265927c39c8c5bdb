#version 460
// pbr.vert — the single-view build of pbr_vert.glsl (every mesh pass of mono frames, shadows).
#extension GL_GOOGLE_include_directive : require
#include "pbr_vert.glsl"
