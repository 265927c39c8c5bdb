// Recording files and replay without sockets: round trip, truncated and corrupt files, stateAt against a state
// built from the script, and FeedPlayer's clock (speed, pause, seek, loop) driven with synthetic time.
#include "net/record/feed_player.h"
#include "net/record/feed_recorder.h"
#include "net/record/feed_recording.h"
#include "record_script.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace tv;
using namespace tv::net;
using namespace tv::net::testing;

namespace {

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() /
            ("tv-record-" + std::to_string(::getpid()) + "-" + name + ".tvrec"))
        .string();
}

std::vector<uint8_t> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const std::string& path, const std::vector<uint8_t>& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

// Records the script to `path` with 1 s keyframes and a fixed start time.
RecordSummary recordScript(const RecordScript& script, const std::string& path) {
    RecorderOptions o;
    o.keyframeIntervalSeconds = 1.0;
    o.startUs = RecordScript::kStartUs;
    o.bufferBytes = 4096; // exercise flushing mid-recording
    auto rec = FeedRecorder::create(path, "plant-sim", "tcp://127.0.0.1:5556", o);
    EXPECT_TRUE(rec.hasValue());
    for (const ScriptFrame& f : script.frames()) (*rec)->onAppliedFrame(RecordScript::kStartUs + f.timeUs, f.bytes);
    auto summary = (*rec)->finish();
    EXPECT_TRUE(summary.hasValue());
    return summary.value();
}

struct RecordingFixture : ::testing::Test {
    RecordScript script;
    std::string path = tempPath(::testing::UnitTest::GetInstance()->current_test_info()->name());
    RecordSummary summary;
    void SetUp() override { summary = recordScript(script, path); }
    void TearDown() override { std::filesystem::remove(path); }
    FeedRecording open() {
        auto r = FeedRecording::open(path);
        EXPECT_TRUE(r.hasValue()) << r.error().message;
        return std::move(r.value());
    }
};

// Polls a player with a fixed dt until it finishes (bounded), mirroring its deltas; returns the number of polls.
int playToEnd(FeedPlayer& player, TwinState& state, double dt, int maxPolls = 100000) {
    int polls = 0;
    FeedDelta d;
    while (!player.finished() && polls < maxPolls) {
        player.poll(dt, d);
        state.apply(d);
        ++polls;
    }
    return polls;
}

} // namespace

TEST_F(RecordingFixture, RoundTripKeepsEveryFrameInOrder) {
    EXPECT_EQ(summary.counters.frames, script.frames().size());
    EXPECT_EQ(summary.counters.snapshots, 2u);
    EXPECT_EQ(summary.counters.updateFrames, script.frames().size() - 6);
    EXPECT_GE(summary.counters.keyframes, 15u); // ~1 per second of the 20 s, minus the snapshot resets
    EXPECT_EQ(summary.counters.bytes, std::filesystem::file_size(path));
    EXPECT_EQ(summary.durationUs, script.durationUs());

    FeedRecording rec = open();
    EXPECT_EQ(rec.header().startUs, RecordScript::kStartUs);
    EXPECT_EQ(rec.header().feedName, "plant-sim");
    EXPECT_EQ(rec.header().endpoint, "tcp://127.0.0.1:5556");
    EXPECT_FALSE(rec.truncated());
    EXPECT_EQ(rec.durationUs(), script.durationUs());
    EXPECT_EQ(rec.keyframeCount(), summary.counters.keyframes);
    size_t next = 0;
    for (size_t i = 0; i < rec.recordCount(); ++i) {
        if (rec.record(i).type != RecordType::Frame) continue;
        ASSERT_LT(next, script.frames().size());
        const ScriptFrame& f = script.frames()[next++];
        EXPECT_EQ(rec.record(i).timeUs, f.timeUs);
        auto bytes = rec.frame(i);
        EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), f.bytes.begin(), f.bytes.end())) << "frame " << i;
    }
    EXPECT_EQ(next, script.frames().size());
}

TEST_F(RecordingFixture, TruncatedLastRecordIsDroppedWithAWarning) {
    std::vector<uint8_t> bytes = readFile(path);
    FeedRecording full = open();
    size_t lastPos = full.record(full.recordCount() - 1).filePos;
    // Cut inside the last frame, then inside the last record header.
    for (size_t cut : {bytes.size() - 7, lastPos + 5}) {
        std::vector<uint8_t> cutBytes(bytes.begin(), bytes.begin() + long(cut));
        writeFile(path, cutBytes);
        FeedRecording rec = open();
        EXPECT_TRUE(rec.truncated());
        // The incomplete record goes, and with it the chunks of a keyframe whose end marker it was.
        EXPECT_LT(rec.recordCount(), full.recordCount());
        EXPECT_GE(rec.recordCount() + 3, full.recordCount());
        for (size_t i = 0; i < rec.recordCount(); ++i) EXPECT_EQ(rec.record(i).filePos, full.record(i).filePos);
        TwinState a, b;
        rec.stateAt(rec.durationUs(), a);
        full.stateAt(rec.durationUs(), b);
        std::string diff;
        EXPECT_TRUE(a.sameAs(b, &diff)) << diff;
    }
}

