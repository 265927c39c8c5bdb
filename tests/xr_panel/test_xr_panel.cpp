// XrPanel on the simulated OpenXR runtime, with the renderer's device created through XR_KHR_vulkan_enable2 and the
// validation layer on: an ImGui window drawn into the quad layer and captured by the runtime, pointer clicks,
// the desktop's ImGui context left alone, destroy/recreate. Labels gpu, xr.
#include "xr_panel_rig.h"

#include "xr/panel/xr_panel.h"

#include "image/png_io.h"

#include <imgui.h>
#include <imgui_internal.h> // ImGui::FindWindowByName

#include <algorithm>
#include <cstdlib>

namespace tv::xr::test {
namespace {

// Exactly representable in 8 bits (51, 153, 204), so a capture can be compared byte for byte.
const ImVec4 kButtonColour{51.0f / 255.0f, 153.0f / 255.0f, 204.0f / 255.0f, 1.0f};
const ImVec2 kWindowPos{64.0f, 64.0f};
const ImVec2 kWindowSize{512.0f, 384.0f};

// The app side of the tests: one window with a caption and a button in kButtonColour; counts clicks.
struct TestUi {
    int clicks = 0;
    ImVec2 buttonMin, buttonMax, textMin, textMax;

    void draw() {
        ImGui::SetNextWindowPos(kWindowPos);
        ImGui::SetNextWindowSize(kWindowSize);
        ImGui::Begin("Test panel", nullptr,
                     ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextUnformatted("twinview XR panel");
        textMin = ImGui::GetItemRectMin();
        textMax = ImGui::GetItemRectMax();
        ImGui::PushStyleColor(ImGuiCol_Button, kButtonColour);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, kButtonColour);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, kButtonColour);
        ImGui::SetCursorPos(ImVec2(100.0f, 100.0f));
        if (ImGui::Button("##select", ImVec2(200.0f, 80.0f))) ++clicks; // no label: the centre stays one colour
        buttonMin = ImGui::GetItemRectMin();
        buttonMax = ImGui::GetItemRectMax();
        ImGui::PopStyleColor(3);
        ImGui::End();
    }

