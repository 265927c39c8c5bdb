#include "app/live_twin.h"

#include "app/operator_data.h"
#include "app/subcommands.h"
#include "app/viewer_scene.h"
#include "core/log.h"
#include "core/utc_time.h"
#include "net/feed/feed_subscriber.h"
#include "net/record/feed_player.h"
#include "net/sim/plant_simulator.h"
#include "twin/operator_command.h"

#include <zmq.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace tv::app {
namespace {

constexpr uint32_t kCommandTimeoutMs = 5000; // an operator waits this long before a command counts as timed out

net::FeedEndpoints endpointsOf(const twin::FeedDecl& feed) {
    return {feed.endpoint, feed.snapshotEndpoint, feed.commandEndpoint};
}

Expected<std::unique_ptr<net::FeedSource>> connectFeed(zmq::context_t& context, const std::string& name,
                                                       const net::FeedEndpoints& endpoints, double staleSeconds) {
    if (endpoints.updates.empty() || endpoints.snapshot.empty())
        return makeError(ErrorCode::InvalidArgument,
                         "feed \"" + name +
                             "\" needs an updates and a snapshot endpoint (the viewer joins with a "
                             "snapshot); the scene file's feed or --connect lacks one");
    net::SubscriberOptions sub;
    sub.name = name;
    sub.connect = endpoints;
    sub.staleTimeoutMs = uint32_t(std::max(0.5, staleSeconds) * 1000.0);
    auto started = net::FeedSubscriber::start(context, std::move(sub));
    if (!started) return started.error();
    return std::unique_ptr<net::FeedSource>(std::move(*started));
}

} // namespace

Expected<std::unique_ptr<LiveTwin>> LiveTwin::start(const twin::SceneFile& file, twin::ResolvedScene resolved,
                                                    scene::SceneGraph& graph, twin::AssetResolver resolver,
                                                    const Options& options, bool embeddedSim,
                                                    std::unique_ptr<net::FeedSource> sessionFeed) {
    std::unique_ptr<LiveTwin> live(new LiveTwin());
    live->m_context = std::make_unique<zmq::context_t>(1);

    // Which sources feed which runtime slot: the file's feeds in order; a replay or --connect takes slot 0.
    std::vector<twin::FeedDecl> feeds = file.feeds;
    if (feeds.empty()) feeds.push_back(twin::FeedDecl{"feed", "", "", "", 5.0});

    if (sessionFeed) {
        live->m_sources.push_back(std::move(sessionFeed));
    } else if (!options.replay.empty()) {
        auto player = net::FeedPlayer::open(options.replay);
        if (!player) return Error{player.error().code, options.replay + ": " + player.error().message};
        (*player)->setSpeed(options.replaySpeed);
        if (options.replayAt > 0.0) (*player)->seek(uint64_t(options.replayAt * 1e6));
        live->m_player = player->get();
        live->m_sources.push_back(std::move(*player));
    } else if (!options.connect.empty()) {
        EndpointList list;
        std::string error;
        if (!parseEndpointList(options.connect, list, error))
            return makeError(ErrorCode::InvalidArgument, "--connect: " + error);
        auto src = connectFeed(*live->m_context, feeds[0].name, {list.updates, list.snapshot, list.commands},
                               feeds[0].staleTimeoutSeconds);
        if (!src) return src.error();
        live->m_sources.push_back(std::move(*src));
    } else if (embeddedSim) {
        net::sim::SimulatorOptions sim;
        sim.bind = {"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"};
        sim.quiet = true;
        auto started = net::sim::PlantSimulator::start(*live->m_context, sim);
        if (!started) return Error{started.error().code, "embedded simulator: " + started.error().message};
        live->m_simulator = std::move(*started);
        auto src = connectFeed(*live->m_context, feeds[0].name + " (embedded)", live->m_simulator->endpoints(),
                               feeds[0].staleTimeoutSeconds);
        if (!src) return src.error();
        live->m_sources.push_back(std::move(*src));
    }
    // The remaining declared feeds (all of them when slot 0 was not overridden) connect as the file says.
    for (size_t i = live->m_sources.size(); i < file.feeds.size(); ++i) {
        auto src = connectFeed(*live->m_context, file.feeds[i].name, endpointsOf(file.feeds[i]),
                               file.feeds[i].staleTimeoutSeconds);
        if (!src) return Error{src.error().code, "feed \"" + file.feeds[i].name + "\": " + src.error().message};
        live->m_sources.push_back(std::move(*src));
    }
    live->m_runtime = std::make_unique<twin::TwinRuntime>(file, std::move(resolved), graph, std::move(resolver));
    live->m_operators = std::make_unique<OperatorData>(file, options);
    for (size_t i = 0; i < live->m_sources.size(); ++i)
        logInfo("twin feed %zu: %s", i, live->m_sources[i]->describe().c_str());
    return live;
}

