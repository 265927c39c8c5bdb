#include "net/feed/feed_publisher.h"

#include "core/assert.h"
#include "core/log.h"
#include "net/codec/decode_stats.h"
#include "net/codec/decoder.h"
#include "net/codec/encoder.h"

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <random>

namespace tv::net {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t randomU64() {
    std::random_device rd;
    return (uint64_t(rd()) << 32) ^ uint64_t(rd());
}

// "tcp://0.0.0.0:5556" is where we listen, not where a viewer connects: name the loopback address instead.
std::string connectableEndpoint(std::string endpoint) {
    for (const char* any : {"tcp://0.0.0.0:", "tcp://*:"}) {
        std::string_view prefix(any);
        if (endpoint.compare(0, prefix.size(), prefix) == 0) return "tcp://127.0.0.1:" + endpoint.substr(prefix.size());
    }
    if (endpoint.compare(0, 10, "tcp://[::]") == 0) return "tcp://[::1]" + endpoint.substr(10);
    return endpoint;
}

Expected<std::string> bindSocket(zmq::socket_t& socket, const std::string& endpoint) {
    try {
        socket.bind(endpoint);
        return connectableEndpoint(socket.get(zmq::sockopt::last_endpoint));
    } catch (const zmq::error_t& e) {
        return makeError(ErrorCode::Network, format("%s: %s", endpoint.c_str(), e.what()));
    }
}

// Half-open record ranges [begin, end) that each encode under the cap: split in halves until they do. A range of
// one record that still does not encode is the caller's error (a record the encoder refuses).
Expected<void> splitUnderCap(std::span<const Update> all, size_t begin, size_t end, const Limits& limits,
                             std::vector<uint8_t>& scratch, std::vector<std::pair<size_t, size_t>>& ranges) {
    Expected<void> r = encodeSnapshotChunk(FrameInfo{}, 0, all.subspan(begin, end - begin), scratch, limits);
    if (r) {
        ranges.emplace_back(begin, end);
        return {};
    }
    if (r.error().code != ErrorCode::TooLarge || end - begin <= 1) return r;
    size_t mid = begin + (end - begin) / 2;
    if (auto left = splitUnderCap(all, begin, mid, limits, scratch, ranges); !left) return left;
    return splitUnderCap(all, mid, end, limits, scratch, ranges);
}

} // namespace

struct FeedPublisher::Impl {
    zmq::context_t& context;
    PublisherOptions options;
    FeedEndpoints bound;
    zmq::socket_t pub;
    zmq::socket_t snapshot;
    zmq::socket_t commands; // unbound (invalid) when options.bind.commands is empty
    uint64_t sequence = 0;
    TwinState state;
    PublisherCounters counters;
    DecodeStats decodeStats;
    uint32_t dropNext = 0;
    bool heartbeatsPaused = false;
    Clock::time_point lastSent = Clock::now();
    bool loggedUnexpected = false;

    std::vector<uint8_t> frame; // reused for every frame sent
    std::vector<Update> records;
    std::vector<std::pair<size_t, size_t>> ranges;
    std::vector<std::vector<uint8_t>> splitFrames;

    Impl(zmq::context_t& ctx, PublisherOptions opts) : context(ctx), options(std::move(opts)) {}

    FrameInfo info(uint64_t seq) const { return FrameInfo{options.publisherId, options.epoch, seq, wallClockUs()}; }

    void sendPub(const std::vector<uint8_t>& bytes) {
        // PUB never blocks: past the high-water mark ZeroMQ drops, and subscribers heal the gap with a snapshot.
        pub.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
        lastSent = Clock::now();
    }

    // A ROUTER reply goes back along the request's envelope: the peer identity (and, from a REQ socket, the
    // empty delimiter) followed by our frame.
    void sendRouter(zmq::socket_t& socket, const std::vector<zmq::message_t>& envelope,
                    const std::vector<uint8_t>& bytes) {
        for (const zmq::message_t& part : envelope)
            socket.send(zmq::const_buffer(part.data(), part.size()),
                        zmq::send_flags::sndmore | zmq::send_flags::dontwait);
        socket.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
    }

    void unexpected(const char* socketName, const char* what) {
        ++counters.malformed;
        if (!loggedUnexpected) {
            loggedUnexpected = true;
            logWarn("feed publisher: dropped %s on the %s socket; further unexpected requests are only counted", what,
                    socketName);
        }
    }

