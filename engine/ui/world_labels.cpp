#include "ui/world_labels.h"

#include "interact/ray.h"

#include <algorithm>

namespace tv::ui {
namespace {

constexpr ImU32 kLineColor = IM_COL32(255, 210, 64, 255);
constexpr ImU32 kPendingColor = IM_COL32(255, 210, 64, 160);

ImVec2 im(const vec2& v) { return ImVec2(v.x, v.y); }

} // namespace

std::optional<vec2> labelScreenPosition(const scene::ViewCamera& camera, const vec3& anchor, const vec2& viewport,
                                        float margin) {
    std::optional<vec3> p = interact::projectToPixel(camera, anchor, viewport);
    if (!p) return std::nullopt;
    if (p->x < -margin || p->y < -margin || p->x > viewport.x + margin || p->y > viewport.y + margin)
        return std::nullopt;
    return vec2(p->x, p->y);
}

std::optional<std::pair<vec2, vec2>> projectSegment(const scene::ViewCamera& camera, const vec3& a, const vec3& b,
                                                    const vec2& viewport) {
    // Clip in view space against z = -znear (the camera looks down -z), then project both ends.
    const mat4 view = camera.view();
    vec3 va = vec3(view * vec4(a, 1.0f)), vb = vec3(view * vec4(b, 1.0f));
    if (!camera.orthographic) {
        const float zClip = -std::max(camera.znear, 1e-4f);
        bool aIn = va.z <= zClip, bIn = vb.z <= zClip;
        if (!aIn && !bIn) return std::nullopt;
        if (aIn != bIn) {
            float t = (zClip - va.z) / (vb.z - va.z);
            vec3 cut = va + (vb - va) * t;
            (aIn ? vb : va) = cut;
        }
    }
    const mat4 inv = glm::inverse(view);
    std::optional<vec3> pa = interact::projectToPixel(camera, vec3(inv * vec4(va, 1.0f)), viewport);
    std::optional<vec3> pb = interact::projectToPixel(camera, vec3(inv * vec4(vb, 1.0f)), viewport);
    if (!pa || !pb) return std::nullopt;
    return std::pair<vec2, vec2>{vec2(*pa), vec2(*pb)};
}

bool drawWorldLabel(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport, const vec3& anchor,
                    const char* text, ImU32 color) {
    std::optional<vec2> p = labelScreenPosition(camera, anchor, viewport);
    if (!p) return false;
    ImVec2 size = ImGui::CalcTextSize(text);
    ImVec2 min(p->x - size.x * 0.5f, p->y - size.y * 0.5f);
    ImVec2 pad(4.0f, 2.0f);
    drawList->AddRectFilled(ImVec2(min.x - pad.x, min.y - pad.y),
                            ImVec2(min.x + size.x + pad.x, min.y + size.y + pad.y), IM_COL32(0, 0, 0, 170), 3.0f);
    drawList->AddText(min, color, text);
    return true;
}

int drawMeasurementOverlay(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport,
                           const interact::MeasurementTool& tool, const std::optional<interact::MeasurePoint>& cursor,
                           int decimals) {
    int labels = 0;
    auto drawOne = [&](const interact::Measurement& m, ImU32 color) {
        if (auto seg = projectSegment(camera, m.a.position, m.b.position, viewport)) {
            drawList->AddLine(im(seg->first), im(seg->second), color, 2.0f);
            drawList->AddCircleFilled(im(seg->first), 4.0f, color);
            drawList->AddCircleFilled(im(seg->second), 4.0f, color);
        }
        if (drawWorldLabel(drawList, camera, viewport, m.anchor(), m.label(decimals).c_str())) ++labels;
    };
    for (const interact::Measurement& m : tool.measurements()) drawOne(m, kLineColor);
    if (tool.hasPending()) {
        if (cursor) {
            if (std::optional<interact::Measurement> preview = tool.preview(*cursor)) drawOne(*preview, kPendingColor);
        } else if (auto p = labelScreenPosition(camera, tool.pending()->position, viewport)) {
            drawList->AddCircleFilled(im(*p), 4.0f, kPendingColor);
        }
    }
    return labels;
}

ImU32 twinLabelColour(const twin::LiveLabel& label) {
    if (label.stale) return kTwinLabelStaleColour;
    return label.alert ? kTwinLabelAlertColour : kTwinLabelColour;
}

int drawTwinLabels(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport,
                   std::span<const twin::LiveLabel> labels) {
    int drawn = 0;
    for (const twin::LiveLabel& l : labels)
        if (!l.text.empty() &&
            drawWorldLabel(drawList, camera, viewport, l.worldPosition, l.text.c_str(), twinLabelColour(l)))
            ++drawn;
    return drawn;
}

namespace {

// Per-frame buffers of the operator label view, kept so steady frames do not allocate (UI runs on one thread).
struct TwinLabelBuffers {
    std::vector<ops::LabelCandidate> candidates;
    std::vector<uint32_t> labelOf; // candidate -> index into the labels span
    std::vector<ops::LabelPlacement> placements;
    std::vector<uint32_t> byRank; // visible candidates in placement order
    ops::LabelLayoutScratch layout;
};

constexpr float kLabelPadding = 3.0f;
constexpr float kLeaderThickness = 1.5f;
constexpr float kLeaderDotRadius = 2.5f;
constexpr int kBackingAlpha = 170;

ImU32 withAlpha(ImU32 colour, float alpha) {
    const float a = float((colour >> IM_COL32_A_SHIFT) & 0xFF) * std::clamp(alpha, 0.0f, 1.0f);
    return (colour & ~IM_COL32_A_MASK) | (ImU32(a + 0.5f) << IM_COL32_A_SHIFT);
}

} // namespace

int drawTwinLabels(ImDrawList* drawList, const scene::ViewCamera& camera, const vec2& viewport,
                   std::span<const twin::LiveLabel> labels, LabelLayerSettings& settings, const LabelFocus& focus) {
    thread_local TwinLabelBuffers b;
    b.candidates.clear();
    b.labelOf.clear();
    // Layers come in runs (labels are created binding by binding), so one set lookup per run.
    std::string_view lastLayer;
    bool lastHidden = false, haveLast = false;
    uint32_t hiddenByLayer = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        const twin::LiveLabel& l = labels[i];
        if (l.text.empty()) continue;
        std::string_view layer = labelLayer(l);
        if (!haveLast || layer != lastLayer) {
            lastLayer = layer;
            lastHidden = settings.hiddenLayers.find(layer) != settings.hiddenLayers.end();
            haveLast = true;
        }
        if (lastHidden) {
            ++hiddenByLayer;
            continue;
        }
        ops::LabelCandidate c;
        c.distance = glm::length(l.worldPosition - camera.eye);
        if (std::optional<vec3> p = interact::projectToPixel(camera, l.worldPosition, viewport)) {
            c.anchor = vec2(p->x, p->y);
            const ImVec2 size = ImGui::CalcTextSize(l.text.c_str());
            c.textSize = vec2(size.x, size.y);
        } else {
            c.behindEye = true;
        }
        const bool focused = !l.entity.empty() && (l.entity == focus.selectedEntity || l.entity == focus.hoveredEntity);
        c.priority = l.alert   ? ops::LabelPriority::Alarmed
                     : focused ? ops::LabelPriority::Focused
                               : ops::LabelPriority::Normal;
        b.candidates.push_back(c);
        b.labelOf.push_back(uint32_t(i));
    }

