// The CLI-independent entry of `twinview sim`: runs a PlantSimulator, prints where to connect and a status line
// every few seconds, and returns when told to stop or after a duration. The CLI (app/) parses the options and owns
// signal handling; installStopSignalHandlers() is here for callers that want SIGINT/SIGTERM to set a flag.
// Call from the main thread.
#pragma once

#include "net/sim/plant_simulator.h"

#include <atomic>

namespace tv::net::sim {

// Runs until `stop` becomes true or durationSeconds have passed (0 = forever). First stdout line:
// "endpoints <updates> <snapshot> <commands>" (machine-readable), then a status line every statusSeconds.
// Returns 0, or 1 when the simulator could not start (the error is printed to stderr).
int runSimulator(const SimulatorOptions& options, double durationSeconds, const std::atomic<bool>& stop,
                 double statusSeconds = 5.0);

// Installs SIGINT and SIGTERM handlers that set the returned flag (async-signal-safe: a lock-free atomic store).
const std::atomic<bool>& installStopSignalHandlers();

} // namespace tv::net::sim
