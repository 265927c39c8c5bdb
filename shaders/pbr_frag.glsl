// pbr_frag.glsl — the body of pbr.frag / pbr_multiview.frag: glTF metallic-roughness shading: image-based light
// (split-sum + multiple scattering), punctual lights, cascaded sun shadow (default lighting), thin-walled
// KHR_materials_transmission, emissive, unlit; tone mapped and encoded for the target, or linear for the transmission
// framebuffer (kPassTransmission). Section planes discard cut-away fragments and draw the back faces of closed surfaces
// seen through the cut in the flat cap colour.
#include "frame_bindings.glsl"
#include "material_bindings.glsl"
#include "brdf.glsl"
#include "tonemap.glsl"
#include "shadow.glsl"
#include "transmission.glsl"
#include "section.glsl"

layout(constant_id = 0) const bool kSrgbTarget = false;

layout(location = 0) in vec3 inWorldPos;
layout(location = 1) in vec3 inNormal;
layout(location = 2) in vec3 inTangent;
layout(location = 3) in vec3 inBitangent;
layout(location = 4) in vec4 inUv;
layout(location = 5) in vec4 inColor;
layout(location = 6) flat in uint inPickId;
layout(location = 7) in float inViewDepth;

layout(location = 0) out vec4 outColor;

float clampedDot(vec3 a, vec3 b) { return clamp(dot(a, b), 0.0, 1.0); }

// Split-sum specular Fresnel-times-albedo with Fdez-Aguera multiple scattering (as the Sample Renderer).
vec3 iblGgxFresnel(float NdotV, float roughness, vec3 f0) {
    vec2 fab = texture(brdfLut, clamp(vec2(NdotV, roughness), vec2(0.0), vec2(1.0))).rg;
    vec3 fr = max(vec3(1.0 - roughness), f0) - f0;
    vec3 kS = f0 + fr * pow(1.0 - NdotV, 5.0);
    vec3 fssEss = kS * fab.x + fab.y;
    float ems = 1.0 - (fab.x + fab.y);
    vec3 fAvg = f0 + (1.0 - f0) / 21.0;
    vec3 fmsEms = ems * fssEss * fAvg / (1.0 - fAvg * ems);
    return fssEss + fmsEms;
}

vec3 lightRadiance(LightData light, vec3 pointToLight) {
    uint type = uint(light.positionType.w);
    vec3 radiance = light.colorIntensity.rgb * light.colorIntensity.w;
    if (type == kLightDirectional) return radiance;
    float dist = length(pointToLight);
    float range = light.directionRange.w;
    float attenuation = range <= 0.0 ? 1.0 / (dist * dist)
                                     : clamp(1.0 - pow(dist / range, 4.0), 0.0, 1.0) / (dist * dist);
    if (type == kLightSpot) {
        float actualCos = dot(normalize(light.directionRange.xyz), normalize(-pointToLight));
        float outerCos = light.cone.x, innerCos = light.cone.y;
        float spot = 0.0;
        if (actualCos > outerCos) {
            spot = 1.0;
            if (actualCos < innerCos) {
                float t = (actualCos - outerCos) / (innerCos - outerCos);
                spot = t * t;
            }
        }
        attenuation *= spot;
    }
    return radiance * attenuation;
}

