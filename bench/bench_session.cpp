// bench_session — presence through one `twinview hub`: N simulated users (default 32) each sending presence at
// H Hz (default 90) for S seconds (default 10). Prints figures; not a test (nothing here passes or fails).
//
// Two rows, same users, rate, record bytes and presence codec, so the hub's cost reads as a ratio:
// (a) raw fan-out: no hub. One PUB, one SUB per user; one thread encodes and publishes every user's record each
//     tick, one thread receives on all SUBs (decode + latency; a user's own record is dropped as a client drops it),
//     so N*(N-1) deliveries per round as through the hub. What ZeroMQ fan-out on loopback costs by itself: the
//     hub adds the DEALER->ROUTER hop, validation and routing. (A full mesh — a PUB per user, N*(N-1) connections
//     carrying one small record per tick each — was tried and is slower than the hub: nothing batches.)
// (b) hub: a real SessionHub (own zmq context, so its thread and its context's I/O thread are told apart from
//     the clients') and N real SessionClients (each with its own network thread: on a small machine these
//     threads compete with the hub for cores, so the latency is pessimistic — it includes the clients' scheduling).
//     Each client sends the latest record at H Hz; receivers stamp arrival on their network thread.
//
// Latency: sender's sentTimeUs in the record -> receive time on the receiving thread (same machine clock).
// Delivered: records received / (records sent * (N - 1)). Hub CPU: utime + stime of the hub's threads
// (/proc/self/task) over the run, as a share of one core. Bytes per user: message bytes (topics included) on the
// clients' sockets, per second, averaged over users; out = presence + pings + requests, in = peers' presence +
// events + heartbeats + replies.
//
// Usage: bench_session [--seconds S] [--users N] [--hz H]
#include "core/log.h"
#include "net/hub/session_hub.h"
#include "net/session/presence.h"
#include "net/session_client/session_client.h"

#include <sys/resource.h>
#include <unistd.h>
#include <zmq.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace tv;
using namespace tv::net;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Config {
    double seconds = 10.0;
    int users = 32;
    double hz = 90.0;
};

struct Row {
    std::vector<double> latencyMs;
    uint64_t sent = 0, received = 0;
    double wallSeconds = 0.0;
    double processCpuSeconds = 0.0;
};

PresenceRecord typicalRecord(int user) {
    PresenceRecord r;
    r.userId = format("user-%02d", user);
    r.head.position = vec3(float(user), 1.7f, 0.0f);
    r.pointer = PresencePointer{vec3(float(user), 1.5f, 0.0f), vec3(0.0f, 0.0f, -1.0f), vec3(float(user), 1.0f, -4.0f)};
    r.selectionPath = "/plant/line-1/pump-01";
    return r;
}

double processCpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::set<int> threadIds() {
    std::set<int> ids;
    for (const auto& e : fs::directory_iterator("/proc/self/task")) ids.insert(std::atoi(e.path().filename().c_str()));
    return ids;
}

