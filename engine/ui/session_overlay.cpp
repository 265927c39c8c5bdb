#include "ui/session_overlay.h"

#include "session/annotation_pins.h"
#include "ui/session_format.h"
#include "ui/world_labels.h"

#include <algorithm>
#include <string>

namespace tv::ui {
namespace {

constexpr float kNameTagLift = 0.28f; // metres above the head centre: clears the head shell
constexpr int kMaxToasts = 5;
constexpr ImU32 kBacking = IM_COL32(0, 0, 0, 170);

// A tag whose bottom-centre sits `liftPx` above the anchor's pixel: a colour bar in the member's colour, then the
// text. Constant screen size whatever the distance.
void drawTag(ImDrawList* dl, const vec2& at, float liftPx, const std::string& text, ImU32 textColour, ImU32 bar) {
    ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const float pad = 4.0f, barWidth = 4.0f;
    ImVec2 min(at.x - (size.x + barWidth + pad) * 0.5f, at.y - liftPx - size.y - pad);
    ImVec2 max(min.x + size.x + barWidth + pad * 2.0f, min.y + size.y + pad);
    dl->AddRectFilled(ImVec2(min.x - pad * 0.5f, min.y - pad * 0.5f), max, kBacking, 3.0f);
    dl->AddRectFilled(ImVec2(min.x, min.y), ImVec2(min.x + barWidth, max.y - pad * 0.5f), bar, 1.0f);
    dl->AddText(ImVec2(min.x + barWidth + pad, min.y), textColour, text.c_str());
}

std::string lastPathPart(const std::string& path) {
    size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

SessionOverlayCounts drawSessionOverlay(ImDrawList* dl, const scene::ViewCamera& camera, const vec2& viewport,
                                        const SessionViewModel& model, const scene::SceneGraph* graph) {
    SessionOverlayCounts counts;
    if (!model.active) return counts;

    // Pins first: the people's tags draw over them.
    for (const net::Annotation& a : model.annotations) {
        std::optional<vec2> p = labelScreenPosition(camera, session::pinHeadPosition(a), viewport);
        if (!p) continue;
        const bool selected = a.id == model.selectedAnnotation;
        ImU32 colour = selected     ? IM_COL32(255, 215, 90, 255)
                       : a.resolved ? IM_COL32(160, 160, 160, 150)
                                    : IM_COL32(255, 255, 255, 255);
        ImU32 bar = a.resolved ? IM_COL32(90, 110, 95, 150) : IM_COL32(235, 90, 40, 255);
        drawTag(dl, *p, 10.0f, annotationSummary(a.text, 24), colour, bar);
        ++counts.pinLabels;
    }

    for (const SessionPeerView& peer : model.peers) {
        if (peer.isSelf || !peer.online) continue;
        const ImU32 colour = memberColour(peer.colour);
        if (peer.head) {
            if (std::optional<vec2> p =
                    labelScreenPosition(camera, *peer.head + vec3(0.0f, kNameTagLift, 0.0f), viewport)) {
                std::string text = peer.user + "  " + net::roleName(peer.role);
                if (peer.isLeader) text += "  (leading)";
                drawTag(dl, *p, 0.0f, text, IM_COL32(255, 255, 255, 255), colour);
                ++counts.nameTags;
            }
        }
        if (peer.pointerHit) {
            if (std::optional<vec2> p = labelScreenPosition(camera, *peer.pointerHit, viewport)) {
                drawTag(dl, *p, 8.0f, peer.user, colour, colour);
                ++counts.pointerTags;
            }
        }
        if (!peer.selectionPath.empty()) {
            std::optional<vec3> anchor = peer.selectionAnchor;
            if (!anchor && graph) {
                scene::NodeHandle node = graph->findByPath(peer.selectionPath);
                if (node && graph->isValid(node)) anchor = vec3(graph->worldMatrix(node)[3]);
            }
            if (anchor) {
                if (std::optional<vec2> p = labelScreenPosition(camera, *anchor, viewport)) {
                    drawTag(dl, *p, -24.0f, peer.user + ": " + lastPathPart(peer.selectionPath), colour, colour);
                    ++counts.selectionTags;
                }
            }
        }
    }
    return counts;
}

int drawSessionToasts(ImDrawList* dl, const vec2& display, const SessionViewModel& model) {
    int shown = 0;
    float y = 36.0f; // below the main menu bar
    for (auto it = model.notices.rbegin(); it != model.notices.rend() && shown < kMaxToasts; ++it) {
        const SessionNotice& n = *it;
        if (n.ageSeconds < 0.0 || n.ageSeconds >= kToastSeconds) continue;
        // Full strength, then fade out over the last second.
        float alpha = float(std::clamp(kToastSeconds - n.ageSeconds, 0.0, 1.0));
        ImVec2 size = ImGui::CalcTextSize(n.text.c_str());
        const float pad = 8.0f;
        ImVec2 min(display.x * 0.5f - size.x * 0.5f - pad, y);
        ImVec2 max(display.x * 0.5f + size.x * 0.5f + pad, y + size.y + pad * 2.0f);
        dl->AddRectFilled(min, max, IM_COL32(20, 20, 24, int(220 * alpha)), 6.0f);
        ImU32 c = noticeColour(n.severity);
        ImU32 text = (c & ~IM_COL32_A_MASK) | (ImU32(255 * alpha) << IM_COL32_A_SHIFT);
        dl->AddRect(min, max, (c & ~IM_COL32_A_MASK) | (ImU32(160 * alpha) << IM_COL32_A_SHIFT), 6.0f);
        dl->AddText(ImVec2(min.x + pad, min.y + pad), text, n.text.c_str());
        y = max.y + 6.0f;
        ++shown;
    }
    return shown;
}

} // namespace tv::ui
