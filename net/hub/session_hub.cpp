// SessionHub: start/stop, the hub thread's loop, joins and leaves, presence relay, timeouts, heartbeats and
// commands. Requests that change session state and snapshots are in hub_requests.cpp.
#include "net/hub/hub_impl.h"

#include "core/log.h"
#include "net/session/presence.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace tv::net {

using namespace hub;

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(20); // bounds stop() and the command-result hand-off
constexpr auto kTimeoutCheckInterval = std::chrono::milliseconds(100);
constexpr size_t kMaxLoggedProblems = 4096; // a peer cycling routing ids must not grow the set without bound
constexpr size_t kMaxFramesPerWake = 512;   // fairness: timeouts and heartbeats run even under a flood

// Distinct, readable on dark and light backgrounds; a returning user keeps the colour the store remembers.
constexpr uint32_t kPalette[] = {0xe6194b, 0x3cb44b, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0,
                                 0xf032e6, 0xbcf60c, 0xfabebe, 0x008080, 0xe6beff, 0x9a6324};

std::string connectableEndpoint(std::string endpoint) {
    for (const char* any : {"tcp://0.0.0.0:", "tcp://*:"}) {
        std::string_view prefix(any);
        if (endpoint.compare(0, prefix.size(), prefix) == 0) return "tcp://127.0.0.1:" + endpoint.substr(prefix.size());
    }
    return endpoint;
}

std::string bindAddress(const std::string& host, uint16_t port, int offset) {
    if (port == 0) return format("tcp://%s:*", host.c_str());
    return format("tcp://%s:%u", host.c_str(), unsigned(port) + unsigned(offset));
}

Expected<std::string> bindSocket(zmq::socket_t& socket, const std::string& endpoint) {
    try {
        socket.bind(endpoint);
        return connectableEndpoint(socket.get(zmq::sockopt::last_endpoint));
    } catch (const zmq::error_t& e) {
        return makeError(ErrorCode::Network, format("cannot bind %s: %s", endpoint.c_str(), e.what()));
    }
}

uint32_t randomEpoch() {
    std::random_device rd;
    uint32_t e = 0;
    while (e == 0) e = rd() ^ uint32_t(wallClockUs());
    return e;
}

// Rank: presenter > operator > observer. The enum runs the other way, so "the lesser role" is the larger value.
Role lesserRole(Role a, Role b) { return uint8_t(a) >= uint8_t(b) ? a : b; }

std::string hexId(const std::string& routingId) {
    std::string out;
    for (unsigned char c : routingId) out += format("%02x", c);
    return out;
}

std::string commandText(const CommandMsg& cmd) {
    std::string text = cmd.verb;
    for (const OwnedCommandArg& arg : cmd.args) text += " " + arg.name + "=" + arg.value.toDisplayString();
    return text;
}

// The twin learns who sent a command from the hub, never from the viewer: `by` is replaced by the member's user
// name (a twin records who acknowledged an alarm). Nullopt when stamping would exceed the feed's argument cap.
std::optional<std::vector<OwnedCommandArg>> stampedArgs(const CommandMsg& cmd, const std::string& user) {
    std::vector<OwnedCommandArg> args;
    args.reserve(cmd.args.size() + 1);
    for (const OwnedCommandArg& arg : cmd.args)
        if (arg.name != kCommandByArg) args.push_back(arg);
    if (args.size() >= kSessionMaxCommandArgs) return std::nullopt;
    OwnedCommandArg by;
    by.name = kCommandByArg;
    by.value.type = ValueType::String;
    by.value.text = user;
    args.push_back(std::move(by));
    return args;
}

std::string commandResultText(const CommandResult& r) {
    switch (r.outcome) {
    case CommandOutcome::Accepted: return "accepted";
    case CommandOutcome::Rejected: return "rejected: " + r.reason;
    case CommandOutcome::Failed: return "failed: " + r.reason;
    case CommandOutcome::TimedOut: return "timed out";
    case CommandOutcome::NotSent: return "not sent: " + r.reason;
    case CommandOutcome::Pending: break;
    }
    return "pending";
}

} // namespace

// ------------------------------------------------------------------------------------------------------- start

