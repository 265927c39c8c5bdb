#include "xr/panel/xr_panel.h"

#include "xr/panel/panel_gpu.h"

#include "core/assert.h"
#include "core/log.h"

#include <vulkan/vulkan.h>
#define XR_USE_GRAPHICS_API_VULKAN 1
#include <openxr/openxr_platform.h>

#include <imgui.h>
#include <backends/imgui_impl_vulkan.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <vector>

namespace tv::xr {
namespace {

constexpr float kDefaultDt = 1.0f / 90.0f;   // a headset's usual rate, for a first frame without a measured dt
constexpr float kImGuiDefaultFontPx = 13.0f; // ProggyClean's native size (ImGui's default font)
constexpr uint32_t kMaxPanelPx = 4096;       // OpenXR runtimes commonly cap swapchain images here

// Makes `context` current for a scope and restores what was current before (possibly null).
class ContextScope {
public:
    explicit ContextScope(ImGuiContext* context) : m_outer(ImGui::GetCurrentContext()) {
        ImGui::SetCurrentContext(context);
    }
    ~ContextScope() { ImGui::SetCurrentContext(m_outer); }
    ContextScope(const ContextScope&) = delete;
    ContextScope& operator=(const ContextScope&) = delete;

private:
    ImGuiContext* m_outer;
};

const char* xrResultName(XrResult result) {
    switch (result) {
    case XR_ERROR_VALIDATION_FAILURE: return "XR_ERROR_VALIDATION_FAILURE";
    case XR_ERROR_RUNTIME_FAILURE: return "XR_ERROR_RUNTIME_FAILURE";
    case XR_ERROR_OUT_OF_MEMORY: return "XR_ERROR_OUT_OF_MEMORY";
    case XR_ERROR_HANDLE_INVALID: return "XR_ERROR_HANDLE_INVALID";
    case XR_ERROR_SESSION_LOST: return "XR_ERROR_SESSION_LOST";
    case XR_ERROR_INSTANCE_LOST: return "XR_ERROR_INSTANCE_LOST";
    case XR_ERROR_CALL_ORDER_INVALID: return "XR_ERROR_CALL_ORDER_INVALID";
    case XR_ERROR_SIZE_INSUFFICIENT: return "XR_ERROR_SIZE_INSUFFICIENT";
    case XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED: return "XR_ERROR_SWAPCHAIN_FORMAT_UNSUPPORTED";
    case XR_ERROR_FEATURE_UNSUPPORTED: return "XR_ERROR_FEATURE_UNSUPPORTED";
    case XR_ERROR_LIMIT_REACHED: return "XR_ERROR_LIMIT_REACHED";
    case XR_TIMEOUT_EXPIRED: return "XR_TIMEOUT_EXPIRED";
    default: return "XrResult";
    }
}

Error xrFailure(const char* call, XrResult result) {
    return makeError(ErrorCode::Device,
                     format("XR panel: %s failed: %s (%d)", call, xrResultName(result), int(result)));
}

bool isSrgb(int64_t format) { return format == VK_FORMAT_R8G8B8A8_SRGB || format == VK_FORMAT_B8G8R8A8_SRGB; }

VkFormat unormOf(int64_t format) {
    switch (format) {
    case VK_FORMAT_R8G8B8A8_SRGB: return VK_FORMAT_R8G8B8A8_UNORM;
    case VK_FORMAT_B8G8R8A8_SRGB: return VK_FORMAT_B8G8R8A8_UNORM;
    default: return VkFormat(format);
    }
}

void checkVk(VkResult result) {
    if (result != VK_SUCCESS) logError("XR panel: ImGui Vulkan backend: VkResult %d", int(result));
}

// sRGB-encoded byte -> linear byte: the fallback for sRGB views, where the hardware encodes on write, so ImGui's
// display colours must be handed over linear to come out as the same bytes.
const std::array<uint8_t, 256>& srgbToLinearTable() {
    static const std::array<uint8_t, 256> table = [] {
        std::array<uint8_t, 256> t{};
        for (int i = 0; i < 256; ++i) {
            const float c = float(i) / 255.0f;
            const float linear = c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
            t[size_t(i)] = uint8_t(std::lround(linear * 255.0f));
        }
        return t;
    }();
    return table;
}

void decodeVertexColours(ImDrawData* drawData) {
    const auto& table = srgbToLinearTable();
    for (int l = 0; l < drawData->CmdListsCount; ++l) {
        ImVector<ImDrawVert>& vertices = drawData->CmdLists[l]->VtxBuffer;
        for (ImDrawVert& v : vertices) {
            const ImU32 c = v.col; // IM_COL32 layout: R in the low byte, alpha in the high byte (kept)
            v.col = ImU32(table[c & 0xFF]) | ImU32(table[(c >> 8) & 0xFF]) << 8 | ImU32(table[(c >> 16) & 0xFF]) << 16 |
                    (c & 0xFF000000u);
        }
    }
}

} // namespace

XrPanel::XrPanel(XrSession session, gfx::Renderer& renderer, const XrPanelOptions& options)
    : m_session(session), m_vk(renderer.vulkanHandles()), m_options(options) {}

Expected<std::unique_ptr<XrPanel>> XrPanel::create(XrSession session, gfx::Renderer& renderer,
                                                   const XrPanelOptions& options) {
    if (session == XR_NULL_HANDLE) return makeError(ErrorCode::InvalidArgument, "XR panel: no XrSession");
    if (options.widthPx == 0 || options.heightPx == 0 || options.widthPx > kMaxPanelPx ||
        options.heightPx > kMaxPanelPx)
        return makeError(ErrorCode::InvalidArgument, format("XR panel: size %ux%u px is outside 1..%u", options.widthPx,
                                                            options.heightPx, kMaxPanelPx));
    if (!(options.widthMetres > 0.0f) || !(options.fontScale > 0.0f))
        return makeError(ErrorCode::InvalidArgument,
                         format("XR panel: widthMetres (%g) and fontScale (%g) must be positive",
                                double(options.widthMetres), double(options.fontScale)));
    std::unique_ptr<XrPanel> panel(new XrPanel(session, renderer, options));
    if (auto ok = panel->createSwapchain(); !ok) return ok.error();
    if (auto ok = panel->createContext(); !ok) return ok.error();
    return panel;
}

Expected<void> XrPanel::createSwapchain() {
    uint32_t count = 0;
    if (XrResult r = xrEnumerateSwapchainFormats(m_session, 0, &count, nullptr); XR_FAILED(r))
        return xrFailure("xrEnumerateSwapchainFormats", r);
    std::vector<int64_t> offered(count);
    if (XrResult r = xrEnumerateSwapchainFormats(m_session, count, &count, offered.data()); XR_FAILED(r))
        return xrFailure("xrEnumerateSwapchainFormats", r);
    // Our preference, not the runtime's order: the runtime lists its favourite first, but any 8-bit RGBA format
    // carries an ImGui panel equally well, and an sRGB one tells the compositor how to read the bytes.
    constexpr int64_t kWanted[] = {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_UNORM,
                                   VK_FORMAT_B8G8R8A8_UNORM};
    for (int64_t wanted : kWanted) {
        if (std::find(offered.begin(), offered.end(), wanted) != offered.end()) {
            m_swapchainFormat = wanted;
            break;
        }
    }
    if (m_swapchainFormat == 0)
        return makeError(
            ErrorCode::Unsupported,
            format("XR panel: the runtime offers none of the 8-bit RGBA colour formats (%u formats)", count));

    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT;
    info.format = m_swapchainFormat;
    info.sampleCount = 1;
    info.width = m_options.widthPx;
    info.height = m_options.heightPx;
    info.faceCount = 1;
    info.arraySize = 1;
    info.mipCount = 1;
    m_mutable = isSrgb(m_swapchainFormat) && m_options.allowMutableFormat;
    if (m_mutable) {
        info.usageFlags |= XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT;
        if (XR_FAILED(xrCreateSwapchain(m_session, &info, &m_swapchain))) {
            logInfo("XR panel: the runtime refused a mutable-format swapchain; vertex colours are decoded instead");
            m_swapchain = XR_NULL_HANDLE;
            m_mutable = false;
            info.usageFlags &= ~XrSwapchainUsageFlags(XR_SWAPCHAIN_USAGE_MUTABLE_FORMAT_BIT);
        }
    }
    if (!m_swapchain)
        if (XrResult r = xrCreateSwapchain(m_session, &info, &m_swapchain); XR_FAILED(r))
            return xrFailure("xrCreateSwapchain", r);

    if (XrResult r = xrEnumerateSwapchainImages(m_swapchain, 0, &count, nullptr); XR_FAILED(r))
        return xrFailure("xrEnumerateSwapchainImages", r);
    std::vector<XrSwapchainImageVulkan2KHR> xrImages(count, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR, nullptr, {}});
    if (XrResult r = xrEnumerateSwapchainImages(m_swapchain, count, &count,
                                                reinterpret_cast<XrSwapchainImageBaseHeader*>(xrImages.data()));
        XR_FAILED(r))
        return xrFailure("xrEnumerateSwapchainImages", r);
    std::vector<VkImage> images;
    for (const auto& image : xrImages) images.push_back(image.image);
    const VkFormat viewFormat = m_mutable ? unormOf(m_swapchainFormat) : VkFormat(m_swapchainFormat);
    auto gpu = PanelGpu::create(m_vk, images, viewFormat, m_options.widthPx, m_options.heightPx);
    if (!gpu) return gpu.error();
    m_gpu = std::move(*gpu);
    return {};
}

