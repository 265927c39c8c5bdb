#include "ui/ui_context.h"

#include "core/assert.h"

#include <algorithm>
#include <cmath>

namespace tv::ui {

UiContext::UiContext(const UiContextOptions& options)
    : m_scale(std::max(options.contentScale, 0.5f)), m_baseFontPixels(options.baseFontPixels),
      m_srgbFramebuffer(options.srgbFramebuffer) {
    IMGUI_CHECKVERSION();
    m_ctx = ImGui::CreateContext();
    TV_ASSERT(m_ctx != nullptr, "ImGui::CreateContext failed");
    ImGuiIO& io = ImGui::GetIO();
    // The string must outlive the context; callers pass literals or long-lived paths.
    io.IniFilename = options.iniFilename;
    io.ConfigWindowsMoveFromTitleBarOnly = true; // dragging inside a panel must not move it away from the 3D view
    applyStyle();
    addFonts();
}

UiContext::~UiContext() {
    if (m_ctx) ImGui::DestroyContext(m_ctx);
}

void UiContext::makeCurrent() const { ImGui::SetCurrentContext(m_ctx); }

void UiContext::setContentScale(float scale) {
    makeCurrent();
    m_scale = std::max(scale, 0.5f);
    applyStyle();
    addFonts();
}

void UiContext::applyStyle() {
    ImGuiStyle style; // start from defaults so repeated scaling does not compound
    ImGui::StyleColorsDark(&style);
    // Readable over a 3D view: slightly opaque panels, rounded but not bubbly, more padding than the defaults.
    style.WindowRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.ScrollbarRounding = 3.0f;
    style.WindowPadding = ImVec2(10.0f, 8.0f);
    style.FramePadding = ImVec2(6.0f, 4.0f);
    style.ItemSpacing = ImVec2(8.0f, 5.0f);
    style.Colors[ImGuiCol_WindowBg].w = 0.92f;
    style.Colors[ImGuiCol_PopupBg].w = 0.96f;
    style.Colors[ImGuiCol_Header] = ImVec4(0.26f, 0.45f, 0.70f, 0.55f);
    style.Colors[ImGuiCol_HeaderHovered] = ImVec4(0.26f, 0.50f, 0.80f, 0.75f);
    style.Colors[ImGuiCol_HeaderActive] = ImVec4(0.26f, 0.55f, 0.90f, 0.90f);
    style.ScaleAllSizes(m_scale);
    if (m_srgbFramebuffer) {
        // ImGui's colours are authored in sRGB; an sRGB framebuffer would encode them a second time and wash the
        // panels out, so hand it linear values (alpha stays as is).
        for (ImVec4& c : style.Colors) {
            c.x = std::pow(c.x, 2.2f);
            c.y = std::pow(c.y, 2.2f);
            c.z = std::pow(c.z, 2.2f);
        }
    }
    ImGui::GetStyle() = style;
}

void UiContext::addFonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    // Integer pixel sizes keep the built-in bitmap-like font crisp.
    config.SizePixels = std::round(m_baseFontPixels * m_scale);
    io.Fonts->AddFontDefault(&config);
}

glm::ivec2 UiContext::buildFontAtlasRgba() {
    makeCurrent();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    TV_ASSERT(pixels != nullptr && width > 0 && height > 0, "font atlas build failed");
    return {width, height};
}

void UiContext::beginFrame() {
    makeCurrent();
    ImGui::NewFrame();
}

void UiContext::beginFrame(const vec2& displaySize, float dtSeconds) {
    makeCurrent();
    TV_ASSERT(displaySize.x > 0.0f && displaySize.y > 0.0f && dtSeconds > 0.0f,
              "UiContext::beginFrame needs a positive display size and time step");
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(displaySize.x, displaySize.y);
    io.DeltaTime = dtSeconds;
    ImGui::NewFrame();
}

ImDrawData* UiContext::endFrame() {
    makeCurrent();
    ImGui::Render();
    return ImGui::GetDrawData();
}

bool UiContext::wantsMouse() const { return ImGui::GetIO().WantCaptureMouse; }
bool UiContext::wantsKeyboard() const { return ImGui::GetIO().WantTextInput || ImGui::GetIO().WantCaptureKeyboard; }

} // namespace tv::ui