    vec2 buttonCentreUv(const XrPanel& panel) const {
        return {(buttonMin.x + buttonMax.x) * 0.5f / float(panel.widthPx()),
                (buttonMin.y + buttonMax.y) * 0.5f / float(panel.heightPx())};
    }
};

// One XR frame in which the panel draws `ui` with `pointer` and its quad layer is submitted (when it has one).
void panelFrame(PanelRig& rig, XrPanel& panel, TestUi& ui, const PanelPointerInput& pointer = {}) {
    rig.frame([&]() -> std::vector<const XrCompositionLayerBaseHeader*> {
        panel.beginFrame(1.0f / 90.0f, pointer);
        ui.draw();
        auto rendered = panel.render();
        EXPECT_TRUE(rendered.hasValue()) << rendered.error().message;
        const XrCompositionLayerQuad* quad = panel.layer(rig.stage, panelPose());
        if (!quad) return {};
        return {asLayer(quad)};
    });
}

// Tears the rig down and checks what only shows at the end: validation messages at vkDestroyDevice (objects left
// alive: leaks) and the runtime's report (written at xrDestroyInstance).
void finish(PanelRig& rig, const std::filesystem::path& dir) {
    EXPECT_EQ(rig.validationMessages(), 0u);
    ::testing::internal::CaptureStderr();
    rig.shutdown();
    const std::string stderrText = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(stderrText.find("vulkan validation"), std::string::npos) << stderrText;
    const auto report = readReport(dir);
    ASSERT_FALSE(report.is_null());
    EXPECT_EQ(report["violationsTotal"].get<int>(), 0) << report.dump();
}

std::array<int, 4> pixel(const image::Rgba8Image& image, float x, float y) {
    const uint8_t* p = image.at(uint32_t(x), uint32_t(y));
    return {p[0], p[1], p[2], p[3]};
}

bool near(const std::array<int, 4>& a, const std::array<int, 4>& b, int tolerance) {
    for (size_t i = 0; i < 4; ++i)
        if (std::abs(a[i] - b[i]) > tolerance) return false;
    return true;
}

void checkCapturedWindow(bool allowMutableFormat) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 64, "height": 64, "capture": {"dir": ")" + (dir / "captures").string() +
                                 R"(", "every": 1}})");
    PanelRig rig;
    ASSERT_NO_FATAL_FAILURE(rig.start());
    if (!rig.renderer) GTEST_SKIP() << "no Vulkan device: " << rig.skipReason;
    ASSERT_NO_FATAL_FAILURE(rig.runUntilRendering());
    XrPanelOptions options;
    options.allowMutableFormat = allowMutableFormat;
    auto panel = XrPanel::create(rig.session, *rig.renderer, options);
    ASSERT_TRUE(panel.hasValue()) << panel.error().message;
    EXPECT_EQ((*panel)->swapchainFormat(), VK_FORMAT_R8G8B8A8_SRGB); // the simulated runtime offers it first
    EXPECT_EQ((*panel)->mutableFormat(), allowMutableFormat);
    TestUi ui;
    // Two frames: ImGui lays a new window out on its first frame; the second is the one checked.
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, **panel, ui));
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, **panel, ui));
    const auto* quad = (*panel)->layer(rig.stage, panelPose());
    ASSERT_NE(quad, nullptr);
    EXPECT_EQ(quad->eyeVisibility, XR_EYE_VISIBILITY_BOTH);
    EXPECT_TRUE(quad->layerFlags & XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT);
    EXPECT_FLOAT_EQ(quad->size.width, 0.40f);
    EXPECT_FLOAT_EQ(quad->size.height, 0.30f); // 0.40 m × 768 / 1024
    EXPECT_EQ(quad->subImage.imageRect.extent.width, 1024);
    EXPECT_EQ(quad->subImage.imageRect.extent.height, 768);
    panel->reset();
    ASSERT_NO_FATAL_FAILURE(finish(rig, dir));

    // The last frame's capture: frames 0 and 1 had no layers, the panel's are frames 2 and 3.
    const auto png = image::readPng(dir / "captures/frame-000003-quad0.png");
    ASSERT_TRUE(png.hasValue()) << png.error().message;
    ASSERT_EQ(png->width, 1024u);
    ASSERT_EQ(png->height, 768u);
    EXPECT_FALSE(std::filesystem::exists(dir / "captures/frame-000003-left.png")); // a quad-only frame
    // The button, byte for byte through the UNORM view; within 8-bit linear rounding through the sRGB fallback.
    const int tolerance = allowMutableFormat ? 1 : 3;
    const std::array<int, 4> button{51, 153, 204, 255};
    EXPECT_TRUE(near(pixel(*png, ui.buttonMin.x + 10, ui.buttonMin.y + 10), button, tolerance));
    EXPECT_TRUE(near(pixel(*png, (ui.buttonMin.x + ui.buttonMax.x) / 2, (ui.buttonMin.y + ui.buttonMax.y) / 2), button,
                     tolerance));
    EXPECT_TRUE(near(pixel(*png, ui.buttonMax.x - 10, ui.buttonMax.y - 10), button, tolerance));
    EXPECT_NEAR(ui.buttonMin.x, kWindowPos.x + 100.0f, 0.5f);
    EXPECT_NEAR(ui.buttonMin.y, kWindowPos.y + 100.0f, 0.5f);
    // Outside the window the panel is fully transparent (the world shows through the quad layer).
    EXPECT_EQ(pixel(*png, 10, 10), (std::array<int, 4>{0, 0, 0, 0}));
    EXPECT_EQ(pixel(*png, 1000, 740), (std::array<int, 4>{0, 0, 0, 0}));
    EXPECT_EQ(pixel(*png, kWindowPos.x + kWindowSize.x + 4, kWindowPos.y + 50), (std::array<int, 4>{0, 0, 0, 0}));
    // The window background: ImGui's dark style (alpha 0.94), premultiplied (colour never above alpha).
    const auto background = pixel(*png, kWindowPos.x + 30, kWindowPos.y + kWindowSize.y - 30);
    EXPECT_NEAR(background[3], 240, 2);
    EXPECT_LE(std::max({background[0], background[1], background[2]}), background[3]);
    // The caption's glyphs: the font atlas reached the GPU (white text on the dark background).
    int bright = 0;
    for (float y = ui.textMin.y; y < ui.textMax.y; y += 1.0f)
        for (float x = ui.textMin.x; x < ui.textMax.x; x += 1.0f) bright += pixel(*png, x, y)[0] > 200 ? 1 : 0;
    EXPECT_GT(bright, 20);

    const auto report = readReport(dir);
    const auto captures = report["captures"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(captures.begin(), captures.end(), (dir / "captures/frame-000003-quad0.png").string()),
              captures.end());
}

TEST(XrPanel, DrawsAnImGuiWindowIntoTheQuadLayer) { checkCapturedWindow(true); }

