// recordFeed() — `twinview record` without the CLI — against the running plant simulator: progress reports, a
// bounded duration, and a file that opens and replays to the state the simulator published.
#include "net/record/feed_recorder.h"
#include "net/record/feed_recording.h"
#include "net/sim/plant_simulator.h"

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <filesystem>

using namespace tv;
using namespace tv::net;

TEST(RecordFeed, RecordsTheSimulatorForADuration) {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("tv-record-feed-" + std::to_string(::getpid()) + ".tvrec")).string();
    zmq::context_t ctx(1);
    sim::SimulatorOptions so;
    so.bind = {"tcp://127.0.0.1:*", "tcp://127.0.0.1:*", "tcp://127.0.0.1:*"};
    so.updateHz = 50.0;
    so.quiet = true;
    auto simulator = sim::PlantSimulator::start(ctx, so);
    ASSERT_TRUE(simulator.hasValue()) << simulator.error().message;

    SubscriberOptions sub;
    sub.connect = (*simulator)->endpoints();
    sub.name = "plant-sim";
    std::atomic<bool> stop{false};
    std::vector<RecordProgress> reports;
    RecorderOptions ro;
    ro.keyframeIntervalSeconds = 0.5;
    auto summary = recordFeed(
        ctx, sub, path, 2.5, stop, [&](const RecordProgress& p) { reports.push_back(p); }, ro);
    ASSERT_TRUE(summary.hasValue()) << summary.error().message;
    EXPECT_GE(reports.size(), 1u);
    EXPECT_EQ(reports.back().status.liveness, FeedLiveness::Live);
    EXPECT_GT(reports.back().counters.updateFrames, 0u);
    EXPECT_GE(summary->counters.snapshots, 1u);
    EXPECT_GE(summary->counters.keyframes, 1u);
    EXPECT_GT(summary->counters.updateFrames, 20u);
    EXPECT_EQ(summary->counters.bytes, std::filesystem::file_size(path));

    auto rec = FeedRecording::open(path);
    ASSERT_TRUE(rec.hasValue()) << rec.error().message;
    EXPECT_EQ(rec->header().feedName, "plant-sim");
    TwinState end;
    rec->stateAt(rec->durationUs(), end);
    EXPECT_NE(end.findProperty("tank-1", "level"), nullptr);
    EXPECT_NE(end.findProperty("pump-3", "speed"), nullptr);
    std::filesystem::remove(path);

    auto bad = recordFeed(ctx, sub, "/nonexistent-dir/x.tvrec", 1.0, stop, {});
    ASSERT_FALSE(bad.hasValue());
    EXPECT_NE(bad.error().message.find("/nonexistent-dir/x.tvrec"), std::string::npos) << bad.error().message;
}
