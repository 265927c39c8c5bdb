#version 460
// pbr_multiview.frag — pbr_frag.glsl for multiview colour passes (XR stereo): view vector from the eye gl_ViewIndex
// selects.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_multiview : require
#define TV_MULTIVIEW 1
#include "pbr_frag.glsl"
