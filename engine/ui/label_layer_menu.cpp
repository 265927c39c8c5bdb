#include "ui/label_layer_menu.h"

#include "core/log.h"

#include <imgui.h>

#include <algorithm>

namespace tv::ui {
namespace {

// The fade starts at this fraction of the fade distance: one slider is enough for an operator, and a ramp half as
// long as the distance reads as a gentle fade rather than a pop.
constexpr float kFadeStartFraction = 0.5f;
constexpr float kMinFadeDistance = 5.0f;    // metres
constexpr float kMaxFadeDistance = 5000.0f; // metres: beyond any plant; the slider is logarithmic

const char* plural(uint32_t n, const char* one, const char* many) { return n == 1 ? one : many; }

} // namespace

std::vector<LabelLayerCount> labelLayerCounts(std::span<const twin::LiveLabel> labels,
                                              const LabelLayerSettings& settings) {
    std::vector<LabelLayerCount> layers;
    LabelLayerCount* last = nullptr; // labels of one layer come in runs: skip the search within a run
    for (const twin::LiveLabel& l : labels) {
        std::string_view layer = labelLayer(l);
        if (!last || last->layer != layer) {
            auto it =
                std::find_if(layers.begin(), layers.end(), [&](const LabelLayerCount& c) { return c.layer == layer; });
            if (it == layers.end()) {
                layers.push_back({layer, 0});
                it = layers.end() - 1;
            }
            last = &*it;
        }
        ++last->labels;
    }
    for (const std::string& hidden : settings.hiddenLayers)
        if (std::none_of(layers.begin(), layers.end(), [&](const LabelLayerCount& c) { return c.layer == hidden; }))
            layers.push_back({hidden, 0});
    std::sort(layers.begin(), layers.end(),
              [](const LabelLayerCount& a, const LabelLayerCount& b) { return a.layer < b.layer; });
    return layers;
}

void drawLabelLayerMenu(LabelLayerSettings& settings, std::span<const twin::LiveLabel> labels) {
    ImGui::PushID("label-layers");
    const std::vector<LabelLayerCount> layers = labelLayerCounts(labels, settings);

    ImGui::TextUnformatted("Label layers");
    ImGui::SameLine();
    if (ImGui::SmallButton("All")) settings.hiddenLayers.clear();
    ImGui::SameLine();
    if (ImGui::SmallButton("None"))
        for (const LabelLayerCount& c : layers) settings.hiddenLayers.emplace(c.layer);
    if (layers.empty()) ImGui::TextDisabled("no labels in this scene");
    for (const LabelLayerCount& c : layers) {
        const std::string name(c.layer);
        bool shown = settings.hiddenLayers.find(name) == settings.hiddenLayers.end();
        const std::string label = format("%s (%u)###%s", name.c_str(), c.labels, name.c_str());
        if (ImGui::Checkbox(label.c_str(), &shown)) {
            if (shown)
                settings.hiddenLayers.erase(name);
            else
                settings.hiddenLayers.insert(name);
        }
    }

    ImGui::Separator();
    ImGui::Checkbox("Fade with distance", &settings.fade);
    ImGui::BeginDisabled(!settings.fade);
    float distance = settings.fadeEnd;
    if (ImGui::SliderFloat("Fade distance", &distance, kMinFadeDistance, kMaxFadeDistance, "%.0f m",
                           ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
        settings.fadeEnd = distance;
        settings.fadeStart = distance * kFadeStartFraction;
    }
    ImGui::EndDisabled();
    ImGui::Checkbox("Declutter", &settings.declutter);

    const ops::LabelLayoutStats& s = settings.lastFrame;
    if (settings.declutter)
        ImGui::Text("%u %s hidden by declutter", s.hiddenByDeclutter, plural(s.hiddenByDeclutter, "label", "labels"));
    if (settings.fade && s.beyondFade > 0) ImGui::Text("%u beyond the fade distance", s.beyondFade);
    if (settings.lastHiddenByLayer > 0) ImGui::Text("%u in hidden layers", settings.lastHiddenByLayer);
    ImGui::PopID();
}

void drawLabelLayerPanel(LabelLayerSettings& settings, bool* open, std::span<const twin::LiveLabel> labels) {
    ImGui::SetNextWindowSize(ImVec2(300.0f, 320.0f), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Label layers", open)) drawLabelLayerMenu(settings, labels);
    ImGui::End();
}

} // namespace tv::ui
