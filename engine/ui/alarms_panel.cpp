#include "ui/alarms_panel.h"

#include "core/log.h"
#include "ui/twin_format.h"

#include <imgui.h>

#include <cctype>

namespace tv::ui {
namespace {

// The severity as a filled, coloured tag: readable at a glance in a long list, and not by colour alone.
void severityBadge(net::AlarmSeverity severity) {
    std::string label = severityName(severity);
    for (char& c : label) c = char(std::toupper(static_cast<unsigned char>(c)));
    ImVec2 size = ImGui::CalcTextSize(label.c_str());
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImVec2 pad(4.0f, 0.0f);
    ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + size.x + pad.x * 2.0f, pos.y + size.y),
                                              severityColour(severity), 3.0f);
    ImGui::SetCursorScreenPos(ImVec2(pos.x + pad.x, pos.y));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(15, 15, 15, 255));
    ImGui::TextUnformatted(label.c_str());
    ImGui::PopStyleColor();
}

void drawCounts(const AlarmCounts& counts) {
    if (counts.total() == 0) {
        ImGui::TextDisabled("No active alarms.");
        return;
    }
    bool first = true;
    for (net::AlarmSeverity s : {net::AlarmSeverity::Critical, net::AlarmSeverity::Major, net::AlarmSeverity::Warning,
                                 net::AlarmSeverity::Info}) {
        if (!first) ImGui::SameLine(0.0f, 16.0f);
        first = false;
        uint32_t n = counts.of(s);
        ImGui::PushStyleColor(ImGuiCol_Text, n ? severityColour(s) : ImGui::GetColorU32(ImGuiCol_TextDisabled));
        ImGui::Text("%s %u", severityName(s), n);
        ImGui::PopStyleColor();
    }
}

} // namespace

std::optional<size_t> drawAlarmTable(AlarmsPanelState& state, std::span<const twin::LiveAlarm> alarms,
                                     double nowSeconds) {
    state.drawnRows.clear();
    std::optional<size_t> clicked;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                            ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##alarms", 5, flags)) return clicked;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Severity");
    ImGui::TableSetupColumn("Entity");
    ImGui::TableSetupColumn("Text", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Since");
    ImGui::TableSetupColumn("Origin");
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < alarms.size(); ++i) {
        const twin::LiveAlarm& a = alarms[i];
        ImGui::PushID(a.id.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // An invisible full-row selectable under the cells makes the whole row the click target.
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
        ImGui::PopID();
    }
    ImGui::EndTable();
    return clicked;
}

void drawAlarmsPanel(AlarmsPanelState& state, bool* open, std::span<const twin::LiveAlarm> alarms, double nowSeconds,
                     const EntityNodeResolver& nodeOf, interact::SelectionState& selection,
                     std::vector<UiAction>& actions) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 648.0f, display.y * 0.5f + 40.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(640.0f, display.y * 0.25f), ImGuiCond_FirstUseEver);
    AlarmCounts counts = countAlarms(alarms);
    // The title carries the count, so a collapsed panel still says whether something is wrong; "###" keeps the
    // window's identity (position, size) while the count changes.
    std::string title = counts.total() ? tv::format("Alarms (%u)###Alarms", counts.total()) : "Alarms###Alarms";
    if (!ImGui::Begin(title.c_str(), open)) {
        state.drawnRows.clear();
        ImGui::End();
        return;
    }
    drawCounts(counts);
    if (!alarms.empty()) {
        if (std::optional<size_t> row = drawAlarmTable(state, alarms, nowSeconds)) {
            const twin::LiveAlarm& a = alarms[*row];
            scene::NodeHandle node = nodeOf ? nodeOf(a.entity) : scene::NodeHandle{};
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
    }
    ImGui::End();
}

} // namespace tv::ui
