#include "ui/annotations_panel.h"

#include "ui/twin_format.h"

#include "core/log.h"
#include "session/annotation_pins.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>

namespace tv::ui {
namespace {

constexpr uint32_t kUnknownAuthorColour = 0x808080; // an author who is not (or no longer) a member

UiAction idAction(UiActionKind kind, uint64_t id) {
    UiAction a;
    a.kind = kind;
    a.id = id;
    return a;
}

void swatch(uint32_t colour) {
    const float size = ImGui::GetTextLineHeight();
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(pos.x + size * 0.5f, pos.y + size * 0.5f), size * 0.4f,
                                                memberColour(colour));
    ImGui::Dummy(ImVec2(size, size));
}

void drawToolbar(AnnotationsPanelState& state, const SessionViewModel& model, std::vector<UiAction>& actions) {
    int filter = int(state.filter);
    ImGui::RadioButton("Open", &filter, int(AnnotationFilter::Open));
    ImGui::SameLine();
    ImGui::RadioButton("Resolved", &filter, int(AnnotationFilter::Resolved));
    ImGui::SameLine();
    ImGui::RadioButton("All", &filter, int(AnnotationFilter::All));
    state.filter = AnnotationFilter(filter);
    ImGui::SameLine(0.0f, 16.0f);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12.0f);
    ImGui::InputTextWithHint("##annotation-filter", "filter text / author", &state.textFilter);
    ImGui::SameLine(0.0f, 16.0f);
    if (model.placingAnnotation) {
        if (plainButton("Cancel placing", state.drawnButtons)) {
            UiAction a = idAction(UiActionKind::BeginPlaceAnnotation, 0);
            a.flag = false;
            actions.push_back(std::move(a));
        }
        ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f), "Click a surface in the view to place the pin.");
    } else if (sessionButton("New annotation", model.selfRole, net::SessionAction::Annotate, state.drawnButtons)) {
        UiAction a = idAction(UiActionKind::BeginPlaceAnnotation, 0);
        a.flag = true;
        actions.push_back(std::move(a));
    }
}

void drawRowButtons(AnnotationsPanelState& state, const SessionViewModel& model, const net::Annotation& a,
                    const scene::ViewCamera& camera, std::vector<UiAction>& actions) {
    const bool isAuthor = a.author == model.selfUser;
    const net::Role role = model.selfRole;
    std::vector<DrawnButton>& drawn = state.drawnButtons;
    if (state.editing == a.id) {
        if (plainButton("Save", drawn, !state.editText.empty(), "the text is empty")) {
            UiAction e = idAction(UiActionKind::EditAnnotation, a.id);
            e.text = state.editText;
            actions.push_back(std::move(e));
            state.editing = 0;
        }
        ImGui::SameLine();
        if (plainButton("Cancel", drawn)) state.editing = 0;
        return;
    }
    if (state.confirmDelete == a.id) {
        if (plainButton("Confirm delete", drawn)) {
            actions.push_back(idAction(UiActionKind::DeleteAnnotation, a.id));
            state.confirmDelete = 0;
        }
        ImGui::SameLine();
        if (plainButton("Keep", drawn)) state.confirmDelete = 0;
        return;
    }
    if (plainButton("Fly to", drawn)) {
        UiAction f = idAction(UiActionKind::FlyToAnnotation, a.id);
        f.camera = annotationCamera(a, camera);
        f.name = annotationSummary(a.text, 32);
        actions.push_back(std::move(f));
    }
    ImGui::SameLine();
    if (sessionButton("Edit", role, net::annotationAction(net::AnnotationChange::Edit, isAuthor), drawn)) {
        state.editing = a.id;
        state.editText = a.text;
        state.confirmDelete = 0;
    }
    ImGui::SameLine();
    if (sessionButton(a.resolved ? "Reopen" : "Resolve", role,
                      net::annotationAction(net::AnnotationChange::Resolve, isAuthor), drawn)) {
        UiAction r = idAction(UiActionKind::ResolveAnnotation, a.id);
        r.flag = !a.resolved;
        actions.push_back(std::move(r));
    }
    ImGui::SameLine();
    if (sessionButton("Delete", role, net::annotationAction(net::AnnotationChange::Delete, isAuthor), drawn)) {
        state.confirmDelete = a.id;
        state.editing = 0;
    }
}

