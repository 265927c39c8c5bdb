#include "xr/core/xr_math.h"

namespace tv::xr {

gfx::StereoEye eyeFromXrView(const XrView& view) {
    gfx::StereoEye eye;
    eye.position = fromXr(view.pose.position);
    eye.orientation = glm::normalize(fromXr(view.pose.orientation));
    eye.angleLeft = view.fov.angleLeft;
    eye.angleRight = view.fov.angleRight;
    eye.angleUp = view.fov.angleUp;
    eye.angleDown = view.fov.angleDown;
    return eye;
}

gfx::StereoEye eyeFromXrView(const XrView& view, const Pose& worldFromReference) {
    gfx::StereoEye eye = eyeFromXrView(view);
    const Pose world = worldFromReference * Pose{eye.position, eye.orientation};
    eye.position = world.position;
    eye.orientation = glm::normalize(world.orientation);
    return eye;
}

} // namespace tv::xr
