// Environment blend modes of the XR front end: how the runtime combines the rendered image with the real world.
// Opaque = VR (the image replaces the world); Additive and AlphaBlend = AR passthrough (the virtual background is
// transparent: clear alpha 0, black). The choice is a pure function of what the runtime offers and what the user
// asked for (`twinview --xr --blend alpha-blend`), so it is unit-tested without a runtime. Any thread.
#pragma once

#include "xr/core/xr_platform.h"

#include "core/expected.h"

#include <optional>
#include <span>
#include <string_view>

namespace tv::xr {

enum class BlendMode { Opaque, Additive, AlphaBlend };

// "opaque", "additive", "alpha-blend".
std::string_view blendModeName(BlendMode mode);
// Accepts the names above (and OpenXR's spelling "alpha_blend"), case-sensitive; the error lists the valid names.
Expected<BlendMode> parseBlendMode(std::string_view text);

// `requested` when the runtime offers it, else an InvalidArgument error naming the modes on offer. With no request:
// the runtime's first mode (OpenXR lists the system's preferred mode first). Unsupported when nothing is offered.
Expected<BlendMode> chooseBlendMode(std::span<const BlendMode> offered, std::optional<BlendMode> requested);

// The background alpha the renderer clears to (gfx::StereoOptions::clearAlpha): 1 for Opaque, 0 otherwise (for
// Additive the background is black, which adds nothing, whatever the alpha).
float clearAlphaFor(BlendMode mode);

XrEnvironmentBlendMode toXr(BlendMode mode);
// nullopt for modes twinview does not use (vendor extensions).
std::optional<BlendMode> fromXr(XrEnvironmentBlendMode mode);

} // namespace tv::xr
