#include "ui/timeline_panel.h"

#include "core/log.h"
#include "core/utc_time.h"
#include "ui/twin_format.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace tv::ui {
namespace {

constexpr double kPreviewIntervalSeconds = 0.2; // a drag previews at most ~5 times a second
constexpr float kBarHeight = 28.0f;

double toSeconds(uint64_t us) { return double(us) * 1e-6; }

UiAction goTo(uint64_t us) {
    UiAction a;
    a.kind = UiActionKind::TimelineGoTo;
    a.value = toSeconds(us);
    return a;
}

uint64_t clampTo(const ops::TimelineRange& r, int64_t us) {
    return uint64_t(std::clamp<int64_t>(us, int64_t(r.earliestUs), int64_t(r.latestUs)));
}

} // namespace

std::string formatAgo(uint64_t twinTimeUs, uint64_t nowUs) {
    const bool future = twinTimeUs > nowUs;
    const uint64_t s = (future ? twinTimeUs - nowUs : nowUs - twinTimeUs) / 1'000'000;
    std::string amount;
    if (s < 60)
        amount = format("%llu s", (unsigned long long)s);
    else if (s < 3600)
        amount = format("%llu min %llu s", (unsigned long long)(s / 60), (unsigned long long)(s % 60));
    else
        amount = format("%llu h %llu min", (unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60));
    return future ? "in " + amount : amount + " ago";
}

