#include "net/feed/feed_subscriber.h"

#include "core/assert.h"
#include "core/log.h"
#include "net/codec/decode_stats.h"
#include "net/codec/decoder.h"
#include "net/codec/encoder.h"
#include "net/codec/sequence_tracker.h"

#include <zmq.hpp>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace tv::net {
namespace {

using Clock = std::chrono::steady_clock;

// The network thread wakes at least this often to hand over commands, check timeouts and staleness. Short enough
// that a command leaves within a few ms, long enough to cost nothing measurable while idle.
constexpr auto kPollInterval = std::chrono::milliseconds(5);
// At most this many frames per socket per wake-up, so timers are checked even under a flood.
constexpr int kMaxFramesPerWake = 4096;
constexpr uint32_t kDefaultCommandTimeoutMs = 3000;

uint64_t steadyUs() {
    return uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count());
}

std::span<const uint8_t> bytesOf(const zmq::message_t& m) { return {static_cast<const uint8_t*>(m.data()), m.size()}; }

struct OutgoingCommand {
    uint64_t id = 0;
    uint32_t timeoutMs = 0;
    std::vector<uint8_t> frame;
};

struct PendingCommand {
    Clock::time_point sentAt;
    Clock::time_point deadline;
    uint32_t timeoutMs = 0;
};

struct BufferedFrame {
    zmq::message_t frame;
    uint64_t receivedUs = 0;
};

} // namespace

struct FeedSubscriber::Impl {
    zmq::context_t& context;
    SubscriberOptions options;

    // --- shared between the main thread and the network thread (guarded by `mutex`)
    mutable std::mutex mutex;
    DeltaBuilder delta;
    bool deltaDirty = false; // something was added since the last poll() (for onPending)
    FeedStatus shared;
    std::deque<OutgoingCommand> outbox;
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> nextCommandId{1};
    std::thread thread;

    // --- network thread only (created on the caller's thread before the network thread starts)
    zmq::socket_t sub, snapshot, commands;
    SequenceTracker tracker;
    StalenessTracker staleness;
    DecodeStats decodeStats;
    FeedStatus status;
    bool everHeard = false;
    std::deque<BufferedFrame> buffer; // Updates frames received while unsynced, replayed after the snapshot
    uint64_t bufferOverflow = 0;
    std::unordered_map<uint64_t, PendingCommand> pending;
    std::vector<uint8_t> scratch;

    struct SnapshotCollect {
        bool active = false;
        bool sentOnce = false; // the first request uses the socket made at start; later ones a fresh socket
        Clock::time_point sentAt;
        bool haveHeader = false;
        uint64_t publisherId = 0;
        uint32_t epoch = 0;
        uint64_t sequence = 0;
        std::vector<zmq::message_t> chunks; // raw frames, kept until the snapshot completes
    } snap;

    Impl(zmq::context_t& ctx, SubscriberOptions opts)
        : context(ctx), options(std::move(opts)), staleness(uint64_t(options.staleTimeoutMs) * 1000) {}

    // ------------------------------------------------------------------------------------------------ helpers

    // Runs f(delta) under the lock; fires onPending if the delta went from empty to non-empty.
    template <class F>
    void withDelta(F&& f) {
        bool becamePending = false;
        {
            std::lock_guard lock(mutex);
            f(delta);
            becamePending = !deltaDirty;
            deltaDirty = true;
        }
        if (becamePending && options.onPending) options.onPending();
    }

    void setError(std::string message, bool log) {
        if (log) logInfo("feed %s: %s", options.name.c_str(), message.c_str());
        status.lastError = std::move(message);
    }

    void malformed(const DecodeFailure& failure) {
        ++status.counters.malformed;
        decodeStats.recordAndLogOnce(failure, options.name.c_str());
        status.lastError = format("malformed frame: %s", decodeErrorName(failure.code));
    }

    void heard() {
        everHeard = true;
        staleness.heard(steadyUs());
        status.lastHeardUs = wallClockUs();
    }