LiveTwin::~LiveTwin() {
    // Sources first (their threads use the context), then the simulator, then the context.
    m_sources.clear();
    m_simulator.reset();
}

void LiveTwin::update(double dtSeconds) {
    m_time += dtSeconds;
    for (size_t i = 0; i < m_sources.size(); ++i) {
        m_sources[i]->poll(dtSeconds, m_delta);
        for (const net::CommandResult& r : m_delta.commandResults) {
            for (ui::CommandEntry& e : m_commands) {
                if (e.id != r.commandId || e.outcome != net::CommandOutcome::Pending) continue;
                e.outcome = r.outcome;
                e.reason = r.reason;
                e.roundTripMs = r.roundTripMs;
                // The log keeps what operators did to the twin (the UI shows it too, but scrolls away).
                if (r.outcome == net::CommandOutcome::Accepted)
                    logInfo("command \"%s\": done in %.1f ms", e.text.c_str(), r.roundTripMs);
                else
                    logWarn("command \"%s\": %s%s%s", e.text.c_str(), net::commandOutcomeName(r.outcome),
                            r.reason.empty() ? "" : ": ", r.reason.c_str());
            }
        }
        m_operators->observe(m_delta);
        // A replay is its own history (the player seeks); live feeds are recorded, and reach the runtime only
        // while the timeline is live.
        const bool apply = m_player ? true : m_timeline.onLiveDelta(i, m_delta);
        if (apply) m_runtime->apply(i, m_delta);
    }
    m_runtime->update(m_time);
    // Older history read with --history (or the trends panel) extends the timeline back before this run.
    if (std::shared_ptr<const net::FeedRecording> older = m_operators->takeLoadedRecording())
        if (!m_player) m_timeline.timeline().attachRecording(0, std::move(older));
    // At a past moment the KPIs are computed at that moment's time (a rate() then needs two moments to say anything,
    // rather than seeing a frozen value over advancing time as zero).
    const std::optional<uint64_t> at = moment();
    m_operators->update(*m_runtime, at.value_or(twinNowUs()), m_time, at.has_value());
}

bool LiveTwin::acknowledgeLocalAlarm(const std::string& alarmId, const std::string& by) {
    if (!m_runtime->acknowledgeLocal(alarmId, by)) return false;
    logInfo("alarm %s acknowledged here by %s (a threshold of the scene file)", alarmId.c_str(),
            by.empty() ? "this viewer" : by.c_str());
    return true;
}

bool LiveTwin::goToMoment(uint64_t twinTimeUs) {
    if (m_player) {
        const uint64_t start = m_player->recording().header().startUs;
        const uint64_t t = std::clamp(twinTimeUs, start, start + m_player->durationUs());
        m_player->seek(t - start);
        m_player->setPaused(true); // the moment stays on screen until goLive (or the replay bar's play)
        m_replayMoment = t;
        return true;
    }
    const std::optional<uint64_t> moment = m_timeline.goTo(twinTimeUs, m_resets);
    if (!moment) return false;
    for (size_t i = 0; i < m_resets.size() && i < m_sources.size(); ++i) m_runtime->apply(i, m_resets[i]);
    logInfo("timeline: showing the twin at %s", utcDateTimeText(*moment).c_str());
    return true;
}

void LiveTwin::goLive() {
    if (m_player) {
        if (m_replayMoment) m_player->setPaused(false);
        m_replayMoment.reset();
        return;
    }
    if (m_timeline.live()) return;
    m_timeline.goLive(m_resets);
    for (size_t i = 0; i < m_resets.size() && i < m_sources.size(); ++i) m_runtime->apply(i, m_resets[i]);
    logInfo("timeline: live");
}

std::optional<uint64_t> LiveTwin::moment() const {
    if (m_player) return m_player->paused() ? m_replayMoment : std::nullopt;
    return m_timeline.moment();
}

uint64_t LiveTwin::twinNowUs() const {
    if (m_player) return m_player->recording().header().startUs + m_player->positionUs();
    const uint64_t now = m_timeline.nowUs();
    return now ? now : net::wallClockUs();
}

