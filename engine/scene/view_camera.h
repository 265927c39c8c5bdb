// ViewCamera — where the viewer looks from: eye, target, up and lens. Pure math, no Vulkan; shared by the
// renderer, the CLI (--camera), the golden tests and (later) the desktop navigation and XR.
//
// Conventions: world is glTF (+Y up, right-handed). projection() targets Vulkan clip space with REVERSED depth
// (near plane -> 1, far plane -> 0) and Y pointing down in framebuffer space, so the image is upright.
#pragma once

#include "core/math.h"
#include "scene/asset.h"

namespace tv::scene {

struct ViewCamera {
    vec3 eye{0.0f, 0.0f, 3.0f};
    vec3 target{0.0f};
    vec3 up{0.0f, 1.0f, 0.0f};
    float yfov = 0.7853981634f; // radians, perspective only
    bool orthographic = false;
    float ymag = 1.0f; // orthographic half height
    float znear = 0.01f;
    float zfar = 1000.0f;

    mat4 view() const;
    mat4 projection(float aspect) const; // reversed-Z, Vulkan clip space
    vec3 forward() const { return glm::normalize(target - eye); }
};

// The Khronos glTF Sample Viewer's automatic framing (see ../shared/gltf-reference/README.md): looks down -Z at
// the bounds' centre from dist = 1.05 r / sin(fov/2), fov = min(yfov, hfov), r = |max-min|/2.
ViewCamera frameBounds(const Aabb& bounds, float yfovRad, float aspect);

// The same framing distance, seen from `direction` (pointing from the target towards the eye), e.g. an elevated
// three-quarter view for overviews of a site. Near/far enclose the bounds.
ViewCamera frameBoundsFrom(const Aabb& bounds, float yfovRad, float aspect, vec3 direction);

// Chooses near/far for a camera so that `bounds` is entirely between them (with margin), for --camera.
void fitDepthRange(ViewCamera& camera, const Aabb& bounds);

// A glTF camera placed by a node's world matrix.
ViewCamera fromGltfCamera(const Camera& camera, const mat4& world, const Aabb& sceneBounds);

} // namespace tv::scene