Expected<void> XrPanel::createContext() {
    // CreateContext leaves the current context alone when one exists; the scope covers the case without one.
    ContextScope outer(ImGui::GetCurrentContext());
    m_context = ImGui::CreateContext();
    ImGui::SetCurrentContext(m_context);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // window positions come from the app, not from an imgui.ini next to the binary
    io.LogFilename = nullptr;
    io.BackendPlatformName = "twinview_xr_panel";
    io.DisplaySize = ImVec2(float(m_options.widthPx), float(m_options.heightPx));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::StyleColorsDark();
    ImGui::GetStyle().ScaleAllSizes(m_options.fontScale);
    // Rasterise the font at the final size (sharper than io.FontGlobalScale, which magnifies a 13 px atlas).
    ImFontConfig font;
    font.SizePixels = kImGuiDefaultFontPx * m_options.fontScale;
    io.Fonts->AddFontDefault(&font);

    ImGui_ImplVulkan_InitInfo init{};
    init.Instance = m_vk.instance;
    init.PhysicalDevice = m_vk.physicalDevice;
    init.Device = m_vk.device;
    init.QueueFamily = m_vk.queueFamily;
    init.Queue = m_vk.queue;
    init.DescriptorPool = m_gpu->descriptorPool();
    init.Subpass = 0;
    init.MinImageCount = 2;
    init.ImageCount = m_gpu->slotCount(); // the backend's vertex buffer ring = the panel's submission slots
    init.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
    init.CheckVkResultFn = checkVk;
    if (!ImGui_ImplVulkan_Init(&init, m_gpu->renderPass()))
        return makeError(ErrorCode::Device, "XR panel: ImGui_ImplVulkan_Init failed");
    m_backendInitialised = true;
    // The font atlas goes up once, synchronously: creation is not on the frame path, and the staging buffer can be
    // freed right away.
    if (auto ok = m_gpu->submitAndWait([](VkCommandBuffer cmd) { ImGui_ImplVulkan_CreateFontsTexture(cmd); }); !ok)
        return ok;
    ImGui_ImplVulkan_DestroyFontUploadObjects();
    return {};
}

