#include "ui/replay_bar.h"

#include "core/log.h"
#include "ui/twin_format.h"

#include <imgui.h>

#include <algorithm>

namespace tv::ui {
namespace {

constexpr double kSpeeds[] = {0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0};

std::string speedLabel(double speed) { return speed < 1.0 ? tv::format("%.2gx", speed) : tv::format("%.0fx", speed); }

UiAction valueAction(UiActionKind kind, double value) {
    UiAction a;
    a.kind = kind;
    a.value = value;
    return a;
}

UiAction pausedAction(bool paused) {
    UiAction a;
    a.kind = UiActionKind::ReplaySetPaused;
    a.flag = paused;
    return a;
}

} // namespace

std::span<const double> replaySpeeds() { return kSpeeds; }

void toggleReplayPaused(const ReplayView& replay, std::vector<UiAction>& actions) {
    if (!replay.available) return;
    if (replay.finished) {
        actions.push_back(valueAction(UiActionKind::ReplaySeek, 0.0));
        actions.push_back(pausedAction(false));
        return;
    }
    actions.push_back(pausedAction(!replay.paused));
}

void drawReplayBar(ReplayBarState& state, const ReplayView& replay, std::vector<UiAction>& actions) {
    if (!replay.available) {
        state.dragging = false;
        return;
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float height = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2.0f;
    // Directly above the status bar, which has the same height.
    ImGui::SetNextWindowPos(ImVec2(0.0f, display.y - height * 2.0f));
    ImGui::SetNextWindowSize(ImVec2(display.x, height));
    ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                             ImGuiWindowFlags_NoBringToFrontOnFocus;
    if (ImGui::Begin("##replaybar", nullptr, flags)) {
        bool playing = !replay.paused && !replay.finished;
        const float buttonWidth = ImGui::CalcTextSize("Pause").x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (ImGui::Button(playing ? "Pause###playpause" : "Play###playpause", ImVec2(buttonWidth, 0.0f)))
            toggleReplayPaused(replay, actions);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::CalcTextSize("0.25x").x + ImGui::GetFrameHeight() * 2.0f);
        if (ImGui::BeginCombo("##speed", speedLabel(replay.speed).c_str())) {
            for (double s : kSpeeds) {
                if (ImGui::Selectable(speedLabel(s).c_str(), s == replay.speed) && s != replay.speed)
                    actions.push_back(valueAction(UiActionKind::ReplaySetSpeed, s));
            }
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        double duration = std::max(replay.durationSeconds, 0.0);
        double shown = state.dragging ? state.dragSeconds : std::clamp(replay.positionSeconds, 0.0, duration);
        ImGui::TextUnformatted(formatClock(shown).c_str());
        ImGui::SameLine();
        std::string end = formatClock(duration) + (replay.finished ? "  finished" : "");
        float endWidth = ImGui::CalcTextSize(end.c_str()).x;
        ImGui::SetNextItemWidth(
            std::max(80.0f, ImGui::GetContentRegionAvail().x - endWidth - ImGui::GetStyle().ItemSpacing.x));
        double value = shown;
        const double zero = 0.0;
        ImGui::SliderScalar("##timeline", ImGuiDataType_Double, &value, &zero, &duration, "");
        if (ImGui::IsItemActive()) {
            state.dragging = true;
            state.dragSeconds = value;
        }
        if (ImGui::IsItemDeactivated()) {
            // Sent on release (also for a click without a drag): one seek per gesture.
            if (ImGui::IsItemDeactivatedAfterEdit() || state.dragSeconds != replay.positionSeconds)
                actions.push_back(valueAction(UiActionKind::ReplaySeek, state.dragSeconds));
            state.dragging = false;
        }
        ImGui::SameLine();
        ImGui::TextUnformatted(end.c_str());
    }
    ImGui::End();
}

} // namespace tv::ui