Expected<std::unique_ptr<SessionHub>> SessionHub::start(zmq::context_t& context, HubOptions options) {
    if (options.dbPath.empty()) return makeError(ErrorCode::InvalidArgument, "hub: no database path given");
    if (options.bindHost.empty()) return makeError(ErrorCode::InvalidArgument, "hub: no bind host given");
    if (options.port > 65532)
        return makeError(ErrorCode::InvalidArgument,
                         format("hub: port %u leaves no room for the three ports after it", options.port));
    auto impl = std::make_unique<Impl>(context, std::move(options));
    HubOptions& o = impl->options;
    impl->defaultRoleCapped();

    auto store = SessionStore::open(o.dbPath);
    if (!store) return makeError(store.error().code, "hub: session store: " + store.error().message);
    impl->store = std::move(*store);
    impl->epoch = randomEpoch();

    if (o.curve.enabled()) {
        auto zap = ZapAuthenticator::start(context, o.allow);
        if (!zap) return makeError(zap.error().code, "hub: ZAP authenticator: " + zap.error().message);
        impl->zap = std::move(*zap);
    }

    try {
        impl->control = zmq::socket_t(context, zmq::socket_type::router);
        impl->events = zmq::socket_t(context, zmq::socket_type::pub);
        for (zmq::socket_t* s : {&impl->control, &impl->events}) {
            s->set(zmq::sockopt::linger, 0);
            s->set(zmq::sockopt::sndhwm, 20000);
            if (auto ok = applyCurveServer(*s, o.curve); !ok)
                return makeError(ok.error().code, "hub: " + ok.error().message);
        }
        impl->control.set(zmq::sockopt::rcvhwm, 20000);
        // libzmq drops the connection of a peer that sends more: the cheapest first line against hostile sizes.
        impl->control.set(zmq::sockopt::maxmsgsize, int64_t(kSessionMaxMessageBytes));
        impl->control.set(zmq::sockopt::router_mandatory, 0);
    } catch (const zmq::error_t& e) { return makeError(ErrorCode::Network, format("hub: socket setup: %s", e.what())); }
    auto control = bindSocket(impl->control, bindAddress(o.bindHost, o.port, 0));
    if (!control) return makeError(control.error().code, "hub: control socket: " + control.error().message);
    auto events = bindSocket(impl->events, bindAddress(o.bindHost, o.port, 1));
    if (!events) return makeError(events.error().code, "hub: events socket: " + events.error().message);
    impl->endpoints.control = *control;
    impl->endpoints.events = *events;

    if (o.upstreamFeed) {
        RelayOptions ro;
        ro.name = "hub-relay";
        ro.upstream = *o.upstreamFeed;
        ro.bind.updates = bindAddress(o.bindHost, o.port, 2);
        ro.bind.snapshot = bindAddress(o.bindHost, o.port, 3);
        ro.downstreamCurve = o.curve;
        auto relay = FeedRelay::start(context, std::move(ro));
        if (!relay) return makeError(relay.error().code, "hub: feed relay: " + relay.error().message);
        impl->relay = std::move(*relay);
        impl->endpoints.feed = impl->relay->boundEndpoints();
        impl->endpoints.feed.commands.clear();
    }

    Impl* raw = impl.get();
    impl->thread = std::thread([raw] { raw->run(); });
    return std::unique_ptr<SessionHub>(new SessionHub(std::move(impl)));
}

