#version 460
// brdf_lut.comp — the split-sum GGX LUT (x = NdotV, y = perceptual roughness; r = scale, g = bias on F0), 512
// Hammersley importance samples per texel, computed exactly as the Khronos Sample Renderer's LUT generator.
#extension GL_GOOGLE_include_directive : require
#include "brdf.glsl"

layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 0, binding = 0, rg16f) uniform writeonly image2D lutImage;

const uint kSampleCount = 512u;

void main() {
    ivec2 size = imageSize(lutImage);
    ivec2 texel = ivec2(gl_GlobalInvocationID.xy);
    if (texel.x >= size.x || texel.y >= size.y) return;
    float NdotV = (float(texel.x) + 0.5) / float(size.x);
    float roughness = (float(texel.y) + 0.5) / float(size.y);
    float alpha = roughness * roughness;
    vec3 v = vec3(sqrt(1.0 - NdotV * NdotV), 0.0, NdotV);
    float a = 0.0, b = 0.0;
    for (uint i = 0u; i < kSampleCount; ++i) {
        vec3 h = importanceSampleGgx(hammersley(i, kSampleCount), alpha).xyz;
        vec3 l = normalize(reflect(-v, h));
        float NdotL = clamp(l.z, 0.0, 1.0);
        float NdotH = clamp(h.z, 0.0, 1.0);
        float VdotH = clamp(dot(v, h), 0.0, 1.0);
        if (NdotL > 0.0) {
            // V * (VdotH * NdotL / NdotH) is the BRDF over the sampling pdf, without the 4 pulled out below.
            float vPdf = vSmithGgxCorrelated(NdotL, NdotV, alpha) * VdotH * NdotL / NdotH;
            float fc = pow(1.0 - VdotH, 5.0);
            a += (1.0 - fc) * vPdf;
            b += fc * vPdf;
        }
    }
    imageStore(lutImage, texel, vec4(4.0 * a / float(kSampleCount), 4.0 * b / float(kSampleCount), 0.0, 0.0));
}
