#include "ui/command_log_panel.h"

#include "core/log.h"
#include "ui/twin_format.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cmath>

namespace tv::ui {

std::string commandStatusText(const CommandEntry& entry, double nowSeconds) {
    auto withReason = [&](const char* what) {
        return entry.reason.empty() ? std::string(what) : std::string(what) + ": " + entry.reason;
    };
    switch (entry.outcome) {
    case net::CommandOutcome::Pending: {
        double elapsed = std::max(0.0, nowSeconds - entry.sentAtSeconds);
        return tv::format("pending %.1f s", elapsed);
    }
    case net::CommandOutcome::Accepted: // loopback replies take well under a millisecond: keep a decimal
        return tv::format(entry.roundTripMs < 10.0 ? "done (%.1f ms)" : "done (%.0f ms)", entry.roundTripMs);
    case net::CommandOutcome::Rejected: return withReason("rejected");
    case net::CommandOutcome::Failed: return withReason("failed");
    case net::CommandOutcome::TimedOut: return withReason("timed out");
    case net::CommandOutcome::NotSent: return withReason("not sent");
    }
    return "unknown";
}

void drawCommandLine(CommandLogPanelState& state, bool canSend, std::vector<UiAction>& actions) {
    ImGui::BeginDisabled(!canSend);
    if (state.focusCommand && canSend) ImGui::SetKeyboardFocusHere();
    state.focusCommand = false;
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Send").x - ImGui::GetStyle().FramePadding.x * 2.0f -
                            ImGui::GetStyle().ItemSpacing.x);
    bool enter = ImGui::InputTextWithHint("##command", "verb target [name=value ...]  e.g. set pump-3 speed=1200",
                                          &state.commandText, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    bool send = ImGui::Button("Send");
    size_t first = state.commandText.find_first_not_of(" \t");
    if ((enter || send) && first != std::string::npos) {
        size_t last = state.commandText.find_last_not_of(" \t");
        UiAction a;
        a.kind = UiActionKind::SendCommand;
        a.text = state.commandText.substr(first, last - first + 1);
        actions.push_back(std::move(a));
        state.commandText.clear();
        // Keep typing: the operator usually sends several commands in a row.
        state.focusCommand = true;
    }
    ImGui::EndDisabled();
    if (!canSend) ImGui::TextDisabled("Commands need a live feed (not available during replay).");
}

void drawCommandHistory(std::span<const CommandEntry> log, double nowSeconds) {
    if (log.empty()) {
        ImGui::TextDisabled("No commands sent yet.");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                            ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##history", 3, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Sent");
    ImGui::TableSetupColumn("Command");
    ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (size_t i = log.size(); i-- > 0;) {
        const CommandEntry& e = log[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", formatAge(nowSeconds, e.sentAtSeconds).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.text.c_str());
        ImGui::TableNextColumn();
        if (e.outcome == net::CommandOutcome::Pending) {
            // ImGui 1.86 has no spinner widget: a rotating bar character is enough to show it is alive.
            static constexpr const char* kSpin[] = {"|", "/", "-", "\\"};
            ImGui::TextUnformatted(kSpin[int(std::fmod(std::max(0.0, nowSeconds), 1.0) * 8.0) % 4]);
            ImGui::SameLine();
        }
        std::string status = commandStatusText(e, nowSeconds);
        ImGui::PushStyleColor(ImGuiCol_Text, commandOutcomeColour(e.outcome));
        ImGui::TextUnformatted(status.c_str());
        ImGui::PopStyleColor();
        // A long reason is cut at the panel's edge; the tooltip has all of it.
        if (!e.reason.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", e.text.c_str(), status.c_str());
    }
    ImGui::EndTable();
}

void drawCommandLogPanel(CommandLogPanelState& state, bool* open, std::span<const CommandEntry> log, double nowSeconds,
                         bool canSend, std::vector<UiAction>& actions) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f - 340.0f, display.y * 0.75f - 40.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(680.0f, display.y * 0.22f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Commands", open)) {
        ImGui::End();
        return;
    }
    drawCommandLine(state, canSend, actions);
    ImGui::Separator();
    drawCommandHistory(log, nowSeconds);
    ImGui::End();
}

} // namespace tv::ui
