// Internal to net/hub: the state of a running SessionHub, shared by session_hub.cpp (sockets, the loop, joins,
// presence, timeouts, heartbeats, commands) and hub_requests.cpp (snapshots and state-changing requests). Not a
// public header. Everything except the atomics and the command queue belongs to the hub thread.
#pragma once

#include "net/hub/session_hub.h"
#include "net/relay/feed_relay.h"
#include "net/session/session_protocol.h"
#include "net/session/session_store.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>
#include <zmq.hpp>

namespace tv::net {

namespace hub {

using Clock = std::chrono::steady_clock;

// One joined viewer connection, keyed by its ROUTER routing id.
struct Connection {
    std::string routingId;
    std::string session;
    std::string user;
    Role role = Role::Observer;
    DeviceKind device = DeviceKind::Desktop;
    uint64_t instanceId = 0;
    Clock::time_point lastHeard;
    float rttMs = 0.0f;
    Clock::time_point presenceWindowStart; // flood guard: records counted per one-second window
    uint32_t presenceInWindow = 0;
};

// Per-session state that is not stored: the event sequence of this epoch, who leads and the shared moment (a
// restarted hub is live again: docs/session-protocol.md).
struct SessionRuntime {
    uint64_t sequence = 0;
    std::string leader;
    SharedMoment moment; // updated by publishEvent() when a MomentChanged event is sequenced
};

// A command outcome handed from the relay's thread back to the hub thread.
struct CommandDone {
    std::string routingId;
    uint64_t requestId = 0;
    std::string session;
    std::string user;
    std::string target;
    std::string detail;
    CommandResult result;
};

struct CommandQueue {
    std::mutex mutex;
    std::deque<CommandDone> done;
};

struct AtomicCounters {
    std::atomic<uint64_t> joins{0}, refusedJoins{0}, requests{0}, denied{0}, commands{0}, presenceIn{0}, presenceOut{0},
        malformed{0}, spoofed{0}, timeouts{0}, presenceThrottled{0}, notJoined{0};
};

} // namespace hub

struct SessionHub::Impl {
    Impl(zmq::context_t& ctx, HubOptions opts) : context(ctx), options(std::move(opts)) {}

    zmq::context_t& context;
    HubOptions options;
    HubEndpoints endpoints;
    uint32_t epoch = 0;

    std::unique_ptr<SessionStore> store;
    std::unique_ptr<ZapAuthenticator> zap;
    std::unique_ptr<FeedRelay> relay;
    zmq::socket_t control;
    zmq::socket_t events;

    std::thread thread;
    std::atomic<bool> stopFlag{false};
    hub::AtomicCounters counters;
    std::shared_ptr<hub::CommandQueue> commandQueue = std::make_shared<hub::CommandQueue>();

    // Hub thread only.
    std::map<std::string, hub::Connection> connections; // routing id -> member connection
    std::map<std::string, hub::SessionRuntime> sessions;
    std::set<std::string> loggedProblems; // "routing id|problem": each logged once per peer
    std::vector<uint8_t> scratch;

    // session_hub.cpp
    void defaultRoleCapped(); // defaultRole never above maxKeylessRole
    void run();
    void handleFrame(const std::string& routingId, zmq::message_t& body);
    void handleJoin(const std::string& routingId, const JoinMsg& join, const std::string& zapUser);
    void handlePresence(const std::string& routingId, std::span<const uint8_t> bytes);
    void handleCommand(hub::Connection& conn, const CommandMsg& command);
    void drainCommandResults();
    void checkTimeouts();
    void sendHeartbeats();
    void removeConnection(const std::string& routingId, MemberLeftReason reason);

    // hub_requests.cpp
    void handleSnapshotRequest(hub::Connection& conn);
    void handleRequest(hub::Connection& conn, const RequestMsg& request);

    // Helpers (session_hub.cpp)
    void reply(const std::string& routingId, const SessionMessage& message);
    void publishEvent(const std::string& session, SessionEvent event);
    void audit(const std::string& session, const std::string& user, const std::string& action,
               const std::string& target, const std::string& detail, const std::string& result);
    void log(const std::string& line);
    void logProblemOnce(const std::string& routingId, const std::string& problem, const std::string& detail);
};

} // namespace tv::net
