#include "ui/alarms_panel.h"

#include "core/log.h"
#include "ui/alarm_journal_panel.h"
#include "ui/twin_status.h"
#include "ui/twin_format.h"

#include <imgui.h>

#include <cctype>
#include <cmath>

namespace tv::ui {
namespace {

// A filled tag with dark text: readable at a glance in a long list, and not by colour alone.
void badge(const char* label, ImU32 colour) {
    ImVec2 size = ImGui::CalcTextSize(label);
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImVec2 pad(4.0f, 0.0f);
    ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + size.x + pad.x * 2.0f, pos.y + size.y), colour, 3.0f);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + pad.x, pos.y));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(15, 15, 15, 255));
    ImGui::TextUnformatted(label);
    ImGui::PopStyleColor();
}

void severityBadge(net::AlarmSeverity severity) {
    std::string label = severityName(severity);
    for (char& c : label) c = char(std::toupper(static_cast<unsigned char>(c)));
    badge(label.c_str(), severityColour(severity));
}

// The ISA-18.2 state: an unacknowledged alarm's badge flashes (1 Hz, in step with the scene's flashing) so it
// draws the eye; an acknowledged one says who and when, quietly.
void stateCell(const twin::LiveAlarm& a, double nowSeconds) {
    if (!a.acknowledged) {
        bool lit = nowSeconds - std::floor(nowSeconds) < 0.5;
        badge("UNACK", lit ? severityColour(a.severity) : ImGui::GetColorU32(ImGuiCol_FrameBg));
        return;
    }
    std::string who = a.acknowledgedBy.empty() ? "ack" : "ack by " + a.acknowledgedBy;
    who += " " + formatAge(nowSeconds, a.acknowledgedAtSeconds);
    ImGui::TextDisabled("%s", who.c_str());
}

void drawCounts(const AlarmCounts& counts, const AlarmCounts& unacked) {
    if (counts.total() == 0) {
        ImGui::TextDisabled("No active alarms.");
        return;
    }
    bool first = true;
    for (net::AlarmSeverity s : {net::AlarmSeverity::Critical, net::AlarmSeverity::Major, net::AlarmSeverity::Warning,
                                 net::AlarmSeverity::Info}) {
        if (!first) ImGui::SameLine(0.0f, 16.0f);
        first = false;
        uint32_t n = counts.of(s), u = unacked.of(s);
        ImGui::PushStyleColor(ImGuiCol_Text, n ? severityColour(s) : ImGui::GetColorU32(ImGuiCol_TextDisabled));
        if (u)
            ImGui::Text("%s %u (%u unacked)", severityName(s), n, u);
        else
            ImGui::Text("%s %u", severityName(s), n);
        ImGui::PopStyleColor();
    }
}

void ackAction(const std::string& alarmId, std::vector<UiAction>& actions) {
    UiAction a;
    a.kind = UiActionKind::AcknowledgeAlarm;
    a.name = alarmId;
    actions.push_back(std::move(a));
}

} // namespace

bool alarmMatchesFilter(const twin::LiveAlarm& a, std::string_view filter) {
    return filter.empty() || containsNoCase(a.id, filter) || containsNoCase(a.entity, filter) ||
           containsNoCase(a.text, filter);
}

