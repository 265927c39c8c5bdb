#include "ui/live_data_section.h"

#include "ui/twin_format.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

namespace tv::ui {

LivePropertyRow livePropertyRow(const twin::LiveProperty& property, double nowSeconds) {
    LivePropertyRow row;
    row.name = property.name;
    row.noReading = isNoReading(property.state.value);
    row.value = propertyValueText(property);
    row.age = formatAge(nowSeconds, property.updatedAtSeconds);
    if (property.state.sourceTimestampUs != 0) row.source = formatUtc(property.state.sourceTimestampUs);
    return row;
}

std::string entityCommandPrefill(const std::string& entityId) { return "set " + entityId + " "; }

std::vector<const char*> quickVerbs(const twin::LiveEntity& entity) {
    // Machines that run (pumps, conveyors) start and stop; things with an opening (valves) open and close. These
    // are the verbs the demo plant and most PLC gateways accept; anything else goes through the command line.
    std::vector<const char*> verbs;
    if (entity.findProperty("speed") || entity.findProperty("running")) verbs.insert(verbs.end(), {"start", "stop"});
    if (entity.findProperty("opening")) verbs.insert(verbs.end(), {"open", "close"});
    return verbs;
}

namespace {

std::string trimmed(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

void sendCommand(std::vector<UiAction>& actions, std::string text) {
    UiAction a;
    a.kind = UiActionKind::SendCommand;
    a.text = std::move(text);
    actions.push_back(std::move(a));
}

void drawHeader(const twin::LiveEntity& entity, const net::FeedStatus* feed) {
    ImGui::Text("Entity  %s", entity.id.c_str());
    if (entity.spawned) {
        ImGui::SameLine();
        ImGui::TextDisabled("(spawned)");
    }
    if (entity.stale) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, livenessColour(net::FeedLiveness::Stale));
        ImGui::TextUnformatted("[stale]");
        ImGui::PopStyleColor();
    }
    if (feed) {
        ImGui::Text("Feed  %s", feed->name.empty() ? "(unnamed)" : feed->name.c_str());
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, livenessColour(feed->liveness));
        ImGui::TextUnformatted(net::feedLivenessName(feed->liveness));
        ImGui::PopStyleColor();
    }
}

void drawProperties(const twin::LiveEntity& entity, double nowSeconds, std::vector<TrendKey>* pinRequests) {
    if (entity.properties.empty()) {
        ImGui::TextDisabled("No properties received yet.");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##live-properties", pinRequests ? 5 : 4, flags)) return;
    ImGui::TableSetupColumn("Property");
    // Every column fits its content: in a narrow inspector the value must stay readable, so the least important
    // column (the source time, also in a tooltip) is the one clipped at the right edge.
    ImGui::TableSetupColumn("Value");
    ImGui::TableSetupColumn("Updated");
    ImGui::TableSetupColumn("Source time");
    if (pinRequests) ImGui::TableSetupColumn("Trend");
    ImGui::TableHeadersRow();
    const ImU32 disabled = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    for (const twin::LiveProperty& p : entity.properties) {
        LivePropertyRow row = livePropertyRow(p, nowSeconds);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.name.c_str());
        ImGui::TableNextColumn();
        if (row.noReading) ImGui::PushStyleColor(ImGuiCol_Text, disabled);
        ImGui::TextUnformatted(row.value.c_str());
        if (row.noReading) ImGui::PopStyleColor();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.age.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.source.c_str());
        if (!row.source.empty() && ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", formatUtc(p.state.sourceTimestampUs, /*withDate=*/true).c_str());
        if (pinRequests) {
            ImGui::TableNextColumn();
            const bool numeric =
                p.state.value.type == net::ValueType::Number || p.state.value.type == net::ValueType::Bool;
            if (numeric) {
                ImGui::PushID(p.name.c_str());
                if (ImGui::SmallButton("trend")) pinRequests->push_back(TrendKey{entity.id, p.name});
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pin %s on the trends chart", p.name.c_str());
                ImGui::PopID();
            }
        }
    }
    ImGui::EndTable();
}

void drawCommandLine(LiveDataState& state, const twin::LiveEntity& entity, bool canSend,
                     std::vector<UiAction>& actions) {
    if (state.entity != entity.id) {
        state.entity = entity.id;
        state.commandText = entityCommandPrefill(entity.id);
    }
    ImGui::BeginDisabled(!canSend);
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Send").x - ImGui::GetStyle().FramePadding.x * 2.0f -
                            ImGui::GetStyle().ItemSpacing.x);
    bool enter = ImGui::InputTextWithHint("##entity-command", "set <entity> <name>=<value>", &state.commandText,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    bool send = ImGui::Button("Send");
    if ((enter || send) && !trimmed(state.commandText).empty()) {
        sendCommand(actions, trimmed(state.commandText));
        state.commandText = entityCommandPrefill(entity.id);
    }
    std::vector<const char*> verbs = quickVerbs(entity);
    for (size_t i = 0; i < verbs.size(); ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::SmallButton(verbs[i])) sendCommand(actions, std::string(verbs[i]) + " " + entity.id);
    }
    ImGui::EndDisabled();
    if (!canSend) ImGui::TextDisabled("Commands need a live feed.");
}

} // namespace

void drawLiveDataSection(LiveDataState& state, const twin::LiveEntity& entity, const net::FeedStatus* feed,
                         double nowSeconds, bool canSendCommands, std::vector<UiAction>& actions,
                         std::vector<TrendKey>* pinRequests) {
    ImGui::PushID("live-data");
    drawHeader(entity, feed);
    // A stale entity's last known values are still worth reading, but they must not look current: grey them.
    if (entity.stale) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    drawProperties(entity, nowSeconds, pinRequests);
    if (entity.stale) ImGui::PopStyleColor();
    drawCommandLine(state, entity, canSendCommands, actions);
    ImGui::PopID();
}

} // namespace tv::ui
