// XrPanel — the viewer's Dear ImGui menus in XR: a dedicated ImGui context drawn (through Debian's ImGui Vulkan
// backend 1.86) into an OpenXR colour swapchain and shown as an XrCompositionLayerQuad, e.g. a world-space panel
// held on the hand. Owns the swapchain, the ImGui context, the backend's Vulkan objects (descriptor pool, render
// pass, one image view + framebuffer per swapchain image), a command pool with one command buffer + fence per
// submission slot, and the quad layer structure handed to xrEndFrame.
//
// Why a quad layer and not a textured quad in the 3D scene: the runtime composites a quad layer itself, sampling
// the panel image once, straight into the display's distortion-corrected output — text stays as sharp as the
// swapchain's pixels allow, independent of the scene's render resolution, MSAA or dynamic resolution scaling, and
// the compositor reprojects the layer with the newest head pose (a texture baked into the eye images would be
// resampled twice and reprojected as part of the scene). It also costs the scene pass nothing, and the panel keeps
// its last image when the app skips rendering it.
//
// Frame protocol (per XR frame, between xrBeginFrame and xrEndFrame, while the panel is open):
//   panel.beginFrame(dt, pointer);   // the panel's ImGui context becomes current, ImGui::NewFrame()
//   ... ImGui::Begin/End windows ...  // the app's panels, drawn into context()
//   panel.render();                  // ImGui::Render, acquire/wait, record, submit, release; context restored
//   layers.push_back(panel.layer(space, pose)); // after the projection layer; null while closed / nothing drawn
// Every call restores the ImGui context that was current before it (beginFrame defers that to render()), so the
// desktop's context, if any, is never disturbed.
//
// Colour: ImGui's colours are display (sRGB-encoded) values. With an *_SRGB swapchain format the panel asks for
// XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT and renders through a *_UNORM view, so the stored bytes are exactly ImGui's
// (as on a desktop UNORM swapchain); a runtime refusing mutable formats gets an sRGB view and the vertex colours
// are decoded to linear before drawing (equal up to 8-bit rounding). Alpha is premultiplied (ImGui's blend on a
// cleared transparent image), which is what a quad layer without XR_COMPOSITION_LAYER_UNPREMULTIPLIED_ALPHA_BIT
// expects; the layer sets BLEND_TEXTURE_SOURCE_ALPHA so the panel may be translucent.
//
// Threading: create, call and destroy on the renderer's thread (the panel submits on the renderer's queue).
// Destroy before the XrSession and before the Renderer.
#pragma once

#include "core/expected.h"
#include "core/math.h"
#include "gfx/renderer.h"

#include <openxr/openxr.h>

#include <memory>

struct ImGuiContext;

namespace tv::xr {

class PanelGpu; // the Vulkan side (panel_gpu.h)

struct XrPanelOptions {
    uint32_t widthPx = 1024; // swapchain size = ImGui's display size, in pixels
    uint32_t heightPx = 768;
    float widthMetres = 0.40f; // the quad's width in the world; height follows the pixel aspect
    // Scales the font (rasterised at 13 px × fontScale, so text stays crisp) and the style's sizes. 1.5 makes the
    // default font about 7.6 mm tall on a 0.40 m wide, 1024 px panel: readable at arm's length.
    float fontScale = 1.5f;
    // Ask for a mutable-format swapchain so an sRGB image can be written through a UNORM view (see above).
    // false forces the fallback that decodes vertex colours (for tests; runtimes may refuse mutable formats).
    bool allowMutableFormat = true;
};

// Where the app's laser pointer meets the panel this frame. uv: 0..1, u to the right, v downwards (uv (0,0) is the
// panel's top-left pixel corner). Without a hit the mouse is outside the panel and no button is held.
struct PanelPointerInput {
    bool hit = false;
    vec2 uv{0.0f};
    bool pressed = false; // the select button (ImGui's left mouse button)
    float wheel = 0.0f;   // vertical scroll in ImGui wheel units (e.g. from a thumbstick)
};

class XrPanel {
public:
    // Creates the swapchain on `session` (which must use renderer's VkDevice, XR_KHR_vulkan_enable2), the ImGui
    // context and the backend, and uploads the font atlas (synchronously). Errors: Device (OpenXR or Vulkan
    // refused; the message names the call and the result), Unsupported (no 8-bit RGBA colour format offered),
    // InvalidArgument (no session, a size outside 1..4096 px, non-positive widthMetres or fontScale).
    static Expected<std::unique_ptr<XrPanel>> create(XrSession session, gfx::Renderer& renderer,
                                                     const XrPanelOptions& options = {});
    ~XrPanel(); // waits for the panel's own submissions, destroys everything it created
    XrPanel(const XrPanel&) = delete;
    XrPanel& operator=(const XrPanel&) = delete;