TEST_F(RecordingFixture, CorruptFrameIsAnErrorNamingFileAndOffset) {
    std::vector<uint8_t> bytes = readFile(path);
    FeedRecording full = open();
    const FeedRecording::Record& r = full.record(7);
    bytes[r.framePos + 5] = 42; // message kind
    writeFile(path, bytes);
    auto rec = FeedRecording::open(path);
    ASSERT_FALSE(rec.hasValue());
    EXPECT_NE(rec.error().message.find(path), std::string::npos) << rec.error().message;
    EXPECT_NE(rec.error().message.find("record at byte " + std::to_string(r.filePos)), std::string::npos)
        << rec.error().message;
    EXPECT_NE(rec.error().message.find("UnknownKind"), std::string::npos) << rec.error().message;

    bytes = readFile(path);
    bytes[0] = 'X';
    writeFile(path, bytes);
    rec = FeedRecording::open(path);
    ASSERT_FALSE(rec.hasValue());
    EXPECT_NE(rec.error().message.find("not a twinview recording"), std::string::npos) << rec.error().message;
    EXPECT_FALSE(FeedRecording::open(path + ".missing").hasValue());
}

TEST_F(RecordingFixture, StateAtEqualsTheScriptAppliedUpToT) {
    FeedRecording rec = open();
    std::vector<uint64_t> times = {0,
                                   1,
                                   50000,
                                   100000,
                                   150000,
                                   999999,
                                   1000000,
                                   1234567,
                                   11950000,
                                   12000000,
                                   12000001,
                                   12100000,
                                   15555555,
                                   script.durationUs(),
                                   script.durationUs() + 5};
    for (uint64_t t = 0; t < script.durationUs(); t += 330000) times.push_back(t);
    for (uint64_t t : times) {
        TwinState got, want;
        rec.stateAt(t, got);
        script.referenceStateAt(t, want);
        std::string diff;
        EXPECT_TRUE(got.sameAs(want, &diff)) << "t=" << t << ": " << diff;
    }
    TwinState end;
    rec.stateAt(rec.durationUs(), end);
    EXPECT_NE(end.findProperty("tank-1", "level"), nullptr);
    EXPECT_EQ(end.alarms().size(), 1u); // "boot" from the second snapshot (tank-1-high cleared at 195)
}

TEST_F(RecordingFixture, PlayerAtSpeed4ReachesTheEndInAQuarterOfTheTime) {
    auto player = FeedPlayer::open(path, PlayerOptions{.speed = 4.0});
    ASSERT_TRUE(player.hasValue()) << player.error().message;
    TwinState live, end;
    int polls = playToEnd(**player, live, 0.05);
    // 20 s at 4x in 50 ms steps: 100 polls (one more for the first, at position 0).
    EXPECT_NEAR(polls, 100, 1);
    EXPECT_EQ((*player)->positionUs(), (*player)->durationUs());
    (*player)->recording().stateAt((*player)->durationUs(), end);
    std::string diff;
    EXPECT_TRUE(live.sameAs(end, &diff)) << diff;
    FeedDelta d;
    (*player)->poll(1.0, d);
    EXPECT_TRUE(d.empty());
    EXPECT_EQ(d.status.liveness, FeedLiveness::Replay);
    EXPECT_EQ(d.status.counters.snapshots, 2u);
}

TEST_F(RecordingFixture, PauseHoldsAndSeekGivesResetDeltasEqualToStateAt) {
    auto player = FeedPlayer::open(path);
    ASSERT_TRUE(player.hasValue());
    FeedPlayer& p = **player;
    TwinState live;
    FeedDelta d;
    p.poll(3.0, d);
    live.apply(d);
    EXPECT_EQ(p.positionUs(), 3000000u);
    p.setPaused(true);
    p.poll(5.0, d);
    EXPECT_TRUE(d.empty());
    EXPECT_EQ(p.positionUs(), 3000000u);
    p.setPaused(false);

    for (uint64_t t : {15000000ull, 2500000ull, 12050000ull, 0ull, 19990000ull, 7777777ull}) {
        p.seek(t);
        p.poll(0.0, d);
        EXPECT_TRUE(d.reset) << t;
        TwinState fromDelta, want;
        fromDelta.apply(d);
        p.recording().stateAt(t, want);
        std::string diff;
        EXPECT_TRUE(fromDelta.sameAs(want, &diff)) << "t=" << t << ": " << diff;
        // Continue a little from there: the same as stateAt further on.
        live = fromDelta;
        p.poll(0.4, d);
        live.apply(d);
        p.recording().stateAt(std::min<uint64_t>(t + 400000, p.durationUs()), want);
        EXPECT_TRUE(live.sameAs(want, &diff)) << "t=" << t << "+0.4s: " << diff;
    }
    EXPECT_FALSE(p.setSpeed(0.0));
    EXPECT_FALSE(p.setSpeed(-2.0));
    EXPECT_TRUE(p.setSpeed(64.0));
    playToEnd(p, live, 0.1);
    TwinState end;
    p.recording().stateAt(p.durationUs(), end);
    std::string diff;
    EXPECT_TRUE(live.sameAs(end, &diff)) << diff;
}

TEST_F(RecordingFixture, CommandsAreNotSentAndLoopWraps) {
    auto player = FeedPlayer::open(path, PlayerOptions{.speed = 1.0, .paused = false, .loop = true});
    ASSERT_TRUE(player.hasValue());
    uint64_t id = (*player)->sendCommand("pump-1", "start", {}, 1000);
    EXPECT_GT(id, 0u);
    FeedDelta d;
    (*player)->poll(0.0, d);
    ASSERT_EQ(d.commandResults.size(), 1u);
    EXPECT_EQ(d.commandResults[0].commandId, id);
    EXPECT_EQ(d.commandResults[0].outcome, CommandOutcome::NotSent);
    EXPECT_EQ(d.commandResults[0].reason, "replay: commands go to a live twin");
    (*player)->poll(21.0, d); // past the 20 s end: wraps to 1 s
    EXPECT_TRUE(d.reset);
    EXPECT_EQ((*player)->positionUs(), 21000000u - (*player)->durationUs());
    EXPECT_FALSE((*player)->finished());
    EXPECT_FALSE(FeedPlayer::open(path, PlayerOptions{.speed = 0.0}).hasValue());
}
