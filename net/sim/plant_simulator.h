// PlantSimulator — the demo plant's live publisher: a PlantModel (plant_model.h) stepped on its own thread at the
// update rate and published through a FeedPublisher (one Updates frame per tick, only what changed beyond its
// deadband), which also serves snapshots, heartbeats and the operator's commands. `twinview` runs one embedded
// for the demo scene, `twinview sim` runs one standalone (sim_main.h), the tests run one on ephemeral ports.
//
// Commands (target, verb, arguments) — anything else is Rejected with a reason naming what was wrong:
//   pump-N   start | stop | reset | set speed=<rpm 0..3000>   (start is interlocked while the pump is in fault)
//   valve-N  open | close | set opening=<% 0..100>             (valve-7 also: auto, back to level control)
//   conveyor start | stop
//   <alarm-id> ack [by=<name>]                                 (an active alarm: publishes an alarm acknowledge
//                                                               record; acknowledging again is accepted, no-op)
//
// Thread-safety: start(), endpoints(), stats(), setPaused(), publishedState() and stop() may be called from any
// one controlling thread; the model and the publisher live on the simulator thread.
#pragma once

#include "core/expected.h"
#include "net/feed/feed_publisher.h"
#include "net/feed/twin_state.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace zmq {
class context_t;
}

namespace tv::net::sim {

struct SimulatorOptions {
    FeedEndpoints bind{"tcp://127.0.0.1:5556", "tcp://127.0.0.1:5557", "tcp://127.0.0.1:5558"};
    double updateHz = 10.0;  // ticks (and at most this many Updates frames) per second
    uint64_t seed = 1;       // the plant's random events (faults, obstacles, setpoint changes)
    double timeScale = 1.0;  // simulated seconds per wall second (> 0)
    uint32_t dropEveryN = 0; // fault injection: withhold every N-th Updates frame (subscribers see a gap); 0 = off
    bool quiet = false;      // no per-command log lines
};

struct SimulatorStats {
    uint64_t ticks = 0;
    uint64_t frames = 0;   // Updates frames published (dropped ones included)
    uint64_t updates = 0;  // update records published
    uint64_t commands = 0; // commands handled (accepted or rejected)
    uint64_t rejected = 0;
    uint64_t snapshotsServed = 0;
    uint64_t lastSequence = 0; // the publisher's last Updates sequence
    double simSeconds = 0.0;
    size_t alarmsActive = 0;
};

class PlantSimulator {
public:
    // Binds the publisher (errors name the endpoint) and starts the thread. `context` must outlive the simulator.
    static Expected<std::unique_ptr<PlantSimulator>> start(zmq::context_t& context, SimulatorOptions options);
    ~PlantSimulator(); // stop()

    const FeedEndpoints& endpoints() const { return m_endpoints; }
    SimulatorStats stats() const;

    // Paused: the plant stops changing (no new Updates frames) but snapshots, heartbeats and commands are still
    // served. Lets a test wait for subscribers to catch up with a fixed final state.
    void setPaused(bool paused);
    // A copy of the publisher's state (what a converged subscriber must hold), taken on the simulator thread
    // between ticks. Waits at most ~2 s; empty state if the thread is not running.
    TwinState publishedState() const;

    // Stops and joins the thread (bounded: one tick plus the publisher's linger-0 close). Idempotent.
    void stop();

private:
    PlantSimulator() = default;
    void run(std::unique_ptr<FeedPublisher> publisher);

    SimulatorOptions m_options;
    FeedEndpoints m_endpoints;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_paused{false};
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_cv;
    SimulatorStats m_stats;               // guarded by m_mutex
    mutable uint64_t m_stateRequests = 0; // guarded: publishedState() asks, the thread answers
    mutable uint64_t m_stateAnswers = 0;  // guarded
    mutable TwinState m_stateCopy;        // guarded
    bool m_running = false;               // guarded
};

} // namespace tv::net::sim
