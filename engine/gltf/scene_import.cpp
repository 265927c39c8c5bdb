#include "gltf/scene_import.h"

#include "gltf/accessor_reader.h"

#include <cmath>

namespace tv::gltf::detail {

namespace {

bool allFinite(const std::vector<double>& values) {
    for (double v : values)
        if (!std::isfinite(v)) return false;
    return true;
}

Expected<scene::Camera> importCamera(const tinygltf::Camera& src, size_t index) {
    scene::Camera c;
    c.name = src.name;
    const std::string who = format("camera %zu", index);
    if (src.type == "perspective") {
        const auto& p = src.perspective;
        if (!(p.yfov > 0.0) || !std::isfinite(p.yfov) || p.yfov >= M_PI)
            return parseError(format("%s: perspective yfov %g must be in (0, pi)", who.c_str(), p.yfov));
        if (!(p.znear > 0.0) || !std::isfinite(p.znear))
            return parseError(format("%s: perspective znear %g must be > 0", who.c_str(), p.znear));
        if (p.zfar != 0.0 && (!(p.zfar > p.znear) || !std::isfinite(p.zfar)))
            return parseError(
                format("%s: perspective zfar %g must be > znear %g (or absent)", who.c_str(), p.zfar, p.znear));
        if (!(p.aspectRatio >= 0.0) || !std::isfinite(p.aspectRatio))
            return parseError(
                format("%s: perspective aspectRatio %g must be > 0 (or absent)", who.c_str(), p.aspectRatio));
        c.perspective = true;
        c.yfov = static_cast<float>(p.yfov);
        c.aspectRatio = static_cast<float>(p.aspectRatio);
        c.znear = static_cast<float>(p.znear);
        c.zfar = static_cast<float>(p.zfar);
    } else if (src.type == "orthographic") {
        const auto& o = src.orthographic;
        if (o.xmag == 0.0 || o.ymag == 0.0 || !std::isfinite(o.xmag) || !std::isfinite(o.ymag))
            return parseError(format("%s: orthographic xmag/ymag must be non-zero", who.c_str()));
        if (!(o.znear >= 0.0) || !(o.zfar > o.znear) || !std::isfinite(o.zfar))
            return parseError(
                format("%s: orthographic needs 0 <= znear (%g) < zfar (%g)", who.c_str(), o.znear, o.zfar));
        c.perspective = false;
        c.xmag = static_cast<float>(o.xmag);
        c.ymag = static_cast<float>(o.ymag);
        c.znear = static_cast<float>(o.znear);
        c.zfar = static_cast<float>(o.zfar);
    } else {
        return parseError(format("%s: type '%s' is not perspective or orthographic", who.c_str(), src.type.c_str()));
    }
    return c;
}

Expected<scene::Light> importLight(const tinygltf::Light& src, size_t index) {
    scene::Light l;
    l.name = src.name;
    const std::string who = format("light %zu", index);
    if (src.type == "directional")
        l.type = scene::LightType::Directional;
    else if (src.type == "point")
        l.type = scene::LightType::Point;
    else if (src.type == "spot")
        l.type = scene::LightType::Spot;
    else
        return parseError(format("%s: type '%s' is not directional, point or spot", who.c_str(), src.type.c_str()));
    if (!src.color.empty()) {
        if (src.color.size() != 3 || !allFinite(src.color))
            return parseError(format("%s: color must be 3 numbers", who.c_str()));
        l.color = vec3(src.color[0], src.color[1], src.color[2]);
    }
    if (!(src.intensity >= 0.0) || !std::isfinite(src.intensity))
        return parseError(format("%s: intensity %g must be >= 0", who.c_str(), src.intensity));
    if (!(src.range >= 0.0) || !std::isfinite(src.range))
        return parseError(format("%s: range %g must be > 0", who.c_str(), src.range));
    l.intensity = static_cast<float>(src.intensity);
    l.range = static_cast<float>(src.range);
    if (l.type == scene::LightType::Spot) {
        const double inner = src.spot.innerConeAngle, outer = src.spot.outerConeAngle;
        if (!(inner >= 0.0) || !(outer > inner) || !(outer <= M_PI / 2 + 1e-6))
            return parseError(
                format("%s: spot cone angles need 0 <= inner (%g) < outer (%g) <= pi/2", who.c_str(), inner, outer));
        l.innerConeAngle = static_cast<float>(inner);
        l.outerConeAngle = static_cast<float>(outer);
    }
    return l;
}

Expected<void> importInstances(ImportContext& ctx, const tinygltf::Value& ext, size_t nodeIndex, scene::Node& node) {
    const std::string who = format("node %zu EXT_mesh_gpu_instancing", nodeIndex);
    const tinygltf::Value* attributes = member(ext, "attributes");
    if (!attributes || !attributes->IsObject())
        return parseError(format("%s: 'attributes' object missing", who.c_str()));
    std::vector<vec3> translations, scales;
    std::vector<vec4> rotations;
    size_t count = 0;
    auto accessorOf = [&](const char* name, int& out) -> Expected<bool> {
        if (!member(*attributes, name)) return false;
        auto idx = intMember(*attributes, name);
        if (!idx) return parseError(format("%s: %s must be an accessor index", who.c_str(), name));
        out = *idx;
        return true;
    };
    auto checkCount = [&](size_t n, const char* name) -> Expected<void> {
        if (count != 0 && n != count)
            return parseError(format("%s: %s has %zu elements, others have %zu", who.c_str(), name, n, count));
        count = n;
        return {};
    };
    int idx = -1;
    auto has = accessorOf("TRANSLATION", idx);
    if (!has) return has.error();
    if (*has) {
        auto v = readFloatAccessor<vec3>(ctx, idx, who + " TRANSLATION", true);
        if (!v) return v.error();
        translations = std::move(*v);
        TV_GLTF_TRY(checkCount(translations.size(), "TRANSLATION"));
    }
    has = accessorOf("ROTATION", idx);
    if (!has) return has.error();
    if (*has) {
        auto v = readFloatAccessor<vec4>(ctx, idx, who + " ROTATION", true);
        if (!v) return v.error();
        rotations = std::move(*v);
        TV_GLTF_TRY(checkCount(rotations.size(), "ROTATION"));
    }
    has = accessorOf("SCALE", idx);
    if (!has) return has.error();
    if (*has) {
        auto v = readFloatAccessor<vec3>(ctx, idx, who + " SCALE", true);
        if (!v) return v.error();
        scales = std::move(*v);
        TV_GLTF_TRY(checkCount(scales.size(), "SCALE"));
    }
    if (count == 0) return parseError(format("%s: no TRANSLATION, ROTATION or SCALE attribute", who.c_str()));
    TV_GLTF_TRY(ctx.charge(count * sizeof(Transform), who));
    node.instances.resize(count);
    for (size_t i = 0; i < count; ++i) {
        Transform& t = node.instances[i];
        if (!translations.empty()) t.translation = translations[i];
        if (!scales.empty()) t.scale = scales[i];
        if (!rotations.empty()) {
            quat q(rotations[i].w, rotations[i].x, rotations[i].y, rotations[i].z); // glTF stores x,y,z,w
            float len = glm::length(q);
            t.rotation = len > 0.0f ? q / len : quat(1.0f, 0.0f, 0.0f, 0.0f);
        }
    }
    return {};
}

Expected<scene::Node> importNode(ImportContext& ctx, const scene::Asset& asset, size_t index) {
    const tinygltf::Model& model = ctx.model();
    const tinygltf::Node& src = model.nodes[index];
    const std::string who = format("node %zu", index);
    scene::Node n;
    n.name = src.name;

    auto ref = [&](int value, size_t size, const char* what, int32_t& out) -> Expected<void> {
        if (value == -1) return {};
        if (!validIndex(value, size))
            return boundsError(format("%s: %s %d does not exist (the file has %zu)", who.c_str(), what, value, size));
        out = value;
        return {};
    };
    TV_GLTF_TRY(ref(src.mesh, asset.meshes.size(), "mesh", n.mesh));
    TV_GLTF_TRY(ref(src.camera, asset.cameras.size(), "camera", n.camera));
    TV_GLTF_TRY(ref(src.skin, model.skins.size(), "skin", n.skin));
    if (n.skin >= 0 && n.mesh < 0) ctx.warn(format("%s has a skin but no mesh", who.c_str()));

    if (const tinygltf::Value* lp = extension(src.extensions, "KHR_lights_punctual")) {
        auto light = intMember(*lp, "light");
        if (!light) return parseError(format("%s: KHR_lights_punctual needs an integer 'light'", who.c_str()));
        TV_GLTF_TRY(ref(*light, asset.lights.size(), "light", n.light));
    }
    if (const tinygltf::Value* inst = extension(src.extensions, "EXT_mesh_gpu_instancing"))
        TV_GLTF_TRY(importInstances(ctx, *inst, index, n));

    if (!src.matrix.empty()) { // tinygltf does not even parse TRS when a matrix is present: the matrix wins
        if (src.matrix.size() != 16 || !allFinite(src.matrix))
            return parseError(format("%s: matrix must be 16 finite numbers (has %zu)", who.c_str(), src.matrix.size()));
        n.hasMatrix = true;
        for (int c = 0; c < 4; ++c)
            for (int r = 0; r < 4; ++r) n.matrix[c][r] = static_cast<float>(src.matrix[static_cast<size_t>(c * 4 + r)]);
        decomposeMatrix(n.matrix, n.transform);
    } else {
        if (!src.translation.empty()) {
            if (src.translation.size() != 3 || !allFinite(src.translation))
                return parseError(format("%s: translation must be 3 finite numbers", who.c_str()));
            n.transform.translation = vec3(src.translation[0], src.translation[1], src.translation[2]);
        }
        if (!src.rotation.empty()) {
            if (src.rotation.size() != 4 || !allFinite(src.rotation))
                return parseError(format("%s: rotation must be 4 finite numbers (x, y, z, w)", who.c_str()));
            quat q(static_cast<float>(src.rotation[3]), static_cast<float>(src.rotation[0]),
                   static_cast<float>(src.rotation[1]), static_cast<float>(src.rotation[2]));
            float len = glm::length(q);
            n.transform.rotation = len > 0.0f ? q / len : quat(1.0f, 0.0f, 0.0f, 0.0f);
        }
        if (!src.scale.empty()) {
            if (src.scale.size() != 3 || !allFinite(src.scale))
                return parseError(format("%s: scale must be 3 finite numbers", who.c_str()));
            n.transform.scale = vec3(src.scale[0], src.scale[1], src.scale[2]);
        }
    }

    if (!src.weights.empty()) {
        if (n.mesh < 0) return parseError(format("%s: morph weights without a mesh", who.c_str()));
        const size_t targets = asset.meshes[static_cast<size_t>(n.mesh)].primitives.front().targets.size();
        if (src.weights.size() != targets)
            return parseError(format("%s: %zu morph weights but mesh %d has %zu targets", who.c_str(),
                                     src.weights.size(), n.mesh, targets));
        if (!allFinite(src.weights)) return parseError(format("%s: morph weights must be finite", who.c_str()));
        n.weights.assign(src.weights.begin(), src.weights.end());
    }
    n.children.reserve(src.children.size());
    for (int child : src.children) {
        if (!validIndex(child, model.nodes.size()))
            return boundsError(
                format("%s: child %d does not exist (%zu nodes)", who.c_str(), child, model.nodes.size()));
        n.children.push_back(child);
    }
    return n;
}

} // namespace

bool decomposeMatrix(const mat4& m, Transform& out) {
    out = Transform{};
    out.translation = vec3(m[3]);
    vec3 cols[3] = {vec3(m[0]), vec3(m[1]), vec3(m[2])};
    vec3 scale(glm::length(cols[0]), glm::length(cols[1]), glm::length(cols[2]));
    if (glm::dot(cols[0], glm::cross(cols[1], cols[2])) < 0.0f) scale.x = -scale.x;
    out.scale = scale;
    const bool projective = m[0][3] != 0.0f || m[1][3] != 0.0f || m[2][3] != 0.0f || m[3][3] != 1.0f;
    if (scale.x == 0.0f || scale.y == 0.0f || scale.z == 0.0f) {
        // No rotation can be recovered from a collapsed axis; identity reproduces the matrix only when the rest
        // of it is axis-aligned, which the comparison below finds out.
    } else {
        mat3 r(cols[0] / scale.x, cols[1] / scale.y, cols[2] / scale.z);
        // Orthonormalize (Gram–Schmidt) so quat_cast gets a rotation even when the input has shear.
        r[0] = glm::normalize(r[0]);
        r[1] = glm::normalize(r[1] - r[0] * glm::dot(r[0], r[1]));
        r[2] = glm::cross(r[0], r[1]);
        out.rotation = glm::normalize(glm::quat_cast(r));
    }
    if (projective) return false;
    const mat4 back = out.matrix();
    float maxAbs = 0.0f, maxErr = 0.0f;
    for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r) {
            maxAbs = std::max(maxAbs, std::fabs(m[c][r]));
            maxErr = std::max(maxErr, std::fabs(m[c][r] - back[c][r]));
        }
    return maxErr <= 1e-4f * std::max(1.0f, maxAbs);
}

