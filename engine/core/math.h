// Math conventions for the whole engine: glm, right-handed, +Y up (glTF world space), column vectors,
// quaternions stored as glm::quat (w,x,y,z constructor order!) — glTF stores rotations as x,y,z,w.
#pragma once

#define GLM_FORCE_DEPTH_ZERO_TO_ONE
#define GLM_ENABLE_EXPERIMENTAL
#include <glm/glm.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>
#include <glm/gtc/type_ptr.hpp>

#include <limits>

namespace tv {

using glm::mat3;
using glm::mat4;
using glm::quat;
using glm::uvec4;
using glm::vec2;
using glm::vec3;
using glm::vec4;

struct Aabb {
    vec3 min{std::numeric_limits<float>::max()};
    vec3 max{-std::numeric_limits<float>::max()};

    bool empty() const { return min.x > max.x; }
    void extend(const vec3& p) {
        min = glm::min(min, p);
        max = glm::max(max, p);
    }
    void extend(const Aabb& b) {
        if (!b.empty()) {
            extend(b.min);
            extend(b.max);
        }
    }
    vec3 center() const { return (min + max) * 0.5f; }
    vec3 extent() const { return max - min; }
    // The 8 corners transformed by m, re-enclosed (what the Khronos viewer does for framing).
    Aabb transformed(const mat4& m) const {
        Aabb out;
        if (empty()) return out;
        for (int i = 0; i < 8; ++i) {
            vec3 c{(i & 1) ? max.x : min.x, (i & 2) ? max.y : min.y, (i & 4) ? max.z : min.z};
            out.extend(vec3(m * vec4(c, 1.0f)));
        }
        return out;
    }
};

// Translation/rotation/scale of a node; the composed matrix is T * R * S (glTF order).
struct Transform {
    vec3 translation{0.0f};
    quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
    vec3 scale{1.0f};

    mat4 matrix() const {
        return glm::translate(mat4(1.0f), translation) * glm::mat4_cast(rotation) * glm::scale(mat4(1.0f), scale);
    }
};

} // namespace tv
