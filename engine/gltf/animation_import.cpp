#include "gltf/animation_import.h"

#include "gltf/accessor_reader.h"

#include <algorithm>

namespace tv::gltf::detail {

namespace {

// Components a channel's path animates for `node` (weights: the node's mesh's morph target count; 0 = none).
uint32_t pathComponents(scene::AnimationPath path, const scene::Asset& asset, int32_t node) {
    switch (path) {
    case scene::AnimationPath::Translation:
    case scene::AnimationPath::Scale: return 3;
    case scene::AnimationPath::Rotation: return 4;
    case scene::AnimationPath::Weights: {
        const int32_t mesh = asset.nodes[static_cast<size_t>(node)].mesh;
        if (mesh < 0) return 0;
        return static_cast<uint32_t>(asset.meshes[static_cast<size_t>(mesh)].primitives.front().targets.size());
    }
    }
    return 0;
}

Expected<scene::AnimationSampler> importSampler(ImportContext& ctx, const tinygltf::AnimationSampler& src,
                                                uint32_t components, const std::string& who) {
    scene::AnimationSampler s;
    if (src.interpolation == "LINEAR")
        s.interpolation = scene::Interpolation::Linear;
    else if (src.interpolation == "STEP")
        s.interpolation = scene::Interpolation::Step;
    else if (src.interpolation == "CUBICSPLINE")
        s.interpolation = scene::Interpolation::CubicSpline;
    else
        return parseError(format("%s: interpolation '%s' is not LINEAR, STEP or CUBICSPLINE", who.c_str(),
                                 src.interpolation.c_str()));

    auto times = readFloatAccessor<float>(ctx, src.input, who + " input", /*requireFinite=*/true);
    if (!times) return times.error();
    s.times = std::move(*times);
    for (size_t i = 1; i < s.times.size(); ++i)
        if (!(s.times[i] > s.times[i - 1]))
            return parseError(format("%s: input times are not strictly increasing (key %zu: %g after %g)", who.c_str(),
                                     i, static_cast<double>(s.times[i]), static_cast<double>(s.times[i - 1])));
    if (s.interpolation == scene::Interpolation::CubicSpline && s.times.size() < 2)
        return parseError(format("%s: CUBICSPLINE needs at least 2 keyframes", who.c_str()));

    AccessorInfo info;
    auto values = readFloatsAnyType(ctx, src.output, who + " output", info, /*requireFinite=*/true);
    if (!values) return values.error();
    const uint64_t perKey = s.interpolation == scene::Interpolation::CubicSpline ? 3u : 1u;
    if (components == 3 || components == 4) {
        if (info.components != components || info.rows != components)
            return parseError(format("%s: output accessor %d is %s, expected %s", who.c_str(), src.output,
                                     info.typeName(), components == 3 ? "VEC3" : "VEC4"));
    } else if (info.components != 1) {
        return parseError(format("%s: output accessor %d is %s, expected SCALAR (morph weights)", who.c_str(),
                                 src.output, info.typeName()));
    }
    const uint64_t expected = static_cast<uint64_t>(s.times.size()) * perKey * components;
    if (values->size() != expected)
        return parseError(format("%s: output has %zu values, expected %llu (%zu keys x %llu x %u components)",
                                 who.c_str(), values->size(), static_cast<unsigned long long>(expected), s.times.size(),
                                 static_cast<unsigned long long>(perKey), components));
    s.values = std::move(*values);
    s.components = components;
    return s;
}

} // namespace

Expected<void> importAnimations(ImportContext& ctx, scene::Asset& asset) {
    const tinygltf::Model& model = ctx.model();
    for (size_t a = 0; a < model.animations.size(); ++a) {
        const tinygltf::Animation& src = model.animations[a];
        scene::Animation anim;
        anim.name = src.name;
        // A sampler's component count depends on the channel using it, so samplers are read when their first
        // channel is; a sampler shared by channels that disagree on the count is malformed.
        std::vector<int32_t> samplerMap(src.samplers.size(), -1);
        for (size_t c = 0; c < src.channels.size(); ++c) {
            const tinygltf::AnimationChannel& ch = src.channels[c];
            const std::string who = format("animation %zu channel %zu", a, c);
            if (!validIndex(ch.sampler, src.samplers.size()))
                return boundsError(format("%s: sampler %d does not exist (%zu samplers)", who.c_str(), ch.sampler,
                                          src.samplers.size()));
            scene::AnimationChannel out;
            if (ch.target_path == "translation")
                out.path = scene::AnimationPath::Translation;
            else if (ch.target_path == "rotation")
                out.path = scene::AnimationPath::Rotation;
            else if (ch.target_path == "scale")
                out.path = scene::AnimationPath::Scale;
            else if (ch.target_path == "weights")
                out.path = scene::AnimationPath::Weights;
            else if (ch.target_path == "pointer" || ch.target_path.empty()) {
                ctx.warn(format("%s: target path '%s' is not supported; channel ignored", who.c_str(),
                                ch.target_path.c_str()));
                continue;
            } else {
                return parseError(format("%s: target path '%s' is not translation, rotation, scale or weights",
                                         who.c_str(), ch.target_path.c_str()));
            }
            if (ch.target_node == -1) {
                ctx.warn(format("%s has no target node; channel ignored", who.c_str()));
                continue;
            }
            if (!validIndex(ch.target_node, asset.nodes.size()))
                return boundsError(format("%s: target node %d does not exist (%zu nodes)", who.c_str(), ch.target_node,
                                          asset.nodes.size()));
            out.node = ch.target_node;
            const uint32_t components = pathComponents(out.path, asset, out.node);
            if (components == 0)
                return parseError(
                    format("%s: animates weights of node %d, whose mesh has no morph targets", who.c_str(), out.node));

            const size_t si = static_cast<size_t>(ch.sampler);
            if (samplerMap[si] < 0) {
                auto sampler =
                    importSampler(ctx, src.samplers[si], components, format("animation %zu sampler %zu", a, si));
                if (!sampler) return sampler.error();
                samplerMap[si] = static_cast<int32_t>(anim.samplers.size());
                anim.samplers.push_back(std::move(*sampler));
            } else if (anim.samplers[static_cast<size_t>(samplerMap[si])].components != components) {
                return parseError(format("%s: sampler %d is shared by channels animating %u and %u components",
                                         who.c_str(), ch.sampler,
                                         anim.samplers[static_cast<size_t>(samplerMap[si])].components, components));
            }
            out.sampler = samplerMap[si];
            anim.channels.push_back(out);
        }
        for (const scene::AnimationSampler& s : anim.samplers)
            if (!s.times.empty()) anim.duration = std::max(anim.duration, s.times.back());
        asset.animations.push_back(std::move(anim));
    }
    return {};
}

} // namespace tv::gltf::detail