    // The panel's ImGui context (style, fonts and windows of the XR menus). Owned by the panel.
    ImGuiContext* context() const { return m_context; }

    // Open: render() draws and layer() returns the quad. Closed: render() only ends the ImGui frame (no GPU work)
    // and layer() returns null, so nothing is submitted; the swapchain keeps its last image for reopening.
    void setOpen(bool open) { m_open = open; }
    bool isOpen() const { return m_open; }

    // Feeds the pointer (ignored while closed) and dt (seconds; <= 0 counts as 1/90 s) to ImGui IO, makes the
    // panel's context current and starts its frame. Must be followed by render() before the next beginFrame().
    void beginFrame(float dt, const PanelPointerInput& pointer);
    // Ends the ImGui frame; while open, draws it into a freshly acquired swapchain image and releases the image.
    // Restores the ImGui context that was current before beginFrame(). Errors: Device (an OpenXR or Vulkan call
    // failed, e.g. XR_ERROR_SESSION_LOST; the ImGui frame is still ended and the context restored).
    Expected<void> render();

    // The quad layer for xrEndFrame (valid until the next call): `pose` is the panel's centre in `space`, the
    // panel faces +Z of that pose (its front is seen looking down -Z), size in metres, the whole image, both eyes,
    // alpha-blended. Null while closed or before the first successful render().
    const XrCompositionLayerQuad* layer(XrSpace space, const XrPosef& pose);

    // ImGui wants the pointer (it hovers a panel window or drags a widget): the app should not treat the select
    // press as a scene pick. From the last beginFrame().
    bool wantsInput() const;

    uint32_t widthPx() const { return m_options.widthPx; }
    uint32_t heightPx() const { return m_options.heightPx; }
    float heightMetres() const { return m_options.widthMetres * float(m_options.heightPx) / float(m_options.widthPx); }
    int64_t swapchainFormat() const { return m_swapchainFormat; } // the VkFormat chosen for the swapchain
    bool mutableFormat() const { return m_mutable; }              // true: sRGB image written through a UNORM view
    XrSwapchain swapchain() const { return m_swapchain; }

private:
    XrPanel(XrSession session, gfx::Renderer& renderer, const XrPanelOptions& options);
    Expected<void> createSwapchain();
    Expected<void> createContext();
    Expected<void> submitDrawData();

    XrSession m_session;
    gfx::Renderer::VulkanHandles m_vk;
    XrPanelOptions m_options;
    XrSwapchain m_swapchain = XR_NULL_HANDLE;
    int64_t m_swapchainFormat = 0;
    bool m_mutable = false;
    std::unique_ptr<PanelGpu> m_gpu;
    ImGuiContext* m_context = nullptr;
    ImGuiContext* m_outerContext = nullptr; // current before beginFrame(), restored by render()
    bool m_backendInitialised = false;
    bool m_inFrame = false;
    bool m_open = true;
    bool m_hasImage = false; // an image was released at least once (a layer may name the swapchain)
    bool m_wantsInput = false;
    XrCompositionLayerQuad m_layer{XR_TYPE_COMPOSITION_LAYER_QUAD};
};

} // namespace tv::xr
