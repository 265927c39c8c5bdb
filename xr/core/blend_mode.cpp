#include "xr/core/blend_mode.h"

#include "core/log.h"

#include <algorithm>
#include <string>

namespace tv::xr {

std::string_view blendModeName(BlendMode mode) {
    switch (mode) {
    case BlendMode::Opaque: return "opaque";
    case BlendMode::Additive: return "additive";
    case BlendMode::AlphaBlend: return "alpha-blend";
    }
    return "?";
}

Expected<BlendMode> parseBlendMode(std::string_view text) {
    for (BlendMode m : {BlendMode::Opaque, BlendMode::Additive, BlendMode::AlphaBlend})
        if (text == blendModeName(m)) return m;
    if (text == "alpha_blend") return BlendMode::AlphaBlend;
    return makeError(
        ErrorCode::InvalidArgument,
        format("unknown blend mode '%.*s' (use opaque, additive or alpha-blend)", int(text.size()), text.data()));
}

namespace {
std::string joinNames(std::span<const BlendMode> modes) {
    std::string out;
    for (BlendMode m : modes) {
        if (!out.empty()) out += ", ";
        out += blendModeName(m);
    }
    return out;
}
} // namespace

Expected<BlendMode> chooseBlendMode(std::span<const BlendMode> offered, std::optional<BlendMode> requested) {
    if (offered.empty())
        return makeError(ErrorCode::Unsupported, "the OpenXR runtime offers no environment blend mode twinview knows");
    if (!requested) return offered.front();
    if (std::find(offered.begin(), offered.end(), *requested) != offered.end()) return *requested;
    const std::string name(blendModeName(*requested));
    return makeError(ErrorCode::InvalidArgument, format("blend mode %s is not offered by this headset (it offers: %s)",
                                                        name.c_str(), joinNames(offered).c_str()));
}

float clearAlphaFor(BlendMode mode) { return mode == BlendMode::Opaque ? 1.0f : 0.0f; }

XrEnvironmentBlendMode toXr(BlendMode mode) {
    switch (mode) {
    case BlendMode::Opaque: return XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    case BlendMode::Additive: return XR_ENVIRONMENT_BLEND_MODE_ADDITIVE;
    case BlendMode::AlphaBlend: return XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND;
    }
    return XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
}

std::optional<BlendMode> fromXr(XrEnvironmentBlendMode mode) {
    switch (mode) {
    case XR_ENVIRONMENT_BLEND_MODE_OPAQUE: return BlendMode::Opaque;
    case XR_ENVIRONMENT_BLEND_MODE_ADDITIVE: return BlendMode::Additive;
    case XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND: return BlendMode::AlphaBlend;
    default: return std::nullopt;
    }
}

} // namespace tv::xr