    FeedLiveness liveness() const {
        if (!everHeard) return FeedLiveness::Connecting;
        if (staleness.state(steadyUs()) == Liveness::Stale) return FeedLiveness::Stale;
        if (!tracker.synced()) return FeedLiveness::Syncing;
        return FeedLiveness::Live;
    }

    void publishStatus() {
        status.liveness = liveness();
        status.publisherId = tracker.publisherId();
        status.epoch = tracker.epoch();
        status.lastSequence = tracker.lastApplied();
        std::lock_guard lock(mutex);
        shared = status;
    }

    // ------------------------------------------------------------------------------------------------ snapshot

    // Sends a snapshot request. Every request after the first goes out on a fresh DEALER: replies still in flight
    // for an abandoned request arrive on the closed socket and are dropped, so they cannot mix into this one.
    void requestSnapshot() {
        try {
            if (snap.sentOnce) {
                snapshot.close();
                snapshot = zmq::socket_t(context, zmq::socket_type::dealer);
                snapshot.set(zmq::sockopt::linger, 0);
                auto curve = applyCurveClient(snapshot, options.curve);
                TV_ASSERT(curve.hasValue(), "CURVE options were validated at start");
                snapshot.connect(options.connect.snapshot);
            }
            auto r = encodeSnapshotRequest(FrameInfo{0, 0, 0, wallClockUs()}, SnapshotRequest{options.identity},
                                           scratch, options.limits);
            TV_ASSERT(r.hasValue(), "identity was validated at start");
            snapshot.send(zmq::const_buffer(scratch.data(), scratch.size()), zmq::send_flags::dontwait);
        } catch (const zmq::error_t& e) { setError(format("snapshot request failed: %s", e.what()), true); }
        snap.active = true;
        snap.sentOnce = true;
        snap.sentAt = Clock::now();
        snap.haveHeader = false;
        snap.chunks.clear();
    }

    // Leaves the synced state: later Updates frames are buffered until the new snapshot is loaded.
    void resync(std::string cause) {
        setError(std::move(cause), true);
        tracker.reset();
        buffer.clear();
        requestSnapshot();
    }

    void bufferFrame(zmq::message_t&& frame, uint64_t receivedUs) {
        if (options.maxBufferedFrames == 0) return;
        while (buffer.size() >= options.maxBufferedFrames) {
            // The oldest go first; if the snapshot does not cover them the replay finds a gap and resyncs.
            buffer.pop_front();
            ++bufferOverflow;
        }
        buffer.push_back(BufferedFrame{std::move(frame), receivedUs});
    }

    void applyUpdates(const Message& msg, std::span<const uint8_t> frame, uint64_t receivedUs) {
        const UpdateBatch& batch = std::get<UpdateBatch>(msg.body);
        const uint64_t sentUs = msg.header.timestampUs;
        withDelta([&](DeltaBuilder& d) {
            batch.forEach([&](const Update& u) { d.add(u, sentUs, receivedUs); });
            d.addSentTimestamp(sentUs);
        });
        ++status.counters.updateFrames;
        status.counters.updatesApplied += batch.count();
        if (options.onAppliedFrame) options.onAppliedFrame(receivedUs, frame);
    }

    // Replays buffered frames after a snapshot. Returns false if the replay found a gap (a resync was started).
    bool replayBuffer() {
        while (!buffer.empty()) {
            BufferedFrame b = std::move(buffer.front());
            buffer.pop_front();
            auto msg = decodeMessage(bytesOf(b.frame), options.limits);
            TV_ASSERT(msg.hasValue(), "only valid frames are buffered");
            const FrameHeader& h = msg->header;
            // Frames of another publisher or epoch that arrived before the snapshot are from before a restart;
            // a restart after the snapshot shows in the next live frame or heartbeat.
            if (h.publisherId != tracker.publisherId() || h.epoch != tracker.epoch()) continue;
            uint64_t expected = tracker.lastApplied() + 1;
            switch (tracker.onUpdate(h.publisherId, h.epoch, h.sequence)) {
            case SequenceVerdict::Apply: applyUpdates(*msg, bytesOf(b.frame), b.receivedUs); break;
            case SequenceVerdict::Duplicate: ++status.counters.duplicates; break;
            default:
                ++status.counters.gaps;
                buffer.push_front(std::move(b));
                resyncKeepingBuffer(format("gap: expected %llu, got %llu; re-snapshot", (unsigned long long)expected,
                                           (unsigned long long)h.sequence));
                return false;
            }
        }
        return true;
    }

