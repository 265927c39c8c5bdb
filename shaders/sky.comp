#version 460
// sky.comp — the default lighting's procedural environment: an analytic sky gradient (zenith, horizon, ground)
// with a soft glow around the sun, written into the 6 layers of a cube map. The sun disc itself is not in the
// cube (the sun is a directional light; putting it in the IBL too would count it twice).
#extension GL_GOOGLE_include_directive : require
#include "brdf.glsl"

layout(local_size_x = 8, local_size_y = 8) in;
layout(set = 0, binding = 0, rgba16f) uniform writeonly image2DArray cubeImage;
layout(push_constant) uniform Push { vec4 sunDir; } pcSky; // xyz direction of travel of the sunlight

vec3 skyRadiance(vec3 d) {
    vec3 toSun = -normalize(pcSky.sunDir.xyz);
    const vec3 zenith = vec3(0.16, 0.30, 0.62);
    const vec3 horizon = vec3(0.62, 0.70, 0.80);
    const vec3 ground = vec3(0.20, 0.18, 0.16);
    vec3 c;
    if (d.y >= 0.0) {
        float t = pow(1.0 - d.y, 4.0);
        c = mix(zenith, horizon, t);
    } else {
        float t = pow(1.0 + d.y, 8.0);
        c = mix(ground, horizon * 0.6, t);
    }
    float cosSun = max(dot(d, toSun), 0.0);
    c += vec3(1.0, 0.85, 0.6) * (0.6 * pow(cosSun, 32.0) + 0.15 * pow(cosSun, 4.0)) * step(0.0, d.y + 0.05);
    return c;
}

void main() {
    ivec3 size = imageSize(cubeImage);
    ivec3 id = ivec3(gl_GlobalInvocationID);
    if (id.x >= size.x || id.y >= size.y || id.z >= 6) return;
    vec3 d = cubeDirection(uint(id.z), (vec2(id.xy) + 0.5) / vec2(size.xy));
    imageStore(cubeImage, id, vec4(skyRadiance(d), 1.0));
}