TEST(XrPanel, SrgbFallbackWithoutMutableFormatKeepsTheColours) { checkCapturedWindow(false); }

TEST(XrPanel, PointerPressAndReleaseOnTheButtonClicksIt) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 64, "height": 64})");
    PanelRig rig;
    ASSERT_NO_FATAL_FAILURE(rig.start());
    if (!rig.renderer) GTEST_SKIP() << "no Vulkan device: " << rig.skipReason;
    ASSERT_NO_FATAL_FAILURE(rig.runUntilRendering());
    auto created = XrPanel::create(rig.session, *rig.renderer);
    ASSERT_TRUE(created.hasValue()) << created.error().message;
    XrPanel& panel = **created;
    TestUi ui;
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui)); // lays the window out
    EXPECT_FALSE(panel.wantsInput());

    PanelPointerInput pointer;
    pointer.hit = true;
    pointer.uv = ui.buttonCentreUv(panel);
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, pointer)); // hover
    EXPECT_TRUE(panel.wantsInput());
    pointer.pressed = true;
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, pointer)); // press
    EXPECT_EQ(ui.clicks, 0);                                      // ImGui buttons fire on release
    pointer.pressed = false;
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, pointer)); // release over the button
    EXPECT_EQ(ui.clicks, 1);
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, pointer));
    EXPECT_EQ(ui.clicks, 1);

    // Pressing outside any window and releasing on the button is no click.
    PanelPointerInput outside;
    outside.hit = true;
    outside.uv = {0.95f, 0.95f};
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, outside));
    EXPECT_FALSE(panel.wantsInput());
    outside.pressed = true;
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, outside));
    pointer.pressed = true;
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, pointer));
    pointer.pressed = false;
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, pointer));
    EXPECT_EQ(ui.clicks, 1);

    // No hit: the mouse leaves the panel.
    ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, {}));
    EXPECT_FALSE(panel.wantsInput());

    // Closed: the pointer is ignored, nothing is submitted; reopened, the last image is shown at once.
    panel.setOpen(false);
    EXPECT_EQ(panel.layer(rig.stage, panelPose()), nullptr);
    for (bool pressed : {false, true, false}) {
        pointer.pressed = pressed;
        ASSERT_NO_FATAL_FAILURE(panelFrame(rig, panel, ui, pointer));
    }
    EXPECT_EQ(ui.clicks, 1);
    EXPECT_FALSE(panel.wantsInput());
    panel.setOpen(true);
    EXPECT_NE(panel.layer(rig.stage, panelPose()), nullptr);
    created->reset();
    ASSERT_NO_FATAL_FAILURE(finish(rig, dir));
}