Expected<void> importCamerasAndLights(ImportContext& ctx, scene::Asset& asset) {
    const tinygltf::Model& model = ctx.model();
    for (size_t i = 0; i < model.cameras.size(); ++i) {
        auto c = importCamera(model.cameras[i], i);
        if (!c) return c.error();
        asset.cameras.push_back(std::move(*c));
    }
    for (size_t i = 0; i < model.lights.size(); ++i) {
        auto l = importLight(model.lights[i], i);
        if (!l) return l.error();
        asset.lights.push_back(std::move(*l));
    }
    return {};
}

Expected<void> importNodes(ImportContext& ctx, scene::Asset& asset) {
    const size_t count = ctx.model().nodes.size();
    asset.nodes.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        auto n = importNode(ctx, asset, i);
        if (!n) return n.error();
        asset.nodes.push_back(std::move(*n));
    }
    // Parent links: glTF nodes form a forest, so each node may be listed as a child at most once.
    for (size_t p = 0; p < count; ++p) {
        for (int32_t c : asset.nodes[p].children) {
            scene::Node& child = asset.nodes[static_cast<size_t>(c)];
            if (child.parent >= 0) {
                if (static_cast<size_t>(child.parent) == p)
                    return parseError(format("node %zu lists child %d twice", p, c));
                return parseError(format("node %d has two parents (nodes %d and %zu)", c, child.parent, p));
            }
            child.parent = static_cast<int32_t>(p);
        }
    }
    // With one parent each, a cycle is a parent chain that comes back to itself. Walk each chain once
    // (0 = unvisited, 1 = on the current walk, 2 = known to reach a root).
    std::vector<uint8_t> state(count, 0);
    std::vector<size_t> path;
    for (size_t start = 0; start < count; ++start) {
        path.clear();
        int32_t u = static_cast<int32_t>(start);
        while (u >= 0 && state[static_cast<size_t>(u)] == 0) {
            state[static_cast<size_t>(u)] = 1;
            path.push_back(static_cast<size_t>(u));
            u = asset.nodes[static_cast<size_t>(u)].parent;
        }
        if (u >= 0 && state[static_cast<size_t>(u)] == 1)
            return parseError(format("node hierarchy has a cycle through node %d", u));
        for (size_t v : path) state[v] = 2;
    }
    return {};
}

