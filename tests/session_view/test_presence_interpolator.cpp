// PresenceInterpolator: smooth, monotonic playback from jittered arrivals at any frame rate; interpolation of
// poses; bounded extrapolation; sequence gaps, duplicates, reordering and restarted senders; forgetting peers.
#include "session/presence_interpolator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace tv::session {
namespace {

constexpr uint64_t kEpoch = 1'700'000'000'000'000ull; // sender clock (µs since the Unix epoch)
constexpr uint64_t kLocal = 5'000'000'000ull;         // receiver's monotonic clock, unrelated base

net::PresenceRecord record(const std::string& user, uint64_t seq, uint64_t sentUs, vec3 head,
                           quat orientation = quat(1, 0, 0, 0)) {
    net::PresenceRecord r;
    r.userId = user;
    r.sequence = seq;
    r.sentTimeUs = sentUs;
    r.head.position = head;
    r.head.orientation = orientation;
    return r;
}

// A sender moving along +X at `speed` m/s, sending every `intervalUs`, each record arriving after a base latency
// plus uniform jitter; the receiver renders at `frameHz`. Returns the sampled x per frame after a warm-up.
struct Playback {
    std::vector<double> times; // local seconds
    std::vector<float> xs;
};

Playback simulate(double sendHz, double frameHz, uint64_t jitterUs, double seconds, unsigned seed,
                  double dropRate = 0.0) {
    PresenceInterpolator interp;
    std::mt19937 rng(seed);
    std::uniform_int_distribution<uint64_t> jitter(0, jitterUs);
    std::uniform_real_distribution<double> drop(0.0, 1.0);
    const double speed = 1.5;
    const uint64_t interval = uint64_t(1e6 / sendHz);
    const uint64_t latency = 20'000;

    struct Arrival {
        uint64_t at;
        net::PresenceRecord r;
    };
    std::vector<Arrival> arrivals;
    for (uint64_t seq = 1; double(seq * interval) < seconds * 1e6; ++seq) {
        if (seq > 3 && drop(rng) < dropRate) continue; // lost on the way: a sequence gap
        uint64_t sent = kEpoch + seq * interval;
        arrivals.push_back({kLocal + seq * interval + latency + jitter(rng),
                            record("ana", seq, sent, vec3(float(speed * double(seq * interval) * 1e-6), 1.6f, 0.0f))});
    }
    // Jitter reorders arrivals; a subscriber sees them in arrival order.
    std::stable_sort(arrivals.begin(), arrivals.end(), [](const Arrival& a, const Arrival& b) { return a.at < b.at; });

    Playback run;
    size_t next = 0;
    const uint64_t frame = uint64_t(1e6 / frameHz);
    for (uint64_t now = kLocal; double(now - kLocal) < seconds * 1e6; now += frame) {
        for (; next < arrivals.size() && arrivals[next].at <= now; ++next)
            interp.push(arrivals[next].r, arrivals[next].at);
        if (std::optional<SampledPresence> s = interp.sample("ana", now)) {
            run.times.push_back(double(now - kLocal) * 1e-6);
            run.xs.push_back(s->head.position.x);
        }
    }
    return run;
}

// After warm-up (0.5 s), the sampled motion is monotonic and its per-frame speed stays near the true 1.5 m/s:
// no stutter from jitter, no jumps from clock corrections.
void expectSmooth(const Playback& run, double tolerance) {
    ASSERT_GT(run.xs.size(), 10u);
    size_t checked = 0;
    for (size_t i = 1; i < run.xs.size(); ++i) {
        if (run.times[i - 1] < 0.5) continue;
        double v = double(run.xs[i] - run.xs[i - 1]) / (run.times[i] - run.times[i - 1]);
        EXPECT_GE(run.xs[i], run.xs[i - 1]) << "backwards at t=" << run.times[i];
        EXPECT_NEAR(v, 1.5, 1.5 * tolerance) << "speed at t=" << run.times[i];
        ++checked;
    }
    EXPECT_GT(checked, 5u);
}

TEST(PresenceInterpolator, JitteredArrivalsPlaySmoothlyAt144Hz) {
    expectSmooth(simulate(90.0, 144.0, 20'000, 3.0, 1), 0.12);
}

TEST(PresenceInterpolator, JitteredArrivalsPlaySmoothlyAt10Hz) {
    expectSmooth(simulate(90.0, 10.0, 20'000, 4.0, 2), 0.12);
}

TEST(PresenceInterpolator, ThirtyHertzSenderWithLossStaysSmooth) {
    expectSmooth(simulate(30.0, 60.0, 15'000, 4.0, 3, 0.1), 0.12);
}

TEST(PresenceInterpolator, WithoutJitterTheMotionIsExact) {
    Playback run = simulate(60.0, 90.0, 0, 2.0, 4);
    for (size_t i = 1; i < run.xs.size(); ++i) {
        if (run.times[i - 1] < 0.5) continue;
        double v = double(run.xs[i] - run.xs[i - 1]) / (run.times[i] - run.times[i - 1]);
        EXPECT_NEAR(v, 1.5, 0.01);
    }
}

TEST(PresenceInterpolator, PlayoutDelayAdaptsToTheSendRate) {
    PresenceInterpolator fast, slow;
    for (uint64_t i = 1; i <= 60; ++i) {
        fast.push(record("a", i, kEpoch + i * 11'111, vec3(0)), kLocal + i * 11'111 + 5'000);
        slow.push(record("a", i, kEpoch + i * 33'333, vec3(0)), kLocal + i * 33'333 + 5'000);
    }
    uint64_t fastDelay = fast.playoutDelayUs("a"), slowDelay = slow.playoutDelayUs("a");
    EXPECT_GE(fastDelay, 20'000u);
    EXPECT_LE(fastDelay, 40'000u) << "about two intervals at 90 Hz";
    EXPECT_GE(slowDelay, 60'000u);
    EXPECT_LE(slowDelay, 75'000u) << "about two intervals at 30 Hz";
    EXPECT_EQ(fast.playoutDelayUs("nobody"), 0u);
}

TEST(PresenceInterpolator, InterpolatesPositionAndOrientationBetweenRecords) {
    PresenceInterpolator interp;
    const quat q0(1, 0, 0, 0);
    const quat q1 = glm::angleAxis(glm::radians(90.0f), vec3(0, 1, 0));
    // Two records 100 ms apart, arriving instantly (transit 0 after the offset).
    interp.push(record("a", 1, kEpoch, vec3(0, 0, 0), q0), kLocal);
    interp.push(record("a", 2, kEpoch + 100'000, vec3(1, 0, 0), q1), kLocal + 100'000);
    uint64_t delay = interp.playoutDelayUs("a");
    // Playback time = now - offset - delay; halfway between the records:
    std::optional<SampledPresence> s = interp.sample("a", kLocal + 50'000 + delay);
    ASSERT_TRUE(s);
    EXPECT_NEAR(s->head.position.x, 0.5f, 1e-3f);
    EXPECT_NEAR(glm::degrees(glm::angle(s->head.orientation)), 45.0f, 0.1f);
    EXPECT_FALSE(s->extrapolated);
}

TEST(PresenceInterpolator, ExtrapolatesBrieflyThenHolds) {
    PresenceInterpolator interp;
    interp.push(record("a", 1, kEpoch, vec3(0, 0, 0)), kLocal);
    interp.push(record("a", 2, kEpoch + 100'000, vec3(1, 0, 0)), kLocal + 100'000); // 10 m/s
    uint64_t delay = interp.playoutDelayUs("a");
    std::optional<SampledPresence> s = interp.sample("a", kLocal + 150'000 + delay);
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->extrapolated);
    EXPECT_NEAR(s->head.position.x, 1.5f, 1e-3f) << "50 ms past the newest record: continued";
    s = interp.sample("a", kLocal + 2'000'000 + delay);
    ASSERT_TRUE(s);
    EXPECT_NEAR(s->head.position.x, 2.0f, 1e-3f) << "held after maxExtrapolationUs (100 ms)";
}

TEST(PresenceInterpolator, SingleRecordIsShownAsIs) {
    PresenceInterpolator interp;
    net::PresenceRecord r = record("a", 7, kEpoch, vec3(1, 2, 3));
    r.selectionPath = "/plant/pump-3";
    r.device = net::DeviceKind::Xr;
    r.leftHand = net::PresencePose{vec3(0.2f, 1.0f, 0.0f), quat(1, 0, 0, 0)};
    ASSERT_TRUE(interp.push(r, kLocal));
    std::optional<SampledPresence> s = interp.sample("a", kLocal);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->head.position, vec3(1, 2, 3));
    EXPECT_EQ(s->selectionPath, "/plant/pump-3");
    EXPECT_EQ(s->device, net::DeviceKind::Xr);
    ASSERT_TRUE(s->leftHand);
    EXPECT_FALSE(s->rightHand);
    EXPECT_EQ(s->lastReceiveUs, kLocal);
    EXPECT_FALSE(interp.sample("b", kLocal));
}

TEST(PresenceInterpolator, PartsAndSelectionFollowTheNewestRecord) {
    PresenceInterpolator interp;
    net::PresenceRecord a = record("a", 1, kEpoch, vec3(0));
    a.pointer = net::PresencePointer{vec3(0), vec3(0, 0, -1), vec3(0, 0, -4)};
    a.selectionPath = "/x";
    net::PresenceRecord b = record("a", 2, kEpoch + 20'000, vec3(0));
    b.selectionPath = "/y";
    interp.push(a, kLocal);
    interp.push(b, kLocal + 20'000);
    std::optional<SampledPresence> s = interp.sample("a", kLocal + 20'000); // playback still before record 2
    ASSERT_TRUE(s);
    EXPECT_FALSE(s->pointer) << "the pointer was switched off in the newest record";
    EXPECT_EQ(s->selectionPath, "/y");
}

TEST(PresenceInterpolator, DropsOldAndDuplicateRecordsButAcceptsARestartedSender) {
    PresenceInterpolator interp;
    EXPECT_TRUE(interp.push(record("a", 10, kEpoch + 100'000, vec3(1, 0, 0)), kLocal));
    EXPECT_FALSE(interp.push(record("a", 10, kEpoch + 100'000, vec3(1, 0, 0)), kLocal + 1)) << "duplicate";
    EXPECT_FALSE(interp.push(record("a", 9, kEpoch + 90'000, vec3(9, 0, 0)), kLocal + 2)) << "reordered, older";
    EXPECT_TRUE(interp.push(record("a", 12, kEpoch + 120'000, vec3(1, 0, 0)), kLocal + 20'000)) << "a gap is fine";
    // The sender crashed and came back: its counter restarts but its clock moved on.
    EXPECT_TRUE(interp.push(record("a", 1, kEpoch + 5'000'000, vec3(7, 0, 0)), kLocal + 5'000'000));
    std::optional<SampledPresence> s = interp.sample("a", kLocal + 5'000'000);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->head.position.x, 7.0f) << "the old history is gone";
}

TEST(PresenceInterpolator, ForgetAndForgetSilent) {
    PresenceInterpolator interp;
    interp.push(record("a", 1, kEpoch, vec3(0)), kLocal);
    interp.push(record("b", 1, kEpoch, vec3(0)), kLocal + 2'500'000);
    interp.push(record("c", 1, kEpoch, vec3(0)), kLocal + 2'900'000);
    EXPECT_EQ(interp.peerCount(), 3u);
    std::vector<std::string> gone = interp.forgetSilent(kLocal + 3'100'000, 3'000'000);
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_EQ(gone[0], "a");
    interp.forget("b");
    EXPECT_FALSE(interp.knows("b"));
    EXPECT_TRUE(interp.knows("c"));
    std::vector<SampledPresence> all;
    interp.sampleAll(kLocal + 3'200'000, all);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].userId, "c");
}

TEST(PresenceInterpolator, PlaybackNeverRunsBackwardsWhenTheOffsetImproves) {
    PresenceInterpolator interp;
    // First records slow (50 ms transit), then fast (5 ms): the offset estimate drops by 45 ms.
    float lastX = -1.0f;
    uint64_t now = kLocal;
    for (uint64_t seq = 1; seq <= 200; ++seq) {
        uint64_t sent = seq * 11'111;
        uint64_t transit = seq < 60 ? 50'000 : 5'000;
        interp.push(record("a", seq, kEpoch + sent, vec3(float(sent) * 1e-6f, 0, 0)), kLocal + sent + transit);
        now = std::max(now, kLocal + sent + transit); // arrivals overtake each other; the clock does not
        std::optional<SampledPresence> s = interp.sample("a", now);
        ASSERT_TRUE(s);
        EXPECT_GE(s->head.position.x, lastX) << "seq " << seq;
        lastX = s->head.position.x;
    }
}

} // namespace
} // namespace tv::session
