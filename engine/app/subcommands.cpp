#include "app/subcommands.h"

#include "app/cli_options.h"
#include "app/demo_scene.h"
#include "core/log.h"
#include "net/feed/feed_subscriber.h"
#include "net/record/feed_recorder.h"
#include "net/security/curve_keys.h"
#include "net/hub/hub_main.h"
#include "net/sim/sim_main.h"
#include "twin/scene_file_parser.h"

#include <CLI/CLI.hpp>
#include <zmq.hpp>

#include <atomic>
#include <cstdio>
#include <sstream>

namespace tv::app {
namespace {

// CLI11 parse with the viewer's conventions: help -> stdout + 0, usage error -> one line on stderr + 2.
bool parseOrExit(CLI::App& cli, int argc, const char* const* argv, int& exitCode) {
    std::vector<std::string> args;
    for (int i = argc - 1; i > 1; --i) args.emplace_back(argv[i]);
    try {
        cli.parse(args);
    } catch (const CLI::CallForHelp&) {
        std::printf("%s", cli.help().c_str());
        exitCode = kExitOk;
        return false;
    } catch (const CLI::ParseError& e) {
        std::fprintf(stderr, "error: %s (see twinview %s --help)\n", e.what(), argv[1]);
        exitCode = kExitUsage;
        return false;
    }
    return true;
}

bool parsePorts(const std::string& text, uint32_t ports[3]) {
    std::stringstream ss(text);
    std::string item;
    int n = 0;
    while (std::getline(ss, item, ',')) {
        if (n == 3 || item.empty()) return false;
        char* end = nullptr;
        unsigned long v = std::strtoul(item.c_str(), &end, 10);
        if (*end != '\0' || v > 65535) return false;
        ports[n++] = uint32_t(v);
    }
    return n == 3;
}

std::string endpointFor(const std::string& host, uint32_t port) {
    return "tcp://" + host + ":" + (port == 0 ? std::string("*") : std::to_string(port));
}

int runSim(int argc, const char* const* argv) {
    CLI::App cli{"twinview sim — the demo plant simulator as a standalone twin-feed publisher (docs/protocol.md).\n"
                 "Viewers connect with `twinview scenes/demo-plant.json` (default ports) or --connect.",
                 "twinview sim"};
    std::string host = "127.0.0.1", ports = "5556,5557,5558";
    double rate = 10.0, duration = 0.0, timeScale = 1.0;
    uint64_t seed = 1;
    uint32_t dropEvery = 0;
    bool quiet = false;
    cli.add_option("--bind-host", host,
                   "interface to bind (default 127.0.0.1; 0.0.0.0 serves other machines — the feed is not "
                   "encrypted)");
    cli.add_option("--ports", ports, "UPDATES,SNAPSHOT,COMMANDS ports (default 5556,5557,5558; 0 = any free port)");
    cli.add_option("--rate", rate, "updates per second (default 10)")->check(CLI::Range(0.1, 1000.0));
    cli.add_option("--time-scale", timeScale, "simulated seconds per real second (default 1)")
        ->check(CLI::Range(0.01, 1000.0));
    cli.add_option("--seed", seed, "random seed (default 1; the same seed gives the same plant history)");
    cli.add_option("--duration", duration, "stop after this many seconds (default: until interrupted)")
        ->check(CLI::Range(0.0, 1e9));
    cli.add_option("--drop-every", dropEvery,
                   "fault injection: withhold every Nth update frame so viewers must resynchronise (default 0 = off)");
    cli.add_flag("--quiet", quiet, "only errors on stderr");
    int exitCode = kExitOk;
    if (!parseOrExit(cli, argc, argv, exitCode)) return exitCode;
    uint32_t p[3];
    if (!parsePorts(ports, p)) {
        std::fprintf(stderr, "error: --ports expects three port numbers U,S,C (0 = any); got '%s'\n", ports.c_str());
        return kExitUsage;
    }
    if (quiet) setLogLevel(LogLevel::Error);
    if (host != "127.0.0.1" && host != "localhost")
        logWarn("sim: binding %s — the twin feed is readable and commandable by anyone who can reach it", host.c_str());

    net::sim::SimulatorOptions options;
    options.bind = {endpointFor(host, p[0]), endpointFor(host, p[1]), endpointFor(host, p[2])};
    options.updateHz = rate;
    options.seed = seed;
    options.timeScale = timeScale;
    options.dropEveryN = dropEvery;
    options.quiet = quiet;
    const std::atomic<bool>& stop = net::sim::installStopSignalHandlers(); // Ctrl+C ends the run cleanly
    return net::sim::runSimulator(options, duration, stop) == 0 ? kExitOk : kExitBadInput;
}

int runRecord(int argc, const char* const* argv) {
    CLI::App cli{"twinview record — records a twin feed (snapshot + timestamped updates, re-snapshots included) to a\n"
                 "file; `twinview SCENE --replay FILE` plays it back at any speed, paused or seeked.",
                 "twinview record"};
    std::string scenePath, connect, out;
    double duration = 0.0;
    bool quiet = false;
    cli.add_option("SCENE", scenePath,
                   "twin scene file whose first feed to record (default: the bundled demo's feed, i.e. a "
                   "`twinview sim` on this machine)");
    cli.add_option("--connect", connect, "UPDATES,SNAPSHOT[,COMMANDS] endpoints instead of the scene's feed");
    cli.add_option("-o,--output", out, "recording file to write")->required();
    cli.add_option("--duration", duration, "stop after this many seconds (default: until interrupted)")
        ->check(CLI::Range(0.0, 1e9));
    cli.add_flag("--quiet", quiet, "no progress lines");
    int exitCode = kExitOk;
    if (!parseOrExit(cli, argc, argv, exitCode)) return exitCode;
    if (quiet) setLogLevel(LogLevel::Error);

    net::SubscriberOptions sub;
    if (!connect.empty()) {
        EndpointList list;
        std::string error;
        if (!parseEndpointList(connect, list, error)) {
            std::fprintf(stderr, "error: --connect: %s\n", error.c_str());
            return kExitUsage;
        }
        sub.connect = {list.updates, list.snapshot, list.commands};
        sub.name = list.updates;
    } else {
        auto parsed =
            scenePath.empty() ? twin::parseSceneFile(demoSceneText(), demoSceneName()) : twin::loadSceneFile(scenePath);
        if (!parsed) {
            std::fprintf(stderr, "error: %s\n", parsed.error().message.c_str());
            return kExitBadInput;
        }
        if (parsed->scene.feeds.empty()) {
            std::fprintf(stderr, "error: %s: the scene declares no feed (use --connect)\n",
                         scenePath.empty() ? demoSceneName() : scenePath.c_str());
            return kExitBadInput;
        }
        const twin::FeedDecl& feed = parsed->scene.feeds.front();
        sub.connect = {feed.endpoint, feed.snapshotEndpoint, feed.commandEndpoint};
        sub.name = feed.name;
    }
    const std::atomic<bool>& stop = net::sim::installStopSignalHandlers(); // Ctrl+C finishes the file cleanly
    zmq::context_t context(1);
    auto progress = [&](const net::RecordProgress& p) {
        if (quiet) return;
        std::printf("recording %s: %.0f s, feed %s, %llu frames, %llu updates, %llu snapshot(s), %.1f kB\n",
                    out.c_str(), p.elapsedSeconds, net::feedLivenessName(p.status.liveness),
                    (unsigned long long)p.counters.frames, (unsigned long long)p.counters.updates,
                    (unsigned long long)p.counters.snapshots, double(p.counters.bytes) / 1024.0);
        std::fflush(stdout);
    };
    auto summary = net::recordFeed(context, sub, out, duration, stop, progress);
    if (!summary) {
        std::fprintf(stderr, "error: %s: %s\n", out.c_str(), summary.error().message.c_str());
        return kExitBadInput;
    }
    const net::RecordCounters& c = summary->counters;
    if (c.frames == 0) { // a valid but empty file: say why rather than report success
        std::fprintf(stderr,
                     "error: %s: nothing recorded: no twin state arrived from %s (is the publisher running? for the "
                     "demo: `twinview sim`)\n",
                     out.c_str(), sub.connect.updates.c_str());
        return kExitBadInput;
    }
    std::printf("twinview record: %s, %.1f s, %llu frames (%llu updates, %llu snapshot(s), %llu keyframe(s)), "
                "%.1f kB\n",
                summary->path.c_str(), double(summary->durationUs) / 1e6, (unsigned long long)c.frames,
                (unsigned long long)c.updates, (unsigned long long)c.snapshots, (unsigned long long)c.keyframes,
                double(c.bytes) / 1024.0);
    return kExitOk;
}

int runKeygen(int argc, const char* const* argv) {
    CLI::App cli{
        "twinview keygen — makes a CURVE key pair (ZeroMQ CurveZMQ) for encrypted, authenticated shared\n"
        "sessions: NAME.key (secret, mode 0600, stays with its owner) and NAME.pub (public: goes on the hub's\n"
        "allow list, or to the viewers that must trust the hub).",
        "twinview keygen"};
    std::string name, dir = ".";
    bool force = false;
    cli.add_option("NAME", name, "key name, e.g. the user (alice) or hub")->required();
    cli.add_option("--dir", dir, "folder to write the two files in (default: the current folder)");
    cli.add_flag("--force", force, "replace existing key files (the old secret key is lost)");
    int exitCode = kExitOk;
    if (!parseOrExit(cli, argc, argv, exitCode)) return exitCode;
    auto keys = net::generateCurveKeyPair();
    if (!keys) {
        std::fprintf(stderr, "error: %s\n", keys.error().message.c_str());
        return kExitBadInput;
    }
    auto files = net::writeCurveKeyFiles(*keys, dir, name, force);
    if (!files) {
        std::fprintf(stderr, "error: %s\n", files.error().message.c_str());
        return kExitBadInput;
    }
    std::printf("twinview keygen: secret key %s (keep private), public key %s: %s\n", files->secretFile.c_str(),
                files->publicFile.c_str(), keys->publicKey.c_str());
    return kExitOk;
}

} // namespace

bool parseEndpointList(const std::string& text, EndpointList& out, std::string& error) {
    std::vector<std::string> parts;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) parts.push_back(item);
    // The snapshot endpoint is not optional: without it a viewer could never learn the state it joined into.
    if (parts.size() < 2 || parts.size() > 3 || parts[0].empty() || parts[1].empty()) {
        error = "expected UPDATES,SNAPSHOT[,COMMANDS] (2 or 3 ZeroMQ endpoints, e.g. tcp://host:5556,tcp://host:5557,"
                "tcp://host:5558); got '" +
                text + "'";
        return false;
    }
    for (const std::string& p : parts) {
        if (!p.empty() && p.find("://") == std::string::npos) {
            error = "'" + p + "' is not a ZeroMQ endpoint (expected e.g. tcp://127.0.0.1:5556)";
            return false;
        }
    }
    out = {};
    out.updates = parts[0];
    if (parts.size() > 1) out.snapshot = parts[1];
    if (parts.size() > 2) out.commands = parts[2];
    return true;
}

bool isSubcommand(int argc, const char* const* argv) {
    if (argc < 2) return false;
    std::string first = argv[1];
    return first == "sim" || first == "record" || first == "keygen" || first == "hub";
}

int runSubcommand(int argc, const char* const* argv) {
    std::string first = argv[1];
    if (first == "sim") return runSim(argc, argv);
    if (first == "keygen") return runKeygen(argc, argv);
    if (first == "hub") {
        std::vector<std::string> args(argv + 2, argv + argc);
        return net::runHub(args);
    }
    return runRecord(argc, argv);
}

} // namespace tv::app
