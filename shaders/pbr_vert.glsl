// pbr_vert.glsl — the body of pbr.vert / pbr_multiview.vert: every mesh pass (colour, shadow, pick, highlight mask):
// skinning, morph targets, per-instance transforms.
#include "frame_bindings.glsl"

layout(location = kAttrPosition) in vec3 inPosition;
layout(location = kAttrNormal) in vec3 inNormal;
layout(location = kAttrTangent) in vec4 inTangent;
layout(location = kAttrUv0) in vec2 inUv0;
layout(location = kAttrUv1) in vec2 inUv1;
layout(location = kAttrColor) in vec4 inColor;
layout(location = kAttrJoints) in uvec4 inJoints;
layout(location = kAttrWeights) in vec4 inWeights;

layout(std430, set = 2, binding = kBindingMorphDeltas) readonly buffer MorphBlock { vec4 morphDeltas[]; };

layout(location = 0) out vec3 outWorldPos;
layout(location = 1) out vec3 outNormal;
layout(location = 2) out vec3 outTangent;
layout(location = 3) out vec3 outBitangent;
layout(location = 4) out vec4 outUv;       // xy = TEXCOORD_0, zw = TEXCOORD_1
layout(location = 5) out vec4 outColor;
layout(location = 6) flat out uint outPickId;
layout(location = 7) out float outViewDepth;

void main() {
    vec3 position = inPosition;
    vec3 normal = inNormal;
    vec3 tangent = inTangent.xyz;

    if ((pc.flags & kDrawMorphed) != 0u) {
        uint v = uint(gl_VertexIndex);
        for (uint t = 0u; t < pc.morphTargets; ++t) {
            float w = morphWeights[pc.weightBase + t];
            if (w == 0.0) continue;
            uint base = pc.morphBase + t * 3u * pc.vertexCount;
            position += w * morphDeltas[base + v].xyz;
            normal += w * morphDeltas[base + pc.vertexCount + v].xyz;
            tangent += w * morphDeltas[base + 2u * pc.vertexCount + v].xyz;
        }
    }

    InstanceData inst = instances[gl_InstanceIndex];
    mat4 model = inst.model;
    mat3 normalMatrix = mat3(inst.normalMatrix[0].xyz, inst.normalMatrix[1].xyz, inst.normalMatrix[2].xyz);
    if ((pc.flags & kDrawSkinned) != 0u) {
        mat4 skin = inWeights.x * jointMatrices[pc.jointBase + inJoints.x] +
                    inWeights.y * jointMatrices[pc.jointBase + inJoints.y] +
                    inWeights.z * jointMatrices[pc.jointBase + inJoints.z] +
                    inWeights.w * jointMatrices[pc.jointBase + inJoints.w];
        model = model * skin;
        normalMatrix = normalMatrix * transpose(inverse(mat3(skin)));
    }

    vec4 world = model * vec4(position, 1.0);
    outWorldPos = world.xyz;
    outNormal = normalize(normalMatrix * normal);
    // Like the Sample Renderer: the bitangent is built per vertex and interpolated, not rebuilt per fragment.
    outTangent = normalize(mat3(model) * tangent);
    outBitangent = cross(outNormal, outTangent) * inTangent.w;
    outUv = vec4(inUv0, inUv1);
    outColor = inColor;
    outPickId = pc.pass == kPassHighlightMask ? inst.ids.z : inst.ids.x;
    outViewDepth = -(frame.view * world).z;

    if (pc.pass == kPassShadow) gl_Position = frame.cascadeViewProj[pc.viewIndex] * world;
    else gl_Position = TV_VIEW_PROJ * world;
    gl_PointSize = 1.0;
}
