// TimelineController: Live hands deltas to the runtime, a moment holds them back while still recording; goTo
// builds reset deltas that rebuild the state at t (liveness Replay, property times kept), goLive rebuilds the
// live state with the last live status; clamping and the empty timeline.
#include "ops/timeline/timeline_controller.h"
#include "timeline_test_feed.h"

#include <gtest/gtest.h>

namespace tv::ops {
namespace {

constexpr uint64_t kT0 = 1'750'000'000'000'000ull;
constexpr uint64_t kStep = 100'000;

net::TwinState applied(const net::FeedDelta& d) {
    net::TwinState s;
    s.apply(d);
    return s;
}

TEST(TimelineController, LiveForwardsAndAMomentHoldsBackWhileRecording) {
    TimelineController c;
    test::ScriptedFeed feed(21);
    EXPECT_TRUE(c.live());
    EXPECT_TRUE(c.onLiveDelta(0, feed.next(kT0, 30, true)));
    EXPECT_TRUE(c.onLiveDelta(0, feed.next(kT0 + kStep, 30)));
    const net::TwinState atSecond = feed.state;
    EXPECT_TRUE(c.onLiveDelta(0, feed.next(kT0 + 2 * kStep, 30)));

    std::vector<net::FeedDelta> resets;
    auto moment = c.goTo(kT0 + kStep, resets);
    ASSERT_TRUE(moment.has_value());
    EXPECT_EQ(*moment, kT0 + kStep);
    EXPECT_EQ(c.moment(), moment);
    EXPECT_FALSE(c.live());
    ASSERT_EQ(resets.size(), 1u);
    EXPECT_TRUE(resets[0].reset);
    EXPECT_EQ(resets[0].status.liveness, net::FeedLiveness::Replay);
    EXPECT_EQ(resets[0].status.name, "plant");
    std::string diff;
    EXPECT_TRUE(applied(resets[0]).sameAs(atSecond, &diff)) << diff;
    // Property times are those of the moment, not the time of the rebuild.
    for (const net::FeedChange& ch : resets[0].changes)
        if (ch.kind == net::FeedChange::Kind::Property) {
            const net::PropertyState* p = atSecond.findProperty(ch.entity, ch.name);
            ASSERT_NE(p, nullptr);
            EXPECT_EQ(ch.property.sentUs, p->sentUs);
        }

    // At a moment, live data is recorded but not forwarded.
    EXPECT_FALSE(c.onLiveDelta(0, feed.next(kT0 + 3 * kStep, 30)));
    EXPECT_EQ(c.nowUs(), kT0 + 3 * kStep);

    c.goLive(resets);
    EXPECT_TRUE(c.live());
    ASSERT_EQ(resets.size(), 1u);
    EXPECT_TRUE(resets[0].reset);
    EXPECT_EQ(resets[0].status.liveness, net::FeedLiveness::Live);
    EXPECT_TRUE(applied(resets[0]).sameAs(feed.state, &diff)) << "live state incl. what came at the moment: " << diff;
    c.goLive(resets);
    EXPECT_TRUE(resets.empty()) << "already live: nothing to rebuild";
}

TEST(TimelineController, GoToClampsIntoTheRangeAndNeedsARecording) {
    TimelineController c;
    std::vector<net::FeedDelta> resets;
    EXPECT_FALSE(c.goTo(kT0, resets).has_value()) << "nothing recorded";
    EXPECT_TRUE(c.live());
    test::ScriptedFeed a(1), b(2);
    c.onLiveDelta(0, a.next(kT0, 20, true));
    const net::TwinState firstA = a.state;
    c.onLiveDelta(1, b.next(kT0 + kStep, 20, true));
    c.onLiveDelta(0, a.next(kT0 + 2 * kStep, 20));
    auto m = c.goTo(kT0 - 60'000'000, resets);
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(*m, kT0);
    ASSERT_EQ(resets.size(), 2u);
    std::string diff;
    EXPECT_TRUE(applied(resets[0]).sameAs(firstA, &diff)) << diff;
    EXPECT_TRUE(applied(resets[1]).entities().empty()) << "feed 1 had said nothing yet";
    EXPECT_TRUE(resets[1].reset) << "an empty state still resets what the runtime shows";
    m = c.goTo(kT0 + 60'000'000, resets);
    EXPECT_EQ(*m, kT0 + 2 * kStep);
    EXPECT_TRUE(applied(resets[0]).sameAs(a.state, &diff)) << diff;
    EXPECT_TRUE(applied(resets[1]).sameAs(b.state, &diff)) << diff;
}

} // namespace
} // namespace tv::ops
