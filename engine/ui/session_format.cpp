#include "ui/session_format.h"

#include "core/log.h"

#include <algorithm>

namespace tv::ui {

ImU32 memberColour(uint32_t rgb, uint8_t alpha) {
    return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
}

ImU32 noticeColour(NoticeSeverity severity) {
    switch (severity) {
    case NoticeSeverity::Info: return IM_COL32(230, 230, 230, 255);
    case NoticeSeverity::Warning: return IM_COL32(255, 200, 70, 255);
    case NoticeSeverity::Error: return IM_COL32(255, 100, 90, 255);
    }
    return IM_COL32(255, 255, 255, 255);
}

std::string formatLatency(std::optional<float> rttMs) {
    if (!rttMs || !(*rttMs >= 0.0f)) return "-";
    if (*rttMs < 1.0f) return "<1 ms";
    return tv::format("%.0f ms", double(*rttMs));
}

std::string formatSessionAge(uint64_t nowUs, uint64_t thenUs) {
    if (thenUs == 0 || nowUs <= thenUs) return "just now";
    uint64_t s = (nowUs - thenUs) / 1'000'000;
    if (s < 5) return "just now";
    if (s < 60) return tv::format("%llu s ago", static_cast<unsigned long long>(s));
    if (s < 3600) return tv::format("%llu min ago", static_cast<unsigned long long>(s / 60));
    if (s < 86400) return tv::format("%llu h ago", static_cast<unsigned long long>(s / 3600));
    return tv::format("%llu d ago", static_cast<unsigned long long>(s / 86400));
}

std::string annotationSummary(std::string_view text, size_t maxChars) {
    std::string_view line = text.substr(0, text.find('\n'));
    if (line.size() <= maxChars) return std::string(line);
    size_t cut = maxChars > 3 ? maxChars - 3 : 0;
    // Never cut inside a UTF-8 sequence: back up to a lead byte.
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return std::string(line.substr(0, cut)) + "...";
}

size_t onlineCount(const SessionViewModel& model) {
    return size_t(
        std::count_if(model.peers.begin(), model.peers.end(), [](const SessionPeerView& p) { return p.online; }));
}

const SessionPeerView* findPeer(const SessionViewModel& model, std::string_view user) {
    for (const SessionPeerView& p : model.peers)
        if (p.user == user) return &p;
    return nullptr;
}

std::string sessionStatusText(const SessionViewModel& model) {
    std::string text = tv::format("Session %s | %s | %zu online", model.session.c_str(),
                                  model.linkState.empty() ? "-" : model.linkState.c_str(), onlineCount(model));
    if (model.following && !model.leader.empty())
        text += " | following " + model.leader;
    else if (!model.leader.empty() && model.leader == model.selfUser)
        text += " | leading";
    return text;
}

namespace {

bool drawButton(const char* label, bool enabled, const char* reason, std::vector<DrawnButton>& drawn) {
    ImGui::BeginDisabled(!enabled);
    bool pressed = ImGui::Button(label);
    ImGui::EndDisabled();
    // Disabled items do not report hover by default; the reason is the whole point of showing them.
    if (!enabled && reason && *reason && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", reason);
    ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    std::string visible(label);
    visible = visible.substr(0, visible.find("##"));
    drawn.push_back({visible, enabled, enabled ? std::string() : std::string(reason ? reason : ""), vec2(min.x, min.y),
                     vec2(max.x, max.y)});
    return pressed && enabled;
}

} // namespace

bool sessionButton(const char* label, net::Role role, net::SessionAction action, std::vector<DrawnButton>& drawn,
                   bool extraEnabled, const char* disabledWhy) {
    bool allowed = net::mayPerform(role, action);
    const char* reason = allowed ? disabledWhy : net::denialReason(role, action);
    return drawButton(label, allowed && extraEnabled, reason, drawn);
}

bool plainButton(const char* label, std::vector<DrawnButton>& drawn, bool enabled, const char* disabledWhy) {
    return drawButton(label, enabled, disabledWhy, drawn);
}

} // namespace tv::ui
