// The twinview sub-commands besides the viewer itself:
//   twinview sim     the demo plant simulator as a standalone twin-feed publisher (for other viewers, a hub)
//   twinview record  records a twin feed (snapshot + timestamped updates) to a file that `--replay` plays
//   twinview keygen  makes a CURVE key pair for encrypted shared sessions (NAME.key + NAME.pub)
// Each parses its own command line (CLI11; --help documents it) and runs until done or interrupted (SIGINT/SIGTERM).
// Main thread.
#pragma once

#include <string>
#include <vector>

namespace tv::app {

// True when argv[1] names a sub-command; then runSubcommand() handles the whole command line.
bool isSubcommand(int argc, const char* const* argv);
// Returns the process exit code (kExit* from cli_options.h).
int runSubcommand(int argc, const char* const* argv);

// Parses "UPDATES,SNAPSHOT[,COMMANDS]" (each a ZeroMQ endpoint; no COMMANDS = commands are not sent). False +
// message on a malformed list.
struct EndpointList {
    std::string updates, snapshot, commands;
};
bool parseEndpointList(const std::string& text, EndpointList& out, std::string& error);

} // namespace tv::app
