#version 460
// pbr_multiview.vert — pbr_vert.glsl for multiview colour passes (XR stereo): clip position from the view
// gl_ViewIndex selects.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_multiview : require
#define TV_MULTIVIEW 1
#include "pbr_vert.glsl"
