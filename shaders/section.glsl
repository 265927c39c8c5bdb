// section.glsl — section planes (interact::SectionState::shaderPlanes()): a fragment is cut away when it lies on the
// negative side of any plane. Tested per fragment with discard rather than gl_ClipDistance because the section tools
// need nine planes and Vulkan only guarantees maxClipDistances = 8 (and the shadow pass needs no extra varyings).
#ifndef TV_SECTION_GLSL
#define TV_SECTION_GLSL

bool sectionClipped(vec3 worldPos) {
    for (uint i = 0u; i < frame.counts.y; ++i)
        if (dot(frame.clipPlanes[i].xyz, worldPos) + frame.clipPlanes[i].w < 0.0) return true;
    return false;
}

#endif