XrPanel::~XrPanel() {
    if (m_inFrame) {
        // Destroyed between beginFrame() and render() (an error path in the app): end the frame, hand the
        // context back.
        ImGui::SetCurrentContext(m_context);
        ImGui::EndFrame();
        ImGui::SetCurrentContext(m_outerContext);
        m_inFrame = false;
    }
    if (m_gpu) m_gpu->waitIdle();
    if (m_context) {
        ImGuiContext* outer = ImGui::GetCurrentContext();
        ImGui::SetCurrentContext(m_context);
        if (m_backendInitialised) ImGui_ImplVulkan_Shutdown();
        ImGui::DestroyContext(m_context);
        ImGui::SetCurrentContext(outer == m_context ? nullptr : outer);
    }
    m_gpu.reset();
    if (m_swapchain) {
        if (XrResult r = xrDestroySwapchain(m_swapchain); XR_FAILED(r))
            logWarn("XR panel: xrDestroySwapchain failed: %s (%d)", xrResultName(r), int(r));
    }
}

void XrPanel::beginFrame(float dt, const PanelPointerInput& pointer) {
    TV_ASSERT(!m_inFrame, "XrPanel::beginFrame called twice without render()");
    m_outerContext = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(m_context);
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = dt > 0.0f ? dt : kDefaultDt;
    const bool hit = m_open && pointer.hit;
    if (hit) {
        const float u = std::clamp(pointer.uv.x, 0.0f, 1.0f), v = std::clamp(pointer.uv.y, 0.0f, 1.0f);
        io.MousePos = ImVec2(u * float(m_options.widthPx), v * float(m_options.heightPx));
    } else {
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX); // ImGui's "no mouse"
    }
    io.MouseDown[0] = hit && pointer.pressed;
    io.MouseWheel = hit ? pointer.wheel : 0.0f;
    ImGui_ImplVulkan_NewFrame();
    ImGui::NewFrame();
    m_wantsInput = io.WantCaptureMouse;
    m_inFrame = true;
}