TEST(XrPanel, DesktopImGuiContextStaysCurrentAndUntouched) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 64, "height": 64})");
    PanelRig rig;
    ASSERT_NO_FATAL_FAILURE(rig.start());
    if (!rig.renderer) GTEST_SKIP() << "no Vulkan device: " << rig.skipReason;
    ASSERT_NO_FATAL_FAILURE(rig.runUntilRendering());

    // The desktop's context, as the app's UiContext would have it (null backend: no renderer attached).
    ImGuiContext* desktop = ImGui::CreateContext();
    ImGui::SetCurrentContext(desktop);
    ImGuiIO& desktopIo = ImGui::GetIO();
    desktopIo.IniFilename = nullptr;
    desktopIo.DisplaySize = ImVec2(800.0f, 600.0f);
    desktopIo.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    desktopIo.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImFontAtlas* desktopFonts = desktopIo.Fonts;
    const auto desktopFrame = [&] {
        ImGui::NewFrame();
        ImGui::Begin("Desktop");
        ImGui::TextUnformatted("desktop");
        ImGui::End();
        ImGui::Render();
    };
    desktopFrame();
    ASSERT_EQ(ImGui::GetFrameCount(), 1);

    auto created = XrPanel::create(rig.session, *rig.renderer);
    ASSERT_TRUE(created.hasValue()) << created.error().message;
    XrPanel& panel = **created;
    EXPECT_EQ(ImGui::GetCurrentContext(), desktop);
    EXPECT_NE(panel.context(), desktop);

    TestUi ui;
    rig.frame([&]() -> std::vector<const XrCompositionLayerBaseHeader*> {
        panel.beginFrame(0.011f, {});
        EXPECT_EQ(ImGui::GetCurrentContext(), panel.context()); // the app draws into the panel's context
        ui.draw();
        EXPECT_TRUE(panel.render().hasValue());
        EXPECT_EQ(ImGui::GetCurrentContext(), desktop);
        const auto* quad = panel.layer(rig.stage, panelPose());
        EXPECT_EQ(ImGui::GetCurrentContext(), desktop);
        (void)panel.wantsInput();
        EXPECT_EQ(ImGui::GetCurrentContext(), desktop);
        return {asLayer(quad)};
    });

    // The desktop context saw none of it: same frame count, display size, fonts; no renderer backend attached;
    // the panel's window lives only in the panel's context.
    EXPECT_EQ(ImGui::GetFrameCount(), 1);
    EXPECT_EQ(desktopIo.DisplaySize.x, 800.0f);
    EXPECT_EQ(desktopIo.Fonts, desktopFonts);
    EXPECT_EQ(desktopIo.BackendRendererUserData, nullptr);
    EXPECT_EQ(ImGui::FindWindowByName("Test panel"), nullptr);
    EXPECT_NE(ImGui::FindWindowByName("Desktop"), nullptr);
    desktopFrame(); // and it still runs its own frames
    EXPECT_EQ(ImGui::GetFrameCount(), 2);

    created->reset();
    EXPECT_EQ(ImGui::GetCurrentContext(), desktop);
    ImGui::DestroyContext(desktop);

    // Without any current context the panel leaves none behind either.
    ASSERT_EQ(ImGui::GetCurrentContext(), nullptr);
    {
        auto again = XrPanel::create(rig.session, *rig.renderer);
        ASSERT_TRUE(again.hasValue()) << again.error().message;
        EXPECT_EQ(ImGui::GetCurrentContext(), nullptr);
        ASSERT_NO_FATAL_FAILURE(panelFrame(rig, **again, ui));
        EXPECT_EQ(ImGui::GetCurrentContext(), nullptr);
    }
    EXPECT_EQ(ImGui::GetCurrentContext(), nullptr);
    ASSERT_NO_FATAL_FAILURE(finish(rig, dir));
}

TEST(XrPanel, DestroyAndRecreateTwiceLeavesNoLeaksOrViolations) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 64, "height": 64})");
    PanelRig rig;
    ASSERT_NO_FATAL_FAILURE(rig.start());
    if (!rig.renderer) GTEST_SKIP() << "no Vulkan device: " << rig.skipReason;
    ASSERT_NO_FATAL_FAILURE(rig.runUntilRendering());
    for (int round = 0; round < 3; ++round) {
        XrPanelOptions options;
        options.widthPx = 512 + 128 * uint32_t(round); // a different swapchain each time
        options.heightPx = 384;
        auto panel = XrPanel::create(rig.session, *rig.renderer, options);
        ASSERT_TRUE(panel.hasValue()) << "round " << round << ": " << panel.error().message;
        TestUi ui;
        for (int i = 0; i < 4; ++i) ASSERT_NO_FATAL_FAILURE(panelFrame(rig, **panel, ui));
        panel->reset();
        ASSERT_NO_FATAL_FAILURE(rig.frame({})); // a frame after destruction names no stale swapchain
        EXPECT_EQ(rig.validationMessages(), 0u) << "round " << round;
    }
    EXPECT_EQ(ImGui::GetCurrentContext(), nullptr);
    ASSERT_NO_FATAL_FAILURE(finish(rig, dir)); // leaked Vulkan objects would be reported at vkDestroyDevice
}

TEST(XrPanel, RejectsBadOptions) {
    const auto dir = testDir();
    useSimulatedRuntime(dir, R"({"width": 64, "height": 64})");
    PanelRig rig;
    ASSERT_NO_FATAL_FAILURE(rig.start());
    if (!rig.renderer) GTEST_SKIP() << "no Vulkan device: " << rig.skipReason;
    XrPanelOptions zero;
    zero.widthPx = 0;
    auto a = XrPanel::create(rig.session, *rig.renderer, zero);
    ASSERT_FALSE(a.hasValue());
    EXPECT_EQ(a.error().code, ErrorCode::InvalidArgument);
    XrPanelOptions flat;
    flat.widthMetres = 0.0f;
    auto b = XrPanel::create(rig.session, *rig.renderer, flat);
    ASSERT_FALSE(b.hasValue());
    EXPECT_EQ(b.error().code, ErrorCode::InvalidArgument);
    auto c = XrPanel::create(XR_NULL_HANDLE, *rig.renderer);
    ASSERT_FALSE(c.hasValue());
    ASSERT_NO_FATAL_FAILURE(finish(rig, dir));
}

} // namespace
} // namespace tv::xr::test
