// UiContext — owns one Dear ImGui context for the desktop viewer: creates and destroys it, applies the viewer's
// dark style scaled by the monitor's content scale (HiDPI), adds the default font at the scaled size and brackets
// each UI frame. It knows no backend: the app initialises the ImGui GLFW/Vulkan backends against context() and
// calls their NewFrame before beginFrame(); tests use the "null backend" (beginFrame(displaySize, dt) fills the IO
// fields a platform backend would, and buildFontAtlasRgba() builds the atlas on the CPU with no texture upload).
//
// One UiContext per window; main thread only (ImGui is single-threaded). Creating a UiContext makes its context
// current; the destructor restores no previous context (the viewer has only one).
#pragma once

#include "core/math.h"

#include <imgui.h>

namespace tv::ui {

struct UiContextOptions {
    float contentScale = 1.0f;         // glfwGetWindowContentScale's x; sizes and the font scale with it
    const char* iniFilename = nullptr; // window layout persistence; nullptr = none (tests, headless)
    bool srgbFramebuffer = false;      // the UI draws into an sRGB image: style colours are converted to linear
    float baseFontPixels = 15.0f;      // at content scale 1; the default font is pixel-art, so round sizes read best
};

class UiContext {
public:
    explicit UiContext(const UiContextOptions& options = {});
    ~UiContext();
    UiContext(const UiContext&) = delete;
    UiContext& operator=(const UiContext&) = delete;

    ImGuiContext* context() const { return m_ctx; }
    void makeCurrent() const;
    float contentScale() const { return m_scale; }

    // Re-applies the style at a new scale and re-adds the font at the new size. The atlas is rebuilt, so a GPU
    // backend must re-upload it (Vulkan backend: ImGui_ImplVulkan_CreateFontsTexture) before the next frame.
    void setContentScale(float scale);

    // Null backend: builds the font atlas on the CPU (what the Vulkan backend does before its upload) so that
    // NewFrame accepts it. Returns the atlas size in pixels.
    glm::ivec2 buildFontAtlasRgba();

    // Starts a UI frame. With a platform backend, call its NewFrame first and then beginFrame(): the backend has set
    // DisplaySize, DeltaTime and input. Without one, pass them: displaySize in window coordinates, dt in seconds (> 0).
    void beginFrame();
    void beginFrame(const vec2& displaySize, float dtSeconds);
    // Ends the frame and returns what to draw (owned by ImGui, valid until the next beginFrame()).
    ImDrawData* endFrame();

    // True while ImGui wants the mouse / keyboard (a panel is hovered or a text field has focus): the app then
    // keeps the event from the camera and the shortcut table.
    bool wantsMouse() const;
    bool wantsKeyboard() const;

private:
    void applyStyle();
    void addFonts();

    ImGuiContext* m_ctx = nullptr;
    float m_scale = 1.0f;
    float m_baseFontPixels = 15.0f;
    bool m_srgbFramebuffer = false;
};

} // namespace tv::ui
