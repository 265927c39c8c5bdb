#include "gltf/material_import.h"

#include "gltf/safe_fs.h"

#include <cmath>

namespace tv::gltf::detail {

namespace {

Expected<scene::Wrap> mapWrap(int mode, const std::string& who) {
    switch (mode) {
    case TINYGLTF_TEXTURE_WRAP_REPEAT: return scene::Wrap::Repeat;
    case TINYGLTF_TEXTURE_WRAP_MIRRORED_REPEAT: return scene::Wrap::MirroredRepeat;
    case TINYGLTF_TEXTURE_WRAP_CLAMP_TO_EDGE: return scene::Wrap::ClampToEdge;
    default: return parseError(format("%s: wrap mode %d is not a glTF wrap mode", who.c_str(), mode));
    }
}

Expected<scene::Sampler> importSampler(const tinygltf::Sampler& src, int index) {
    const std::string who = format("sampler %d", index);
    scene::Sampler s;
    switch (src.magFilter) {
    case -1:
    case TINYGLTF_TEXTURE_FILTER_LINEAR: s.magFilter = scene::Filter::Linear; break;
    case TINYGLTF_TEXTURE_FILTER_NEAREST: s.magFilter = scene::Filter::Nearest; break;
    default: return parseError(format("%s: magFilter %d is not NEAREST or LINEAR", who.c_str(), src.magFilter));
    }
    using F = scene::Filter;
    switch (src.minFilter) {
    case -1:
        s.minFilter = F::Linear;
        s.mipFilter = F::Linear;
        s.useMips = true;
        break; // glTF leaves it to us
    case TINYGLTF_TEXTURE_FILTER_NEAREST:
        s.minFilter = F::Nearest;
        s.useMips = false;
        break;
    case TINYGLTF_TEXTURE_FILTER_LINEAR:
        s.minFilter = F::Linear;
        s.useMips = false;
        break;
    case TINYGLTF_TEXTURE_FILTER_NEAREST_MIPMAP_NEAREST:
        s.minFilter = F::Nearest;
        s.mipFilter = F::Nearest;
        break;
    case TINYGLTF_TEXTURE_FILTER_LINEAR_MIPMAP_NEAREST:
        s.minFilter = F::Linear;
        s.mipFilter = F::Nearest;
        break;
    case TINYGLTF_TEXTURE_FILTER_NEAREST_MIPMAP_LINEAR:
        s.minFilter = F::Nearest;
        s.mipFilter = F::Linear;
        break;
    case TINYGLTF_TEXTURE_FILTER_LINEAR_MIPMAP_LINEAR:
        s.minFilter = F::Linear;
        s.mipFilter = F::Linear;
        break;
    default: return parseError(format("%s: minFilter %d is not a glTF filter", who.c_str(), src.minFilter));
    }
    auto wrapS = mapWrap(src.wrapS, who + " wrapS");
    if (!wrapS) return wrapS.error();
    auto wrapT = mapWrap(src.wrapT, who + " wrapT");
    if (!wrapT) return wrapT.error();
    s.wrapS = *wrapS;
    s.wrapT = *wrapT;
    return s;
}

bool finite(double v) { return std::isfinite(v); }

Expected<scene::TextureRef> importTextureRef(ImportContext& ctx, int index, int texCoord,
                                             const tinygltf::ExtensionMap& extensions, size_t textureCount,
                                             const std::string& who) {
    scene::TextureRef ref;
    if (index < 0) {
        if (index != -1) return boundsError(format("%s: texture index %d is negative", who.c_str(), index));
        return ref;
    }
    if (static_cast<size_t>(index) >= textureCount)
        return boundsError(format("%s: texture %d does not exist (%zu textures)", who.c_str(), index, textureCount));
    if (texCoord < 0) return parseError(format("%s: texCoord %d is negative", who.c_str(), texCoord));

    if (const tinygltf::Value* tt = extension(extensions, "KHR_texture_transform")) {
        bool ok = true;
        scene::TextureTransform& t = ref.transform;
        t.present = true;
        if (auto v = numberArrayMember(*tt, "offset", 2, ok); v) t.offset = vec2((*v)[0], (*v)[1]);
        if (!ok) return parseError(format("%s: KHR_texture_transform offset must be 2 numbers", who.c_str()));
        if (auto v = numberArrayMember(*tt, "scale", 2, ok); v) t.scale = vec2((*v)[0], (*v)[1]);
        if (!ok) return parseError(format("%s: KHR_texture_transform scale must be 2 numbers", who.c_str()));
        if (member(*tt, "rotation")) {
            auto r = numberMember(*tt, "rotation");
            if (!r) return parseError(format("%s: KHR_texture_transform rotation must be a number", who.c_str()));
            t.rotation = static_cast<float>(*r);
        }
        if (member(*tt, "texCoord")) {
            auto tc = intMember(*tt, "texCoord");
            if (!tc || *tc < 0)
                return parseError(
                    format("%s: KHR_texture_transform texCoord must be a non-negative integer", who.c_str()));
            texCoord = *tc; // the extension overrides the textureInfo's set
        }
        if (!std::isfinite(t.offset.x) || !std::isfinite(t.offset.y) || !std::isfinite(t.scale.x) ||
            !std::isfinite(t.scale.y) || !std::isfinite(t.rotation))
            return parseError(format("%s: KHR_texture_transform has a non-finite value", who.c_str()));
    }
    if (texCoord > 1) {
        // Only TEXCOORD_0/1 are imported; sampling set 0 instead would look plausible and be wrong.
        ctx.warn(format("%s: TEXCOORD_%d is not supported (only 0 and 1); texture ignored", who.c_str(), texCoord));
        return scene::TextureRef{};
    }
    ref.texture = index;
    ref.texCoord = static_cast<uint32_t>(texCoord);
    return ref;
}

// A textureInfo object inside a material extension: tinygltf leaves it as a raw Value, so index, texCoord and its
// own extensions (KHR_texture_transform) are read here and then checked like the core texture slots.
Expected<scene::TextureRef> importExtensionTextureInfo(ImportContext& ctx, const tinygltf::Value& info,
                                                       size_t textureCount, const std::string& who) {
    if (!info.IsObject()) return parseError(format("%s must be a textureInfo object", who.c_str()));
    auto index = intMember(info, "index");
    if (!index) return parseError(format("%s: index must be an integer", who.c_str()));
    if (*index < 0) return boundsError(format("%s: texture index %d is negative", who.c_str(), *index));
    int texCoord = 0;
    if (member(info, "texCoord")) {
        auto tc = intMember(info, "texCoord");
        if (!tc) return parseError(format("%s: texCoord must be an integer", who.c_str()));
        texCoord = *tc;
    }
    tinygltf::ExtensionMap extensions;
    if (const tinygltf::Value* ext = member(info, "extensions")) {
        if (!ext->IsObject()) return parseError(format("%s: extensions must be an object", who.c_str()));
        for (const std::string& key : ext->Keys()) extensions[key] = ext->Get(key);
    }
    return importTextureRef(ctx, *index, texCoord, extensions, textureCount, who);
}

} // namespace

Expected<void> importTextures(ImportContext& ctx, tinygltf::Model& model, const std::map<int, std::string>& failures,
                              scene::Asset& asset) {
    const bool decode = ctx.options().decodeImages;
    std::vector<int32_t> remap(model.images.size(), -1);
    std::vector<std::string> unusable(model.images.size());
    for (size_t i = 0; i < model.images.size(); ++i) {
        tinygltf::Image& src = model.images[i];
        auto failure = failures.find(static_cast<int>(i));
        const bool external = !src.uri.empty() && src.uri.rfind("data:", 0) != 0;
        std::string name = !src.name.empty() ? src.name : external ? quoteUri(src.uri) : format("image %zu", i);
        if (failure != failures.end()) {
            unusable[i] = failure->second;
            continue;
        }
        const bool usable = src.width > 0 && src.height > 0 &&
                            (!decode || src.image.size() == static_cast<size_t>(src.width) * src.height * 4u);
        if (!usable) {
            unusable[i] = !external
                              ? format("image %zu ('%s') has no decodable data", i, name.c_str())
                              : format("image %zu ('%s'): file not found or unreadable", i, quoteUri(src.uri).c_str());
            continue;
        }
        scene::Image img;
        img.name = std::move(name);
        img.width = static_cast<uint32_t>(src.width);
        img.height = static_cast<uint32_t>(src.height);
        img.rgba8 = std::move(src.image);
        remap[i] = static_cast<int32_t>(asset.images.size());
        asset.images.push_back(std::move(img));
    }

    std::vector<scene::Sampler> samplers;
    samplers.reserve(model.samplers.size());
    for (size_t i = 0; i < model.samplers.size(); ++i) {
        auto s = importSampler(model.samplers[i], static_cast<int>(i));
        if (!s) return s.error();
        samplers.push_back(*s);
    }

    asset.textures.reserve(model.textures.size());
    for (size_t i = 0; i < model.textures.size(); ++i) {
        const tinygltf::Texture& src = model.textures[i];
        scene::Texture tex;
        if (src.sampler >= 0 || src.sampler < -1) {
            if (!validIndex(src.sampler, samplers.size()))
                return boundsError(
                    format("texture %zu: sampler %d does not exist (%zu samplers)", i, src.sampler, samplers.size()));
            tex.sampler = samplers[static_cast<size_t>(src.sampler)];
        }
        if (src.source == -1) {
            ctx.warn(format("texture %zu has no source image (or only one in an unsupported extension); ignored", i));
        } else if (!validIndex(src.source, model.images.size())) {
            return boundsError(
                format("texture %zu: source image %d does not exist (%zu images)", i, src.source, model.images.size()));
        } else {
            const size_t img = static_cast<size_t>(src.source);
            tex.image = remap[img];
            if (tex.image < 0) ctx.warn(format("texture %zu loses its source: %s", i, unusable[img].c_str()));
        }
        asset.textures.push_back(tex);
    }
    return {};
}

Expected<void> importMaterials(ImportContext& ctx, scene::Asset& asset) {
    const tinygltf::Model& model = ctx.model();
    const size_t textureCount = asset.textures.size();
    asset.materials.reserve(model.materials.size());
    for (size_t i = 0; i < model.materials.size(); ++i) {
        const tinygltf::Material& src = model.materials[i];
        const std::string who = format("material %zu", i);
        scene::Material m;
        m.name = src.name;

        const auto& pbr = src.pbrMetallicRoughness;
        if (pbr.baseColorFactor.size() != 4)
            return parseError(
                format("%s: baseColorFactor must have 4 numbers, has %zu", who.c_str(), pbr.baseColorFactor.size()));
        if (src.emissiveFactor.size() != 3)
            return parseError(
                format("%s: emissiveFactor must have 3 numbers, has %zu", who.c_str(), src.emissiveFactor.size()));
        for (double v : pbr.baseColorFactor)
            if (!finite(v)) return parseError(format("%s: baseColorFactor is not finite", who.c_str()));
        for (double v : src.emissiveFactor)
            if (!finite(v)) return parseError(format("%s: emissiveFactor is not finite", who.c_str()));
        if (!finite(pbr.metallicFactor) || !finite(pbr.roughnessFactor) || !finite(src.alphaCutoff) ||
            !finite(src.normalTexture.scale) || !finite(src.occlusionTexture.strength))
            return parseError(format("%s: a factor is not finite", who.c_str()));
        m.baseColorFactor =
            vec4(pbr.baseColorFactor[0], pbr.baseColorFactor[1], pbr.baseColorFactor[2], pbr.baseColorFactor[3]);
        m.metallicFactor = static_cast<float>(pbr.metallicFactor);
        m.roughnessFactor = static_cast<float>(pbr.roughnessFactor);
        m.emissiveFactor = vec3(src.emissiveFactor[0], src.emissiveFactor[1], src.emissiveFactor[2]);

        struct Slot {
            const char* name;
            int index;
            int texCoord;
            const tinygltf::ExtensionMap* extensions;
            scene::TextureRef* out;
        };
        const Slot slots[] = {
            {"baseColorTexture", pbr.baseColorTexture.index, pbr.baseColorTexture.texCoord,
             &pbr.baseColorTexture.extensions, &m.baseColorTexture},
            {"metallicRoughnessTexture", pbr.metallicRoughnessTexture.index, pbr.metallicRoughnessTexture.texCoord,
             &pbr.metallicRoughnessTexture.extensions, &m.metallicRoughnessTexture},
            {"normalTexture", src.normalTexture.index, src.normalTexture.texCoord, &src.normalTexture.extensions,
             &m.normalTexture},
            {"occlusionTexture", src.occlusionTexture.index, src.occlusionTexture.texCoord,
             &src.occlusionTexture.extensions, &m.occlusionTexture},
            {"emissiveTexture", src.emissiveTexture.index, src.emissiveTexture.texCoord,
             &src.emissiveTexture.extensions, &m.emissiveTexture},
        };
        for (const Slot& slot : slots) {
            auto ref =
                importTextureRef(ctx, slot.index, slot.texCoord, *slot.extensions, textureCount, who + " " + slot.name);
            if (!ref) return ref.error();
            *slot.out = *ref;
        }
        m.normalTexture.scale = static_cast<float>(src.normalTexture.scale);
        m.occlusionTexture.scale = static_cast<float>(src.occlusionTexture.strength);

        if (src.alphaMode == "OPAQUE")
            m.alphaMode = scene::AlphaMode::Opaque;
        else if (src.alphaMode == "MASK")
            m.alphaMode = scene::AlphaMode::Mask;
        else if (src.alphaMode == "BLEND")
            m.alphaMode = scene::AlphaMode::Blend;
        else
            return parseError(
                format("%s: alphaMode '%s' is not OPAQUE, MASK or BLEND", who.c_str(), src.alphaMode.c_str()));
        if (src.alphaCutoff < 0.0)
            return parseError(format("%s: alphaCutoff %g is negative", who.c_str(), src.alphaCutoff));
        m.alphaCutoff = static_cast<float>(src.alphaCutoff);
        m.doubleSided = src.doubleSided;

        m.unlit = extension(src.extensions, "KHR_materials_unlit") != nullptr;
        if (const tinygltf::Value* es = extension(src.extensions, "KHR_materials_emissive_strength")) {
            if (member(*es, "emissiveStrength")) {
                auto v = numberMember(*es, "emissiveStrength");
                if (!v || !(*v >= 0.0) || !finite(*v))
                    return parseError(format("%s: KHR_materials_emissive_strength emissiveStrength must be a "
                                             "non-negative number",
                                             who.c_str()));
                m.emissiveStrength = static_cast<float>(*v);
            }
        }
        if (const tinygltf::Value* ior = extension(src.extensions, "KHR_materials_ior")) {
            if (member(*ior, "ior")) {
                auto v = numberMember(*ior, "ior");
                if (!v || !(*v >= 0.0) || !finite(*v))
                    return parseError(format("%s: KHR_materials_ior ior must be a non-negative number", who.c_str()));
                m.ior = static_cast<float>(*v);
            }
        }
        if (const tinygltf::Value* tr = extension(src.extensions, "KHR_materials_transmission")) {
            if (!tr->IsObject())
                return parseError(format("%s: KHR_materials_transmission must be an object", who.c_str()));
            if (member(*tr, "transmissionFactor")) {
                auto v = numberMember(*tr, "transmissionFactor");
                if (!v || !(*v >= 0.0 && *v <= 1.0))
                    return parseError(format("%s: KHR_materials_transmission transmissionFactor must be a number in "
                                             "[0, 1]",
                                             who.c_str()));
                m.transmissionFactor = static_cast<float>(*v);
            }
            if (const tinygltf::Value* info = member(*tr, "transmissionTexture")) {
                auto ref = importExtensionTextureInfo(ctx, *info, textureCount,
                                                      who + " KHR_materials_transmission transmissionTexture");
                if (!ref) return ref.error();
                m.transmissionTexture = *ref;
            }
        }
        asset.materials.push_back(std::move(m));
    }
    return {};
}

} // namespace tv::gltf::detail
