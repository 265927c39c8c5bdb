// Record/replay fidelity over loopback: a FeedPublisher publishes a scripted sequence with a forced gap (so the
// recording holds a resync), a FeedSubscriber records every applied frame; then
//   live final state == publisher state == replay of the file to its end (through FeedPlayer deltas)
//   == FeedRecording::stateAt(duration).
#include "net/record/feed_player.h"
#include "net/record/feed_recorder.h"
#include "net/record/feed_recording.h"

#include "net/feed/feed_publisher.h"
#include "net/feed/feed_subscriber.h"

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

using namespace tv;
using namespace tv::net;

namespace {

struct Loop {
    FeedPublisher& pub;
    FeedSubscriber& sub;
    TwinState live;
    FeedStatus status;
    std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();

    void turn() {
        pub.poll(std::chrono::milliseconds(1), [](const CommandRequest&) { return CommandVerdict{}; });
        FeedDelta d;
        auto now = std::chrono::steady_clock::now();
        sub.poll(std::chrono::duration<double>(now - last).count(), d);
        last = now;
        live.apply(d);
        status = d.status;
    }
    bool waitFor(const std::function<bool()>& done, double seconds = 10.0) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
        while (std::chrono::steady_clock::now() < deadline) {
            turn();
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return false;
    }
};

} // namespace

TEST(RecordFidelity, LiveEqualsPublisherEqualsReplayEqualsStateAt) {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("tv-record-fidelity-" + std::to_string(::getpid()) + ".tvrec"))
            .string();
    zmq::context_t ctx(1);
    PublisherOptions po;
    po.bind = {"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", ""};
    po.heartbeatMs = 100; // the gap at the tail is found by the heartbeat check quickly
    auto pub = FeedPublisher::create(ctx, po);
    ASSERT_TRUE(pub.hasValue()) << pub.error().message;

    RecorderOptions ro;
    ro.keyframeIntervalSeconds = 0.2;
    auto recorder = FeedRecorder::create(path, "fidelity", (*pub)->boundEndpoints().updates, ro);
    ASSERT_TRUE(recorder.hasValue()) << recorder.error().message;
    SubscriberOptions so;
    so.connect = (*pub)->boundEndpoints();
    so.staleTimeoutMs = 5000;
    FeedRecorder* rec = recorder->get();
    so.onAppliedFrame = [rec](uint64_t receivedUs, std::span<const uint8_t> frame) {
        rec->onAppliedFrame(receivedUs, frame);
    };
    // State before the subscriber joins: it arrives in the first snapshot.
    std::vector<Update> initial = {
        PropertyUpdate{"tank-1", "level", 1, Unit::fromCode(9), Value::makeNumber(40.0)},
        SpawnEntity{"crate-1", "part", "conveyor", {}}, AlarmRaise{"a1", "tank-1", AlarmSeverity::Major, "initial"},
        AlarmAck{"a1", "alice"}, // the snapshot must carry the ack
    };
    ASSERT_TRUE((*pub)->publish(initial).hasValue());
    auto sub = FeedSubscriber::start(ctx, so);
    ASSERT_TRUE(sub.hasValue()) << sub.error().message;
    Loop loop{**pub, **sub};
    ASSERT_TRUE(loop.waitFor([&] { return loop.status.liveness == FeedLiveness::Live; }));

    // The script: 60 batches over ~1.2 s; the 25th is dropped (a gap -> resync), the last one too (tail gap found
    // by the heartbeat check).
    for (int i = 0; i < 60; ++i) {
        std::string crate = "crate-" + std::to_string(2 + i / 10), previous = "crate-" + std::to_string(1 + i / 10),
                    text = "alarm " + std::to_string(i);
        std::vector<Update> ups;
        ups.push_back(PropertyUpdate{"tank-1", "level", uint64_t(i), Unit::fromCode(9), Value::makeNumber(40.0 + i)});
        ups.push_back(
            PropertyUpdate{"pump-1", "state", 0, Unit::none(), Value::makeString(i % 2 ? "running" : "stopped")});
        TransformUpdate t;
        t.entity = "agv-1";
        t.mask = kTransformTranslation | kTransformRotation;
        t.translation = vec3(float(i), 0.0f, 1.0f);
        ups.push_back(t);
        if (i % 10 == 0) {
            ups.push_back(SpawnEntity{crate, "part", "conveyor", {}});
            ups.push_back(RemoveEntity{previous});
        }
        if (i % 7 == 0) ups.push_back(AlarmRaise{"a2", "pump-1", AlarmSeverity::Warning, text});
        if (i % 7 == 0 && i % 2 == 0) ups.push_back(AlarmAck{"a2", "bob"}); // raised and acked in one frame
        if (i % 7 == 1) ups.push_back(AlarmAck{"a2", text});                // acked in a later frame
        if (i % 7 == 3) ups.push_back(AlarmClear{"a2"});
        if (i % 5 == 0) ups.push_back(ColourOverride{"pump-1", kColourBase, vec4(1, 0, 0, 1), vec3(0)});
        if (i % 5 == 2) ups.push_back(ColourClear{"pump-1"});
        if (i == 24 || i == 59) (*pub)->dropNextFrames(1);
        ASSERT_TRUE((*pub)->publish(ups).hasValue());
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
        while (std::chrono::steady_clock::now() < until) loop.turn();
    }
    ASSERT_TRUE(loop.waitFor([&] {
        return loop.status.lastSequence == (*pub)->sequence() && loop.status.liveness == FeedLiveness::Live;
    })) << "subscriber at "
        << loop.status.lastSequence << ", publisher at " << (*pub)->sequence();
    EXPECT_GE(loop.status.counters.gaps, 2u);
    EXPECT_GE(loop.status.counters.snapshots, 3u);

    std::string diff;
    EXPECT_TRUE(loop.live.sameAs((*pub)->state(), &diff)) << "live vs publisher: " << diff;
    sub->reset(); // joins the network thread: nothing more is recorded
    auto summary = rec->finish();
    ASSERT_TRUE(summary.hasValue()) << summary.error().message;
    EXPECT_GE(summary->counters.snapshots, 3u);
    EXPECT_GE(summary->counters.keyframes, 1u);

    auto recording = FeedRecording::open(path);
    ASSERT_TRUE(recording.hasValue()) << recording.error().message;
    TwinState atEnd;
    recording->stateAt(recording->durationUs(), atEnd);
    EXPECT_TRUE(atEnd.sameAs((*pub)->state(), &diff)) << "stateAt(duration) vs publisher: " << diff;

    auto player = FeedPlayer::open(path, PlayerOptions{.speed = 8.0});
    ASSERT_TRUE(player.hasValue()) << player.error().message;
    TwinState replayed;
    FeedDelta d;
    for (int i = 0; i < 100000 && !(*player)->finished(); ++i) {
        (*player)->poll(1.0 / 60.0, d);
        replayed.apply(d);
    }
    ASSERT_TRUE((*player)->finished());
    EXPECT_TRUE(replayed.sameAs((*pub)->state(), &diff)) << "replay vs publisher: " << diff;
    EXPECT_TRUE(replayed.sameAs(loop.live, &diff)) << "replay vs live: " << diff;
    std::filesystem::remove(path);
}