    // Like resync(), but the buffered frames (from the one that revealed the gap on) stay for the next replay.
    void resyncKeepingBuffer(std::string cause) {
        setError(std::move(cause), true);
        tracker.reset();
        requestSnapshot();
    }

    void snapshotMismatch(std::string what) {
        resyncKeepingBuffer(format("incomplete snapshot (%s); requesting again", what.c_str()));
    }

    void completeSnapshot(zmq::message_t&& endFrame, const FrameHeader& h, uint64_t receivedUs) {
        snap.active = false;
        uint64_t records = 0;
        // One lock for reset + the whole snapshot + the replay: the main thread never drains half a snapshot.
        {
            std::lock_guard lock(mutex);
            delta.beginReset();
            for (const zmq::message_t& chunk : snap.chunks) {
                auto msg = decodeMessage(bytesOf(chunk), options.limits);
                TV_ASSERT(msg.hasValue(), "only valid chunks are kept");
                const SnapshotChunk& c = std::get<SnapshotChunk>(msg->body);
                c.updates.forEach([&](const Update& u) { delta.add(u, msg->header.timestampUs, receivedUs); });
                records += c.updates.count();
            }
        }
        tracker.loadSnapshot(h.publisherId, h.epoch, h.sequence);
        ++status.counters.snapshots;
        status.counters.updatesApplied += records;
        if (options.onAppliedFrame) {
            for (const zmq::message_t& chunk : snap.chunks) options.onAppliedFrame(receivedUs, bytesOf(chunk));
            options.onAppliedFrame(receivedUs, bytesOf(endFrame));
        }
        snap.chunks.clear();
        bool becamePending = false;
        {
            std::lock_guard lock(mutex);
            becamePending = !deltaDirty;
            deltaDirty = true;
        }
        if (becamePending && options.onPending) options.onPending();
        replayBuffer();
        publishStatus();
    }

    void onSnapshotFrame(zmq::message_t&& frame) {
        const uint64_t receivedUs = wallClockUs();
        auto msg = decodeMessage(bytesOf(frame), options.limits);
        if (!msg) return malformed(msg.error());
        const FrameHeader& h = msg->header;
        if (!snap.active || (h.kind != MessageKind::SnapshotChunk && h.kind != MessageKind::SnapshotEnd)) {
            ++status.counters.unexpected;
            return;
        }
        heard();
        if (snap.haveHeader &&
            (h.publisherId != snap.publisherId || h.epoch != snap.epoch || h.sequence != snap.sequence))
            return snapshotMismatch("chunks of different snapshots");
        snap.haveHeader = true;
        snap.publisherId = h.publisherId;
        snap.epoch = h.epoch;
        snap.sequence = h.sequence;
        if (h.kind == MessageKind::SnapshotChunk) {
            uint32_t index = std::get<SnapshotChunk>(msg->body).chunkIndex;
            if (index != snap.chunks.size())
                return snapshotMismatch(format("chunk %u where %zu was expected", index, snap.chunks.size()));
            snap.chunks.push_back(std::move(frame));
            return;
        }
        uint32_t count = std::get<SnapshotEnd>(msg->body).chunkCount;
        if (count != snap.chunks.size())
            return snapshotMismatch(format("end says %u chunks, received %zu", count, snap.chunks.size()));
        FrameHeader header = h; // `msg` borrows from `frame`, which moves next
        completeSnapshot(std::move(frame), header, receivedUs);
    }

    // ------------------------------------------------------------------------------------------------ updates

