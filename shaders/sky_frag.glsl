// sky_frag.glsl — the body of sky.frag / sky_multiview.frag: the default lighting's background: the procedural sky
// cube plus the sun disc, tone mapped like the scene (linear into the transmission framebuffer). Only drawn where no
// geometry was (depth test against the cleared far value).
#include "frame_bindings.glsl"
#include "tonemap.glsl"

layout(constant_id = 0) const bool kSrgbTarget = false;
layout(location = 0) in vec2 inNdc;
layout(location = 0) out vec4 outColor;

void main() {
    vec4 nearPoint = TV_INV_VIEW_PROJ * vec4(inNdc, 1.0, 1.0);
    vec4 farPoint = TV_INV_VIEW_PROJ * vec4(inNdc, 0.0001, 1.0);
    vec3 dir = normalize(farPoint.xyz / farPoint.w - nearPoint.xyz / nearPoint.w);
    vec3 color = texture(skyMap, dir).rgb;
    vec3 toSun = -frame.sun.xyz;
    float cosAngle = dot(dir, toSun);
    float disc = smoothstep(cos(frame.sun.w * 1.3), cos(frame.sun.w), cosAngle);
    color += disc * vec3(40.0, 36.0, 30.0);
    // Behind transmissive surfaces the sky is seen through them: linear like the rest of that framebuffer.
    outColor = pc.pass == kPassTransmission ? vec4(color, 1.0) : vec4(displayEncode(color, kSrgbTarget), 1.0);
}
