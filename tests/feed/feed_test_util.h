// Helpers for the feed loopback tests: a publisher on ephemeral loopback ports, a "viewer" that drains a
// FeedSubscriber into a TwinState the way the main loop would, and a bounded wait that keeps both sides pumped.
#pragma once

#include "net/feed/feed_publisher.h"
#include "net/feed/feed_subscriber.h"

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace tv::net::test {

using namespace std::chrono_literals;

inline FeedEndpoints loopbackBind(bool withCommands = true) {
    return {"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", withCommands ? "tcp://127.0.0.1:*" : ""};
}

// Binding the ports of a publisher destroyed a moment ago can fail for a while: ZeroMQ closes listeners
// asynchronously on its I/O thread. Retry for a bounded time, as a restarted process would.
inline std::unique_ptr<FeedPublisher> makePublisher(zmq::context_t& ctx, PublisherOptions o = {}) {
    if (o.bind.updates.empty()) o.bind = loopbackBind();
    auto end = std::chrono::steady_clock::now() + 5s;
    for (;;) {
        auto p = FeedPublisher::create(ctx, o);
        if (p) return std::move(p.value());
        if (std::chrono::steady_clock::now() > end) {
            ADD_FAILURE() << p.error().message;
            return nullptr;
        }
        std::this_thread::sleep_for(10ms);
    }
}

// What the viewer's main loop does with a feed: drain once per "frame", apply to its own copy of the twin.
struct Viewer {
    std::unique_ptr<FeedSubscriber> feed;
    TwinState state;
    FeedStatus status;
    std::vector<CommandResult> results;
    int resets = 0;
    FeedDelta delta;

    void drain() {
        feed->poll(0.0, delta);
        if (delta.reset) ++resets;
        state.apply(delta);
        for (const CommandResult& r : delta.commandResults) results.push_back(r);
        status = delta.status;
    }
};

inline Viewer makeViewer(zmq::context_t& ctx, const FeedEndpoints& endpoints, SubscriberOptions o = {}) {
    o.connect = endpoints;
    Viewer v;
    auto s = FeedSubscriber::start(ctx, std::move(o));
    if (!s) {
        ADD_FAILURE() << s.error().message;
        return v;
    }
    v.feed = std::move(s.value());
    return v;
}

// Pumps the publisher (if any), drains the viewer and calls `step` (e.g. publish more) until `done` or the
// deadline; generous deadlines keep a loaded machine from failing, success returns as soon as it is true.
inline bool waitFor(Viewer& viewer, FeedPublisher* publisher, const std::function<bool()>& done,
                    std::chrono::milliseconds deadline = 10s, const std::function<void()>& step = {},
                    const CommandHandler& onCommand = {}) {
    auto end = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < end) {
        if (publisher)
            publisher->poll(1ms, onCommand);
        else
            std::this_thread::sleep_for(1ms);
        if (step) step();
        viewer.drain();
        if (done()) return true;
    }
    return false;
}

inline bool converged(const Viewer& v, const FeedPublisher& p, std::string* diff = nullptr) {
    return v.status.liveness == FeedLiveness::Live && v.status.lastSequence == p.sequence() &&
           v.status.epoch == p.epoch() && v.state.sameAs(p.state(), diff);
}

inline Update numberUpdate(std::string_view entity, std::string_view property, double value) {
    PropertyUpdate u;
    u.entity = entity;
    u.property = property;
    u.value = Value::makeNumber(value);
    u.unit = Unit::fromCode(8);
    return u;
}

// The argument list of "set <entity> speed=<v>" (commands tests of the feed and the relay).
inline std::vector<OwnedCommandArg> speedArg(double v) {
    OwnedCommandArg a;
    a.name = "speed";
    a.value = OwnedValue::from(Value::makeNumber(v));
    return {a};
}

} // namespace tv::net::test
