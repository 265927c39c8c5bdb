// Stereo view math: OpenXR-style eyes (pose + asymmetric XrFovf angles) to view and reversed-Z projection matrices,
// and the shared "centre" camera of a stereo frame. Pure math; any thread.
#include "gfx/renderer_impl.h"

#include <algorithm>
#include <cmath>

namespace tv::gfx {

mat4 stereoView(const StereoEye& eye) {
    // world -> eye = inverse(translate(position) * rotate(orientation)).
    mat4 rotation = glm::mat4_cast(glm::conjugate(glm::normalize(eye.orientation)));
    return rotation * glm::translate(mat4(1.0f), -eye.position);
}

mat4 stereoProjection(const StereoEye& eye, float znear, float zfar) {
    const float l = std::tan(eye.angleLeft), r = std::tan(eye.angleRight);
    const float u = std::tan(eye.angleUp), d = std::tan(eye.angleDown);
    const float n = std::max(znear, 1e-6f);
    mat4 p(0.0f);
    // x_ndc = (2 x/(-z) - (r + l)) / (r - l); Vulkan's +Y is down, so y_ndc = ((u + d) - 2 y/(-z)) / (u - d).
    p[0][0] = 2.0f / (r - l);
    p[2][0] = (r + l) / (r - l);
    p[1][1] = -2.0f / (u - d);
    p[2][1] = -(u + d) / (u - d);
    p[2][3] = -1.0f;
    if (std::isinf(zfar)) {
        // Reversed-Z, infinite far plane: depth = n / (-z).
        p[2][2] = 0.0f;
        p[3][2] = n;
    } else {
        // The same reversed-Z mapping as ViewCamera::projection: -n -> 1, -f -> 0.
        const float f = std::max(zfar, n * 1.0001f);
        p[2][2] = n / (f - n);
        p[3][2] = f * n / (f - n);
    }
    return p;
}

StereoEye stereoEyeFromCamera(const scene::ViewCamera& camera, float aspect) {
    StereoEye eye;
    eye.position = camera.eye;
    // camera.view()'s rotation maps world to eye space; the eye's orientation is its inverse.
    eye.orientation = glm::conjugate(glm::normalize(glm::quat_cast(mat3(camera.view()))));
    const float tanY = std::tan(camera.yfov * 0.5f);
    eye.angleUp = std::atan(tanY);
    eye.angleDown = -eye.angleUp;
    eye.angleRight = std::atan(tanY * aspect);
    eye.angleLeft = -eye.angleRight;
    return eye;
}

std::array<StereoEye, 2> stereoEyesAround(const scene::ViewCamera& camera, float aspect, float ipd) {
    StereoEye centre = stereoEyeFromCamera(camera, aspect);
    const vec3 right = centre.orientation * vec3(1.0f, 0.0f, 0.0f);
    std::array<StereoEye, 2> eyes{centre, centre};
    eyes[0].position -= right * (ipd * 0.5f);
    eyes[1].position += right * (ipd * 0.5f);
    return eyes;
}

StereoFrame makeStereoFrame(std::span<const StereoEye, 2> eyes, const StereoOptions& options) {
    StereoFrame s;
    for (uint32_t i = 0; i < 2; ++i) {
        s.view[i] = stereoView(eyes[i]);
        s.proj[i] = stereoProjection(eyes[i], options.znear, options.zfar);
        s.eye[i] = eyes[i].position;
    }
    // The centre camera: a symmetric frustum, set back behind the midpoint of the eyes so that it contains both
    // eye frusta (exactly for parallel eyes, nearly for canted ones). Shadow cascades are fitted to it once for
    // both eyes, and its view depth selects the cascade in both eyes' shaders, so they agree on every shadow.
    const quat orientation =
        glm::normalize(glm::slerp(glm::normalize(eyes[0].orientation), glm::normalize(eyes[1].orientation), 0.5f));
    const vec3 forward = orientation * vec3(0.0f, 0.0f, -1.0f);
    const vec3 up = orientation * vec3(0.0f, 1.0f, 0.0f);
    float tanX = 1e-3f, tanY = 1e-3f;
    for (const StereoEye& e : eyes) {
        tanX = std::max({tanX, std::abs(std::tan(e.angleLeft)), std::abs(std::tan(e.angleRight))});
        tanY = std::max({tanY, std::abs(std::tan(e.angleUp)), std::abs(std::tan(e.angleDown))});
    }
    const vec3 mid = (eyes[0].position + eyes[1].position) * 0.5f;
    const float halfSeparation = glm::length(eyes[1].position - eyes[0].position) * 0.5f;
    const float back = halfSeparation / tanX;
    s.centre.eye = mid - forward * back;
    s.centre.target = s.centre.eye + forward;
    s.centre.up = up;
    s.centre.yfov = 2.0f * std::atan(tanY);
    s.centre.znear = options.znear + back;
    s.centre.zfar = std::isinf(options.zfar) ? 1.0e6f : options.zfar + back;
    s.centreAspect = tanX / tanY;
    s.clearAlpha = options.clearAlpha;
    s.drawSky = options.clearAlpha >= 1.0f;
    return s;
}

} // namespace tv::gfx
