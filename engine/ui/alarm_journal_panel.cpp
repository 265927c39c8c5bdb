#include "ui/alarm_journal_panel.h"

#include "core/log.h"
#include "ui/twin_format.h"

#include <imgui.h>

#include <cctype>
#include <string_view>

namespace tv::ui {
namespace {

void refreshRows(AlarmJournalPanelState& state, const ops::AlarmJournal& journal) {
    std::string_view filter = state.filter;
    if (state.rowsJournal == &journal && state.rowsRevision == journal.revision() && state.rowsFilter == filter &&
        state.rowsHideCleared == state.hideCleared)
        return;
    state.rowsJournal = &journal;
    state.rowsRevision = journal.revision();
    state.rowsFilter = std::string(filter);
    state.rowsHideCleared = state.hideCleared;
    state.rows.clear();
    for (size_t i = 0; i < journal.size(); ++i) {
        const ops::AlarmJournalEntry& e = journal.entry(i);
        if (state.hideCleared && e.cleared) continue;
        if (!filter.empty() && !containsNoCase(e.id, filter) && !containsNoCase(e.entity, filter) &&
            !containsNoCase(e.text, filter))
            continue;
        state.rows.push_back(uint32_t(i));
    }
}

// "10:01:00": a journal row needs the time of day; the date is in the tooltip (formatUtc with date).
std::string timeOfDay(uint64_t unixMicros) {
    uint64_t s = unixMicros / 1000000u;
    return tv::format("%02u:%02u:%02u", unsigned(s / 3600u % 24u), unsigned(s / 60u % 60u), unsigned(s % 60u));
}

ImU32 phaseColour(const ops::AlarmJournalEntry& e) {
    switch (e.phase()) {
    case ops::AlarmPhase::Unacknowledged: return severityColour(e.severity);
    case ops::AlarmPhase::ClearedUnacknowledged: return IM_COL32(230, 180, 60, 255); // still owes an operator a look
    case ops::AlarmPhase::Acknowledged: return ImGui::GetColorU32(ImGuiCol_Text);
    case ops::AlarmPhase::Cleared: return ImGui::GetColorU32(ImGuiCol_TextDisabled);
    }
    return ImGui::GetColorU32(ImGuiCol_Text);
}

} // namespace

void drawAlarmJournal(AlarmJournalPanelState& state, const ops::AlarmJournal& journal, double nowSeconds) {
    (void)nowSeconds;
    state.drawnRows.clear();
    ImGui::SetNextItemWidth(std::min(240.0f, ImGui::GetContentRegionAvail().x));
    ImGui::InputTextWithHint("##journalfilter", "filter (id, entity, text)", state.filter, sizeof state.filter);
    ImGui::SameLine();
    ImGui::Checkbox("Hide cleared", &state.hideCleared);
    refreshRows(state, journal);
    if (journal.size() == 0) {
        ImGui::TextDisabled("No alarms yet.");
        return;
    }
    ImGui::TextDisabled("%zu of %zu entries (times UTC, publisher clock)", state.rows.size(), journal.size());
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                            ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##journal", 7, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Severity");
    ImGui::TableSetupColumn("Entity");
    ImGui::TableSetupColumn("Raised");
    ImGui::TableSetupColumn("Acknowledged");
    ImGui::TableSetupColumn("Cleared");
    ImGui::TableSetupColumn("State");
    // Last, stretching: at ~600 px the fixed columns keep their width and the message is what gets clipped.
    ImGui::TableSetupColumn("Text", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(state.rows.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const ops::AlarmJournalEntry& e = journal.entry(state.rows[size_t(r)]);
            state.drawnRows.push_back(e.sequence);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, severityColour(e.severity));
            ImGui::TextUnformatted(severityName(e.severity));
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.entity.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(timeOfDay(e.raisedUs).c_str());
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("raised %s", formatUtc(e.raisedUs, true).c_str());
            ImGui::TableNextColumn();
            if (e.acknowledged) {
                std::string ack = timeOfDay(e.acknowledgedUs);
                if (!e.acknowledgedBy.empty()) ack += " by " + e.acknowledgedBy;
                ImGui::TextUnformatted(ack.c_str());
            } else {
                ImGui::TextDisabled("-");
            }
            ImGui::TableNextColumn();
            if (e.cleared)
                ImGui::TextUnformatted(timeOfDay(e.clearedUs).c_str());
            else
                ImGui::TextDisabled("active");
            ImGui::TableNextColumn();
            ImGui::PushStyleColor(ImGuiCol_Text, phaseColour(e));
            ImGui::TextUnformatted(ops::alarmPhaseName(e.phase()));
            ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(e.text.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s\nalarm %s (%s)", e.text.c_str(), e.id.c_str(), alarmOriginName(e.origin));
        }
    }
    ImGui::EndTable();
}

void drawAlarmJournalPanel(AlarmJournalPanelState& state, bool* open, const ops::AlarmJournal& journal,
                           double nowSeconds) {
    ImGui::SetNextWindowSize(ImVec2(720.0f, 320.0f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Alarm journal", open)) {
        state.drawnRows.clear();
        ImGui::End();
        return;
    }
    drawAlarmJournal(state, journal, nowSeconds);
    ImGui::End();
}

} // namespace tv::ui
