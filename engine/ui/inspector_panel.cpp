#include "ui/inspector_panel.h"

#include "twin/twin_runtime.h"
#include "ui/node_summary.h"

#include <imgui.h>

namespace tv::ui {

quat rotationFromEulerDegrees(const vec3& degrees) { return glm::normalize(quat(glm::radians(degrees))); }
vec3 eulerDegreesFromRotation(const quat& rotation) { return glm::degrees(glm::eulerAngles(rotation)); }

namespace {

void syncEuler(InspectorPanelState& state, scene::NodeHandle node, const quat& rotation) {
    bool sameRotation = glm::all(
        glm::equal(glm::vec4(rotation.x, rotation.y, rotation.z, rotation.w),
                   glm::vec4(state.eulerSource.x, state.eulerSource.y, state.eulerSource.z, state.eulerSource.w)));
    if (state.node == node && sameRotation) return;
    state.node = node;
    state.eulerSource = rotation;
    state.eulerDegrees = eulerDegreesFromRotation(rotation);
}

void drawTransform(InspectorPanelState& state, ViewerUiModel& model, scene::NodeHandle node) {
    scene::SceneGraph& graph = model.graph;
    Transform t = graph.localTransform(node);
    syncEuler(state, node, t.rotation);
    bool changed = false;
    ImGui::TextDisabled("Local transform");
    changed |= ImGui::DragFloat3("Translation", &t.translation.x, state.dragSpeed, 0.0f, 0.0f, "%.3f");
    if (ImGui::DragFloat3("Rotation (deg)", &state.eulerDegrees.x, 0.5f, 0.0f, 0.0f, "%.1f")) {
        t.rotation = rotationFromEulerDegrees(state.eulerDegrees);
        state.eulerSource = t.rotation;
        changed = true;
    }
    changed |= ImGui::DragFloat3("Scale", &t.scale.x, 0.01f, 0.0f, 0.0f, "%.3f");
    if (changed) graph.setLocalTransform(node, t);
    // World matrices are as of the last updateWorldTransforms(): the app runs it every frame before extraction.
    vec3 world = vec3(graph.worldMatrix(node)[3]);
    ImGui::Text("World position  %.3f, %.3f, %.3f", world.x, world.y, world.z);
}

void drawMesh(ViewerUiModel& model, scene::NodeHandle node) {
    const scene::MeshRef* ref = model.graph.mesh(node);
    if (!ref || !ref->asset || ref->mesh < 0 || size_t(ref->mesh) >= ref->asset->meshes.size()) {
        ImGui::TextDisabled("No mesh");
        return;
    }
    const scene::Mesh& mesh = ref->asset->meshes[size_t(ref->mesh)];
    MeshStats s = meshStats(mesh);
    ImGui::Text("Mesh  %s (#%d)", mesh.name.empty() ? "unnamed" : mesh.name.c_str(), ref->mesh);
    ImGui::Text("Primitives %u   vertices %llu   triangles %llu", s.primitives, (unsigned long long)s.vertices,
                (unsigned long long)s.triangles);
    if (s.lines || s.points)
        ImGui::Text("Lines %llu   points %llu", (unsigned long long)s.lines, (unsigned long long)s.points);
    if (s.morphTargets) ImGui::Text("Morph targets %u", s.morphTargets);
    size_t instances = model.graph.instanceTransforms(node).size();
    if (instances) ImGui::Text("GPU instances %zu", instances);
    if (ref->skin >= 0) ImGui::Text("Skinned (skin #%d)", ref->skin);
    for (int32_t material : meshMaterials(mesh))
        ImGui::TextWrapped("%s", materialSummary(*ref->asset, material).c_str());
}

void drawOverride(ViewerUiModel& model, scene::NodeHandle node) {
    scene::SceneGraph& graph = model.graph;
    const scene::MaterialOverride* current = graph.materialOverride(node);
    scene::MaterialOverride o = current ? *current : scene::MaterialOverride{};
    bool on = o.baseColor.has_value();
    vec4 colour = o.baseColor.value_or(vec4(1.0f, 0.5f, 0.1f, 1.0f));
    if (ImGui::Checkbox("Override colour", &on)) {
        o.baseColor = on ? std::optional<vec4>(colour) : std::nullopt;
        bool empty = !o.baseColor && !o.emissive && o.opacity == 1.0f;
        if (empty)
            graph.clearMaterialOverride(node);
        else
            graph.setMaterialOverride(node, o);
    }
    if (on) {
        ImGui::SameLine();
        if (ImGui::ColorEdit4("##override", &colour.x, ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_Float)) {
            o.baseColor = colour;
            graph.setMaterialOverride(node, o);
        }
    }
}

void drawLiveData(InspectorPanelState& state, ViewerUiModel& model, scene::NodeHandle node,
                  std::vector<UiAction>& actions) {
    const twin::TwinRuntime& twin = *model.twin;
    ImGui::Separator();
    ImGui::TextDisabled("Live data");
    const twin::LiveEntity* entity = twin.entityForNode(node);
    if (!entity) {
        ImGui::TextDisabled("Not a twin entity (nor inside one).");
        return;
    }
    const net::FeedStatus* feed = entity->feed < twin.feedCount() ? &twin.feedStatus(entity->feed) : nullptr;
    drawLiveDataSection(state.live, *entity, feed, model.timeSeconds, !model.replay.available, actions);
}

} // namespace

void drawInspectorPanel(InspectorPanelState& state, bool* open, ViewerUiModel& model) {
    std::vector<UiAction> dropped;
    drawInspectorPanel(state, open, model, dropped);
}

void drawInspectorPanel(InspectorPanelState& state, bool* open, ViewerUiModel& model, std::vector<UiAction>& actions) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(display.x - 388.0f, 32.0f), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(380.0f, display.y * 0.5f), ImGuiCond_FirstUseEver);
    if (!ImGui::Begin("Inspector", open)) {
        ImGui::End();
        return;
    }
    scene::NodeHandle node = model.selection.selected();
    if (!node || !model.graph.isValid(node)) {
        ImGui::TextDisabled("Nothing selected. Click a node in the view or the scene tree.");
        ImGui::End();
        return;
    }
    scene::SceneGraph& graph = model.graph;
    ImGui::Text("Name  %s", graph.name(node).empty() ? "(unnamed)" : graph.name(node).c_str());
    ImGui::TextWrapped("Path  %s", graph.path(node).c_str());
    bool visible = graph.isVisible(node);
    if (ImGui::Checkbox("Visible", &visible)) graph.setVisible(node, visible);
    // An operator selects a node to read its live values: they come before the modelling details.
    if (model.twin) drawLiveData(state, model, node, actions);
    ImGui::Separator();
    drawTransform(state, model, node);
    ImGui::Separator();
    drawMesh(model, node);
    drawOverride(model, node);
    if (const scene::Light* light = graph.light(node)) ImGui::Text("Light  %s", light->name.c_str());
    if (const scene::Camera* camera = graph.camera(node)) ImGui::Text("Camera  %s", camera->name.c_str());
    ImGui::End();
}

} // namespace tv::ui