    void onSubFrame(zmq::message_t&& frame) {
        const uint64_t receivedUs = wallClockUs();
        auto msg = decodeMessage(bytesOf(frame), options.limits);
        if (!msg) return malformed(msg.error());
        const FrameHeader& h = msg->header;
        if (h.kind == MessageKind::Heartbeat) {
            heard();
            uint64_t applied = tracker.lastApplied();
            uint32_t oldEpoch = tracker.epoch();
            switch (tracker.onHeartbeat(h.publisherId, h.epoch, h.sequence)) {
            case SequenceVerdict::Gap:
                ++status.counters.gaps;
                return resync(format("gap at the tail: heartbeat says sequence %llu, applied %llu; re-snapshot",
                                     (unsigned long long)h.sequence, (unsigned long long)applied));
            case SequenceVerdict::Restart:
                ++status.counters.restarts;
                return resync(format("publisher restarted (epoch %u -> %u)", oldEpoch, h.epoch));
            default: return;
            }
        }
        if (h.kind != MessageKind::Updates) {
            ++status.counters.unexpected;
            return;
        }
        heard();
        if (!tracker.synced()) return bufferFrame(std::move(frame), receivedUs);
        uint64_t expected = tracker.lastApplied() + 1;
        uint32_t oldEpoch = tracker.epoch();
        switch (tracker.onUpdate(h.publisherId, h.epoch, h.sequence)) {
        case SequenceVerdict::Apply: return applyUpdates(*msg, bytesOf(frame), receivedUs);
        case SequenceVerdict::Duplicate: ++status.counters.duplicates; return;
        case SequenceVerdict::Gap: {
            ++status.counters.gaps;
            std::string cause = format("gap: expected %llu, got %llu; re-snapshot", (unsigned long long)expected,
                                       (unsigned long long)h.sequence);
            resync(std::move(cause));
            // The new snapshot may reflect an earlier sequence than this frame: keep it for the replay.
            return bufferFrame(std::move(frame), receivedUs);
        }
        case SequenceVerdict::Restart: {
            ++status.counters.restarts;
            resync(format("publisher restarted (epoch %u -> %u)", oldEpoch, h.epoch));
            return bufferFrame(std::move(frame), receivedUs);
        }
        case SequenceVerdict::Unsynced: return bufferFrame(std::move(frame), receivedUs);
        }
    }

    // ------------------------------------------------------------------------------------------------ commands

    void sendQueuedCommands() {
        std::deque<OutgoingCommand> queued;
        {
            std::lock_guard lock(mutex);
            queued.swap(outbox);
        }
        for (OutgoingCommand& c : queued) {
            auto now = Clock::now();
            try {
                commands.send(zmq::const_buffer(c.frame.data(), c.frame.size()), zmq::send_flags::dontwait);
            } catch (const zmq::error_t& e) {
                // The reply will never come; the timeout below reports it, with the cause in lastError.
                setError(format("command %llu not sent: %s", (unsigned long long)c.id, e.what()), true);
            }
            ++status.counters.commandsSent;
            pending[c.id] = PendingCommand{now, now + std::chrono::milliseconds(c.timeoutMs), c.timeoutMs};
        }
    }

    void onCommandFrame(zmq::message_t&& frame) {
        auto msg = decodeMessage(bytesOf(frame), options.limits);
        if (!msg) return malformed(msg.error());
        if (msg->header.kind != MessageKind::CommandReply) {
            ++status.counters.unexpected;
            return;
        }
        const CommandReply& reply = std::get<CommandReply>(msg->body);
        auto it = pending.find(reply.commandId);
        if (it == pending.end()) return; // a late reply to a command already reported as timed out
        CommandResult result;
        result.commandId = reply.commandId;
        result.outcome = reply.status == CommandStatus::Accepted   ? CommandOutcome::Accepted
                         : reply.status == CommandStatus::Rejected ? CommandOutcome::Rejected
                                                                   : CommandOutcome::Failed;
        result.reason.assign(reply.reason);
        result.roundTripMs = std::chrono::duration<double, std::milli>(Clock::now() - it->second.sentAt).count();
        pending.erase(it);
        withDelta([&](DeltaBuilder& d) { d.addCommandResult(std::move(result)); });
    }

