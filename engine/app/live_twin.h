// LiveTwin — the viewer's connection between a twin scene file and its data: the feed sources (a FeedSubscriber
// per feed the file declares, a --connect override, or a FeedPlayer replaying a recording), the embedded plant
// simulator when the bundled demo runs without a feed of its own, the TwinRuntime that applies the data to the
// scene, and the operator's command log. Front ends (headless, window, later XR) call update() once per frame
// before extracting the frame; the UI reads runtime(), commandLog() and replay state.
//
// Timeline: every live source's delta is recorded in a TimelineController (ops/timeline) and reaches the runtime
// only while live; at a past moment the runtime shows the moment's state (rebuilt by reset deltas) while live data
// keeps being recorded, and command results still reach the command log. With --replay the recording is the
// history: twin time = recording startUs + player position, goToMoment = a player seek (paused there), goLive =
// play on from there (a recording has no live end).
// Main thread only (the network threads are inside the feed sources and the simulator).
#pragma once

#include "app/cli_options.h"
#include "core/expected.h"
#include "net/feed/feed_source.h"
#include "net/feed/twin_state.h"
#include "ops/timeline/timeline_controller.h"
#include "scene/scene_graph.h"
#include "twin/scene_file.h"
#include "twin/scene_resolve.h"
#include "twin/twin_runtime.h"
#include "ui/ui_model.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zmq {
class context_t;
}

namespace tv::net {
class FeedPlayer;
namespace sim {
class PlantSimulator;
}
} // namespace tv::net

namespace tv::app {

class OperatorData;

class LiveTwin {
public:
    // Starts the feeds of `file` (options.connect overrides the first feed's endpoints; options.replay replays a
    // recording instead; `embeddedSim` starts the bundled plant simulator on loopback and connects to it;
    // `sessionFeed`, when given, is the first feed: a shared session's twin feed relayed by the hub).
    // `graph` and `file` must outlive the LiveTwin. Errors name the cause (bad endpoint, unreadable recording).
    static Expected<std::unique_ptr<LiveTwin>> start(const twin::SceneFile& file, twin::ResolvedScene resolved,
                                                     scene::SceneGraph& graph, twin::AssetResolver resolver,
                                                     const Options& options, bool embeddedSim,
                                                     std::unique_ptr<net::FeedSource> sessionFeed = nullptr);
    ~LiveTwin();

    // Drains every source and applies the changes (dtSeconds = wall time since the last call). Call once per
    // frame, before the frame is extracted.
    void update(double dtSeconds);

    // Parses and sends an operator command ("set pump-3.speed 1200", "close valve-7"). A parse error or a
    // source that cannot carry commands is logged in the command log as failed with the reason; returns false.
    bool sendCommand(const std::string& text);

    // Waits (sleeping in short steps, updating) until every live feed is Live or `timeoutSeconds` passed; for
    // headless runs, so the picture shows the twin's state rather than the empty model. True when all are Live.
    bool waitUntilLive(double timeoutSeconds);

    const twin::TwinRuntime& runtime() const { return *m_runtime; }
    // The operator panels' data (history, KPIs, alarm journal), fed here with every delta and updated per frame.
    OperatorData& operators() { return *m_operators; }
    const OperatorData& operators() const { return *m_operators; }
    // Acknowledges an alarm this viewer computed from a threshold binding (feed alarms are acknowledged with the
    // "ack <id>" command). False for an unknown id.
    bool acknowledgeLocalAlarm(const std::string& alarmId, const std::string& by);
    // Difference colouring of the comparative view (an empty span restores the twin's own colours).
    void setEntityTints(std::span<const twin::EntityTint> tints) { m_runtime->setEntityTints(tints); }
    const std::vector<ui::CommandEntry>& commandLog() const { return m_commands; }
    double timeSeconds() const { return m_time; }

    // Replay control (no-ops without a replay).
    net::FeedPlayer* player() { return m_player; }
    const net::FeedPlayer* player() const { return m_player; }

    // A one-line feed summary for the run summary: "feed plant-sim live seq 412, 3 alarms".
    std::string summaryLine() const;

    // ---- Timeline (twin time: µs since the Unix epoch on the publisher's clock) ----
    const ops::TwinTimeline& timeline() const { return m_timeline.timeline(); }
    ops::TwinTimeline& timeline() { return m_timeline.timeline(); }
    // Shows the twin as it was at twinTimeUs (clamped into the covered range). False when there is no history
    // yet (nothing changes then).
    bool goToMoment(uint64_t twinTimeUs);
    // Back to the live twin (a no-op when live).
    void goLive();
    // The moment shown, or nullopt while live.
    std::optional<uint64_t> moment() const;
    // The twin's "now": the latest twin time recorded (replay: startUs + position); the wall clock before any.
    uint64_t twinNowUs() const;
    // The covered range (replay: the recording's).
    ops::TimelineRange timelineRange() const;
    // A feed's state at twinTimeUs / live, for the comparative view. Errors: NotFound for an unknown feed or a
    // time outside the covered range (the message names the range).
    Expected<net::TwinState> stateAt(uint64_t twinTimeUs, size_t feed) const;
    Expected<net::TwinState> liveState(size_t feed) const;
    size_t feedCount() const { return m_sources.size(); }

private:
    LiveTwin() = default;

    std::unique_ptr<zmq::context_t> m_context; // null when every source brings its own (a session feed)
    std::unique_ptr<net::sim::PlantSimulator> m_simulator;
    std::vector<std::unique_ptr<net::FeedSource>> m_sources; // index = feed slot of the runtime
    net::FeedPlayer* m_player = nullptr;                     // m_sources[0] when replaying
    std::unique_ptr<twin::TwinRuntime> m_runtime;
    std::vector<ui::CommandEntry> m_commands;
    net::FeedDelta m_delta; // reused every frame
    double m_time = 0.0;
    ops::TimelineController m_timeline;
    std::vector<net::FeedDelta> m_resets;   // goToMoment / goLive rebuilds, reused
    std::optional<uint64_t> m_replayMoment; // replay: the moment the player was sent to (paused there)
    std::unique_ptr<OperatorData> m_operators;
};

// Starts the live twin for what `scene` shows: null (and no error) when it shows a plain model rather than a twin
// scene file. The bundled demo runs its embedded simulator unless options say --no-sim, --connect or --replay, or
// a shared session brings the feed (`sessionFeed`: the hub's relay, see SessionLink::makeFeedSource).
class ViewerScene;
Expected<std::unique_ptr<LiveTwin>> startLiveTwin(ViewerScene& scene, const Options& options,
                                                  std::unique_ptr<net::FeedSource> sessionFeed = nullptr);

} // namespace tv::app
