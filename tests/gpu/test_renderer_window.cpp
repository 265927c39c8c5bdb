// Window target under X (Xvfb in CI): swapchain creation, frames, resize (recreate, no validation messages), vsync
// off, and captureWindow. Skipped when DISPLAY is not set or GLFW/Vulkan cannot present.
#include "gfx/renderer.h"
#include "gfx/window_target.h"
#include "test_scene_builders.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <cstdlib>

using namespace tv;

namespace {
struct GlfwSession {
    bool ok = false;
    GlfwSession() { ok = std::getenv("DISPLAY") && glfwInit() == GLFW_TRUE && glfwVulkanSupported() == GLFW_TRUE; }
    ~GlfwSession() {
        if (ok) glfwTerminate();
    }
};
} // namespace

class RendererWindow : public ::testing::TestWithParam<gfx::LightingMode> {};

TEST_P(RendererWindow, PresentsResizesAndCaptures) {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "DISPLAY not set (run under Xvfb for the window test)";
    setenv("XDG_RUNTIME_DIR", "/tmp", 0);
    GlfwSession glfw;
    if (!glfw.ok) GTEST_SKIP() << "GLFW cannot initialise Vulkan presentation on this display";
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    GLFWwindow* window = glfwCreateWindow(160, 120, "twinview renderer test", nullptr, nullptr);
    ASSERT_NE(window, nullptr);

    gfx::RendererConfig cfg;
    cfg.validation = true;
    cfg.presentation = true;
    cfg.lighting = GetParam();
    cfg.shadowMapSize = 512;
    uint32_t count = 0;
    const char** exts = glfwGetRequiredInstanceExtensions(&count);
    for (uint32_t i = 0; i < count; ++i) cfg.instanceExtensions.emplace_back(exts[i]);
    {
        auto renderer = gfx::Renderer::create(cfg);
        if (!renderer) {
            glfwDestroyWindow(window);
            GTEST_SKIP() << "no Vulkan device: " << renderer.error().message;
        }
        auto target = (*renderer)->createWindowTarget(window, false);
        ASSERT_TRUE(target) << target.error().message;

        auto box = test::makeBoxAsset(vec4(0.8f, 0.2f, 0.1f, 1.0f), 0.0f, 0.5f);
        scene::FrameExtract ex;
        test::addDraw(ex, box, mat4(1.0f), 1);
        scene::ViewCamera cam;
        cam.eye = vec3(1.5f, 1.2f, 2.5f);
        for (int i = 0; i < 4; ++i) {
            glfwPollEvents();
            ASSERT_TRUE((*renderer)->renderToWindow(**target, ex, cam));
        }
        EXPECT_EQ((*target)->width(), 160u);
        glfwSetWindowSize(window, 200, 150);
        for (int i = 0; i < 20 && (*target)->width() != 200u; ++i) {
            glfwPollEvents();
            ASSERT_TRUE((*renderer)->renderToWindow(**target, ex, cam));
        }
        EXPECT_EQ((*target)->width(), 200u);
        EXPECT_GE((*target)->recreateCount(), 2u);
        (*target)->setVsync(true);
        ASSERT_TRUE((*renderer)->renderToWindow(**target, ex, cam));
        auto shot = (*renderer)->captureWindow(**target);
        ASSERT_TRUE(shot) << shot.error().message;
        EXPECT_EQ(shot->width, 200u);
        EXPECT_EQ(shot->height, 150u);
        // The orange box is in the middle of the frame.
        const uint8_t* centre = shot->at(100, 75);
        EXPECT_GT(int(centre[0]), int(centre[2]) + 40) << "expected the orange box at the centre";
        // Background: transparent black in neutral lighting, the opaque sky in default lighting.
        const uint8_t* corner = shot->at(2, 2);
        if (GetParam() == gfx::LightingMode::Neutral)
            EXPECT_EQ(corner[0] + corner[1] + corner[2], 0);
        else
            EXPECT_GT(corner[0] + corner[1] + corner[2], 100);

        // Overlays on the swapchain's (possibly _SRGB) format: the outline and the cap keep their display colours.
        (*renderer)->setHighlight({.selected = {scene::NodeHandle{1, 1}}, .hovered = {}});
        (*renderer)->setSectionCapColor(vec3(0.0f, 1.0f, 0.0f));
        const vec4 keepBelow(0.0f, -1.0f, 0.0f, 0.2f); // y <= 0.2: the top is cut off, the camera looks in
        ASSERT_TRUE((*renderer)->setSectionPlanes(std::span(&keepBelow, 1)));
        ASSERT_TRUE((*renderer)->renderToWindow(**target, ex, cam));
        auto overlaid = (*renderer)->captureWindow(**target);
        ASSERT_TRUE(overlaid) << overlaid.error().message;
        int outline = 0, cap = 0;
        for (size_t i = 0; i < overlaid->pixels.size(); i += 4) {
            const uint8_t* q = &overlaid->pixels[i];
            outline += std::abs(q[0] - 255) <= 3 && std::abs(q[1] - 153) <= 3 && q[2] <= 3;
            cap += q[0] <= 3 && q[1] >= 252 && q[2] <= 3;
        }
        EXPECT_GT(outline, 100) << "selection outline on the window";
        EXPECT_GT(cap, 100) << "section cap on the window";
        (*renderer)->waitIdle();
        EXPECT_EQ((*renderer)->validationMessageCount(), 0u);
    }
    glfwDestroyWindow(window);
}

INSTANTIATE_TEST_SUITE_P(Lighting, RendererWindow,
                         ::testing::Values(gfx::LightingMode::Neutral, gfx::LightingMode::Default),
                         [](const ::testing::TestParamInfo<gfx::LightingMode>& p) {
                             return std::string(p.param == gfx::LightingMode::Neutral ? "Neutral" : "Default");
                         });
