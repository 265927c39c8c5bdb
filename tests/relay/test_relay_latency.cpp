// What one relay hop costs (issue 5: feed-to-photon latency): the same upstream updates reach a direct subscriber
// and a subscriber behind the relay; per update, arrival (the subscriber's network thread) minus the moment the
// twin published it. Printed, not asserted: the numbers depend on the machine's load. The test asserts only that
// every update arrived both ways with the right value.
#include "relay_test_util.h"

#include <algorithm>
#include <cstdio>

namespace tv::net::test {
namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

TEST(RelayLatency, AddedLatencyPerHopIsMeasured) {
    zmq::context_t ctx;
    auto up = makePublisher(ctx);
    ASSERT_TRUE(up);
    ASSERT_TRUE(up->publish(std::vector<Update>{numberUpdate("probe", "t", -1)}));
    auto relay = makeRelay(ctx, relayOptions(up->boundEndpoints()));
    ASSERT_TRUE(relay);
    Viewer direct = makeViewer(ctx, up->boundEndpoints());
    Viewer relayed = makeViewer(ctx, relay->boundEndpoints());
    ASSERT_TRUE(
        pumpUntil({&direct, &relayed}, up.get(), [&] { return sameTwin(direct, *up) && sameTwin(relayed, *up); }));

    constexpr int kSamples = 300;
    std::vector<double> directUs, relayedUs;
    auto arrival = [](const Viewer& v, double value) -> const PropertyState* {
        const PropertyState* p = v.state.findProperty("probe", "t");
        return p && p->value.number == value ? p : nullptr;
    };
    for (int i = 0; i < kSamples; ++i) {
        // One update in flight at a time: the idle per-hop latency, not queueing behind a burst.
        PropertyUpdate u;
        u.entity = "probe";
        u.property = "t";
        u.value = Value::makeNumber(i);
        u.sourceTimestampUs = wallClockUs();
        ASSERT_TRUE(up->publish(std::vector<Update>{u}));
        const PropertyState *d = nullptr, *r = nullptr;
        auto end = std::chrono::steady_clock::now() + 5s;
        while ((!d || !r) && std::chrono::steady_clock::now() < end) {
            up->poll(0ms, {});
            direct.drain();
            relayed.drain();
            d = arrival(direct, i);
            r = arrival(relayed, i);
            if (!d || !r) std::this_thread::sleep_for(50us);
        }
        ASSERT_TRUE(d && r) << "sample " << i << " did not arrive both ways";
        directUs.push_back(double(d->receivedUs) - double(u.sourceTimestampUs));
        relayedUs.push_back(double(r->receivedUs) - double(u.sourceTimestampUs));
    }
    std::vector<double> added(kSamples);
    for (int i = 0; i < kSamples; ++i) added[size_t(i)] = relayedUs[size_t(i)] - directUs[size_t(i)];
    std::printf("relay latency over %d updates (µs): direct p50 %.0f p99 %.0f | via relay p50 %.0f p99 %.0f | "
                "added per hop p50 %.0f p99 %.0f\n",
                kSamples, percentile(directUs, 0.5), percentile(directUs, 0.99), percentile(relayedUs, 0.5),
                percentile(relayedUs, 0.99), percentile(added, 0.5), percentile(added, 0.99));
    EXPECT_GE(relay->status().updatesRelayed, uint64_t(kSamples));
}

} // namespace
} // namespace tv::net::test
