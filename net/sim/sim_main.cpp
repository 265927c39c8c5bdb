// runSimulator(): `twinview sim` without the CLI parsing.
#include "net/sim/sim_main.h"

#include "core/log.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include <zmq.hpp>

namespace tv::net::sim {

namespace {
std::atomic<bool> g_stopSignal{false};
extern "C" void onStopSignal(int) { g_stopSignal.store(true); }
} // namespace

const std::atomic<bool>& installStopSignalHandlers() {
    static_assert(std::atomic<bool>::is_always_lock_free);
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    return g_stopSignal;
}

int runSimulator(const SimulatorOptions& options, double durationSeconds, const std::atomic<bool>& stop,
                 double statusSeconds) {
    using Clock = std::chrono::steady_clock;
    zmq::context_t context(1);
    auto sim = PlantSimulator::start(context, options);
    if (!sim) {
        std::fprintf(stderr, "error: %s\n", sim.error().message.c_str());
        return 1;
    }
    const FeedEndpoints& ep = (*sim)->endpoints();
    std::printf("endpoints %s %s %s\n", ep.updates.c_str(), ep.snapshot.c_str(), ep.commands.c_str());
    std::printf("simulating the demo plant at %g Hz (seed %llu, time x%g)%s; Ctrl+C stops\n", options.updateHz,
                (unsigned long long)options.seed, options.timeScale,
                options.dropEveryN ? tv::format(", dropping every %u-th frame", options.dropEveryN).c_str() : "");
    std::fflush(stdout);

    const auto begin = Clock::now();
    auto nextStatus = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(statusSeconds));
    while (!stop.load()) {
        auto now = Clock::now();
        double elapsed = std::chrono::duration<double>(now - begin).count();
        if (durationSeconds > 0.0 && elapsed >= durationSeconds) break;
        if (statusSeconds > 0.0 && now >= nextStatus) {
            SimulatorStats s = (*sim)->stats();
            std::printf("sim t=%.0fs seq=%llu frames=%llu updates=%llu snapshots=%llu commands=%llu (rejected %llu) "
                        "alarms=%zu\n",
                        s.simSeconds, (unsigned long long)s.lastSequence, (unsigned long long)s.frames,
                        (unsigned long long)s.updates, (unsigned long long)s.snapshotsServed,
                        (unsigned long long)s.commands, (unsigned long long)s.rejected, s.alarmsActive);
            std::fflush(stdout);
            nextStatus += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(statusSeconds));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    (*sim)->stop();
    SimulatorStats s = (*sim)->stats();
    std::printf("sim stopped after %.1f s: %llu frames, %llu updates, %llu commands\n", s.simSeconds,
                (unsigned long long)s.frames, (unsigned long long)s.updates, (unsigned long long)s.commands);
    return 0;
}

} // namespace tv::net::sim
