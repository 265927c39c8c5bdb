#version 460
// prefilter.comp — one mip of the GGX prefiltered radiance cube (split-sum, N = V = R), with filtered importance
// sampling: each sample reads the source at a mip matching its pdf, so few samples give a smooth result.
#extension GL_GOOGLE_include_directive : require
#include "brdf.glsl"

layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 0, binding = 0) uniform samplerCube sourceCube;
layout(set = 0, binding = 1, rgba16f) uniform writeonly image2DArray outCube;
layout(push_constant) uniform Push { vec4 params; } pcPre; // x = perceptual roughness, y = source face size

const uint kSamples = 128u;

void main() {
    ivec3 size = imageSize(outCube);
    ivec3 id = ivec3(gl_GlobalInvocationID);
    if (id.x >= size.x || id.y >= size.y || id.z >= 6) return;
    vec3 n = cubeDirection(uint(id.z), (vec2(id.xy) + 0.5) / vec2(size.xy));
    float roughness = pcPre.params.x;
    if (roughness <= 0.0) {
        imageStore(outCube, id, vec4(textureLod(sourceCube, n, 0.0).rgb, 1.0));
        return;
    }
    float alpha = roughness * roughness;
    mat3 basis = basisAround(n);
    float sourceSize = pcPre.params.y;
    float texelSolidAngle = 4.0 * kPi / (6.0 * sourceSize * sourceSize);
    vec3 sum = vec3(0.0);
    float weight = 0.0;
    for (uint i = 0u; i < kSamples; ++i) {
        vec4 hp = importanceSampleGgx(hammersley(i, kSamples), alpha);
        vec3 h = basis * hp.xyz;
        vec3 l = normalize(reflect(-n, h));
        float NdotL = dot(n, l);
        if (NdotL <= 0.0) continue;
        float pdf = hp.w / 4.0; // V = N: the Jacobian 1 / (4 VdotH) with VdotH = NdotH cancels the NdotH in pdf
        float sampleSolidAngle = 1.0 / (float(kSamples) * pdf + 1e-6);
        float lod = max(0.5 * log2(sampleSolidAngle / texelSolidAngle) + 1.0, 0.0);
        sum += textureLod(sourceCube, l, lod).rgb * NdotL;
        weight += NdotL;
    }
    imageStore(outCube, id, vec4(sum / max(weight, 1e-6), 1.0));
}