Expected<void> XrPanel::render() {
    TV_ASSERT(m_inFrame, "XrPanel::render without beginFrame()");
    TV_ASSERT(ImGui::GetCurrentContext() == m_context,
              "XrPanel::render: the panel's ImGui context is no longer current (restore it after switching)");
    m_inFrame = false;
    Expected<void> result;
    if (m_open) {
        ImGui::Render();
        result = submitDrawData();
    } else {
        ImGui::EndFrame(); // closed: the app's windows were built but nothing is drawn
    }
    ImGui::SetCurrentContext(m_outerContext);
    return result;
}

Expected<void> XrPanel::submitDrawData() {
    ImDrawData* drawData = ImGui::GetDrawData();
    // Wait before acquiring so the image is not held while the CPU blocks.
    if (auto ok = m_gpu->waitForNextSlot(); !ok) return ok;
    uint32_t index = 0;
    XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
    if (XrResult r = xrAcquireSwapchainImage(m_swapchain, &acquire, &index); XR_FAILED(r))
        return xrFailure("xrAcquireSwapchainImage", r);
    XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
    wait.timeout = XR_INFINITE_DURATION;
    if (XrResult r = xrWaitSwapchainImage(m_swapchain, &wait); XR_FAILED(r) || r == XR_TIMEOUT_EXPIRED)
        return xrFailure("xrWaitSwapchainImage", r);
    if (isSrgb(m_swapchainFormat) && !m_mutable) decodeVertexColours(drawData);
    auto drawn = m_gpu->draw(index, drawData);
    // Released even when recording failed: OpenXR wants every waited image back, and the next acquire would fail.
    XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
    const XrResult released = xrReleaseSwapchainImage(m_swapchain, &release);
    if (!drawn) return drawn;
    if (XR_FAILED(released)) return xrFailure("xrReleaseSwapchainImage", released);
    m_hasImage = true;
    return {};
}

const XrCompositionLayerQuad* XrPanel::layer(XrSpace space, const XrPosef& pose) {
    if (!m_open || !m_hasImage) return nullptr;
    m_layer = {XR_TYPE_COMPOSITION_LAYER_QUAD};
    m_layer.next = nullptr;
    // Premultiplied alpha (no UNPREMULTIPLIED bit): ImGui's blending onto the cleared image produces exactly that.
    m_layer.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT;
    m_layer.space = space;
    m_layer.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
    m_layer.subImage.swapchain = m_swapchain;
    m_layer.subImage.imageRect = {{0, 0}, {int32_t(m_options.widthPx), int32_t(m_options.heightPx)}};
    m_layer.subImage.imageArrayIndex = 0;
    m_layer.pose = pose;
    m_layer.size = {m_options.widthMetres, heightMetres()};
    return &m_layer;
}

bool XrPanel::wantsInput() const { return m_open && m_wantsInput; }

} // namespace tv::xr
