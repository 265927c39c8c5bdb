// Shared fixture for the renderer tests: a renderer with the validation layer on (or the reason there is none,
// so tests skip with a message instead of passing silently) and the front-facing orthographic test camera.
#pragma once

#include "gfx/renderer.h"
#include "scene/view_camera.h"

#include <cstdlib>
#include <memory>
#include <string>

namespace tv::test {

struct RendererHolder {
    std::unique_ptr<gfx::Renderer> renderer;
    std::string error; // why there is no renderer (no Vulkan device)
};

// Validation is always on: any validation message fails the tests that check the count.
inline RendererHolder makeTestRenderer(gfx::RendererConfig config) {
    setenv("XDG_RUNTIME_DIR", "/tmp", 0);
    config.validation = true;
    RendererHolder h;
    auto r = gfx::Renderer::create(config);
    if (r)
        h.renderer = std::move(*r);
    else
        h.error = r.error().message;
    return h;
}

// Small shadow maps keep the default-lighting tests fast on lavapipe.
inline RendererHolder makeTestRenderer(gfx::LightingMode lighting = gfx::LightingMode::Neutral) {
    gfx::RendererConfig c;
    c.lighting = lighting;
    c.shadowMapSize = 512;
    c.msaaSamples = 4;
    return makeTestRenderer(c);
}

// Looks along -Z at the origin; the image height spans 2 * halfHeight world units (64 px and 1.5: a unit box
// covers pixels ~21..42).
inline scene::ViewCamera orthoFront(float halfHeight = 1.5f) {
    scene::ViewCamera cam;
    cam.orthographic = true;
    cam.ymag = halfHeight;
    cam.eye = vec3(0, 0, 3);
    cam.target = vec3(0, 0, 0);
    cam.znear = 0.5f;
    cam.zfar = 10.0f;
    return cam;
}

} // namespace tv::test

#define TV_REQUIRE_RENDERER(holder)                                                                                    \
    if (!(holder).renderer) GTEST_SKIP() << "no Vulkan device: " << (holder).error