    // Reads one multipart request: envelope parts and the payload (last part). False when nothing was waiting.
    bool receive(zmq::socket_t& socket, std::vector<zmq::message_t>& envelope, zmq::message_t& payload) {
        envelope.clear();
        auto n = zmq::recv_multipart(socket, std::back_inserter(envelope), zmq::recv_flags::dontwait);
        if (!n || envelope.empty()) return false;
        payload = std::move(envelope.back());
        envelope.pop_back();
        return true;
    }

    void serveSnapshot(const std::vector<zmq::message_t>& envelope) {
        const uint64_t snapshotSequence = sequence;
        state.toUpdates(records);
        ranges.clear();
        if (!records.empty()) {
            auto split = splitUnderCap(records, 0, records.size(), options.limits, frame, ranges);
            if (!split) {
                // Only reachable if the state holds a record the encoder refuses, which publish() prevents.
                logError("feed publisher: cannot encode the snapshot: %s", split.error().message.c_str());
                return;
            }
        }
        uint32_t index = 0;
        for (auto [begin, end] : ranges) {
            auto r = encodeSnapshotChunk(info(snapshotSequence), index++,
                                         std::span<const Update>(records).subspan(begin, end - begin), frame,
                                         options.limits);
            TV_ASSERT(r.hasValue(), "a range that encoded while splitting must encode again");
            sendRouter(snapshot, envelope, frame);
        }
        auto r = encodeSnapshotEnd(info(snapshotSequence), SnapshotEnd{index}, frame, options.limits);
        TV_ASSERT(r.hasValue(), "snapshot end always encodes");
        sendRouter(snapshot, envelope, frame);
        ++counters.snapshotsServed;
    }

    void serveCommand(const std::vector<zmq::message_t>& envelope, const CommandRequest& request,
                      const CommandHandler& onCommand) {
        ++counters.commands;
        CommandVerdict verdict =
            onCommand ? onCommand(request) : CommandVerdict{CommandStatus::Failed, "this publisher takes no commands"};
        if (verdict.reason.size() > options.limits.maxTextBytes) verdict.reason.resize(options.limits.maxTextBytes);
        CommandReply reply{request.commandId, verdict.status, verdict.reason};
        if (!encodeCommandReply(info(sequence), reply, frame, options.limits)) {
            // E.g. a handler's reason that is not valid UTF-8: still answer, so the viewer does not time out.
            reply.reason = "the twin's reply could not be encoded";
            reply.status = CommandStatus::Failed;
            auto r = encodeCommandReply(info(sequence), reply, frame, options.limits);
            TV_ASSERT(r.hasValue(), "fallback reply always encodes");
        }
        sendRouter(commands, envelope, frame);
    }

    void drainSnapshotRequests() {
        std::vector<zmq::message_t> envelope;
        zmq::message_t payload;
        while (receive(snapshot, envelope, payload)) {
            auto msg = decodeMessage({static_cast<const uint8_t*>(payload.data()), payload.size()}, options.limits);
            if (!msg) {
                ++counters.malformed;
                decodeStats.recordAndLogOnce(msg.error(), "publisher (snapshot socket)");
                continue;
            }
            if (msg->header.kind != MessageKind::SnapshotRequest || envelope.empty()) {
                unexpected("snapshot", messageKindName(msg->header.kind));
                continue;
            }
            serveSnapshot(envelope);
        }
    }

    void drainCommands(const CommandHandler& onCommand) {
        std::vector<zmq::message_t> envelope;
        zmq::message_t payload;
        while (receive(commands, envelope, payload)) {
            auto msg = decodeMessage({static_cast<const uint8_t*>(payload.data()), payload.size()}, options.limits);
            if (!msg) {
                ++counters.malformed;
                decodeStats.recordAndLogOnce(msg.error(), "publisher (command socket)");
                continue;
            }
            if (msg->header.kind != MessageKind::CommandRequest || envelope.empty()) {
                unexpected("command", messageKindName(msg->header.kind));
                continue;
            }
            serveCommand(envelope, std::get<CommandRequest>(msg->body), onCommand);
        }
    }

    void sendHeartbeat() {
        auto r = encodeHeartbeat(info(sequence), Heartbeat{options.heartbeatMs}, frame, options.limits);
        TV_ASSERT(r.hasValue(), "heartbeat always encodes");
        sendPub(frame);
        ++counters.heartbeats;
    }