// utime + stime of one thread of this process, in seconds (0 when it is gone).
double threadCpuSeconds(int tid) {
    std::ifstream f(format("/proc/self/task/%d/stat", tid));
    std::string line;
    if (!std::getline(f, line)) return 0.0;
    size_t close = line.rfind(')'); // the thread name may contain spaces
    if (close == std::string::npos) return 0.0;
    std::vector<std::string> fields;
    size_t pos = close + 2;
    while (pos < line.size()) {
        size_t end = line.find(' ', pos);
        if (end == std::string::npos) end = line.size();
        fields.push_back(line.substr(pos, end - pos));
        pos = end + 1;
    }
    // After the name: state is field 3, utime 14, stime 15 (1-based) -> indices 11 and 12 here.
    if (fields.size() < 13) return 0.0;
    return double(std::atoll(fields[11].c_str()) + std::atoll(fields[12].c_str())) / double(sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0.0;
    size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    std::nth_element(v.begin(), v.begin() + long(i), v.end());
    return v[i];
}

// ------------------------------------------------------------------------------------------------ (a) raw fan-out

Row runRawFanOut(const Config& cfg) {
    zmq::context_t context(2);
    zmq::socket_t pub(context, zmq::socket_type::pub);
    pub.set(zmq::sockopt::linger, 0);
    pub.set(zmq::sockopt::sndhwm, 100000);
    pub.bind("tcp://127.0.0.1:*");
    const std::string endpoint = pub.get(zmq::sockopt::last_endpoint);
    std::vector<zmq::socket_t> subs;
    for (int u = 0; u < cfg.users; ++u) {
        subs.emplace_back(context, zmq::socket_type::sub);
        subs.back().set(zmq::sockopt::linger, 0);
        subs.back().set(zmq::sockopt::subscribe, "");
        subs.back().connect(endpoint);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // let every subscription reach the PUB

    std::vector<std::string> names;
    for (int u = 0; u < cfg.users; ++u) names.push_back(format("user-%02d", u));
    Row row;
    std::atomic<bool> stop{false};
    std::thread receiver([&] {
        std::vector<zmq::pollitem_t> items;
        for (auto& s : subs) items.push_back({s.handle(), 0, ZMQ_POLLIN, 0});
        while (!stop.load()) {
            zmq::poll(items, std::chrono::milliseconds(10));
            for (size_t i = 0; i < subs.size(); ++i) {
                zmq::message_t m;
                while (subs[i].recv(m, zmq::recv_flags::dontwait)) {
                    uint64_t now = wallClockUs();
                    auto r = decodePresence({static_cast<const uint8_t*>(m.data()), m.size()});
                    if (!r || r->userId == names[i]) continue; // a user's own record, as a client drops it
                    ++row.received;
                    row.latencyMs.push_back(double(now - r->sentTimeUs) / 1000.0);
                }
            }
        }
    });
    std::vector<PresenceRecord> records;
    for (int u = 0; u < cfg.users; ++u) records.push_back(typicalRecord(u));
    std::vector<uint8_t> bytes;
    const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / cfg.hz));
    const double cpu0 = processCpuSeconds();
    const auto start = Clock::now();
    auto next = start;
    while (Clock::now() - start < std::chrono::duration<double>(cfg.seconds)) {
        for (int u = 0; u < cfg.users; ++u) {
            PresenceRecord& r = records[size_t(u)];
            ++r.sequence;
            r.sentTimeUs = wallClockUs();
            if (!encodePresence(r, bytes)) continue;
            pub.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
            ++row.sent;
        }
        next += period;
        std::this_thread::sleep_until(next);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the last ones in flight
    stop.store(true);
    receiver.join();
    row.wallSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    row.processCpuSeconds = processCpuSeconds() - cpu0;
    return row;
}

// ------------------------------------------------------------------------------------------------ (b) hub

struct HubRow : Row {
    double hubCpuSeconds = 0.0;
    size_t hubThreads = 0;
    double bytesOutPerUser = 0.0, bytesInPerUser = 0.0; // per second
    uint64_t hubPresenceIn = 0, hubPresenceOut = 0, hubThrottled = 0;
    int joined = 0;
};

HubRow runThroughHub(const Config& cfg) {
    HubRow row;
    fs::path dir = fs::temp_directory_path() / format("tv-bench-session-%d", int(getpid()));
    fs::create_directories(dir);

    const std::set<int> before = threadIds();
    auto hubContext = std::make_unique<zmq::context_t>(1);
    HubOptions options;
    options.dbPath = (dir / "hub.sqlite").string();
    options.maxPresencePerSecond = uint32_t(cfg.hz * 2.0 + 10.0);
    auto started = SessionHub::start(*hubContext, options);
    if (!started) {
        std::fprintf(stderr, "bench_session: hub: %s\n", started.error().message.c_str());
        std::exit(1);
    }
    std::unique_ptr<SessionHub> hub = std::move(started.value());
    std::vector<int> hubTids;
    for (int tid : threadIds())
        if (!before.count(tid)) hubTids.push_back(tid);
    row.hubThreads = hubTids.size();

    zmq::context_t clientContext(2);
    std::vector<std::unique_ptr<SessionClient>> clients;
    for (int u = 0; u < cfg.users; ++u) {
        SessionClientOptions o;
        o.hubEndpoint = hub->endpoints().control;
        o.session = "bench";
        o.user = format("user-%02d", u);
        o.role = Role::Observer;
        o.presenceHz = cfg.hz;
        auto c = SessionClient::start(clientContext, o);
        if (!c) {
            std::fprintf(stderr, "bench_session: client: %s\n", c.error().message.c_str());
            std::exit(1);
        }
        clients.push_back(std::move(c.value()));
        clients.back()->setPresence(typicalRecord(u));
    }
    // Everyone joined and seeing everyone (so no record is lost to a subscription still on its way).
    SessionUpdate update;
    const auto joinDeadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < joinDeadline) {
        int ready = 0;
        for (auto& c : clients) {
            c->poll(update);
            if (c->status().state == SessionLinkState::Joined && c->state().online().size() == size_t(cfg.users))
                ++ready;
        }
        row.joined = ready;
        if (ready == cfg.users) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (auto& c : clients) c->poll(update); // discard the warm-up

    std::vector<SessionClientStatus> start0;
    for (auto& c : clients) start0.push_back(c->status());
    std::vector<double> hubCpu0;
    for (int tid : hubTids) hubCpu0.push_back(threadCpuSeconds(tid));
    const HubCounters counters0 = hub->counters();
    const double cpu0 = processCpuSeconds();
    const auto start = Clock::now();
    while (Clock::now() - start < std::chrono::duration<double>(cfg.seconds)) {
        for (auto& c : clients) {
            c->poll(update);
            for (const PeerPresence& p : update.presence) {
                ++row.received;
                row.latencyMs.push_back(double(int64_t(p.receivedUs - p.record.sentTimeUs)) / 1000.0);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    row.wallSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    row.processCpuSeconds = processCpuSeconds() - cpu0;
    for (size_t i = 0; i < hubTids.size(); ++i) row.hubCpuSeconds += threadCpuSeconds(hubTids[i]) - hubCpu0[i];
    const HubCounters counters1 = hub->counters();
    row.hubPresenceIn = counters1.presenceIn - counters0.presenceIn;
    row.hubPresenceOut = counters1.presenceOut - counters0.presenceOut;
    row.hubThrottled = counters1.presenceThrottled - counters0.presenceThrottled;
    // Records still queued at the end were sent in the window but not counted: count sends over the same window.
    for (size_t i = 0; i < clients.size(); ++i) {
        SessionClientStatus s = clients[i]->status();
        row.sent += s.presenceSent - start0[i].presenceSent;
        row.bytesOutPerUser += double(s.bytesSent - start0[i].bytesSent);
        row.bytesInPerUser += double(s.bytesReceived - start0[i].bytesReceived);
    }
    row.bytesOutPerUser /= double(clients.size()) * row.wallSeconds;
    row.bytesInPerUser /= double(clients.size()) * row.wallSeconds;

    clients.clear();
    hub.reset();
    hubContext.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
    return row;
}

void printRow(const char* name, Row& row, int users) {
    const double expected = double(row.sent) * double(users - 1);
    const double p50 = percentile(row.latencyMs, 0.50);
    const double p99 = percentile(row.latencyMs, 0.99);
    const double max = row.latencyMs.empty() ? 0.0 : *std::max_element(row.latencyMs.begin(), row.latencyMs.end());
    std::printf("%-22s %9.2f %9.2f %9.2f %12.1f%% %12.0f %10.0f%%\n", name, p50, p99, max,
                expected > 0 ? 100.0 * double(row.received) / expected : 0.0, double(row.received) / row.wallSeconds,
                100.0 * row.processCpuSeconds / row.wallSeconds);
}

} // namespace

int main(int argc, char** argv) {
    Config cfg;
    for (int i = 1; i < argc; ++i) {
        auto value = [&](double& out) {
            if (i + 1 >= argc || std::atof(argv[i + 1]) <= 0.0) return false;
            out = std::atof(argv[++i]);
            return true;
        };
        double users = 0.0;
        bool ok = false;
        if (std::strcmp(argv[i], "--seconds") == 0)
            ok = value(cfg.seconds);
        else if (std::strcmp(argv[i], "--hz") == 0)
            ok = value(cfg.hz) && cfg.hz >= 30.0;
        else if (std::strcmp(argv[i], "--users") == 0 && value(users)) {
            cfg.users = int(users);
            ok = cfg.users >= 2;
        }
        if (!ok) {
            std::fprintf(stderr, "usage: bench_session [--seconds S] [--users N>=2] [--hz H>=30]\n");
            return 2;
        }
    }
    setLogLevel(LogLevel::Warn);
    std::printf("bench_session: %d users x %.0f Hz presence, %.0f s per row, %u hardware threads\n", cfg.users, cfg.hz,
                cfg.seconds, std::thread::hardware_concurrency());
    std::printf("record: %zu bytes (desktop user, pointer with hit, selection path)\n", [] {
        std::vector<uint8_t> b;
        PresenceRecord r = typicalRecord(0);
        r.sentTimeUs = 1;
        (void)encodePresence(r, b);
        return b.size();
    }());

    Row raw = runRawFanOut(cfg);
    HubRow viaHub = runThroughHub(cfg);

    std::printf("\n%-22s %9s %9s %9s %13s %12s %11s\n", "path", "p50 ms", "p99 ms", "max ms", "delivered", "records/s",
                "proc CPU");
    printRow("(a) raw PUB/SUB fan-out", raw, cfg.users);
    printRow("(b) through the hub", viaHub, cfg.users);
    std::printf("\nhub (b): %d/%d users joined; %zu hub threads (session loop and its ZeroMQ I/O; no twin feed)\n",
                viaHub.joined, cfg.users, viaHub.hubThreads);
    std::printf("hub CPU: %.2f s over %.2f s = %.1f%% of one core (%.1f%% of the process's CPU)\n",
                viaHub.hubCpuSeconds, viaHub.wallSeconds, 100.0 * viaHub.hubCpuSeconds / viaHub.wallSeconds,
                viaHub.processCpuSeconds > 0 ? 100.0 * viaHub.hubCpuSeconds / viaHub.processCpuSeconds : 0.0);
    std::printf("hub presence: in %.0f/s, out %.0f/s, throttled %llu\n",
                double(viaHub.hubPresenceIn) / viaHub.wallSeconds, double(viaHub.hubPresenceOut) / viaHub.wallSeconds,
                (unsigned long long)viaHub.hubThrottled);
    std::printf("bytes per user per second: out %.1f kB/s, in %.1f kB/s (message bytes incl. topics)\n",
                viaHub.bytesOutPerUser / 1000.0, viaHub.bytesInPerUser / 1000.0);
    const double p50Raw = percentile(raw.latencyMs, 0.5), p50Hub = percentile(viaHub.latencyMs, 0.5);
    if (p50Raw > 0) std::printf("latency ratio hub/raw (p50): %.1fx\n", p50Hub / p50Raw);
    return 0;
}
