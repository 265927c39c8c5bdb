// Maps command-line options to the renderer's configuration (shared by every front end).
#pragma once

#include "app/cli_options.h"
#include "gfx/renderer.h"

#include <string>
#include <vector>

namespace tv::app {

inline gfx::RendererConfig rendererConfig(const Options& o, std::vector<std::string> instanceExtensions,
                                          bool presentation) {
    gfx::RendererConfig c;
    c.validation = o.validate;
    c.msaaSamples = o.msaa;
    c.lighting = o.lighting == LightingChoice::Neutral ? gfx::LightingMode::Neutral : gfx::LightingMode::Default;
    c.shadows = o.shadows;
    c.instanceExtensions = std::move(instanceExtensions);
    c.presentation = presentation;
    return c;
}

} // namespace tv::app