    void heartbeatIfDue() {
        if (options.heartbeatMs == 0 || heartbeatsPaused) return;
        if (Clock::now() - lastSent < std::chrono::milliseconds(options.heartbeatMs)) return;
        sendHeartbeat();
    }
};

Expected<std::unique_ptr<FeedPublisher>> FeedPublisher::create(zmq::context_t& context, PublisherOptions options) {
    if (options.publisherId == 0) {
        do options.publisherId = randomU64();
        while (options.publisherId == 0);
    }
    if (options.epoch == 0) {
        // Clock and randomness together: two starts in the same microsecond still differ, and a restarted
        // publisher cannot land on its previous epoch by a clock step alone.
        do options.epoch = uint32_t(wallClockUs()) ^ uint32_t(randomU64());
        while (options.epoch == 0);
    }
    auto impl = std::make_unique<Impl>(context, std::move(options));
    const PublisherOptions& o = impl->options;
    try {
        impl->pub = zmq::socket_t(context, zmq::socket_type::pub);
        impl->pub.set(zmq::sockopt::sndhwm, o.sendHighWaterMark);
        impl->pub.set(zmq::sockopt::linger, 0);
        impl->snapshot = zmq::socket_t(context, zmq::socket_type::router);
        impl->snapshot.set(zmq::sockopt::sndhwm, o.sendHighWaterMark);
        impl->snapshot.set(zmq::sockopt::linger, 0);
        if (!o.bind.commands.empty()) {
            impl->commands = zmq::socket_t(context, zmq::socket_type::router);
            impl->commands.set(zmq::sockopt::linger, 0);
        }
    } catch (const zmq::error_t& e) {
        return makeError(ErrorCode::Network, format("feed publisher: cannot create sockets: %s", e.what()));
    }
    // CURVE before bind: the security mechanism is fixed when a connection is accepted.
    for (zmq::socket_t* socket : {&impl->pub, &impl->snapshot, &impl->commands}) {
        if (!*socket) continue;
        if (auto r = applyCurveServer(*socket, o.curve); !r)
            return makeError(r.error().code, format("feed publisher: %s", r.error().message.c_str()));
    }
    auto updates = bindSocket(impl->pub, o.bind.updates);
    if (!updates) return updates.error();
    impl->bound.updates = *updates;
    auto snapshot = bindSocket(impl->snapshot, o.bind.snapshot);
    if (!snapshot) return snapshot.error();
    impl->bound.snapshot = *snapshot;
    if (!o.bind.commands.empty()) {
        auto commands = bindSocket(impl->commands, o.bind.commands);
        if (!commands) return commands.error();
        impl->bound.commands = *commands;
    }
    return std::unique_ptr<FeedPublisher>(new FeedPublisher(std::move(impl)));
}