    void checkCommandTimeouts() {
        auto now = Clock::now();
        for (auto it = pending.begin(); it != pending.end();) {
            if (now < it->second.deadline) {
                ++it;
                continue;
            }
            CommandResult result{it->first, CommandOutcome::TimedOut,
                                 format("no reply within %u ms", it->second.timeoutMs), 0.0};
            ++status.counters.commandsTimedOut;
            it = pending.erase(it);
            withDelta([&](DeltaBuilder& d) { d.addCommandResult(std::move(result)); });
        }
    }

    // ------------------------------------------------------------------------------------------------ thread

    template <class F>
    void drain(zmq::socket_t& socket, F&& onFrame) {
        for (int i = 0; i < kMaxFramesPerWake && !stop.load(std::memory_order_relaxed); ++i) {
            zmq::message_t frame;
            auto got = socket.recv(frame, zmq::recv_flags::dontwait);
            if (!got) return;
            ++status.counters.framesReceived;
            // Multipart messages are not part of the protocol: read the rest and count the message once.
            bool multipart = frame.more();
            while (frame.more()) {
                zmq::message_t rest;
                if (!socket.recv(rest, zmq::recv_flags::dontwait)) break;
                frame.swap(rest);
            }
            if (multipart) {
                ++status.counters.unexpected;
                continue;
            }
            onFrame(std::move(frame));
        }
    }

    void run() {
        requestSnapshot();
        publishStatus();
        while (!stop.load()) {
            std::vector<zmq::pollitem_t> items{{sub.handle(), 0, ZMQ_POLLIN, 0}, {snapshot.handle(), 0, ZMQ_POLLIN, 0}};
            if (commands) items.push_back({commands.handle(), 0, ZMQ_POLLIN, 0});
            try {
                zmq::poll(items, kPollInterval);
                if (items[0].revents & ZMQ_POLLIN) drain(sub, [&](zmq::message_t&& f) { onSubFrame(std::move(f)); });
                // The snapshot socket may have been replaced above; draining the current one is always right.
                drain(snapshot, [&](zmq::message_t&& f) { onSnapshotFrame(std::move(f)); });
                if (commands) {
                    drain(commands, [&](zmq::message_t&& f) { onCommandFrame(std::move(f)); });
                    sendQueuedCommands();
                    checkCommandTimeouts();
                }
            } catch (const zmq::error_t& e) {
                if (e.num() == ETERM) break; // the context is going away: nothing more to do
                setError(format("socket error: %s", e.what()), true);
            }
            if (snap.active && Clock::now() - snap.sentAt > std::chrono::milliseconds(options.snapshotTimeoutMs)) {
                setError(format("no complete snapshot within %u ms; requesting again", options.snapshotTimeoutMs),
                         false);
                snap.chunks.clear();
                requestSnapshot();
            }
            publishStatus();
        }
        sub.close();
        snapshot.close();
        if (commands) commands.close();
    }
};

