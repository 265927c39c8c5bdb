#include "net/relay/feed_relay.h"

#include "core/assert.h"
#include "core/log.h"
#include "net/feed/feed_subscriber.h"
#include "net/feed/twin_state.h"

#include <zmq.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <sys/eventfd.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>

namespace tv::net {
namespace {

// The relay thread wakes at least this often even when nothing arrives: the upstream subscriber reports going
// Stale only through its status (no data, so no onPending), and the downstream heartbeats follow that status.
// Data never waits for this: onPending and forwardCommand wake the thread at once.
constexpr auto kStatusInterval = std::chrono::milliseconds(20);

constexpr const char* kStopped = "relay stopped";

struct QueuedCommand {
    std::string target, verb;
    std::vector<OwnedCommandArg> args;
    uint32_t timeoutMs = 0;
    std::function<void(const CommandResult&)> done;
};

struct InFlightCommand {
    std::function<void(const CommandResult&)> done;
    bool counted = false; // counted in commandsForwarded (undone if the subscriber reports NotSent)
};

void finish(const std::function<void(const CommandResult&)>& done, CommandOutcome outcome, std::string reason) {
    if (done) done(CommandResult{0, outcome, std::move(reason), 0.0});
}

} // namespace

struct FeedRelay::Impl {
    zmq::context_t& context;
    RelayOptions options;
    FeedEndpoints bound;

    // An eventfd: written by the upstream subscriber's network thread (onPending) and by forwardCommand() callers,
    // read by the relay thread, which waits on it together with the downstream publisher's sockets. Thread-safe
    // by nature, no allocation, no extra ZeroMQ socket shared between threads.
    int wakeFd = -1;
    std::unique_ptr<FeedSubscriber> upstream;
    std::unique_ptr<FeedPublisher> downstream;
    std::thread thread;
    std::atomic<bool> stop{false};

    // --- shared (guarded by `mutex`)
    mutable std::mutex mutex;
    std::deque<QueuedCommand> queue;
    bool closed = false; // the relay thread has finished: forwardCommand() answers NotSent itself
    RelayStatus shared;

    // --- relay thread only
    std::unordered_map<uint64_t, InFlightCommand> inFlight;
    FeedDelta delta;
    std::vector<Update> records;
    RelayStatus local;
    FeedLiveness lastLiveness = FeedLiveness::Connecting;

    Impl(zmq::context_t& ctx, RelayOptions opts) : context(ctx), options(std::move(opts)) {}

    ~Impl() {
        // The subscriber's thread calls onPending (the eventfd) until it is joined: it goes before the fd closes.
        upstream.reset();
        downstream.reset();
        if (wakeFd >= 0) ::close(wakeFd);
    }

    void wake() const {
        const uint64_t one = 1;
        // EAGAIN only when the counter is saturated, i.e. a wake-up is already pending: nothing is lost.
        [[maybe_unused]] ssize_t n = ::write(wakeFd, &one, sizeof one);
    }

    void consumeWake() const {
        uint64_t count = 0;
        [[maybe_unused]] ssize_t n = ::read(wakeFd, &count, sizeof count);
    }

    void sendQueuedCommands() {
        std::deque<QueuedCommand> taken;
        {
            std::lock_guard lock(mutex);
            taken.swap(queue);
        }
        const bool canSend = !options.upstream.commands.empty();
        for (QueuedCommand& c : taken) {
            // The subscriber reports every outcome (NotSent without a command endpoint or for an invalid command
            // included) in a later delta under this id, so one map covers every path to `done`.
            uint64_t id = upstream->sendCommand(c.target, c.verb, c.args, c.timeoutMs);
            if (canSend) ++local.commandsForwarded;
            inFlight[id] = InFlightCommand{std::move(c.done), canSend};
        }
    }

    void deliverResults() {
        for (const CommandResult& r : delta.commandResults) {
            auto it = inFlight.find(r.commandId);
            if (it == inFlight.end()) continue; // cannot happen: every command of this subscriber is ours
            InFlightCommand command = std::move(it->second);
            inFlight.erase(it);
            if (r.outcome == CommandOutcome::NotSent && command.counted) --local.commandsForwarded;
            if (command.done) command.done(r);
        }
    }

    // The upstream's changes since the last drain, republished downstream.
    void relayChanges() {
        if (delta.reset) {
            // A (re)snapshot: the downstream starts over with a new epoch carrying the complete new state, so
            // viewers drop whatever the new state no longer has. The delta starts with that state; later changes
            // in it are already merged in order.
            TwinState fresh;
            fresh.apply(delta);
            fresh.toUpdates(records);
            if (auto r = downstream->restart(records); !r) {
                logError("relay %s: cannot restart the downstream feed: %s", options.name.c_str(),
                         r.error().message.c_str());
                return;
            }
            ++local.resyncs;
            local.updatesRelayed += records.size();
            logInfo("relay %s: upstream (re)synced; downstream restarted with epoch %u (%zu records)",
                    options.name.c_str(), downstream->epoch(), records.size());
            return;
        }
        if (delta.changes.empty()) return;
        records.clear();
        for (const FeedChange& c : delta.changes) appendUpdates(c, records);
        // The oldest upstream frame merged here: what a viewer's feed-to-photon latency should count from.
        uint64_t sentUs =
            delta.sentUs.empty() ? wallClockUs() : *std::min_element(delta.sentUs.begin(), delta.sentUs.end());
        if (auto r = downstream->publish(records, sentUs); !r) {
            // Unreachable for records decoded under the same limits; dropping them would leave viewers diverged
            // until the next resync, so say so loudly.
            logError("relay %s: cannot republish %zu records: %s", options.name.c_str(), records.size(),
                     r.error().message.c_str());
            return;
        }
        local.updatesRelayed += records.size();
    }