FeedPublisher::FeedPublisher(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
FeedPublisher::~FeedPublisher() = default;

const FeedEndpoints& FeedPublisher::boundEndpoints() const { return m_impl->bound; }
uint64_t FeedPublisher::publisherId() const { return m_impl->options.publisherId; }
uint32_t FeedPublisher::epoch() const { return m_impl->options.epoch; }
uint64_t FeedPublisher::sequence() const { return m_impl->sequence; }
const TwinState& FeedPublisher::state() const { return m_impl->state; }
const PublisherCounters& FeedPublisher::counters() const { return m_impl->counters; }
void FeedPublisher::dropNextFrames(uint32_t count) { m_impl->dropNext += count; }

Expected<void> FeedPublisher::publish(std::span<const Update> updates) { return publish(updates, wallClockUs()); }

Expected<void> FeedPublisher::publish(std::span<const Update> updates, uint64_t sentUs) {
    Impl& m = *m_impl;
    if (updates.empty())
        return makeError(ErrorCode::InvalidArgument, "publish: an Updates frame needs at least one record");
    // Encode everything before touching state or sockets, so a refused record leaves no trace.
    m.splitFrames.clear();
    Expected<void> whole = encodeUpdates(FrameInfo{m.options.publisherId, m.options.epoch, m.sequence + 1, sentUs},
                                         updates, m.frame, m.options.limits);
    if (!whole) {
        if (whole.error().code != ErrorCode::TooLarge || updates.size() == 1) return whole;
        m.ranges.clear();
        auto split = splitUnderCap(updates, 0, updates.size(), m.options.limits, m.frame, m.ranges);
        if (!split) return split;
        uint64_t seq = m.sequence;
        for (auto [begin, end] : m.ranges) {
            std::vector<uint8_t>& out = m.splitFrames.emplace_back();
            auto r = encodeUpdates(FrameInfo{m.options.publisherId, m.options.epoch, ++seq, sentUs},
                                   updates.subspan(begin, end - begin), out, m.options.limits);
            if (!r) return r; // cannot happen: an Updates frame is 4 bytes smaller than a chunk with the same records
        }
    }
    for (const Update& u : updates) m.state.apply(u, sentUs, 0);

    auto sendOne = [&](const std::vector<uint8_t>& bytes) {
        ++m.sequence;
        ++m.counters.updateFrames;
        if (m.dropNext > 0) {
            --m.dropNext;
            ++m.counters.dropped;
            return;
        }
        m.sendPub(bytes);
    };
    if (m.splitFrames.empty()) {
        sendOne(m.frame);
    } else {
        for (const auto& f : m.splitFrames) sendOne(f);
    }
    m.counters.updates += updates.size();
    return {};
}

Expected<void> FeedPublisher::restart(std::span<const Update> state) {
    Impl& m = *m_impl;
    // Validate first (the same splitting a snapshot uses), so a refused record leaves the old state and epoch.
    if (!state.empty()) {
        m.ranges.clear();
        if (auto split = splitUnderCap(state, 0, state.size(), m.options.limits, m.frame, m.ranges); !split)
            return makeError(ErrorCode::InvalidArgument, format("restart: %s", split.error().message.c_str()));
    }
    const uint32_t old = m.options.epoch;
    do m.options.epoch = uint32_t(wallClockUs()) ^ uint32_t(randomU64());
    while (m.options.epoch == 0 || m.options.epoch == old);
    m.sequence = 0;
    m.state.clear();
    const uint64_t nowUs = wallClockUs();
    for (const Update& u : state) m.state.apply(u, nowUs, 0);
    // Announce the epoch at once: subscribers resnapshot now rather than at the next update or heartbeat.
    if (!m.heartbeatsPaused) m.sendHeartbeat();
    return {};
}

void FeedPublisher::setHeartbeatsPaused(bool paused) {
    Impl& m = *m_impl;
    // Resuming after a pause: the silence was longer than an interval, so the next poll sends one at once.
    if (m.heartbeatsPaused && !paused) m.lastSent = Clock::time_point{};
    m.heartbeatsPaused = paused;
}

bool FeedPublisher::heartbeatsPaused() const { return m_impl->heartbeatsPaused; }

void FeedPublisher::poll(std::chrono::milliseconds timeout, const CommandHandler& onCommand) {
    poll(timeout, onCommand, -1);
}

bool FeedPublisher::poll(std::chrono::milliseconds timeout, const CommandHandler& onCommand, int wakeFd) {
    Impl& m = *m_impl;
    std::vector<zmq::pollitem_t> items{{m.snapshot.handle(), 0, ZMQ_POLLIN, 0}};
    if (m.commands) items.push_back({m.commands.handle(), 0, ZMQ_POLLIN, 0});
    const size_t wakeIndex = items.size();
    if (wakeFd >= 0) items.push_back({nullptr, wakeFd, ZMQ_POLLIN, 0});
    // Wake up in time for the next heartbeat even when asked to wait longer.
    if (m.options.heartbeatMs > 0 && !m.heartbeatsPaused) {
        auto due = m.lastSent + std::chrono::milliseconds(m.options.heartbeatMs) - Clock::now();
        auto dueMs = std::chrono::ceil<std::chrono::milliseconds>(due);
        timeout = std::max(std::chrono::milliseconds(0), std::min(timeout, dueMs));
    }
    try {
        zmq::poll(items, timeout);
        if (items[0].revents & ZMQ_POLLIN) m.drainSnapshotRequests();
        if (m.commands && (items[1].revents & ZMQ_POLLIN)) m.drainCommands(onCommand);
        m.heartbeatIfDue();
    } catch (const zmq::error_t& e) {
        // EINTR or a context being shut down: nothing to serve this time; the owner decides whether to stop.
        logDebug("feed publisher: poll interrupted: %s", e.what());
        return false;
    }
    return wakeFd >= 0 && (items[wakeIndex].revents & ZMQ_POLLIN) != 0;
}

} // namespace tv::net