Expected<std::unique_ptr<FeedSubscriber>> FeedSubscriber::start(zmq::context_t& context, SubscriberOptions options) {
    if (options.name.empty()) options.name = options.connect.updates;
    if (options.identity.empty()) options.identity = format("twinview-%d", int(getpid()));
    if (options.staleTimeoutMs == 0) options.staleTimeoutMs = 3000;
    if (options.snapshotTimeoutMs == 0) options.snapshotTimeoutMs = 2000;
    std::vector<uint8_t> probe;
    if (auto r = encodeSnapshotRequest(FrameInfo{}, SnapshotRequest{options.identity}, probe, options.limits); !r)
        return makeError(ErrorCode::InvalidArgument, format("subscriber identity: %s", r.error().message.c_str()));

    auto impl = std::make_unique<Impl>(context, std::move(options));
    Impl& m = *impl;
    m.status.name = m.options.name;
    auto connect = [&](zmq::socket_t& socket, const std::string& endpoint) -> Expected<void> {
        try {
            socket.connect(endpoint);
            return {};
        } catch (const zmq::error_t& e) {
            return makeError(ErrorCode::Network, format("%s: %s", endpoint.c_str(), e.what()));
        }
    };
    try {
        m.sub = zmq::socket_t(context, zmq::socket_type::sub);
        m.sub.set(zmq::sockopt::linger, 0);
        // Large: a burst must not overflow the receive queue while the thread is busy (a drop is a gap + resync).
        m.sub.set(zmq::sockopt::rcvhwm, 100000);
        m.sub.set(zmq::sockopt::subscribe, "");
        m.snapshot = zmq::socket_t(context, zmq::socket_type::dealer);
        m.snapshot.set(zmq::sockopt::linger, 0);
        if (!m.options.connect.commands.empty()) {
            m.commands = zmq::socket_t(context, zmq::socket_type::dealer);
            m.commands.set(zmq::sockopt::linger, 0);
        }
    } catch (const zmq::error_t& e) {
        return makeError(ErrorCode::Network,
                         format("feed %s: cannot create sockets: %s", m.options.name.c_str(), e.what()));
    }
    // CURVE before connect: the mechanism is fixed when the connection is made.
    for (zmq::socket_t* socket : {&m.sub, &m.snapshot, &m.commands}) {
        if (!*socket) continue;
        if (auto r = applyCurveClient(*socket, m.options.curve); !r)
            return makeError(r.error().code, format("feed %s: %s", m.options.name.c_str(), r.error().message.c_str()));
    }
    // SUB first (the Clone pattern): updates sent while the snapshot is on its way are buffered, not missed.
    if (auto r = connect(m.sub, m.options.connect.updates); !r) return r.error();
    if (auto r = connect(m.snapshot, m.options.connect.snapshot); !r) return r.error();
    if (m.commands)
        if (auto r = connect(m.commands, m.options.connect.commands); !r) return r.error();
    m.shared = m.status;
    m.thread = std::thread([&m] { m.run(); });
    return std::unique_ptr<FeedSubscriber>(new FeedSubscriber(std::move(impl)));
}

FeedSubscriber::FeedSubscriber(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

FeedSubscriber::~FeedSubscriber() {
    m_impl->stop.store(true);
    if (m_impl->thread.joinable()) m_impl->thread.join();
}

void FeedSubscriber::poll(double /*dtSeconds*/, FeedDelta& out) {
    Impl& m = *m_impl;
    // Destroy the previous drain's changes before taking the lock: that is O(changes), and the network thread needs
    // this mutex for every frame it applies. take() then only swaps.
    out.clear();
    std::lock_guard lock(m.mutex);
    m.delta.take(out);
    m.deltaDirty = false;
    out.status = m.shared;
}

uint64_t FeedSubscriber::sendCommand(std::string_view target, std::string_view verb,
                                     std::span<const OwnedCommandArg> args, uint32_t timeoutMs) {
    Impl& m = *m_impl;
    const uint64_t id = m.nextCommandId.fetch_add(1);
    if (timeoutMs == 0) timeoutMs = kDefaultCommandTimeoutMs;
    // Finished before it left: the result goes straight into the delta (no onPending: that callback belongs to
    // the network thread, and the caller is the thread that polls anyway).
    auto finishNow = [&](CommandOutcome outcome, std::string reason) {
        std::lock_guard lock(m.mutex);
        m.delta.addCommandResult(CommandResult{id, outcome, std::move(reason), 0.0});
        m.deltaDirty = true;
        return id;
    };
    if (m.options.connect.commands.empty())
        return finishNow(CommandOutcome::NotSent, "this feed has no command endpoint");

    CommandRequest request;
    request.commandId = id;
    request.target = target;
    request.verb = verb;
    request.timeoutMs = timeoutMs;
    request.args.reserve(args.size());
    for (const OwnedCommandArg& a : args) request.args.push_back(CommandArg{a.name, a.value.view()});
    OutgoingCommand out{id, timeoutMs, {}};
    if (auto r = encodeCommandRequest(FrameInfo{0, 0, 0, wallClockUs()}, request, out.frame, m.options.limits); !r)
        return finishNow(CommandOutcome::NotSent, format("invalid command: %s", r.error().message.c_str()));
    std::lock_guard lock(m.mutex);
    m.outbox.push_back(std::move(out));
    return id;
}

FeedStatus FeedSubscriber::status() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->shared;
}

std::string FeedSubscriber::describe() const { return m_impl->options.name; }

} // namespace tv::net
