// Operator actions (operator_actions.h).
#include "app/operator_actions.h"

#include "app/operator_data.h"
#include "core/log.h"

#include <algorithm>
#include <cstdlib>
#include <cmath>

namespace tv::app {

namespace {

uint64_t toTwinUs(double seconds) { return seconds > 0.0 && std::isfinite(seconds) ? uint64_t(seconds * 1e6) : 0; }

void acknowledge(const std::string& alarmId, LiveTwin& live, SessionLink* link, const std::string& user) {
    const auto& alarms = live.runtime().alarms();
    auto it = std::find_if(alarms.begin(), alarms.end(), [&](const twin::LiveAlarm& a) { return a.id == alarmId; });
    if (it == alarms.end()) {
        logWarn("acknowledge: alarm '%s' is no longer active", alarmId.c_str());
        return;
    }
    if (live.moment()) {
        logWarn("acknowledge: the timeline shows a past moment; go live to acknowledge '%s'", alarmId.c_str());
        return;
    }
    // Threshold alarms are computed by this viewer from the scene file: there is no twin to tell.
    if (it->origin == twin::AlarmOrigin::Threshold) {
        live.acknowledgeLocalAlarm(alarmId, user);
        return;
    }
    // A feed alarm is acknowledged at its source: "ack <id>" is an operator command like any other (in a session
    // the hub checks the role, records it in the audit log and stamps who sent it).
    std::string command = "ack " + alarmId;
    if (!link && !user.empty()) command += " by=\"" + user + "\"";
    live.sendCommand(command);
}

Expected<net::TwinState> stateOf(const ui::CompareMoment& m, LiveTwin& live, size_t feed) {
    return m.live ? live.liveState(feed) : live.stateAt(m.timeUs, feed);
}

// Both moments of every feed compared, the feeds' results merged (entities of different feeds are distinct).
void computeComparison(const ui::ComparePanelState& st, LiveTwin& live, OperatorData::CompareResult& out) {
    ops::Comparison merged;
    std::string error;
    for (size_t feed = 0; feed < live.feedCount() && error.empty(); ++feed) {
        auto a = stateOf(st.a, live, feed);
        auto b = stateOf(st.b, live, feed);
        if (!a || !b) {
            error = std::string(!a ? "moment A: " : "moment B: ") + (!a ? a.error() : b.error()).message;
            break;
        }
        ops::Comparison c = ops::compareStates(*a, *b, &live.runtime().file());
        auto append = [](auto& to, auto& from) { to.insert(to.end(), from.begin(), from.end()); };
        append(merged.rows, c.rows);
        append(merged.entities, c.entities);
        append(merged.alarmsOnlyA, c.alarmsOnlyA);
        append(merged.alarmsOnlyB, c.alarmsOnlyB);
        append(merged.alarmsBoth, c.alarmsBoth);
    }
    std::stable_sort(merged.rows.begin(), merged.rows.end(),
                     [](const ops::CompareRow& x, const ops::CompareRow& y) { return x.normalised > y.normalised; });
    std::stable_sort(
        merged.entities.begin(), merged.entities.end(),
        [](const ops::EntityChange& x, const ops::EntityChange& y) { return std::abs(x.score) > std::abs(y.score); });
    out.comparison = error.empty() ? std::move(merged) : ops::Comparison{};
    out.error = error;
    out.serial = st.requestSerial;
    out.computed = true;
}

// Recomputes when the panel asks, and keeps the 3D view's difference colouring in step with the checkbox.
void stepComparison(const ui::ViewerUiState& ui, LiveTwin& live) {
    OperatorData::CompareResult& cmp = live.operators().compare();
    const ui::ComparePanelState& st = ui.compare;
    if (ui.panels.compare && st.requestSerial != 0 && (!cmp.computed || st.requestSerial != cmp.serial))
        computeComparison(st, live, cmp);
    const bool wantTints = ui.panels.compare && st.colouring && cmp.computed && cmp.error.empty();
    if (wantTints && cmp.tintSerial != cmp.serial) {
        std::vector<twin::EntityTint> tints;
        for (ops::EntityTintColour& t : ops::differenceTints(cmp.comparison)) tints.push_back({t.entity, t.colour});
        live.setEntityTints(tints);
        cmp.tintSerial = cmp.serial;
    } else if (!wantTints && cmp.tintSerial != 0) {
        live.setEntityTints({});
        cmp.tintSerial = 0;
    }
}

} // namespace

bool executeOperatorAction(const ui::UiAction& a, LiveTwin& live, SessionLink* link, const std::string& user) {
    switch (a.kind) {
    case ui::UiActionKind::AcknowledgeAlarm: acknowledge(a.name, live, link, user); return true;
    case ui::UiActionKind::TimelineGoTo:
        if (!live.goToMoment(toTwinUs(a.value))) logWarn("timeline: no history recorded yet");
        return true;
    case ui::UiActionKind::TimelineGoLive: live.goLive(); return true;
    case ui::UiActionKind::ShareMoment: // in a session SessionLink::execute takes it before it gets here
        logWarn("timeline: sharing a moment needs a shared session (--join)");
        return true;
    default: return false;
    }
}

void applyPanelOptions(ui::ViewerUiState& ui, const Options& options) {
    ui::PanelVisibility& p = ui.panels;
    // --panels is exclusive: the named panels open, every other nameable one closes (names checked by the parser).
    if (!options.panels.empty())
        for (const ui::NamedPanel& panel : ui::namedPanels())
            p.*panel.open = std::find(options.panels.begin(), options.panels.end(), panel.name) != options.panels.end();
    for (const std::string& t : options.trends) {
        const size_t dot = t.rfind('.'); // checked by the command line parser: ENTITY.PROPERTY
        ui.trends.pin({t.substr(0, dot), t.substr(dot + 1)});
        p.trends = true;
    }
}

std::string operatorName(const Options& options) {
    if (!options.userName.empty()) return options.userName;
    const char* user = std::getenv("USER");
    return user && *user ? user : "operator";
}

void stepOperatorPanels(ui::ViewerUiState& ui, LiveTwin& live, SessionLink* link) {
    if (link) {
        if (std::optional<uint64_t> moment = link->takeMomentChange()) {
            if (*moment == 0)
                live.goLive();
            else if (!live.goToMoment(*moment))
                logWarn("timeline: the presenter's moment is before this viewer's history");
        }
    }
    stepComparison(ui, live);
    if (ui.trends.loadRecordingRequest) {
        live.operators().requestHistoryLoad(*ui.trends.loadRecordingRequest);
        ui.trends.loadRecordingRequest.reset();
    }
}

} // namespace tv::app
