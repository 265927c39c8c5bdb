// Helpers for the relay tests: an upstream FeedPublisher pumped by the test thread (as a twin's loop would), a
// FeedRelay on ephemeral loopback ports, and downstream "viewers" (tests/feed's Viewer) drained in the same loop.
// Every wait is bounded and returns as soon as its condition holds.
#pragma once

#include "feed/feed_test_util.h"
#include "net/relay/feed_relay.h"

#include <initializer_list>
#include <mutex>

namespace tv::net::test {

inline RelayOptions relayOptions(const FeedEndpoints& upstream) {
    RelayOptions o;
    o.name = "test-relay";
    o.upstream = upstream;
    o.bind = loopbackBind(false);
    return o;
}

inline std::unique_ptr<FeedRelay> makeRelay(zmq::context_t& ctx, RelayOptions o) {
    auto r = FeedRelay::start(ctx, std::move(o));
    if (!r) {
        ADD_FAILURE() << r.error().message;
        return nullptr;
    }
    return std::move(r.value());
}

// Pumps the upstream publisher (when given; commands answered by `onCommand`) and drains every viewer until `done`
// or the deadline.
inline bool pumpUntil(std::initializer_list<Viewer*> viewers, FeedPublisher* upstream,
                      const std::function<bool()>& done, std::chrono::milliseconds deadline = 10s,
                      const CommandHandler& onCommand = {}) {
    auto end = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < end) {
        if (upstream)
            upstream->poll(1ms, onCommand);
        else
            std::this_thread::sleep_for(1ms);
        for (Viewer* v : viewers) v->drain();
        if (done()) return true;
    }
    return false;
}

// A relayed viewer has converged on the upstream twin: Live, and the same content.
inline bool sameTwin(const Viewer& v, const FeedPublisher& upstream, std::string* diff = nullptr) {
    return v.status.liveness == FeedLiveness::Live && v.state.sameAs(upstream.state(), diff);
}

// forwardCommand() outcomes, collected from the relay's thread.
struct Outcomes {
    mutable std::mutex mutex;
    std::vector<std::pair<std::string, CommandResult>> results; // (label, result)
    std::vector<std::thread::id> threads;                       // the thread each callback ran on

    std::function<void(const CommandResult&)> callback(std::string label) {
        return [this, label](const CommandResult& r) {
            std::lock_guard lock(mutex);
            results.emplace_back(label, r);
            threads.push_back(std::this_thread::get_id());
        };
    }
    size_t size() const {
        std::lock_guard lock(mutex);
        return results.size();
    }
    std::vector<CommandResult> of(const std::string& label) const {
        std::lock_guard lock(mutex);
        std::vector<CommandResult> out;
        for (const auto& [l, r] : results)
            if (l == label) out.push_back(r);
        return out;
    }
};

} // namespace tv::net::test
