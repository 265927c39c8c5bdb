// runHub(): `twinview hub` without the subcommand dispatch.
#include "net/hub/hub_main.h"

#include "core/log.h"
#include "core/utc_time.h"
#include "net/hub/session_hub.h"
#include "net/session/session_store.h"
#include "net/security/curve_keys.h"
#include "net/sim/plant_simulator.h"
#include "net/sim/sim_main.h"

#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>
#include <zmq.hpp>

namespace tv::net {

namespace {

struct HubArgs {
    std::string bind = "127.0.0.1";
    uint16_t port = 7600;
    std::string db = "./twinview-hub.sqlite";
    std::string keys, allow;
    std::optional<FeedEndpoints> feed;
    bool noSim = false;
};

bool isLoopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::string portOf(const std::string& endpoint) {
    const size_t colon = endpoint.rfind(':');
    return colon == std::string::npos ? endpoint : endpoint.substr(colon + 1);
}

// Parses the words after "hub"; an error is the one line to print.
Expected<HubArgs> parseArgs(std::span<const std::string> args) {
    HubArgs out;
    auto bad = [](std::string message) { return makeError(ErrorCode::InvalidArgument, std::move(message)); };
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& into) -> bool {
            if (i + 1 >= args.size()) return false;
            into = args[++i];
            return true;
        };
        std::string v;
        if (a == "--no-sim") {
            out.noSim = true;
        } else if (a == "--bind" || a == "--port" || a == "--db" || a == "--keys" || a == "--allow" || a == "--feed") {
            if (!value(v) || v.empty()) return bad(format("%s needs a value", a.c_str()));
            if (a == "--bind") {
                out.bind = v;
            } else if (a == "--port") {
                char* end = nullptr;
                const long p = std::strtol(v.c_str(), &end, 10);
                if (*end != '\0' || p < 1 || p > 65532)
                    return bad(format("--port %s: expected 1..65532 (the hub uses the port and the three after it)",
                                      v.c_str()));
                out.port = uint16_t(p);
            } else if (a == "--db") {
                out.db = v;
            } else if (a == "--keys") {
                out.keys = v;
            } else if (a == "--allow") {
                out.allow = v;
            } else {
                FeedEndpoints ep;
                const size_t c1 = v.find(','), c2 = c1 == std::string::npos ? c1 : v.find(',', c1 + 1);
                if (c2 == std::string::npos || v.find(',', c2 + 1) != std::string::npos)
                    return bad(format("--feed %s: expected UPDATES,SNAPSHOT,COMMANDS", v.c_str()));
                ep.updates = v.substr(0, c1);
                ep.snapshot = v.substr(c1 + 1, c2 - c1 - 1);
                ep.commands = v.substr(c2 + 1);
                if (ep.updates.empty() || ep.snapshot.empty())
                    return bad(format("--feed %s: the updates and snapshot endpoints are required", v.c_str()));
                out.feed = ep;
            }
        } else {
            return bad(format("unknown hub option \"%s\"", a.c_str()));
        }
    }
    if (out.keys.empty() != out.allow.empty()) return bad("--keys and --allow go together (both or neither)");
    if (out.feed && out.noSim) return bad("--feed and --no-sim contradict each other");
    return out;
}

constexpr const char* kHubHelp =
    "twinview hub — serves shared sessions: viewers join with `twinview --join tcp://HOST:PORT/SESSION --name NAME`.\n"
    "The hub relays the twin feed and the operators' commands (checked against each member's role and written to\n"
    "the audit log), sequences annotations, shared viewpoints and follow mode, fans out presence, and keeps every\n"
    "session in an SQLite file so that a restart loses nothing (docs/sessions.md, docs/session-protocol.md).\n\n"
    "Usage: twinview hub [--bind HOST] [--port P] [--db FILE] [--keys HUB.key --allow ALLOW.txt]\n"
    "                    [--feed UPDATES,SNAPSHOT,COMMANDS | --no-sim]\n"
    "  --bind HOST   address to listen on (default 127.0.0.1; anything else without keys warns: unencrypted)\n"
    "  --port P      control port (default 7600); events P+1, relayed feed P+2 (updates) and P+3 (snapshot)\n"
    "  --db FILE     the session store (default ./twinview-hub.sqlite)\n"
    "  --keys FILE   the hub's CURVE secret key (`twinview keygen hub`); with --allow\n"
    "  --allow FILE  allow list: one \"<public key> <user> <role>\" per line; only these keys can join\n"
    "  --feed E,E,E  relay this twin feed (default: the demo plant simulator, embedded)\n"
    "  --no-sim      no twin feed: sessions share annotations, viewpoints and presence only\n"
    "  --audit SESSION [--last N]   print the session's audit log from --db (who did what, when, with which result;\n"
    "                the last N entries, default 100) and exit; the hub may be running meanwhile\n"
    "Exit codes: 0 stopped cleanly (Ctrl+C), 1 cannot start (cause on stderr), 2 bad options.";

