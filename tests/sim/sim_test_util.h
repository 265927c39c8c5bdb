// Helpers shared by the loopback tests of tests/sim: drive a FeedSubscriber (a FeedSource) from the test thread,
// mirror its deltas into a TwinState, and wait for conditions with a deadline (never an unbounded wait).
#pragma once

#include "net/feed/feed_subscriber.h"
#include "net/feed/twin_state.h"

#include <chrono>
#include <functional>
#include <optional>
#include <thread>

namespace tv::net::testing {

struct LiveMirror {
    FeedSource* source = nullptr;
    TwinState state;
    FeedStatus status;
    std::vector<CommandResult> results;
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();

    void pump() {
        auto now = std::chrono::steady_clock::now();
        FeedDelta d;
        source->poll(std::chrono::duration<double>(now - last).count(), d);
        last = now;
        state.apply(d);
        status = d.status;
        for (CommandResult& r : d.commandResults) results.push_back(r);
    }
    // Polls every 5 ms until `done` holds or `seconds` pass; returns whether it held.
    bool waitFor(const std::function<bool()>& done, double seconds = 10.0) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (true) {
            pump();
            if (done()) return true;
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    std::optional<CommandResult> resultFor(uint64_t id) const {
        for (const CommandResult& r : results)
            if (r.commandId == id && r.outcome != CommandOutcome::Pending) return r;
        return std::nullopt;
    }
    double number(std::string_view entity, std::string_view property) const {
        const PropertyState* p = state.findProperty(entity, property);
        return p ? p->value.number : -1.0;
    }
};

inline std::vector<OwnedCommandArg> numberArg(const char* name, double v) {
    OwnedCommandArg a;
    a.name = name;
    a.value.type = ValueType::Number;
    a.value.number = v;
    return {a};
}

} // namespace tv::net::testing