void drawTimelineContents(TimelinePanelState& state, const TimelineView& view, std::vector<UiAction>& actions) {
    const ops::TimelineRange& r = view.range;
    const bool live = !view.momentUs.has_value();

    // Presenter banner: everyone was taken to a moment; this user may still go live on their own.
    if (!view.sharedBy.empty() && view.sharedMomentUs != 0) {
        ImGui::TextColored(ImVec4(1.0f, 0.8f, 0.3f, 1.0f), "%s took everyone to %s", view.sharedBy.c_str(),
                           utcClockText(view.sharedMomentUs).c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("Go live (only me)")) actions.push_back(UiAction{UiActionKind::TimelineGoLive});
        ImGui::Separator();
    }

    // State line: LIVE or VIEWING PAST MOMENT, the moment's time and age.
    if (live) {
        ImGui::TextColored(ImVec4(0.3f, 0.9f, 0.4f, 1.0f), "LIVE");
        if (view.nowUs) {
            ImGui::SameLine();
            ImGui::TextUnformatted((utcClockText(view.nowUs) + " UTC").c_str());
        }
    } else {
        ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.2f, 1.0f), "VIEWING PAST MOMENT");
        ImGui::SameLine();
        ImGui::Text("%s UTC (%s)", utcClockText(*view.momentUs).c_str(), formatAgo(*view.momentUs, view.nowUs).c_str());
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(live);
    if (ImGui::Button("Go live")) actions.push_back(UiAction{UiActionKind::TimelineGoLive});
    ImGui::EndDisabled();

    if (r.empty()) {
        ImGui::TextDisabled("No history recorded yet.");
        return;
    }

    // The bar: covered range, alarm markers, the handle at the moment (or at now when live).
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = std::max(ImGui::GetContentRegionAvail().x, 100.0f);
    ImGui::InvisibleButton("##scrub", ImVec2(width, kBarHeight));
    const bool hovered = ImGui::IsItemHovered();
    const double span = std::max(1.0, double(r.latestUs - r.earliestUs));
    auto xOf = [&](uint64_t us) { return origin.x + float(double(us - std::min(us, r.earliestUs)) / span) * width; };
    auto timeAt = [&](float x) {
        const double f = std::clamp(double(x - origin.x) / double(width), 0.0, 1.0);
        return r.earliestUs + uint64_t(std::llround(f * span));
    };
    if (ImGui::IsItemActive()) {
        state.dragUs = timeAt(ImGui::GetIO().MousePos.x);
        const double nowSeconds = ImGui::GetTime();
        if (!state.dragging || nowSeconds - state.lastPreviewSeconds >= kPreviewIntervalSeconds) {
            actions.push_back(goTo(state.dragUs));
            state.lastPreviewSeconds = nowSeconds;
        }
        state.dragging = true;
    } else if (state.dragging) {
        state.dragging = false;
        actions.push_back(goTo(state.dragUs)); // release: the final position
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 end(origin.x + width, origin.y + kBarHeight);
    dl->AddRectFilled(ImVec2(origin.x, origin.y + 8.0f), ImVec2(end.x, end.y - 8.0f), IM_COL32(70, 80, 95, 255), 3.0f);
    // Markers: one tick per alarm; several in one pixel column draw once (decimated: O(width), not O(alarms)).
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const ops::AlarmMarker* hoveredMarker = nullptr;
    float lastX = -1e9f;
    for (const ops::AlarmMarker& m : view.markers) {
        if (m.timeUs < r.earliestUs || m.timeUs > r.latestUs) continue;
        const float x = std::floor(xOf(m.timeUs));
        if (hovered && std::fabs(mouse.x - x) <= 3.0f) hoveredMarker = &m;
        if (x == lastX) continue;
        lastX = x;
        dl->AddLine(ImVec2(x, origin.y + 2.0f), ImVec2(x, end.y - 2.0f), severityColour(m.severity), 2.0f);
    }
    const uint64_t handleUs = state.dragging ? state.dragUs : (view.momentUs ? *view.momentUs : r.latestUs);
    const float hx = xOf(std::clamp(handleUs, r.earliestUs, r.latestUs));
    dl->AddRectFilled(ImVec2(hx - 4.0f, origin.y), ImVec2(hx + 4.0f, end.y),
                      live && !state.dragging ? IM_COL32(80, 220, 110, 255) : IM_COL32(255, 150, 50, 255), 2.0f);
    if (hoveredMarker && !state.dragging) {
        ImGui::BeginTooltip();
        ImGui::Text("%s %s: %s", utcClockText(hoveredMarker->timeUs).c_str(), hoveredMarker->id.c_str(),
                    hoveredMarker->text.c_str());
        ImGui::TextDisabled("%s", hoveredMarker->entity.c_str());
        ImGui::EndTooltip();
    } else if (hovered && !state.dragging) {
        ImGui::SetTooltip("%s UTC", utcClockText(timeAt(mouse.x)).c_str());
    }
    ImGui::TextDisabled("%s", utcClockText(r.earliestUs).c_str());
    ImGui::SameLine(std::max(ImGui::GetContentRegionAvail().x - 60.0f, 80.0f));
    ImGui::TextDisabled("%s", utcClockText(r.latestUs).c_str());

    // Steps from the moment (or from now when live).
    const int64_t base = int64_t(view.momentUs ? *view.momentUs : (view.nowUs ? view.nowUs : r.latestUs));
    struct Step {
        const char* label;
        int64_t us;
    };
    static constexpr Step kSteps[] = {
        {"-1 min", -60'000'000}, {"-10 s", -10'000'000}, {"+10 s", 10'000'000}, {"+1 min", 60'000'000}};
    for (size_t i = 0; i < std::size(kSteps); ++i) {
        if (i) ImGui::SameLine();
        if (ImGui::Button(kSteps[i].label)) actions.push_back(goTo(clampTo(r, base + kSteps[i].us)));
    }

    // Shared session: the presenter takes everyone to this moment / back to live.
    if (view.inSession) {
        ImGui::BeginDisabled(!view.canShare);
        if (ImGui::Button("Take everyone here")) {
            UiAction a;
            a.kind = UiActionKind::ShareMoment;
            a.flag = true;
            a.value = toSeconds(uint64_t(base));
            actions.push_back(a);
        }
        ImGui::SameLine();
        if (ImGui::Button("Everyone back to live")) {
            UiAction a;
            a.kind = UiActionKind::ShareMoment;
            a.flag = false;
            actions.push_back(a);
        }
        ImGui::EndDisabled();
        if (!view.canShare && !view.whyNotShare.empty()) ImGui::TextDisabled("%s", view.whyNotShare.c_str());
    }
}

void drawTimelinePanel(TimelinePanelState& state, bool* open, const TimelineView& view,
                       std::vector<UiAction>& actions) {
    if (open && !*open) return;
    ImGui::SetNextWindowSize(ImVec2(560.0f, 200.0f), ImGuiCond_FirstUseEver);
    if (ImGui::Begin("Timeline", open)) drawTimelineContents(state, view, actions);
    ImGui::End();
}

} // namespace tv::ui