std::optional<size_t> drawAlarmTable(AlarmsPanelState& state, std::span<const twin::LiveAlarm> alarms,
                                     double nowSeconds, std::vector<UiAction>* actions, bool canAcknowledge,
                                     const std::string& whyNot) {
    state.drawnRows.clear();
    state.ackButtons.clear();
    std::optional<size_t> clicked;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                            ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##alarms", 7, flags)) return clicked;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Severity");
    ImGui::TableSetupColumn("Entity");
    ImGui::TableSetupColumn("Text", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Since");
    ImGui::TableSetupColumn("Origin");
    ImGui::TableSetupColumn("State");
    ImGui::TableSetupColumn("##ack");
    ImGui::TableHeadersRow();
    const std::string_view filter = state.filter;
    for (size_t i = 0; i < alarms.size(); ++i) {
        const twin::LiveAlarm& a = alarms[i];
        if (!alarmMatchesFilter(a, filter)) continue;
        ImGui::PushID(a.id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // An invisible full-row selectable under the cells makes the whole row the click target; the Ack button
        // drawn later over it takes its own clicks (AllowItemOverlap).
        ImVec2 rowStart = ImGui::GetCursorPos();
        if (ImGui::Selectable("##row", state.selectedAlarm == a.id,
                              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
            state.selectedAlarm = a.id;
            clicked = i;
        }
        ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
        state.drawnRows.push_back({a.id, vec2(min.x, min.y), vec2(max.x, max.y)});
        ImGui::SetCursorPos(rowStart);
        severityBadge(a.severity);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(a.entity.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(a.text.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(formatAge(nowSeconds, a.raisedAtSeconds).c_str());
        if (a.raisedUs != 0 && ImGui::IsItemHovered())
            ImGui::SetTooltip("raised %s (publisher clock)", formatUtc(a.raisedUs, /*withDate=*/true).c_str());
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", alarmOriginName(a.origin));
        ImGui::TableNextColumn();
        stateCell(a, nowSeconds);
        if (a.acknowledged && a.acknowledgedUs != 0 && ImGui::IsItemHovered())
            ImGui::SetTooltip("acknowledged %s (publisher clock)", formatUtc(a.acknowledgedUs, true).c_str());
        ImGui::TableNextColumn();
        if (actions && !a.acknowledged) {
            ImGui::BeginDisabled(!canAcknowledge);
            if (ImGui::SmallButton("Ack")) ackAction(a.id, *actions);
            ImGui::EndDisabled();
            ImVec2 bmin = ImGui::GetItemRectMin(), bmax = ImGui::GetItemRectMax();
            state.ackButtons.push_back({a.id, vec2(bmin.x, bmin.y), vec2(bmax.x, bmax.y)});
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                ImGui::SetTooltip("%s", canAcknowledge
                                            ? "Acknowledge this alarm"
                                            : (whyNot.empty() ? "You may not acknowledge alarms" : whyNot.c_str()));
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
    return clicked;
}

void drawAlarmsPanel(AlarmsPanelState& state, bool* open, const AlarmsPanelInput& in,
                     interact::SelectionState& selection, std::vector<UiAction>& actions) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 648.0f, display.y * 0.5f + 40.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(640.0f, display.y * 0.25f), ImGuiCond_FirstUseEver);
    const std::span<const twin::LiveAlarm> alarms = in.alarms;
    AlarmCounts counts = countAlarms(alarms);
    AlarmCounts unacked = countUnacknowledged(alarms);
    // The title carries the count, so a collapsed panel still says whether something is wrong; "###" keeps the
    // window's identity (position, size) while the count changes.
    std::string title = counts.total() ? tv::format("Alarms (%u)###Alarms", counts.total()) : "Alarms###Alarms";
    if (!ImGui::Begin(title.c_str(), open)) {
        state.drawnRows.clear();
        state.ackButtons.clear();
        ImGui::End();
        return;
    }
    bool journalTab = false;
    if (in.journal && ImGui::BeginTabBar("##alarmtabs")) {
        if (ImGui::BeginTabItem("Active")) ImGui::EndTabItem();
        if (ImGui::BeginTabItem("Journal")) {
            journalTab = true;
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    state.showJournal = journalTab;
    if (journalTab) {
        state.drawnRows.clear();
        state.ackButtons.clear();
        drawAlarmJournal(state.journal, *in.journal, in.nowSeconds);
        ImGui::End();
        return;
    }
    drawCounts(counts, unacked);
    if (!alarms.empty()) {
        // Ack all: every unacknowledged alarm the filter shows.
        uint32_t visibleUnacked = 0;
        for (const twin::LiveAlarm& a : alarms)
            if (!a.acknowledged && alarmMatchesFilter(a, state.filter)) ++visibleUnacked;
        ImGui::BeginDisabled(!in.canAcknowledge || visibleUnacked == 0);
        std::string label = tv::format("Ack all (%u)###ackall", visibleUnacked);
        if (ImGui::SmallButton(label.c_str()))
            for (const twin::LiveAlarm& a : alarms)
                if (!a.acknowledged && alarmMatchesFilter(a, state.filter)) ackAction(a.id, actions);
        ImGui::EndDisabled();
        if (!in.canAcknowledge && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("%s", in.whyNot.empty() ? "You may not acknowledge alarms" : in.whyNot.c_str());
        ImGui::SameLine(0.0f, 16.0f);
        ImGui::SetNextItemWidth(std::min(240.0f, ImGui::GetContentRegionAvail().x));
        ImGui::InputTextWithHint("##filter", "filter (id, entity, text)", state.filter, sizeof state.filter);

        if (std::optional<size_t> row =
                drawAlarmTable(state, alarms, in.nowSeconds, &actions, in.canAcknowledge, in.whyNot)) {
            const twin::LiveAlarm& a = alarms[*row];
            scene::NodeHandle node = in.nodeOf ? in.nodeOf(a.entity) : scene::NodeHandle{};
            if (node) {
                selection.select(node);
                UiAction fly;
                fly.kind = UiActionKind::FlyToNode;
                fly.node = node;
                fly.name = a.entity;
                actions.push_back(std::move(fly));
            }
        }
    } else {
        state.drawnRows.clear();
        state.ackButtons.clear();
    }
    ImGui::End();
}

void drawAlarmsPanel(AlarmsPanelState& state, bool* open, std::span<const twin::LiveAlarm> alarms, double nowSeconds,
                     const EntityNodeResolver& nodeOf, interact::SelectionState& selection,
                     std::vector<UiAction>& actions) {
    AlarmsPanelInput in;
    in.alarms = alarms;
    in.nowSeconds = nowSeconds;
    in.nodeOf = nodeOf;
    drawAlarmsPanel(state, open, in, selection, actions);
}

} // namespace tv::ui