// `twinview hub --audit SESSION [--db FILE] [--last N]`: the audit log as text, oldest first.
int printAudit(std::span<const std::string> args) {
    std::string session, db = "./twinview-hub.sqlite";
    size_t last = 100;
    for (size_t i = 0; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == "--audit" && hasValue) {
            session = args[++i];
        } else if (args[i] == "--db" && hasValue) {
            db = args[++i];
        } else if (args[i] == "--last" && hasValue) {
            char* end = nullptr;
            const long n = std::strtol(args[i + 1].c_str(), &end, 10);
            if (*end != '\0' || n < 1 || n > 1000000) {
                std::fprintf(stderr, "error: --last %s: expected 1..1000000\n", args[i + 1].c_str());
                return 2;
            }
            last = size_t(n);
            ++i;
        } else {
            std::fprintf(stderr, "error: with --audit only --db and --last apply (got \"%s\")\n", args[i].c_str());
            return 2;
        }
    }
    if (session.empty()) {
        std::fprintf(stderr, "error: --audit needs a session name\n");
        return 2;
    }
    auto store = SessionStore::open(db);
    if (!store) {
        std::fprintf(stderr, "error: %s\n", store.error().message.c_str());
        return 1;
    }
    auto has = (*store)->hasSession(session);
    if (!has || !*has) {
        std::fprintf(stderr, "error: %s: no session \"%s\"\n", db.c_str(), session.c_str());
        return 1;
    }
    auto entries = (*store)->listAudit(session, last);
    if (!entries) {
        std::fprintf(stderr, "error: %s\n", entries.error().message.c_str());
        return 1;
    }
    for (const AuditEntry& e : *entries) {
        std::printf("%s  %-12s %-10s %-20s %-30s %s\n", utcDateTimeText(e.timeUs).c_str(), e.user.c_str(),
                    e.action.c_str(), e.target.c_str(), e.detail.c_str(), e.result.c_str());
    }
    std::printf("%zu entr%s of session \"%s\" in %s\n", entries->size(), entries->size() == 1 ? "y" : "ies",
                session.c_str(), db.c_str());
    return 0;
}

} // namespace

int runHub(std::span<const std::string> args) { return runHub(args, sim::installStopSignalHandlers(), 0.0); }

int runHub(std::span<const std::string> args, const std::atomic<bool>& stop, double durationSeconds) {
    for (const std::string& a : args) {
        if (a == "--help" || a == "-h") {
            std::printf("%s\n", kHubHelp);
            return 0;
        }
    }
    for (const std::string& a : args)
        if (a == "--audit") return printAudit(args);
    auto parsed = parseArgs(args);
    if (!parsed) {
        std::fprintf(stderr, "error: %s\n", parsed.error().message.c_str());
        return 2;
    }
    const HubArgs& a = *parsed;
    HubOptions o;
    o.bindHost = a.bind;
    o.port = a.port;
    o.dbPath = a.db;
    if (!a.keys.empty()) {
        auto keys = readCurveKeyFile(a.keys);
        if (!keys) {
            std::fprintf(stderr, "error: %s\n", keys.error().message.c_str());
            return 1;
        }
        if (keys->secretKey.empty()) {
            std::fprintf(stderr, "error: %s holds no secret key (the hub needs its .key file, not the .pub)\n",
                         a.keys.c_str());
            return 1;
        }
        auto allow = readAllowList(a.allow);
        if (!allow) {
            std::fprintf(stderr, "error: %s\n", allow.error().message.c_str());
            return 1;
        }
        o.curve.secretKey = keys->secretKey;
        o.allow = std::move(*allow);
    } else if (!isLoopback(a.bind)) {
        std::fprintf(stderr,
                     "warning: hub bound to %s without keys: the session is unencrypted and anyone who can "
                     "reach the port can join (use --keys and --allow)\n",
                     a.bind.c_str());
    }
    o.onLog = [](const std::string& line) {
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    };

    zmq::context_t context(1);
    std::unique_ptr<sim::PlantSimulator> plant;
    if (a.feed) {
        o.upstreamFeed = a.feed;
    } else if (!a.noSim) {
        sim::SimulatorOptions so;
        so.bind = {"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"};
        so.quiet = true;
        auto started = sim::PlantSimulator::start(context, so);
        if (!started) {
            std::fprintf(stderr, "error: embedded plant simulator: %s\n", started.error().message.c_str());
            return 1;
        }
        plant = std::move(*started);
        o.upstreamFeed = plant->endpoints();
    }

    auto hub = SessionHub::start(context, std::move(o));
    if (!hub) {
        std::fprintf(stderr, "error: %s\n", hub.error().message.c_str());
        return 1;
    }
    const HubEndpoints& ep = (*hub)->endpoints();
    const std::string feed = ep.feed.updates.empty() ? std::string("no feed")
                                                     : format("feed :%s/:%s", portOf(ep.feed.updates).c_str(),
                                                              portOf(ep.feed.snapshot).c_str());
    std::printf("hub: listening on %s (events :%s, %s), db %s, CURVE %s\n", ep.control.c_str(),
                portOf(ep.events).c_str(), feed.c_str(), a.db.c_str(), a.keys.empty() ? "off" : "on");
    std::fflush(stdout);

    const auto begin = std::chrono::steady_clock::now();
    while (!stop.load()) {
        if (durationSeconds > 0.0 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count() >= durationSeconds)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const HubCounters c = (*hub)->counters();
    hub->reset();
    plant.reset();
    std::printf("hub: stopped (%llu joins, %llu requests, %llu commands, %llu denied, %llu malformed)\n",
                (unsigned long long)c.joins, (unsigned long long)c.requests, (unsigned long long)c.commands,
                (unsigned long long)c.denied, (unsigned long long)c.malformed);
    std::fflush(stdout);
    return 0;
}

} // namespace tv::net
