#include "ui/session_panel.h"

#include "core/log.h"
#include "session/follow_controller.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace tv::ui {
namespace {

UiAction action(UiActionKind kind) {
    UiAction a;
    a.kind = kind;
    return a;
}

// A small filled square in the member's colour: the same colour as their avatar, beam and name tag.
void swatch(uint32_t colour) {
    const float size = ImGui::GetTextLineHeight();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(pos, ImVec2(pos.x + size, pos.y + size), memberColour(colour), 2.0f);
    ImGui::Dummy(ImVec2(size, size));
}

void drawHeader(const SessionViewModel& model) {
    ImGui::Text("Session %s", model.session.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("%s", model.hubEndpoint.c_str());
    ImGui::TextColored(
        ImGui::ColorConvertU32ToFloat4(model.linkUp ? IM_COL32(120, 220, 120, 255) : IM_COL32(255, 170, 60, 255)), "%s",
        model.linkState.empty() ? "-" : model.linkState.c_str());
    ImGui::SameLine(0.0f, 16.0f);
    ImGui::Text("You: %s (%s)", model.selfUser.c_str(), net::roleName(model.selfRole));
}

void drawMembers(const SessionViewModel& model) {
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##members", 6, flags)) return;
    ImGui::TableSetupColumn("##colour");
    ImGui::TableSetupColumn("User", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Role");
    ImGui::TableSetupColumn("Device");
    ImGui::TableSetupColumn("Latency");
    ImGui::TableSetupColumn("State");
    ImGui::TableHeadersRow();
    for (const SessionPeerView& p : model.peers) {
        ImGui::PushID(p.user.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        swatch(p.colour);
        ImGui::TableNextColumn();
        // Offline members stay listed (greyed) so a dropped colleague is noticed, not silently gone.
        if (!p.online) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
        ImGui::Text("%s%s", p.user.c_str(), p.isSelf ? " (you)" : "");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(net::roleName(p.role));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p.device == net::DeviceKind::Xr ? "XR" : "desktop");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(formatLatency(p.rttMs).c_str());
        ImGui::TableNextColumn();
        std::string marks = p.online ? "online" : "offline";
        if (p.isLeader) marks += ", leading";
        if (p.isSelf && model.following) marks += ", following";
        ImGui::TextUnformatted(marks.c_str());
        if (!p.online) ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::EndTable();
}

void drawFollowButtons(SessionPanelState& state, const SessionViewModel& model, const scene::ViewCamera& camera,
                       std::vector<UiAction>& actions) {
    const net::Role role = model.selfRole;
    const bool leading = !model.leader.empty() && model.leader == model.selfUser;
    if (leading) {
        if (sessionButton("Stop leading", role, net::SessionAction::Lead, state.drawnButtons))
            actions.push_back(action(UiActionKind::StopLead));
    } else {
        if (sessionButton("Lead (everyone follows me)", role, net::SessionAction::Lead, state.drawnButtons))
            actions.push_back(action(UiActionKind::StartLead));
    }
    ImGui::SameLine();
    if (sessionButton("Gather everyone here", role, net::SessionAction::Gather, state.drawnButtons)) {
        UiAction a = action(UiActionKind::GatherHere);
        a.camera = camera;
        actions.push_back(std::move(a));
    }
    if (!model.leader.empty() && !leading) {
        if (model.following) {
            ImGui::Text("Following %s", model.leader.c_str());
            ImGui::SameLine();
            if (plainButton("Break away", state.drawnButtons)) actions.push_back(action(UiActionKind::BreakAway));
        } else {
            std::string label = "Follow " + model.leader;
            if (plainButton(label.c_str(), state.drawnButtons)) {
                UiAction a = action(UiActionKind::FollowLeader);
                a.name = model.leader;
                actions.push_back(std::move(a));
            }
        }
    }
}

void drawViewpoints(SessionPanelState& state, const SessionViewModel& model, const scene::ViewCamera& camera,
                    std::vector<UiAction>& actions) {
    const net::Role role = model.selfRole;
    ImGui::TextUnformatted("Shared viewpoints");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14.0f);
    ImGui::InputTextWithHint("##viewpoint-name", "name", &state.newViewpointName);
    ImGui::SameLine();
    if (sessionButton("Save current view", role, net::SessionAction::SaveViewpoint, state.drawnButtons,
                      !state.newViewpointName.empty(), "type a name first")) {
        UiAction a = action(UiActionKind::SaveSharedViewpoint);
        a.name = state.newViewpointName;
        a.camera = camera;
        actions.push_back(std::move(a));
        state.newViewpointName.clear();
    }
    if (model.viewpoints.empty()) {
        ImGui::TextDisabled("No shared viewpoints yet.");
        return;
    }
    for (const net::SharedViewpoint& v : model.viewpoints) {
        ImGui::PushID(v.name.c_str());
        ImGui::BulletText("%s", v.name.c_str());
        if (!v.author.empty()) {
            ImGui::SameLine();
            ImGui::TextDisabled("by %s", v.author.c_str());
        }
        ImGui::SameLine();
        if (plainButton("Fly to", state.drawnButtons)) {
            UiAction a = action(UiActionKind::FlyToSharedViewpoint);
            a.name = v.name;
            a.camera = session::gatherCamera(v, camera);
            actions.push_back(std::move(a));
        }
        ImGui::SameLine();
        if (sessionButton("Gather here", role, net::SessionAction::Gather, state.drawnButtons)) {
            UiAction a = action(UiActionKind::GatherAtViewpoint);
            a.name = v.name;
            a.camera = session::gatherCamera(v, camera);
            actions.push_back(std::move(a));
        }
        ImGui::SameLine();
        if (sessionButton("Delete", role, net::SessionAction::SaveViewpoint, state.drawnButtons)) {
            UiAction a = action(UiActionKind::DeleteSharedViewpoint);
            a.name = v.name;
            actions.push_back(std::move(a));
        }
        ImGui::PopID();
    }
}

} // namespace

void drawSessionPanel(SessionPanelState& state, bool* open, const SessionViewModel& model,
                      const scene::ViewCamera& camera, std::vector<UiAction>& actions) {
    state.drawnButtons.clear();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 528.0f, 40.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(520.0f, display.y * 0.4f), ImGuiCond_FirstUseEver);
    std::string title = tv::format("Users (%zu online)###Users", onlineCount(model));
    if (!ImGui::Begin(title.c_str(), open)) {
        ImGui::End();
        return;
    }
    drawHeader(model);
    ImGui::Separator();
    drawMembers(model);
    ImGui::Separator();
    drawFollowButtons(state, model, camera, actions);
    ImGui::Separator();
    drawViewpoints(state, model, camera, actions);
    ImGui::End();
}

} // namespace tv::ui
