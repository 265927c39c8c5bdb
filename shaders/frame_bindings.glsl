// frame_bindings.glsl — the set 0 (per frame) declarations shared by every scene shader.
#ifndef TV_FRAME_BINDINGS_GLSL
#define TV_FRAME_BINDINGS_GLSL
#include "shader_interface.h"

layout(set = 0, binding = kBindingFrame) uniform FrameBlock { FrameUniforms frame; };
layout(std430, set = 0, binding = kBindingInstances) readonly buffer InstanceBlock { InstanceData instances[]; };
layout(std430, set = 0, binding = kBindingJoints) readonly buffer JointBlock { mat4 jointMatrices[]; };
layout(std430, set = 0, binding = kBindingWeights) readonly buffer WeightBlock { float morphWeights[]; };
layout(set = 0, binding = kBindingBrdfLut) uniform sampler2D brdfLut;
layout(set = 0, binding = kBindingIrradiance) uniform samplerCube irradianceMap;
layout(set = 0, binding = kBindingPrefiltered) uniform samplerCube prefilteredMap;
layout(set = 0, binding = kBindingShadowMap) uniform sampler2DArrayShadow shadowMap;
layout(set = 0, binding = kBindingSky) uniform samplerCube skyMap;
layout(set = 0, binding = kBindingTransmission) uniform sampler2D transmissionFramebuffer;
layout(set = 0, binding = kBindingHighlightMask) uniform sampler2D highlightMask;

layout(push_constant) uniform PushBlock { DrawPush pc; };

// Per-view values. The *_multiview.* variants define TV_MULTIVIEW (and enable GL_EXT_multiview): each eye's matrices
// come from frame.views[gl_ViewIndex]; the single-view shaders read the same fields they always did, so mono frames
// compile to the same code. frame.view (view depth for cascade selection) is shared by both eyes on purpose.
#ifdef TV_MULTIVIEW
#define TV_VIEW_PROJ frame.views[gl_ViewIndex].viewProj
#define TV_INV_VIEW_PROJ frame.views[gl_ViewIndex].invViewProj
#define TV_CAMERA_POS frame.views[gl_ViewIndex].cameraPos
#else
#define TV_VIEW_PROJ frame.viewProj
#define TV_INV_VIEW_PROJ frame.invViewProj
#define TV_CAMERA_POS frame.cameraPos
#endif
#endif
