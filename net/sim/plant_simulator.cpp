// PlantSimulator: the tick loop (step the model, publish what changed, serve the sockets until the next tick).
#include "net/sim/plant_simulator.h"

#include "core/log.h"
#include "net/sim/plant_model.h"

#include <algorithm>
#include <chrono>
#include <vector>

namespace tv::net::sim {

Expected<std::unique_ptr<PlantSimulator>> PlantSimulator::start(zmq::context_t& context, SimulatorOptions options) {
    if (!(options.updateHz > 0.0) || options.updateHz > 1000.0)
        return makeError(ErrorCode::InvalidArgument,
                         tv::format("simulator update rate %g Hz outside (0, 1000]", options.updateHz));
    if (!(options.timeScale > 0.0))
        return makeError(ErrorCode::InvalidArgument,
                         tv::format("simulator time scale %g must be > 0", options.timeScale));
    PublisherOptions po;
    po.bind = options.bind;
    auto publisher = FeedPublisher::create(context, po);
    if (!publisher) return publisher.error();

    std::unique_ptr<PlantSimulator> sim(new PlantSimulator());
    sim->m_options = options;
    sim->m_endpoints = (*publisher)->boundEndpoints();
    sim->m_running = true;
    sim->m_thread = std::thread([s = sim.get(), p = std::move(publisher.value())]() mutable { s->run(std::move(p)); });
    return sim;
}

PlantSimulator::~PlantSimulator() { stop(); }

void PlantSimulator::stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
}

SimulatorStats PlantSimulator::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void PlantSimulator::setPaused(bool paused) { m_paused = paused; }

TwinState PlantSimulator::publishedState() const {
    std::unique_lock lock(m_mutex);
    if (!m_running) return {};
    uint64_t ticket = ++m_stateRequests;
    m_cv.wait_for(lock, std::chrono::seconds(2), [&] { return m_stateAnswers >= ticket || !m_running; });
    return m_stateAnswers >= ticket ? m_stateCopy : TwinState{};
}

void PlantSimulator::run(std::unique_ptr<FeedPublisher> publisher) {
    using Clock = std::chrono::steady_clock;
    PlantModelOptions mo;
    mo.seed = m_options.seed;
    mo.startTimeUs = wallClockUs();
    PlantModel model(mo);

    const auto period =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / m_options.updateHz));
    auto nextTick = Clock::now();
    std::vector<Update> updates;
    uint64_t produced = 0, commands = 0, rejected = 0;
    bool warned = false;

    const CommandHandler onCommand = [&](const CommandRequest& request) {
        CommandVerdict v = model.handleCommand(request);
        {
            std::lock_guard lock(m_mutex); // counted at once: a caller that saw the reply sees the count
            m_stats.commands = ++commands;
            if (v.status != CommandStatus::Accepted) m_stats.rejected = ++rejected;
        }
        if (!m_options.quiet)
            logInfo("sim: command %.*s %.*s -> %s%s%s", int(request.target.size()), request.target.data(),
                    int(request.verb.size()), request.verb.data(),
                    v.status == CommandStatus::Accepted ? "accepted" : "rejected", v.reason.empty() ? "" : ": ",
                    v.reason.c_str());
        return v;
    };

    while (!m_stop) {
        auto now = Clock::now();
        if (now >= nextTick) {
            nextTick += period;
            if (nextTick < now) nextTick = now + period; // fell behind (debugger, loaded machine): do not spin
            if (!m_paused) {
                model.step(std::chrono::duration<double>(period).count() * m_options.timeScale);
                updates.clear();
                model.collectUpdates(updates);
                if (!updates.empty()) {
                    ++produced;
                    if (m_options.dropEveryN && produced % m_options.dropEveryN == 0) publisher->dropNextFrames(1);
                    auto r = publisher->publish(updates);
                    if (!r && !warned) {
                        logWarn("sim: publish failed: %s", r.error().message.c_str());
                        warned = true;
                    }
                }
            }
            std::lock_guard lock(m_mutex);
            m_stats.ticks++;
            m_stats.frames = publisher->counters().updateFrames + publisher->counters().dropped;
            m_stats.updates = publisher->counters().updates;
            m_stats.snapshotsServed = publisher->counters().snapshotsServed;
            m_stats.lastSequence = publisher->sequence();
            m_stats.simSeconds = model.timeSeconds();
            m_stats.alarmsActive = model.alarms().size();
        }
        {
            std::lock_guard lock(m_mutex);
            if (m_stateAnswers < m_stateRequests) {
                m_stateCopy = publisher->state();
                m_stateAnswers = m_stateRequests;
                m_stats.lastSequence = publisher->sequence();
                m_cv.notify_all();
            }
        }
        auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(nextTick - Clock::now());
        wait = std::clamp(wait, std::chrono::milliseconds(0), std::chrono::milliseconds(20));
        publisher->poll(wait, onCommand);
    }
    publisher.reset();
    std::lock_guard lock(m_mutex);
    m_running = false;
    m_cv.notify_all();
}

} // namespace tv::net::sim