Expected<void> importScenes(ImportContext& ctx, scene::Asset& asset) {
    const tinygltf::Model& model = ctx.model();
    for (size_t s = 0; s < model.scenes.size(); ++s) {
        scene::SceneDesc desc;
        desc.name = model.scenes[s].name;
        for (int root : model.scenes[s].nodes) {
            if (!validIndex(root, asset.nodes.size()))
                return boundsError(
                    format("scene %zu: node %d does not exist (%zu nodes)", s, root, asset.nodes.size()));
            const int32_t parent = asset.nodes[static_cast<size_t>(root)].parent;
            if (parent >= 0)
                return parseError(format("scene %zu: node %d is not a root (its parent is node %d)", s, root, parent));
            desc.roots.push_back(root);
        }
        asset.scenes.push_back(std::move(desc));
    }
    if (model.defaultScene >= 0 || model.defaultScene < -1) {
        if (!validIndex(model.defaultScene, asset.scenes.size()))
            return boundsError(
                format("default scene %d does not exist (%zu scenes)", model.defaultScene, asset.scenes.size()));
        asset.defaultScene = model.defaultScene;
    } else {
        asset.defaultScene = asset.scenes.empty() ? -1 : 0;
    }
    return {};
}

Expected<void> importSkins(ImportContext& ctx, scene::Asset& asset) {
    const tinygltf::Model& model = ctx.model();
    for (size_t s = 0; s < model.skins.size(); ++s) {
        const tinygltf::Skin& src = model.skins[s];
        const std::string who = format("skin %zu", s);
        scene::Skin skin;
        skin.name = src.name;
        if (src.joints.empty()) return parseError(format("%s has no joints", who.c_str()));
        for (int j : src.joints) {
            if (!validIndex(j, asset.nodes.size()))
                return boundsError(
                    format("%s: joint node %d does not exist (%zu nodes)", who.c_str(), j, asset.nodes.size()));
            skin.joints.push_back(j);
        }
        if (src.skeleton != -1) {
            if (!validIndex(src.skeleton, asset.nodes.size()))
                return boundsError(format("%s: skeleton node %d does not exist (%zu nodes)", who.c_str(), src.skeleton,
                                          asset.nodes.size()));
            skin.skeleton = src.skeleton;
        }
        if (src.inverseBindMatrices >= 0 || src.inverseBindMatrices < -1) {
            auto ibm = readFloatAccessor<mat4>(ctx, src.inverseBindMatrices, who + " inverseBindMatrices", true);
            if (!ibm) return ibm.error();
            if (ibm->size() < skin.joints.size())
                return parseError(format("%s: inverseBindMatrices has %zu matrices for %zu joints", who.c_str(),
                                         ibm->size(), skin.joints.size()));
            ibm->resize(skin.joints.size());
            skin.inverseBindMatrices = std::move(*ibm);
        } else {
            skin.inverseBindMatrices.assign(skin.joints.size(), mat4(1.0f));
        }
        asset.skins.push_back(std::move(skin));
    }
    // Vertex joint indices address the skin's joint list; check them for every mesh a skinned node draws. The
    // largest joint index of each mesh is found once, so many nodes sharing one big mesh cost nothing extra.
    std::vector<int64_t> maxJoint(asset.meshes.size(), -2); // -2 = not computed, -1 = no JOINTS_0
    for (size_t n = 0; n < asset.nodes.size(); ++n) {
        const scene::Node& node = asset.nodes[n];
        if (node.skin < 0 || node.mesh < 0) continue;
        int64_t& top = maxJoint[static_cast<size_t>(node.mesh)];
        if (top == -2) {
            top = -1;
            for (const scene::Primitive& p : asset.meshes[static_cast<size_t>(node.mesh)].primitives)
                for (const uvec4& j : p.joints0)
                    top = std::max<int64_t>(top, std::max(std::max(j.x, j.y), std::max(j.z, j.w)));
        }
        const size_t jointCount = asset.skins[static_cast<size_t>(node.skin)].joints.size();
        if (top >= static_cast<int64_t>(jointCount))
            return boundsError(format("mesh %d: JOINTS_0 value %lld is out of range for skin %d with %zu joints "
                                      "(node %zu)",
                                      node.mesh, static_cast<long long>(top), node.skin, jointCount, n));
    }
    return {};
}

} // namespace tv::gltf::detail
