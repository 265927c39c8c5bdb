#version 460
// sky_multiview.frag — sky_frag.glsl for multiview passes (XR stereo): view rays from the eye gl_ViewIndex selects.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_multiview : require
#define TV_MULTIVIEW 1
#include "sky_frag.glsl"