void drawTable(AnnotationsPanelState& state, const SessionViewModel& model, const scene::ViewCamera& camera,
               std::vector<UiAction>& actions) {
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                            ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##annotations", 6, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("##colour");
    ImGui::TableSetupColumn("Text", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Author");
    ImGui::TableSetupColumn("Age");
    ImGui::TableSetupColumn("State");
    ImGui::TableSetupColumn("##actions");
    ImGui::TableHeadersRow();
    for (const net::Annotation& a : model.annotations) {
        if (!annotationVisible(a, state.filter, state.textFilter)) continue;
        state.drawnRows.push_back(a.id);
        ImGui::PushID(static_cast<int>(a.id & 0x7fffffff));
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // A full-row selectable under the cells: clicking anywhere but a button selects (and highlights) the pin.
        ImVec2 rowStart = ImGui::GetCursorPos();
        if (ImGui::Selectable("##row", model.selectedAnnotation == a.id,
                              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
            actions.push_back(idAction(UiActionKind::SelectAnnotation, model.selectedAnnotation == a.id ? 0 : a.id));
        ImGui::SetCursorPos(rowStart);
        const SessionPeerView* author = findPeer(model, a.author);
        swatch(author ? author->colour : kUnknownAuthorColour);
        ImGui::TableNextColumn();
        if (state.editing == a.id) {
            ImGui::InputTextMultiline("##edit", &state.editText, ImVec2(-1.0f, ImGui::GetTextLineHeight() * 4.0f));
        } else {
            if (a.resolved) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
            ImGui::TextUnformatted(annotationSummary(a.text).c_str());
            if (a.resolved) ImGui::PopStyleColor();
            if (ImGui::IsItemHovered() && a.text.size() > annotationSummary(a.text).size())
                ImGui::SetTooltip("%s", a.text.c_str());
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(a.author.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(formatSessionAge(model.nowUs, a.createdUs).c_str());
        ImGui::TableNextColumn();
        if (a.resolved)
            ImGui::TextDisabled("resolved%s%s", a.resolvedBy.empty() ? "" : " by ", a.resolvedBy.c_str());
        else
            ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.3f, 1.0f), "open");
        ImGui::TableNextColumn();
        drawRowButtons(state, model, a, camera, actions);
        ImGui::PopID();
    }
    ImGui::EndTable();
}

} // namespace

bool annotationVisible(const net::Annotation& a, AnnotationFilter filter, std::string_view textFilter) {
    if (filter == AnnotationFilter::Open && a.resolved) return false;
    if (filter == AnnotationFilter::Resolved && !a.resolved) return false;
    return containsNoCase(a.text, textFilter) || containsNoCase(a.author, textFilter);
}

scene::ViewCamera annotationCamera(const net::Annotation& a, const scene::ViewCamera& current, float distance) {
    scene::ViewCamera cam = current;
    cam.orthographic = false;
    vec3 n = glm::length(a.normal) > 1e-6f ? glm::normalize(a.normal) : vec3(0.0f, 1.0f, 0.0f);
    cam.target = session::pinHeadPosition(a);
    // Seen from the side the pin stands on, a little from above so it does not hide its own anchor.
    vec3 away = n + vec3(0.0f, 0.35f, 0.0f);
    cam.eye = cam.target + glm::normalize(away) * distance;
    cam.up = std::abs(glm::normalize(away).y) > 0.999f ? vec3(0.0f, 0.0f, -1.0f) : vec3(0.0f, 1.0f, 0.0f);
    return cam;
}

void beginAnnotationPrompt(AnnotationsPanelState& state, const vec3& anchor, const vec3& normal, std::string nodePath) {
    AnnotationPrompt p;
    p.anchor = anchor;
    p.normal = normal;
    p.nodePath = std::move(nodePath);
    state.prompt = std::move(p);
}

void drawAnnotationsPanel(AnnotationsPanelState& state, bool* open, const SessionViewModel& model,
                          const scene::ViewCamera& camera, std::vector<UiAction>& actions) {
    state.drawnRows.clear();
    state.drawnButtons.clear();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 728.0f, display.y * 0.45f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(720.0f, display.y * 0.3f), ImGuiCond_FirstUseEver);
    size_t openCount = size_t(std::count_if(model.annotations.begin(), model.annotations.end(),
                                            [](const net::Annotation& a) { return !a.resolved; }));
    std::string title = tv::format("Annotations (%zu open)###Annotations", openCount);
    if (!ImGui::Begin(title.c_str(), open)) {
        ImGui::End();
        return;
    }
    drawToolbar(state, model, actions);
    if (model.annotations.empty())
        ImGui::TextDisabled("No annotations in this session yet.");
    else
        drawTable(state, model, camera, actions);
    ImGui::End();
}

void drawAnnotationPrompt(AnnotationsPanelState& state, const SessionViewModel& model, std::vector<UiAction>& actions) {
    state.promptButtons.clear();
    if (!state.prompt) return;
    AnnotationPrompt& p = *state.prompt;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.35f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    bool open = true;
    if (ImGui::Begin("New annotation", &open, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse)) {
        if (!p.nodePath.empty())
            ImGui::Text("On %s", p.nodePath.c_str());
        else
            ImGui::Text("At %.2f, %.2f, %.2f", double(p.anchor.x), double(p.anchor.y), double(p.anchor.z));
        // An auto-resizing window's first frame is laid out hidden and drops focus requests: ask until it shows.
        if (p.focus) {
            ImGui::SetKeyboardFocusHere();
            p.focus = ImGui::IsWindowAppearing();
        }
        ImGui::InputTextMultiline("##annotation-text", &p.text,
                                  ImVec2(ImGui::GetFontSize() * 28.0f, ImGui::GetTextLineHeight() * 5.0f));
        std::vector<DrawnButton>& drawn = state.promptButtons;
        if (sessionButton("Create", model.selfRole, net::SessionAction::Annotate, drawn, !p.text.empty(),
                          "type the annotation's text first")) {
            UiAction a;
            a.kind = UiActionKind::CreateAnnotation;
            a.anchor = p.anchor;
            a.normal = p.normal;
            a.nodePath = p.nodePath;
            a.text = p.text;
            actions.push_back(std::move(a));
            open = false;
        }
        ImGui::SameLine();
        if (plainButton("Cancel", drawn)) open = false;
    }
    ImGui::End();
    if (!open) state.prompt.reset();
}

} // namespace tv::ui
