#include "ui/twin_status.h"

#include <imgui.h>

namespace tv::ui {

void drawTwinStatus(TwinStatusState& state, std::span<const net::FeedStatus> feeds,
                    std::span<const twin::LiveAlarm> alarms, uint64_t changesApplied, double nowSeconds) {
    const AlarmCounts unacked = countUnacknowledged(alarms);
    drawTwinStatus(state, feeds, countAlarms(alarms), changesApplied, nowSeconds, &unacked);
}

void drawTwinStatus(TwinStatusState& state, std::span<const net::FeedStatus> feeds, const AlarmCounts& alarms,
                    uint64_t changesApplied, double nowSeconds, const AlarmCounts* unacked) {
    state.changesPerSecond.sample(nowSeconds, changesApplied);
    for (const net::FeedStatus& f : feeds) {
        ImGui::SameLine(0.0f, 24.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, livenessColour(f.liveness));
        ImGui::Text("%s %s", f.name.empty() ? "feed" : f.name.c_str(), net::feedLivenessName(f.liveness));
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::Text("sequence %llu, %llu updates, %llu snapshots, %llu gaps, %llu restarts, %llu malformed",
                        (unsigned long long)f.lastSequence, (unsigned long long)f.counters.updatesApplied,
                        (unsigned long long)f.counters.snapshots, (unsigned long long)f.counters.gaps,
                        (unsigned long long)f.counters.restarts, (unsigned long long)f.counters.malformed);
            if (!f.lastError.empty()) ImGui::Text("last problem: %s", f.lastError.c_str());
            ImGui::EndTooltip();
        }
    }
    ImGui::SameLine(0.0f, 24.0f);
    if (std::optional<double> rate = state.changesPerSecond.rate())
        ImGui::Text("%.0f upd/s", *rate);
    else
        ImGui::TextDisabled("- upd/s");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Changes applied to the scene per second (coalesced per frame)");
    ImGui::SameLine(0.0f, 24.0f);
    if (alarms.total() == 0) {
        ImGui::TextDisabled("no alarms");
        return;
    }
    ImGui::TextUnformatted("alarms:");
    for (net::AlarmSeverity s : {net::AlarmSeverity::Critical, net::AlarmSeverity::Major, net::AlarmSeverity::Warning,
                                 net::AlarmSeverity::Info}) {
        uint32_t n = alarms.of(s);
        if (n == 0) continue;
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, severityColour(s));
        uint32_t u = unacked ? unacked->of(s) : 0;
        if (u)
            ImGui::Text("%u %s (%u unacked)", n, severityName(s), u);
        else
            ImGui::Text("%u %s", n, severityName(s));
        ImGui::PopStyleColor();
        if (u && ImGui::IsItemHovered())
            ImGui::SetTooltip("%u of the %u %s alarms are not acknowledged yet", u, n, severityName(s));
    }
}

} // namespace tv::ui