SessionHub::SessionHub(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

SessionHub::~SessionHub() {
    m_impl->stopFlag.store(true);
    if (m_impl->thread.joinable()) m_impl->thread.join();
    // The relay first: its destructor completes pending commands (into the queue nobody drains any more).
    m_impl->relay.reset();
    m_impl->control.close();
    m_impl->events.close();
    m_impl->zap.reset();
    if (m_impl->store) m_impl->store->adoptCurrentThread();
    m_impl->store.reset();
}

const HubEndpoints& SessionHub::endpoints() const { return m_impl->endpoints; }
uint32_t SessionHub::epoch() const { return m_impl->epoch; }

HubCounters SessionHub::counters() const {
    const AtomicCounters& c = m_impl->counters;
    HubCounters out;
    out.joins = c.joins.load();
    out.refusedJoins = c.refusedJoins.load();
    out.requests = c.requests.load();
    out.denied = c.denied.load();
    out.commands = c.commands.load();
    out.presenceIn = c.presenceIn.load();
    out.presenceOut = c.presenceOut.load();
    out.malformed = c.malformed.load();
    out.spoofed = c.spoofed.load();
    out.timeouts = c.timeouts.load();
    out.presenceThrottled = c.presenceThrottled.load();
    out.notJoined = c.notJoined.load();
    return out;
}

// ------------------------------------------------------------------------------------------------------- loop

void SessionHub::Impl::defaultRoleCapped() {
    options.defaultRole = lesserRole(options.defaultRole, options.maxKeylessRole);
}

void SessionHub::Impl::run() {
    store->adoptCurrentThread();
    auto nextTimeoutCheck = Clock::now() + kTimeoutCheckInterval;
    auto nextHeartbeat = Clock::now() + std::chrono::milliseconds(options.heartbeatMs);
    while (!stopFlag.load()) {
        try {
            zmq::pollitem_t items[] = {{control.handle(), 0, ZMQ_POLLIN, 0}};
            zmq::poll(items, 1, kPollInterval);
            for (size_t n = 0; n < kMaxFramesPerWake; ++n) {
                std::vector<zmq::message_t> parts;
                zmq::message_t part;
                if (!control.recv(part, zmq::recv_flags::dontwait)) break;
                parts.push_back(std::move(part));
                while (parts.back().more() && parts.size() < 8) {
                    zmq::message_t next;
                    if (!control.recv(next, zmq::recv_flags::dontwait)) break;
                    parts.push_back(std::move(next));
                }
                while (parts.back().more()) { // drain the rest of an over-long multipart message
                    zmq::message_t rest;
                    if (!control.recv(rest, zmq::recv_flags::dontwait)) break;
                }
                const std::string routingId = parts[0].to_string();
                if (parts.size() != 2) {
                    counters.malformed++;
                    logProblemOnce(routingId, "framing", format("%zu frames instead of one", parts.size() - 1));
                    continue;
                }
                handleFrame(routingId, parts[1]);
            }
        } catch (const zmq::error_t& e) {
            if (e.num() == ETERM) break;
            logWarn("hub: socket error: %s", e.what());
        } catch (const std::exception& e) {
            // Nothing a peer sends may stop the hub: log and carry on with the next frame.
            logError("hub: unexpected error handling a message: %s", e.what());
        }
        drainCommandResults();
        const auto now = Clock::now();
        if (now >= nextTimeoutCheck) {
            checkTimeouts();
            nextTimeoutCheck = now + kTimeoutCheckInterval;
        }
        if (now >= nextHeartbeat) {
            sendHeartbeats();
            nextHeartbeat = now + std::chrono::milliseconds(options.heartbeatMs);
        }
    }
}

void SessionHub::Impl::handleFrame(const std::string& routingId, zmq::message_t& body) {
    const std::span<const uint8_t> bytes(static_cast<const uint8_t*>(body.data()), body.size());
    if (bytes.size() >= 4 && std::memcmp(bytes.data(), kPresenceMagic, 4) == 0) {
        handlePresence(routingId, bytes);
        return;
    }
    auto decoded = decodeSessionMessage(bytes);
    if (!decoded) {
        counters.malformed++;
        const DecodeFailure& f = decoded.error();
        logProblemOnce(routingId, decodeErrorName(f.code),
                       format("%s at byte %zu: %s", decodeErrorName(f.code), f.offset, f.message.c_str()));
        // A join the hub cannot read still deserves an answer, so a viewer with a bad session name learns why.
        if (peekSessionMessageKind(bytes) == SessionMsgKind::Join) {
            counters.refusedJoins++;
            JoinReplyMsg refusal;
            refusal.reason = "malformed join: " + f.message;
            if (refusal.reason.size() > kSessionMaxTextBytes) refusal.reason.resize(kSessionMaxTextBytes);
            reply(routingId, refusal);
        }
        return;
    }
    SessionMessage& message = *decoded;
    if (auto* join = std::get_if<JoinMsg>(&message)) {
        handleJoin(routingId, *join, options.curve.enabled() ? messageUserId(body) : std::string());
        return;
    }
    if (auto* ping = std::get_if<PingMsg>(&message)) {
        reply(routingId, PongMsg{ping->clientTimeUs});
        if (auto it = connections.find(routingId); it != connections.end()) {
            it->second.rttMs = ping->lastRttMs;
            it->second.lastHeard = Clock::now();
        }
        return;
    }
    auto it = connections.find(routingId);
    if (it == connections.end()) {
        counters.notJoined++;
        if (auto* req = std::get_if<RequestMsg>(&message)) {
            reply(routingId, ReplyMsg{req->requestId, ReplyStatus::Invalid, "not joined", 0});
        } else if (auto* cmd = std::get_if<CommandMsg>(&message)) {
            reply(routingId, CommandReplyMsg{cmd->requestId, CommandOutcome::NotSent, "not joined"});
        } else if (std::holds_alternative<SnapshotRequestMsg>(message)) {
            reply(routingId, ReplyMsg{0, ReplyStatus::Invalid, "not joined", 0});
        }
        return;
    }
    Connection& conn = it->second;
    conn.lastHeard = Clock::now();
    switch (sessionMessageKind(message)) {
    case SessionMsgKind::Leave: removeConnection(routingId, MemberLeftReason::Left); break;
    case SessionMsgKind::SnapshotRequest: handleSnapshotRequest(conn); break;
    case SessionMsgKind::Request: handleRequest(conn, std::get<RequestMsg>(message)); break;
    case SessionMsgKind::Command: handleCommand(conn, std::get<CommandMsg>(message)); break;
    default:
        // Hub-to-viewer kinds sent to the hub: not a protocol a viewer speaks.
        counters.malformed++;
        logProblemOnce(
            routingId, "direction",
            format("a %s message, which only the hub sends", sessionMsgKindName(sessionMessageKind(message))));
        break;
    }
}

// ------------------------------------------------------------------------------------------------------- joins

void SessionHub::Impl::handleJoin(const std::string& routingId, const JoinMsg& join, const std::string& zapUser) {
    auto refuse = [&](const std::string& reason) {
        counters.refusedJoins++;
        JoinReplyMsg refusal;
        refusal.reason = reason;
        reply(routingId, refusal);
        log(format("hub: join to \"%s\" refused: %s", join.session.c_str(), reason.c_str()));
    };
    std::string user = join.user;
    Role role = join.role.value_or(options.defaultRole);
    if (options.curve.enabled()) {
        // The key decides who this is, never the message: the ZAP handler put the allow list's user on the frame.
        const AllowedKey* allowed = nullptr;
        for (const auto& [key, entry] : options.allow)
            if (entry.user == zapUser) {
                allowed = &entry;
                break;
            }
        if (zapUser.empty() || !allowed) return refuse("this key is not on the hub's allow list");
        if (!isValidUserName(zapUser)) return refuse("the allow list's user name for this key is not valid");
        user = zapUser;
        const std::optional<Role> cap = parseRole(allowed->role);
        if (!cap)
            logProblemOnce(
                routingId, "allow-role",
                format("allow list role \"%s\" of %s is unknown: observer", allowed->role.c_str(), user.c_str()));
        role = lesserRole(role, cap.value_or(Role::Observer));
    } else {
        role = lesserRole(role, options.maxKeylessRole);
    }

    const uint64_t now = wallClockUs();
    auto has = store->hasSession(join.session);
    if (!has) return refuse("the hub's store failed: " + has.error().message);
    if (!*has) {
        if (auto ok = store->createSession(join.session, now); !ok)
            return refuse("the hub's store failed: " + ok.error().message);
    }
    auto members = store->listMembers(join.session);
    if (!members) return refuse("the hub's store failed: " + members.error().message);
    uint32_t colour = 0;
    bool known = false;
    std::set<uint32_t> used;
    for (const Member& m : *members) {
        used.insert(m.colour);
        if (m.user == user) {
            colour = m.colour;
            known = true;
        }
    }
    if (!known) {
        colour = kPalette[members->size() % std::size(kPalette)];
        for (uint32_t c : kPalette)
            if (!used.count(c)) {
                colour = c;
                break;
            }
    }

    // This routing id was someone else (or in another session): that membership ends here.
    if (auto it = connections.find(routingId); it != connections.end()) {
        if (it->second.session != join.session || it->second.user != user)
            removeConnection(routingId, MemberLeftReason::Left);
        else
            connections.erase(it); // the same member joining again on the same connection: no one left
    }
    // The same user on another connection: the newer one wins.
    for (auto it = connections.begin(); it != connections.end();) {
        if (it->second.session == join.session && it->second.user == user) {
            const std::string oldId = it->first;
            const bool sameInstance = it->second.instanceId == join.instanceId;
            ++it;
            if (sameInstance) {
                connections.erase(oldId); // a reconnect of the same viewer: it never left
            } else {
                log(format("hub: %s in \"%s\" replaced by a newer connection", user.c_str(), join.session.c_str()));
                removeConnection(oldId, MemberLeftReason::Replaced);
            }
        } else {
            ++it;
        }
    }

    Member member;
    member.user = user;
    member.role = role;
    member.device = join.device;
    member.colour = colour;
    member.firstSeenUs = now;
    member.lastSeenUs = now;
    auto stored = store->joinMember(join.session, member);
    if (!stored) return refuse("the hub's store failed: " + stored.error().message);

    Connection conn;
    conn.routingId = routingId;
    conn.session = join.session;
    conn.user = user;
    conn.role = role;
    conn.device = join.device;
    conn.instanceId = join.instanceId;
    conn.lastHeard = Clock::now();
    conn.presenceWindowStart = conn.lastHeard;
    connections[routingId] = conn;
    sessions[join.session]; // the runtime (sequence, leader) exists from the first join on

    JoinReplyMsg ok;
    ok.accepted = true;
    ok.user = user;
    ok.role = role;
    ok.colour = colour;
    ok.epoch = epoch;
    ok.eventsEndpoint = endpoints.events;
    ok.feedUpdates = endpoints.feed.updates;
    ok.feedSnapshot = endpoints.feed.snapshot;
    ok.presenceTimeoutMs = options.presenceTimeoutMs;
    reply(routingId, ok);
    counters.joins++;

    SessionEvent ev;
    ev.kind = SessionEventKind::MemberJoined;
    ev.by = user;
    ev.member = *stored;
    publishEvent(join.session, ev);
    const std::string detail = format("%s, %s", roleName(role), deviceKindName(join.device));
    audit(join.session, user, "join", "", detail, "accepted");
    log(format("hub: %s joined \"%s\" as %s", user.c_str(), join.session.c_str(), detail.c_str()));
}

void SessionHub::Impl::removeConnection(const std::string& routingId, MemberLeftReason reason) {
    auto it = connections.find(routingId);
    if (it == connections.end()) return;
    const Connection conn = it->second;
    connections.erase(it);
    const uint64_t now = wallClockUs();
    if (auto ok = store->touchMember(conn.session, conn.user, now); !ok)
        logWarn("hub: cannot record when %s was last seen: %s", conn.user.c_str(), ok.error().message.c_str());
    SessionEvent ev;
    ev.kind = SessionEventKind::MemberLeft;
    ev.user = conn.user;
    ev.leftReason = reason;
    publishEvent(conn.session, ev);
    const char* action = reason == MemberLeftReason::TimedOut ? "timeout" : "leave";
    audit(conn.session, conn.user, action, "", memberLeftReasonName(reason), "ok");
    if (reason != MemberLeftReason::Replaced)
        log(format("hub: %s left \"%s\" (%s)", conn.user.c_str(), conn.session.c_str(), memberLeftReasonName(reason)));

    // A leader who is gone cannot be followed (unless the same user is still here on a newer connection).
    SessionRuntime& rt = sessions[conn.session];
    if (rt.leader == conn.user && reason != MemberLeftReason::Replaced) {
        const bool stillHere = std::any_of(connections.begin(), connections.end(), [&](const auto& kv) {
            return kv.second.session == conn.session && kv.second.user == conn.user;
        });
        if (!stillHere) {
            rt.leader.clear();
            SessionEvent follow;
            follow.kind = SessionEventKind::FollowChanged;
            publishEvent(conn.session, follow);
        }
    }
}

// ------------------------------------------------------------------------------------------------------- presence

void SessionHub::Impl::handlePresence(const std::string& routingId, std::span<const uint8_t> bytes) {
    auto it = connections.find(routingId);
    if (it == connections.end()) {
        counters.notJoined++; // the client rejoins when its requests are answered "not joined"
        return;
    }
    Connection& conn = it->second;
    auto record = decodePresence(bytes);
    if (!record) {
        counters.malformed++;
        logProblemOnce(routingId, "presence", format("presence record: %s", record.error().message.c_str()));
        return;
    }
    if (record->userId != conn.user) {
        counters.spoofed++;
        logProblemOnce(routingId, "spoofed",
                       format("%s sent presence as \"%s\"", conn.user.c_str(), record->userId.c_str()));
        return;
    }
    const auto now = Clock::now();
    conn.lastHeard = now;
    if (now - conn.presenceWindowStart >= std::chrono::seconds(1)) {
        conn.presenceWindowStart = now;
        conn.presenceInWindow = 0;
    }
    if (++conn.presenceInWindow > options.maxPresencePerSecond) {
        counters.presenceThrottled++;
        return;
    }
    counters.presenceIn++;
    const std::string topic = sessionPresenceTopic(conn.session);
    try {
        events.send(zmq::const_buffer(topic.data(), topic.size()),
                    zmq::send_flags::sndmore | zmq::send_flags::dontwait);
        events.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
        counters.presenceOut++;
    } catch (const zmq::error_t& e) { logWarn("hub: presence relay failed: %s", e.what()); }
}

// ------------------------------------------------------------------------------------------------------- commands

void SessionHub::Impl::handleCommand(Connection& conn, const CommandMsg& command) {
    counters.commands++;
    const std::string detail = commandText(command);
    if (!mayPerform(conn.role, SessionAction::SendCommand)) {
        counters.denied++;
        const std::string reason = std::string("denied: ") + denialReason(conn.role, SessionAction::SendCommand);
        reply(conn.routingId, CommandReplyMsg{command.requestId, CommandOutcome::Rejected, reason});
        audit(conn.session, conn.user, "command", command.target, detail, reason);
        log(format("hub: command from %s %s", conn.user.c_str(), reason.c_str()));
        return;
    }
    if (!relay) {
        const std::string reason = "the hub has no twin feed";
        reply(conn.routingId, CommandReplyMsg{command.requestId, CommandOutcome::NotSent, reason});
        audit(conn.session, conn.user, "command", command.target, detail, "not sent: " + reason);
        return;
    }
    auto args = stampedArgs(command, conn.user);
    if (!args) {
        const std::string reason = format("a command carries at most %zu arguments besides \"by\", which the hub sets",
                                          kSessionMaxCommandArgs - 1);
        reply(conn.routingId, CommandReplyMsg{command.requestId, CommandOutcome::NotSent, reason});
        audit(conn.session, conn.user, "command", command.target, detail, "not sent: " + reason);
        return;
    }
    CommandDone pending;
    pending.routingId = conn.routingId;
    pending.requestId = command.requestId;
    pending.session = conn.session;
    pending.user = conn.user;
    pending.target = command.target;
    pending.detail = detail;
    // The relay calls back on its own thread: hand the outcome to the hub thread, which owns the sockets and store.
    std::weak_ptr<CommandQueue> queue = commandQueue;
    relay->forwardCommand(command.target, command.verb, std::move(*args), command.timeoutMs,
                          [queue, pending](const CommandResult& result) mutable {
                              auto q = queue.lock();
                              if (!q) return;
                              pending.result = result;
                              std::lock_guard lock(q->mutex);
                              q->done.push_back(std::move(pending));
                          });
}

void SessionHub::Impl::drainCommandResults() {
    std::deque<CommandDone> done;
    {
        std::lock_guard lock(commandQueue->mutex);
        done.swap(commandQueue->done);
    }
    for (const CommandDone& d : done) {
        CommandOutcome outcome =
            d.result.outcome == CommandOutcome::Pending ? CommandOutcome::Failed : d.result.outcome;
        std::string reason = d.result.reason;
        if (reason.size() > kSessionMaxTextBytes) reason.resize(kSessionMaxTextBytes);
        reply(d.routingId, CommandReplyMsg{d.requestId, outcome, reason});
        audit(d.session, d.user, "command", d.target, d.detail, commandResultText(d.result));
    }
}

// ------------------------------------------------------------------------------------------------------- timers

void SessionHub::Impl::checkTimeouts() {
    const auto now = Clock::now();
    const auto limit = std::chrono::milliseconds(options.presenceTimeoutMs);
    std::vector<std::string> silent;
    for (const auto& [id, conn] : connections)
        if (now - conn.lastHeard > limit) silent.push_back(id);
    for (const std::string& id : silent) {
        counters.timeouts++;
        removeConnection(id, MemberLeftReason::TimedOut);
    }
}

void SessionHub::Impl::sendHeartbeats() {
    std::map<std::string, std::vector<MemberLatency>> online;
    for (const auto& [id, conn] : connections) {
        auto& list = online[conn.session];
        if (list.size() < kSessionMaxLatencies) list.push_back({conn.user, conn.rttMs});
    }
    const uint64_t now = wallClockUs();
    for (auto& [session, latencies] : online) {
        HeartbeatMsg hb{session, epoch, sessions[session].sequence, now, std::move(latencies)};
        if (auto ok = encodeSessionMessage(hb, scratch); !ok) {
            logWarn("hub: heartbeat of \"%s\" not sent: %s", session.c_str(), ok.error().message.c_str());
            continue;
        }
        const std::string topic = sessionEventsTopic(session);
        try {
            events.send(zmq::const_buffer(topic.data(), topic.size()),
                        zmq::send_flags::sndmore | zmq::send_flags::dontwait);
            events.send(zmq::const_buffer(scratch.data(), scratch.size()), zmq::send_flags::dontwait);
        } catch (const zmq::error_t& e) { logWarn("hub: heartbeat failed: %s", e.what()); }
    }
}

// ------------------------------------------------------------------------------------------------------- helpers

void SessionHub::Impl::reply(const std::string& routingId, const SessionMessage& message) {
    std::vector<uint8_t> bytes;
    if (auto ok = encodeSessionMessage(message, bytes); !ok) {
        // Only a hub bug gets here (every field the hub fills is validated on the way in).
        logError("hub: cannot encode a %s reply: %s", sessionMsgKindName(sessionMessageKind(message)),
                 ok.error().message.c_str());
        return;
    }
    try {
        control.send(zmq::const_buffer(routingId.data(), routingId.size()),
                     zmq::send_flags::sndmore | zmq::send_flags::dontwait);
        control.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
    } catch (const zmq::error_t& e) { logWarn("hub: reply to %s failed: %s", hexId(routingId).c_str(), e.what()); }
}

void SessionHub::Impl::publishEvent(const std::string& session, SessionEvent event) {
    SessionRuntime& rt = sessions[session];
    EventMsg msg{session, epoch, rt.sequence + 1, wallClockUs(), std::move(event)};
    std::vector<uint8_t> bytes;
    if (auto ok = encodeSessionMessage(msg, bytes); !ok) {
        logError("hub: cannot encode a %s event: %s", sessionEventKindName(msg.event.kind), ok.error().message.c_str());
        return;
    }
    rt.sequence = msg.sequence;
    if (msg.event.kind == SessionEventKind::MomentChanged) // the snapshot's moment equals what the event tells
        rt.moment = SharedMoment{msg.event.moment.twinTimeUs, msg.event.by, msg.timeUs, msg.sequence};
    const std::string topic = sessionEventsTopic(session);
    try {
        events.send(zmq::const_buffer(topic.data(), topic.size()),
                    zmq::send_flags::sndmore | zmq::send_flags::dontwait);
        events.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
    } catch (const zmq::error_t& e) { logWarn("hub: event publish failed: %s", e.what()); }
}

void SessionHub::Impl::audit(const std::string& session, const std::string& user, const std::string& action,
                             const std::string& target, const std::string& detail, const std::string& result) {
    AuditEntry entry;
    entry.session = session;
    entry.user = user;
    entry.timeUs = wallClockUs();
    entry.action = action;
    entry.target = target;
    entry.detail = detail;
    entry.result = result;
    if (auto ok = store->appendAudit(entry); !ok)
        logWarn("hub: audit entry \"%s\" by %s not stored: %s", action.c_str(), user.c_str(),
                ok.error().message.c_str());
}

void SessionHub::Impl::log(const std::string& line) {
    if (options.onLog)
        options.onLog(line);
    else
        logInfo("%s", line.c_str());
}

void SessionHub::Impl::logProblemOnce(const std::string& routingId, const std::string& problem,
                                      const std::string& detail) {
    if (loggedProblems.size() >= kMaxLoggedProblems) return;
    if (!loggedProblems.insert(routingId + "|" + problem).second) return;
    logWarn("hub: dropped a message from peer %s: %s", hexId(routingId).c_str(), detail.c_str());
}

} // namespace tv::net