    void drainUpstream() {
        upstream->poll(0.0, delta);
        const FeedLiveness liveness = delta.status.liveness;
        // Heartbeats only while the upstream is Live: viewers must not think a dead twin is alive. Set before
        // relaying, so a restart after a resnapshot announces its epoch at once.
        downstream->setHeartbeatsPaused(liveness != FeedLiveness::Live);
        if (liveness != lastLiveness) {
            if (liveness == FeedLiveness::Stale || lastLiveness == FeedLiveness::Stale)
                logInfo("relay %s: upstream %s -> %s", options.name.c_str(), feedLivenessName(lastLiveness),
                        feedLivenessName(liveness));
            lastLiveness = liveness;
        }
        relayChanges();
        deliverResults();
        local.upstream = liveness;
        local.upstreamSequence = delta.status.lastSequence;
        std::lock_guard lock(mutex);
        shared = local;
    }

    void run() {
        while (!stop.load(std::memory_order_acquire)) {
            if (downstream->poll(kStatusInterval, {}, wakeFd)) consumeWake();
            if (stop.load(std::memory_order_acquire)) break;
            sendQueuedCommands();
            drainUpstream();
        }
        // Exactly once per forwardCommand(): everything not finished yet ends here, on this thread.
        std::deque<QueuedCommand> taken;
        {
            std::lock_guard lock(mutex);
            closed = true;
            taken.swap(queue);
        }
        for (auto& [id, command] : inFlight) finish(command.done, CommandOutcome::NotSent, kStopped);
        inFlight.clear();
        for (QueuedCommand& c : taken) finish(c.done, CommandOutcome::NotSent, kStopped);
    }
};

Expected<std::unique_ptr<FeedRelay>> FeedRelay::start(zmq::context_t& context, RelayOptions options) {
    if (!options.bind.commands.empty())
        return makeError(ErrorCode::InvalidArgument,
                         format("relay %s: the downstream feed takes no commands (they go through the hub's control "
                                "socket); leave bind.commands empty",
                                options.name.c_str()));
    auto impl = std::make_unique<Impl>(context, std::move(options));
    Impl& m = *impl;
    m.wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m.wakeFd < 0)
        return makeError(ErrorCode::Io, format("relay %s: eventfd: %s", m.options.name.c_str(), std::strerror(errno)));

    PublisherOptions down;
    down.bind = m.options.bind;
    down.heartbeatMs = m.options.heartbeatMs;
    down.curve = m.options.downstreamCurve;
    auto publisher = FeedPublisher::create(context, std::move(down));
    if (!publisher)
        return makeError(publisher.error().code,
                         format("relay %s: downstream: %s", m.options.name.c_str(), publisher.error().message.c_str()));
    m.downstream = std::move(publisher.value());
    // Nothing to vouch for until the upstream is synced: no heartbeats before then.
    m.downstream->setHeartbeatsPaused(true);
    m.bound = m.downstream->boundEndpoints();

    SubscriberOptions up;
    up.name = format("%s upstream %s", m.options.name.c_str(), m.options.upstream.updates.c_str());
    up.connect = m.options.upstream;
    up.identity = m.options.name;
    up.staleTimeoutMs = m.options.upstreamStaleTimeoutMs;
    up.curve = m.options.upstreamCurve;
    up.onPending = [&m] { m.wake(); };
    auto subscriber = FeedSubscriber::start(context, std::move(up));
    if (!subscriber)
        return makeError(subscriber.error().code,
                         format("relay %s: upstream: %s", m.options.name.c_str(), subscriber.error().message.c_str()));
    m.upstream = std::move(subscriber.value());

    m.thread = std::thread([&m] { m.run(); });
    return std::unique_ptr<FeedRelay>(new FeedRelay(std::move(impl)));
}

FeedRelay::FeedRelay(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

FeedRelay::~FeedRelay() {
    Impl& m = *m_impl;
    TV_ASSERT(std::this_thread::get_id() != m.thread.get_id(), "a FeedRelay cannot be destroyed from its own thread");
    m.stop.store(true, std::memory_order_release);
    m.wake();
    if (m.thread.joinable()) m.thread.join();
}

const FeedEndpoints& FeedRelay::boundEndpoints() const { return m_impl->bound; }

void FeedRelay::forwardCommand(std::string target, std::string verb, std::vector<OwnedCommandArg> args,
                               uint32_t timeoutMs, std::function<void(const CommandResult&)> done) {
    Impl& m = *m_impl;
    {
        std::lock_guard lock(m.mutex);
        if (!m.closed) {
            m.queue.push_back(
                QueuedCommand{std::move(target), std::move(verb), std::move(args), timeoutMs, std::move(done)});
            m.wake();
            return;
        }
    }
    // Only reachable while the relay is being destroyed: the relay thread is gone, so answer here.
    finish(done, CommandOutcome::NotSent, kStopped);
}

RelayStatus FeedRelay::status() const {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->shared;
}

} // namespace tv::net
