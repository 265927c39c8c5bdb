// The CLI-independent entry of `twinview hub` (issue 5): parses the hub's options, starts a SessionHub (with an
// embedded plant simulator on loopback, a relayed external feed, or no feed), prints where it listens and one line
// per join/leave/timeout/denial, and runs until SIGINT/SIGTERM or a stop flag. The lead wires it into
// engine/app/subcommands.cpp. Call from the main thread.
#pragma once

#include <atomic>
#include <span>
#include <string>

namespace tv::net {

// `args` are the words after "hub". Options:
//   --bind HOST        bind address (default 127.0.0.1); non-loopback without keys prints one warning
//   --port P           control port (default 7600); events P+1, relayed feed P+2 (updates) and P+3 (snapshot)
//   --db FILE          SQLite session store (default ./twinview-hub.sqlite)
//   --keys FILE --allow FILE   CURVE: the hub's key file (`twinview keygen`) and the allow list; both or neither
//   --feed UPDATES,SNAPSHOT,COMMANDS   relay this twin feed (default: an embedded plant simulator)
//   --no-sim           no twin feed at all
// Returns 0 after a clean stop, 1 when the hub cannot start (the cause on stderr), 2 for bad options (one line).
int runHub(std::span<const std::string> args);

// Same, stopping when `stop` becomes true (tests; runHub() uses the SIGINT/SIGTERM flag). `durationSeconds` > 0
// also stops it after that long.
int runHub(std::span<const std::string> args, const std::atomic<bool>& stop, double durationSeconds = 0.0);

} // namespace tv::net
