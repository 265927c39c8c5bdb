#version 460
// irradiance.comp — Lambertian irradiance over pi (what the shader multiplies by base colour), by cosine-weighted
// sampling of the source cube at a mip coarse enough that the sample count does not alias.
#extension GL_GOOGLE_include_directive : require
#include "brdf.glsl"

layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 0, binding = 0) uniform samplerCube sourceCube;
layout(set = 0, binding = 1, rgba16f) uniform writeonly image2DArray outCube;
layout(push_constant) uniform Push { vec4 params; } pcIrr; // x = source mip to read

const uint kSamples = 512u;

void main() {
    ivec3 size = imageSize(outCube);
    ivec3 id = ivec3(gl_GlobalInvocationID);
    if (id.x >= size.x || id.y >= size.y || id.z >= 6) return;
    vec3 n = cubeDirection(uint(id.z), (vec2(id.xy) + 0.5) / vec2(size.xy));
    mat3 basis = basisAround(n);
    vec3 sum = vec3(0.0);
    for (uint i = 0u; i < kSamples; ++i) {
        vec2 xi = hammersley(i, kSamples);
        float r = sqrt(xi.y);
        float phi = 2.0 * kPi * xi.x;
        vec3 local = vec3(r * cos(phi), r * sin(phi), sqrt(max(1.0 - xi.y, 0.0)));
        sum += textureLod(sourceCube, basis * local, pcIrr.params.x).rgb;
    }
    imageStore(outCube, id, vec4(sum / float(kSamples), 1.0));
}