    ops::LabelLayoutOptions options;
    options.viewport = viewport;
    options.fadeStart = settings.fade ? settings.fadeStart : 0.0f;
    options.fadeEnd = settings.fade ? settings.fadeEnd : 0.0f;
    options.declutter = settings.declutter;
    options.padding = kLabelPadding;
    settings.lastFrame = ops::layoutLabels(b.candidates, options, b.placements, b.layout);
    settings.lastHiddenByLayer = hiddenByLayer;

    // Lowest priority first, so where labels do overlap (declutter off, forced alarms) the important one is on top.
    b.byRank.assign(settings.lastFrame.visible, 0);
    for (size_t c = 0; c < b.placements.size(); ++c)
        if (b.placements[c].visible()) b.byRank[b.placements[c].rank] = uint32_t(c);
    for (size_t r = b.byRank.size(); r-- > 0;) {
        const size_t c = b.byRank[r];
        const ops::LabelPlacement& p = b.placements[c];
        const twin::LiveLabel& l = labels[b.labelOf[c]];
        const ImU32 colour = withAlpha(twinLabelColour(l), p.alpha);
        if (p.leader) {
            drawList->AddLine(im(b.candidates[c].anchor), im(p.leaderEnd), colour, kLeaderThickness);
            drawList->AddCircleFilled(im(b.candidates[c].anchor), kLeaderDotRadius, colour);
        }
        drawList->AddRectFilled(im(p.min), im(p.max), withAlpha(IM_COL32(0, 0, 0, kBackingAlpha), p.alpha), 3.0f);
        drawList->AddText(im(p.min + vec2(kLabelPadding)), colour, l.text.c_str());
    }
    return int(settings.lastFrame.visible);
}

} // namespace tv::ui