void main() {
    if (frame.counts.y > 0u) {
        if (sectionClipped(inWorldPos)) discard;
        // The cap: a closed solid cut open shows its inside, i.e. back faces; drawn flat they read as the cut face.
        if (!gl_FrontFacing && (pc.flags & kDrawCapBackFaces) != 0u) {
            vec3 cap = frame.capColor.rgb;
            if (pc.pass == kPassTransmission) cap = pow(cap, vec3(2.2)); // linear framebuffer
            else if (kSrgbTarget) cap = srgbToLinear(cap);
            outColor = vec4(cap, 1.0);
            return;
        }
    }
    vec4 base = materialBaseColor(inUv, inColor, pc.flags, pc.overrideBaseColor);
    uint alphaMode = material.flags.x;
    if (alphaMode == kAlphaMask) {
        if (base.a < material.params.z) discard;
        base.a = 1.0;
    } else if (alphaMode == kAlphaOpaque) {
        base.a = 1.0;
    }
    base.a *= pc.overrideEmissive.w;

    vec3 color;
    if ((material.flags.y & kMatUnlit) != 0u) {
        color = base.rgb;
    } else {
        vec3 v = frame.cameraPos.w > 0.5 ? -frame.cameraForward.xyz : normalize(TV_CAMERA_POS.xyz - inWorldPos);

        // Geometric frame; without a NORMAL stream the face normal comes from screen-space derivatives.
        vec3 ng = (pc.flags & kDrawHasNormals) != 0u ? normalize(inNormal)
                                                    : normalize(cross(dFdx(inWorldPos), dFdy(inWorldPos)));
        vec3 t = inTangent;
        vec3 b = inBitangent;
        if (!gl_FrontFacing) { ng = -ng; t = -t; b = -b; }
        vec3 n = ng;
        if ((material.flags.y & kMatHasNormalTex) != 0u && (pc.flags & kDrawHasTangents) != 0u) {
            vec3 ntex = texture(normalTex, materialUv(2u, inUv)).rgb * 2.0 - 1.0;
            ntex *= vec3(material.scales.x, material.scales.x, 1.0);
            n = normalize(mat3(normalize(t), normalize(b), ng) * normalize(ntex));
        }

        float metallic = material.params.x;
        float roughness = material.params.y;
        if ((material.flags.y & kMatHasMetalRoughTex) != 0u) {
            vec4 mr = texture(metalRoughTex, materialUv(1u, inUv));
            roughness *= mr.g;
            metallic *= mr.b;
        }
        roughness = clamp(roughness, 0.0, 1.0);
        metallic = clamp(metallic, 0.0, 1.0);
        float alpha = roughness * roughness;
        vec3 f0Dielectric = vec3(material.params.w);
        float ior = material.scales.w;

        // KHR_materials_transmission: only where this frame has a transmission framebuffer (it is drawn for
        // transmissive surfaces only; they are not drawn into it themselves).
        float transmission = 0.0;
        if (material.scales.z > 0.0 && frame.transmission.y > 0.5 && pc.pass != kPassTransmission) {
            transmission = material.scales.z;
            if ((material.flags.y & kMatHasTransmissionTex) != 0u)
                transmission *= texture(transmissionTex, materialUv(5u, inUv)).r;
        }

        // Image-based light.
        float NdotV = clampedDot(n, v);
        float envIntensity = frame.env.x;
        vec3 diffuseLight = texture(irradianceMap, n).rgb * envIntensity * base.rgb;
        if (transmission > 0.0)
            diffuseLight = mix(diffuseLight, iblTransmission(inWorldPos, roughness, ior, base.rgb), transmission);
        vec3 reflection = normalize(reflect(-v, n));
        vec3 specularLight = textureLod(prefilteredMap, reflection, roughness * (frame.env.y - 1.0)).rgb * envIntensity;
        vec3 metalIbl = iblGgxFresnel(NdotV, roughness, base.rgb) * specularLight;
        vec3 dielectricIbl = mix(diffuseLight, specularLight, iblGgxFresnel(NdotV, roughness, f0Dielectric));
        vec3 ibl = mix(dielectricIbl, metalIbl, metallic);
        if ((material.flags.y & kMatHasOcclusionTex) != 0u) {
            float ao = texture(occlusionTex, materialUv(3u, inUv)).r;
            ibl *= 1.0 + material.scales.y * (ao - 1.0);
        }
        color = ibl;

        // Punctual lights.
        for (uint i = 0u; i < frame.counts.x; ++i) {
            LightData light = frame.lights[i];
            uint type = uint(light.positionType.w);
            vec3 pointToLight = type == kLightDirectional ? -light.directionRange.xyz
                                                          : light.positionType.xyz - inWorldPos;
            vec3 l = normalize(pointToLight);
            vec3 h = normalize(l + v);
            float NdotL = clampedDot(n, l);
            float NdotH = clampedDot(n, h);
            float VdotH = clampedDot(v, h);
            if (NdotL <= 0.0 && NdotV <= 0.0) continue;
            vec3 radiance = lightRadiance(light, pointToLight);
            if (light.cone.z > 0.5) radiance *= sunShadow(inWorldPos, ng, l, inViewDepth);
            vec3 diffuse = radiance * NdotL * base.rgb / kPi;
            if (transmission > 0.0)
                diffuse = mix(diffuse, radiance * punctualTransmission(n, v, l, alpha, ior, base.rgb), transmission);
            vec3 specular = radiance * NdotL * dGgx(NdotH, alpha) * vSmithGgxCorrelated(NdotL, NdotV, alpha);
            vec3 dielectric = mix(diffuse, specular, fSchlick(f0Dielectric, vec3(1.0), abs(VdotH)));
            vec3 metal = specular * fSchlick(base.rgb, vec3(1.0), abs(VdotH));
            color += mix(dielectric, metal, metallic);
        }
    }

    vec3 emissive = (pc.flags & kDrawOverrideEmissive) != 0u ? pc.overrideEmissive.rgb : material.emissive.rgb;
    if ((material.flags.y & kMatHasEmissiveTex) != 0u) emissive *= texture(emissiveTex, materialUv(4u, inUv)).rgb;
    color += emissive;
    // Stale twin data: fade towards the luminance (and dim a little) so stale entities read as "not live" without
    // losing their shape; desaturation is 0 for everything else.
    if (pc.overrideExtra.x > 0.0) {
        float luma = dot(color, vec3(0.2126, 0.7152, 0.0722));
        color = mix(color, vec3(luma) * 0.8, pc.overrideExtra.x);
    }

    // The transmission framebuffer holds linear colour (clamped to [0,1] by its UNORM format, as the Sample
    // Renderer's RGBA8 one); the target gets the tone-mapped display value.
    outColor = pc.pass == kPassTransmission ? vec4(color, base.a) : vec4(displayEncode(color, kSrgbTarget), base.a);
}