ops::TimelineRange LiveTwin::timelineRange() const {
    if (m_player) {
        const uint64_t start = m_player->recording().header().startUs;
        return {start, start + m_player->durationUs()};
    }
    return m_timeline.timeline().range();
}

Expected<net::TwinState> LiveTwin::stateAt(uint64_t twinTimeUs, size_t feed) const {
    if (feed >= m_sources.size())
        return makeError(ErrorCode::NotFound, format("no feed %zu (the twin has %zu)", feed, m_sources.size()));
    const ops::TimelineRange r = timelineRange();
    if (!r.contains(twinTimeUs))
        return makeError(ErrorCode::NotFound, r.empty() ? std::string("no history recorded yet")
                                                        : "no history at " + utcDateTimeText(twinTimeUs) +
                                                              " (the timeline covers " + utcDateTimeText(r.earliestUs) +
                                                              " .. " + utcDateTimeText(r.latestUs) + ")");
    net::TwinState state;
    if (m_player)
        m_player->recording().stateAt(twinTimeUs - r.earliestUs, state);
    else
        m_timeline.timeline().stateAt(feed, twinTimeUs, state);
    return state;
}

Expected<net::TwinState> LiveTwin::liveState(size_t feed) const {
    if (feed >= m_sources.size())
        return makeError(ErrorCode::NotFound, format("no feed %zu (the twin has %zu)", feed, m_sources.size()));
    net::TwinState state;
    if (m_player)
        m_player->recording().stateAt(m_player->positionUs(), state);
    else
        m_timeline.timeline().liveState(feed, state);
    return state;
}

bool LiveTwin::sendCommand(const std::string& text) {
    ui::CommandEntry entry;
    entry.text = text;
    entry.sentAtSeconds = m_time;
    auto parsed = twin::parseOperatorCommand(text);
    if (!parsed) {
        entry.outcome = net::CommandOutcome::NotSent;
        entry.reason = parsed.error().message;
        m_commands.push_back(std::move(entry));
        return false;
    }
    entry.text = twin::formatOperatorCommand(*parsed);
    size_t feed = 0;
    if (const twin::LiveEntity* e = m_runtime->findEntity(parsed->target)) feed = e->feed;
    if (m_sources.empty() || feed >= m_sources.size()) {
        entry.outcome = net::CommandOutcome::NotSent;
        entry.reason = "no twin feed to send it to";
        m_commands.push_back(std::move(entry));
        return false;
    }
    entry.id = m_sources[feed]->sendCommand(parsed->target, parsed->verb, parsed->args, kCommandTimeoutMs);
    m_commands.push_back(std::move(entry));
    return true;
}

bool LiveTwin::waitUntilLive(double timeoutSeconds) {
    using clock = std::chrono::steady_clock;
    const auto deadline = clock::now() + std::chrono::duration<double>(timeoutSeconds);
    auto last = clock::now();
    for (;;) {
        auto now = clock::now();
        update(std::chrono::duration<double>(now - last).count());
        last = now;
        bool allLive = true;
        for (const auto& s : m_sources) {
            net::FeedLiveness l = s->status().liveness;
            allLive = allLive && (l == net::FeedLiveness::Live || l == net::FeedLiveness::Replay);
        }
        if (allLive) return true;
        if (now >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::string LiveTwin::summaryLine() const {
    std::string out;
    for (size_t i = 0; i < m_sources.size(); ++i) {
        net::FeedStatus st = m_sources[i]->status();
        out += format("%sfeed %s %s seq %llu, %llu updates", i ? "; " : "", st.name.c_str(),
                      net::feedLivenessName(st.liveness), (unsigned long long)st.lastSequence,
                      (unsigned long long)st.counters.updatesApplied);
    }
    out += format("; %zu alarm(s)", m_runtime->alarms().size());
    return out;
}

Expected<std::unique_ptr<LiveTwin>> startLiveTwin(ViewerScene& scene, const Options& options,
                                                  std::unique_ptr<net::FeedSource> sessionFeed) {
    if (!scene.sceneFile()) {
        if (!options.replay.empty() || !options.connect.empty())
            return makeError(ErrorCode::InvalidArgument,
                             "--replay and --connect need a twin scene file (.json) or the bundled demo");
        return std::unique_ptr<LiveTwin>();
    }
    const bool embedded = scene.isBundledDemo() && !options.noSim && !sessionFeed;
    return LiveTwin::start(*scene.sceneFile(), scene.resolved(), scene.graph(), scene.assetResolver(), options,
                           embedded, std::move(sessionFeed));
}

} // namespace tv::app
